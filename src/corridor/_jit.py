"""The one numba decorator every kernel uses.

``NUMBA_DISABLE_JIT=1`` makes every kernel plain Python (numba honours it itself).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import numba

F = TypeVar("F", bound=Callable[..., Any])


def njit(fn: F) -> F:
    """Compile ``fn`` in nopython mode with on-disk caching and the GIL released."""
    return numba.njit(cache=True, nogil=True)(fn)  # type: ignore[no-any-return]
