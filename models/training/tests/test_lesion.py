"""The mass-lesion look-alike (`--lesion`): changes the head only, leaves an empty slice alone, is
off by default (no random draw then) and is recorded in model.json only when set."""
import argparse

import numpy as np

from mrseq_train.augment import augment_batch
from mrseq_train.augment_local import lesion_blobs
from mrseq_train.recipe import add_recipe_args, recipe_summary, train_kwargs
from test_train import phantom


def recipe_args(*argv):
    ap = argparse.ArgumentParser()
    add_recipe_args(ap)
    return ap.parse_args(["--init", "scratch", *argv])


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


def test_lesion_is_off_by_default_and_reaches_the_augmentation_and_the_record():
    rng = np.random.default_rng(0)
    b = np.stack([phantom(32, 32, 1, 1, rng) for _ in range(4)]).astype(np.float32)
    base = augment_batch(b, np.random.default_rng(3))
    np.testing.assert_array_equal(base, augment_batch(b, np.random.default_rng(3), {"lesion": 0.0}))
    plain = recipe_args()
    assert "lesion" not in train_kwargs(plain)["aug"] and "lesion" not in recipe_summary(plain)
    args = recipe_args("--lesion", "0.4")
    assert train_kwargs(args)["aug"]["lesion"] == 0.4 and recipe_summary(args)["lesion"] == 0.4
