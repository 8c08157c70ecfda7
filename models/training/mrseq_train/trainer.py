"""Class/source-balanced sampling, the training loop, series prediction and calibration."""
from __future__ import annotations

import json
import os
import time

import numpy as np
import torch
import torch.nn.functional as F

from . import metrics as M
from .augment import DEFAULT_P
from .batches import Batches
from .camstats import cam_background_share
from .data import evenly_spaced
from .encoding import balanced_probabilities, base_rate
from .labels import CORE_LABELS, LABEL_INDEX, MODEL_LABELS
from .mixstyle import SameClassMixStyle, WeightAverage, mixstyle_modules
from .mixup import Mixup, blended
from .network import build
from .preprocess import window_batch
from .sam import sam_step
from .schedule import lr_at, schedule_progress


class BalancedSampler:
    """Pick a class uniformly, then a source family (weight sqrt(#series), clipped to [1, 4]) so
    that no single source defines a class, then a series, then a slice (acquisition plane with
    probability `p_acq`)."""

    def __init__(self, series: list, labels=MODEL_LABELS, seed: int = 0, p_acq: float = 0.75,
                 class_weights: dict | None = None):
        self.rng = np.random.default_rng(seed)
        self.p_acq = p_acq
        self.tree: dict = {}
        for s in series:
            self.tree.setdefault(s.label, {}).setdefault(s.family, []).append(s)
        self.classes = [c for c in labels if c in self.tree]
        cw = np.array([(class_weights or {}).get(c, 1.0) for c in self.classes], float)
        self.class_p = cw / cw.sum()
        self.fam = {}
        for c in self.classes:
            fams = sorted(self.tree[c])
            w = np.clip(np.sqrt([len(self.tree[c][f]) for f in fams]), 1.0, 4.0)
            self.fam[c] = (fams, w / w.sum())
        self.label_index = {c: i for i, c in enumerate(labels)}

    def sample(self, n: int):
        xs, ys, _ = self.sample_flagged(n)
        return xs, ys

    def sample_flagged(self, n: int):
        """(slices, labels, stripped): `stripped` [n] bool, the slice's series is skull-stripped
        by its provider (data.is_skull_stripped). The same draws as `sample`."""
        xs, ys, st = [], [], []
        for c in self.rng.choice(self.classes, size=n, p=self.class_p):
            fams, fp = self.fam[c]
            group = self.tree[c][fams[self.rng.choice(len(fams), p=fp)]]
            s = group[self.rng.integers(len(group))]
            acq = np.nonzero(s.acq)[0]
            other = np.nonzero(~s.acq)[0]
            pool = acq if (other.size == 0 or (acq.size and self.rng.random() < self.p_acq)) else other
            xs.append(s.slices[pool[self.rng.integers(pool.size)]])
            ys.append(self.label_index[c])
            st.append(bool(s.meta.get("stripped", False)))
        return np.stack(xs), np.array(ys, np.int64), np.array(st, bool)


def series_inputs(s, max_slices: int = 12, acq_only: bool = True) -> np.ndarray:
    """Up to `max_slices` evenly spaced slices of a series (acquisition plane first)."""
    idx = np.nonzero(s.acq)[0] if (acq_only and s.acq.any()) else np.arange(len(s.acq))
    return s.slices[evenly_spaced(idx, max_slices)]


@torch.no_grad()
def predict_series(model, series: list, mean: float, std: float, max_slices: int = 12,
                   percentiles=(1, 99), batch: int = 64, tta: str = "") -> list:
    """[(series, slice logits [k, C])] with the exact inference preprocessing (steps 4-5).
    tta="flip" averages the logits of each slice and its left-right mirror."""
    model.eval()
    dev = next(model.parameters()).device
    out = []
    for s in series:
        x = torch.from_numpy(window_batch(series_inputs(s, max_slices), percentiles, mean, std))
        logits = []
        for i in range(0, len(x), batch):
            xb = x[i:i + batch][:, None].to(dev)
            lg = model(xb)[0]
            if tta == "flip":
                lg = 0.5 * (lg + model(torch.flip(xb, dims=[3]))[0])
            logits.append(lg.cpu().numpy())
        out.append((s, np.concatenate(logits)))
    return out


