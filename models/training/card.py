"""Regenerate the numbers and figures of a model card (MODEL_CARD.md blocks + card/*.png).

Usage (repo root), after evaluate.py and train.py:
  .venv/bin/python models/training/card.py --loso .cache/loso/loso-card.json --model models/mrseq-v1
Reads the leave-one-source-out result (out-of-fold logits; fold checkpoints in .cache/loso/<name>/),
the exported model (model.json, model.onnx) and the data; rewrites only the text between
`<!-- card:NAME -->` markers of <model>/MODEL_CARD.md.
"""
from __future__ import annotations

import argparse
import json
import os
import tempfile

from mrseq_train import card as C
from mrseq_train.card_cam import block_cam
from mrseq_train.data import DEFAULT_CACHE, DEFAULT_DATA, REPO_ROOT, load_dataset, read_inventory
from mrseq_train.preprocess import FILL_OF_VERSION
from mrseq_train.export import ort_session
from mrseq_train.shipped import default_model_dir


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--loso", required=True, help="evaluate.py result JSON")
    ap.add_argument("--model", default=default_model_dir())
    ap.add_argument("--data", default=DEFAULT_DATA)
    ap.add_argument("--cache", default=DEFAULT_CACHE)
    ap.add_argument("--no-latency", action="store_true", help="skip the onnxruntime-node timing")
    ap.add_argument("--no-product-check", action="store_true",
                    help="skip running `mrseq classify` over the data (needs node_modules)")
    args = ap.parse_args(argv)
    with open(args.loso) as f:
        res = json.load(f)
    with open(os.path.join(args.model, "model.json")) as f:
        meta = json.load(f)
    out_dir = os.path.join(args.model, "card")
    os.makedirs(out_dir, exist_ok=True)
    size = meta["input"].get("size", 128)
    prep = meta.get("preprocessing", {}).get("version", "mrseq-prep-1")
    series = load_dataset(args.data, size, args.cache, fill=FILL_OF_VERSION[prep])
    inventory = read_inventory(args.data)
    fold_dir = os.path.splitext(args.loso)[0]
    session = ort_session(os.path.join(args.model, meta["onnx"]["file"]))
    lat = None if args.no_latency else C.node_latency(REPO_ROOT, os.path.relpath(args.model, REPO_ROOT))
    blocks = {
        "data": C.block_data(series, inventory),
        "loso": C.block_loso(res),
        "confusion": C.confusion_figures(res, out_dir),
        "routing": C.block_routing(res),
        "calibration": C.block_calibration(res, meta["calibration"]["temperature"],
                                           meta["decision"]["unknown_threshold"], out_dir,
                                           meta["decision"]["min_slice_agreement"]),
        "gradcam": block_cam(res, {s.series_id: s for s in series}, fold_dir, session, meta,
                               out_dir, inventory),
        "runtime": C.block_runtime(args.model, meta, lat),
    }
    if not args.no_product_check:
        with tempfile.TemporaryDirectory() as tmp:
            blocks["product"] = C.block_product(REPO_ROOT, args.data, args.model, series, session,
                                                meta, os.path.join(tmp, "classify.json"))
    card = os.path.join(args.model, "MODEL_CARD.md")
    C.write_blocks(card, blocks, f"# {meta['name']} model card\n")
    with open(os.path.join(out_dir, "numbers.json"), "w") as f:
        json.dump({"loso_command": res.get("command"), "loso_pooled": {
            k: v for k, v in res["pooled"].items() if not k.endswith("confusion")},
            "per_group": res["per_group"], "latency_node_1thread": lat,
            "training": {k: meta.get("training", {}).get(k) for k in ("command", "wall_time_s",
                                                                     "steps_done")}}, f, indent=1)
    print(f"wrote {card} and {out_dir}/")


if __name__ == "__main__":
    main()
