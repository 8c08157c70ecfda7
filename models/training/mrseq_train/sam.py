"""Sharpness-aware minimisation (`--sam`): the second gradient pass of one training step."""
from __future__ import annotations

import torch


def sam_step(model: torch.nn.Module, loss_fn, rho: float) -> float:
    """Sharpness-aware minimisation's second half (Foret et al. 2021): with the batch's gradient
    in .grad, move the weights by rho * g / ||g||, recompute the gradient of loss_fn() there, and
    move the weights back, leaving that gradient in .grad for the optimiser. Batch-norm running
    statistics are not updated by the second pass. Returns the loss at the moved weights."""
    params = [p for p in model.parameters() if p.grad is not None]
    norm = torch.norm(torch.stack([p.grad.norm(2) for p in params]), 2)
    scale = rho / (float(norm) + 1e-12)
    moved = []
    with torch.no_grad():
        for p in params:
            e = p.grad * scale
            p.add_(e)
            moved.append(e)
    bns = [m for m in model.modules() if isinstance(m, torch.nn.modules.batchnorm._BatchNorm)]
    momenta = [m.momentum for m in bns]
    counts = [m.num_batches_tracked.clone() if m.num_batches_tracked is not None else None
              for m in bns]
    for m in bns:
        m.momentum = 0.0                   # running = 1 * running + 0 * batch: unchanged
    for p in params:
        p.grad = None
    try:
        loss = loss_fn()
        loss.backward()
    finally:
        for m, mo, n in zip(bns, momenta, counts):
            m.momentum = mo
            if n is not None:
                m.num_batches_tracked.copy_(n)
        with torch.no_grad():
            for p, e in zip(params, moved):
                p.sub_(e)
    return float(loss.detach())
