"""Does the PyTorch port of nsfwjs's InceptionV3 (inception.py) compute what TF.js computes with the
package's own layers model? Installs @tensorflow/tfjs 4.22.0 from the npm registry into a temporary
folder (a development check: nothing of it enters the project), runs the original model in node on
one fixed 299-px RGB input, and prints the largest difference at the stem's third convolution, at
mixed2 and at mixed5, plus the grey-image check of the summed 1-channel stem.

    .venv/bin/python models/training/tfjs_parity.py
"""
from __future__ import annotations

import json
import os
import subprocess
import tempfile

import numpy as np
import torch

from mrseq_train.inception import CamInceptionV3
from mrseq_train.pretrained import ensure_pretrained_inception, fetch_nsfwjs
from mrseq_train.recipe import PRETRAINED_CACHE

S = 299
LAYERS = ("activation_3", "mixed2", "mixed5")
# the manifest and weight bytes as fetch_nsfwjs unwraps them, and the input, come from Python
JS = """
const tf = require('@tensorflow/tfjs'); const fs = require('fs');
const [d, S] = [process.argv[2], Number(process.argv[3])];
const m = JSON.parse(fs.readFileSync(d + '/model.json')); const w = fs.readFileSync(d + '/weights.bin');
const xb = fs.readFileSync(d + '/x.bin'); const x = new Float32Array(xb.buffer, xb.byteOffset, S * S * 3);
(async () => {
  const model = await tf.loadLayersModel(tf.io.fromMemory({modelTopology: m.modelTopology,
    weightSpecs: m.weightsManifest.flatMap(g => g.weights),
    weightData: w.buffer.slice(w.byteOffset, w.byteOffset + w.length)}));
  const names = NAMES;
  const sub = tf.model({inputs: model.inputs, outputs: names.map(k => model.getLayer(k).output)});
  const outs = sub.predict(tf.tensor4d(x, [1, S, S, 3]));
  const res = {};
  for (let i = 0; i < names.length; i++) res[names[i]] = {shape: outs[i].shape, data: Array.from(await outs[i].data())};
  fs.writeFileSync(d + '/out.json', JSON.stringify(res));
})();
""".replace("NAMES", json.dumps(list(LAYERS)))


def tfjs_outputs(x_nhwc: np.ndarray) -> dict:
    manifest, weights = fetch_nsfwjs(PRETRAINED_CACHE, model="inception_v3")
    with tempfile.TemporaryDirectory() as d:
        subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--silent", "--prefix", d,
                        "@tensorflow/tfjs@4.22.0"], check=True, stdout=subprocess.DEVNULL)
        for name, data in (("run.js", JS.encode()), ("model.json", json.dumps(manifest).encode()),
                           ("weights.bin", weights), ("x.bin", x_nhwc.astype(np.float32).tobytes())):
            with open(os.path.join(d, name), "wb") as f:
                f.write(data)
        subprocess.run(["node", os.path.join(d, "run.js"), d, str(S)], check=True, cwd=d,
                       stdout=subprocess.DEVNULL)
        with open(os.path.join(d, "out.json")) as f:
            return json.load(f)


def main() -> None:
    path = ensure_pretrained_inception(PRETRAINED_CACHE)
    x_nhwc = (np.arange(S * S * 3) * 7919 % 1000 / 1000).astype(np.float32).reshape(1, S, S, 3)
    ref = tfjs_outputs(x_nhwc)
    rgb = CamInceptionV3(7, in_channels=3, cut="mixed5").eval()
    rgb.load_pretrained(path)
    x = torch.from_numpy(x_nhwc.transpose(0, 3, 1, 2).copy())
    with torch.no_grad():
        ours = {"activation_3": rgb.stem[:3](x), "mixed2": rgb.blocks[:3](rgb.stem(x)),
                "mixed5": rgb.features(x)}
        for k in LAYERS:
            r = np.asarray(ref[k]["data"], np.float32).reshape(ref[k]["shape"]).transpose(0, 3, 1, 2)
            d = float(np.abs(ours[k].numpy() - r).max())
            print(f"{k}: {tuple(r.shape[1:])}, max abs difference {d:.2g}, relative to the largest "
                  f"value {d / float(np.abs(r).max()):.2g}")
        grey = CamInceptionV3(7, in_channels=1, cut="mixed5").eval()
        grey.load_pretrained(path)
        g = torch.rand(1, 1, 160, 160, generator=torch.Generator().manual_seed(0))
        d = float((grey.features(g) - rgb.features(g.repeat(1, 3, 1, 1))).abs().max())
        print(f"grey image, summed 1-channel stem against the RGB network: max abs difference {d:.2g}")


if __name__ == "__main__":
    main()
