"""What a command ran on: the network's date, the scenario, output targets (no pandas)."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    from corridor.network.model import Network

OutOpt = Annotated[
    Path | None,
    typer.Option("--out", "-o", help="Write the output here (refused if it exists, see --force)."),
]
DateOpt = Annotated[
    str | None,
    typer.Option(
        "--date",
        help="Evaluate the network on this day, YYYY-MM-DD (closures and seasons of the "
        "calendar); default: the day the network describes (its as-of date, meta.csv).",
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
    date: str | None = None,
) -> dict[str, Any]:
    """The top-level JSON keys every output carries (see CONTRACT.md, "Outputs").

    ``date`` is the day evaluated when no ``network`` with a ``date`` is given (a graph
    loaded from the cache); without either it is the as-of date."""
    as_of = network_as_of(folder, network)
    day = getattr(network, "date", None) or date
    return {
        "network_as_of": as_of,
        # without --date the network is evaluated on the day it describes
        "date": str(day) if day is not None else as_of,
        "scenario": scenario,
        "include_planned": include_planned,
    }


def dated(network: Any, date: str | None) -> Any:
    """``network`` on ``date``, by default on its as-of date
    (:func:`corridor.network.calendar.on_day`; as loaded if it has no as-of date)."""
    from corridor.network.calendar import on_day

    return on_day(network, date)


def load_day(
    folder: str | Path | None, scenario: str | None, date: str | None
) -> tuple[Network, Network]:
    """(the network of the day, the network as loaded): ``folder`` (or the scenario's base,
    or the shipped network) on ``date`` (default its as-of date), then the scenario, so a
    scenario overrides any status of the calendar. The second is the same without the
    calendar (for :func:`corridor.analysis.dated.date_changes`)."""
    from corridor.data import path as data_path
    from corridor.network.model import Network
    from corridor.scenarios import apply, load_scenario

    sc = load_scenario(scenario) if scenario is not None else None
    if folder is None:
        folder = sc.network if sc is not None else data_path("network")
    base = Network.from_dir(folder)
    day = dated(base, date)
    if sc is None:
        return day, base
    return apply(day, sc), apply(base, sc)


def check_out(out: Path | None, *, folder: bool = False, force: bool = False) -> None:
    """Refuse ``--out`` before any work when something is in the way (exit code 1)."""
    if out is not None:
        from corridor.report.outputs import check_target

        check_target(out, folder=folder, replace=force)
