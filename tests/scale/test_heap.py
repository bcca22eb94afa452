"""The process keeps the freed top of its heap: a batch of assessments does not fault its arrays' pages in again."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.heap import keep_heap_top

CHECKOUT = Path(__file__).resolve().parents[2]

# Arrays the size of a moves batch, made and freed over and over; prints the page faults of the
# second round (the first warms the heap up) after the start the app's entry point makes.
CHILD = """
import resource, sys
import numpy as np
if sys.argv[1] == "pad":
    from desktop.heap import keep_heap_top
    assert keep_heap_top()
def work():
    for _ in range(200):
        a = np.empty((4, 5000)); a.fill(1.0); b = a * 2.0; c = np.concatenate([a, b]); del a, b, c
work()
before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
work()
print(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before)
"""


def _faults(mode: str) -> int:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MALLOC_")}
    env["PYTHONPATH"] = str(CHECKOUT)
    out = subprocess.run([sys.executable, "-c", CHILD, mode], capture_output=True, text=True, env=env, check=True)
    return int(out.stdout.split()[-1])


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's heap only")
def test_the_pad_stops_the_batches_faulting_their_pages_again():
    plain = _faults("plain")
    if plain < 2_000:
        pytest.skip(f"this C library keeps its heap top already ({plain} faults without the pad)")
    padded = _faults("pad")
    assert padded < plain / 10, (plain, padded)


def test_a_users_own_setting_wins(monkeypatch):
    monkeypatch.setenv("MALLOC_TOP_PAD_", "0")
    assert keep_heap_top() is False
