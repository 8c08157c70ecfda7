"""fold_coverage.py: what a fold trains on per class."""
import numpy as np

from fold_coverage import class_coverage, markdown
from test_train import fake_series


def test_counts_families_stripping_and_planes_of_the_training_side():
    a = fake_series("T1c", "famA", n=4, seed=1)
    b = fake_series("T1c", "famA", n=4, seed=2)
    b.meta["stripped"] = True
    c = fake_series("T1c", "famB", n=6, seed=3)
    c.acq = np.array([True, True, False, False, False, True])
    t1 = fake_series("T1", "famB", n=3, seed=4)
    held = [fake_series("T1c", "famC", n=1, seed=5), fake_series("T1c", "famC", n=1, seed=6),
            fake_series("T2", "famC", n=2, seed=7)]
    rows = {r["label"]: r for r in class_coverage([a, b, c, t1], held)}
    assert set(rows) == {"T1c", "T2"}                    # only classes the held-out side has
    r = rows["T1c"]
    assert (r["test_series"], r["test_slices"], r["train_series"], r["train_families"]) == (2, 2, 3, 2)
    assert r["train_stripped"] == 1 and abs(r["largest_family_share"] - 2 / 3) < 1e-9
    # the stripped series' slices do not count; c has 3 acquisition-plane slices and 3 reformats
    assert (r["unstripped_acq_slices"], r["unstripped_reformat_slices"]) == (4 + 3, 3)
    assert rows["T2"]["train_series"] == 0 and rows["T2"]["largest_family_share"] == 0.0
    md = markdown([("famC", list(rows.values()))])
    assert "| famC | T1c | 2 (2) | 3 | 2 | 0.67 | 1 | 7 / 3 |" in md
