"""Encoding balanced per class (`--encode-balance`): which series count as stored 8-bit/JPEG, the
per-class probabilities that equalise the expected encoded share, and the wiring into the batch."""
import numpy as np

from aug_options import assert_recorded_only_when_set, phantom_batch
from mrseq_train.augment import DEFAULT_P, augment_batch
from mrseq_train.encoding import balanced_probabilities, base_rate, encoded_share, is_encoded
from mrseq_train.labels import MODEL_LABELS
from mrseq_train.trainer import BalancedSampler
from test_train import fake_series


def with_format(s, fmt):
    s.meta["format"] = fmt
    return s


def test_stored_8bit_or_jpeg_series_count_as_encoded():
    s = fake_series("T1", "a")
    for fmt, want in (("JPEG 2D slice", True), ("PNG", True), ("NIfTI uint8 (8-bit)", True),
                      ("NIfTI int16", False), ("DICOM", False), ("", False)):
        assert is_encoded(with_format(s, fmt)) is want


def test_probabilities_equalise_the_expected_encoded_share():
    # T1c: all from a JPEG family; T1: one family of two series, one of them uint8; T2: none.
    series = ([with_format(fake_series("T1c", "jpg", seed=i), "JPEG") for i in range(3)]
              + [with_format(fake_series("T1", "mix", seed=0), "NIfTI uint8"),
                 with_format(fake_series("T1", "mix", seed=1), "NIfTI int16"),
                 with_format(fake_series("T2", "raw", seed=0), "DICOM")])
    sampler = BalancedSampler(series, seed=0)
    assert encoded_share(sampler, "T1c") == 1.0 and encoded_share(sampler, "T2") == 0.0
    assert abs(encoded_share(sampler, "T1") - 0.5) < 1e-9
    rate = base_rate(DEFAULT_P)
    assert abs(rate - (1 - 0.7 * 0.75)) < 1e-9
    p = dict(zip(MODEL_LABELS, balanced_probabilities(sampler, MODEL_LABELS, rate)))
    assert p["T2"] == 1.0 and p["T1"] == 1.0       # everything else topped up to T1c's 100%
    assert p["T1c"] == rate and p["DWI"] == rate    # the most encoded class, and absent ones, keep it
    # a milder case: the most encoded class at 50% sets the target 0.5 + 0.5 * rate
    sampler = BalancedSampler(series[3:], seed=0)
    p = dict(zip(MODEL_LABELS, balanced_probabilities(sampler, MODEL_LABELS, rate)))
    target = 0.5 + 0.5 * rate
    assert abs(p["T2"] - target) < 1e-9 and abs(0.5 + 0.5 * p["T1"] - target) < 1e-9


def test_per_class_probabilities_reach_the_batch_by_label():
    b = phantom_batch(8)
    labels = np.array([0, 1] * 4)
    never = {"encode_p": [0.0] * len(MODEL_LABELS)}
    always = {"encode_p": [1.0] * len(MODEL_LABELS)}
    a0 = augment_batch(b, np.random.default_rng(3), never, labels)
    a1 = augment_batch(b, np.random.default_rng(3), always, labels)
    assert not np.allclose(a0, a1)
    only_first = {"encode_p": [1.0] + [0.0] * (len(MODEL_LABELS) - 1)}
    for label, same_as in ((0, always), (1, never)):
        y = np.array([label])
        np.testing.assert_array_equal(augment_batch(b[:1], np.random.default_rng(4), only_first, y),
                                      augment_batch(b[:1], np.random.default_rng(4), same_as, y))


def test_flag_is_recorded_only_when_set():
    assert_recorded_only_when_set("--encode-balance", "encode_balance", True)
