"""Natural-image initialisation from the npm package nsfwjs 4.4.0 (MIT).

nsfwjs ships a Keras 2.2.4 MobileNetV2 (alpha 1.0, 224 px, RGB in [0, 1]) as a TF.js layers model:
`dist/models/mobilenet_v2/model.min.js` (topology + weights manifest) and
`group1-shard1of1.min.js` (the weights, base64), both UMD modules. Every tensor is uint8 with its
own scale and min (w = q * scale + min). Conv1 .. block_10 are Keras's ImageNet weights (frozen in
nsfwjs's training), block_11 .. Conv_1 were fine-tuned for nsfwjs's 5 classes.

    fetch_nsfwjs(dir, model)  `npm pack nsfwjs@4.4.0` (the registry tarball, sha512 checked), one
                         model's files unwrapped with node -> (manifest dict, weight bytes)
    convert(manifest, weights) -> {pytorch name: float32 array} in `mobilenet.CamMobileNetV2` names
    ensure_pretrained()  both, cached as .cache/pretrained/nsfwjs-mobilenetv2.npz (+ .json provenance)
    convert_inception(), ensure_pretrained_inception(): the same for nsfwjs's Keras InceptionV3
                         (`inception.CamInceptionV3`; measured in RESULTS.md, not shipped)

Nothing is downloaded at run time of the product: this is a training-time step, and its output is
folded into the trained weights we ship.
"""
from __future__ import annotations

import base64
import hashlib
import json
import os
import subprocess
import tarfile

import numpy as np

from .inception import unit_keys as inception_unit_keys

PACKAGE = "nsfwjs@4.4.0"
INTEGRITY = ("sha512-krC1fgeTLXtZwgdpKJ0jm7hqv0gTSRQQRL+FhOaxaJ9Wj92t42BO3csO2odwgTAgZgf2RvkwPtp0R8"
             "Aa7dc+MA==")
MODEL_DIR = "package/dist/models/mobilenet_v2/"
PROVENANCE = {
    "package": PACKAGE, "integrity": INTEGRITY, "license": "MIT (Copyright (c) 2019 Infinite Red, Inc.)",
    "files": [MODEL_DIR + "model.min.js", MODEL_DIR + "group1-shard1of1.min.js"],
    "network": "Keras MobileNetV2, alpha 1.0, 224 px, RGB input",
    "weights": "Conv1..block_10: Keras ImageNet weights (frozen by nsfwjs); block_11..Conv_1: "
               "fine-tuned by nsfwjs for its 5 classes; uint8 per-tensor quantised",
    "conversion": "w = q*scale + min; HWIO -> OIHW; depthwise [3,3,C,1] -> [C,1,3,3]; "
                  "1-channel stem = sum of the RGB filters (done when loading)",
}
BLOCK_NAMES = ["expanded_conv"] + [f"block_{i}" for i in range(1, 17)]

# model.min.js, then every weight shard the manifest names, in its order (each a base64 string)
_UNWRAP_JS = ("const path = require('path'); const d = process.argv[1];"
              "const m = require(path.join(d, 'model.min.js'));"
              "const w = m.weightsManifest.flatMap(g => g.paths).map(p => require(path.join(d, p + '.min.js')));"
              "process.stdout.write(JSON.stringify({model: m, weights: w}));")


def integrity_of(path: str) -> str:
    with open(path, "rb") as f:
        return "sha512-" + base64.b64encode(hashlib.sha512(f.read()).digest()).decode()


