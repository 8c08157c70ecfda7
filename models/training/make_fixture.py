"""Build models/fixture-tiny/: a tiny, seeded, randomly initialised model with the real export path.

It is a permanent test fixture for the TypeScript inference tests (model.json, model.onnx, golden/).
Usage (from the repo root): .venv/bin/python models/training/make_fixture.py [--out DIR]
"""
from __future__ import annotations

import argparse
import os

import torch

from mrseq_train.export import export_all
from mrseq_train.labels import MODEL_LABELS
from mrseq_train.network import compact_resnet

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_OUT = os.path.normpath(os.path.join(HERE, "..", "fixture-tiny"))


def build_fixture(out_dir: str, seed: int = 1234, size: int = 64) -> dict:
    torch.manual_seed(seed)
    model = compact_resnet(len(MODEL_LABELS), widths=(4, 8, 8, 16))
    # Give BatchNorm non-trivial running statistics so the export exercises them.
    g = torch.Generator().manual_seed(seed)
    for m in model.modules():
        if isinstance(m, torch.nn.BatchNorm2d):
            m.running_mean.copy_(torch.randn(m.num_features, generator=g) * 0.1)
            m.running_var.copy_(torch.rand(m.num_features, generator=g) + 0.5)
    model.eval()
    training = {"note": "random weights (seeded); a test fixture, not a classifier",
                "seed": seed, "command": "python models/training/make_fixture.py",
                "architecture": model.config}
    return export_all(model, out_dir, "mrseq-fixture-tiny", MODEL_LABELS, size,
                      mean=0.25, std=0.3, temperature=1.5, unknown_threshold=0.4,
                      min_slice_agreement=0.5, training=training)


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--out", default=DEFAULT_OUT)
    ap.add_argument("--seed", type=int, default=1234)
    args = ap.parse_args(argv)
    torch.set_num_threads(2)
    build_fixture(args.out, args.seed)


if __name__ == "__main__":
    main()
