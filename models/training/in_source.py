"""Score a train.py checkpoint on its own subject-level validation split, per source group.

The in-source counterpart of evaluate.py's leave-one-source-out table: the same recipe, tested on
subjects it never saw from source groups it did train on. The gap between the two tables is what
a new hospital costs, as against new patients at a known one.

Usage (repo root; the checkpoint from `train.py --val-frac 0.2 --seed S --name N`):
  .venv/bin/python models/training/in_source.py .cache/runs/N.pt
The split is re-drawn from the checkpoint's seed and validation fraction (split_by_subject is
deterministic), so the scored series are the ones the run held out.
"""
from __future__ import annotations

import argparse
import re
import sys

import torch

from mrseq_train.labels import MODEL_LABELS
from mrseq_train.loso import HeldOutScores, fold_from_checkpoint, loso_group, loso_table
from mrseq_train.recipe import add_recipe_args, dataset_from_args
from mrseq_train.splits import split_by_subject


def split_of(ck: dict) -> tuple:
    """(seed, val_frac) that train.py recorded for the run."""
    tr = ck.get("training", {})
    m = re.search(r"val_frac ([0-9.]+)", tr.get("split", ""))
    if not m or float(m.group(1)) <= 0:
        raise SystemExit("this checkpoint was trained on every subject (no validation split)")
    return int(tr["recipe"]["seed"]), float(m.group(1))


def score_by_group(model, info: dict, val: list) -> dict:
    """evaluate.py's result layout (per_group, pooled) for the validation series."""
    scores = HeldOutScores()
    groups: dict = {}
    for s in val:
        groups.setdefault(loso_group(s.family), []).append(s)
    for g in sorted(groups):
        scores.add(g, model, info, groups[g], None, log=lambda m: None)
    return scores.result()


def main(argv=None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("checkpoint")
    ap.add_argument("--data", default=None, help="inventory folder (default: the run's)")
    args = ap.parse_args(argv)
    ck = torch.load(args.checkpoint, map_location="cpu", weights_only=False)
    seed, frac = split_of(ck)
    rec = ck["training"]["recipe"]
    if rec.get("pack"):
        raise SystemExit(f"this run trained on the pack {rec['pack']}; the split is re-drawn from "
                         "the inventory, which would not give the run's held-out series")
    rargs = argparse.ArgumentParser()
    add_recipe_args(rargs)
    r = rargs.parse_args(["--size", str(rec["size"]), "--prep", rec["prep"],
                          "--data", args.data or ck["training"]["data"]]
                         + (["--no-derived"] if not rec.get("derived_adc", True) else [])
                         + (["--mask-inputs"] if rec.get("mask_inputs") else []))
    _, val = split_by_subject(dataset_from_args(r, log=lambda m: None), frac, seed)
    model, info = fold_from_checkpoint(ck)
    res = score_by_group(model, info, val)
    print(f"{args.checkpoint}: seed {seed}, validation fraction {frac:.2f}, {len(val)} series")
    print(loso_table(res).replace("held-out source group", "source group (unseen subjects)"))
    rec_ = res["pooled"].get("slice_recall", {})
    print("pooled slice recall: " + ", ".join(f"{k} {v:.2f}" for k, v in rec_.items()))
    conf = res["pooled"].get("slice_confusion", [])
    print("pooled slice confusion (rows: true, columns: predicted " + " ".join(MODEL_LABELS) + ")")
    for lab, row in zip(MODEL_LABELS, conf):
        if sum(row):
            print(f"  {lab:6s}" + "".join(f"{v:6d}" for v in row))
    return res


if __name__ == "__main__":
    sys.stdout.reconfigure(line_buffering=True)
    main()
