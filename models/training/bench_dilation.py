"""Does the s8s graph's time go to its dilated convolutions? Prints onnxruntime's time per slice
(one thread, batch 1) for the s8s network as exported and for the same network rewritten without
dilation (space-to-batch around blocks 7-10: the 20x20 map split into four 10x10 maps, ordinary
3x3 depthwise convolutions, then put back), after checking that both give the same outputs.
Random weights: only the graph's cost is measured.

    .venv/bin/python models/training/bench_dilation.py [--size 160] [--runs 300] [--repeats 2]
"""
from __future__ import annotations

import argparse
import copy
import os
import tempfile
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

from mrseq_train.export import export_onnx, ort_session
from mrseq_train.mobilenet import mobilenetv2


class SpaceToBatch(nn.Module):
    """The s8s network with blocks 7-10 run undilated on the four interleaved sub-grids."""

    def __init__(self, m: nn.Module):
        super().__init__()
        self.m = copy.deepcopy(m)
        for b in self.m.blocks[7:]:
            b.dw.conv.dilation, b.dw.conv.padding = (1, 1), (1, 1)

    def forward(self, x):
        m = self.m
        y = m.blocks[:7](m.stem(x))
        n, c, h, w = y.shape
        y = y.reshape(n, c, h // 2, 2, w // 2, 2).permute(3, 5, 0, 1, 2, 4)
        f = m.last(m.blocks[7:](y.reshape(4 * n, c, h // 2, w // 2)))
        cam = F.conv2d(f, m.fc.weight[:, :, None, None], m.fc.bias)
        k = cam.shape[1]
        cam = cam.reshape(2, 2, n, k, h // 2, w // 2).permute(2, 3, 4, 0, 5, 1).reshape(n, k, h, w)
        return cam.mean(dim=(2, 3)), cam


def ms_per_slice(path: str, size: int, runs: int) -> float:
    sess = ort_session(path, threads=1)
    x = np.random.default_rng(0).normal(size=(1, 1, size, size)).astype(np.float32)
    for _ in range(20):
        sess.run(None, {"input": x})
    t = time.perf_counter()
    for _ in range(runs):
        sess.run(None, {"input": x})
    return (time.perf_counter() - t) / runs * 1000


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size", type=int, default=160)
    ap.add_argument("--runs", type=int, default=300)
    ap.add_argument("--repeats", type=int, default=2)
    args = ap.parse_args()
    torch.manual_seed(0)
    plain = mobilenetv2(7, 1, "s8s").eval()
    for mod in plain.modules():
        if isinstance(mod, nn.BatchNorm2d):
            mod.running_mean.normal_(0, 0.1)
            mod.running_var.uniform_(0.5, 2)
    rewritten = SpaceToBatch(plain).eval()
    x = torch.randn(3, 1, args.size, args.size)
    with torch.no_grad():
        diff = max(float((a - b).abs().max()) for a, b in zip(plain(x), rewritten(x)))
    print(f"max abs difference of logits and cam: {diff:.2g}")
    with tempfile.TemporaryDirectory() as d:
        paths = {"s8s (dilated)": os.path.join(d, "plain.onnx"),
                 "s8s, space-to-batch": os.path.join(d, "s2b.onnx")}
        export_onnx(plain, paths["s8s (dilated)"], args.size)
        export_onnx(rewritten, paths["s8s, space-to-batch"], args.size)
        for _ in range(args.repeats):
            for name, path in paths.items():
                print(f"{name}: {ms_per_slice(path, args.size, args.runs):.2f} ms per slice")


if __name__ == "__main__":
    main()
