"""Inventory -> labelled 2D slices (cached), subject groups, source families and splits.

Each inventory row is read once (data_io), routed to model labels (labels.json; DWI_4D is split by
b-value), sliced in all three planes (acquisition plane preferred), near-empty slices skipped, and
every kept slice resampled to the S x S field of view (steps 1-3 of mrseq-prep-1, float32) so that
training can augment and window it. Results are cached per row in an .npz file.
"""
from __future__ import annotations

import csv
import hashlib
import json
import os
import re
from dataclasses import dataclass, field

import numpy as np

from .data_io import Volume, read_any
from .derived import DERIVED_PREFIX, derived_rows, read_derived
from .labels import MODEL_LABELS, load_label_config, model_label
from .preprocess import resample_square

REPO_ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
DEFAULT_DATA = os.path.normpath(os.path.join(REPO_ROOT, "..", "shared", "data"))
DEFAULT_CACHE = os.path.join(REPO_ROOT, ".cache", "slices")
CACHE_VERSION = 5
PLANES = ("axis0", "axis1", "axis2")


@dataclass
class SeriesSlices:
    """Kept slices of one volume of one inventory row (a 'series' for series-level metrics)."""

    file: str
    label: str                   # model label
    data_label: str              # label as in the inventory (after DWI_4D routing)
    subject: str
    source: str
    family: str
    tag: str
    slices: np.ndarray           # float32 [n, S, S] (steps 1-3 of mrseq-prep-1)
    planes: np.ndarray           # int8 [n] axis the slice was cut along
    acq: np.ndarray              # bool [n] slice is in the acquisition plane (or plane unknown)
    meta: dict = field(default_factory=dict)

    @property
    def series_id(self) -> str:
        return f"{self.file}#{self.tag}" if self.tag else self.file


# Rows whose volume is skull-stripped (brain-extracted) by their provider, as the inventory says
# (notes, file name, or a family known to be distributed stripped: BraTS, MSD Task01, FreeSurfer's
# brainmask/norm). Used by the drawn-skull augmentation (augment.add_skull), never as a label cue.
STRIPPED_PATTERN = re.compile(r"skull-stripped|skull stripped|brain-extracted|_bet\.|brainmask|"
                              r"norm\.mgz|BraTS|msd_brain", re.I)


def is_skull_stripped(row: dict) -> bool:
    text = " ".join(str(row.get(k, "")) for k in ("file", "notes", "how_label_known", "site_or_vendor"))
    return bool(STRIPPED_PATTERN.search(text))


def read_inventory(data_dir: str) -> list:
    path = os.path.join(data_dir, "INVENTORY.tsv")
    with open(path, newline="") as f:
        return [dict(r) for r in csv.DictReader(f, delimiter="\t")]


# ----------------------------------------------------------------------------- groups
def source_family(source: str, cfg: dict | None = None, file: str = "") -> str:
    """Leave-one-source-out unit: configured families (by file path prefix, then by source), else
    the source without '(derived here)'."""
    cfg = cfg or load_label_config()
    name = file[len(DERIVED_PREFIX):] if file.startswith(DERIVED_PREFIX) else file
    for fam, prefixes in cfg.get("file_families", {}).items():
        if any(name.startswith(p) for p in prefixes):
            return fam
    for fam, members in cfg.get("source_families", {}).items():
        if any(m in source for m in members):
            return fam
    return re.sub(r"\s*\(derived here\)\s*$", "", source).strip()


def subject_groups(rows: list, cfg: dict | None = None) -> dict:
    """Map each row's subject to a group id; '(= other)' aliases, configured aliases and the
    'no patient id' pools are merged (union-find) so that a group never crosses a split."""
    cfg = cfg or load_label_config()
    parent: dict = {}

    def find(a):
        parent.setdefault(a, a)
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    def union(a, b):
        parent[find(a)] = find(b)

    for r in rows:
        subj = r["subject"].strip()
        base = re.sub(r"\s*\(.*\)\s*$", "", subj).strip() or subj
        find(subj)
        union(subj, base)
        for alias in re.findall(r"\(=\s*([^)]+)\)", subj):
            union(subj, alias.strip())
    for a, b in cfg.get("subject_aliases", []):
        union(a, b)
    return {r["subject"].strip(): find(r["subject"].strip()) for r in rows}