def summarize(preds: list, temperature: float = 1.0, labels=MODEL_LABELS) -> dict:
    """Slice- and series-level accuracy (all classes and the 4 core classes), confusions."""
    li = {c: i for i, c in enumerate(labels)}
    core = [li[c] for c in CORE_LABELS]
    ys, ps, sy, sp = [], [], [], []
    for s, lg in preds:
        y = li[s.label]
        ys += [y] * len(lg)
        ps += list(lg.argmax(1))
        sy.append(y)
        sp.append(int(M.aggregate_series(lg, temperature).argmax()))
    ys, ps, sy, sp = map(np.array, (ys, ps, sy, sp))
    in_core = np.isin(sy, core)
    return {
        "n_series": int(len(sy)), "n_slices": int(len(ys)),
        "slice_balanced_acc": M.balanced_accuracy(ys, ps),
        "slice_balanced_acc_core4": M.balanced_accuracy(ys, ps, core),
        "series_acc": float(np.mean(sy == sp)) if len(sy) else float("nan"),
        "series_acc_core4": (float(np.mean(sy[in_core] == sp[in_core])) if in_core.any()
                             else float("nan")),
        "series_balanced_acc": M.balanced_accuracy(sy, sp),
        "series_balanced_acc_core4": M.balanced_accuracy(sy, sp, core),
        "slice_recall": M.per_class_recall(ys, ps, labels),
        "slice_confusion": M.confusion(ys, ps, len(labels)).tolist(),
        "series_confusion": M.confusion(sy, sp, len(labels)).tolist(),
    }


def norm_stats(series: list, rng: np.random.Generator, n: int = 512, percentiles=(1, 99)):
    """Mean and std of windowed (step 4) training slices, rounded for model.json."""
    pick = [s.slices[rng.integers(len(s.slices))] for s in
            (series[i] for i in rng.integers(len(series), size=n))]
    x = window_batch(np.stack(pick), percentiles)
    return round(float(x.mean()), 4), round(float(x.std()), 4)


def build_model(arch: str, widths=(24, 48, 96, 192), cut: str = "s16", pretrained: str = "",
                log=print, dropout: float = 0.0):
    """A network for MODEL_LABELS; `pretrained` (mobilenetv2, inceptionv3): converted weights to start from;
    `dropout`: on the last feature map, before the class maps (training only)."""
    kw = ({"widths": tuple(widths)} if arch == "compact" else
          {"in_channels": 1, "cut": cut} if arch in ("mobilenetv2", "inceptionv3") else
          {"in_channels": 1})
    if dropout:
        kw["dropout"] = dropout
    model = build(arch, len(MODEL_LABELS), **kw)
    if pretrained:
        if not hasattr(model, "load_pretrained"):
            raise ValueError(f"--pretrained is not supported for {arch}")
        log(f"pretrained weights: {model.load_pretrained(pretrained)}")
    return model


