"""MobileNetV2 variants (CAM grid, CAM == Grad-CAM) and the nsfwjs weight conversion, on weights
the test makes itself (quantised like TF.js does) -- no download."""
import json

import numpy as np
import pytest
import torch

from mrseq_train.mobilenet import CamMobileNetV2, block_plan
from mrseq_train.network import build, from_config
from mrseq_train.pretrained import BN_FIELDS, convert, dequantize, integrity_of, keras_to_torch_names


@pytest.mark.parametrize("cut,grid", [("full", 4), ("s16", 8), ("s16s", 8), ("s8", 16), ("s8s", 16)])
def test_cam_grid_and_cam_mean_is_logits(cut, grid):
    torch.manual_seed(0)
    m = build("mobilenetv2", 7, in_channels=1, cut=cut).eval()
    with torch.no_grad():
        logits, cam = m(torch.randn(2, 1, 128, 128))
    assert cam.shape == (2, 7, grid, grid)
    assert torch.allclose(cam.mean((2, 3)), logits, atol=1e-5)
    assert m.stride * grid == 128
    again = from_config(json.loads(json.dumps(m.config)))
    assert sum(p.numel() for p in again.parameters()) == sum(p.numel() for p in m.parameters())


def test_dilated_variant_keeps_the_pretrained_shapes():
    s16, s8 = block_plan("s16"), block_plan("s8")
    assert [p[:2] + (p[3],) for p in s16] == [p[:2] + (p[3],) for p in s8]   # same weights fit
    assert s16[6][2] == 2 and s8[6][2] == 1 and all(p[4] == 2 for p in s8[7:])
    s16s, s8s = block_plan("s16s"), block_plan("s8s")                         # the short graph too
    assert [p[:2] + (p[3],) for p in s16s] == [p[:2] + (p[3],) for p in s8s] == [
        p[:2] + (p[3],) for p in s16[:11]]
    assert s8s[6][2] == 1 and all(p[4] == 2 for p in s8s[7:]) and s8s[6][4] == 1


def _fake_keras_weights(rng):
    """A TF.js manifest + uint8 weight bytes for every MobileNetV2 tensor, with known values."""
    ref = CamMobileNetV2(7, in_channels=3, cut="full").state_dict()
    specs, chunks, truth = [], [], {}
    for kname, tname, kind in keras_to_torch_names():
        items = ([(f"{kname}/{a}", f"{tname}.{b}") for a, b in BN_FIELDS] if kind == "bn"
                 else [(kname, tname)])
        for kn, tn in items:
            shape_t = tuple(ref[tn].shape)
            shape_k = ((shape_t[2], shape_t[3], shape_t[0], 1) if kind == "dw" else
                       (shape_t[2], shape_t[3], shape_t[1], shape_t[0]) if len(shape_t) == 4 else shape_t)
            q = rng.integers(0, 256, int(np.prod(shape_k)), dtype=np.uint8)
            scale, mn = 0.01, -1.0 if not tn.endswith("running_var") else 0.01
            chunks.append(q.tobytes())
            specs.append({"name": kn, "shape": list(shape_k), "dtype": "float32",
                          "quantization": {"dtype": "uint8", "scale": scale, "min": mn}})
            truth[kn] = (q.astype(np.float64) * scale + mn).astype(np.float32).reshape(shape_k)
    head = rng.integers(0, 256, 10, dtype=np.uint8)               # nsfwjs's own head: ignored
    specs.append({"name": "dense_3/bias", "shape": [10], "dtype": "float32",
                  "quantization": {"dtype": "uint8", "scale": 1.0, "min": 0.0}})
    chunks.append(head.tobytes())
    return {"weightsManifest": [{"weights": specs}]}, b"".join(chunks), truth


