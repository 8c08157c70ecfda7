"""Train the mrseq sequence model on the shared data, calibrate it, and optionally export it.

Usage (repo root):
  .venv/bin/python models/training/train.py --steps 3000 --export .cache/candidate
The recipe options (network, initialisation, preprocessing, augmentation, data) are shared with
evaluate.py (mrseq_train/recipe.py); their defaults are the shipped model's recipe.
Writes the checkpoint to .cache/runs/<name>.pt and a JSON summary next to it.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from collections import Counter

import torch

from mrseq_train.allocator import keep_freed_memory
from mrseq_train.data import REPO_ROOT, counts
from mrseq_train.export import export_all
from mrseq_train.labels import MODEL_LABELS
from mrseq_train.recipe import (add_recipe_args, dataset_from_args, recipe_summary,
                                train_kwargs)
from mrseq_train.shipped import default_model_name
from mrseq_train.splits import split_by_subject
from mrseq_train.trainer import (calibrate, calibrate_from_preds, load_out_of_fold,
                                  train)


def git_commit() -> str:
    try:
        return subprocess.check_output(["git", "-C", REPO_ROOT, "rev-parse", "HEAD"],
                                       text=True, stderr=subprocess.DEVNULL).strip()
    except Exception:
        return "unknown"


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    add_recipe_args(ap)
    ap.add_argument("--val-frac", type=float, default=0.2,
                    help="fraction of subjects held out for validation; 0 trains on everything "
                         "(then --calibration-from is required)")
    ap.add_argument("--calibration-from", default="",
                    help="evaluate.py result (.cache/loso/<name>.json): fit the temperature and "
                         "unknown threshold on its out-of-fold logits instead of the validation split")
    ap.add_argument("--name", default=default_model_name())
    ap.add_argument("--export", default="", help="directory to export ONNX + model.json to")
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args(argv)
    sys.stdout.reconfigure(line_buffering=True)
    torch.set_num_threads(args.threads)
    print(keep_freed_memory())
    t0 = time.time()
    if args.val_frac <= 0 and not args.calibration_from:
        ap.error("--val-frac 0 needs --calibration-from (nothing left to calibrate on)")
    series = dataset_from_args(args)
    tr, va = split_by_subject(series, args.val_frac, args.seed) if args.val_frac > 0 else (series, [])
    print(f"series: train {len(tr)} val {len(va)}; train labels {dict(Counter(s.label for s in tr))}")
    model, info = train(tr, va, **train_kwargs(args))
    if args.calibration_from:
        temp, thr, val = calibrate_from_preds(load_out_of_fold(args.calibration_from))
        cal_source = f"out-of-fold logits of {os.path.relpath(args.calibration_from, REPO_ROOT)}"
    else:
        temp, thr, val = calibrate(model, va, info["mean"], info["std"])
        cal_source = "validation split"
    print(f"calibration ({cal_source}): temperature {temp:.3f}, unknown threshold {thr:.3f}; "
          f"slice bal acc {val.get('slice_balanced_acc', float('nan')):.3f}, "
          f"series acc {val.get('series_acc', float('nan')):.3f}")
    training = {
        "command": "python models/training/train.py " + " ".join(argv if argv is not None else sys.argv[1:]),
        "git_commit": git_commit(), "wall_time_s": round(time.time() - t0, 1),
        "data": os.path.abspath(args.data),
        "sources": sorted({s.source for s in series}),
        "counts_train": counts(tr), "counts_val": counts(va),
        "calibrated_on": cal_source,
        # measured on the data the calibration used: the validation split, or (with
        # --calibration-from) the leave-one-source-out held-out sources
        "validation": {k: val[k] for k in ("slice_balanced_acc", "slice_balanced_acc_core4",
                                           "series_acc", "series_acc_core4", "series_balanced_acc",
                                           "slice_recall", "nll_T1", "nll_T", "ece_T1", "ece_T")
                       if k in val},
        **{k: info[k] for k in ("arch", "widths", "steps_done", "batch", "lr", "seed", "wall_s",
                                "history")},
        "recipe": recipe_summary(args),
        "split": "subject-level, val_frac %.2f" % args.val_frac,
    }
    run_dir = os.path.join(REPO_ROOT, ".cache", "runs")
    os.makedirs(run_dir, exist_ok=True)
    ck = {"config": model.config, "state_dict": model.state_dict(), "labels": MODEL_LABELS,
          "size": args.size, "mean": info["mean"], "std": info["std"], "temperature": temp,
          "unknown_threshold": thr, "min_slice_agreement": 0.5, "training": training,
          "name": args.name, "prep": args.prep}
    ck_path = os.path.join(run_dir, f"{args.name}.pt")
    torch.save(ck, ck_path)
    with open(os.path.join(run_dir, f"{args.name}.json"), "w") as f:
        json.dump({"training": training, "validation_full": val}, f, indent=1)
    print(f"checkpoint {ck_path}")
    if args.export:
        training["wall_time_s"] = round(time.time() - t0, 1)
        export_all(model, args.export, args.name, MODEL_LABELS, args.size, info["mean"],
                   info["std"], temp, thr, 0.5, training, prep_version=args.prep)


if __name__ == "__main__":
    main()
