"""Leave-one-source-out evaluation: train on all other sources, test on the held-out group."""
from __future__ import annotations

import os
import re

import numpy as np
import torch

from .camstats import cam_shares, torch_cam
from .labels import CORE_LABELS, LABEL_INDEX, MODEL_LABELS, load_label_config
from .adapt import predict_adapted
from .metrics import aggregate_series, fmt, format_confusion
from .network import from_config
from .splits import loso_folds
from .preprocess import window_batch
from .trainer import predict_series, series_inputs, summarize, train


def cam_head_mass(model, series: list, mean: float, std: float, per_series: int = 4) -> list:
    """Share of the true class's positive CAM mass on the head, for up to `per_series` slices of
    each series (acquisition plane), as the model card measures it."""
    out = []
    for s in series:
        raw = series_inputs(s, per_series)
        _, cam = torch_cam(model, window_batch(raw, (1, 99), mean, std), raw.shape[-1])
        out += [cam_shares(raw[k], cam[k, LABEL_INDEX[s.label]]) for k in range(len(raw))]
    return [t for t in out if not np.isnan(t[0])]


def loso_group(family: str, cfg: dict | None = None) -> str:
    cfg = cfg or load_label_config()
    for g, members in cfg.get("loso_groups", {}).items():
        if any(m in family for m in members):
            return g
    return family


def grouped_folds(series: list, only=None):
    """[(group, train, test)] with families merged per labels.json `loso_groups`."""
    cfg = load_label_config()
    fam2group = {s.family: loso_group(s.family, cfg) for s in series}
    for s in series:
        s.meta["loso_group"] = fam2group[s.family]

    class _View:                                   # loso_folds works on .family
        def __init__(self, s):
            self.s, self.family, self.subject = s, s.meta["loso_group"], s.subject
    views = [_View(s) for s in series]
    groups = sorted(set(fam2group.values()))
    if only:
        groups = [g for g in groups if g in only]
    out = []
    for g, tr, te in loso_folds(views, groups):
        out.append((g, [v.s for v in tr], [v.s for v in te]))
    return out


def fold_checkpoint(save_dir: str, group: str) -> str:
    """Path of a fold's saved model (group names may contain '/' or ':')."""
    return os.path.join(save_dir, re.sub(r"[^A-Za-z0-9_.-]", "_", group) + ".pt")


def load_fold(path: str):
    """(model in eval mode, info with mean/std/size/steps_done) from a checkpoint run_loso saved."""
    return fold_from_checkpoint(torch.load(path, map_location="cpu", weights_only=False))


def fold_from_checkpoint(ck: dict):
    """load_fold's pair from a loaded checkpoint: run_loso's, or train.py's (whose steps_done sits
    in its training record)."""
    model = from_config(ck["config"])
    model.load_state_dict(ck["state_dict"])
    return model.eval(), {"mean": ck["mean"], "std": ck["std"], "size": ck.get("size"),
                          "steps_done": ck.get("steps_done", ck.get("training", {}).get("steps_done")),
                          "wall_s": 0.0}


class HeldOutScores:
    """Held-out outputs of one model variant, accumulated over folds (or source groups)."""

    def __init__(self):
        self.per_group, self.pooled, self.series, self.cam = {}, [], [], []

    def add(self, g: str, model, info: dict, te: list, predict_kw: dict | None, log=print,
            tag: str = "") -> None:
        kw = dict(predict_kw or {})
        adapt = kw.pop("adapt", "")
        preds = (predict_adapted(model, te, info["mean"], info["std"], adapt, **kw) if adapt else
                 predict_series(model, te, info["mean"], info["std"], **kw))
        self.pooled += preds
        shares = cam_head_mass(model, te, info["mean"], info["std"])
        self.cam += shares
        self.series += [{"series": s.series_id, "group": g, "label": s.label,
                         "data_label": s.data_label, "source": s.source, "subject": s.subject,
                         "logits": np.round(lg, 4).tolist(),
                         "pred": MODEL_LABELS[int(aggregate_series(lg).argmax())],
                         "slice_preds": [MODEL_LABELS[int(k)] for k in lg.argmax(1)]}
                        for s, lg in preds]
        r = summarize(preds)
        pg = {k: r[k] for k in ("n_series", "n_slices", "slice_balanced_acc",
                                "slice_balanced_acc_core4", "series_acc", "series_acc_core4",
                                "series_balanced_acc", "slice_recall")}
        pg["steps_done"], pg["wall_s"] = info["steps_done"], info["wall_s"]
        pg["cam_head_mass"] = float(np.mean([t[0] for t in shares])) if shares else None
        pg["head_area"] = float(np.mean([t[2] for t in shares])) if shares else None
        self.per_group[g] = pg
        log(f"   {g}{tag}: slice bal {r['slice_balanced_acc']:.3f} series acc {r['series_acc']:.3f}")

    def result(self) -> dict:
        total = summarize(self.pooled) if self.pooled else {}
        if self.cam:
            total["cam_head_mass"] = float(np.mean([t[0] for t in self.cam]))
            total["head_area"] = float(np.mean([t[2] for t in self.cam]))
        return {"per_group": self.per_group, "pooled": total, "series": self.series}


