"""Self-supervised (series-contrastive) pretraining of the MobileNetV2 backbone (mrseq_train/ssl.py).

Usage (repo root), for an A/B whose held-out groups the pretraining must not see:
  .venv/bin/python -u models/training/pretrain_ssl.py --exclude figshare_cheng,brats_tcga \\
      --time-limit 1500 --out .cache/ssl/ssl-ab.npz
then train from it: evaluate.py ... --pretrained-file .cache/ssl/ssl-ab.npz --only figshare_cheng,brats_tcga
(evaluate.py refuses a held-out group that the pretraining saw). Labels are never used.
"""
from __future__ import annotations

import argparse
import os
import sys
import time

import torch

from mrseq_train.allocator import keep_freed_memory
from mrseq_train.data import REPO_ROOT
from mrseq_train.labels import load_label_config
from mrseq_train.loso import loso_group
from mrseq_train.recipe import add_recipe_args, dataset_from_args, train_kwargs
from mrseq_train.ssl import pretrain, save_backbone


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    add_recipe_args(ap)
    ap.set_defaults(steps=1500, lr=1e-3)
    ap.add_argument("--exclude", default="", help="comma-separated source groups left out entirely")
    ap.add_argument("--ssl-size", type=int, default=128,
                    help="views are resized to this (the network is fully convolutional)")
    ap.add_argument("--tau", type=float, default=0.2, help="NT-Xent temperature")
    ap.add_argument("--out", default=os.path.join(REPO_ROOT, ".cache", "ssl", "ssl.npz"))
    args = ap.parse_args(argv)
    if args.arch != "mobilenetv2":
        raise SystemExit("pretrain_ssl.py pretrains the MobileNetV2 backbone only (--arch mobilenetv2)")
    sys.stdout.reconfigure(line_buffering=True)
    torch.set_num_threads(2)
    print(keep_freed_memory())
    t0 = time.time()
    series = dataset_from_args(args)
    cfg = load_label_config()
    exclude = {g for g in args.exclude.split(",") if g}
    groups = {s.family: loso_group(s.family, cfg) for s in series}
    unknown = exclude - set(groups.values())
    if unknown:
        raise SystemExit(f"--exclude: unknown group(s) {sorted(unknown)}; "
                         f"groups: {', '.join(sorted(set(groups.values())))}")
    kept = [s for s in series if groups[s.family] not in exclude]
    print(f"{len(kept)} of {len(series)} series ({sum(len(s.slices) for s in kept)} slices); "
          f"left out: {sorted(exclude) or 'none'}")
    kw = train_kwargs(args)
    model, info = pretrain(kept, cut=args.cut, pretrained=kw["pretrained"], steps=args.steps,
                           batch=args.batch, lr=args.lr, weight_decay=args.weight_decay,
                           tau=args.tau, size=args.ssl_size, seed=args.seed, aug=kw["aug"],
                           time_limit_s=args.time_limit, log=print)
    info.update(command="python models/training/pretrain_ssl.py " + " ".join(
        sys.argv[1:] if argv is None else argv), groups_seen=sorted({groups[s.family] for s in kept}),
        groups_excluded=sorted(exclude), n_series=len(kept), labels_used=False,
        start=os.path.basename(kw["pretrained"]), total_wall_s=round(time.time() - t0, 1))
    save_backbone(model, args.out, info)
    print(f"wrote {args.out} ({info['steps_done']} steps, {info['wall_s']} s, loss {info['loss']:.3f})")


if __name__ == "__main__":
    main()
