"""What a command ran on: the network's date, the scenario, output targets (no pandas)."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Annotated, Any

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
        "calendar); default: the network as loaded (its as-of date).",
    ),
]
ForceOpt = Annotated[
    bool,
    typer.Option("--force", help="Replace an existing output file or folder given with --out."),
]


def network_as_of(folder: str | Path | None, network: object = None) -> str | None:
    """The date a network describes: ``Network.as_of`` if the loaded network has it, else
    the ``as_of`` row of the folder's ``meta.csv``, else None."""
    as_of = getattr(network, "as_of", None)
    if as_of is not None:
        return str(as_of)
    if folder is None:
        from corridor.data import path as data_path

        folder = data_path("network")
    meta = Path(folder) / "meta.csv"
    try:
        with meta.open(newline="", encoding="utf-8-sig") as fh:
            for row in csv.DictReader(fh):
                if (row.get("key") or "").strip() == "as_of":
                    return (row.get("value") or "").strip() or None
    except (OSError, csv.Error, UnicodeDecodeError):
        return None
    return None


def run_context(
    folder: str | Path | None,
    *,
    scenario: str | None,
    include_planned: bool,
    network: object = None,
) -> dict[str, Any]:
    """The top-level JSON keys every output carries (see CONTRACT.md, "Outputs")."""
    as_of = network_as_of(folder, network)
    date = getattr(network, "date", None)
    return {
        "network_as_of": as_of,
        # without --date the network is used as loaded: the day it describes
        "date": str(date) if date is not None else as_of,
        "scenario": scenario,
        "include_planned": include_planned,
    }


def dated(network: Any, date: str | None) -> Any:
    """``network`` on ``date`` (:func:`corridor.network.calendar.on_date`), or as it is."""
    if date is None:
        return network
    from corridor.network.calendar import on_date

    return on_date(network, date)


def check_out(out: Path | None, *, folder: bool = False, force: bool = False) -> None:
    """Refuse ``--out`` before any work when something is in the way (exit code 1)."""
    if out is not None:
        from corridor.report.outputs import check_target

        check_target(out, folder=folder, replace=force)
