"""``corridor assign``: user-equilibrium flow assignment of a TNTP network."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TextIO

import typer

from corridor.cli._app import EXIT_NOT_CONVERGED, app
from corridor.cli._context import ForceOpt, check_out
from corridor.errors import InputError

if TYPE_CHECKING:
    from corridor.io.tntp import TntpFolder
    from corridor.results.flow import Assigned

# kept in step with corridor.assign.ALGORITHMS / DEFAULT_ALGORITHM (checked by a test), so
# that this module does not import numba and pandas when any other command starts
ALGORITHM_NAMES = ("aon", "bfw", "cfw", "fw", "gp")
DEFAULT = "gp"
EXAMPLES = ("SiouxFalls",)
"""TNTP networks shipped under ``corridor/data/examples`` (see their README)."""


class Unreachable(StrEnum):
    error = "error"
    drop = "drop"


@app.command("assign")
def assign_command(
    tntp: Annotated[
        Path | None,
        typer.Option("--tntp", help="TNTP folder (net, trips and README files)."),
    ] = None,
    example: Annotated[
        str | None,
        typer.Option(
            "--example", help=f"A TNTP network shipped with corridor: {', '.join(EXAMPLES)}."
        ),
    ] = None,
    algorithm: Annotated[
        str,
        typer.Option(help=f"One of {', '.join(ALGORITHM_NAMES)} (gp: gradient projection)."),
    ] = DEFAULT,
    gap: Annotated[float, typer.Option(min=0.0, help="Stop at this relative gap.")] = 1e-6,
    max_iter: Annotated[int, typer.Option(min=0, help="Stop after this many iterations.")] = 1000,
    time_limit: Annotated[
        float | None,
        typer.Option(min=0.0, help="Stop after this many seconds of assignment."),
    ] = None,
    allow_unconverged: Annotated[
        bool,
        typer.Option(
            "--allow-unconverged",
            help="Exit 0 even if --max-iter or --time-limit stops before --gap (else 3).",
        ),
    ] = False,
    unreachable: Annotated[
        Unreachable,
        typer.Option(
            "--unreachable",
            help="Demand between zones no path connects: error (refuse) or drop (assign "
            "the rest and report the dropped trips).",
        ),
    ] = Unreachable.error,
    toll_factor: Annotated[
        float | None,
        typer.Option(min=0.0, help="Generalised-cost weight of tolls (default: README)."),
    ] = None,
    distance_factor: Annotated[
        float | None,
        typer.Option(min=0.0, help="Generalised-cost weight of length (default: README)."),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            help="Write init_node, term_node, flow, cost to this CSV (refused if it exists, "
            "see --force).",
        ),
    ] = None,
    force: ForceOpt = False,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print one JSON object on stdout at the end.")
    ] = False,
) -> None:
    """Assign a TNTP network's demand until user equilibrium and report the flows.

    \b
    Examples:
      corridor assign --example SiouxFalls
      corridor assign --example SiouxFalls --gap 1e-8 --json -o flows.csv
      corridor assign --tntp path/to/Anaheim --algorithm bfw --max-iter 200
      corridor assign --tntp path/to/net --unreachable drop
    """
    folder_path = _tntp_folder(tntp, example)
    if algorithm not in ALGORITHM_NAMES:
        msg = f"unknown algorithm {algorithm!r}; choose from {sorted(ALGORITHM_NAMES)}"
        raise InputError(msg)
    check_out(out, force=force)
    import sys

    from corridor.assign import Iteration
    from corridor.assign.tntp import solve_tntp
    from corridor.io.tntp import read_folder

    folder = read_folder(folder_path, toll_factor=toll_factor, distance_factor=distance_factor)
    say = _progress_writer(sys.stderr)

    def progress(row: Iteration) -> None:
        step = "" if row.step != row.step else f"  step {row.step:.4g}"
        say(
            folder.name,
            f" {algorithm} it {row.iteration:>5}  gap {row.gap:.3e}  "
            f"objective {row.objective:.10g}{step}  {row.seconds:.3f}s",
        )

    result = solve_tntp(  # the answer without its tables: no pandas unless --out
        folder,
        algorithm=algorithm,
        gap=gap,
        max_iter=max_iter,
        time_limit_s=time_limit,
        progress=progress,
        unreachable=unreachable.value,
    )
    if out is not None:
        from corridor.io.tntp import write_link_flows
        from corridor.report.outputs import atomic_file

        col = folder.net.table.column
        with atomic_file(out) as tmp:  # no pandas: the same bytes as its to_csv
            write_link_flows(tmp, col("init_node"), col("term_node"), result.flows, result.costs)
    if as_json:
        doc = {**result.to_dict(), "network": folder.name, "target_gap": gap}
        doc["converged"] = bool(result.converged)
        from corridor.assign._native import kernels

        doc["kernels"] = kernels().name  # "aot": compiled at install; "jit": numba's
        import json

        typer.echo(json.dumps(doc))
    else:
        _print_table(folder, algorithm, result)
    if not result.converged and not allow_unconverged:
        typer.echo(
            f"error: not converged: relative gap {result.gap:.3e} after {result.iterations} "
            f"iterations, not {gap:.3g} (raise --max-iter or --time-limit, or pass "
            "--allow-unconverged)",
            err=True,
        )
        raise SystemExit(EXIT_NOT_CONVERGED)


def _progress_writer(stream: TextIO) -> Callable[[str, str], None]:
    """One progress line per call: the network's name (dim on a terminal, through rich)
    then the rest; a plain line when ``stream`` is not a terminal (no rich to import)."""
    if stream.isatty():
        from rich.console import Console
        from rich.markup import escape

        console = Console(file=stream, highlight=False)
        return lambda name, rest: console.print(f"[dim]{escape(name)}[/dim]{escape(rest)}")

    def write(name: str, rest: str) -> None:
        stream.write(f"{name}{rest}\n")
        stream.flush()

    return write


def _tntp_folder(tntp: Path | None, example: str | None) -> Path:
    if (tntp is None) == (example is None):
        msg = "give either --tntp FOLDER or --example NAME" + (
            f" (examples: {', '.join(EXAMPLES)})" if example is None else ", not both"
        )
        raise InputError(msg)
    if tntp is not None:
        return tntp
    by_lower = {name.lower(): name for name in EXAMPLES}
    name = by_lower.get(str(example).lower())
    if name is None:
        msg = f"unknown example {example!r}; choose from {list(EXAMPLES)}"
        raise InputError(msg)
    from corridor.data import path as data_path

    return data_path(f"examples/{name}")


def _print_table(folder: TntpFolder, algorithm: str, result: Assigned) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"{folder.name}: {algorithm} assignment")
    table.add_column("measure")
    table.add_column("value", justify="right")
    table.add_row("relative gap", f"{result.gap:.3e}")
    table.add_row("converged", "yes" if result.converged else "no")
    table.add_row("iterations", str(result.iterations))
    table.add_row("seconds", f"{result.seconds:.3f}")
    table.add_row("seconds / iteration", f"{result.seconds_per_iteration:.4f}")
    table.add_row("Beckmann objective", f"{result.objective:.12g}")
    table.add_row("links", str(result.flows.shape[0]))
    total = float(folder.trips.flows.sum())
    table.add_row("total demand", f"{total:.6g}")
    if result.dropped_pairs:
        table.add_row("dropped (unreachable) OD pairs", str(result.dropped_pairs))
        table.add_row("dropped demand", f"{result.dropped_demand:.6g}")
        table.add_row("assigned demand", f"{total - result.dropped_demand:.6g}")
    Console().print(table)