DWI_MIN_B = 400


def route_volumes(row: dict, vols: list) -> list:
    """[(Volume, data_label)] for one row; DWI_4D: every shell with b >= 400 (trace per shell) ->
    DWI, b < 50 -> B0, shells in between dropped."""
    lab = row["label"]
    bvol = [v for v in vols if v.bvalue is not None]
    if lab == "DWI_4D" or (lab in ("DWI", "B0") and len(bvol) > 1):
        if not bvol:
            return [(vols[0], "DWI")]
        out = []
        hi = max(bvol, key=lambda v: v.bvalue)
        if lab != "B0":
            shells = [v for v in bvol if v.bvalue >= DWI_MIN_B] or ([hi] if hi.bvalue >= 50 else [])
            out += [(v, "DWI") for v in shells]
        if lab != "DWI":
            out += [(v, "B0") for v in bvol if v.bvalue < 50]
        return out
    return [(v, lab) for v in vols[:1]]


# ----------------------------------------------------------------------------- slicing
def foreground_fraction(vol: np.ndarray, axis: int) -> np.ndarray:
    """Fraction of each slice along `axis` that differs clearly from the background level."""
    v = np.nan_to_num(vol.astype(np.float32), nan=0.0, posinf=0.0, neginf=0.0)
    border = np.concatenate([v[0].ravel(), v[-1].ravel(), v[:, 0].ravel(), v[:, -1].ravel(),
                             v[:, :, 0].ravel(), v[:, :, -1].ravel()])
    bg = float(np.median(border))
    lo, hi = np.percentile(v, [0.5, 99.5])
    thr = 0.1 * max(hi - lo, 1e-12)
    fg = np.abs(v - bg) > thr
    return fg.mean(axis=tuple(a for a in range(3) if a != axis))


MIN_ASPECT = 0.3


def evenly_spaced(idx: np.ndarray, k: int) -> np.ndarray:
    """At most `k` of the indices `idx`, evenly spaced from the first to the last (all when there
    are no more than `k`): how a series' slices are chosen for scoring and for a pack."""
    if idx.size <= k:
        return idx
    return idx[np.round(np.linspace(0, idx.size - 1, k)).astype(int)]


def pick_slices(vol: Volume, n_acq: int, n_other: int, min_fg: float = 0.08):
    """[(axis, index, in_acquisition_plane)] evenly spread over non-empty slices."""
    out = []
    for axis in range(3):
        if vol.array.shape[axis] < 2 and vol.array.shape[0] > 1:
            continue
        if vol.array.shape[0] == 1 and axis != 0:            # a 2D image
            continue
        dims = [vol.array.shape[a] * vol.spacing[a] for a in range(3) if a != axis]
        if vol.array.shape[0] > 1 and min(dims) < MIN_ASPECT * max(dims):
            continue                  # a short stack cut sideways: a strip, not an image
        in_acq = vol.acq_axis is None or vol.acq_axis == axis
        n = n_acq if in_acq else n_other
        if vol.acq_axis is not None and not in_acq:
            # reformats of thick-slice stacks: only when the through-plane spacing is moderate
            if vol.spacing[vol.acq_axis] > 3.5 * min(vol.spacing):
                n = min(n, 2)
        if n <= 0:
            continue
        keep = np.nonzero(foreground_fraction(vol.array, axis) >= min_fg)[0]
        if keep.size == 0:
            continue
        idx = np.unique(np.round(np.linspace(0, keep.size - 1, min(n, keep.size))).astype(int))
        out += [(axis, int(keep[i]), in_acq) for i in idx]
    return out


def slice_2d(vol: Volume, axis: int, index: int):
    """(image [rows, cols], (sy, sx)) for one slice."""
    sp = vol.spacing
    if axis == 0:
        return vol.array[index], (sp[1], sp[2])
    if axis == 1:
        return vol.array[:, index, :], (sp[0], sp[2])
    return vol.array[:, :, index], (sp[0], sp[1])


