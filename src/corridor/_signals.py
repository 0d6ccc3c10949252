"""Interrupts the command line turns into one line and an exit code, never half an output.

SIGINT (Ctrl-C) raises :class:`KeyboardInterrupt` and SIGTERM (a service manager, a
container stop, a batch scheduler) raises :class:`Terminated`; the command line's error
boundary prints ``interrupted`` / ``terminated`` and exits 130 / 143. Writers of outputs
(:mod:`corridor.report.outputs`, the graph cache) remove their temporary files on either.

Two moments must not be cut short: the cleanup of a temporary file or folder, and the
rename that puts an output in place. Inside :func:`deferred` a signal is only recorded.
Once an output is in place (:func:`output_in_place`) the command finishes and exits 0: a
later signal is recorded, not raised. :func:`install` is called by the command line only;
as a library corridor leaves the process's signal handlers alone, and these functions then
only run their body.

The state here is the process's (signal handlers are per process), kept in one object.
"""

from __future__ import annotations

import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from types import FrameType
from typing import Any

EXIT_INTERRUPTED = 130
EXIT_TERMINATED = 143


class Terminated(BaseException):
    """SIGTERM arrived (a BaseException, like KeyboardInterrupt: ``except Exception`` does
    not swallow it)."""


@dataclass
class _State:
    installed: bool = False
    depth: int = 0
    """How many :func:`deferred` blocks are open."""
    in_place: bool = False
    """An output has been put in place: signals no longer stop the command."""
    pending: list[int] = field(default_factory=list)
    """Signals recorded while deferred."""
    received: list[int] = field(default_factory=list)
    """Every signal received (also those raised)."""
    unraisable_hook: Any = None
    """The ``sys.unraisablehook`` :func:`install` replaced."""


_STATE = _State()


def _raise_for(signum: int) -> None:
    if signum == signal.SIGTERM:
        raise Terminated
    raise KeyboardInterrupt


def _handler(signum: int, frame: FrameType | None) -> None:
    _STATE.received.append(signum)
    if _STATE.depth > 0 or _STATE.in_place:
        _STATE.pending.append(signum)
        return
    _raise_for(signum)


Handlers = dict[int, object]


def install() -> Handlers:
    """Handle SIGINT and SIGTERM as described above and forget earlier signals (main thread
    only; a signal the parent set to ignore stays ignored, as ``nohup`` asks). Returns the
    handlers it replaced, for :func:`restore`."""
    reset()
    previous: Handlers = {}
    if threading.current_thread() is not threading.main_thread():
        return previous
    for signum in (signal.SIGINT, signal.SIGTERM):
        current = signal.getsignal(signum)
        if current in (signal.SIG_IGN, None):
            continue
        previous[signum] = current
        signal.signal(signum, _handler)
    if not _STATE.installed:
        _STATE.unraisable_hook = sys.unraisablehook
        sys.unraisablehook = _unraisable
    _STATE.installed = True
    return previous


def _unraisable(unraisable: Any) -> None:
    """``sys.unraisablehook`` while installed. An interrupt raised inside a finalizer (the
    ``__del__`` of one of numba's or LLVM's objects, when the signal lands there) stops
    nothing and would be printed as a traceback; it is recorded already, and the command
    line ends with its one line and exit code (:func:`swallowed`). Anything else goes to
    the hook this one replaced."""
    exc = unraisable.exc_value
    if exc is not None and exit_code(exc) is not None:
        return
    (_STATE.unraisable_hook or sys.__unraisablehook__)(unraisable)


def restore(previous: Handlers) -> None:
    """Put back the handlers :func:`install` replaced (a command run inside a program)."""
    for signum, handler in previous.items():
        signal.signal(signum, handler)  # type: ignore[arg-type]
    if _STATE.installed and sys.unraisablehook is _unraisable:
        sys.unraisablehook = _STATE.unraisable_hook or sys.__unraisablehook__
    _STATE.unraisable_hook = None
    reset()
    _STATE.installed = False


def exit_code(exc: BaseException) -> int | None:
    """130 / 143 if ``exc`` is an interrupt or has one in its chain (numba reports an
    interrupt inside a kernel as ``SystemError ... returned a result with an exception
    set`` with the KeyboardInterrupt as its context), else None."""
    seen: set[int] = set()
    at: BaseException | None = exc
    while at is not None and id(at) not in seen:
        seen.add(id(at))
        if isinstance(at, Terminated):
            return EXIT_TERMINATED
        if isinstance(at, KeyboardInterrupt):
            return EXIT_INTERRUPTED
        at = at.__cause__ or at.__context__
    return None


def swallowed() -> int | None:
    """The exit code of a signal that arrived but stopped nothing (caught by a broad
    handler somewhere), unless an output was put in place since; None if there was none."""
    if _STATE.in_place or not _STATE.received:
        return None
    return EXIT_TERMINATED if signal.SIGTERM in _STATE.received else EXIT_INTERRUPTED


@contextmanager
def deferred(*, raise_pending: bool = True) -> Iterator[None]:
    """Record, do not raise, signals inside this block; at its end raise the first one
    recorded (unless ``raise_pending`` is False, the block is ending with an exception
    already, or an output was put in place meanwhile)."""
    _STATE.depth += 1
    try:
        yield
    except BaseException:
        _STATE.depth -= 1
        if _STATE.depth == 0:
            _STATE.pending.clear()
        raise
    _STATE.depth -= 1
    if not raise_pending and _STATE.depth == 0:
        _STATE.pending.clear()
    if _STATE.depth == 0 and _STATE.pending and not _STATE.in_place:
        signum = _STATE.pending[0]
        _STATE.pending.clear()
        _raise_for(signum)


def output_in_place() -> None:
    """An output is complete and in place: from now on the command finishes (exit 0).

    SIGINT and SIGTERM are then ignored by the process itself (not only by this module's
    handler), so that a signal during the interpreter's own shutdown cannot kill it either.
    """
    if _STATE.installed:
        _STATE.in_place = True
        if threading.current_thread() is threading.main_thread():
            for signum in (signal.SIGINT, signal.SIGTERM):
                if signal.getsignal(signum) is _handler:
                    signal.signal(signum, signal.SIG_IGN)


def reset() -> None:
    """Forget what happened (tests run many commands in one process)."""
    _STATE.depth = 0
    _STATE.in_place = False
    _STATE.pending.clear()
    _STATE.received.clear()
