"""The thick-slice reformat look-alike (`--thick`: blur along one image axis only, off by default,
no random draw then) and the probability of the 8-bit/JPEG draw (`--jpeg`), each recorded in
model.json only when set."""
import numpy as np

from aug_options import assert_changes_the_batch, assert_off_by_default, assert_recorded_only_when_set
from mrseq_train.augment_local import thick_slices


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


def test_thick_is_off_by_default_and_recorded_only_when_set():
    assert_off_by_default("thick", 1.0)
    assert_recorded_only_when_set("--thick", "thick", 0.4)


def test_jpeg_probability_is_a_recipe_option_recorded_only_when_set():
    assert_recorded_only_when_set("--jpeg", "jpeg", 0.7)
    assert_changes_the_batch("jpeg", 0.0, 1.0, n=8)
