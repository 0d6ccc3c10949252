"""The one numba decorator every kernel uses.

``NUMBA_DISABLE_JIT=1`` makes every kernel plain Python (numba honours it itself).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

import numba

F = TypeVar("F", bound=Callable[..., Any])


def njit(fn: F) -> F:
    """Compile ``fn`` in nopython mode with on-disk caching and the GIL released."""
    return cast(F, numba.njit(cache=True, nogil=True)(fn))
