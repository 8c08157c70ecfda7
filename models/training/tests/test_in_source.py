"""in_source.py: a train.py checkpoint scored on its own validation split, per source group."""
import pytest
import torch

from in_source import score_by_group, split_of
from mrseq_train.trainer import train
from test_train import fake_series


def test_the_split_is_read_from_what_train_py_recorded():
    ck = {"training": {"recipe": {"seed": 3}, "split": "subject-level, val_frac 0.20"}}
    assert split_of(ck) == (3, 0.2)
    with pytest.raises(SystemExit, match="every subject"):
        split_of({"training": {"recipe": {"seed": 0}, "split": "subject-level, val_frac 0.00"}})
    with pytest.raises(SystemExit):
        split_of({"training": {"recipe": {"seed": 0}}})


def test_validation_series_are_scored_per_source_group_with_families_merged():
    torch.manual_seed(0)
    tr = [fake_series(lab, f, seed=i) for i, (lab, f) in
          enumerate([("T1", "a"), ("T2", "a"), ("T1", "b"), ("T2", "b")])]
    model, info = train(tr, [], widths=(4, 8, 8, 8), size=32, steps=2, batch=4, log=lambda m: None)
    # 'neurolabusc/VolumeRenderingData' and 'niivue/niivue' are one group in labels.json
    val = [fake_series("T1", "neurolabusc/VolumeRenderingData", n=3, seed=10),
           fake_series("T2", "niivue/niivue", n=2, seed=11),
           fake_series("T2", "b", n=5, seed=12)]
    res = score_by_group(model, info, val)
    assert set(res["per_group"]) == {"niivue_cstar", "b"}
    assert res["per_group"]["niivue_cstar"]["n_series"] == 2
    assert res["per_group"]["niivue_cstar"]["n_slices"] == 5
    assert res["pooled"]["n_series"] == 3 and res["pooled"]["n_slices"] == 10
