"""Batch-norm statistics adapted to the data being classified (AdaBN, Li et al. 2016), measured
as a leave-one-source-out lever: the network's batch-norm layers forget the training sites'
feature statistics and take those of the held-out slices -- all of a held-out group ("group", the
optimistic bound: a whole hospital's archive) or one subject's series at a time ("subject", what
a viewer could do with one study). Weights are unchanged; only running means and variances move."""
from __future__ import annotations

import copy

import numpy as np
import torch

from .preprocess import window_batch
from .trainer import predict_series, series_inputs


@torch.no_grad()
def adapt_bn(model, series: list, mean: float, std: float, max_slices: int = 12,
             batch: int = 64):
    """A copy of `model` whose batch-norm statistics are the cumulative average over the
    (windowed, normalised) slices of `series`."""
    m = copy.deepcopy(model)
    bns = [b for b in m.modules() if isinstance(b, torch.nn.modules.batchnorm._BatchNorm)]
    for b in bns:
        b.reset_running_stats()
        b.momentum = None                      # cumulative moving average
    x = np.concatenate([series_inputs(s, max_slices) for s in series])
    x = torch.from_numpy(window_batch(x, (1, 99), mean, std))[:, None]
    m.train()
    for i in range(0, len(x), batch):
        m(x[i:i + batch])
    return m.eval()


def predict_adapted(model, series: list, mean: float, std: float, mode: str, **kw) -> list:
    """predict_series with batch-norm statistics adapted per `mode` ("group" or "subject");
    the output keeps the order of `series`."""
    if mode == "group":
        return predict_series(adapt_bn(model, series, mean, std), series, mean, std, **kw)
    if mode != "subject":
        raise ValueError(f"unknown adaptation {mode!r}")
    by_subject: dict = {}
    for s in series:
        by_subject.setdefault(s.subject, []).append(s)
    out = {}
    for subj, group in by_subject.items():
        for s, lg in predict_series(adapt_bn(model, group, mean, std), group, mean, std, **kw):
            out[id(s)] = lg
    return [(s, out[id(s)]) for s in series]
