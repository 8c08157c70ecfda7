"""Self-supervised pretraining (issue 9, lever 5): series-contrastive learning on unlabelled slices.

The pretext task uses no labels, only which slices belong to one series (free metadata in any
archive). Two different slices of one series -- often different anatomy, sometimes another plane
-- each hospital-augmented, are a positive pair; the other series of the batch, including other
sequences of the same subject (same anatomy, different contrast), are negatives (SimCLR's NT-Xent
loss, Chen et al. 2020). Instance contrast (two views of one slice) can be solved by anatomy alone;
this task can only be solved by what a series' slices share -- contrast, noise, scanner look -- which
is what a sequence classifier needs. The backbone starts from the nsfwjs MobileNetV2 weights and is
saved in the same npz naming, so `--pretrained-file` hands it to the supervised recipe.

Sequence labels are never read here. pretrain_ssl.py's `--exclude` keeps held-out source groups
out entirely, and the sidecar JSON written by `save_backbone` records which groups were seen, so
that evaluate.py can refuse a fold whose slices the pretraining saw. Measured in RESULTS.md ("After
v7: a self-supervised initialisation"): not kept.
"""
from __future__ import annotations

import json
import os
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

from .batches import Batches
from .schedule import lr_at, schedule_progress
from .trainer import build_model, norm_stats


class SeriesPairSampler:
    """Pairs of slices from `n` distinct series per batch: a source family first (weight
    sqrt(#series), clipped to [1, 4], as the supervised sampler, so that no archive dominates),
    then a series, then two of its slices (the same slice with probability `p_same`)."""

    def __init__(self, series: list, seed: int = 0, p_same: float = 0.0):
        self.rng = np.random.default_rng(seed)
        self.p_same = p_same
        fams: dict = {}
        for i, s in enumerate(series):
            if len(s.slices):
                fams.setdefault(s.family, []).append(i)
        self.series = series
        self.fams = sorted(fams)
        self.members = [fams[f] for f in self.fams]
        w = np.clip(np.sqrt([len(m) for m in self.members]), 1.0, 4.0)
        self.fam_p = w / w.sum()
        self.n_series = sum(len(m) for m in self.members)

    def sample(self, n: int):
        """(a [n, S, S], b [n, S, S], series index [n]); the n series are distinct."""
        n = min(n, self.n_series)
        picked: list = []
        seen = set()
        while len(picked) < n:
            m = self.members[self.rng.choice(len(self.fams), p=self.fam_p)]
            i = m[self.rng.integers(len(m))]
            if i not in seen:
                seen.add(i)
                picked.append(i)
        a, b = [], []
        for i in picked:
            k = len(self.series[i].slices)
            ia = self.rng.integers(k)
            if k > 1 and self.rng.random() >= self.p_same:
                ib = (ia + 1 + self.rng.integers(k - 1)) % k         # another slice of the series
            else:
                ib = ia
            a.append(self.series[i].slices[ia])
            b.append(self.series[i].slices[ib])
        return np.stack(a), np.stack(b), np.array(picked)

    def sample_flagged(self, n: int):
        """batches.Batches' interface: (the 2n slices, first views then second views, label 0 and
        not-stripped for all: the augmentation takes no class-dependent branch)."""
        a, b, _ = self.sample(n)
        x = np.concatenate([a, b])
        return x, np.zeros(len(x), np.int64), np.zeros(len(x), bool)


class Projector(nn.Module):
    """SimCLR's projection head on the pooled features (dropped after pretraining)."""

    def __init__(self, dim_in: int, hidden: int = 256, dim_out: int = 128):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(dim_in, hidden), nn.BatchNorm1d(hidden),
                                 nn.ReLU(inplace=True), nn.Linear(hidden, dim_out))

    def forward(self, f):
        return self.net(f)


def nt_xent(za: torch.Tensor, zb: torch.Tensor, tau: float = 0.2) -> torch.Tensor:
    """SimCLR's normalised-temperature cross entropy: row i of `za` must pick row i of `zb` (and
    vice versa) among the other 2n-1 embeddings of the batch."""
    z = F.normalize(torch.cat([za, zb]), dim=1)
    n = za.shape[0]
    sim = z @ z.t() / tau
    sim = sim.masked_fill(torch.eye(2 * n, dtype=torch.bool, device=z.device), float("-inf"))
    target = torch.cat([torch.arange(n, 2 * n), torch.arange(0, n)]).to(z.device)
    return F.cross_entropy(sim, target)


