"""Keep freed memory at the top of the C heap for the next batch of arrays (glibc only).

An assessment evaluates a few thousand offers at once (the moves sweep, the two-step search for
the next band) in numpy arrays of 40–800 KB, freed as soon as the moves are read.  glibc gives
the freed top of its heap back to the system, so the next assessment takes the same pages again
and the kernel zero-fills every one: 430,000 page faults and ~0.9 s of system time in a batch of
1,000 assessments, a fifth of its run.  Asking glibc to keep 16 MB spare at the top of the heap
(`M_TOP_PAD`, as the `MALLOC_TOP_PAD_` environment variable would) leaves 10,000 faults and
the same results; the process holds at most that much more memory it is not using.

Other C libraries (macOS, Windows, musl) have no such setting or do not need it: nothing is done.
"""

from __future__ import annotations

import ctypes
import os
import sys

M_TOP_PAD = -2  # glibc's <malloc.h>
TOP_PAD_BYTES = 16 << 20


def keep_heap_top() -> bool:
    """Set glibc's top pad (unless the user chose one in MALLOC_TOP_PAD_); True when set."""
    if not sys.platform.startswith("linux") or "MALLOC_TOP_PAD_" in os.environ:
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):  # no C library to ask, or not one with mallopt
        return False
    mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    mallopt.restype = ctypes.c_int
    return mallopt(M_TOP_PAD, TOP_PAD_BYTES) == 1
