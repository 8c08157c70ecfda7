"""Encoding balanced per class (`--encode-balance`): every class ends with the same expected share
of 8-bit/JPEG slices, counting the series stored that way (RESULTS.md, "more 8-bit and JPEG
encoding"). Raising the encoding draw for every class (`--jpeg 0.7`) helped the fold whose T1c is
all JPEG and hurt the fold scored on JPEGs; this tops up only the classes that are less encoded
than the most encoded one."""
from __future__ import annotations

ENCODED_FORMATS = ("jpeg", "png", "uint8")


def is_encoded(series) -> bool:
    """The series is stored 8-bit or JPEG (INVENTORY `format`: JPEG, PNG, uint8 NIfTI)."""
    fmt = str(series.meta.get("format", "")).lower()
    return any(k in fmt for k in ENCODED_FORMATS)


def base_rate(aug: dict) -> float:
    """Share of slices the default draw re-encodes: quant8, else the second (jpeg) draw."""
    return 1.0 - (1.0 - aug["quant8"]) * (1.0 - aug["jpeg"])


def encoded_share(sampler, label: str) -> float:
    """Expected share of a class's training draws that come from stored-encoded series (the
    sampler's family weights, series uniform within a family)."""
    fams, weights = sampler.fam[label]
    total = 0.0
    for fam, w in zip(fams, weights):
        group = sampler.tree[label][fam]
        total += w * sum(is_encoded(s) for s in group) / len(group)
    return float(total)


def balanced_probabilities(sampler, labels, rate: float) -> list:
    """Per model label index: the probability of the encoding draw that gives every class present
    the same expected encoded share, max over classes of q + (1 - q) * rate. A label the sampler
    has not got keeps `rate`."""
    q = {c: encoded_share(sampler, c) for c in sampler.classes}
    target = max(qc + (1.0 - qc) * rate for qc in q.values())
    out = []
    for c in labels:
        if c not in q or q[c] >= 1.0:
            out.append(rate)
        else:
            out.append(min(1.0, max(0.0, (target - q[c]) / (1.0 - q[c]))))
    return out
