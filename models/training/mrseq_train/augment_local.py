"""Local look-alikes applied to every class alike, so that what they imitate says nothing about
the sequence: a reformat of thick slices (`--thick`) and mass lesions (`--lesion`).

Input and output: one slice in unit intensity (augment._unit), float."""
from __future__ import annotations

import numpy as np
import torch
import torch.nn.functional as F


def thick_slices(x: np.ndarray, rng: np.random.Generator, lo: float = 2.0,
                 hi: float = 6.0) -> np.ndarray:
    """A slice reformatted from a stack of thick slices: averaged over f = U(lo, hi) pixels along
    one image axis (rows or columns, at random) and interpolated back, sharp along the other.
    This is what a sagittal or coronal view of a 4-6 mm axial stack looks like; applied to every
    class alike so that blur along one axis says nothing about the sequence."""
    size_r, size_c = x.shape
    f = rng.uniform(lo, hi)
    t = torch.from_numpy(x.astype(np.float32))[None, None]
    if rng.random() < 0.5:
        small = F.interpolate(t, size=(max(4, int(size_r / f)), size_c), mode="area")
    else:
        small = F.interpolate(t, size=(size_r, max(4, int(size_c / f))), mode="area")
    return F.interpolate(small, size=(size_r, size_c), mode="bilinear",
                         align_corners=False)[0, 0].numpy().astype(x.dtype)


def _smooth_noise(shape, rng: np.random.Generator, cells: int = 6) -> np.ndarray:
    """Smooth random field in about [-1, 1]: Gaussian noise on a coarse grid, interpolated."""
    g = torch.from_numpy(rng.normal(0, 1, (1, 1, cells, cells)).astype(np.float32))
    return F.interpolate(g, size=shape, mode="bicubic", align_corners=False)[0, 0].numpy() / 1.5


def lesion_blobs(x: np.ndarray, rng: np.random.Generator, max_blobs: int = 2) -> np.ndarray:
    """One or two mass-lesion look-alikes inside the head: an irregular, soft-edged blob (radius
    4-18% of the slice) whose intensity is scaled by a factor log-uniform in [0.35, 1.6] (darker
    or brighter than the tissue it replaces, textured), sometimes with a halo of another factor
    (oedema). In `../shared/data` the tumour-bearing slices are mostly T1c and FLAIR (figshare,
    BraTS), so "a mass is present" would otherwise read as a sequence. A slice with no head
    (under 5% of pixels above 0.15) is returned unchanged."""
    h, w = x.shape
    head = x > 0.15
    if head.sum() < 0.05 * h * w:
        return x
    k = max(3, (min(h, w) // 10) | 1)                 # centres well inside the head, not in the scalp
    t = torch.from_numpy(head.astype(np.float32))[None, None]
    inner = F.avg_pool2d(t, k, 1, k // 2, count_include_pad=True)[0, 0, :h, :w].numpy() > 0.97
    ys, xs = np.nonzero(inner if inner.any() else head)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    out = x.astype(np.float32).copy()
    for _ in range(int(rng.integers(1, max_blobs + 1))):
        i = int(rng.integers(ys.size))
        cy, cx = float(ys[i]), float(xs[i])
        r = rng.uniform(0.04, 0.18) * min(h, w)
        ang, ecc = rng.uniform(0, np.pi), rng.uniform(0.6, 1.0)
        c, s = np.cos(ang), np.sin(ang)
        u, v = (xx - cx) * c + (yy - cy) * s, -(xx - cx) * s + (yy - cy) * c
        d = np.sqrt((u / r) ** 2 + (v / (r * ecc)) ** 2) + 0.25 * _smooth_noise((h, w), rng)
        core = np.clip((1.0 - d) / 0.2, 0.0, 1.0)
        f = float(np.exp(rng.uniform(np.log(0.35), np.log(1.6))))
        texture = 1.0 + rng.uniform(0.0, 0.3) * _smooth_noise((h, w), rng, cells=12)
        gain = 1.0 + (f * texture - 1.0) * core
        if rng.random() < 0.5:                       # a halo around the core
            fh = float(np.exp(rng.uniform(np.log(0.6), np.log(1.3))))
            halo = np.clip((1.0 + rng.uniform(0.3, 1.0) - d) / 0.3, 0.0, 1.0) * (1.0 - core)
            gain = gain + (fh - 1.0) * halo
        out = np.where(head, out * gain, out)
    return out.astype(x.dtype)
