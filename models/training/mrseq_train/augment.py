"""Augmentations that imitate what differs between hospitals and pipelines (see MODEL_NOTES.md).

Input: a batch of S x S slices after steps 1-3 of mrseq-prep-1 (modality units). Output: the same
in arbitrary units; training then applies steps 4-5 (percentile window, normalisation) exactly as
inference does. Geometric warps run batched in torch; the rest is per-slice numpy.
"""
from __future__ import annotations

import io
import math

import numpy as np
import torch
import torch.nn.functional as F

from .augment_local import lesion_blobs, thick_slices

torch.backends.nnpack.set_flags(False)  # avoids "Could not initialize NNPACK" spam on this CPU

DEFAULT_P = dict(affine=0.9, rot90=0.08, flip_lr=0.5, flip_ud=0.08, mask=0.3, zscore=0.15,
                 bias=0.6, gamma=0.6, lowres=0.3, blur=0.2, noise=0.5, quant8=0.3, jpeg=0.25,
                 window=0.25, invert_bg=0.0, zoom=(0.8, 1.3), shift=0.1, fill="min", strip=0.0)
# Field of view as it varies between hospitals (lever 3 of issue 9): a wider zoom range (head
# small in a large field of view, or cropped) and offsets, padding from the image's own border
# (as mrseq-prep-2 pads).
HOSPITAL_FOV = dict(zoom=(0.65, 1.5), shift=0.15, fill="border")


def border_fill(x: torch.Tensor) -> torch.Tensor:
    """[N, 1, S, S] -> [N, 1, 1, 1] median of each slice's outermost rows and columns."""
    ring = torch.cat([x[:, 0, 0, :], x[:, 0, -1, :], x[:, 0, 1:-1, 0], x[:, 0, 1:-1, -1]], dim=1)
    return ring.median(dim=1).values[:, None, None, None]


def geometric(x: torch.Tensor, rng: np.random.Generator, p: dict) -> torch.Tensor:
    """Random rotation/scale/translation/flip per slice; outside pixels take the slice minimum
    (p["fill"] "min") or the median of its border (p["fill"] "border")."""
    n = x.shape[0]
    theta = np.zeros((n, 2, 3), np.float32)
    for i in range(n):
        ang, sc, tx, ty = 0.0, 1.0, 0.0, 0.0
        if rng.random() < p["affine"]:
            ang = math.radians(rng.uniform(-15, 15))
            sc = math.exp(rng.uniform(math.log(p["zoom"][0]), math.log(p["zoom"][1])))
            tx, ty = rng.uniform(-p["shift"], p["shift"], 2)
        if rng.random() < p["rot90"]:
            ang += math.pi / 2 * rng.integers(1, 4)
        fx = -1.0 if rng.random() < p["flip_lr"] else 1.0
        fy = -1.0 if rng.random() < p["flip_ud"] else 1.0
        c, s = math.cos(ang) / sc, math.sin(ang) / sc
        theta[i] = [[c * fx, -s * fy, tx], [s * fx, c * fy, ty]]
    mn = x.amin(dim=(1, 2, 3), keepdim=True) if p["fill"] == "min" else border_fill(x)
    grid = F.affine_grid(torch.from_numpy(theta), list(x.shape), align_corners=False)
    return F.grid_sample(x - mn, grid, mode="bilinear", padding_mode="zeros",
                         align_corners=False) + mn


def _unit(img: np.ndarray):
    lo, hi = np.percentile(img, [0.5, 99.5])
    return np.clip((img - lo) / max(hi - lo, 1e-6), 0, None)


