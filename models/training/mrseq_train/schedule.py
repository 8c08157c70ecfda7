"""The learning-rate schedule shared by supervised training (trainer.py) and pretraining (ssl.py)."""
from __future__ import annotations

import math
import time


def lr_at(progress: float, lr: float, warmup: float = 0.08, final_div: float = 200.0) -> float:
    """Linear warm-up, then cosine decay to lr/final_div; progress in [0, 1] (steps or time)."""
    if progress < warmup:
        return lr * (0.05 + 0.95 * progress / warmup)
    q = min(1.0, (progress - warmup) / (1.0 - warmup))
    return lr / final_div + (lr - lr / final_div) * 0.5 * (1.0 + math.cos(math.pi * q))


def schedule_progress(step: int, steps: int, t0: float, time_limit_s: float = 0) -> float:
    """Where the learning-rate schedule stands: max(step/steps, elapsed/time_limit_s); past 1.0
    the run is over (a time limit still ends with a fully decayed rate)."""
    return max(step / steps, (time.time() - t0) / time_limit_s if time_limit_s else 0.0)
