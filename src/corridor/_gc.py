"""Pausing the cyclic garbage collector while a large value is built.

Building a network or a graph of a million edges allocates millions of small objects (cell
texts, tuples, dict entries) that all stay alive until the step ends. Each allocation burst
triggers the cyclic collector, whose full collections walk every live object, so their total
cost grows faster than the input: the 100 k -> 1 M edge build took 13x the time with the
collector on, 11.6x with it paused. Reference counting still frees everything as usual; only
cycle detection waits until the step is done (none of these steps makes cycles).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    """Run the block with the cyclic collector off (restored after, if it was on)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
