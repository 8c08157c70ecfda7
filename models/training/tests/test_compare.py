"""compare.py: arms joined from several LOSO reports, restricted to the groups they share."""
import json

import numpy as np

import pytest

import compare
from mrseq_train.labels import MODEL_LABELS


def report(path, rows):
    """rows: (group, label, [predicted label per slice])"""
    series = []
    for k, (g, label, preds) in enumerate(rows):
        logits = [[5.0 if c == p else 0.0 for c in MODEL_LABELS] for p in preds]
        series.append({"series": f"{g}-{k}", "group": g, "label": label, "logits": logits})
    path.write_text(json.dumps({"series": series}))
    return str(path)


def test_compare_pools_the_shared_groups_and_joins_reports(tmp_path):
    a = report(tmp_path / "a.json", [("g1", "T1", ["T1", "T1"]), ("g2", "T2", ["T1", "T1"]),
                                     ("g3", "DWI", ["DWI"])])
    b1 = report(tmp_path / "b1.json", [("g1", "T1", ["T1", "T1c"])])
    b2 = report(tmp_path / "b2.json", [("g2", "T2", ["T2", "T2"])])
    text = compare.main(["A=" + a, f"B={b1}+{b2}"])
    assert "Groups (2): g1, g2" in text          # g3 is only in arm A
    rows = {line.split(" | ")[0].strip("| "): line for line in text.splitlines() if line.startswith("| A ") or line.startswith("| B ")}
    # A: series g1 right, g2 wrong -> 0.500; B: both right (g1's mean logits tie-break to T1)
    assert " 2 | 4 | " in rows["A"] and "| 0.500 |" in rows["A"]
    assert "| 1.000 |" in rows["B"]
    with pytest.raises(SystemExit, match="not in every arm: g3"):
        compare.main(["A=" + a, f"B={b1}+{b2}", "--only", "g1,g3"])
    with pytest.raises(SystemExit, match="group g1 is in both"):
        compare.main([f"B={b1}+{b1}"])


def test_an_ensemble_arm_averages_the_members_log_probabilities(tmp_path):
    a = report(tmp_path / "a.json", [("g1", "T1", ["T1", "T2"]), ("g1", "T2", ["T2"])])
    b = report(tmp_path / "b.json", [("g1", "T1", ["T1", "T1"]), ("g1", "T2", ["T1"])])
    recs = compare.ensemble([a, b])
    assert [r["series"] for r in recs] == ["g1-0", "g1-1"]
    lg = np.asarray(recs[0]["logits"])
    assert lg.shape == (2, len(MODEL_LABELS))
    assert lg[0].argmax() == MODEL_LABELS.index("T1")            # both members say T1
    assert np.isclose(lg[1][MODEL_LABELS.index("T1")], lg[1][MODEL_LABELS.index("T2")])  # a tie
    text = compare.main([f"AB={a}&{b}", f"A={a}"])
    assert "| AB | 2 | 3 |" in text
    c = report(tmp_path / "c.json", [("g1", "T1", ["T1"]), ("g1", "T2", ["T2"])])
    with pytest.raises(SystemExit, match="different slices"):
        compare.ensemble([a, c])
