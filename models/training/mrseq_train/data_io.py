"""Readers: every format in the data inventory -> `Volume`s in a common display orientation.

Volume.array is [n0, n1, n2]; a slice along axis 0 of a NIfTI is axial (rows anterior->posterior),
along axis 1 coronal, along axis 2 sagittal (rows superior->inferior). DICOM stacks keep their
stored order (axis 0 = acquisition). Diffusion data come back as one volume per b-value (`bvalue`).
"""
from __future__ import annotations

import glob
import os
from dataclasses import dataclass

import numpy as np


@dataclass
class Volume:
    array: np.ndarray            # float32 [n0, n1, n2]
    spacing: tuple               # (s0, s1, s2) mm
    acq_axis: int | None         # slice axis of the acquisition, None when isotropic/unknown
    bvalue: float | None = None  # diffusion b-value of this volume, if known
    tag: str = ""                # e.g. "b0", "b1000", "rgb-mean"


def acquisition_axis(spacing) -> int | None:
    s = np.asarray(spacing, float)
    k = int(np.argmax(s))
    return k if s[k] > 1.25 * np.min(s) else None


# --------------------------------------------------------------------------- NIfTI / MGZ
def _bvals_near(path: str):
    d = os.path.dirname(path)
    stem = os.path.basename(path).split(".nii")[0]
    for cand in [os.path.join(d, stem + ".bval"), *glob.glob(os.path.join(d, "bval*"))]:
        if os.path.isfile(cand):
            return np.array([float(v) for v in open(cand).read().split()])
    return None


def _canonical_display(data: np.ndarray, zooms):
    """RAS canonical [x, y, z] -> [z desc, y desc, x] with spacing (zz, zy, zx)."""
    v = np.ascontiguousarray(data.transpose(2, 1, 0)[::-1, ::-1, :])
    return v, (float(zooms[2]), float(zooms[1]), float(zooms[0]))


def read_nifti(path: str):
    """NIfTI or MGZ -> list of Volumes (one per b-value group for 4D diffusion)."""
    import nibabel as nib

    img = nib.as_closest_canonical(nib.load(path))
    data = np.asarray(img.dataobj, dtype=np.float32)
    zooms = img.header.get_zooms()[:3]
    if data.ndim == 2:
        data = data[:, :, None]
    if data.ndim == 5 and data.shape[3] == 1:       # NIfTI vector / RGB stored in dim 5
        data = data[:, :, :, 0, :]
    if data.ndim == 3:
        v, sp = _canonical_display(data, zooms)
        return [Volume(v, sp, acquisition_axis(sp))]
    vols = [data[..., t] for t in range(data.shape[3])]
    bvals = _bvals_near(path)
    if bvals is None or len(bvals) != len(vols):
        bvals = estimate_bvalues(vols)
    return _group_by_b([(_canonical_display(v, zooms)[0], b) for v, b in zip(vols, bvals)],
                       _canonical_display(vols[0], zooms)[1])


def estimate_bvalues(vols) -> np.ndarray:
    """Without bvals: the brightest volume(s) (within 70% of the top mean signal) count as b=0,
    the rest as diffusion-weighted with an unknown b (reported as 1000)."""
    means = np.array([float(np.mean(v)) for v in vols])
    return np.where(means >= 0.7 * means.max(), 0.0, 1000.0)


def _group_by_b(vols_b, spacing):
    """[(array, b)] -> one Volume per rounded b-value, averaging volumes of the same b."""
    groups: dict = {}
    for v, b in vols_b:
        groups.setdefault(int(round(float(b) / 50.0) * 50), []).append(v)
    out = []
    for b in sorted(groups):
        arr = np.mean(np.stack(groups[b]), axis=0).astype(np.float32)
        out.append(Volume(arr, spacing, acquisition_axis(spacing), float(b), f"b{b}"))
    return out


# --------------------------------------------------------------------------- 2D images
def read_image2d(path: str):
    from PIL import Image

    with Image.open(path) as im:
        if im.mode in ("RGB", "RGBA", "P", "CMYK", "YCbCr", "LA"):
            arr = np.asarray(im.convert("RGB"), dtype=np.float32).mean(axis=2)
            tag = "rgb-mean"
        else:
            arr = np.asarray(im, dtype=np.float32)
            tag = ""
    if arr.ndim != 2:
        raise ValueError(f"unsupported image shape {arr.shape}")
    return [Volume(arr[None], (1.0, 1.0, 1.0), 0, None, tag)]


# --------------------------------------------------------------------------- DICOM
def _first(seq_parent, name):
    seq = seq_parent.get(name) if seq_parent is not None else None
    return seq[0] if seq else None


def _frame_attr(frame, shared, seq, attr):
    for src in (frame, shared):
        item = _first(src, seq)
        if item is not None and attr in item:
            return item.get(attr)
    return None


