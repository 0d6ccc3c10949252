"""Options shared by commands (``--out``, ``--date``, ``--force``) and the output check.

Which network a command runs on is decided by the library: :func:`corridor.load` /
:func:`corridor.load_graph` (the network of the day, :mod:`corridor.day`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

OutOpt = Annotated[
    Path | None,
    typer.Option("--out", "-o", help="Write the output here (refused if it exists, see --force)."),
]
DateOpt = Annotated[
    str | None,
    typer.Option(
        "--date",
        help="Evaluate the network on this day, YYYY-MM-DD (closures and seasons of the "
        "calendar); default: the day the network describes (its as-of date, meta.csv); "
        "'undated': the tables as the files give them.",
    ),
]
NoCacheOpt = Annotated[
    bool,
    typer.Option(
        "--no-cache", help="Compile the network afresh; do not read or write the graph cache."
    ),
]
NoCacheMemoryOpt = Annotated[
    bool,
    typer.Option(
        "--no-cache",
        help="Compile the network afresh (this command always does: it compiles in memory "
        "and reads or writes no cache; see corridor cache info).",
    ),
]
ForceOpt = Annotated[
    bool,
    typer.Option("--force", help="Replace an existing output file or folder given with --out."),
]


def check_out(out: Path | None, *, folder: bool = False, force: bool = False) -> None:
    """Refuse ``--out`` before any work when something is in the way (exit code 1)."""
    if out is not None:
        from corridor.report.outputs import check_target

        check_target(out, folder=folder, replace=force)
