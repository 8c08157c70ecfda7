"""Preprocessing `mrseq-prep-1` / `mrseq-prep-2` (see models/PREPROCESSING.md): one 2D slice ->
model input. The two versions differ only in the padding value of step 3: the minimum of the
reduced image (prep-1) or the median of its outermost rows and columns (prep-2).

The TypeScript twin is extension/src/core/preprocess.ts; a parity test compares both on the golden
vectors written by export.py. All arithmetic is float64 until the final float32 cast.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np

PREP_VERSION = "mrseq-prep-2"                    # what new models are trained and exported with
FILL_OF_VERSION = {"mrseq-prep-1": "min", "mrseq-prep-2": "border"}
VERSION_OF_FILL = {v: k for k, v in FILL_OF_VERSION.items()}


@dataclass
class PrepInfo:
    """Geometry and intensity window of one preprocessed slice (to map a CAM back onto the image)."""

    height: int            # original rows H
    width: int             # original columns W
    factor_y: int          # block-reduction factor along rows (1 = none)
    factor_x: int          # block-reduction factor along columns
    reduced_height: int    # h after step 2
    reduced_width: int     # w after step 2
    spacing_y: float       # row spacing after step 2 (mm)
    spacing_x: float       # column spacing after step 2 (mm)
    fov: float             # L, side of the square field of view (mm)
    offset_y: float        # (L - h*sy)/2: physical margin above the image
    offset_x: float        # (L - w*sx)/2
    fill: float            # fill value (prep-1: minimum; prep-2: median of the border pixels)
    lo: float              # low percentile value
    hi: float              # high percentile value
    empty: bool            # True when the slice had no intensity range

    def to_dict(self) -> dict:
        return asdict(self)


def _clean_spacing(s) -> float:
    try:
        v = float(s)
    except (TypeError, ValueError):
        return 1.0
    return v if np.isfinite(v) and v > 0 else 1.0


def block_reduce_axis(img: np.ndarray, f: int, axis: int) -> np.ndarray:
    """Average non-overlapping blocks of `f` samples along `axis`, dropping the trailing remainder."""
    if f < 2:
        return img
    n = img.shape[axis] // f
    if axis == 0:
        return img[: n * f].reshape(n, f, img.shape[1]).mean(axis=1)
    return img[:, : n * f].reshape(img.shape[0], n, f).mean(axis=2)


def percentile_linear(sorted_vals: np.ndarray, q: float) -> float:
    """Linear interpolation of sorted values at position q/100*(n-1) (spec step 4)."""
    n = sorted_vals.shape[0]
    pos = q / 100.0 * (n - 1)
    k = int(np.floor(pos))
    k1 = min(k + 1, n - 1)
    frac = pos - k
    return float(sorted_vals[k] + (sorted_vals[k1] - sorted_vals[k]) * frac)


def _axis_coords(n_out: int, n_src: int, spacing: float, fov: float):
    """Source coordinate per output index along one axis, plus its in-bounds mask (spec step 3)."""
    i = np.arange(n_out, dtype=np.float64)
    phys = (i + 0.5) * fov / n_out - (fov - n_src * spacing) / 2.0
    v = phys / spacing - 0.5
    valid = (v >= -0.5) & (v <= n_src - 0.5)
    v = np.clip(v, 0.0, n_src - 1)
    v0 = np.floor(v).astype(np.int64)
    v1 = np.minimum(v0 + 1, n_src - 1)
    a = v - v0
    return v0, v1, a, valid


def border_median(a: np.ndarray) -> float:
    """Median of the outermost rows and columns of `a` (each pixel once; the lower middle value
    of an even count is averaged with the upper one, as numpy does)."""
    h, w = a.shape
    if h <= 2 or w <= 2:
        return float(np.median(a))
    ring = np.concatenate([a[0], a[-1], a[1:-1, 0], a[1:-1, -1]])
    return float(np.median(ring))


def resample_square(img: np.ndarray, spacing: tuple, size: int, fill: str = "min"):
    """Steps 1-3: non-finite -> 0, block reduction, square field of view bilinear resampling.
    `fill`: "min" (mrseq-prep-1) or "border" (mrseq-prep-2).

    Returns (out float64 [size, size], geometry dict).
    """
    a = np.asarray(img, dtype=np.float64)
    if a.ndim != 2 or a.shape[0] < 1 or a.shape[1] < 1:
        raise ValueError(f"expected a non-empty 2D slice, got shape {a.shape}")
    H, W = a.shape
    a = np.where(np.isfinite(a), a, 0.0)
    sy, sx = _clean_spacing(spacing[0]), _clean_spacing(spacing[1])

    d = max(H * sy, W * sx) / size
    fy = int(np.floor(d / sy + 1e-9))
    fx = int(np.floor(d / sx + 1e-9))
    if fy >= 2:
        a = block_reduce_axis(a, fy, 0)
        sy = sy * fy
    else:
        fy = 1
    if fx >= 2:
        a = block_reduce_axis(a, fx, 1)
        sx = sx * fx
    else:
        fx = 1
    h, w = a.shape

    L = max(h * sy, w * sx)
    if fill not in ("min", "border"):
        raise ValueError(f"unknown fill {fill!r}")
    fill = float(a.min()) if fill == "min" else border_median(a)
    v0, v1, av, vy = _axis_coords(size, h, sy, L)
    u0, u1, bu, vx = _axis_coords(size, w, sx, L)
    A = av[:, None]
    B = bu[None, :]
    out = ((1 - A) * (1 - B) * a[v0[:, None], u0[None, :]]
           + (1 - A) * B * a[v0[:, None], u1[None, :]]
           + A * (1 - B) * a[v1[:, None], u0[None, :]]
           + A * B * a[v1[:, None], u1[None, :]])
    inside = vy[:, None] & vx[None, :]
    out = np.where(inside, out, fill)
    geom = dict(height=H, width=W, factor_y=fy, factor_x=fx, reduced_height=h, reduced_width=w,
                spacing_y=float(sy), spacing_x=float(sx), fov=float(L),
                offset_y=float((L - h * sy) / 2.0), offset_x=float((L - w * sx) / 2.0), fill=fill)
    return out, geom


def intensity_window(out: np.ndarray, percentiles=(1, 99)):
    """Step 4: percentile window to [0, 1]; returns (x float64, lo, hi, empty)."""
    s = np.sort(out, axis=None)
    lo = percentile_linear(s, float(percentiles[0]))
    hi = percentile_linear(s, float(percentiles[1]))
    if hi - lo <= 1e-6 * max(1.0, abs(hi)):
        return np.zeros_like(out), lo, hi, True
    return np.clip((out - lo) / (hi - lo), 0.0, 1.0), lo, hi, False


def preprocess(img: np.ndarray, spacing=(1.0, 1.0), size: int = 128, percentiles=(1, 99),
               mean: float = 0.0, std: float = 1.0, version: str = "mrseq-prep-1"):
    """One slice in modality units -> (float32 [size, size] model input, PrepInfo)."""
    if version not in FILL_OF_VERSION:
        raise ValueError(f"unknown preprocessing {version!r}")
    out, geom = resample_square(img, spacing, size, FILL_OF_VERSION[version])
    x, lo, hi, empty = intensity_window(out, percentiles)
    x = (x - float(mean)) / float(std)
    info = PrepInfo(**geom, lo=lo, hi=hi, empty=empty)
    return x.astype(np.float32), info


def window_only(resampled: np.ndarray, percentiles=(1, 99), mean: float = 0.0, std: float = 1.0):
    """Steps 4-5 on an already resampled S x S slice (used by training after augmentation)."""
    x, _, _, _ = intensity_window(np.asarray(resampled, dtype=np.float64), percentiles)
    return ((x - float(mean)) / float(std)).astype(np.float32)


def window_batch(resampled: np.ndarray, percentiles=(1, 99), mean: float = 0.0,
                 std: float = 1.0) -> np.ndarray:
    """Vectorised steps 4-5 for a batch [N, S, S] (identical results to intensity_window)."""
    a = np.asarray(resampled, dtype=np.float64)
    n = a.shape[0]
    s = np.sort(a.reshape(n, -1), axis=1)
    m = s.shape[1]

    def pct(q):
        pos = q / 100.0 * (m - 1)
        k = int(np.floor(pos))
        k1 = min(k + 1, m - 1)
        return s[:, k] + (s[:, k1] - s[:, k]) * (pos - k)
    lo, hi = pct(float(percentiles[0])), pct(float(percentiles[1]))
    empty = (hi - lo) <= 1e-6 * np.maximum(1.0, np.abs(hi))
    den = np.where(empty, 1.0, hi - lo)
    x = np.clip((a - lo[:, None, None]) / den[:, None, None], 0.0, 1.0)
    x[empty] = 0.0
    return ((x - float(mean)) / float(std)).astype(np.float32)