def fetch_nsfwjs(work_dir: str, log=print, model: str = "mobilenet_v2"):
    """(manifest, weight bytes) of one of nsfwjs's models (`dist/models/<model>/`) from the registry
    tarball of nsfwjs 4.4.0 (integrity checked)."""
    os.makedirs(work_dir, exist_ok=True)
    tgz = os.path.join(work_dir, "nsfwjs-4.4.0.tgz")
    if not os.path.exists(tgz):
        log(f"npm pack {PACKAGE}")
        subprocess.run(["npm", "pack", PACKAGE, "--silent", "--pack-destination", work_dir],
                       check=True, stdout=subprocess.DEVNULL)
    got = integrity_of(tgz)
    if got != INTEGRITY:
        raise ValueError(f"{tgz}: integrity {got} is not the pinned {INTEGRITY}")
    out = os.path.join(work_dir, model)
    os.makedirs(out, exist_ok=True)
    prefix = f"package/dist/models/{model}/"
    with tarfile.open(tgz) as tf:
        members = [m for m in tf.getmembers() if m.name.startswith(prefix) and m.name.endswith(".min.js")]
        if not members:
            raise ValueError(f"{tgz} has no {prefix}")
        for member in members:
            with tf.extractfile(member) as src, open(os.path.join(out, os.path.basename(member.name)), "wb") as dst:
                dst.write(src.read())
    res = subprocess.run(["node", "-e", _UNWRAP_JS, os.path.abspath(out)],
                         check=True, capture_output=True, text=True)
    doc = json.loads(res.stdout)
    return doc["model"], b"".join(base64.b64decode(w) for w in doc["weights"])


def dequantize(manifest: dict, weights: bytes) -> dict:
    """{Keras name: float32 array} from a TF.js weights manifest with uint8 quantisation."""
    out, off = {}, 0
    specs = [w for group in manifest["weightsManifest"] for w in group["weights"]]
    for spec in specs:
        n = int(np.prod(spec["shape"]))
        q = spec.get("quantization") or {}
        if q.get("dtype") != "uint8":
            raise ValueError(f"{spec['name']}: expected uint8 quantisation, got {q.get('dtype')}")
        if off + n > len(weights):
            raise ValueError(f"weights end at {len(weights)} bytes, {spec['name']} needs {off + n}")
        raw = np.frombuffer(weights, np.uint8, n, off).astype(np.float64)
        off += n
        out[spec["name"]] = (raw * q["scale"] + q["min"]).astype(np.float32).reshape(spec["shape"])
    if off != len(weights):
        raise ValueError(f"{len(weights) - off} unused bytes after the last tensor")
    return out


def keras_to_torch_names() -> list:
    """[(Keras name, PyTorch name, kind)] for every MobileNetV2 tensor (kind: conv | dw | bn)."""
    rows = [("Conv1/kernel", "stem.conv.weight", "conv"), ("bn_Conv1", "stem.bn", "bn")]
    for i, k in enumerate(BLOCK_NAMES):
        t = f"blocks.{i}"
        if k != "expanded_conv":
            rows += [(f"{k}_expand/kernel", f"{t}.expand.conv.weight", "conv"),
                     (f"{k}_expand_BN", f"{t}.expand.bn", "bn")]
        rows += [(f"{k}_depthwise/depthwise_kernel", f"{t}.dw.conv.weight", "dw"),
                 (f"{k}_depthwise_BN", f"{t}.dw.bn", "bn"),
                 (f"{k}_project/kernel", f"{t}.project.conv.weight", "conv"),
                 (f"{k}_project_BN", f"{t}.project.bn", "bn")]
    rows += [("Conv_1/kernel", "last.conv.weight", "conv"), ("Conv_1_bn", "last.bn", "bn")]
    return rows


BN_FIELDS = (("gamma", "weight"), ("beta", "bias"), ("moving_mean", "running_mean"),
             ("moving_variance", "running_var"))


