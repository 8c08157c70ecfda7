"""A compact, self-contained copy of the extracted slices, for a machine without `../shared`.

The GPU machine lent to some sessions receives the repository and at most 64 MiB beside it: the
slice cache (float32, ~290 MB at 160 px) does not travel, the inventory does not exist there. A
pack keeps, per series, up to `max_acq` evenly spaced acquisition-plane slices (the same choice
`trainer.series_inputs` makes, so a held-out series is scored on the slices it would be scored on
with at most that many) and up to `max_other` slices of the other planes, each quantised to 8 bits
between its minimum and its 99.9th percentile (windowing clips at the 99th, so nothing the model
sees is lost but the 8-bit steps). Everything a fold needs travels with it: label, subject group,
source, family, provider-stripped flag. A pack is an approximation of the cache, so results from
one are compared only with arms run on the same pack.
"""
from __future__ import annotations

import json
import lzma

import numpy as np

from .data import SeriesSlices, evenly_spaced

PACK_VERSION = 1


def _pick(s: SeriesSlices, max_acq: int, max_other: int) -> np.ndarray:
    acq = np.nonzero(s.acq)[0] if s.acq.any() else np.arange(len(s.acq))
    other = np.nonzero(~s.acq)[0] if s.acq.any() else np.zeros(0, int)
    return np.concatenate([evenly_spaced(acq, max_acq), evenly_spaced(other, max_other)]).astype(int)


def quantise(x: np.ndarray):
    """(uint8 [n, S, S], lo [n], hi [n]): each slice mapped from [min, p99.9] to 0..255."""
    lo = x.min(axis=(1, 2))
    hi = np.percentile(x, 99.9, axis=(1, 2))
    hi = np.where(hi > lo, hi, lo + 1.0)
    q = np.clip(np.round((x - lo[:, None, None]) / (hi - lo)[:, None, None] * 255.0), 0, 255)
    return q.astype(np.uint8), lo.astype(np.float32), hi.astype(np.float32)


def dequantise(q: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    return (q.astype(np.float32) / 255.0 * (hi - lo)[:, None, None] + lo[:, None, None]).astype(np.float32)


def write_pack(series: list, path: str, max_acq: int = 8, max_other: int = 2) -> dict:
    """Write `series` to `path` (lzma-compressed); returns counts for the log."""
    heads, blobs, n = [], [], 0
    for s in series:
        idx = _pick(s, max_acq, max_other)
        q, lo, hi = quantise(s.slices[idx])
        heads.append({"file": s.file, "label": s.label, "data_label": s.data_label,
                      "subject": s.subject, "source": s.source, "family": s.family, "tag": s.tag,
                      "meta": s.meta, "n": int(idx.size), "planes": s.planes[idx].tolist(),
                      "acq": s.acq[idx].tolist(), "lo": lo.tolist(), "hi": hi.tolist()})
        blobs.append(q.tobytes())
        n += idx.size
    size = int(series[0].slices.shape[-1]) if series else 0
    head = json.dumps({"version": PACK_VERSION, "size": size, "series": heads}).encode()
    with lzma.open(path, "wb", preset=6) as f:
        f.write(len(head).to_bytes(8, "little"))
        f.write(head)
        for b in blobs:
            f.write(b)
    return {"series": len(series), "slices": n, "size": size}


def read_pack(path: str) -> list:
    """[SeriesSlices] from a pack (slices dequantised to float32)."""
    with lzma.open(path, "rb") as f:
        head = json.loads(f.read(int.from_bytes(f.read(8), "little")))
        if head.get("version") != PACK_VERSION:
            raise ValueError(f"{path}: pack version {head.get('version')}, expected {PACK_VERSION}")
        size, out = head["size"], []
        for h in head["series"]:
            q = np.frombuffer(f.read(h["n"] * size * size), np.uint8).reshape(h["n"], size, size)
            out.append(SeriesSlices(
                file=h["file"], label=h["label"], data_label=h["data_label"],
                subject=h["subject"], source=h["source"], family=h["family"], tag=h["tag"],
                slices=dequantise(q, np.asarray(h["lo"], np.float32), np.asarray(h["hi"], np.float32)),
                planes=np.asarray(h["planes"], np.int8), acq=np.asarray(h["acq"], bool),
                meta=h["meta"]))
    return out
