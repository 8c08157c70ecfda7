"""Training batches: sample (class/source balanced), augment, window -- serially, or in forked
worker processes that keep a few batches ready while the network trains on the previous one. One
worker makes exactly the calls the serial path makes, in the same order, so both give the same
batches for the same seeds (a test holds them together). Several workers (for a GPU, which trains
faster than one CPU core augments) each draw from their own streams spawned from the sampler's and
the augmentation's generators, and batches are taken from them in turn: other batches than one
worker's, but the same ones for the same seed and worker count."""
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


def _worker(sampler, rng, batch, aug, mean, std, n, queue, stream=None):
    import torch
    torch.set_num_threads(1)
    if stream is not None:                 # worker k of several: its own sampler and aug streams
        sampler.rng, rng = stream
    for _ in range(n):
        queue.put(make_batch(sampler, rng, batch, aug, mean, std))


class Batches:
    """Iterator over `n` training batches; `workers` >= 1 prepares them in that many forked
    processes (batch i comes from worker i mod workers)."""

    def __init__(self, sampler, rng, batch: int, aug: dict | None, mean: float, std: float,
                 n: int, workers: int = 1, ahead: int = 3):
        self.args = (sampler, rng, batch, aug, mean, std)
        self.n, self.done = n, 0
        self.procs, self.queues = [], []
        if workers > 0 and "fork" in mp.get_all_start_methods():
            ctx = mp.get_context("fork")
            streams = ([None] if workers == 1 else
                       list(zip(sampler.rng.spawn(workers), rng.spawn(workers))))
            for k, stream in enumerate(streams):
                q = ctx.Queue(maxsize=ahead)
                count = len(range(k, n, len(streams)))
                p = ctx.Process(target=_worker, args=(*self.args, count, q, stream), daemon=True)
                p.start()
                self.procs.append(p)
                self.queues.append(q)

    def __iter__(self):
        return self

    def __next__(self):
        if self.done >= self.n:
            self.close()
            raise StopIteration
        self.done += 1
        if not self.procs:
            return make_batch(*self.args)
        return self.queues[(self.done - 1) % len(self.queues)].get(timeout=600)

    def close(self) -> None:
        for p in self.procs:
            if p.is_alive():
                p.terminate()
                p.join(5)
        self.procs, self.queues = [], []
