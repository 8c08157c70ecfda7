"""Compare leave-one-source-out runs on the groups they share, from their JSON reports
(.cache/loso/<name>.json, written by evaluate.py): pooled slice/series measures, per-class slice
recall and per-group numbers, as markdown for RESULTS.md. An arm may join several reports
(e.g. a 3-group A/B run and the run of the other groups): `name=a.json+b.json`.

Usage (repo root):
  .venv/bin/python models/training/compare.py v2=.cache/loso/loso-v2.json \
      stripT1=.cache/loso/ab-stripT1.json+.cache/loso/loso-stripT1.json [--only g1,g2]
  an ensemble of two runs' fold models (mean slice log-probabilities): "both=a.json&b.json"
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from types import SimpleNamespace

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from mrseq_train.labels import MODEL_LABELS  # noqa: E402
from mrseq_train.metrics import fmt  # noqa: E402
from mrseq_train.trainer import summarize  # noqa: E402


def ensemble(paths: list[str]) -> list:
    """Series records of several reports on the same held-out series (e.g. two seeds' folds), each
    with the mean of the members' slice log-probabilities as its logits; only series every member
    scored, with the same number of slices."""
    reps = [{(r["group"], r["series"]): r for r in json.load(open(p))["series"]} for p in paths]
    out = []
    for key in sorted(set.intersection(*(set(r) for r in reps))):
        lg = [np.asarray(r[key]["logits"], np.float64) for r in reps]
        if len({x.shape for x in lg}) != 1:
            raise SystemExit(f"ensemble: series {key[1]} has different slices in {' & '.join(paths)}")
        lp = [x - x.max(1, keepdims=True) for x in lg]
        lp = [x - np.log(np.exp(x).sum(1, keepdims=True)) for x in lp]
        out.append({**reps[0][key], "logits": np.mean(lp, 0).tolist()})
    return out


def load_arm(spec: str) -> tuple[str, list]:
    """'name=a.json+b.json' -> (name, series records); a group in two reports is an error.
    'a.json&b.json' in place of one report: the ensemble of the two (`ensemble`)."""
    name, _, files = spec.partition("=")
    if not files:
        raise SystemExit(f"arm {spec!r}: expected name=report.json[+report.json]")
    records, seen = [], {}
    for f in files.split("+"):
        rep = {"series": ensemble(f.split("&"))} if "&" in f else json.load(open(f))
        groups = {r["group"] for r in rep["series"]}
        for g in groups:
            if g in seen:
                raise SystemExit(f"arm {name}: group {g} is in both {seen[g]} and {f}")
            seen[g] = f
        records += rep["series"]
    return name, records


def pooled(records: list) -> dict:
    preds = [(SimpleNamespace(label=r["label"]), np.asarray(r["logits"], np.float32)) for r in records]
    return summarize(preds)


def compare(arms: list[tuple[str, list]], only: list[str] | None = None) -> str:
    common = set.intersection(*({r["group"] for r in recs} for _, recs in arms))
    if only:
        missing = set(only) - common
        if missing:
            raise SystemExit(f"not in every arm: {', '.join(sorted(missing))}")
        common = set(only)
    groups = sorted(common)
    out = [f"Groups ({len(groups)}): {', '.join(groups)}", ""]
    head = ("| arm | series | slices | slice bal. (7) | slice bal. (core) | series (7) | series (core) "
            "| series bal. (7) | " + " / ".join(MODEL_LABELS) + " slice recall |")
    out += [head, "|" + "---|" * 9]
    per_group = {}
    for name, recs in arms:
        mine = [r for r in recs if r["group"] in common]
        p = pooled(mine)
        rec = " / ".join(fmt(p["slice_recall"].get(c), 2) for c in MODEL_LABELS)
        out.append(f"| {name} | {p['n_series']} | {p['n_slices']} | {fmt(p['slice_balanced_acc'])} | "
                   f"{fmt(p['slice_balanced_acc_core4'])} | {fmt(p['series_acc'])} | "
                   f"{fmt(p['series_acc_core4'])} | {fmt(p['series_balanced_acc'])} | {rec} |")
        for g in groups:
            per_group.setdefault(g, {})[name] = pooled([r for r in mine if r["group"] == g])
    names = [n for n, _ in arms]
    out += ["", "| held-out group | " + " | ".join(f"{n} slice bal. (7)" for n in names) + " | "
            + " | ".join(f"{n} series acc" for n in names) + " |",
            "|" + "---|" * (1 + 2 * len(names))]
    for g in groups:
        r = per_group[g]
        out.append(f"| {g} | " + " | ".join(fmt(r[n]["slice_balanced_acc"]) for n in names) + " | "
                   + " | ".join(fmt(r[n]["series_acc"]) for n in names) + " |")
    return "\n".join(out)


def main(argv=None) -> str:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("arms", nargs="+", help="name=report.json[+report.json]; report may be a.json&b.json (ensemble)")
    ap.add_argument("--only", default="", help="comma-separated groups (default: every shared group)")
    args = ap.parse_args(argv)
    text = compare([load_arm(a) for a in args.arms], [g for g in args.only.split(",") if g] or None)
    print(text)
    return text


if __name__ == "__main__":
    main()