def resized(x: np.ndarray, size: int) -> torch.Tensor:
    """[N, S, S] model inputs -> [N, 1, size, size] channels-last tensor."""
    v = torch.from_numpy(x)[:, None]
    if v.shape[-1] != size:
        v = F.interpolate(v, size=(size, size), mode="bilinear", align_corners=False)
    return v.contiguous(memory_format=torch.channels_last)


def pretrain(series: list, cut: str = "s16s", pretrained: str = "", steps: int = 1000,
             batch: int = 32, lr: float = 1e-3, weight_decay: float = 5e-4, tau: float = 0.2,
             size: int = 128, seed: int = 0, aug: dict | None = None, time_limit_s: float = 0,
             p_same: float = 0.0, prefetch: int = 1, log=print):
    """Series-contrastive pretraining of a MobileNetV2 backbone; returns (model, info). The
    schedule follows max(step/steps, elapsed/time_limit_s), as trainer.train's does."""
    torch.manual_seed(seed)
    torch.set_flush_denormal(True)
    rng = np.random.default_rng(seed)
    mean, std = norm_stats(series, rng)
    model = build_model("mobilenetv2", cut=cut, pretrained=pretrained, log=log)
    model = model.to(memory_format=torch.channels_last)
    proj = Projector(model.features_dim)
    params = [p for n, p in model.named_parameters() if not n.startswith("fc.")]
    opt = torch.optim.AdamW([{"params": params}, {"params": proj.parameters()}], lr=lr,
                            weight_decay=weight_decay)
    sampler = SeriesPairSampler(series, seed, p_same)
    batches = Batches(sampler, rng, batch, aug or {}, mean, std, steps, workers=prefetch)
    t0, run_loss, step, hist = time.time(), 0.0, 0, []
    model.train()
    proj.train()
    for step, (xb, _) in enumerate(batches, start=1):
        progress = schedule_progress(step, steps, t0, time_limit_s)
        if progress > 1.0:
            log(f"time limit reached at step {step}")
            step -= 1
            break
        for g in opt.param_groups:
            g["lr"] = lr_at(progress, lr)
        z = proj(model.features(resized(xb, size)).mean(dim=(2, 3)))
        n = len(z) // 2
        loss = nt_xent(z[:n], z[n:], tau)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        run_loss = 0.98 * run_loss + 0.02 * loss.item() if step > 1 else loss.item()
        if step % 50 == 0:
            hist.append({"step": step, "loss": round(run_loss, 4)})
            log(f"{time.strftime('%H:%M:%S')} step {step}/{steps} loss {run_loss:.3f} "
                f"lr {opt.param_groups[0]['lr']:.2e} {(time.time() - t0) / step:.3f}s/step")
    batches.close()
    model = model.eval()
    return model, {"steps_done": step, "wall_s": round(time.time() - t0, 1), "loss": run_loss,
                   "history": hist, "cut": cut, "size": size, "batch": batch, "lr": lr,
                   "tau": tau, "seed": seed, "p_same": p_same, "weight_decay": weight_decay}


def save_backbone(model, path: str, info: dict) -> None:
    """The backbone as an npz in the converted-nsfwjs naming (`last.` is block_13's expansion),
    which CamMobileNetV2.load_pretrained reads; `info` goes to `<path>.json` beside it."""
    tensors = {}
    for k, v in model.state_dict().items():
        if k.startswith("fc.") or k.endswith("num_batches_tracked"):
            continue
        if k.startswith("last.") and model.config["cut"] != "full":
            k = "blocks.13.expand." + k[len("last."):]
        tensors[k] = v.detach().cpu().numpy()
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    np.savez(path, **tensors)
    with open(path + ".json", "w") as f:
        json.dump(info, f, indent=1)


def groups_seen(path: str) -> list:
    """Source groups whose slices a pretrained file saw ([] for files without a sidecar, such as
    the converted nsfwjs weights, which saw no MRI)."""
    side = path + ".json"
    if not os.path.exists(side):
        return []
    with open(side) as f:
        return list(json.load(f).get("groups_seen", []))
