"""``corridor sensitivity``: how the best route moves with costs, border times, prices."""

from __future__ import annotations

from enum import StrEnum
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


class SensitivityBy(StrEnum):
    generalised = "generalised"
    time = "time"


@app.command("sensitivity")
def sensitivity_cmd(
    origin: Annotated[str, typer.Argument(help="From: place id or name (case-insensitive).")],
    destination: Annotated[str, typer.Argument(help="To: place id or name.")],
    by: Annotated[
        SensitivityBy,
        typer.Option(
            "--by",
            help="What the best route minimises: generalised cost (money + value of time x "
            "hours + carbon price x CO2e) or time.",
        ),
    ] = SensitivityBy.generalised,
    include_planned: PlannedOpt = False,
    scenario: ScenarioOpt = None,
    date: DateOpt = None,
    unit: Annotated[
        UnitOpt, typer.Option("--unit", help="Count money and CO2 per TEU or per tonne.")
    ] = UnitOpt.teu,
    network: NetworkOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the stable JSON form.")] = False,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Tornado chart, .svg or .png.")
    ] = None,
    force: ForceOpt = False,
    no_cache: NoCacheOpt = False,
    strict_places: StrictPlacesOpt = False,
) -> None:
    """One factor at a time over stated ranges: line-haul rates (fuel, tariffs) x0.7..x1.3,
    border times x0.5..x2, value of time x0.25..x4, carbon price 0..200 USD/t (or twice
    the network's): the best route and its objective at each end (tornado chart with -o)
    and the switching values where another route becomes best (bisection).

    \b
    Examples:
      corridor sensitivity almaty karachi
      corridor sensitivity almaty karachi --by time --json
      corridor sensitivity almaty karachi -o tornado.svg
    """
    import corridor
    from corridor.analysis.sensitivity import sensitivity
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
    s = sensitivity(
        graph,
        origin,
        destination,
        by=by.value,
        options=RouteOptions(include_planned=include_planned),
        unit=unit.value,
    )
    per = s.unit.upper() if s.unit == "teu" else s.unit
    what = f"USD per {per}" if by is SensitivityBy.generalised else "hours"
    if out is not None:
        from corridor.report.charts import save_figure, tornado_chart

        fig = tornado_chart(
            s.tornado(),
            base=s.base_objective,
            xlabel=f"best {by} ({what})",
            title=f"{s.origin} -> {s.destination}: one factor at a time",
        )
        save_figure(fig, out)
    if as_json:
        from corridor.results import to_json

        typer.echo(to_json(s))
        return
    from rich import box
    from rich.table import Table

    from corridor.cli._render import wide_console

    console = wide_console()
    console.print(
        f"[bold]{s.origin} -> {s.destination}[/bold]: best by {by} = {s.base_label}, "
        f"{s.base_objective:,.1f} {what}",
        highlight=False,
    )
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, padding=(0, 1, 0, 0))
    for col in ("factor", "range", "at low", "at high", "best route low / high"):
        table.add_column(col, justify="right" if col.startswith("at") else "left", overflow="fold")
    for f in s.factors:
        lo, hi = f.swing
        table.add_row(
            f.factor.name.replace("_", " "),
            f"{f.factor.low:g}..{f.factor.high:g} {f.factor.unit}",
            f"{lo:,.0f}",
            f"{hi:,.0f}",
            "same" if f.best[0] == f.best[-1] == s.base_label else f"{f.best[0]} / {f.best[-1]}",
        )
    console.print(table)
    if s.switches:
        console.print("Switching values:")
        for sw in s.switches:
            console.print(f"  {sw.factor} = {sw.value:.4g}: {sw.from_route} -> {sw.to_route}")
    else:
        console.print("No switching value in these ranges: the best route stays best.")
    if out is not None:
        typer.echo(f"wrote {out}")
