"""The thick-slice reformat look-alike (`--thick`: blur along one image axis only, off by default,
no random draw then) and the probability of the 8-bit/JPEG draw (`--jpeg`), each recorded in
model.json only when set."""
import argparse

import numpy as np

from mrseq_train.augment import augment_batch
from mrseq_train.augment_local import thick_slices
from mrseq_train.recipe import add_recipe_args, recipe_summary, train_kwargs
from test_train import phantom


def recipe_args(*argv):
    ap = argparse.ArgumentParser()
    add_recipe_args(ap)
    return ap.parse_args(["--init", "scratch", *argv])


def test_thick_slices_blur_one_axis_and_keep_the_other_sharp():
    x = np.random.default_rng(0).random((64, 64)).astype(np.float32)
    axes = set()
    for seed in range(12):
        y = thick_slices(x, np.random.default_rng(seed))
        assert y.shape == x.shape and y.dtype == x.dtype
        d_rows = np.abs(np.diff(y, axis=0)).mean()     # change from row to row
        d_cols = np.abs(np.diff(y, axis=1)).mean()
        assert max(d_rows, d_cols) > 2.5 * min(d_rows, d_cols)
        axes.add(int(d_rows < d_cols))
        assert abs(y.mean() - x.mean()) < 0.02          # an average, not a change of level
    assert axes == {0, 1}                               # both axes are drawn


def test_thick_is_off_by_default_and_draws_nothing_then():
    rng = np.random.default_rng(0)
    b = np.stack([phantom(32, 32, 1, 1, rng) for _ in range(4)]).astype(np.float32)
    base = augment_batch(b, np.random.default_rng(3))
    np.testing.assert_array_equal(base, augment_batch(b, np.random.default_rng(3), {"thick": 0.0}))
    assert not np.allclose(base, augment_batch(b, np.random.default_rng(3), {"thick": 1.0}))


def test_thick_flag_reaches_the_augmentation_and_the_model_record():
    plain = recipe_args()
    assert "thick" not in train_kwargs(plain)["aug"] and "thick" not in recipe_summary(plain)
    args = recipe_args("--thick", "0.4")
    assert train_kwargs(args)["aug"]["thick"] == 0.4 and recipe_summary(args)["thick"] == 0.4
    try:
        train_kwargs(recipe_args("--thick", "2"))
    except SystemExit as e:
        assert "--thick" in str(e)
    else:
        raise AssertionError("--thick 2 was accepted")


def test_jpeg_probability_is_a_recipe_option_recorded_only_when_set():
    plain = recipe_args()
    assert "jpeg" not in train_kwargs(plain)["aug"] and "jpeg" not in recipe_summary(plain)
    args = recipe_args("--jpeg", "0.7")
    assert train_kwargs(args)["aug"]["jpeg"] == 0.7 and recipe_summary(args)["jpeg"] == 0.7
    rng = np.random.default_rng(0)
    b = np.stack([phantom(32, 32, 1, 1, rng) for _ in range(8)]).astype(np.float32)
    assert not np.allclose(augment_batch(b, np.random.default_rng(3), {"jpeg": 0.0}),
                           augment_batch(b, np.random.default_rng(3), {"jpeg": 1.0}))
