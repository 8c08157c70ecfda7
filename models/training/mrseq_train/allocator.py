"""Keep freed memory inside the process while training on CPU (glibc only).

Each training step allocates and frees tensors of tens of megabytes. With glibc's default settings
those are mmap'ed and unmapped every time, and the kernel zeroes fresh pages on every step: on the
2-core machine here that cost a third of the CPU time as system time and made a step about twice
as slow (RESULTS.md, "Training about twice as fast: the allocator"). Raising the mmap threshold and the trim
threshold keeps the memory in the heap for the next step; the numbers computed are unchanged.
"""
from __future__ import annotations

import ctypes
import os
import sys

M_TRIM_THRESHOLD, M_TOP_PAD, M_MMAP_THRESHOLD = -1, -2, -3  # glibc <malloc.h>
SETTINGS = ((M_MMAP_THRESHOLD, 1 << 30), (M_TRIM_THRESHOLD, 1 << 30), (M_TOP_PAD, 512 << 20))
OPT_OUT = "MRSEQ_DEFAULT_MALLOC"


def keep_freed_memory(env=None) -> str:
    """Apply SETTINGS through mallopt; returns what was done, for the run's log line.

    A no-op (with the reason) off Linux, without glibc, or with MRSEQ_DEFAULT_MALLOC=1 set (to
    measure the difference)."""
    env = os.environ if env is None else env
    if env.get(OPT_OUT, "") not in ("", "0"):
        return f"allocator: glibc defaults ({OPT_OUT} set)"
    if not sys.platform.startswith("linux"):
        return f"allocator: platform defaults ({sys.platform})"
    try:
        mallopt = ctypes.CDLL("libc.so.6").mallopt
    except (OSError, AttributeError):
        return "allocator: defaults (no glibc mallopt)"
    mallopt.argtypes, mallopt.restype = (ctypes.c_int, ctypes.c_int), ctypes.c_int
    if not all(mallopt(k, v) == 1 for k, v in SETTINGS):
        return "allocator: defaults (mallopt refused the settings)"
    return "allocator: freed memory kept in the heap (mmap and trim thresholds 1 GiB)"