def train(train_series: list, val_series: list, arch: str = "compact", widths=(24, 48, 96, 192),
          size: int = 128, steps: int = 3000, batch: int = 32, lr: float = 3e-3,
          weight_decay: float = 5e-4, label_smoothing: float = 0.1, seed: int = 0,
          eval_every: int = 1000, aug: dict | None = None, log=print, time_limit_s: float = 0,
          device: str = "cpu", cut: str = "s16", pretrained: str = "",
          backbone_lr_mult: float = 1.0, cam_bg_weight: float = 0.0, prefetch: int = 1,
          mixstyle: float = 0.0, mixstyle_blocks: str = "2,5", mixstyle_alpha: float = 0.1,
          ema: float = 0.0, p_acq: float = 0.75, sam: float = 0.0, dropout: float = 0.0,
          mixup: float = 0.0):
    """Train; returns (model, info dict), the model back on the CPU. The learning-rate schedule
    follows max(step/steps, elapsed/time_limit_s), so a time limit still ends with a fully decayed
    rate. `device` ("cuda" on a GPU machine) only moves the network and the batches; sampling and
    augmentation stay on the CPU. With `pretrained`, the backbone learns at `backbone_lr_mult`
    times the head's rate. `cam_bg_weight` adds that weight times `cam_background_share` to the
    loss (evidence for the true class placed outside the head). `prefetch` 1 prepares batches in
    a forked worker process (same batches as 0, the serial path). `mixstyle` > 0: with that
    probability per batch, same-class MixStyle after `mixstyle_blocks` (mixstyle.py). `ema` > 0:
    the returned model is the moving average of the weights with that decay, and info["raw_model"]
    the network as the last step left it. `sam` > 0: sharpness-aware minimisation with that
    radius (sam.sam_step): each step's gradient is taken at the weights moved `sam` along the
    normalised gradient, so about twice the time per step. `mixup` > 0: blends of two slices
    with the blend of their losses (mixup.py), blend weights ~ Beta(mixup, mixup)."""
    torch.manual_seed(seed)
    torch.set_flush_denormal(True)           # denormal gradients slow CPU kernels; no accuracy role
    rng = np.random.default_rng(seed)
    mean, std = norm_stats(train_series, rng)
    model = build_model(arch, widths, cut, pretrained, log, dropout).to(device)
    if arch == "mobilenetv2":     # depthwise convolutions: ~3x faster on this CPU in channels_last
        model = model.to(memory_format=torch.channels_last)
    head = [p for n, p in model.named_parameters() if n.startswith("fc.")]
    body = [p for n, p in model.named_parameters() if not n.startswith("fc.")]
    opt = torch.optim.AdamW([{"params": body, "lr_mult": backbone_lr_mult},
                             {"params": head, "lr_mult": 1.0}], lr=lr, weight_decay=weight_decay)
    sampler = BalancedSampler(train_series, seed=seed, p_acq=p_acq)
    if aug and aug.get("encode_balance"):
        aug = {**aug, "encode_p": balanced_probabilities(
            sampler, MODEL_LABELS, base_rate({**DEFAULT_P, **aug}))}
        log("encoding draw per class: " + ", ".join(
            f"{c} {p:.2f}" for c, p in zip(MODEL_LABELS, aug["encode_p"]) if c in sampler.classes))
    avg = WeightAverage(model, ema) if ema > 0 else None      # copied before any hook is added
    mix = (SameClassMixStyle(mixstyle_modules(model, mixstyle_blocks), mixstyle, mixstyle_alpha,
                             seed) if mixstyle > 0 else None)
    batches = Batches(sampler, rng, batch, aug, mean, std, steps, workers=prefetch)
    mixer = Mixup(mixup, seed) if mixup > 0 else None
    t0, hist, run_loss = time.time(), [], 0.0
    step = 0
    for step, (xb, yb) in enumerate(batches, start=1):
        progress = schedule_progress(step, steps, t0, time_limit_s)
        if progress > 1.0:
            log(f"time limit reached at step {step}")
            step -= 1
            break
        for g in opt.param_groups:
            g["lr"] = lr_at(progress, lr) * g["lr_mult"]
        model.train()
        x = torch.from_numpy(xb)[:, None].to(device)
        y = torch.from_numpy(yb).to(device)
        if mix is not None:
            mix.set_labels(yb)
        x, y_a, y_b, lam = mixer(x, y) if mixer is not None else (x, y, y, 1.0)

        def batch_loss():
            logits, cam = model(x)
            x01 = x * std + mean

            def loss_for(t):
                out = F.cross_entropy(logits, t, label_smoothing=label_smoothing)
                if cam_bg_weight > 0:
                    out = out + cam_bg_weight * cam_background_share(cam, t, x01).mean()
                return out
            return blended(loss_for, y_a, y_b, lam)

        opt.zero_grad(set_to_none=True)
        loss = batch_loss()
        loss.backward()
        if sam > 0:
            sam_step(model, batch_loss, sam)
        opt.step()
        if avg is not None:
            avg.update(model)
        run_loss = 0.98 * run_loss + 0.02 * loss.item() if step > 1 else loss.item()
        if step % 100 == 0:
            log(f"{time.strftime('%H:%M:%S')} step {step}/{steps} loss {run_loss:.3f} "
                f"lr {opt.param_groups[-1]['lr']:.2e} {(time.time() - t0) / step:.3f}s/step")
        if val_series and step % eval_every == 0:
            r = summarize(predict_series(model, val_series, mean, std))
            hist.append({"step": step, **{k: r[k] for k in ("slice_balanced_acc", "series_acc",
                                                          "series_balanced_acc")}})
            log(f"  val step {step}: slice bal {r['slice_balanced_acc']:.3f} series acc "
                f"{r['series_acc']:.3f} recall {fmt_recall(r['slice_recall'])}")
    batches.close()
    if mix is not None:
        mix.remove()
    extra = {}
    if avg is not None:
        extra["raw_model"] = model.cpu().eval()
        model = avg.model
    model = model.cpu().eval()
    return model, {**extra, "mean": mean, "std": std, "steps_done": step, "history": hist,
                   "wall_s": round(time.time() - t0, 1), "arch": arch, "widths": list(widths),
                   "size": size, "batch": batch, "lr": lr, "seed": seed, "cut": cut,
                   "pretrained": os.path.basename(pretrained) if pretrained else "",
                   "backbone_lr_mult": backbone_lr_mult, "cam_bg_weight": cam_bg_weight,
                   "mixstyle": mixstyle, "mixstyle_blocks": mixstyle_blocks if mixstyle else "",
                   "ema": ema, "p_acq": p_acq, "sam": sam, "weight_decay": weight_decay,
                   "dropout": dropout, "mixup": mixup}


