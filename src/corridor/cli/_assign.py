"""``corridor assign``: user-equilibrium flow assignment of a TNTP network."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from corridor.cli._app import app
from corridor.errors import InputError

# kept in step with corridor.assign.ALGORITHMS / DEFAULT_ALGORITHM (checked by a test), so
# that this module does not import numba and pandas when any other command starts
ALGORITHM_NAMES = ("aon", "bfw", "cfw", "fw", "gp")
DEFAULT = "gp"


@app.command("assign")
def assign_command(
    tntp: Annotated[
        Path, typer.Option("--tntp", help="TNTP folder (net, trips and README files).")
    ],
    algorithm: Annotated[
        str,
        typer.Option(help=f"One of {', '.join(ALGORITHM_NAMES)} (gp: gradient projection)."),
    ] = DEFAULT,
    gap: Annotated[float, typer.Option(help="Stop at this relative gap.")] = 1e-6,
    max_iter: Annotated[int, typer.Option(help="Stop after this many iterations.")] = 1000,
    time_limit: Annotated[
        float | None, typer.Option(help="Stop after this many seconds of assignment.")
    ] = None,
    toll_factor: Annotated[
        float | None, typer.Option(help="Generalised-cost weight of tolls (default: README).")
    ] = None,
    distance_factor: Annotated[
        float | None, typer.Option(help="Generalised-cost weight of length (default: README).")
    ] = None,
    out: Annotated[
        Path | None, typer.Option(help="Write init_node, term_node, flow, cost to this CSV.")
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print one JSON object on stdout at the end.")
    ] = False,
) -> None:
    """Assign a TNTP network's demand until user equilibrium and report the flows."""
    from rich.console import Console
    from rich.table import Table

    from corridor.assign import ALGORITHMS, Iteration, assign_tntp
    from corridor.io.csv_tables import write_table_atomic
    from corridor.io.tntp import read_folder

    if algorithm not in ALGORITHMS:
        msg = f"unknown algorithm {algorithm!r}; choose from {sorted(ALGORITHMS)}"
        raise InputError(msg)
    folder = read_folder(tntp, toll_factor=toll_factor, distance_factor=distance_factor)
    err = Console(stderr=True, highlight=False)

    def progress(row: Iteration) -> None:
        step = "" if row.step != row.step else f"  step {row.step:.4g}"
        err.print(
            f"[dim]{folder.name}[/dim] {algorithm} it {row.iteration:>5}  "
            f"gap {row.gap:.3e}  objective {row.objective:.10g}{step}  {row.seconds:.3f}s"
        )

    result = assign_tntp(
        folder,
        algorithm=algorithm,
        gap=gap,
        max_iter=max_iter,
        time_limit_s=time_limit,
        progress=progress,
    )
    if out is not None:
        try:
            write_table_atomic(result.to_frame(), out, float_format="%.10g")
        except OSError as exc:
            msg = f"{out}: cannot write ({exc.strerror})"
            raise InputError(msg) from None
    if as_json:
        typer.echo(result.to_json())
        return
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
    table.add_row("total demand", f"{folder.trips.flows.sum():.6g}")
    Console().print(table)
