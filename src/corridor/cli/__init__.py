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
    """
    args = sys.argv[1:] if argv is None else argv
    if args == ["--version"]:  # answered before the command line's imports (cold start)
        from corridor._version import __version__

        sys.stdout.write(f"corridor {__version__}\n")
        return
    try:
        from corridor.cli._app import run
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
        raise SystemExit(130) from None
    run(argv)


def __getattr__(name: str) -> Any:
    if name == "app":
        from corridor.cli import _app

        _app._register()
        return _app.app
    msg = f"module 'corridor.cli' has no attribute {name!r}"
    raise AttributeError(msg)