def extract_row(row: dict, data_dir: str, size: int, n_acq: int = 20, n_other: int = 6,
                fill: str = "border") -> list:
    if row["file"].startswith(DERIVED_PREFIX):
        routed = [(v, "ADC") for v in read_derived(row, data_dir)]
    else:
        routed = route_volumes(row, read_any(os.path.join(data_dir, row["file"]),
                                             row.get("format", "")))
    out = []
    for vol, data_label in routed:
        lab = model_label(data_label, row.get("source", ""))
        if lab is None:
            continue
        picks = pick_slices(vol, n_acq, n_other)
        if not picks:
            continue
        sl = np.stack([resample_square(*slice_2d(vol, a, i), size, fill)[0] for a, i, _ in picks])
        out.append(dict(data_label=data_label, label=lab, tag=vol.tag,
                        slices=sl.astype(np.float32),
                        planes=np.array([a for a, _, _ in picks], np.int8),
                        acq=np.array([q for _, _, q in picks], bool)))
    return out


def _cache_path(cache_dir: str, row: dict, data_dir: str, size: int, n_acq: int, n_other: int,
                fill: str):
    files = [f for f, _, _ in row["inputs"]] if "inputs" in row else [row["file"]]
    stats = [(os.stat(os.path.join(data_dir, f)).st_size, int(os.stat(os.path.join(data_dir, f)).st_mtime))
             for f in files]
    key = json.dumps([row["file"], row["label"], stats, size, n_acq, n_other, fill, CACHE_VERSION])
    return os.path.join(cache_dir, hashlib.sha1(key.encode()).hexdigest()[:20] + ".npz")


def load_dataset(data_dir: str = DEFAULT_DATA, size: int = 128, cache_dir: str = DEFAULT_CACHE,
                 n_acq: int = 20, n_other: int = 6, log=print, limit_rows=None,
                 derive: bool = True, fill: str = "border") -> list:
    """All inventory rows (plus the derived ADC maps of `derived.py` when `derive`) ->
    [SeriesSlices]; unreadable rows are reported and skipped. `fill`: the padding of step 3
    ("border" = mrseq-prep-2, "min" = mrseq-prep-1)."""
    cfg = load_label_config()
    rows = read_inventory(data_dir)[:limit_rows]
    groups = subject_groups(rows, cfg)
    if derive:
        rows = rows + derived_rows(rows)
    os.makedirs(cache_dir, exist_ok=True)
    series, skipped = [], []
    for r in rows:
        try:
            cp = _cache_path(cache_dir, r, data_dir, size, n_acq, n_other, fill)
            if os.path.exists(cp):
                z = np.load(cp, allow_pickle=False)
                items = json.loads(str(z["items"]))
                for k, it in enumerate(items):
                    it.update(slices=z[f"s{k}"], planes=z[f"p{k}"], acq=z[f"a{k}"])
            else:
                items = extract_row(r, data_dir, size, n_acq, n_other, fill)
                arrays = {}
                for k, it in enumerate(items):
                    arrays.update({f"s{k}": it["slices"], f"p{k}": it["planes"], f"a{k}": it["acq"]})
                head = [{k: v for k, v in it.items() if k not in ("slices", "planes", "acq")}
                        for it in items]
                np.savez_compressed(cp + ".tmp.npz", items=json.dumps(head), **arrays)
                os.replace(cp + ".tmp.npz", cp)
        except Exception as e:                       # unreadable file: a readable reason, no crash
            skipped.append(f"{r['file']}: {type(e).__name__}: {e}")
            continue
        for it in items:
            series.append(SeriesSlices(
                file=r["file"], label=it["label"], data_label=it["data_label"],
                subject=groups[r["subject"].strip()], source=r["source"],
                family=source_family(r["source"], cfg, r["file"]), tag=it["tag"],
                slices=it["slices"], planes=it["planes"], acq=it["acq"],
                meta={"format": r.get("format", ""), "fill": fill,
                      "stripped": is_skull_stripped(r)}))
    for s in skipped:
        log(f"skipped: {s}")
    return series


def counts(series: list) -> dict:
    c = {lab: {"series": 0, "slices": 0} for lab in MODEL_LABELS}
    for s in series:
        c[s.label]["series"] += 1
        c[s.label]["slices"] += int(s.slices.shape[0])
    return c
