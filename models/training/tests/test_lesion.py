"""The mass-lesion look-alike (`--lesion`): changes the head only, leaves an empty slice alone, is
off by default (no random draw then) and is recorded in model.json only when set."""
import numpy as np

from aug_options import assert_off_by_default, assert_recorded_only_when_set
from mrseq_train.augment_local import lesion_blobs


def disk_head(size=96):
    yy, xx = np.mgrid[0:size, 0:size]
    head = (yy - size / 2) ** 2 + (xx - size / 2) ** 2 < (0.4 * size) ** 2
    rng = np.random.default_rng(0)
    return np.where(head, 0.6 + 0.05 * rng.random((size, size)), 0.0).astype(np.float32), head


def test_lesions_change_a_blob_inside_the_head_and_nothing_outside():
    x, head = disk_head()
    changed_any = 0
    for seed in range(10):
        y = lesion_blobs(x, np.random.default_rng(seed))
        assert y.shape == x.shape and y.dtype == x.dtype
        np.testing.assert_array_equal(y[~head], x[~head])          # background untouched
        changed = np.abs(y - x) > 0.02
        assert changed.sum() < 0.6 * head.sum()                    # a lesion, not the whole head
        changed_any += int(changed.sum() > 20)
    assert changed_any >= 9


def test_lesions_are_darker_or_brighter_at_random():
    x, head = disk_head()
    signs = set()
    for seed in range(30):
        d = (lesion_blobs(x, np.random.default_rng(seed)) - x)[head]
        big = d[np.abs(d) > 0.05]
        if big.size:
            signs.add(int(np.sign(np.median(big))))
    assert signs == {-1, 1}


def test_a_slice_without_a_head_is_returned_unchanged():
    x = np.zeros((64, 64), np.float32)
    x[0, 0] = 1.0
    np.testing.assert_array_equal(lesion_blobs(x, np.random.default_rng(0)), x)


def test_lesion_is_off_by_default_and_recorded_only_when_set():
    assert_off_by_default("lesion", 1.0)
    assert_recorded_only_when_set("--lesion", "lesion", 0.4)
