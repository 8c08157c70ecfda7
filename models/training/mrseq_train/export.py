"""Export a (logits, cam) network to ONNX, verify it with onnxruntime, write model.json + golden/."""
from __future__ import annotations

import hashlib
import json
import os
import warnings

import numpy as np
import torch

from .golden import synthetic_samples
from .preprocess import PREP_VERSION, preprocess

OPSET = 17
TOLERANCE = 1e-4


def export_onnx(model: torch.nn.Module, path: str, size: int, opset: int = OPSET) -> None:
    """Write `model` (eval mode) as ONNX: input `input` [N,1,S,S], outputs `logits`, `cam`."""
    model = model.eval()
    in_ch = getattr(model, "config", {}).get("in_channels", 1)
    dummy = torch.zeros(2, in_ch, size, size, dtype=torch.float32)
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(
            model, (dummy,), path, input_names=["input"], output_names=["logits", "cam"],
            dynamic_axes={"input": {0: "N"}, "logits": {0: "N"}, "cam": {0: "N"}},
            opset_version=opset, do_constant_folding=True, dynamo=False)


def check_onnx(path: str) -> None:
    import onnx

    m = onnx.load(path)
    onnx.checker.check_model(m, full_check=True)
    names_in = [i.name for i in m.graph.input]
    names_out = [o.name for o in m.graph.output]
    if names_in != ["input"] or names_out != ["logits", "cam"]:
        raise ValueError(f"unexpected graph I/O: inputs {names_in}, outputs {names_out}")


def ort_session(path: str, threads: int = 2):
    import onnxruntime as ort

    so = ort.SessionOptions()
    so.intra_op_num_threads = threads
    so.inter_op_num_threads = 1
    return ort.InferenceSession(path, so, providers=["CPUExecutionProvider"])


def compare_with_torch(model: torch.nn.Module, path: str, x: np.ndarray) -> float:
    """Max abs difference of logits and cam between PyTorch and onnxruntime on batch `x`."""
    model = model.eval()
    with torch.no_grad():
        lt, ct = model(torch.from_numpy(x))
    lo, co = ort_session(path).run(["logits", "cam"], {"input": x})
    return float(max(np.abs(lt.numpy() - lo).max(), np.abs(ct.numpy() - co).max()))


def sha256_file(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _write_f32(path: str, arr: np.ndarray) -> None:
    np.ascontiguousarray(arr, dtype="<f4").tofile(path)


def write_golden(out_dir: str, onnx_path: str, size: int, mean: float, std: float,
                 percentiles=(1, 99), prep_version: str = PREP_VERSION) -> list:
    """Golden vectors: raw slice, preprocessed tensor, onnxruntime logits and cam per sample."""
    gdir = os.path.join(out_dir, "golden")
    os.makedirs(gdir, exist_ok=True)
    sess = ort_session(onnx_path)
    entries = []
    for name, img, spacing in synthetic_samples():
        tensor, info = preprocess(img, spacing, size, percentiles, mean, std, prep_version)
        logits, cam = sess.run(["logits", "cam"], {"input": tensor[None, None]})
        _write_f32(os.path.join(gdir, f"{name}.input.f32"), img)
        _write_f32(os.path.join(gdir, f"{name}.tensor.f32"), tensor)
        _write_f32(os.path.join(gdir, f"{name}.cam.f32"), cam[0])
        entries.append({
            "name": name, "height": int(img.shape[0]), "width": int(img.shape[1]),
            "pixel_spacing": [float(spacing[0]), float(spacing[1])],
            "input": f"{name}.input.f32", "tensor": f"{name}.tensor.f32",
            "logits": [float(v) for v in logits[0]],
            "cam_dims": [int(d) for d in cam.shape[1:]], "cam": f"{name}.cam.f32",
            "info": info.to_dict(),
        })
    with open(os.path.join(gdir, "golden.json"), "w") as f:
        json.dump(entries, f, indent=1)
    return entries


def model_json(name: str, labels: list, size: int, mean: float, std: float, onnx_path: str,
               temperature: float = 1.0, unknown_threshold: float = 0.5,
               min_slice_agreement: float = 0.5, training: dict | None = None,
               percentiles=(1, 99), opset: int = OPSET, prep_version: str = PREP_VERSION,
               cam_grid: list | None = None) -> dict:
    return {
        "name": name, "format_version": 1, "labels": list(labels),
        "input": {"name": "input", "size": int(size), "channels": 1},
        "outputs": {"logits": "logits", "cam": "cam",
                    **({"cam_grid": list(cam_grid)} if cam_grid else {})},
        "normalization": {"mean": float(mean), "std": float(std)},
        "preprocessing": {"version": prep_version, "percentiles": [percentiles[0], percentiles[1]]},
        "calibration": {"temperature": float(temperature)},
        "decision": {"unknown_threshold": float(unknown_threshold),
                     "min_slice_agreement": float(min_slice_agreement),
                     "min_slices": 2, "slices_per_series": 12},
        "onnx": {"file": os.path.basename(onnx_path), "sha256": sha256_file(onnx_path),
                 "opset": int(opset), "bytes": os.path.getsize(onnx_path)},
        "training": training or {},
    }


def export_all(model: torch.nn.Module, out_dir: str, name: str, labels: list, size: int,
               mean: float, std: float, temperature: float = 1.0, unknown_threshold: float = 0.5,
               min_slice_agreement: float = 0.5, training: dict | None = None,
               verbose: bool = True, prep_version: str = PREP_VERSION) -> dict:
    """ONNX + checks + model.json + golden/ in `out_dir`; returns the model.json dict."""
    os.makedirs(out_dir, exist_ok=True)
    onnx_path = os.path.join(out_dir, "model.onnx")
    export_onnx(model, onnx_path, size)
    check_onnx(onnx_path)
    rng = np.random.default_rng(0)
    x = rng.normal(0, 1, (3, 1, size, size)).astype(np.float32)
    diff = compare_with_torch(model, onnx_path, x)
    if verbose:
        print(f"onnxruntime vs PyTorch max abs diff: {diff:.3g}")
    if not diff < TOLERANCE:
        raise AssertionError(f"onnxruntime differs from PyTorch by {diff} (>= {TOLERANCE})")
    golden = write_golden(out_dir, onnx_path, size, mean, std, prep_version=prep_version)
    meta = model_json(name, labels, size, mean, std, onnx_path, temperature, unknown_threshold,
                      min_slice_agreement, training, prep_version=prep_version,
                      cam_grid=golden[0]["cam_dims"][1:])
    with open(os.path.join(out_dir, "model.json"), "w") as f:
        json.dump(meta, f, indent=2)
    if verbose:
        print(f"wrote {onnx_path} ({meta['onnx']['bytes']} bytes), model.json, golden/")
    return meta