def test_conversion_dequantises_and_transposes_every_tensor(tmp_path):
    manifest, weights, truth = _fake_keras_weights(np.random.default_rng(0))
    W = dequantize(manifest, weights)
    np.testing.assert_allclose(W["block_3_project/kernel"], truth["block_3_project/kernel"])
    out = convert(manifest, weights)
    # HWIO -> OIHW, depthwise [3,3,C,1] -> [C,1,3,3]
    np.testing.assert_array_equal(out["blocks.3.project.conv.weight"],
                                  truth["block_3_project/kernel"].transpose(3, 2, 0, 1))
    np.testing.assert_array_equal(out["blocks.5.dw.conv.weight"],
                                  truth["block_5_depthwise/depthwise_kernel"].transpose(2, 3, 0, 1))
    np.testing.assert_array_equal(out["last.bn.running_var"], truth["Conv_1_bn/moving_variance"])
    path = tmp_path / "w.npz"
    np.savez(path, **out)
    full = CamMobileNetV2(7, in_channels=3, cut="full")
    assert full.load_pretrained(str(path))["loaded"] == len(out)
    grey = CamMobileNetV2(7, in_channels=1, cut="s16")
    grey.load_pretrained(str(path))
    sd = grey.state_dict()
    # one grey channel = the sum of the RGB filters; s16's feature layer is block_13's expansion
    np.testing.assert_allclose(sd["stem.conv.weight"].numpy(),
                               out["stem.conv.weight"].sum(1, keepdims=True), rtol=1e-6)
    np.testing.assert_array_equal(sd["last.conv.weight"].numpy(), out["blocks.13.expand.conv.weight"])
    # s16s: block_11/12 dropped, block_10's 96 channels feed the same expansion
    short = CamMobileNetV2(7, in_channels=1, cut="s16s")
    assert short.load_pretrained(str(path))["loaded"] == grey.load_pretrained(str(path))["loaded"] - 30
    ss = short.state_dict()
    assert not any(k.startswith(("blocks.11.", "blocks.12.")) for k in ss)
    np.testing.assert_array_equal(ss["blocks.10.project.conv.weight"].numpy(),
                                  out["blocks.10.project.conv.weight"])
    np.testing.assert_array_equal(ss["last.conv.weight"].numpy(), out["blocks.13.expand.conv.weight"])
    x = torch.rand(1, 1, 64, 64)
    full.eval(), grey.eval()
    with torch.no_grad():        # a grey image gives the 3-channel network's response
        f3 = full.stem(x.repeat(1, 3, 1, 1))
        f1 = grey.stem(x)
    assert torch.allclose(f3, f1, atol=1e-4)


def test_conversion_refuses_short_or_unknown_weights():
    manifest, weights, _ = _fake_keras_weights(np.random.default_rng(1))
    with pytest.raises(ValueError, match="weights end"):
        dequantize(manifest, weights[:-20])
    with pytest.raises(ValueError, match="unused bytes"):
        dequantize(manifest, weights + b"\0")
    manifest["weightsManifest"][0]["weights"][0]["quantization"]["dtype"] = "float16"
    with pytest.raises(ValueError, match="uint8"):
        dequantize(manifest, weights)


def test_load_pretrained_rejects_an_incomplete_file(tmp_path):
    manifest, weights, _ = _fake_keras_weights(np.random.default_rng(2))
    out = convert(manifest, weights)
    del out["blocks.2.dw.conv.weight"]
    np.savez(tmp_path / "w.npz", **out)
    with pytest.raises(ValueError, match="lacks 1 tensors"):
        CamMobileNetV2(7, cut="s16").load_pretrained(str(tmp_path / "w.npz"))


def test_integrity_is_npm_style_sha512(tmp_path):
    p = tmp_path / "x"
    p.write_bytes(b"abc")
    assert integrity_of(str(p)) == ("sha512-3a81oZNherrMQXNJriBBMRLm+k6JqX6iCp7u5ktV05ohkpkqJ0/BqDa6PCOj"
                                    "/uu9RU1EI2Q86A4qmslPpUyknw==")


def test_cam_background_share_counts_true_class_evidence_off_the_head():
    from mrseq_train.camstats import cam_background_share
    x01 = torch.zeros(2, 1, 8, 8)
    x01[:, :, :, :4] = 1.0                       # head on the left half
    cam = torch.zeros(2, 3, 2, 2)
    cam[0, 1, :, 0] = 1.0                        # sample 0: evidence on the head only
    cam[1, 1, :, 1] = 1.0                        # sample 1: evidence off the head only
    cam[:, 0] = 5.0                              # another class everywhere: not counted
    share = cam_background_share(cam, torch.tensor([1, 1]), x01)
    assert share[0].item() == 0.0 and abs(share[1].item() - 1.0) < 1e-5
