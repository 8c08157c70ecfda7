"""Properties of mrseq-prep-1 (models/PREPROCESSING.md), incl. a literal per-pixel reference."""
import math

import numpy as np
import pytest

from mrseq_train.preprocess import (block_reduce_axis, percentile_linear, preprocess,
                                    resample_square)


def reference(img, spacing, S, pct=(1, 99), mean=0.0, std=1.0):
    """Straight transcription of the spec with Python loops (slow, for small S only)."""
    a = [[(float(v) if math.isfinite(float(v)) else 0.0) for v in row] for row in img]
    sy, sx = [s if (s is not None and s > 0) else 1.0 for s in spacing]
    H, W = len(a), len(a[0])
    d = max(H * sy, W * sx) / S
    fy = math.floor(d / sy + 1e-9)
    if fy >= 2:
        a = [[sum(a[r * fy + k][c] for k in range(fy)) / fy for c in range(W)]
             for r in range(H // fy)]
        sy *= fy
    fx = math.floor(d / sx + 1e-9)
    if fx >= 2:
        a = [[sum(row[c * fx + k] for k in range(fx)) / fx for c in range(len(row) // fx)]
             for row in a]
        sx *= fx
    h, w = len(a), len(a[0])
    L = max(h * sy, w * sx)
    fill = min(min(r) for r in a)
    out = []
    for i in range(S):
        for j in range(S):
            y = (i + 0.5) * L / S - (L - h * sy) / 2
            x = (j + 0.5) * L / S - (L - w * sx) / 2
            v, u = y / sy - 0.5, x / sx - 0.5
            if v < -0.5 or v > h - 0.5 or u < -0.5 or u > w - 0.5:
                out.append(fill)
                continue
            v, u = min(max(v, 0), h - 1), min(max(u, 0), w - 1)
            v0, u0 = math.floor(v), math.floor(u)
            v1, u1 = min(v0 + 1, h - 1), min(u0 + 1, w - 1)
            p, q = v - v0, u - u0
            out.append((1 - p) * (1 - q) * a[v0][u0] + (1 - p) * q * a[v0][u1]
                       + p * (1 - q) * a[v1][u0] + p * q * a[v1][u1])
    s = sorted(out)

    def pc(qq):
        pos = qq / 100 * (len(s) - 1)
        k = math.floor(pos)
        return s[k] + (s[min(k + 1, len(s) - 1)] - s[k]) * (pos - k)
    lo, hi = pc(pct[0]), pc(pct[1])
    if hi - lo <= 1e-6 * max(1, abs(hi)):
        res = [0.0] * len(out)
    else:
        res = [min(max((o - lo) / (hi - lo), 0), 1) for o in out]
    return np.array([(r - mean) / std for r in res]).reshape(S, S)


@pytest.mark.parametrize("shape,spacing,S", [((37, 53), (0.9, 1.3), 24), ((100, 61), (0.5, 0.5), 20),
                                              ((20, 20), (3.0, 1.0), 24), ((9, 40), (None, -2), 16)])
def test_matches_literal_reference(shape, spacing, S):
    rng = np.random.default_rng(sum(shape))
    img = rng.gamma(2.0, 100.0, shape)
    img[0, 0] = np.nan
    got, _ = preprocess(img, spacing, S, (1, 99), 0.2, 0.5)
    want = reference(img, spacing, S, (1, 99), 0.2, 0.5)
    assert got.dtype == np.float32 and got.shape == (S, S)
    np.testing.assert_allclose(got, want, atol=1e-5)


def test_identity_when_grid_matches():
    img = np.arange(64.0).reshape(8, 8)
    out, geom = resample_square(img, (1.0, 1.0), 8)
    np.testing.assert_array_equal(out, img)
    assert geom["factor_y"] == 1 and geom["fov"] == 8


def test_empty_slice_becomes_constant_normalised_zero():
    x, info = preprocess(np.full((50, 70), 123.0), (1, 1), 32, (1, 99), 0.25, 0.5)
    assert info.empty
    np.testing.assert_array_equal(x, np.full((32, 32), -0.5, np.float32))


def test_non_finite_values_become_zero():
    img = np.full((10, 10), np.nan)
    img[:, 5:] = np.inf
    out, geom = resample_square(img, (1, 1), 10)
    assert np.all(out == 0) and geom["fill"] == 0


def test_fill_outside_field_of_view_is_reduced_minimum():
    rng = np.random.default_rng(1)
    img = rng.uniform(10, 20, (10, 40))     # wide: rows above and below fall outside
    out, geom = resample_square(img, (1, 1), 40)
    assert geom["offset_y"] == 15
    assert np.all(out[:15] == img.min()) and np.all(out[-15:] == img.min())
    assert np.all(out[15:25] > img.min() - 1e-12)
    np.testing.assert_allclose(out[15:25], img)


def test_percentile_against_hand_computation():
    s = np.array([1.0, 2.0, 4.0, 8.0, 16.0])
    # position 0.25 * 4 = 1.0 -> 2; position 0.9 * 4 = 3.6 -> 8 + 0.6 * 8 = 12.8
    assert percentile_linear(s, 25) == 2.0
    assert percentile_linear(s, 90) == pytest.approx(12.8)
    r = np.sort(np.random.default_rng(2).normal(size=1000))
    for q in (1, 50, 99):
        assert percentile_linear(r, q) == pytest.approx(np.percentile(r, q))


def test_window_clips_to_unit_range():
    img = np.linspace(0, 1, 64 * 64).reshape(64, 64)
    img[0, 0] = -1e6
    img[-1, -1] = 1e6
    x, info = preprocess(img, (1, 1), 64)
    assert x.min() == 0.0 and x.max() == 1.0
    assert 0 < info.lo < info.hi < 1


def test_block_reduction_drops_remainder_and_averages():
    a = np.arange(7 * 3, dtype=float).reshape(7, 3)
    r = block_reduce_axis(a, 3, 0)
    np.testing.assert_allclose(r, [a[0:3].mean(0), a[3:6].mean(0)])
    c = block_reduce_axis(a, 2, 1)
    np.testing.assert_allclose(c[:, 0], a[:, :2].mean(1))


def test_block_factor_with_float_rounding():
    # d / s = (512*0.45/64)/0.45 is 8 up to rounding; the 1e-9 guard must give 8, not 7.
    _, geom = resample_square(np.ones((512, 512)), (0.45, 0.45), 64)
    assert (geom["factor_y"], geom["factor_x"]) == (8, 8)
    assert (geom["reduced_height"], geom["reduced_width"]) == (64, 64)


def test_anisotropic_reduction_per_axis():
    _, geom = resample_square(np.ones((97, 130)), (0.9, 1.3), 32)
    d = max(97 * 0.9, 130 * 1.3) / 32
    assert geom["factor_y"] == math.floor(d / 0.9 + 1e-9)
    assert geom["factor_x"] == math.floor(d / 1.3 + 1e-9)
    assert geom["reduced_height"] == 97 // geom["factor_y"]


def test_prep2_pads_with_the_border_median():
    from mrseq_train.preprocess import border_median
    img = np.full((4, 8), 50.0)
    img[1, 3], img[2, 4] = 0.0, 400.0
    out1, g1 = resample_square(img, (1, 1), 8, "min")
    out2, g2 = resample_square(img, (1, 1), 8, "border")
    assert g1["fill"] == 0.0 and g2["fill"] == 50.0
    assert out2[0, 0] == 50.0 and out1[0, 0] == 0.0
    three = np.array([[1, 2, 3], [8, 100, 4], [7, 6, 5]], float)
    assert border_median(three) == 4.5
    x1, _ = preprocess(img, (1, 1), 8, version="mrseq-prep-1")
    x2, _ = preprocess(img, (1, 1), 8, version="mrseq-prep-2")
    assert x1[0, 0] == 0.0 and x2[0, 0] == pytest.approx(x2[2, 0])
    with pytest.raises(ValueError):
        preprocess(img, (1, 1), 8, version="mrseq-prep-9")
