"""Same-class MixStyle and the weight average: partners, statistics, hooks, and the training loop."""
import numpy as np
import pytest
import torch

from mrseq_train.labels import MODEL_LABELS
from mrseq_train.mixstyle import (SameClassMixStyle, WeightAverage, mix_statistics,
                                  mixstyle_modules, same_class_partners)
from mrseq_train.mobilenet import mobilenetv2
from mrseq_train.trainer import train
from test_train import fake_series


def test_partners_share_the_label_and_are_never_oneself_unless_alone():
    y = np.array([0, 1, 0, 2, 1, 0, 3, 0, 1])
    for seed in range(20):
        perm = same_class_partners(y, np.random.default_rng(seed))
        assert (y[perm] == y).all()
        alone = np.array([np.sum(y == c) == 1 for c in y])
        assert (perm[alone] == np.nonzero(alone)[0]).all()
        assert (perm[~alone] != np.nonzero(~alone)[0]).all()
        assert sorted(perm.tolist()) == list(range(len(y)))      # a permutation


def test_mixing_moves_channel_statistics_to_the_partner():
    g = torch.Generator().manual_seed(0)
    x = torch.randn(2, 3, 8, 8, generator=g) * torch.tensor([1.0, 4.0]).view(2, 1, 1, 1) \
        + torch.tensor([0.0, 10.0]).view(2, 1, 1, 1)
    perm = torch.tensor([1, 0])
    same = mix_statistics(x, perm, torch.ones(2))
    torch.testing.assert_close(same, x, atol=1e-4, rtol=1e-4)
    swapped = mix_statistics(x, perm, torch.zeros(2))
    torch.testing.assert_close(swapped[0].mean((1, 2)), x[1].mean((1, 2)), atol=1e-4, rtol=1e-4)
    torch.testing.assert_close(swapped[0].std((1, 2)), x[1].std((1, 2)), atol=1e-3, rtol=1e-3)
    # the spatial pattern (content) is the sample's own
    c = np.corrcoef(swapped[0, 0].flatten(), x[0, 0].flatten())[0, 1]
    assert c > 0.999


def test_hooks_act_only_in_training_and_go_away():
    torch.manual_seed(0)
    net = mobilenetv2(len(MODEL_LABELS), cut="s16")
    x = torch.randn(4, 1, 32, 32)
    y = np.array([0, 0, 1, 1])
    net.eval()
    ref = net(x)[0].detach()
    mix = SameClassMixStyle(mixstyle_modules(net, "2,5"), p=1.0, alpha=0.1, seed=0)
    mix.set_labels(y)
    torch.testing.assert_close(net(x)[0], ref)                  # eval: no mixing
    net.train()
    mixed = net(x)[0].detach()
    net.train(False)
    mix.remove()
    net.train()
    torch.manual_seed(0)
    plain = net(x)[0].detach()
    assert not torch.allclose(mixed, plain, atol=1e-4)
    with pytest.raises(ValueError):
        mixstyle_modules(net, "99")


def test_weight_average_follows_the_decay_and_copies_counters():
    net = torch.nn.Sequential(torch.nn.Linear(2, 2), torch.nn.BatchNorm1d(2))
    avg = WeightAverage(net, 0.9)
    before = avg.model[0].weight.clone()
    with torch.no_grad():
        net[0].weight.add_(1.0)
    net[1].num_batches_tracked += 5
    avg.update(net)
    torch.testing.assert_close(avg.model[0].weight, 0.9 * before + 0.1 * net[0].weight)
    assert int(avg.model[1].num_batches_tracked) == int(net[1].num_batches_tracked)
    with pytest.raises(ValueError):
        WeightAverage(net, 1.0)


def test_training_with_mixstyle_and_average_returns_both_models():
    tr = [fake_series(lab, f"f{i % 2}", seed=i) for i, lab in enumerate(MODEL_LABELS * 2)]
    model, info = train(tr, [], arch="mobilenetv2", size=32, steps=4, batch=8, mixstyle=1.0,
                        ema=0.5, log=lambda m: None)
    raw = info["raw_model"]
    assert info["mixstyle"] == 1.0 and info["ema"] == 0.5
    assert not raw._forward_hooks and not any(m._forward_hooks for m in raw.modules())
    assert not any(m._forward_hooks for m in model.modules())
    diff = [float((a - b).detach().abs().max()) for a, b in zip(model.parameters(), raw.parameters())]
    assert max(diff) > 0                       # the average is not the last weights
    assert not model.training and not raw.training


