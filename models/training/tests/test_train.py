"""Augmentation, sampling, metrics/calibration and a few-step training run on synthetic series."""
from collections import Counter

import numpy as np
import pytest
import torch

from mrseq_train import metrics as M
from mrseq_train.augment import augment_batch, brain_mask, skull_strip
from mrseq_train.data import SeriesSlices
from mrseq_train.golden import phantom
from mrseq_train.labels import MODEL_LABELS
from mrseq_train.trainer import BalancedSampler, calibrate, summarize, train


def fake_series(label, family, n=4, size=32, seed=0, subject=None):
    rng = np.random.default_rng(seed)
    sl = np.stack([phantom(size, size, 1, 1, rng) * (1 + MODEL_LABELS.index(label)) for _ in range(n)])
    return SeriesSlices(file=f"{family}/{label}/{seed}", label=label, data_label=label,
                        subject=subject or f"{family}-{seed}", source=family, family=family, tag="",
                        slices=sl.astype(np.float32), planes=np.zeros(n, np.int8),
                        acq=np.ones(n, bool))


def test_augment_keeps_shape_and_is_finite_and_seeded():
    rng = np.random.default_rng(0)
    b = np.stack([phantom(48, 48, 1, 1, rng) for _ in range(6)]).astype(np.float32)
    a1 = augment_batch(b, np.random.default_rng(5))
    a2 = augment_batch(b, np.random.default_rng(5))
    assert a1.shape == b.shape and np.isfinite(a1).all()
    np.testing.assert_array_equal(a1, a2)
    assert not np.allclose(a1, augment_batch(b, np.random.default_rng(6)))


def test_brain_mask_covers_the_head_not_the_corners():
    img = phantom(64, 64, 1, 1, np.random.default_rng(1))
    m = brain_mask(img, np.random.default_rng(2))
    assert m[32, 32] and not m[0, 0]


def test_sampler_balances_classes_and_sources():
    series = [fake_series("T1c", "big", seed=i) for i in range(50)]
    series += [fake_series("T1c", "small", seed=100)]
    series += [fake_series("T2", "x", seed=200 + i) for i in range(3)]
    s = BalancedSampler(series, seed=0)
    _, y = s.sample(4000)
    c = Counter(y.tolist())
    assert abs(c[MODEL_LABELS.index("T1c")] - c[MODEL_LABELS.index("T2")]) < 300
    fams, p = s.fam["T1c"]
    assert p[fams.index("small")] >= 0.2       # one big source does not define the class


def test_temperature_recovers_a_known_scale():
    rng = np.random.default_rng(0)
    true = rng.normal(0, 2, (4000, 5))
    y = np.array([rng.choice(5, p=M.softmax(t)) for t in true])
    t = M.fit_temperature(true * 3.0, y)         # over-confident logits: T should be about 3
    assert 2.5 < t < 3.6


def test_metrics_and_threshold():
    y, p = np.array([0, 0, 1, 1, 2]), np.array([0, 1, 1, 1, 0])
    assert M.balanced_accuracy(y, p) == (0.5 + 1.0 + 0.0) / 3
    assert M.confusion(y, p, 3)[0, 1] == 1
    probs = np.array([[0.9, 0.1], [0.6, 0.4], [0.2, 0.8], [0.45, 0.55]])
    thr = M.choose_unknown_threshold(probs, np.array([0, 0, 1, 1]), keep_correct=0.75)
    assert 0.55 <= thr <= 0.6


def test_few_training_steps_run_end_to_end():
    torch.manual_seed(0)
    tr = [fake_series(lab, f"f{i % 2}", seed=i) for i, lab in enumerate(MODEL_LABELS * 2)]
    va = [fake_series(lab, "v", seed=99 + i) for i, lab in enumerate(MODEL_LABELS)]
    model, info = train(tr, va, widths=(4, 8, 8, 8), size=32, steps=6, batch=8, eval_every=3,
                        log=lambda m: None)
    assert info["steps_done"] == 6 and len(info["history"]) == 2
    temp, thr, summ = calibrate(model, va, info["mean"], info["std"])
    assert temp > 0 and 0.3 <= thr <= 0.8
    assert summ["n_series"] == len(MODEL_LABELS)
    assert np.array(summ["series_confusion"]).sum() == len(MODEL_LABELS)
    r = summarize([(va[0], np.tile(np.eye(7)[0] * 5, (3, 1)))])
    assert r["series_acc"] == 1.0


def test_leave_one_source_out_runs_per_group():
    from mrseq_train.loso import report_markdown, run_loso

    series = [fake_series(lab, fam, seed=i * 10 + j)
              for i, fam in enumerate(("srcA", "srcB", "srcC"))
              for j, lab in enumerate(("T1", "T2", "FLAIR"))]
    res = run_loso(series, dict(widths=(4, 8, 8, 8), size=32, steps=2, batch=4), log=lambda m: None)
    assert set(res["per_group"]) == {"srcA", "srcB", "srcC"}
    assert res["pooled"]["n_series"] == len(series)
    assert "pooled" in report_markdown(res)