def _bvalue_classic(ds):
    for tag in ((0x0018, 0x9087), (0x0019, 0x100C), (0x0043, 0x1039)):
        if tag in ds:
            v = ds[tag].value
            if not isinstance(v, (str, bytes, int, float)) and hasattr(v, "__len__"):
                v = v[0]
            try:
                return float(v) % 1e9 if tag[0] == 0x0043 else float(v)
            except (TypeError, ValueError):
                return None
    return None


def _dicom_frames(ds):
    """Yield (pixels float64 [R, C], position vector, normal, (sr, sc), b) for every frame."""
    px = ds.pixel_array.astype(np.float64)
    if "PerFrameFunctionalGroupsSequence" in ds:
        shared = _first(ds, "SharedFunctionalGroupsSequence")
        frames = ds.PerFrameFunctionalGroupsSequence
        px = px.reshape(len(frames), ds.Rows, ds.Columns)
        for i, fr in enumerate(frames):
            slope = _frame_attr(fr, shared, "PixelValueTransformationSequence", "RescaleSlope")
            inter = _frame_attr(fr, shared, "PixelValueTransformationSequence", "RescaleIntercept")
            pos = _frame_attr(fr, shared, "PlanePositionSequence", "ImagePositionPatient")
            ori = _frame_attr(fr, shared, "PlaneOrientationSequence", "ImageOrientationPatient")
            sp = _frame_attr(fr, shared, "PixelMeasuresSequence", "PixelSpacing")
            b = _frame_attr(fr, shared, "MRDiffusionSequence", "DiffusionBValue")
            img = px[i] * float(slope if slope is not None else 1) + float(inter or 0)
            yield img, pos, ori, sp, (float(b) if b is not None else None)
    else:
        slope, inter = float(ds.get("RescaleSlope", 1) or 1), float(ds.get("RescaleIntercept", 0) or 0)
        if px.ndim == 3 and ds.get("SamplesPerPixel", 1) == 1:
            for i in range(px.shape[0]):
                yield (px[i] * slope + inter, ds.get("ImagePositionPatient"),
                       ds.get("ImageOrientationPatient"), ds.get("PixelSpacing"), _bvalue_classic(ds))
            return
        if px.ndim == 3:                              # colour
            px = px.mean(axis=2)
        yield (px * slope + inter, ds.get("ImagePositionPatient"), ds.get("ImageOrientationPatient"),
               ds.get("PixelSpacing"), _bvalue_classic(ds))


def read_dicom_series(folder: str):
    """A DICOM series folder (classic or enhanced, possibly 4D diffusion) -> Volumes per b-value."""
    import pydicom

    files = sorted(f for f in glob.glob(os.path.join(folder, "*")) if os.path.isfile(f))
    frames = []
    for f in files:
        try:
            ds = pydicom.dcmread(f)
        except Exception:                             # not DICOM: skip silently (e.g. README)
            continue
        if "PixelData" not in ds:
            continue
        for k, (img, pos, ori, sp, b) in enumerate(_dicom_frames(ds)):
            order = float(ds.get("InstanceNumber", 0) or 0) * 10000 + k
            frames.append((img, pos, ori, sp, b, order))
    if not frames:
        raise ValueError(f"no DICOM images in {folder}")
    shape = frames[0][0].shape
    frames = [f for f in frames if f[0].shape == shape]
    ori = frames[0][2]
    normal = np.cross(np.array(ori[:3], float), np.array(ori[3:], float)) if ori else None
    sp = frames[0][3]
    sr, sc = (float(sp[0]), float(sp[1])) if sp else (1.0, 1.0)

    def key(fr):
        if normal is not None and fr[1] is not None:
            return round(float(np.dot(normal, np.array(fr[1], float))), 2)
        return fr[5]
    groups: dict = {}
    for fr in frames:
        b = fr[4]
        gb = None if b is None else int(round(b / 50.0) * 50)
        groups.setdefault(gb, {}).setdefault(key(fr), []).append(fr[0])
    out = []
    for gb in sorted(groups, key=lambda v: -1 if v is None else v):
        pos = sorted(groups[gb])
        arr = np.stack([np.mean(groups[gb][p], axis=0) for p in pos]).astype(np.float32)
        dz = abs(float(np.median(np.diff(pos)))) if len(pos) > 1 and normal is not None else 0.0
        spacing = (dz if dz > 0 else 1.0, sr, sc)
        out.append(Volume(arr, spacing, 0, None if gb is None else float(gb),
                          "" if gb is None else f"b{gb}"))
    return out


def read_any(path: str, fmt: str = ""):
    """Dispatch on inventory format / file name."""
    low = path.lower()
    if os.path.isdir(path) or fmt.upper().startswith("DICOM"):
        return read_dicom_series(path)
    if low.endswith((".nii", ".nii.gz", ".mgz", ".mgh")):
        return read_nifti(path)
    if low.endswith((".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp")):
        return read_image2d(path)
    raise ValueError(f"unsupported format: {os.path.basename(path)} ({fmt})")
