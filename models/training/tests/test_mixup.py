"""Mixup (`--mixup`): blends, the blended loss, its own random stream, and the recipe flag."""
import argparse

import numpy as np
import pytest
import torch

from mrseq_train.labels import MODEL_LABELS
from mrseq_train.mixup import Mixup, blended
from mrseq_train.recipe import add_recipe_args, recipe_summary, train_kwargs
from mrseq_train.trainer import train
from test_train import fake_series


def test_blend_is_convex_pairing_is_a_permutation_and_labels_follow_the_partner():
    x = torch.arange(6, dtype=torch.float32).view(6, 1, 1, 1).expand(6, 1, 4, 4).clone()
    y = torch.tensor([0, 1, 2, 3, 4, 5])
    mixed, y_a, y_b, lam = Mixup(0.2, seed=3)(x, y)
    assert 0.0 <= lam <= 1.0
    assert torch.equal(y_a, y) and sorted(y_b.tolist()) == list(range(6))
    # each blended slice is lam * itself + (1 - lam) * the slice whose label it is paired with
    expect = lam * x + (1 - lam) * x[y_b]
    torch.testing.assert_close(mixed, expect)


def test_small_alpha_keeps_most_blends_near_one_slice_and_seeds_repeat():
    m = Mixup(0.2, seed=0)
    lams = np.array([m(torch.zeros(4, 1, 2, 2), torch.arange(4))[3] for _ in range(400)])
    assert np.mean((lams < 0.1) | (lams > 0.9)) > 0.5
    again = Mixup(0.2, seed=0)
    assert [again(torch.zeros(4, 1, 2, 2), torch.arange(4))[3] for _ in range(3)] == list(lams[:3])
    with pytest.raises(ValueError):
        Mixup(0.0)


def test_blended_loss_weights_both_labels_and_skips_a_zero_weight():
    seen = []

    def loss(t):
        seen.append(int(t))
        return torch.tensor(float(t))
    assert float(blended(loss, torch.tensor(2), torch.tensor(10), 0.25)) == pytest.approx(8.0)
    seen.clear()
    assert float(blended(loss, torch.tensor(2), torch.tensor(10), 1.0)) == pytest.approx(2.0)
    assert seen == [2]


def test_recipe_flag_reaches_training_and_the_model_record():
    ap = argparse.ArgumentParser()
    add_recipe_args(ap)
    assert "mixup" not in recipe_summary(ap.parse_args(["--init", "scratch"]))
    assert train_kwargs(ap.parse_args(["--init", "scratch"]))["mixup"] == 0.0
    args = ap.parse_args(["--init", "scratch", "--mixup", "0.2"])
    assert train_kwargs(args)["mixup"] == 0.2 and recipe_summary(args)["mixup"] == 0.2
    tr = [fake_series(lab, f"f{i % 2}", seed=i) for i, lab in enumerate(MODEL_LABELS * 2)]
    runs = []
    for alpha in (0.0, 0.4):
        model, info = train(tr, [], arch="compact", widths=(4, 8, 8, 8), size=32, steps=3, batch=8,
                            cam_bg_weight=1.0, mixup=alpha, prefetch=0, log=lambda m: None)
        assert info["mixup"] == alpha and info["steps_done"] == 3
        runs.append(torch.cat([p.detach().flatten() for p in model.parameters()]))
    assert torch.isfinite(runs[1]).all()
    assert not torch.allclose(runs[0], runs[1])         # the blends changed what was learned
