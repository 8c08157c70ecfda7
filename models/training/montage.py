"""Held-out slices of one leave-one-source-out group, rows per (true label, predicted series
label): what a fold model got right and what it called something else (failure modes by eye).

Usage (repo root):
  .venv/bin/python models/training/montage.py .cache/loso/ab-v2-s1.json figshare_cheng \
      --out .cache/montage.png [--per-row 8 --rows-per-label 2 --seed 0]
Each tile is the middle one of the acquisition-plane slices the model scored for the series, after step 4 of the preprocessing (the
windowing the model sees before normalisation).
"""
from __future__ import annotations

import argparse
import json
import os
import sys

import numpy as np
from PIL import Image, ImageDraw

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from mrseq_train.data import DEFAULT_CACHE, DEFAULT_DATA, load_dataset  # noqa: E402
from mrseq_train.figures import _font  # noqa: E402
from mrseq_train.preprocess import FILL_OF_VERSION, PREP_VERSION, window_batch  # noqa: E402
from mrseq_train.trainer import series_inputs  # noqa: E402


def montage(report: dict, group: str, by_id: dict, per_row: int = 8, rows_per_label: int = 2,
            seed: int = 0, tile: int = 128) -> tuple[Image.Image, dict]:
    """(image, {"<true> called <pred>": number of series}) for `group` of a LOSO report."""
    rows = [r for r in report["series"] if r["group"] == group]
    if not rows:
        raise SystemExit(f"group {group!r} is not in the report")
    rng = np.random.default_rng(seed)
    by_pair: dict = {}
    for r in rows:
        by_pair.setdefault((r["label"], r["pred"]), []).append(r)
    order = sorted(by_pair, key=lambda k: (k[0], k[0] != k[1], -len(by_pair[k])))
    counts = {f"{t} called {p}": len(by_pair[(t, p)]) for t, p in order}
    n = per_row * rows_per_label
    left = 150
    height = sum(-(-min(n, len(by_pair[k])) // per_row) for k in order) * tile
    img = Image.new("L", (left + per_row * tile, height), 0)
    d = ImageDraw.Draw(img)
    y0 = 0
    for key in order:
        pick = by_pair[key]
        pick = [pick[k] for k in rng.permutation(len(pick))[:n]]
        d.text((6, y0 + 6), f"{key[0]}\ncalled {key[1]}\n{len(by_pair[key])} series", fill=255,
               font=_font(14))
        for k, r in enumerate(pick):
            s = by_id[r["series"]]
            sl = series_inputs(s)                      # the slices the model scored
            x = window_batch(sl[len(sl) // 2:len(sl) // 2 + 1], (1, 99))[0]
            t = Image.fromarray((np.clip(x, 0, 1) * 255).astype(np.uint8)).resize((tile, tile))
            img.paste(t, (left + (k % per_row) * tile, y0 + (k // per_row) * tile))
        y0 += -(-len(pick) // per_row) * tile
    return img, counts


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("report")
    ap.add_argument("group")
    ap.add_argument("--out", required=True)
    ap.add_argument("--per-row", type=int, default=8)
    ap.add_argument("--rows-per-label", type=int, default=2)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--data", default=DEFAULT_DATA)
    ap.add_argument("--cache", default=DEFAULT_CACHE)
    args = ap.parse_args(argv)
    rep = json.load(open(args.report))
    series = load_dataset(args.data, rep.get("recipe", {}).get("size", 128), args.cache,
                          derive=rep.get("recipe", {}).get("derived_adc", True),
                          fill=FILL_OF_VERSION[rep.get("recipe", {}).get("prep", PREP_VERSION)],
                          log=lambda m: None)
    img, counts = montage(rep, args.group, {s.series_id: s for s in series}, args.per_row,
                          args.rows_per_label, args.seed)
    img.save(args.out)
    print(f"{args.out}: {counts}")


if __name__ == "__main__":
    main()