def test_the_study_resnet_trains_through_the_same_loop():
    tr = [fake_series(lab, "f", seed=i) for i, lab in enumerate(MODEL_LABELS)]
    model, info = train(tr, [], arch="resnet18", size=32, steps=1, batch=2, log=lambda m: None)
    assert info["arch"] == "resnet18" and model.config["in_channels"] == 1
    logits, cam = model(torch.zeros(1, 1, 32, 32))
    assert logits.shape == (1, len(MODEL_LABELS)) and next(model.parameters()).device.type == "cpu"


def test_prefetched_batches_equal_the_serial_ones():
    from mrseq_train.batches import Batches
    series = [fake_series(lab, "f", seed=i) for i, lab in enumerate(MODEL_LABELS)]
    runs = []
    for workers in (0, 1):
        b = Batches(BalancedSampler(series, seed=3), np.random.default_rng(4), 8, None, 0.2, 0.3,
                    n=3, workers=workers)
        runs.append(list(b))
        assert b.procs == []                        # finished and cleaned up
    assert len(runs[0]) == len(runs[1]) == 3
    for (x0, y0), (x1, y1) in zip(*runs):
        np.testing.assert_array_equal(y0, y1)
        np.testing.assert_array_equal(x0, x1)


def test_several_workers_give_distinct_batches_the_same_for_a_seed():
    """Workers draw from spawned streams: no two workers repeat each other's batches, and the same
    seed and worker count give the same batches in the same order."""
    from mrseq_train.batches import Batches
    series = [fake_series(lab, "f", seed=i) for i, lab in enumerate(MODEL_LABELS)]

    def run():
        b = Batches(BalancedSampler(series, seed=3), np.random.default_rng(4), 8, None, 0.2, 0.3,
                    n=7, workers=3)
        out = list(b)
        assert b.procs == []
        return out
    a, b = run(), run()
    assert len(a) == 7
    for (xa, ya), (xb, yb) in zip(a, b):
        np.testing.assert_array_equal(xa, xb)
        np.testing.assert_array_equal(ya, yb)
    assert not np.array_equal(a[0][0], a[1][0]) and not np.array_equal(a[0][0], a[2][0])


def test_skull_strip_removes_a_bright_rim_and_keeps_the_centre():
    """A head: bright 'scalp' ring around darker 'brain'; the look-alike takes the ring, keeps the centre."""
    n = 64
    yy, xx = np.mgrid[:n, :n]
    r = np.hypot(yy - n / 2, xx - n / 2)
    img = np.where(r < 22.5, 0.4, 0.0) + np.where((r >= 22.5) & (r < 24), 1.0, 0.0)
    img[30:34, 30:34] = 0.05                       # a dark 'ventricle' inside: filled, not a hole
    for seed in range(5):
        out = skull_strip(img, np.random.default_rng(seed))
        assert out is not None
        assert r[out > 0].max() < 24 and (out > 0).sum() < (img > 0).sum() - 40   # eroded from the outside
        assert (out[r < 14] == img[r < 14]).all()   # the centre, ventricle included, is untouched
    deep = [skull_strip(img, np.random.default_rng(s)) for s in range(20)]
    assert any(d[r >= 22.5].max() == 0.0 for d in deep)   # some take the whole rim
    assert skull_strip(np.zeros((n, n)), np.random.default_rng(0)) is None
    b = np.stack([img.astype(np.float32)] * 4)
    assert augment_batch(b, np.random.default_rng(1), {"strip": 1.0}).shape == b.shape


def test_strip_classes_limits_the_look_alike_to_those_labels():
    """With strip_classes, only slices of those labels are eroded; the others keep the whole head."""
    n = 64
    yy, xx = np.mgrid[:n, :n]
    r = np.hypot(yy - n / 2, xx - n / 2)
    img = (np.where(r < 22.5, 0.4, 0.0) + np.where((r >= 22.5) & (r < 24), 1.0, 0.0)).astype(np.float32)
    b = np.stack([img] * 4)
    labels = np.array([0, 1, 2, 6])                  # T1, T1c, T2, OTHER
    quiet = {"strip": 1.0, "strip_classes": [0, 1], "mask": 0.0, "bias": 0.0, "gamma": 0.0,
             "lowres": 0.0, "blur": 0.0, "noise": 0.0, "window": 0.0, "quant8": 0.0, "jpeg": 0.0,
             "zscore": 0.0, "affine": 0.0, "rot90": 0.0, "flip_lr": 0.0, "flip_ud": 0.0}
    out = augment_batch(b, np.random.default_rng(3), quiet, labels)
    none = augment_batch(b, np.random.default_rng(3), {**quiet, "strip_classes": [5]}, labels)
    head = int((none[0] > 0).sum())
    assert all(int((o > 0).sum()) == head for o in none)            # no ADC slice: none stripped
    assert all((o > 0).sum() < head for o in out[:2])               # T1, T1c: eroded
    assert all((o > 0).sum() == head for o in out[2:])              # T2, OTHER: whole head kept
    # labels not given: every class may be stripped, as before
    every = augment_batch(b, np.random.default_rng(3), quiet)
    assert all((o > 0).sum() < head for o in every)


