"""Whether the numpy tier may run instead of numba's kernels (the cold start).

A one-shot command pays ~0.4 s of CPU to import numba and load its cached kernels; for a
few small searches and one Monte Carlo that is most of its run time. The numpy twins of
those kernels (``paths/_small.py``, ``reliability/_small.py``) give the same answers and
run until numba is loaded anyway (another part of the process imported it) or the
process has done enough work on them that numba pays off. ``CORRIDOR_KERNELS=numba``
always runs numba's kernels (for benchmarks and tests of the kernels themselves).
"""

from __future__ import annotations

import os
import sys


def numba_wanted() -> bool:
    """True when numba's kernels should run: numba is already imported, or
    ``CORRIDOR_KERNELS=numba`` is set."""
    return "numba" in sys.modules or os.environ.get("CORRIDOR_KERNELS", "") == "numba"


__all__ = ["numba_wanted"]
