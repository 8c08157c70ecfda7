"""Write a pack of the extracted slices (mrseq_train/pack.py) and, optionally, float16 copies of
the converted nsfwjs weights: what a machine without `../shared` needs to run `evaluate.py --pack`.

Usage (repo root; .gpu/ is listed in .git/info/exclude by the developer, never committed):
  .venv/bin/python models/training/pack.py --size 160 --out .gpu/slices160.xz --weights .gpu/nsfwjs-f16.npz \
      --inception-weights .gpu/inception-f16.npz
"""
from __future__ import annotations

import argparse
import os
import sys

import numpy as np

from mrseq_train.data import DEFAULT_CACHE, DEFAULT_DATA, load_dataset
from mrseq_train.pack import write_pack
from mrseq_train.recipe import PRETRAINED_CACHE
from mrseq_train.inception import CamInceptionV3
from mrseq_train.mobilenet import CamMobileNetV2
from mrseq_train.pretrained import ensure_pretrained, ensure_pretrained_inception


def write_f16(path: str, tensors: dict) -> None:
    np.savez_compressed(path, **{k: v.astype(np.float16) for k, v in tensors.items()})
    print(f"{path}: {len(tensors)} tensors, {os.path.getsize(path) / 1e6:.1f} MB")


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--data", default=DEFAULT_DATA)
    ap.add_argument("--cache", default=DEFAULT_CACHE)
    ap.add_argument("--size", type=int, default=160)
    ap.add_argument("--max-acq", type=int, default=8, help="acquisition-plane slices per series")
    ap.add_argument("--max-other", type=int, default=2, help="other-plane slices per series")
    ap.add_argument("--out", required=True)
    ap.add_argument("--weights", default="", help="also write the nsfwjs weights in float16 here")
    ap.add_argument("--weights-cut", default="s8s",
                    help="only the MobileNetV2 tensors this cut reads ('full': all of them)")
    ap.add_argument("--inception-weights", default="",
                    help="also write nsfwjs's InceptionV3 through mixed5 in float16 here")
    args = ap.parse_args(argv)
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    series = load_dataset(args.data, args.size, args.cache)
    r = write_pack(series, args.out, args.max_acq, args.max_other)
    print(f"{args.out}: {r['series']} series, {r['slices']} slices at {r['size']} px, "
          f"{os.path.getsize(args.out) / 1e6:.1f} MB")
    if args.weights:
        z = np.load(ensure_pretrained(PRETRAINED_CACHE, print))
        keep = CamMobileNetV2(2, cut=args.weights_cut).pretrained_names(z.files).values()
        write_f16(args.weights, {k: z[k] for k in keep})
    if args.inception_weights:
        z = np.load(ensure_pretrained_inception(PRETRAINED_CACHE, print))
        write_f16(args.inception_weights,
                  {k: z[k] for k in CamInceptionV3(2, cut="mixed5").pretrained_keys()})


if __name__ == "__main__":
    sys.exit(main())