def convert(manifest: dict, weights: bytes) -> dict:
    """{PyTorch name: float32 array}; every backbone tensor mapped exactly once (the nsfwjs dense
    head is left out)."""
    W = dequantize(manifest, weights)
    out, used = {}, set()
    for kname, tname, kind in keras_to_torch_names():
        if kind == "bn":
            for a, b in BN_FIELDS:
                out[f"{tname}.{b}"] = W[f"{kname}/{a}"]
                used.add(f"{kname}/{a}")
            continue
        v = W[kname]
        out[tname] = (v.transpose(2, 3, 0, 1) if kind == "dw" else v.transpose(3, 2, 0, 1)).copy()
        used.add(kname)
    left = sorted(k for k in W if k not in used and not k.startswith("dense_"))
    if left:
        raise ValueError(f"unmapped Keras tensors: {left[:5]}")
    bad = [k for k, v in out.items() if not np.isfinite(v).all()]
    if bad:
        raise ValueError(f"non-finite values in {bad[:5]}")
    return out


INCEPTION_PROVENANCE = {
    "package": PACKAGE, "integrity": INTEGRITY, "license": PROVENANCE["license"],
    "files": ["package/dist/models/inception_v3/model.min.js",
              "package/dist/models/inception_v3/group1-shard{1..6}of6.min.js"],
    "network": "Keras InceptionV3, 299 px, RGB input",
    "weights": "conv2d_1..conv2d_55 (through mixed5 and into mixed6): Keras ImageNet weights (not "
               "trainable in nsfwjs); the rest fine-tuned by nsfwjs for its 5 classes; uint8 "
               "per-tensor quantised",
    "conversion": "w = q*scale + min; HWIO -> OIHW; BatchNormalization without scale (gamma 1); "
                  "1-channel stem = sum of the RGB filters (done when loading)",
}


def convert_inception(manifest: dict, weights: bytes) -> dict:
    """{Keras name: float32 array}: every conv2d_K kernel (as OIHW) and batch_normalization_K
    tensor of the InceptionV3 backbone, in Keras's names (`inception.CamInceptionV3` maps them by
    creation order); the dense head is left out."""
    W = dequantize(manifest, weights)
    out = {}
    for k, v in W.items():
        if k.startswith("dense_"):
            continue
        if k.startswith("conv2d_") and k.endswith("/kernel"):
            out[k] = v.transpose(3, 2, 0, 1).copy()
        elif k.startswith("batch_normalization_"):
            out[k] = v
        else:
            raise ValueError(f"unexpected Keras tensor {k}")
    convs = sum(k.startswith("conv2d_") for k in out)
    for i in range(1, convs + 1):
        for t in inception_unit_keys(i):
            if t not in out:
                raise ValueError(f"InceptionV3 weights lack {t}")
    bad = [k for k, v in out.items() if not np.isfinite(v).all()]
    if bad:
        raise ValueError(f"non-finite values in {bad[:5]}")
    return out


def _ensure(cache_dir: str, stem: str, model: str, convert_fn, provenance: dict, log) -> str:
    path = os.path.join(cache_dir, f"{stem}.npz")
    if os.path.exists(path):
        return path
    manifest, weights = fetch_nsfwjs(cache_dir, log, model)
    tensors = convert_fn(manifest, weights)
    np.savez(path + ".tmp.npz", **tensors)
    os.replace(path + ".tmp.npz", path)
    with open(os.path.join(cache_dir, f"{stem}.json"), "w") as f:
        json.dump({**provenance, "tensors": len(tensors),
                   "npz_sha256": hashlib.sha256(open(path, "rb").read()).hexdigest()}, f, indent=1)
    log(f"converted {len(tensors)} tensors -> {path}")
    return path


def ensure_pretrained(cache_dir: str, log=print) -> str:
    """Path of the converted MobileNetV2 npz, building it once (npm pack + convert) when missing."""
    return _ensure(cache_dir, "nsfwjs-mobilenetv2", "mobilenet_v2", convert, PROVENANCE, log)


def ensure_pretrained_inception(cache_dir: str, log=print) -> str:
    """Path of the converted InceptionV3 npz (Keras names), built once like `ensure_pretrained`."""
    return _ensure(cache_dir, "nsfwjs-inceptionv3", "inception_v3", convert_inception,
                   INCEPTION_PROVENANCE, log)
