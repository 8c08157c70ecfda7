"""What each leave-one-source-out fold trains on, per class: how many series and source families,
how many of them skull-stripped by their provider, and how many slices with the skull kept, in the
acquisition plane or reformatted. A held-out class whose fold has one family, or no unstripped
slices in the planes the held-out data comes in, measures generalisation from one source; no
recipe can be expected to close that gap. Reads the slice cache; trains nothing.

    .venv/bin/python models/training/fold_coverage.py [--only figshare_cheng,brats_tcga] [--classes T1,T1c]
"""
from __future__ import annotations

import argparse
import os
import sys
from collections import Counter

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from mrseq_train.labels import MODEL_LABELS  # noqa: E402
from mrseq_train.loso import grouped_folds  # noqa: E402
from mrseq_train.recipe import add_recipe_args, dataset_from_args  # noqa: E402


def class_coverage(train: list, test: list, labels=MODEL_LABELS) -> list:
    """Rows (dicts) for each class present in `test`."""
    rows = []
    for lab in labels:
        te = [s for s in test if s.label == lab]
        if not te:
            continue
        tr = [s for s in train if s.label == lab]
        kept = [s for s in tr if not s.meta.get("stripped", False)]
        per_family = Counter(s.family for s in tr)
        rows.append({
            "label": lab, "test_series": len(te), "test_slices": sum(len(s.slices) for s in te),
            "train_series": len(tr), "train_families": len(per_family),
            "largest_family_share": max(per_family.values()) / len(tr) if tr else 0.0,
            "train_stripped": len(tr) - len(kept),
            "unstripped_acq_slices": int(sum(int(s.acq.sum()) for s in kept)),
            "unstripped_reformat_slices": int(sum(int((~s.acq).sum()) for s in kept)),
        })
    return rows


def markdown(per_group: list) -> str:
    out = ["| held-out group | class | held-out series (slices) | fold's training series | "
           "source families | largest family's share | provider-stripped | unstripped slices, "
           "acquisition plane / reformatted |", "|---|---|---|---|---|---|---|---|"]
    for group, rows in per_group:
        for r in rows:
            out.append(f"| {group} | {r['label']} | {r['test_series']} ({r['test_slices']}) | "
                       f"{r['train_series']} | {r['train_families']} | "
                       f"{r['largest_family_share']:.2f} | {r['train_stripped']} | "
                       f"{r['unstripped_acq_slices']} / {r['unstripped_reformat_slices']} |")
    return "\n".join(out)


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    add_recipe_args(ap)
    ap.add_argument("--only", default="", help="comma-separated held-out group names")
    ap.add_argument("--classes", default="", help="comma-separated classes (default: all)")
    args = ap.parse_args(argv)
    only = [g for g in args.only.split(",") if g] or None
    classes = [c for c in args.classes.split(",") if c] or MODEL_LABELS
    unknown = sorted(set(classes) - set(MODEL_LABELS))
    if unknown:
        raise SystemExit(f"--classes: unknown {unknown}; model labels are {MODEL_LABELS}")
    series = dataset_from_args(args, log=lambda m: None)
    per_group = [(g, class_coverage(tr, te, classes)) for g, tr, te in grouped_folds(series, only)]
    print(markdown(per_group))


if __name__ == "__main__":
    main()
