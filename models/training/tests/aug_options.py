"""Shared checks for the recipe's augmentation options (`--curve`, `--gamma`, `--thick`,
`--lesion`, `--jpeg`): parsed like train.py does, reaching `train_kwargs(...)["aug"]` and the
model.json record only when set, and (for options drawn only when on) leaving the random stream of
the default recipe untouched."""
import argparse

import numpy as np

from mrseq_train.augment import augment_batch
from mrseq_train.recipe import add_recipe_args, recipe_summary, train_kwargs
from test_train import phantom


def recipe_args(*argv):
    ap = argparse.ArgumentParser()
    add_recipe_args(ap)
    return ap.parse_args(["--init", "scratch", *argv])


def phantom_batch(n: int = 4, size: int = 32) -> np.ndarray:
    rng = np.random.default_rng(0)
    return np.stack([phantom(size, size, 1, 1, rng) for _ in range(n)]).astype(np.float32)


def assert_changes_the_batch(key: str, a, b, n: int = 4):
    """augment_batch with {key: a} and {key: b} differ on the same draws."""
    x = phantom_batch(n)
    assert not np.allclose(augment_batch(x, np.random.default_rng(3), {key: a}),
                           augment_batch(x, np.random.default_rng(3), {key: b}))


def assert_off_by_default(key: str, on: float):
    """{key: 0} gives exactly the default recipe's batch (no extra draw); {key: on} changes it."""
    x = phantom_batch()
    base = augment_batch(x, np.random.default_rng(3))
    np.testing.assert_array_equal(base, augment_batch(x, np.random.default_rng(3), {key: 0.0}))
    assert_changes_the_batch(key, 0.0, on)


def assert_recorded_only_when_set(flag: str, key: str, value):
    """`value` True: a flag without an argument."""
    plain = recipe_args()
    assert key not in train_kwargs(plain)["aug"] and key not in recipe_summary(plain)
    args = recipe_args(flag) if value is True else recipe_args(flag, str(value))
    assert train_kwargs(args)["aug"][key] == value and recipe_summary(args)[key] == value


def assert_rejected(argv: list, words: str):
    try:
        train_kwargs(recipe_args(*argv))
    except SystemExit as e:
        assert words in str(e)
    else:
        raise AssertionError(f"{argv} was accepted")
