"""Accuracy measures, confusion matrices, temperature calibration and the unknown threshold."""
from __future__ import annotations

import numpy as np


def fmt(v, d: int = 3) -> str:
    """A metric for a markdown table: '-' for None/NaN (a class or group with no samples)."""
    return "-" if v is None or (isinstance(v, float) and np.isnan(v)) else f"{v:.{d}f}"


def softmax(z: np.ndarray, temperature: float = 1.0) -> np.ndarray:
    z = np.asarray(z, np.float64) / temperature
    z = z - z.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


def confusion(y_true, y_pred, n: int) -> np.ndarray:
    m = np.zeros((n, n), np.int64)
    for t, p in zip(y_true, y_pred):
        m[int(t), int(p)] += 1
    return m


def balanced_accuracy(y_true, y_pred, classes=None) -> float:
    """Mean recall over the classes present in y_true (optionally restricted to `classes`)."""
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    present = sorted(set(y_true.tolist()) if classes is None else
                     set(y_true.tolist()) & set(classes))
    if not present:
        return float("nan")
    return float(np.mean([np.mean(y_pred[y_true == c] == c) for c in present]))


def per_class_recall(y_true, y_pred, labels) -> dict:
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    return {lab: (float(np.mean(y_pred[y_true == i] == i)) if np.any(y_true == i) else None)
            for i, lab in enumerate(labels)}


def nll(logits: np.ndarray, y: np.ndarray, temperature: float) -> float:
    p = softmax(logits, temperature)
    return float(-np.mean(np.log(p[np.arange(len(y)), y] + 1e-12)))


def fit_temperature(logits: np.ndarray, y: np.ndarray) -> float:
    """Temperature minimising validation NLL (log-spaced grid, then a finer local grid)."""
    if len(y) == 0:
        return 1.0
    grid = np.exp(np.linspace(np.log(0.25), np.log(10.0), 61))
    best = min(grid, key=lambda t: nll(logits, y, t))
    fine = np.exp(np.linspace(np.log(best) - 0.06, np.log(best) + 0.06, 25))
    return float(min(fine, key=lambda t: nll(logits, y, t)))


def ece(probs: np.ndarray, y: np.ndarray, bins: int = 10) -> float:
    """Expected calibration error of the top-class probability (equal-width bins)."""
    conf, pred = probs.max(1), probs.argmax(1)
    edges = np.linspace(0.0, 1.0, bins + 1)
    total = 0.0
    for lo, hi in zip(edges[:-1], edges[1:]):
        m = (conf > lo) & (conf <= hi)
        if m.any():
            total += m.mean() * abs(np.mean(pred[m] == y[m]) - conf[m].mean())
    return float(total)


def reliability(probs: np.ndarray, y: np.ndarray, bins: int = 10) -> list:
    """[(bin low, bin high, count, mean confidence, accuracy)] for a reliability diagram."""
    conf, pred = probs.max(1), probs.argmax(1)
    edges = np.linspace(0.0, 1.0, bins + 1)
    out = []
    for lo, hi in zip(edges[:-1], edges[1:]):
        m = (conf > lo) & (conf <= hi)
        out.append((float(lo), float(hi), int(m.sum()),
                    float(conf[m].mean()) if m.any() else float("nan"),
                    float(np.mean(pred[m] == y[m])) if m.any() else float("nan")))
    return out


def choose_unknown_threshold(probs: np.ndarray, y: np.ndarray, keep_correct: float = 0.9,
                             lo: float = 0.3, hi: float = 0.8) -> float:
    """Highest max-probability threshold that still accepts `keep_correct` of the correctly
    classified validation samples (clipped to [lo, hi])."""
    pred = probs.argmax(1)
    conf = probs.max(1)[pred == y]
    if conf.size == 0:
        return lo
    return float(np.clip(np.quantile(conf, 1.0 - keep_correct), lo, hi))


def aggregate_series(slice_logits: np.ndarray, temperature: float = 1.0) -> np.ndarray:
    """Series probabilities: mean of the calibrated slice probabilities."""
    return softmax(slice_logits, temperature).mean(axis=0)


def format_confusion(m: np.ndarray, labels) -> str:
    w = max(6, max(len(s) for s in labels) + 1)
    head = "true\\pred".ljust(10) + "".join(s.rjust(w) for s in labels)
    rows = [labels[i].ljust(10) + "".join(str(v).rjust(w) for v in m[i]) for i in range(len(labels))]
    return "\n".join([head, *rows])