def _smooth(img: np.ndarray, k: int) -> np.ndarray:
    t = torch.from_numpy(np.ascontiguousarray(img, np.float32))[None, None]
    return F.avg_pool2d(t, k, 1, k // 2, count_include_pad=False)[0, 0, :img.shape[0], :img.shape[1]].numpy()


def brain_mask(img: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A crude, randomly eroded/dilated head mask (simulates skull stripping / masking)."""
    u = _unit(img)
    sm = _smooth(u, 7)
    m = sm > rng.uniform(0.08, 0.3)
    k = int(rng.integers(1, 6)) * 2 + 1
    frac = _smooth(m.astype(np.float32), k)
    return frac > (0.95 if rng.random() < 0.7 else 0.05)   # erode (strip) or dilate


def _row_col_fill(m: np.ndarray) -> np.ndarray:
    """Fill a roughly convex mask: pixels between the first and last set pixel of their row AND
    of their column (closes ventricles and dark CSF inside the head without scipy)."""
    out = []
    for a in (m, m.T):
        any_ = a.any(1)
        idx = np.arange(a.shape[1])
        first = np.where(any_, a.argmax(1), a.shape[1])
        last = np.where(any_, a.shape[1] - 1 - a[:, ::-1].argmax(1), -1)
        out.append((idx[None, :] >= first[:, None]) & (idx[None, :] <= last[:, None]))
    return out[0] & out[1].T


def _disk(r: int) -> torch.Tensor:
    yy, xx = np.mgrid[-r:r + 1, -r:r + 1]
    d = ((xx ** 2 + yy ** 2) <= r * r + 0.5).astype(np.float32)
    return torch.from_numpy(d / d.sum())[None, None]


def skull_strip(img: np.ndarray, rng: np.random.Generator) -> np.ndarray | None:
    """A skull-stripping look-alike for one slice in [0, ~1]: the filled head mask eroded by a
    disk of 7-20% of the head's equivalent radius (scalp, skull and some CSF go, as with BET or
    HD-BET), zero outside. None when no head-like foreground is found."""
    keep = head_core(img, rng.uniform(0.06, 0.2), lambda: rng.uniform(0.07, 0.2))
    return None if keep is None else np.where(keep, img, 0.0)


def head_core(img: np.ndarray, threshold: float, erosion) -> np.ndarray | None:
    """Boolean mask: the head (smoothed image above `threshold` x its 99th percentile, holes
    filled by rows and columns) eroded by a disk of `erosion` x the head's equivalent radius.
    None when no head-like foreground is found or too little is left. `erosion` may be a
    function, called only once a head is found (so a random draw happens when it did before)."""
    sm = _smooth(img, 5)
    m = sm > threshold * max(float(np.percentile(sm, 99)), 1e-6)
    filled = _row_col_fill(m)
    area = float(filled.sum())
    if area < 0.05 * img.size:
        return None
    e = erosion() if callable(erosion) else erosion
    r = max(1, int(round(e * math.sqrt(area / math.pi))))
    t = torch.from_numpy(filled.astype(np.float32))[None, None]
    frac = F.conv2d(t, _disk(r), padding=r)[0, 0].numpy()
    keep = frac > 0.999
    if keep.sum() < 0.02 * img.size:
        return None
    return keep


def mask_to_head_core(img: np.ndarray, threshold: float = 0.15,
                      erosion: float = 0.2) -> np.ndarray:
    """The same slice with everything outside its eroded head (`head_core`, fixed parameters) set
    to the slice's minimum: skull, scalp and background gone, whether or not the data was
    skull-stripped. A slice without a head-like foreground is returned unchanged."""
    x = img.astype(np.float64)
    lo, hi = float(x.min()), float(x.max())
    keep = head_core((x - lo) / (hi - lo) if hi > lo else x * 0, threshold, erosion)
    return img if keep is None else np.where(keep, img, img.min()).astype(img.dtype)


def _distance_outside(m: np.ndarray, r_max: int) -> np.ndarray:
    """Approximate (octagonal) distance in pixels from each pixel outside mask `m` to the mask,
    0 inside, r_max + 1 beyond r_max: dilation steps alternating a 3x3 square and a cross."""
    t = torch.from_numpy(m.astype(np.float32))[None, None]
    d = np.full(m.shape, r_max + 1, np.float32)
    d[m] = 0
    cross = torch.tensor([[0, 1, 0], [1, 1, 1], [0, 1, 0]], dtype=torch.float32)[None, None]
    for k in range(1, r_max + 1):
        if k % 2:
            t = F.max_pool2d(t, 3, 1, 1)
        else:
            t = (F.conv2d(t, cross, padding=1) > 0).float()
        grown = t[0, 0].numpy() > 0
        d[grown & (d > k)] = k
    return d


def stripped_like(x: np.ndarray) -> np.ndarray | None:
    """The filled foreground of a skull-stripped slice (in [0, ~1] after `_unit`): the non-zero
    region, when the zero background covers at least a fifth of the image and the foreground at
    least 5%. None otherwise (nothing to draw a skull around)."""
    bg = x <= 1e-6
    if bg.mean() < 0.2:
        return None
    fg = _row_col_fill(~bg & (_smooth(x, 3) > 0.02))
    return fg if fg.mean() >= 0.05 else None


def add_skull(x: np.ndarray, rng: np.random.Generator) -> np.ndarray | None:
    """A skull and scalp drawn around a skull-stripped slice (in [0, ~1] after `_unit`): CSF,
    bone, marrow/fat and skin bands of random thickness (in pixels of a 160-px grid, scaled to
    the slice), ragged by smooth noise, each at a random level relative to the brain's median
    that does not depend on the class (dark or bright CSF, dark bone, bright fat). The converse
    of the stripping look-alike: stripped research data carries no skull, so its classes should
    not be told apart from clinical data by one. None when the slice does not look stripped."""
    fg = stripped_like(x)
    if fg is None or fg.all():
        return None
    size = x.shape[0]
    sc = size / 160.0
    t = np.array([rng.uniform(0.5, 3.0), rng.uniform(1.5, 4.0), rng.uniform(1.5, 6.0),
                  rng.uniform(0.5, 2.0)]) * sc                 # CSF, bone, fat, skin
    edges = np.cumsum(t)
    ref = float(np.median(x[fg]))
    level = np.array([rng.uniform(0.0, 1.5), rng.uniform(0.0, 0.15), rng.uniform(0.8, 2.0),
                      rng.uniform(0.3, 1.0)]) * ref
    d = _distance_outside(fg, int(math.ceil(edges[-1] + 3 * sc)) + 2)
    wobble = _smooth(rng.normal(0, 1, x.shape).astype(np.float32), max(3, int(9 * sc) | 1))
    wobble = wobble / (wobble.std() + 1e-6) * rng.uniform(0.3, 1.2) * sc
    de = d - 0.5 + wobble
    band = np.searchsorted(edges, de)                           # 0..3 inside a band, 4 beyond
    texture = 1 + 0.15 * _smooth(rng.normal(0, 1, x.shape).astype(np.float32), 3)
    ring = np.where(~fg & (band < 4), level[np.minimum(band, 3)] * texture, x)
    out = np.where(fg, x, _smooth(ring.astype(np.float32), 3))
    return np.clip(out, 0, None)


def bias_field(shape, rng: np.random.Generator, strength: float) -> np.ndarray:
    h, w = shape
    yy, xx = np.meshgrid(np.linspace(-1, 1, h), np.linspace(-1, 1, w), indexing="ij")
    c = rng.normal(0, 1, 6)
    f = c[0] * xx + c[1] * yy + c[2] * xx * yy + c[3] * xx ** 2 + c[4] * yy ** 2 + c[5] * xx * yy ** 2
    return np.exp(strength * f / (np.abs(f).max() + 1e-6))


def jpeg_roundtrip(u8: np.ndarray, quality: int) -> np.ndarray:
    from PIL import Image

    buf = io.BytesIO()
    Image.fromarray(u8).save(buf, format="JPEG", quality=int(quality))
    buf.seek(0)
    return np.asarray(Image.open(buf), dtype=np.float32)


def monotone_curve(x: np.ndarray, rng: np.random.Generator, segments: int = 5,
                   concentration: float = 2.0) -> np.ndarray:
    """A random increasing intensity curve on a slice in [0, ~1] (after `_unit`): piecewise
    linear through evenly spaced knots, the rises of its segments Dirichlet-distributed, so
    0 -> 0 and 1 -> 1 and the order of the tissues is kept while their contrast ratios change
    (as TR, TE, field strength and display curves change them between hospitals). Above 1 (the
    brightest 0.5%) it goes on with the last segment's slope instead of clipping."""
    rise = rng.dirichlet(np.full(segments, concentration))
    knots_x = np.linspace(0.0, 1.0, segments + 1)
    knots_y = np.concatenate([[0.0], np.cumsum(rise)])
    knots_y[-1] = 1.0
    slope = rise[-1] * segments
    return np.interp(np.minimum(x, 1.0), knots_x, knots_y) + np.maximum(x - 1.0, 0.0) * slope


def intensity(img: np.ndarray, rng: np.random.Generator, p: dict,
              strip_ok: bool = True, skull_ok: bool = True,
              encode_p: float | None = None) -> np.ndarray:
    """Per-slice intensity, resolution, masking and encoding augmentations. `strip_ok` False keeps
    the skull-stripping look-alike off this slice (its probability draw is still made); `skull_ok`
    the same for the drawn skull (`add_skull`)."""
    x = _unit(img.astype(np.float64))
    size = x.shape[0]
    if p.get("skull", 0.0) and rng.random() < p["skull"] and skull_ok:
        skulled = add_skull(x, rng)
        if skulled is not None:
            x = skulled
    if p.get("strip", 0.0) and rng.random() < p["strip"] and strip_ok:
        stripped = skull_strip(x, rng)
        if stripped is not None:
            x = stripped
    elif rng.random() < p["mask"]:
        x = np.where(brain_mask(x, rng), x, 0.0)
    if p.get("lesion", 0.0) and rng.random() < p["lesion"]:      # drawn only when the option is on
        x = lesion_blobs(x, rng)
    if rng.random() < p["bias"]:
        x = x * bias_field(x.shape, rng, rng.uniform(0.1, 0.6))
    if rng.random() < p["gamma"]:
        x = np.power(np.clip(x, 0, None), math.exp(rng.uniform(-0.5, 0.5)))
    if p.get("curve", 0.0) and rng.random() < p["curve"]:     # drawn only when the option is on
        x = monotone_curve(x, rng)
    if rng.random() < p["lowres"]:
        f = rng.uniform(1.3, 3.0)
        t = torch.from_numpy(x.astype(np.float32))[None, None]
        small = F.interpolate(t, size=max(8, int(size / f)), mode="area")
        x = F.interpolate(small, size=size, mode="bilinear", align_corners=False)[0, 0].numpy()
    elif rng.random() < p["blur"]:
        x = _smooth(x, int(rng.choice([3, 5])))
    if p.get("thick", 0.0) and rng.random() < p["thick"]:        # drawn only when the option is on
        x = thick_slices(x, rng)
    if rng.random() < p["noise"]:
        sd = rng.uniform(0.005, 0.06)
        re, im = x + rng.normal(0, sd, x.shape), rng.normal(0, sd, x.shape)
        x = np.sqrt(re ** 2 + im ** 2)                         # Rician magnitude noise
    x = x * math.exp(rng.uniform(-3, 3))                        # arbitrary scanner scale
    if rng.random() < p["window"]:                              # display window / clipping
        lo, hi = np.percentile(x, [rng.uniform(0, 5), rng.uniform(95, 100)])
        x = np.clip(x, lo, hi)
    if (rng.random() < encode_p) if encode_p is not None else (
            rng.random() < p["quant8"] or rng.random() < p["jpeg"]):
        u8 = np.clip(_unit(x) * 255.0, 0, 255).round().astype(np.uint8)
        x = jpeg_roundtrip(u8, rng.integers(30, 95)) if rng.random() < 0.5 else u8.astype(np.float32)
    if rng.random() < p["zscore"]:                              # z-score within the foreground
        fg = x > np.percentile(x, 30)
        if fg.any():
            x = np.where(fg, (x - x[fg].mean()) / (x[fg].std() + 1e-6), 0.0)
    return x.astype(np.float32)


def augment_batch(batch: np.ndarray, rng: np.random.Generator, p: dict | None = None,
                  labels: np.ndarray | None = None,
                  stripped: np.ndarray | None = None) -> np.ndarray:
    """[N, S, S] resampled slices -> augmented [N, S, S] float32 (before windowing). With
    `p["strip_classes"]` (model label indices) and `labels`, only slices of those classes may get
    the skull-stripping look-alike. The drawn skull (`p["skull"]`) goes only on slices whose
    `stripped` flag is set and, with `p["skull_classes"]`, whose label is one of those."""
    p = {**DEFAULT_P, **(p or {})}
    t = geometric(torch.from_numpy(np.ascontiguousarray(batch, np.float32))[:, None], rng, p)
    arr = t[:, 0].numpy()
    only = p.get("strip_classes")
    ok = [True] * len(arr) if not only or labels is None else [int(y) in only for y in labels]
    sk = p.get("skull_classes")
    ok_sk = [False] * len(arr) if stripped is None else [
        bool(f) and (not sk or labels is None or int(labels[i]) in sk) for i, f in enumerate(stripped)]
    enc = ([p["encode_p"][int(y)] for y in labels] if p.get("encode_p") and labels is not None
           else [None] * len(arr))
    return np.stack([intensity(a, rng, p, k, s, e) for a, k, s, e in zip(arr, ok, ok_sk, enc)])
