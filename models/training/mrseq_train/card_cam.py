"""Grad-CAM part of the model card: example grid (fold models on held-out slices, and the shipped
ONNX model) and where the class activation maps lie."""
from __future__ import annotations

import os
from collections import defaultdict

import numpy as np

from . import figures
from . import metrics as M
from .labels import LABEL_INDEX, MODEL_LABELS
from .loso import fold_checkpoint, load_fold
from .metrics import fmt
from .preprocess import window_batch
from .camstats import cam_shares, onnx_cam, torch_cam
from .trainer import series_inputs


def block_cam(res: dict, by_id: dict, fold_dir: str, session, model_meta: dict, out_dir: str,
              inventory: list) -> str:
    size = model_meta["input"]["size"] if "size" in model_meta.get("input", {}) else 128
    norm = model_meta["normalization"]
    pct = tuple(model_meta.get("preprocessing", {}).get("percentiles", (1, 99)))
    lic = {r["file"]: (r["source"].replace("github:", ""), r.get("license", "?")) for r in inventory}
    folds = {}
    stats = defaultdict(list)
    examples: dict = {}
    for r in res["series"]:
        s = by_id.get(r["series"])
        path = fold_checkpoint(fold_dir, r["group"])
        if s is None or not os.path.exists(path):
            continue
        if r["group"] not in folds:
            folds[r["group"]] = load_fold(path)
        model, info = folds[r["group"]]
        mean, std = info["mean"], info["std"]
        raw = series_inputs(s)
        lg, cam = torch_cam(model, window_batch(raw, pct, mean, std), raw.shape[-1])
        y = LABEL_INDEX[r["label"]]
        for k in range(len(raw)):
            stats[r["label"]].append(cam_shares(raw[k], cam[k, y]))
        mid = len(raw) // 2
        pred = int(lg[mid].argmax())
        key = (r["label"], pred == y)
        if key not in examples:           # first held-out series of each (label, right/wrong)
            examples[key] = (s, raw[mid], cam[mid, y if pred == y else pred], pred,
                             float(M.softmax(lg[mid:mid + 1])[0, pred]))
    rows = []
    for lab in MODEL_LABELS:
        tiles, caps = [], []
        for ok in (True, False):
            ex = examples.get((lab, ok))
            if ex is None:
                tiles += [np.zeros((size, size)), np.zeros((size, size))]
                caps += ["(none held out)" if ok else "(no error)", ""]
                continue
            s, raw, cam, pred, prob = ex
            tiles += [raw, figures.cam_overlay(raw, cam)]
            src, li = lic.get(s.file, ("?", "?"))
            caps += [f"{src[:22]}", f"-> {MODEL_LABELS[pred]} {prob:.2f}"]
        ex = examples.get((lab, True)) or examples.get((lab, False))
        if ex is not None and session is not None:
            x = window_batch(ex[1][None], pct, norm["mean"], norm["std"])
            lg, cam = onnx_cam(session, x, ex[1].shape[-1])
            tiles.append(figures.cam_overlay(ex[1], cam[0, LABEL_INDEX[lab]]))
            caps.append(f"shipped: {MODEL_LABELS[int(lg[0].argmax())]}")
        rows.append((lab, tiles, caps))
    figures.grid_png(os.path.join(out_dir, "gradcam_examples.png"), rows,
                     ["held out, right", "CAM (true class)", "held out, wrong",
                      "CAM (predicted class)", "shipped model, CAM"],
                     "Grad-CAM (= CAM) on held-out slices, fold model that never saw the source")
    out = ["| class | held-out slices | head area (uniform map) | CAM mass on the head | "
           "head CAM mass on its brightest 10% (uniform: 0.10) |", "|---|---|---|---|---|"]
    for lab in MODEL_LABELS:
        v = np.array([t for t in stats[lab] if not np.isnan(t[0])])
        if len(v):
            out.append(f"| {lab} | {len(v)} | {fmt(float(v[:, 2].mean()), 2)} | "
                       f"{fmt(float(v[:, 0].mean()), 2)} | {fmt(float(v[:, 1].mean()), 2)} |")
    out += ["", "![Grad-CAM examples](card/gradcam_examples.png)"]
    return "\n".join(out)
