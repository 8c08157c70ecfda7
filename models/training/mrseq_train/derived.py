"""Diffusion classes derived from the acquisitions in the inventory (issue 9, lever 2).

Every subject with a b=0 image and a diffusion-weighted image of the same acquisition yields an ADC
map, computed the way scanners do: ADC = ln(S0 / Sb) / b (mean over the available diffusion
images), computed only where S0 is above a noise threshold (background 0, as vendors mask it),
clipped to [0, 5e-3] mm2/s and stored as integers in 1e-6 mm2/s (the Siemens/GE scaling; the
percentile window of the preprocessing makes the scaling itself irrelevant).

Sources of pairs, found in the inventory:
- a 4D diffusion row (`DWI_4D`, DICOM or NIfTI + bval): its b=0 group and its highest shell;
- a `B0` row and one or more `DWI` rows of the same subject in the same folder with the same
  matrix (derived `*_b0mean` / `*_b<N>mean` volumes, IXI's single-direction DTI volumes, stroke
  b0/DWI pairs); b comes from `_b<N>mean` in the file name, else 1000.
One ADC per (subject, source), pairs before 4D series; subjects that already have an ADC row
(a scanner's map) and subjects outside the brain domain (their label is OTHER) are skipped.
"""
from __future__ import annotations

import os
import re

import numpy as np

from .data_io import Volume, read_any
from .labels import OOD_SOURCES_TO_OTHER

ADC_CLIP = 5e-3
DERIVED_PREFIX = "derived-adc:"


def adc_map(s0: np.ndarray, sbs: list, b: float, noise_frac: float = 0.06) -> np.ndarray:
    """ADC in 1e-6 mm2/s (float32, integer values): mean over `sbs` of ln(S0/Sb)/b, 0 outside
    S0 > noise_frac * p99(S0), clipped to [0, ADC_CLIP]."""
    s0 = np.asarray(s0, np.float64)
    thr = noise_frac * float(np.percentile(s0, 99))
    mask = s0 > max(thr, 1e-9)
    acc = np.zeros_like(s0)
    for sb in sbs:
        sb = np.maximum(np.asarray(sb, np.float64), 1e-6)
        acc += np.log(np.maximum(s0, 1e-6) / sb) / float(b)
    adc = np.clip(acc / max(len(sbs), 1), 0.0, ADC_CLIP)
    return np.round(np.where(mask, adc, 0.0) * 1e6).astype(np.float32)


def _b_from_name(path: str) -> float:
    m = re.search(r"_b(\d+)mean", os.path.basename(path))
    return float(m.group(1)) if m else 1000.0


def derived_rows(rows: list) -> list:
    """Extra inventory-like rows {file, label: 'ADC', subject, source, inputs: [...], b}."""
    out = []
    def src(row):
        return re.sub(r"\s*\(derived here\)\s*$", "", row["source"]).strip()
    seen = {(r["subject"].strip(), src(r)) for r in rows if r["label"] == "ADC"}

    def add(row, inputs, b, how):
        key = (row["subject"].strip(), src(row))
        if key in seen:
            return
        seen.add(key)
        out.append({**{k: row[k] for k in ("subject", "source", "site_or_vendor", "license")
                       if k in row},
                    "file": DERIVED_PREFIX + "+".join(f for f, _, _ in inputs), "label": "ADC",
                    "format": "derived", "inputs": inputs, "b": b, "how_label_known": how})

    brain = [r for r in rows if not any(s in r.get("source", "") for s in OOD_SOURCES_TO_OTHER)]
    by_dir: dict = {}
    for r in brain:
        if r["label"] in ("B0", "DWI") and not r["file"].startswith(DERIVED_PREFIX):
            key = (os.path.dirname(r["file"]), r["subject"].strip())
            by_dir.setdefault(key, []).append(r)
    for (_, _), group in sorted(by_dir.items()):
        b0s = [r for r in group if r["label"] == "B0"]
        dwis = [r for r in group if r["label"] == "DWI"]
        if not b0s or not dwis:
            continue
        by_b: dict = {}
        for d in dwis:
            by_b.setdefault(_b_from_name(d["file"]), []).append(d)
        b = max(by_b)
        inputs = [(b0s[0]["file"], b0s[0].get("format", ""), "b0")]
        inputs += [(d["file"], d.get("format", ""), "dwi") for d in by_b[b]]
        add(b0s[0], inputs, b, "derived here from b0 + diffusion-weighted images")
    for r in brain:
        if r["label"] == "DWI_4D":
            add(r, [(r["file"], r.get("format", ""), "4d")], 0.0, "derived here from a 4D series")
    return out


def read_derived(row: dict, data_dir: str) -> list:
    """The derived ADC of one derived row as [Volume] (empty when the inputs do not match)."""
    inputs = row["inputs"]
    if inputs[0][2] == "4d":
        vols = [v for v in read_any(os.path.join(data_dir, inputs[0][0]), inputs[0][1])
                if v.bvalue is not None]
        b0 = [v for v in vols if v.bvalue < 50]
        hi = max(vols, key=lambda v: v.bvalue) if vols else None
        if not b0 or hi is None or hi.bvalue < 400:
            return []
        s0, sbs, b, ref = b0[0].array, [hi.array], hi.bvalue, hi
    else:
        s0v = read_any(os.path.join(data_dir, inputs[0][0]), inputs[0][1])[0]
        sbs = [read_any(os.path.join(data_dir, f), fmt)[0].array for f, fmt, _ in inputs[1:]]
        if any(s.shape != s0v.array.shape for s in sbs):
            return []
        s0, b, ref = s0v.array, float(row["b"]), s0v
    return [Volume(adc_map(s0, sbs, b), ref.spacing, ref.acq_axis, None, f"adc-b{int(b)}")]
