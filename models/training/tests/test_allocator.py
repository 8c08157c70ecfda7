"""The training scripts keep freed memory in the heap (mrseq_train/allocator.py): repeated large
allocations stop faulting in fresh pages, which is where a training step's system time went."""
import os
import subprocess
import sys

import pytest

from mrseq_train import allocator

PROBE = r"""
import resource, sys
import numpy as np
sys.path.insert(0, sys.argv[1])
from mrseq_train.allocator import keep_freed_memory
print(keep_freed_memory(), file=sys.stderr)
np.ones(16 << 20, np.float32)                      # 64 MiB, touched, freed: warms the heap
before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
for _ in range(5):
    np.ones(16 << 20, np.float32)
print(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before)
"""


def page_faults(opt_out: bool) -> int:
    env = {**os.environ, allocator.OPT_OUT: "1" if opt_out else ""}
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    out = subprocess.run([sys.executable, "-c", PROBE, root], env=env, capture_output=True,
                         text=True, check=True)
    return int(out.stdout.strip())


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc mallopt")
def test_repeated_large_allocations_reuse_the_heap():
    huge_pages = (64 << 20) // (2 << 20)   # numpy asks for 2 MiB pages; 4 KiB pages fault more
    assert page_faults(opt_out=True) >= 4 * huge_pages   # default: fresh pages every time
    assert page_faults(opt_out=False) < huge_pages // 2  # kept: the same pages again


def test_opt_out_and_other_platforms_leave_the_defaults(monkeypatch):
    assert "defaults" in allocator.keep_freed_memory({allocator.OPT_OUT: "1"})
    monkeypatch.setattr(allocator.sys, "platform", "darwin")
    assert allocator.keep_freed_memory({}) == "allocator: platform defaults (darwin)"
