"""What the measured networks would cost in the product: onnxruntime's time per slice (one thread,
batch 1, as in `npm run bench`'s node figure) and the float32 ONNX size, for the shipped graph
(MobileNetV2 s8s) and for networks measured but not shippable (InceptionV3 cut at mixed2 / mixed5).
Random weights: only the graph's cost is measured.

    .venv/bin/python models/training/bench_graphs.py [--size 160] [--runs 200] [--repeats 2]
"""
from __future__ import annotations

import argparse
import os
import tempfile

import torch

from bench_dilation import ms_per_slice
from mrseq_train.export import export_onnx
from mrseq_train.network import build

GRAPHS = {"mobilenetv2 s8s (shipped)": ("mobilenetv2", "s8s"),
          "inceptionv3 mixed2": ("inceptionv3", "mixed2"),
          "inceptionv3 mixed5": ("inceptionv3", "mixed5")}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size", type=int, default=160)
    ap.add_argument("--runs", type=int, default=200)
    ap.add_argument("--repeats", type=int, default=2)
    args = ap.parse_args()
    torch.manual_seed(0)
    with tempfile.TemporaryDirectory() as d:
        paths = {}
        for name, (arch, cut) in GRAPHS.items():
            paths[name] = os.path.join(d, f"{arch}-{cut}.onnx")
            export_onnx(build(arch, 7, in_channels=1, cut=cut).eval(), paths[name], args.size)
            print(f"{name}: {os.path.getsize(paths[name]) / 1e6:.2f} MB float32")
        for _ in range(args.repeats):
            for name, path in paths.items():
                print(f"{name}: {ms_per_slice(path, args.size, args.runs):.2f} ms per slice")


if __name__ == "__main__":
    main()