def test_strip_class_names_are_checked():
    from mrseq_train.recipe import strip_class_indices
    assert strip_class_indices("T1, T1c") == [0, 1]
    with pytest.raises(SystemExit, match="unknown label 'T1C'"):
        strip_class_indices("T1C")


def _stripped_disc(n=64):
    yy, xx = np.mgrid[:n, :n]
    r = np.hypot(yy - n / 2, xx - n / 2)
    img = np.where(r < 18, 0.5 + 0.1 * np.sin(xx / 3.0), 0.0)
    img[28:36, 28:36] = 0.1                        # a dark 'ventricle': inside, not background
    return img, r


def test_drawn_skull_surrounds_a_stripped_brain_and_leaves_it_alone():
    from mrseq_train.augment import add_skull, stripped_like
    img, r = _stripped_disc()
    for seed in range(6):
        out = add_skull(img, np.random.default_rng(seed))
        assert out is not None and out.shape == img.shape and np.isfinite(out).all()
        assert (out[r < 17] == img[r < 17]).all()            # the brain, ventricle included
        ring = (r >= 19) & (r < 23)
        assert (out[ring] != 0).mean() > 0.5                  # something drawn around it
        assert (out[r > 31] == 0).all()                       # bands stay near the brain
    levels = [add_skull(img, np.random.default_rng(s))[(r >= 21) & (r < 24)].max() for s in range(12)]
    assert max(levels) > 0.5                                  # a bright fat band shows up
    # not skull-stripped-looking: a head filling the image, or nothing at all
    assert stripped_like(np.ones((64, 64)) * 0.5) is None
    assert add_skull(np.zeros((64, 64)), np.random.default_rng(0)) is None


def test_drawn_skull_goes_only_on_flagged_slices_of_the_chosen_classes():
    img, r = _stripped_disc()
    b = np.stack([img.astype(np.float32)] * 4)
    labels = np.array([0, 1, 2, 4])                  # T1, T1c, T2, DWI
    quiet = {"skull": 1.0, "skull_classes": [0, 1, 2, 3], "mask": 0.0, "bias": 0.0, "gamma": 0.0,
             "lowres": 0.0, "blur": 0.0, "noise": 0.0, "window": 0.0, "quant8": 0.0, "jpeg": 0.0,
             "zscore": 0.0, "affine": 0.0, "rot90": 0.0, "flip_lr": 0.0, "flip_ud": 0.0}
    flags = np.array([True, False, True, True])
    out = augment_batch(b, np.random.default_rng(3), quiet, labels, flags)
    outside = r >= 18.5
    drawn = [bool((o[outside] > 0.01 * o.max()).any()) for o in out]   # not interpolation residue
    assert drawn == [True, False, True, False]       # T1 and T2 flagged; T1c not flagged; DWI not chosen
    unflagged = augment_batch(b, np.random.default_rng(3), quiet, labels)
    assert not any((o[outside] > 0.01 * o.max()).any() for o in unflagged)


def test_sampler_reports_which_slices_come_from_stripped_series():
    a = fake_series("T1", "raw", seed=1)
    s = fake_series("T1c", "brats", seed=2)
    s.meta["stripped"] = True
    x, y, st = BalancedSampler([a, s], seed=0).sample_flagged(200)
    assert st.dtype == bool and st.shape == y.shape
    assert (st == (y == MODEL_LABELS.index("T1c"))).all()
    x2, y2 = BalancedSampler([a, s], seed=0).sample(200)      # the same draws without flags
    np.testing.assert_array_equal(x, x2)
    np.testing.assert_array_equal(y, y2)


def test_skull_stripped_rows_are_read_from_the_inventory():
    from mrseq_train.data import is_skull_stripped
    assert is_skull_stripped({"file": "brainlesion/TCGA-DU-7294_t1_bet.nii.gz"})
    assert is_skull_stripped({"file": "x/MR_Gd.nii.gz", "notes": "skull-stripped"})
    assert is_skull_stripped({"file": "b/BraTS-GLI-00001-000-t1c.nii.gz"})
    assert not is_skull_stripped({"file": "nichart/Subj1_T1.nii.gz", "notes": "raw"})
