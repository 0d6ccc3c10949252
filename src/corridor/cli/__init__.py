"""The ``corridor`` command line (typer + rich): parse, call one library function, render.

Each subcommand lives in its own private module and is registered here.
"""

from __future__ import annotations

from corridor.cli._app import app, main

__all__ = ["app", "main"]
