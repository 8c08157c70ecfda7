"""Training-time levers that change nothing at inference: same-class MixStyle and a weight average.

Same-class MixStyle (after Zhou et al., "Domain generalization with MixStyle", ICLR 2021). Early
feature maps carry a site's "style" (scanner, coil, reconstruction, windowing) in their per-channel
means and standard deviations. MixStyle renormalises a sample's feature map with statistics mixed
between it and another sample of the batch, so that the network sees styles between the sites it
was trained on. In the original, the partner is any sample; for MRI the contrast (the class) is
itself a style, so here the partner always has the same label: a T1 from one site borrows the
statistics of a T1 from another, never those of a T2. Hooks on chosen blocks, active only while the
network is in training mode: the exported network is the plain one.

Weight average: an exponential moving average of the parameters and batch-norm statistics kept
beside the trained network (the model `train` returns with `ema`), to damp the run-to-run noise
that a 500-step fold shows.
"""
from __future__ import annotations

import copy

import numpy as np
import torch


def same_class_partners(y: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """For each sample, the index of a partner with the same label: a random other member of its
    label in the batch (itself when it is alone)."""
    perm = np.arange(len(y))
    for c in np.unique(y):
        idx = np.nonzero(y == c)[0]
        if idx.size > 1:
            # a random cyclic shift of a shuffled order: nobody is their own partner
            order = rng.permutation(idx)
            perm[order] = np.roll(order, int(rng.integers(1, idx.size)))
    return perm


def mix_statistics(x: torch.Tensor, perm: torch.Tensor, lam: torch.Tensor,
                   eps: float = 1e-6) -> torch.Tensor:
    """x [N, C, H, W] renormalised with lam * own + (1 - lam) * partner channel mean and std
    (statistics detached, as in MixStyle); lam [N]."""
    mu = x.mean(dim=(2, 3), keepdim=True)
    sig = (x.var(dim=(2, 3), keepdim=True) + eps).sqrt()
    mu, sig = mu.detach(), sig.detach()
    lam = lam.view(-1, 1, 1, 1).to(x.dtype)
    mu2 = lam * mu + (1 - lam) * mu[perm]
    sig2 = lam * sig + (1 - lam) * sig[perm]
    return (x - mu) / sig * sig2 + mu2


class SameClassMixStyle:
    """Forward hooks on `modules` that mix feature statistics between same-label samples, with
    probability `p` per batch and lam ~ Beta(alpha, alpha) per sample. Call `set_labels(y)` before
    each training forward pass; `remove()` when training ends."""

    def __init__(self, modules, p: float = 0.5, alpha: float = 0.1, seed: int = 0):
        self.p, self.alpha = p, alpha
        self.rng = np.random.default_rng(seed + 7919)
        self.perm = self.lam = None
        self.handles = [m.register_forward_hook(self._hook) for m in modules]

    def set_labels(self, y: np.ndarray) -> None:
        if self.rng.random() >= self.p:
            self.perm = self.lam = None
            return
        self.perm = torch.from_numpy(same_class_partners(np.asarray(y), self.rng))
        self.lam = torch.from_numpy(self.rng.beta(self.alpha, self.alpha, size=len(y)))

    def _hook(self, module, inputs, output):
        if not module.training or self.perm is None or len(self.perm) != output.shape[0]:
            return output
        return mix_statistics(output, self.perm.to(output.device), self.lam.to(output.device))

    def remove(self) -> None:
        for h in self.handles:
            h.remove()
        self.handles = []


def mixstyle_modules(model, where: str) -> list:
    """The MobileNetV2 blocks after which to mix, from a comma-separated list of block indices
    ('2,5' = the ends of the stride-4 and stride-8 stages)."""
    if not hasattr(model, "blocks"):
        raise ValueError("--mixstyle needs a network with .blocks (mobilenetv2)")
    idx = [int(i) for i in where.split(",") if i.strip()]
    bad = [i for i in idx if not 0 <= i < len(model.blocks)]
    if bad:
        raise ValueError(f"--mixstyle-blocks {bad} outside 0..{len(model.blocks) - 1}")
    return [model.blocks[i] for i in idx]


class WeightAverage:
    """Exponential moving average of a network's floating-point state (parameters and batch-norm
    running statistics): avg <- decay * avg + (1 - decay) * current after every step."""

    def __init__(self, model, decay: float):
        if not 0.0 < decay < 1.0:
            raise ValueError(f"weight-average decay must be in (0, 1), got {decay}")
        self.decay = decay
        self.model = copy.deepcopy(model).eval()
        for p in self.model.parameters():
            p.requires_grad_(False)

    @torch.no_grad()
    def update(self, model) -> None:
        mine = self.model.state_dict()
        for k, v in model.state_dict().items():
            if v.dtype.is_floating_point:
                mine[k].mul_(self.decay).add_(v.detach(), alpha=1.0 - self.decay)
            else:
                mine[k].copy_(v)
