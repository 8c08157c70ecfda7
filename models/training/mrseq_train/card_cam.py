"""Grad-CAM part of the model card: example grid (fold models on held-out slices, and the shipped
ONNX model) and where the class activation maps lie."""
from __future__ import annotations

import os
from collections import defaultdict

import numpy as np
import torch
import torch.nn.functional as F

from . import figures
from . import metrics as M
from .labels import LABEL_INDEX, MODEL_LABELS
from .loso import fold_checkpoint, load_fold
from .metrics import fmt
from .preprocess import window_batch
from .trainer import series_inputs



@torch.no_grad()
def torch_cam(model, x: np.ndarray, size: int):
    logits, cam = model(torch.from_numpy(x)[:, None])
    up = F.interpolate(cam, size=(size, size), mode="bilinear", align_corners=False)
    return logits.numpy(), up.numpy()


def onnx_cam(session, x: np.ndarray, size: int):
    logits, cam = session.run(["logits", "cam"], {session.get_inputs()[0].name: x[:, None]})
    up = F.interpolate(torch.from_numpy(cam), size=(size, size), mode="bilinear", align_corners=False)
    return logits, up.numpy()


def cam_shares(raw: np.ndarray, cam: np.ndarray) -> tuple:
    """(share of positive CAM mass on the head, share of the head's CAM mass on its brightest
    tenth of pixels, head area share); uniform attention gives the area share and 0.10."""
    lo, hi = np.percentile(raw, [1, 99])
    g = np.clip((raw - lo) / max(hi - lo, 1e-6), 0, 1)
    head = g > 0.1
    c = np.maximum(cam, 0)
    tot = c.sum()
    if tot <= 0 or not head.any():
        return float("nan"), float("nan"), float("nan")
    bright = head & (g >= np.quantile(g[head], 0.9))
    return (float(c[head].sum() / tot), float(c[bright].sum() / max(c[head].sum(), 1e-12)),
            float(head.mean()))


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
