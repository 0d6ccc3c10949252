"""``corridor cache info|clear``: the on-disk cache of compiled graphs (and numba's kernels)."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from corridor.cli._app import app

cache_app = typer.Typer(
    help="Show or empty the cache of compiled networks.\n\n\b\nExamples:\n"
    "  corridor cache info\n  corridor cache clear",
    no_args_is_help=True,
)
app.add_typer(cache_app, name="cache")


@cache_app.command("info")
def cache_info_cmd(
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Where compiled networks are cached, how many and how large (and the size cap).

    \b
    Examples:
      corridor cache info
      CORRIDOR_CACHE_DIR=/tmp/c corridor cache info --json
    """
    from corridor.day import cache_info

    info = cache_info()
    doc = {**info.to_dict(), "kernels": _kernel_cache()}
    if as_json:
        typer.echo(json.dumps(doc))
        return
    state = "writable" if info.writable else "NOT writable (graphs are compiled each run)"
    typer.echo(f"folder      {info.folder} ({state})")
    typer.echo(f"graphs      {info.graphs} files, {info.graph_bytes / 2**20:,.1f} MB")
    typer.echo(f"size cap    {info.max_bytes / 2**20:,.0f} MB (least recently used evicted)")
    if info.stale_temp_files:
        typer.echo(
            f"left over   {info.stale_temp_files} temporary files (cache clear removes them)"
        )
    typer.echo(f"kernels     {doc['kernels']} (numba's cache of compiled kernels)")


@cache_app.command("clear")
def cache_clear_cmd(
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Delete every cached graph and leftover temporary file (kernels are kept).

    \b
    Examples:
      corridor cache clear
    """
    from corridor.day import cache_info, clear_cache

    folder = cache_info().folder
    removed = clear_cache()
    if as_json:
        typer.echo(json.dumps({"folder": str(folder), "removed": removed}))
    else:
        typer.echo(f"removed {removed} files from {folder}")


def _kernel_cache() -> str:
    """Where numba keeps corridor's compiled kernels (without importing numba)."""
    import os
    from pathlib import Path

    env = os.environ.get("NUMBA_CACHE_DIR")
    if env:
        return env
    here = Path(__file__).resolve().parents[1]
    if os.access(here, os.W_OK):
        return f"{here}/**/__pycache__"
    return "numba's per-user cache folder, else a private folder in the temporary directory"
