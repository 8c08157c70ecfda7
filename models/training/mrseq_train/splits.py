"""Subject-level splits and leave-one-source-family-out folds over SeriesSlices."""
from __future__ import annotations

import numpy as np

from .labels import load_label_config


def split_by_subject(series: list, val_frac: float = 0.2, seed: int = 0, keep_train=None):
    """(train, val): whole subject groups go to one side; each label gets ~val_frac of its
    groups in validation where it has at least 2 groups; `keep_train` groups stay in train."""
    keep_train = set(keep_train if keep_train is not None
                     else load_label_config().get("keep_on_train_side", []))
    rng = np.random.default_rng(seed)
    groups_by_label: dict = {}
    for s in series:
        groups_by_label.setdefault(s.label, set()).add(s.subject)
    val: set = set()
    # rarest labels first so that their few subjects are placed deliberately
    for lab in sorted(groups_by_label, key=lambda k: len(groups_by_label[k])):
        cand = sorted(g for g in groups_by_label[lab] if g not in keep_train)
        if len(groups_by_label[lab]) < 2 or not cand:
            continue
        want = max(1, int(round(val_frac * len(groups_by_label[lab]))))
        have = len(val & groups_by_label[lab])
        rng.shuffle(cand)
        for g in cand:
            if have >= want:
                break
            if g in val:
                continue
            # never empty a label's training side
            if len(groups_by_label[lab] - val - {g}) == 0:
                continue
            val.add(g)
            have += 1
    train = [s for s in series if s.subject not in val]
    valid = [s for s in series if s.subject in val]
    return train, valid


def loso_folds(series: list, families=None):
    """[(family, train, test)]: test = one source family; train = everything whose subject group
    does not occur in the test family (so a person shared across sources never leaks)."""
    fams = sorted({s.family for s in series}) if families is None else list(families)
    out = []
    for fam in fams:
        test = [s for s in series if s.family == fam]
        held = {s.subject for s in test}
        train = [s for s in series if s.family != fam and s.subject not in held]
        out.append((fam, train, test))
    return out