def test_leave_one_source_out_scores_the_last_weights_beside_the_average():
    from mrseq_train.loso import run_loso

    series = [fake_series(lab, fam, seed=i * 10 + j)
              for i, fam in enumerate(("srcA", "srcB"))
              for j, lab in enumerate(("T1", "T2"))]
    res = run_loso(series, dict(widths=(4, 8, 8, 8), size=32, steps=2, batch=4, ema=0.5),
                   log=lambda m: None)
    assert set(res["raw"]["per_group"]) == set(res["per_group"]) == {"srcA", "srcB"}
    assert res["raw"]["pooled"]["n_series"] == res["pooled"]["n_series"] == len(series)
    assert "raw" not in run_loso(series, dict(widths=(4, 8, 8, 8), size=32, steps=1, batch=4),
                                 log=lambda m: None)


def test_adapted_batch_norm_takes_the_held_out_statistics_and_keeps_the_weights():
    from mrseq_train.adapt import adapt_bn, predict_adapted
    from mrseq_train.preprocess import window_batch
    from mrseq_train.trainer import series_inputs

    torch.manual_seed(0)
    net = mobilenetv2(len(MODEL_LABELS), cut="s16").eval()
    series = [fake_series(lab, "x", seed=i, subject=f"s{i % 2}")
              for i, lab in enumerate(("T1", "T2", "FLAIR", "T1c"))]
    m = adapt_bn(net, series, 0.3, 0.2)
    x = torch.from_numpy(window_batch(np.concatenate([series_inputs(s) for s in series]),
                                      (1, 99), 0.3, 0.2))[:, None]
    first = net.stem.conv(net.stem.pad(x))
    torch.testing.assert_close(m.stem.bn.running_mean, first.mean((0, 2, 3)), atol=1e-4, rtol=1e-3)
    torch.testing.assert_close(m.stem.conv.weight, net.stem.conv.weight)
    assert not torch.allclose(m.stem.bn.running_mean, net.stem.bn.running_mean)
    out = predict_adapted(net, series, 0.3, 0.2, "subject")
    assert [s for s, _ in out] == series and all(lg.shape[1] == len(MODEL_LABELS) for _, lg in out)
    with pytest.raises(ValueError):
        predict_adapted(net, series, 0.3, 0.2, "site")


def test_montage_rows_pair_the_true_and_predicted_labels():
    import montage

    series = [fake_series(lab, "g", seed=i) for i, lab in enumerate(("T1", "T1", "T1c", "T2"))]
    preds = ["T1", "T1c", "T1", "T2"]
    rep = {"series": [{"series": s.series_id, "group": "g", "label": s.label, "pred": p}
                      for s, p in zip(series, preds)]}
    img, counts = montage.montage(rep, "g", {s.series_id: s for s in series}, per_row=2,
                                  rows_per_label=1, tile=16)
    assert counts == {"T1 called T1": 1, "T1 called T1c": 1, "T1c called T1": 1, "T2 called T2": 1}
    assert img.size == (150 + 2 * 16, 4 * 16)
    assert np.asarray(img)[:, 150:].max() > 0              # tiles were drawn
    with pytest.raises(SystemExit):
        montage.montage(rep, "nope", {}, tile=16)


def test_masking_to_the_head_core_removes_the_rim_and_keeps_the_centre():
    from mrseq_train.augment import mask_to_head_core
    from mrseq_train.golden import phantom

    img = (phantom(64, 64, 1, 1, np.random.default_rng(3)) * 300 + 20).astype(np.float32)
    out = mask_to_head_core(img)
    assert out.dtype == img.dtype and out.shape == img.shape
    assert out[32, 32] == img[32, 32]                        # the centre stays
    ring = (img > img.min() + 0.3 * np.ptp(img)) & (out == img.min())
    assert ring.sum() > 0                                    # something bright at the rim went
    assert (out[0] == img.min()).all()                       # background is the minimum
    flat = np.zeros((32, 32), np.float32)
    assert mask_to_head_core(flat) is flat                   # nothing head-like: unchanged


