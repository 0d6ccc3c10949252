"""The one numba decorator all kernels use.

``NUMBA_DISABLE_JIT=1`` makes every kernel plain Python (numba honours it itself).

Kernels are cached on disk (numba's ``cache=True``): beside the source when that folder is
writable, else in numba's per-user cache folder. When neither can be written (a root-owned
install run by a user whose home is read-only, some containers and service accounts) numba
would refuse with ``cannot cache function ...: no locator available``; corridor then caches
in a private folder of the temporary directory (``corridor-numba-<uid>``), and if that
cannot be made either, compiles without a disk cache. ``$NUMBA_CACHE_DIR`` still wins.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar, cast

import numba

F = TypeVar("F", bound=Callable[..., Any])


def fallback_cache_dir() -> Path | None:
    """A private, writable folder for numba's cache when it finds none (None if none)."""
    uid = os.getuid() if hasattr(os, "getuid") else 0
    folder = Path(tempfile.gettempdir()) / f"corridor-numba-{uid}"
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
        st = folder.lstat()
    except OSError:
        return None
    own = not hasattr(os, "getuid") or st.st_uid == uid
    private = stat.S_ISDIR(st.st_mode) and not st.st_mode & 0o022
    if not (own and private and os.access(folder, os.W_OK | os.X_OK)):
        return None  # someone else's folder, or one others may write: do not trust it
    return folder


def njit(fn: F) -> F:
    """Compile ``fn`` in nopython mode with on-disk caching and the GIL released."""
    try:
        return cast(F, numba.njit(cache=True, nogil=True)(fn))
    except RuntimeError as exc:
        if "no locator available" not in str(exc):
            raise
    from numba.core import config

    folder = fallback_cache_dir()
    if folder is not None:
        config.CACHE_DIR = str(folder)  # type: ignore[attr-defined]
        try:
            return cast(F, numba.njit(cache=True, nogil=True)(fn))
        except RuntimeError:
            pass
    return cast(F, numba.njit(nogil=True)(fn))


class _FirstCompile:
    """Says once, on the ``corridor`` logger (INFO), that kernels are being compiled: that
    happens on the first run after install or upgrade, and takes about 20 s."""

    said = False

    def __call__(self) -> None:
        if not _FirstCompile.said:
            _FirstCompile.said = True
            from corridor._notes import note

            note(
                "info",
                "note: compiling corridor's numeric kernels for this machine; this happens "
                "once after install or upgrade and takes up to about 20 s (cached afterwards)",
            )


def _listen_for_compiles() -> None:
    """Register the :class:`_FirstCompile` note on numba's compile events (cache misses)."""
    try:
        from numba.core import event
    except ImportError:  # an older numba without events: stay silent
        return

    say = _FirstCompile()

    class _Listener(event.Listener):
        def on_start(self, ev: Any) -> None:
            say()

        def on_end(self, ev: Any) -> None:
            pass

    register: Any = event.register
    register("numba:compile", _Listener())


def _defer_blas_probe() -> None:
    """Keep numba from importing ``scipy.linalg`` just to ask whether BLAS is there.

    ``numba.np.arraymath`` asks on import (``_HAVE_BLAS = _check_blas()``, which
    ``import scipy.linalg.cython_blas``), and numba imports that module when it first
    loads or compiles any kernel: importing ``scipy.linalg`` costs ~90 ms of CPU (most of
    it scipy's array-API layer walking numpy's namespace, which imports ``numpy.f2py``)
    on every process that runs a kernel, although no corridor kernel calls BLAS. Here
    ``numba.np.arraymath`` is imported with that one probe answered from the installed
    packages (scipy is a dependency of corridor; if it cannot be found numba's own check
    runs), and numba's function is put back at once: a kernel that does use BLAS
    (``np.dot`` on arrays) still imports ``scipy.linalg`` when numba types it. If numba's
    layout differs (another version), nothing is changed.
    """
    import importlib.util
    import sys

    if "numba.np.arraymath" in sys.modules:
        return
    try:
        from numba.np import linalg
    except ImportError:  # pragma: no cover (a numba without it)
        return
    real = getattr(linalg, "ensure_blas", None)
    if real is None:  # pragma: no cover
        return

    def probe() -> None:
        if importlib.util.find_spec("scipy") is None:
            real()  # numba's own: raises ImportError as numba expects

    linalg.ensure_blas = probe
    try:
        import numba.np.arraymath  # noqa: F401 (its import-time probe is the point)
    finally:
        linalg.ensure_blas = real


_listen_for_compiles()
_defer_blas_probe()
