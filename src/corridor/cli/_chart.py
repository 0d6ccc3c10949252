"""``corridor chart``: the UNESCAP time/cost-distance chart of the compared routes."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from corridor.cli._app import app
from corridor.cli._compare import PlannedOpt, row_title, run_compare
from corridor.cli._context import DateOpt, ForceOpt, NoCacheOpt, check_out
from corridor.cli._route import NetworkOpt, ScenarioOpt, UnitOpt


@app.command("chart")
def chart_cmd(
    origin: Annotated[str, typer.Argument(help="From: place id or name (case-insensitive).")],
    destination: Annotated[str, typer.Argument(help="To: place id or name.")],
    out: Annotated[
        Path, typer.Option("--out", "-o", help="Chart file, .svg or .png (see --force).")
    ],
    include_planned: PlannedOpt = False,
    scenario: ScenarioOpt = None,
    date: DateOpt = None,
    unit: Annotated[
        UnitOpt, typer.Option("--unit", help="Count money per TEU or per tonne.")
    ] = UnitOpt.teu,
    network: NetworkOpt = None,
    force: ForceOpt = False,
    no_cache: NoCacheOpt = False,
) -> None:
    """Time/cost-distance chart (UNESCAP method) of the routes 'corridor compare' lists:
    cumulative days (with the P50-P90 band) and cumulative USD against cumulative km, one
    line per route, vertical steps where borders, gauge changes and ports add time or
    money (the larger ones labelled).

    \b
    Examples:
      corridor chart almaty karachi -o almaty-karachi.svg
      corridor chart almaty karachi --include-planned -o planned.png
    """
    from corridor.errors import InputError
    from corridor.report.charts import FORMATS, save_figure, time_cost_distance_chart

    if out.suffix.lower().lstrip(".") not in FORMATS:
        msg = f"{out}: the chart file must end in .svg or .png"
        raise InputError(msg)
    check_out(out, force=force)
    c, _ = run_compare(
        origin,
        destination,
        network=network,
        scenario=scenario,
        date=date,
        unit=unit.value,
        include_planned=include_planned,
        no_cache=no_cache,
    )
    fig = time_cost_distance_chart(
        [(row_title(r.label), r.route) for r in c.rows],
        title=f"{c.origin_name} -> {c.destination_name}",
        unit=c.unit,
    )
    save_figure(fig, out)
    typer.echo(f"wrote {out} ({len(c.rows)} routes)")
