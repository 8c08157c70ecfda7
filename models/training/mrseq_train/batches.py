"""Training batches: sample (class/source balanced), augment, window -- serially, or in one forked
worker process that keeps a few batches ready while the network trains on the previous one. The
worker makes exactly the calls the serial path makes, in the same order, so both give the same
batches for the same seeds (a test holds them together)."""
from __future__ import annotations

import multiprocessing as mp

import numpy as np

from .augment import augment_batch
from .preprocess import window_batch


def make_batch(sampler, rng: np.random.Generator, batch: int, aug: dict | None, mean: float,
               std: float):
    """(x [N, S, S] float32 normalised model input, y [N] int64)."""
    xb, yb, stripped = sampler.sample_flagged(batch)
    return window_batch(augment_batch(xb, rng, aug, yb, stripped), (1, 99), mean, std), yb


def _worker(sampler, rng, batch, aug, mean, std, n, queue):
    import torch
    torch.set_num_threads(1)
    for _ in range(n):
        queue.put(make_batch(sampler, rng, batch, aug, mean, std))


class Batches:
    """Iterator over `n` training batches; `workers=1` prepares them in a forked process."""

    def __init__(self, sampler, rng, batch: int, aug: dict | None, mean: float, std: float,
                 n: int, workers: int = 1, ahead: int = 3):
        self.args = (sampler, rng, batch, aug, mean, std)
        self.n, self.done = n, 0
        self.proc = None
        if workers > 0 and "fork" in mp.get_all_start_methods():
            ctx = mp.get_context("fork")
            self.queue = ctx.Queue(maxsize=ahead)
            self.proc = ctx.Process(target=_worker, args=(*self.args, n, self.queue), daemon=True)
            self.proc.start()

    def __iter__(self):
        return self

    def __next__(self):
        if self.done >= self.n:
            self.close()
            raise StopIteration
        self.done += 1
        if self.proc is None:
            return make_batch(*self.args)
        return self.queue.get(timeout=600)

    def close(self) -> None:
        if self.proc is not None and self.proc.is_alive():
            self.proc.terminate()
            self.proc.join(5)
        self.proc = None