def run_loso(series: list, train_kw: dict, only=None, log=print, save_dir: str = "",
             from_dir: str = "", predict_kw: dict | None = None) -> dict:
    """Train one model per held-out group; pooled and per-group metrics (raw argmax, T=1).
    With `save_dir`, each fold's model is saved as <save_dir>/<group>.pt (for Grad-CAM figures
    on data its model never saw); with `from_dir`, those saved fold models are re-evaluated
    (e.g. with test-time augmentation in `predict_kw`) instead of training new ones. When
    training returns the last weights beside a weight average (`ema`), those are scored too and
    returned under "raw" (the same folds, the same batches: an A/B without a second run)."""
    main, raw = HeldOutScores(), HeldOutScores()
    for g, tr, te in grouped_folds(series, only):
        if not te:
            continue
        log(f"== fold {g}: train {len(tr)} series, test {len(te)} series")
        if from_dir:
            model, info = load_fold(fold_checkpoint(from_dir, g))
        else:
            model, info = train(tr, [], log=log, **train_kw)
        if save_dir:
            os.makedirs(save_dir, exist_ok=True)
            torch.save({"config": model.config, "state_dict": model.state_dict(),
                        "mean": info["mean"], "std": info["std"], "group": g,
                        "steps_done": info["steps_done"], "size": info["size"]},
                       fold_checkpoint(save_dir, g))
        dev = train_kw.get("device", "cpu")       # score where it trained (a GPU), then back
        main.add(g, model.to(dev), info, te, predict_kw, log)
        model.cpu()
        if info.get("raw_model") is not None:
            raw.add(g, info["raw_model"].to(dev), info, te, predict_kw, log, " (last weights)")
            info["raw_model"].cpu()
    res = main.result()
    if raw.per_group:
        res["raw"] = raw.result()
    return res


def loso_table(res: dict) -> str:
    """Per held-out group and pooled: slice balanced accuracy and series accuracy, for all
    classes and for the core classes (labels.json `core_labels`)."""
    core = "/".join(CORE_LABELS)
    lines = [f"| held-out source group | series | slices | steps | slice bal. acc (7) | "
             f"slice bal. acc ({core}) | series acc (7) | series acc ({core}) | "
             "series bal. acc (7) | CAM mass on head (head area) |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    keys = ("slice_balanced_acc", "slice_balanced_acc_core4", "series_acc", "series_acc_core4",
            "series_balanced_acc")

    def row(name, r, steps, b=""):
        cam = (f"{fmt(r['cam_head_mass'], 2)} ({fmt(r.get('head_area'), 2)})"
               if r.get("cam_head_mass") is not None else "-")
        cells = [name, r["n_series"], r["n_slices"], steps, *(f"{b}{fmt(r.get(k))}{b}" for k in keys),
                 cam]
        return "|" + "|".join(f" {c} " if c != "" else " " for c in cells) + "|"
    lines += [row(g, r, r.get("steps_done", "-")) for g, r in res["per_group"].items()]
    if res["pooled"]:
        lines.append(row("**pooled**", res["pooled"], "", "**"))
    return "\n".join(lines)


def report_markdown(res: dict) -> str:
    lines = [loso_table(res)]
    p = res["pooled"]
    if p:
        lines += ["", "Pooled slice recall: " + ", ".join(
            f"{k} {fmt(v)}" for k, v in p["slice_recall"].items()),
            "", "Pooled slice confusion (rows true, columns predicted):", "```",
            format_confusion(np.array(p["slice_confusion"]), MODEL_LABELS), "```",
            "", "Pooled series confusion:", "```",
            format_confusion(np.array(p["series_confusion"]), MODEL_LABELS), "```"]
    return "\n".join(lines)
