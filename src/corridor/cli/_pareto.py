"""``corridor pareto``: the non-dominated routes between two places."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from corridor.cli._app import app
from corridor.cli._compare import PlannedOpt
from corridor.cli._context import DateOpt, ForceOpt, NoCacheOpt, check_out
from corridor.cli._route import (
    NetworkOpt,
    ScenarioOpt,
    StrictPlacesOpt,
    UnitOpt,
    resolve_places,
)

_HEAD = {"time": "days", "cost": "USD", "co2": "t CO2e", "p90": "P90eq d"}


@app.command("pareto")
def pareto_cmd(
    origin: Annotated[str, typer.Argument(help="From: place id or name (case-insensitive).")],
    destination: Annotated[str, typer.Argument(help="To: place id or name.")],
    criteria: Annotated[
        str,
        typer.Option(
            "--criteria",
            help="2 to 4 of time, cost, co2, p90 (P90-equivalent hours), comma-separated.",
        ),
    ] = "time,cost,co2",
    eps: Annotated[
        float,
        typer.Option(
            "--eps",
            min=0.0,
            help="Epsilon-dominance: drop a route within a factor 1+eps of a kept one in "
            "every criterion (0 = exact front).",
        ),
    ] = 0.0,
    max_labels_per_vertex: Annotated[
        int, typer.Option("--max-labels-per-vertex", min=1, help="Cap on labels per vertex.")
    ] = 2_000,
    max_labels: Annotated[
        int, typer.Option("--max-labels", min=1, help="Cap on labels in all.")
    ] = 2_000_000,
    include_planned: PlannedOpt = False,
    scenario: ScenarioOpt = None,
    date: DateOpt = None,
    unit: Annotated[
        UnitOpt, typer.Option("--unit", help="Count money and CO2 per TEU or per tonne.")
    ] = UnitOpt.teu,
    network: NetworkOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the stable JSON form.")] = False,
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="Scatter chart of the front, .svg or .png."),
    ] = None,
    force: ForceOpt = False,
    no_cache: NoCacheOpt = False,
    strict_places: StrictPlacesOpt = False,
) -> None:
    """All non-dominated routes over the chosen criteria (multi-criteria label setting with
    dominance pruning), as a table and (-o) a scatter chart.

    Label sets are bounded two ways, both reported: --eps (epsilon-dominance; every
    Pareto-optimal route of h edges is then within (1+eps)^h of a returned one in every
    criterion) and the caps --max-labels-per-vertex / --max-labels (cheapest labels kept;
    "capped" then says the front may be incomplete, every listed route is still exact).

    \b
    Examples:
      corridor pareto almaty karachi
      corridor pareto almaty karachi --criteria time,cost,co2,p90 --json
      corridor pareto almaty karachi --criteria time,cost -o front.svg
    """
    import corridor
    from corridor.analysis.compare import pareto_routes
    from corridor.errors import InputError
    from corridor.paths import RouteOptions

    if out is not None:
        if out.suffix.lower() not in (".svg", ".png"):
            msg = f"{out}: the chart file must end in .svg or .png"
            raise InputError(msg)
        check_out(out, force=force)
    graph = corridor.load_graph(
        network, date=date, scenario=scenario, unit=unit.value, no_cache=no_cache
    )
    resolve_places(graph, (origin, destination), strict=strict_places)  # guesses said aloud
    front = pareto_routes(
        graph,
        origin,
        destination,
        criteria=[c for c in criteria.split(",") if c.strip()],
        options=RouteOptions(include_planned=include_planned),
        eps=eps,
        max_labels_per_vertex=max_labels_per_vertex,
        max_labels=max_labels,
    )
    if out is not None:
        from corridor.report.charts import pareto_chart, save_figure

        scale = {"time": 1 / 24, "p90": 1 / 24, "co2": 1 / 1000, "cost": 1.0}
        costs = front.costs * [scale[c] for c in front.criteria]
        heads = [_HEAD[c] for c in front.criteria]
        labels = [str(i + 1) for i in range(len(front.routes))]
        save_figure(pareto_chart(costs, heads, labels=labels, title="Pareto front"), out)
    if as_json:
        from corridor.results import to_json

        typer.echo(to_json(front))
        return
    _print(front)
    if out is not None:
        typer.echo(f"wrote {out}")


def _print(front: object) -> None:
    from rich import box
    from rich.table import Table

    from corridor.analysis.compare import ParetoRoutes, needs_planned
    from corridor.cli._render import wide_console

    assert isinstance(front, ParetoRoutes)
    console = wide_console()
    r0 = front.routes[0] if front.routes else None
    if r0 is not None:
        console.print(
            f"[bold]{r0.origin_name} ({r0.origin}) -> {r0.destination_name} "
            f"({r0.destination})[/bold]: {len(front.routes)} non-dominated routes over "
            f"{', '.join(front.criteria)}"
        )
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, padding=(0, 1))
    table.add_column("#", justify="right")
    for c in front.criteria:
        table.add_column(_HEAD[c], justify="right")
    table.add_column("P90 d", justify="right")
    table.add_column("countries", overflow="fold")
    table.add_column("plan")
    div = {"time": 24.0, "p90": 24.0, "co2": 1000.0, "cost": 1.0}
    fmt = {"time": ".1f", "p90": ".1f", "co2": ".2f", "cost": ",.0f"}
    for i, (row, r) in enumerate(zip(front.costs, front.routes, strict=True), 1):
        cells = [
            format(float(v) / div[c], fmt[c]) for c, v in zip(front.criteria, row, strict=True)
        ]
        p90 = r.totals.p90_h
        table.add_row(
            str(i),
            *cells,
            "-" if p90 is None else f"{p90 / 24:.1f}",
            "-".join(r.countries),
            "yes" if needs_planned(r) else "",
        )
    console.print(table)
    bound = "exact" if front.eps == 0 else f"eps {front.eps:g}"
    capped = "; CAPPED: the front may be incomplete" if front.capped else ""
    console.print(
        f"{bound}; {front.n_labels:,} labels (caps {front.max_labels_per_vertex:,} per vertex, "
        f"{front.max_labels:,} in all){capped}. P90 d: simulated; P90eq d: dwells at P90."
    )
