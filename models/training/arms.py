"""Several evaluate.py arms in one process, in order, inside a time budget: for a lent GPU machine,
where one prepared command has minutes, not hours. An arm is started only while the time left is
at least the longest arm so far (or `--first-arm-s` before any has run); each finished arm's
pooled and per-group numbers are appended to <out>/summary.jsonl at once, so a run cut short still
returns what it finished, and its full result JSONs are gathered into <out>/arms.tar.gz at the end.

Usage (repo root; on the GPU machine `python3`):
  python3 models/training/arms.py --budget 420 --out $OUT \\
      --common "--pack .gpu/slices160.xz --device cuda --workers 12 --steps 500 --only figshare_cheng,brats_tcga" \\
      --arm v8ref="--pretrained-file .gpu/nsfwjs-f16.npz" --arm r18="--arch resnet18"
"""
from __future__ import annotations

import argparse
import json
import os
import shlex
import tarfile
import time

import evaluate


def summary_line(name: str, res: dict, wall: float) -> dict:
    keys = ("slice_balanced_acc", "slice_balanced_acc_core4", "series_acc", "series_acc_core4",
            "series_balanced_acc", "cam_head_mass")
    out = {"arm": name, "wall_s": round(wall, 1), "pooled": {k: res["pooled"].get(k) for k in keys}}
    out["per_group"] = {g: {k: v.get(k) for k in keys} for g, v in res["per_group"].items()}
    return out


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--common", default="", help="evaluate.py options every arm shares")
    ap.add_argument("--arm", action="append", default=[], help="NAME=\"evaluate.py options\"")
    ap.add_argument("--budget", type=float, required=True, help="seconds for all arms")
    ap.add_argument("--first-arm-s", type=float, default=60.0)
    ap.add_argument("--out", required=True)
    args = ap.parse_args(argv)
    os.makedirs(args.out, exist_ok=True)
    t0, longest, done = time.time(), args.first_arm_s, []
    for spec in args.arm:
        name, _, opts = spec.partition("=")
        left = args.budget - (time.time() - t0)
        if left < longest:
            print(f"arms: {name} not started ({left:.0f} s left, longest arm {longest:.0f} s)")
            continue
        t = time.time()
        print(f"arms: {name}: {args.common} {opts}", flush=True)
        res = evaluate.main(shlex.split(args.common) + shlex.split(opts) + ["--name", name])
        wall = time.time() - t
        longest = max(longest if done else 0.0, wall)
        with open(os.path.join(args.out, "summary.jsonl"), "a") as f:
            f.write(json.dumps(summary_line(name, res, wall)) + "\n")
        done.append(name)
    with tarfile.open(os.path.join(args.out, "arms.tar.gz"), "w:gz") as tar:
        for name in done:
            for ext in ("json", "md"):
                p = os.path.join(evaluate.LOSO_DIR, f"{name}.{ext}")
                if os.path.exists(p):
                    tar.add(p, arcname=f"{name}.{ext}")
    print(f"arms: {len(done)} of {len(args.arm)} done in {time.time() - t0:.0f} s")


if __name__ == "__main__":
    main()
