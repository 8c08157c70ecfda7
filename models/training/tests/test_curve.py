"""Intensity-curve options: the random increasing curve (`--curve`: order kept, ends fixed, off by
default) and the probability of the random gamma (`--gamma`)."""
import numpy as np

from aug_options import (assert_changes_the_batch, assert_off_by_default,
                         assert_recorded_only_when_set, assert_rejected)
from mrseq_train.augment import monotone_curve


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
    assert_off_by_default("curve", 1.0)


def test_recipe_flag_reaches_the_augmentation_and_the_model_record():
    assert_recorded_only_when_set("--curve", "curve", 0.5)


def test_gamma_probability_is_a_recipe_option_recorded_only_when_set():
    assert_recorded_only_when_set("--gamma", "gamma", 0.0)
    assert_changes_the_batch("gamma", 0.6, 0.0)


def test_out_of_range_options_stop_with_a_message():
    for argv, words in ((["--curve", "1.5"], "--curve"), (["--gamma", "-0.1"], "--gamma"),
                        (["--mixup", "-1"], "--mixup"), (["--thick", "2"], "--thick"),
                        (["--lesion", "1.5"], "--lesion"), (["--jpeg", "-0.5"], "--jpeg")):
        assert_rejected(argv, words)
