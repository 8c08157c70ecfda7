"""Mixup (`--mixup ALPHA`; Zhang et al. 2018): train on convex blends of two slices with the
blend of their labels, a regulariser reported to help models carry over to unseen domains.

One blend weight per batch, lam ~ Beta(alpha, alpha) (alpha 0.2 keeps most blends close to one of
the two slices), and a random pairing of the batch with itself. The loss is lam times the loss
against the first slice's label plus (1 - lam) times the loss against the partner's label; the
CAM loss is blended the same way, with the head read from the blended input."""
from __future__ import annotations

import numpy as np
import torch


class Mixup:
    """Draws blend weights and pairings from its own generator (seeded), so the batches the
    sampler and augmentation produce are the same with and without mixup."""

    def __init__(self, alpha: float, seed: int = 0):
        if alpha <= 0:
            raise ValueError("mixup alpha must be > 0")
        self.alpha = alpha
        self.rng = np.random.default_rng([seed, 0x6D6978])   # a stream of its own

    def __call__(self, x: torch.Tensor, y: torch.Tensor):
        """(blended x, y, partner labels, lam)."""
        lam = float(self.rng.beta(self.alpha, self.alpha))
        perm = torch.from_numpy(self.rng.permutation(len(y))).to(y.device)
        return lam * x + (1.0 - lam) * x[perm], y, y[perm], lam


def blended(loss_fn, y_a: torch.Tensor, y_b: torch.Tensor, lam: float) -> torch.Tensor:
    """lam * loss_fn(y_a) + (1 - lam) * loss_fn(y_b), skipping a term whose weight is 0."""
    out = lam * loss_fn(y_a) if lam > 0 else 0.0
    return out + (1.0 - lam) * loss_fn(y_b) if lam < 1 else out
