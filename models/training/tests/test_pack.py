"""The pack: a compact copy of the extracted slices for a machine without ../shared."""
import argparse

import numpy as np
import pytest

from fake_data import phantom
from mrseq_train.data import SeriesSlices
from mrseq_train.pack import dequantise, quantise, read_pack, write_pack
from mrseq_train.recipe import add_recipe_args, dataset_from_args


def series(label, n, acq_n, seed, file=None):
    rng = np.random.default_rng(seed)
    sl = np.stack([phantom(32, 32, 1, 1, rng) * (100 + 50 * k) for k in range(n)]).astype(np.float32)
    return SeriesSlices(file=file or f"src/{label}/{seed}.nii.gz", label=label, data_label=label,
                        subject=f"s{seed}", source="src", family="fam", tag="b1000" if seed else "",
                        slices=sl, planes=np.array([0] * acq_n + [1] * (n - acq_n), np.int8),
                        acq=np.array([True] * acq_n + [False] * (n - acq_n)),
                        meta={"format": "nifti", "fill": "border", "stripped": bool(seed % 2)})


def test_quantise_round_trip_is_within_one_step_below_the_999th_percentile():
    x = np.stack([phantom(32, 32, 1, 1, np.random.default_rng(k)) * 900 for k in range(3)]).astype(np.float32)
    q, lo, hi = quantise(x)
    assert q.dtype == np.uint8 and q.shape == x.shape
    back = dequantise(q, lo, hi)
    step = (hi - lo) / 255.0
    inside = x <= hi[:, None, None]
    err = np.abs(back - x)
    assert (err[inside] <= np.broadcast_to(step[:, None, None], x.shape)[inside] * 0.5 + 1e-3).all()
    assert np.allclose(back[~inside], np.broadcast_to(hi[:, None, None], x.shape)[~inside])


def test_pack_keeps_what_a_fold_needs_and_picks_slices_like_scoring(tmp_path):
    ss = [series("T1", 30, 24, 0), series("DWI", 5, 5, 1), series("T2", 1, 1, 2),
          series("ADC", 6, 4, 3, file="derived-adc:src/x.nii.gz")]
    p = str(tmp_path / "p.xz")
    r = write_pack(ss, p, max_acq=8, max_other=2)
    assert r == {"series": 4, "slices": 8 + 2 + 5 + 1 + 4 + 2, "size": 32}
    back = read_pack(p)
    assert [b.series_id for b in back] == [s.series_id for s in ss]
    for b, s in zip(back, ss):
        assert (b.label, b.subject, b.family, b.meta) == (s.label, s.subject, s.family, s.meta)
    t1 = back[0]
    assert t1.acq.sum() == 8 and (~t1.acq).sum() == 2 and t1.planes.tolist() == [0] * 8 + [1] * 2
    idx = np.round(np.linspace(0, 23, 8)).astype(int)          # as trainer.series_inputs picks
    hi = np.percentile(ss[0].slices[idx], 99.9, axis=(1, 2))
    lo = ss[0].slices[idx].min(axis=(1, 2))
    tol = ((hi - lo) / 255.0)[:, None, None]
    clipped = np.minimum(ss[0].slices[idx], hi[:, None, None])
    assert (np.abs(t1.slices[:8] - clipped) <= tol).all()


def test_recipe_reads_a_pack_and_refuses_the_wrong_size(tmp_path):
    ss = [series("T1", 4, 4, 0), series("ADC", 3, 3, 1, file="derived-adc:src/x.nii.gz")]
    p = str(tmp_path / "p.xz")
    write_pack(ss, p)
    ap = argparse.ArgumentParser()
    add_recipe_args(ap)
    got = dataset_from_args(ap.parse_args(["--pack", p, "--size", "32"]), log=lambda m: None)
    assert len(got) == 2 and got[0].slices.shape == (4, 32, 32)
    got = dataset_from_args(ap.parse_args(["--pack", p, "--size", "32", "--no-derived"]),
                            log=lambda m: None)
    assert [s.label for s in got] == ["T1"]
    with pytest.raises(SystemExit, match="32-px"):
        dataset_from_args(ap.parse_args(["--pack", p, "--size", "160"]), log=lambda m: None)


def test_a_cut_reads_and_the_pack_writes_only_its_mobilenet_tensors(tmp_path):
    import pack as pack_cli
    from mrseq_train.mobilenet import CamMobileNetV2
    from mrseq_train.pretrained import convert
    from test_mobilenet import _fake_keras_weights
    full = convert(*_fake_keras_weights(np.random.default_rng(3))[:2])
    keep = list(CamMobileNetV2(7, cut="s8s").pretrained_names(full).values())
    assert sum(full[k].size for k in keep) < 0.25 * sum(v.size for v in full.values())
    assert not any(k.startswith(("last.", "blocks.11.", "blocks.12.", "blocks.14.")) for k in keep)
    assert "blocks.13.expand.conv.weight" in keep and "blocks.13.dw.conv.weight" not in keep
    path = tmp_path / "w.npz"
    pack_cli.write_f16(str(path), {k: full[k] for k in keep})
    a, b = CamMobileNetV2(7, cut="s8s"), CamMobileNetV2(7, cut="s8s")
    a.load_pretrained(str(path))
    np.savez(tmp_path / "all.npz", **full)
    b.load_pretrained(str(tmp_path / "all.npz"))
    for k, v in a.state_dict().items():                     # the same start, within float16
        if not k.startswith("fc."):
            np.testing.assert_allclose(v.numpy(), b.state_dict()[k].numpy(), rtol=1e-3, atol=1e-3)
    assert list(CamMobileNetV2(7, cut="full").pretrained_names(full).values()) == list(full)
