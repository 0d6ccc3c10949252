"""The library's notes to its user, on the standard ``corridor`` logger.

The library says little (a cache it could not write, kernels being compiled), so
:mod:`logging`, about 4 ms of every command's start-up, is imported only when a note is
made. The command line asks for the notes on stderr with :func:`show_on_stderr`; the
handler goes on the logger then, if logging is already loaded, or with the first note.
A program that uses the library sees the notes as any other logger's records.
Foundation layer: imports nothing of corridor.
"""

from __future__ import annotations

import sys

_on_stderr = False


def show_on_stderr() -> None:
    """Show the notes on stderr from now on: warnings always, information on a terminal
    only (the command line's choice)."""
    global _on_stderr
    _on_stderr = True
    if "logging" in sys.modules:
        _install()


def note(level: str, message: str) -> None:
    """Log ``message`` at ``level`` (``"info"``, ``"warning"``) on the ``corridor`` logger."""
    import logging

    if _on_stderr:
        _install()
    logging.getLogger("corridor").log(logging.getLevelName(level.upper()), message)


def _install() -> None:
    import logging

    logger = logging.getLogger("corridor")
    if any(getattr(h, "corridor_cli", False) for h in logger.handlers):
        return

    class _Stderr(logging.Handler):
        corridor_cli = True

        def emit(self, record: logging.LogRecord) -> None:
            if record.levelno < logging.WARNING and not sys.stderr.isatty():
                return
            sys.stderr.write(f"{record.getMessage()}\n")
            sys.stderr.flush()

    logger.addHandler(_Stderr())
    logger.setLevel(logging.INFO)
    logger.propagate = False