def fmt_recall(rec: dict) -> str:
    return " ".join(f"{k}:{'-' if v is None else f'{v:.2f}'}" for k, v in rec.items())


def calibrate(model, val_series: list, mean: float, std: float):
    """(temperature, unknown_threshold, validation summary) from validation slices."""
    preds = predict_series(model, val_series, mean, std)
    if not preds:
        return 1.0, 0.5, {}
    return calibrate_from_preds(preds)


def calibrate_from_preds(preds: list):
    """(temperature, unknown_threshold, summary) from [(series, slice logits)] held-out pairs:
    a validation split, or the out-of-fold logits of a leave-one-source-out run."""
    lg = np.concatenate([p for _, p in preds])
    y = np.concatenate([[LABEL_INDEX[s.label]] * len(p) for s, p in preds])
    temp = M.fit_temperature(lg, y)
    thr = M.choose_unknown_threshold(M.softmax(lg, temp), y)
    summ = summarize(preds, temp)
    summ.update(temperature=temp, nll_T1=M.nll(lg, y, 1.0), nll_T=M.nll(lg, y, temp),
                unknown_threshold=thr, ece_T1=M.ece(M.softmax(lg, 1.0), y),
                ece_T=M.ece(M.softmax(lg, temp), y))
    return temp, thr, summ


class HeldOut:
    """A held-out series as stored in a leave-one-source-out JSON (label, group, logits)."""

    def __init__(self, row: dict):
        self.label, self.series_id = row["label"], row["series"]
        self.group, self.source = row.get("group", ""), row.get("source", "")


def load_out_of_fold(path: str) -> list:
    """[(HeldOut, slice logits)] from an evaluate.py result saved with per-series logits."""
    with open(path) as f:
        rows = json.load(f)["series"]
    if not rows or "logits" not in rows[0]:
        raise ValueError(f"{path} has no per-series logits (rerun evaluate.py)")
    return [(HeldOut(r), np.asarray(r["logits"], np.float64)) for r in rows]
