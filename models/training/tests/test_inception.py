"""InceptionV3 in Keras's layout (inception.py) and the conversion of nsfwjs's InceptionV3 weights,
on weights the test makes itself (quantised like TF.js does): no download."""
import json

import numpy as np
import pytest
import torch

from mrseq_train.inception import CamInceptionV3, _avg_same
from mrseq_train.network import build, from_config
from mrseq_train.pretrained import convert_inception
from aug_options import recipe_args
from mrseq_train.recipe import train_kwargs


@pytest.mark.parametrize("cut,grid,channels", [("mixed2", 17, 288), ("mixed5", 8, 768)])
def test_cam_grid_at_160_px_and_cam_mean_is_logits(cut, grid, channels):
    torch.manual_seed(0)
    m = build("inceptionv3", 7, in_channels=1, cut=cut).eval()
    with torch.no_grad():
        logits, cam = m(torch.randn(2, 1, 160, 160))
        feats = m.features(torch.randn(1, 1, 160, 160))
    assert cam.shape == (2, 7, grid, grid) and feats.shape[1] == channels == m.features_dim
    assert torch.allclose(cam.mean((2, 3)), logits, atol=1e-5)
    again = from_config(json.loads(json.dumps(m.config)))
    assert isinstance(again, CamInceptionV3) and again.config == m.config


def test_keras_layer_count_and_sizes():
    # Keras numbers conv2d_1..conv2d_94 in creation order; mixed2 ends at conv2d_26, mixed5 at
    # conv2d_50; at 299 px Keras's mixed2 is 35x35 and mixed5 17x17 (TF.js, RESULTS.md)
    assert len(CamInceptionV3(7, cut="mixed2").conv_units()) == 26
    assert len(CamInceptionV3(7, cut="mixed5").conv_units()) == 50
    m = CamInceptionV3(7, in_channels=3, cut="mixed5").eval()
    with torch.no_grad():
        x = torch.zeros(1, 3, 299, 299)
        assert m.blocks[:3](m.stem(x)).shape[-2:] == (35, 35)
        assert m.features(x).shape[-2:] == (17, 17)


def test_same_average_pool_does_not_count_the_padding():
    out = _avg_same(torch.ones(1, 1, 4, 4))          # TF 'same': borders stay 1, not 4/9 or 6/9
    assert torch.allclose(out, torch.ones_like(out))


def _fake_inception_weights(rng, n_convs=50):
    """A TF.js manifest + uint8 bytes for conv2d_1..n and batch_normalization_1..n (Keras HWIO, no
    BN gamma), shaped from a 3-channel mixed5 network, plus a dense head the conversion drops."""
    units = CamInceptionV3(7, in_channels=3, cut="mixed5").conv_units()[:n_convs]
    specs, chunks, truth = [], [], {}

    def add(name, shape, mn=-1.0):
        q = rng.integers(0, 256, int(np.prod(shape)), dtype=np.uint8)
        chunks.append(q.tobytes())
        specs.append({"name": name, "shape": list(shape), "dtype": "float32",
                      "quantization": {"dtype": "uint8", "scale": 0.01, "min": mn}})
        truth[name] = (q.astype(np.float64) * 0.01 + mn).astype(np.float32).reshape(shape)

    for i, (_, u) in enumerate(units, start=1):
        o, ci, kh, kw = u.conv.weight.shape
        add(f"conv2d_{i}/kernel", (kh, kw, ci, o))
        for f in ("beta", "moving_mean"):
            add(f"batch_normalization_{i}/{f}", (o,))
        add(f"batch_normalization_{i}/moving_variance", (o,), mn=0.01)
    add("dense_1/kernel", (3, 2))
    return {"weightsManifest": [{"weights": specs}]}, b"".join(chunks), truth


def test_conversion_maps_keras_names_by_creation_order(tmp_path):
    manifest, weights, truth = _fake_inception_weights(np.random.default_rng(0))
    out = convert_inception(manifest, weights)
    assert not any(k.startswith("dense_") for k in out) and len(out) == 50 * 4
    assert sorted(CamInceptionV3(7, cut="mixed5").pretrained_keys()) == sorted(out)
    np.testing.assert_array_equal(out["conv2d_31/kernel"], truth["conv2d_31/kernel"].transpose(3, 2, 0, 1))
    np.savez(tmp_path / "w.npz", **out)
    m = CamInceptionV3(7, in_channels=1, cut="mixed5")
    assert m.load_pretrained(str(tmp_path / "w.npz"))["loaded_units"] == 50
    sd = m.state_dict()
    # mixed4 (the 31st..40th conv) holds the 1x7 / 7x1 factorised convolutions
    name = m.conv_units()[32][0]
    np.testing.assert_array_equal(sd[f"{name}.conv.weight"].numpy(), out["conv2d_33/kernel"])
    np.testing.assert_array_equal(sd[f"{name}.bn.running_var"].numpy(),
                                  out["batch_normalization_33/moving_variance"])
    assert torch.all(sd[f"{name}.bn.weight"] == 1)            # Keras: BatchNormalization(scale=False)
    np.testing.assert_allclose(sd["stem.0.conv.weight"].numpy(),
                               out["conv2d_1/kernel"].sum(1, keepdims=True), rtol=1e-6)
    shallow = CamInceptionV3(7, in_channels=1, cut="mixed2")   # reads only the first 26
    assert shallow.load_pretrained(str(tmp_path / "w.npz"))["loaded_units"] == 26


def test_conversion_and_loading_refuse_what_does_not_fit(tmp_path):
    manifest, weights, _ = _fake_inception_weights(np.random.default_rng(1))
    specs = manifest["weightsManifest"][0]["weights"]
    gone = next(i for i, s in enumerate(specs) if s["name"] == "batch_normalization_7/beta")
    n = specs[gone]["shape"][0]
    start = sum(int(np.prod(s["shape"])) for s in specs[:gone])
    short = {"weightsManifest": [{"weights": specs[:gone] + specs[gone + 1:]}]}
    with pytest.raises(ValueError, match="batch_normalization_7/beta"):
        convert_inception(short, weights[:start] + weights[start + n:])
    few, few_w, _ = _fake_inception_weights(np.random.default_rng(2), n_convs=26)
    np.savez(tmp_path / "w.npz", **convert_inception(few, few_w))
    CamInceptionV3(7, cut="mixed2").load_pretrained(str(tmp_path / "w.npz"))
    with pytest.raises(ValueError, match="lacks 96 tensors"):        # mixed5 reads 24 more convs
        CamInceptionV3(7, cut="mixed5").load_pretrained(str(tmp_path / "w.npz"))


def test_recipe_pairs_the_cut_with_the_network():
    for argv in (["--arch", "inceptionv3"], ["--arch", "mobilenetv2", "--cut", "mixed5"],
                 ["--arch", "resnet18", "--cut", "mixed2"]):
        with pytest.raises(SystemExit, match="does not go with"):
            train_kwargs(recipe_args(*argv))
    kw = train_kwargs(recipe_args("--arch", "inceptionv3", "--cut", "mixed2"))
    assert kw["arch"] == "inceptionv3" and kw["cut"] == "mixed2" and kw["pretrained"] == ""
