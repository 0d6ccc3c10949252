"""Whether the numpy tier may run instead of numba's kernels (the cold start).

A one-shot command pays ~0.4 s of CPU to import numba and load its cached kernels; for a
few small searches and one Monte Carlo that is most of its run time. The numpy twins of
those kernels (``paths/_small.py``, ``reliability/_small.py``) give the same answers and
run until numba is loaded anyway (another part of the process imported it) or they have
used :data:`BUDGET_S` of CPU in this process (then numba pays off: like renting skis until
the rent reaches the price, a process never spends more than about twice what the better
choice in hindsight would have cost). ``CORRIDOR_KERNELS=numba`` (or ``jit``) always runs numba's
kernels (for benchmarks and tests of the kernels themselves).
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

BUDGET_S = 0.25
"""CPU seconds the numpy tier may use in one process (about numba's import and load)."""
_spent = [0.0]


ENV = "CORRIDOR_KERNELS"
"""The variable that picks the kernels (searches here, the assignment in
:mod:`corridor.assign._native`)."""
JIT_VALUES = ("numba", "jit")
"""Values of :data:`ENV` that force numba's kernels."""


def kernels_setting() -> str:
    """The value of :data:`ENV`, stripped and lower-cased (empty when unset)."""
    return os.environ.get(ENV, "").strip().lower()


def numba_wanted() -> bool:
    """True when numba's kernels should run: numba is already imported, or
    ``CORRIDOR_KERNELS=numba`` is set."""
    return "numba" in sys.modules or kernels_setting() in JIT_VALUES


def numpy_tier() -> bool:
    """Whether the next small search or simulation runs on the numpy tier: numba is not
    wanted (:func:`numba_wanted`) and the tier has CPU budget left."""
    return _spent[0] < BUDGET_S and not numba_wanted()


def charged(run: Callable[[], T]) -> T:
    """``run()``, its CPU time (this thread's) charged to the numpy tier's budget."""
    t0 = time.thread_time()
    try:
        return run()
    finally:
        _spent[0] += time.thread_time() - t0


__all__ = [
    "BUDGET_S",
    "ENV",
    "JIT_VALUES",
    "charged",
    "kernels_setting",
    "numba_wanted",
    "numpy_tier",
]