def test_sam_step_returns_the_weights_and_batch_norm_statistics_it_found():
    """The second pass is taken at moved weights; afterwards the weights and the running
    statistics are what they were, and .grad holds the gradient at the moved point (which
    differs from the plain one on a curved loss)."""
    from mrseq_train.sam import sam_step

    torch.manual_seed(0)
    net = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.BatchNorm1d(4), torch.nn.Tanh(),
                              torch.nn.Linear(4, 2))
    x, y = torch.randn(16, 3), torch.randint(0, 2, (16,))

    def loss_fn():
        return torch.nn.functional.cross_entropy(net(x), y)

    loss_fn().backward()
    plain = [p.grad.clone() for p in net.parameters()]
    weights = [p.detach().clone() for p in net.parameters()]
    running = net[1].running_mean.clone(), net[1].running_var.clone()
    counted = int(net[1].num_batches_tracked)
    moved_loss = sam_step(net, loss_fn, 0.5)
    for p, w in zip(net.parameters(), weights):
        torch.testing.assert_close(p.detach(), w)
    torch.testing.assert_close(net[1].running_mean, running[0])
    torch.testing.assert_close(net[1].running_var, running[1])
    assert net[1].momentum == 0.1
    assert int(net[1].num_batches_tracked) == counted   # the second pass is not counted either
    assert max(float((p.grad - g).abs().max()) for p, g in zip(net.parameters(), plain)) > 1e-4
    assert moved_loss > float(loss_fn())      # moved uphill along the gradient


def test_training_with_sam_records_it():
    tr = [fake_series(lab, f"f{i % 2}", seed=i) for i, lab in enumerate(MODEL_LABELS * 2)]
    model, info = train(tr, [], arch="mobilenetv2", size=32, steps=3, batch=8, sam=0.05,
                        log=lambda m: None)
    assert info["sam"] == 0.05 and info["steps_done"] == 3
    assert all(torch.isfinite(p).all() for p in model.parameters())


def test_recipe_passes_weight_decay_and_sam_and_records_them_only_when_changed():
    import argparse

    from mrseq_train.recipe import add_recipe_args, recipe_summary, train_kwargs

    ap = argparse.ArgumentParser()
    add_recipe_args(ap)
    plain = ap.parse_args(["--init", "scratch"])
    assert train_kwargs(plain)["weight_decay"] == 5e-4 and train_kwargs(plain)["sam"] == 0.0
    assert "weight_decay" not in recipe_summary(plain) and "sam" not in recipe_summary(plain)
    changed = ap.parse_args(["--init", "scratch", "--weight-decay", "0.05", "--sam", "0.05"])
    kw = train_kwargs(changed)
    assert kw["weight_decay"] == 0.05 and kw["sam"] == 0.05
    assert recipe_summary(changed)["weight_decay"] == 0.05 and recipe_summary(changed)["sam"] == 0.05


def test_training_applies_the_weight_decay_it_is_given():
    """Two runs that differ only in weight decay (same seed, same batches): the larger decay
    leaves the smaller weights."""
    tr = [fake_series(lab, f"f{i % 2}", seed=i) for i, lab in enumerate(MODEL_LABELS * 2)]
    norms = []
    for wd in (0.0, 5.0):
        model, info = train(tr, [], arch="compact", widths=(4, 8, 8, 8), size=32, steps=3, batch=8,
                            weight_decay=wd, log=lambda m: None)
        assert info["weight_decay"] == wd
        norms.append(float(sum((p.detach() ** 2).sum() for p in model.parameters())))
    assert norms[1] < norms[0]


def test_recipe_passes_dropout_and_training_uses_it_only_while_training():
    import argparse

    from mrseq_train.recipe import add_recipe_args, recipe_summary, train_kwargs

    ap = argparse.ArgumentParser()
    add_recipe_args(ap)
    assert "dropout" not in recipe_summary(ap.parse_args(["--init", "scratch"]))
    args = ap.parse_args(["--init", "scratch", "--dropout", "0.3"])
    assert train_kwargs(args)["dropout"] == 0.3 and recipe_summary(args)["dropout"] == 0.3
    tr = [fake_series(lab, f"f{i % 2}", seed=i) for i, lab in enumerate(MODEL_LABELS * 2)]
    model, info = train(tr, [], arch="mobilenetv2", size=32, steps=2, batch=8, dropout=0.3,
                        log=lambda m: None)
    assert info["dropout"] == 0.3 and model.config["dropout"] == 0.3
    x = torch.randn(2, 1, 32, 32)
    model.eval()
    torch.testing.assert_close(model(x)[0], model(x)[0])          # no dropout at inference
    model.train()
    torch.manual_seed(0)
    assert not torch.allclose(model(x)[1], model(x)[1])
