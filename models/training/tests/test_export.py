import json
import os

import numpy as np
import torch

from mrseq_train.export import export_all, ort_session, sha256_file
from mrseq_train.network import compact_resnet
from mrseq_train.preprocess import preprocess

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURE = os.path.normpath(os.path.join(HERE, "..", "..", "fixture-tiny"))


def _read_f32(path, shape):
    return np.fromfile(path, dtype="<f4").reshape(shape)


def check_export_dir(d):
    meta = json.load(open(os.path.join(d, "model.json")))
    onnx_path = os.path.join(d, meta["onnx"]["file"])
    assert meta["onnx"]["sha256"] == sha256_file(onnx_path)
    assert meta["onnx"]["bytes"] == os.path.getsize(onnx_path)
    assert meta["preprocessing"]["version"] in ("mrseq-prep-1", "mrseq-prep-2")
    S, C = meta["input"]["size"], len(meta["labels"])
    sess = ort_session(onnx_path)
    golden = json.load(open(os.path.join(d, "golden", "golden.json")))
    names = [g["name"] for g in golden]
    assert len(set(names)) == 4
    for g in golden:
        img = _read_f32(os.path.join(d, "golden", g["input"]), (g["height"], g["width"]))
        t, info = preprocess(img, g["pixel_spacing"], S, meta["preprocessing"]["percentiles"],
                             meta["normalization"]["mean"], meta["normalization"]["std"],
                             meta["preprocessing"]["version"])
        stored = _read_f32(os.path.join(d, "golden", g["tensor"]), (S, S))
        np.testing.assert_allclose(t, stored, atol=1e-6)
        logits, cam = sess.run(None, {"input": np.stack([stored, stored])[:, None]})
        np.testing.assert_allclose(logits[1], g["logits"], atol=1e-4)
        assert list(cam.shape[1:]) == g["cam_dims"] and g["cam_dims"][0] == C
        np.testing.assert_allclose(cam[0], _read_f32(os.path.join(d, "golden", g["cam"]),
                                                     g["cam_dims"]), atol=1e-4)
        np.testing.assert_allclose(cam[0].mean((1, 2)), logits[0], atol=1e-5)
    return meta, golden


def test_export_round_trip(tmp_path):
    torch.manual_seed(3)
    m = compact_resnet(4, widths=(4, 8, 8, 8)).eval()
    meta = export_all(m, str(tmp_path), "t", ["a", "b", "c", "d"], 48, 0.3, 0.2,
                      temperature=1.7, training={"x": 1}, verbose=False)
    assert meta["calibration"]["temperature"] == 1.7 and meta["training"] == {"x": 1}
    _, golden = check_export_dir(str(tmp_path))
    by = {g["name"]: g for g in golden}
    assert by["constant_empty"]["info"]["empty"]
    assert by["large_block_reduce"]["info"]["factor_y"] >= 2
    assert not np.isfinite(_read_f32(os.path.join(tmp_path, "golden", "signed_nonfinite.input.f32"),
                                     (120, 100))).all()


def test_committed_fixture_is_consistent():
    meta, _ = check_export_dir(FIXTURE)
    assert meta["labels"] == ["T1", "T1c", "T2", "FLAIR", "DWI", "ADC", "OTHER"]
    assert meta["input"]["size"] == 64


def test_shipped_model_is_consistent():
    import pytest

    d = os.path.normpath(os.path.join(HERE, "..", "..", "mrseq-v1"))
    if not os.path.exists(os.path.join(d, "model.json")):
        pytest.skip("models/mrseq-v1 not exported yet")
    meta, _ = check_export_dir(d)
    assert meta["onnx"]["bytes"] <= 5 * 1024 * 1024 and meta["input"]["size"] <= 192
    assert meta["calibration"]["temperature"] > 0
