"""Export a training checkpoint to ONNX + model.json + golden/ (thin CLI over mrseq_train.export).

Usage (repo root): .venv/bin/python models/training/export.py --checkpoint CKPT.pt --out models/mrseq-v1
The checkpoint is what train.py writes: {"config", "state_dict", "labels", "size", "mean", "std",
"temperature", "unknown_threshold", "min_slice_agreement", "training", "name"}. A leave-one-source-out
fold checkpoint (evaluate.py: {"config", "state_dict", "mean", "std", "group", "steps_done", "size"})
exports too, for latency checks: its labels are the package's model labels, uncalibrated. Fold
checkpoints saved before they recorded "size" need --size.
"""
from __future__ import annotations

import argparse
import os

import torch

from mrseq_train.export import export_all
from mrseq_train.labels import MODEL_LABELS
from mrseq_train.network import from_config


def export_checkpoint(ckpt_path: str, out_dir: str, name: str | None = None,
                      size: int | None = None) -> dict:
    ck = torch.load(ckpt_path, map_location="cpu", weights_only=False)
    recorded = ck.get("size")
    if recorded is not None and size is not None and size != recorded:
        raise SystemExit(f"{ckpt_path} was trained at {recorded} px, not --size {size}")
    size = recorded if recorded is not None else size
    if size is None:
        raise SystemExit(f"{ckpt_path} does not record its input size (an older fold checkpoint): pass --size")
    model = from_config(ck["config"])
    model.load_state_dict(ck["state_dict"])
    model.eval()
    return export_all(model, out_dir, name or ck.get("name", "mrseq"), ck.get("labels", MODEL_LABELS), size,
                      ck["mean"], ck["std"], ck.get("temperature", 1.0),
                      ck.get("unknown_threshold", 0.5), ck.get("min_slice_agreement", 0.5),
                      ck.get("training", {}))


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--checkpoint", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--name", default=None)
    ap.add_argument("--size", type=int, default=None,
                    help="input size, for checkpoints that do not record it (fold checkpoints saved before they did)")
    args = ap.parse_args(argv)
    torch.set_num_threads(2)
    export_checkpoint(args.checkpoint, args.out, args.name, args.size)


if __name__ == "__main__":
    main()
