"""Intensity-curve options: the random increasing curve (`--curve`: order kept, ends fixed, off by
default) and the probability of the random gamma (`--gamma`)."""
import argparse

import numpy as np

from mrseq_train.augment import augment_batch, monotone_curve
from mrseq_train.recipe import add_recipe_args, recipe_summary, train_kwargs
from test_train import phantom


def recipe_args(*argv):
    ap = argparse.ArgumentParser()
    add_recipe_args(ap)
    return ap.parse_args(["--init", "scratch", *argv])


def test_curve_is_increasing_fixes_the_ends_and_continues_above_one():
    x = np.linspace(0.0, 1.2, 241)
    for seed in range(20):
        y = monotone_curve(x, np.random.default_rng(seed))
        assert np.all(np.diff(y) >= -1e-12)                       # tissue order kept
        assert abs(y[0]) < 1e-12 and abs(y[200] - 1.0) < 1e-9      # 0 -> 0, 1 -> 1
        assert y[-1] > 1.0                                         # the brightest are not clipped
    a, b = (monotone_curve(x, np.random.default_rng(s)) for s in (0, 1))
    assert np.abs(a - b).max() > 0.02                              # contrast ratios do change


def test_curve_is_off_by_default_and_draws_nothing_then():
    rng = np.random.default_rng(0)
    b = np.stack([phantom(32, 32, 1, 1, rng) for _ in range(4)]).astype(np.float32)
    base = augment_batch(b, np.random.default_rng(3))
    np.testing.assert_array_equal(base, augment_batch(b, np.random.default_rng(3), {"curve": 0.0}))
    assert not np.allclose(base, augment_batch(b, np.random.default_rng(3), {"curve": 1.0}))


def test_recipe_flag_reaches_the_augmentation_and_the_model_record():
    plain = recipe_args()
    assert "curve" not in train_kwargs(plain)["aug"] and "curve" not in recipe_summary(plain)
    args = recipe_args("--curve", "0.5")
    assert train_kwargs(args)["aug"]["curve"] == 0.5 and recipe_summary(args)["curve"] == 0.5


def test_gamma_probability_is_a_recipe_option_recorded_only_when_set():
    plain = recipe_args()
    assert "gamma" not in train_kwargs(plain)["aug"] and "gamma" not in recipe_summary(plain)
    args = recipe_args("--gamma", "0")
    assert train_kwargs(args)["aug"]["gamma"] == 0.0 and recipe_summary(args)["gamma"] == 0.0
    rng = np.random.default_rng(0)
    b = np.stack([phantom(32, 32, 1, 1, rng) for _ in range(4)]).astype(np.float32)
    assert not np.allclose(augment_batch(b, np.random.default_rng(3)),
                           augment_batch(b, np.random.default_rng(3), {"gamma": 0.0}))


def test_out_of_range_options_stop_with_a_message():
    for argv, words in ((["--curve", "1.5"], "--curve"), (["--gamma", "-0.1"], "--gamma"),
                        (["--mixup", "-1"], "--mixup")):
        try:
            train_kwargs(recipe_args(*argv))
        except SystemExit as e:
            assert words in str(e)
        else:
            raise AssertionError(f"{argv} was accepted")
