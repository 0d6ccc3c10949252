"""The ``corridor`` command line (typer + rich): parse, call one library function, render.

Each subcommand lives in its own private module and is registered on first use. This
module imports nothing heavy, so that Ctrl-C while the command line starts up is caught
like any other interrupt (one line, exit code 130, no traceback).
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from corridor.cli._app import app

__all__ = ["app", "main"]


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``corridor`` script.

    Bad input of any kind (a CorridorError or a bad command-line argument) is one line on
    stderr and a non-zero exit code (listed in ``corridor --help``), never a traceback.
    SIGINT exits 130 and SIGTERM 143, with one line and no output left half written
    (:mod:`corridor._signals`). Called with ``argv`` (from a program or a test), the
    process's signal handlers are put back afterwards.
    """
    args = sys.argv[1:] if argv is None else argv
    if args == ["--version"]:  # answered before the command line's imports (cold start)
        from corridor._version import __version__

        sys.stdout.write(f"corridor {__version__}\n")
        return

    previous: dict[int, object] = {}
    signals: Any = None
    try:
        try:  # an interrupt while the command line starts up is one line too
            from corridor import _notes
            from corridor import _signals as signals

            previous = signals.install()
            # the library's notes on stderr: warnings always (a cache that cannot be
            # written), information on a terminal only (kernels being compiled)
            _notes.show_on_stderr()
            from corridor.cli._app import run
        except BaseException as exc:
            if not isinstance(exc, KeyboardInterrupt) and type(exc).__name__ != "Terminated":
                raise
            code = 143 if type(exc).__name__ == "Terminated" else 130
            sys.stderr.write("terminated\n" if code == 143 else "interrupted\n")
            raise SystemExit(code) from None
        run(argv)
    finally:
        if argv is not None and signals is not None:
            signals.restore(previous)


def __getattr__(name: str) -> Any:
    if name == "app":
        from corridor.cli import _app

        _app._register([])  # every command
        return _app.app
    msg = f"module 'corridor.cli' has no attribute {name!r}"
    raise AttributeError(msg)
