"""Series-contrastive pretraining: the loss, the pair sampler, the saved backbone, and the guard
that keeps a pretraining's groups out of the folds it is evaluated on."""
import json

import numpy as np
import pytest
import torch

from mrseq_train.labels import MODEL_LABELS
from mrseq_train.mobilenet import mobilenetv2
from mrseq_train.ssl import (SeriesPairSampler, groups_seen, nt_xent, pretrain, resized,
                             save_backbone)
from test_train import fake_series


def test_nt_xent_is_low_for_matched_pairs_and_high_for_swapped_ones():
    g = torch.Generator().manual_seed(0)
    za = torch.randn(8, 16, generator=g)
    matched = nt_xent(za, za + 0.01 * torch.randn(8, 16, generator=g), tau=0.1)
    swapped = nt_xent(za, za.roll(1, dims=0), tau=0.1)
    assert matched.item() < 0.05 < 2.0 < swapped.item()
    # uninformative embeddings: every one of the 2n-1 others equally likely
    z = torch.ones(4, 3)
    assert nt_xent(z, z).item() == pytest.approx(np.log(7), abs=1e-5)


def test_pairs_come_from_one_series_distinct_series_and_different_slices():
    series = [fake_series(lab, f"f{i % 3}", n=5, seed=i) for i, lab in enumerate(MODEL_LABELS * 2)]
    for s in series:                      # labels are never read: blank them
        s.label = s.data_label = ""
    sp = SeriesPairSampler(series, seed=0)
    for _ in range(10):
        a, b, idx = sp.sample(6)
        assert len(set(idx.tolist())) == 6
        for k, i in enumerate(idx):
            sl = series[i].slices
            ia = [j for j in range(len(sl)) if np.array_equal(sl[j], a[k])]
            ib = [j for j in range(len(sl)) if np.array_equal(sl[j], b[k])]
            assert ia and ib and set(ia).isdisjoint(ib)        # two slices of the same series
    x, y, st = sp.sample_flagged(4)
    assert x.shape[0] == 8 and not y.any() and not st.any()
    # more pairs than series: one pair per series, never a repeat
    assert len(set(sp.sample(100)[2].tolist())) == len(series)


def test_a_one_slice_series_pairs_with_itself():
    s = fake_series("T1", "f0", n=1)
    a, b, _ = SeriesPairSampler([s], seed=0).sample(1)
    np.testing.assert_array_equal(a, b)


def test_pretraining_changes_the_backbone_and_the_saved_file_loads_into_the_recipe(tmp_path):
    series = [fake_series(lab, f"f{i % 2}", n=4, seed=i) for i, lab in enumerate(MODEL_LABELS)]
    torch.manual_seed(0)
    start = mobilenetv2(len(MODEL_LABELS), cut="s16s")
    model, info = pretrain(series, cut="s16s", steps=3, batch=4, size=32, prefetch=0,
                           log=lambda m: None)
    assert info["steps_done"] == 3 and np.isfinite(info["loss"])
    path = str(tmp_path / "ssl.npz")
    save_backbone(model, path, {**info, "groups_seen": ["f0", "f1"]})
    assert groups_seen(path) == ["f0", "f1"]
    assert groups_seen(str(tmp_path / "no-sidecar.npz")) == []
    # the file goes through the same loader as the converted nsfwjs weights
    loaded = mobilenetv2(len(MODEL_LABELS), cut="s16s")
    assert loaded.load_pretrained(path)["loaded"] > 0
    x = resized(np.random.default_rng(0).normal(size=(2, 32, 32)).astype(np.float32), 32)
    loaded.eval()
    torch.testing.assert_close(loaded.features(x), model.features(x))
    start.eval()
    assert not torch.allclose(start.features(x), model.features(x))


def test_resized_views_are_channels_last_at_the_asked_size():
    v = resized(np.zeros((3, 40, 40), np.float32), 32)
    assert v.shape == (3, 1, 32, 32) and v.is_contiguous(memory_format=torch.channels_last)


def test_evaluate_refuses_a_held_out_group_the_pretraining_saw(tmp_path):
    import evaluate

    path = tmp_path / "ssl.npz"
    path.write_bytes(b"")
    path.with_name("ssl.npz.json").write_text(json.dumps({"groups_seen": ["dcm_qa", "nichart"]}))
    for only in (["--only", "nichart"], []):
        with pytest.raises(SystemExit, match="pretrained on held-out"):
            evaluate.main(["--pretrained-file", str(path), *only])


def test_recipe_passes_the_pretrained_file_and_records_it(tmp_path):
    import argparse

    from mrseq_train.recipe import add_recipe_args, recipe_summary, train_kwargs

    ap = argparse.ArgumentParser()
    add_recipe_args(ap)
    args = ap.parse_args(["--pretrained-file", str(tmp_path / "ssl-x.npz")])
    assert train_kwargs(args)["pretrained"] == str(tmp_path / "ssl-x.npz")
    assert recipe_summary(args)["pretrained_file"] == "ssl-x.npz"
    with pytest.raises(SystemExit, match="needs --arch mobilenetv2 or inceptionv3, --init nsfwjs"):
        train_kwargs(ap.parse_args(["--init", "scratch", "--pretrained-file", "x.npz"]))
    assert "pretrained_file" not in recipe_summary(ap.parse_args(["--init", "scratch"]))
