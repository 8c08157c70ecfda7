"""Synthetic slices for golden vectors (no patient data): each exercises part of mrseq-prep-1."""
from __future__ import annotations

import numpy as np


def phantom(h: int, w: int, sy: float, sx: float, rng: np.random.Generator,
            scale: float = 1000.0) -> np.ndarray:
    """A head-like phantom in physical space: skull ring, brain, ventricles, a lesion, noise."""
    y = (np.arange(h) + 0.5) * sy
    x = (np.arange(w) + 0.5) * sx
    cy, cx = h * sy / 2, w * sx / 2
    ry, rx = 0.45 * h * sy, 0.42 * w * sx
    Y, X = np.meshgrid(y - cy, x - cx, indexing="ij")
    r = (Y / ry) ** 2 + (X / rx) ** 2
    img = np.zeros((h, w))
    img[r < 1.0] = 0.9                      # scalp / skull
    img[r < 0.8] = 0.55                     # brain
    vent = ((Y / (0.25 * ry)) ** 2 + ((np.abs(X) - 0.12 * rx) / (0.08 * rx)) ** 2) < 1.0
    img[vent] = 0.2
    lesion = ((Y + 0.35 * ry) ** 2 + (X - 0.3 * rx) ** 2) < (0.1 * min(rx, ry)) ** 2
    img[lesion] = 1.0
    img = img * (1.0 + 0.2 * X / rx)       # smooth bias field
    img += rng.normal(0, 0.02, img.shape)
    return img * scale


def synthetic_samples():
    """[(name, float32 image H x W, (sy, sx))] for golden/ (deterministic)."""
    rng = np.random.default_rng(20240601)
    out = []
    a = phantom(97, 130, 0.9, 1.3, rng)
    out.append(("nonsquare_aniso", np.round(np.clip(a, 0, None)).astype(np.float32), (0.9, 1.3)))
    b = phantom(512, 512, 0.45, 0.45, rng, scale=3000.0)
    out.append(("large_block_reduce", np.clip(b, 0, None).astype(np.float32), (0.45, 0.45)))
    c = phantom(120, 100, 1.2, 1.0, rng)
    c = (c - c.mean()) / c.std()            # z-scored: signed values
    c[5, 7] = np.nan
    c[60, 50] = np.nan
    c[10, 90] = np.inf
    c[100, 20] = -np.inf
    c[30:34, 40:44] = np.nan
    out.append(("signed_nonfinite", c.astype(np.float32), (1.2, 1.0)))
    out.append(("constant_empty", np.full((80, 60), 137.0, np.float32), (0.0, -1.0)))
    return out
