"""Leave-one-source-out evaluation (slice balanced accuracy, series accuracy, confusions).

Usage (repo root):
  .venv/bin/python -u models/training/evaluate.py --steps 1500 --time-limit 300 > .cache/loso.log
One model is trained per held-out source group (labels.json `loso_groups`); results go to
.cache/loso/<name>.json and .md.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time

import torch

from mrseq_train.allocator import keep_freed_memory
from mrseq_train.data import REPO_ROOT
from mrseq_train.loso import report_markdown, run_loso
from mrseq_train.ssl import groups_seen
from mrseq_train.recipe import add_recipe_args, dataset_from_args, recipe_summary, train_kwargs

LOSO_DIR = os.path.join(REPO_ROOT, ".cache", "loso")      # <name>.json / .md and fold models


def main(argv=None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    add_recipe_args(ap)
    ap.add_argument("--only", default="", help="comma-separated group names")
    ap.add_argument("--name", default="loso")
    ap.add_argument("--from-folds", default="",
                    help="re-evaluate the fold models saved by an earlier run (.cache/loso/<name>/) "
                         "instead of training")
    ap.add_argument("--tta", default="", choices=["", "flip"],
                    help="test-time augmentation: flip = mean logits of the slice and its mirror")
    ap.add_argument("--adapt-bn", default="", choices=["", "group", "subject"],
                    help="batch-norm statistics taken from the held-out slices: all of the group, "
                         "or one subject at a time (adapt.py); weights unchanged")
    ap.add_argument("--max-slices", type=int, default=12, help="slices per series")
    args = ap.parse_args(argv)
    sys.stdout.reconfigure(line_buffering=True)
    torch.set_num_threads(2)
    print(keep_freed_memory())
    t0 = time.time()
    only = [g for g in args.only.split(",") if g]
    seen = set(groups_seen(args.pretrained_file)) if args.pretrained_file else set()
    if seen and (not only or seen & set(only)):
        raise SystemExit(f"--pretrained-file {args.pretrained_file} was pretrained on held-out "
                         f"group(s) {sorted(seen & set(only)) if only else 'all (no --only)'}: "
                         "pretrain with those groups in --exclude")
    series = dataset_from_args(args)
    kw = {} if args.from_folds else train_kwargs(args)
    out = LOSO_DIR
    res = run_loso(series, kw, only or None,
                   log=lambda m: print(m, flush=True),
                   save_dir="" if args.from_folds else os.path.join(out, args.name),
                   from_dir=args.from_folds,
                   predict_kw={"tta": args.tta, "max_slices": args.max_slices,
                               "adapt": args.adapt_bn})
    res["command"] = "python models/training/evaluate.py " + " ".join(sys.argv[1:] if argv is None else argv)
    res["wall_s"] = round(time.time() - t0, 1)
    res["recipe"] = recipe_summary(args)
    res["steps"] = args.steps
    os.makedirs(out, exist_ok=True)
    raw = res.pop("raw", None)
    if raw is not None:           # --ema: the last weights of the same folds, a report of their own
        raw.update({k: res[k] for k in ("command", "wall_s", "recipe", "steps")}, variant="last weights")
        with open(os.path.join(out, f"{args.name}-raw.json"), "w") as f:
            json.dump(raw, f, indent=1)
        print(report_markdown(raw) + "\n(last weights; the weight average follows)")
    with open(os.path.join(out, f"{args.name}.json"), "w") as f:
        json.dump(res, f, indent=1)
    md = report_markdown(res)
    with open(os.path.join(out, f"{args.name}.md"), "w") as f:
        f.write(md + "\n")
    print(md)
    print(f"wall time {res['wall_s']} s")
    return res


if __name__ == "__main__":
    main()
