"""``corridor critical``: which links and crossings, if cut, hurt the OD set most."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from corridor.cli._app import app
from corridor.cli._context import DateOpt, ForceOpt, NoCacheOpt, check_out
from corridor.cli._scenario import DemandOpt, JsonOpt, OdOpt, OutOpt, PairsOpt, _od


class What(StrEnum):
    links = "links"
    crossings = "crossings"
    both = "both"


@app.command("critical")
def critical_cmd(
    scenario: Annotated[
        str | None, typer.Option("--scenario", "-s", help="Apply this scenario first.")
    ] = None,
    what: Annotated[What, typer.Option("--what", help="Which elements to remove.")] = What.both,
    od: OdOpt = None,
    pairs: PairsOpt = None,
    demand: DemandOpt = None,
    top: Annotated[int, typer.Option("--top", min=1, help="Elements to print and chart.")] = 15,
    lost_pair_factor: Annotated[
        float,
        typer.Option(
            "--lost-pair-factor",
            min=0,
            help="A disconnected pair adds this many times its base cost to the score.",
        ),
    ] = 1.0,
    workers: Annotated[
        int | None, typer.Option("--workers", min=1, help="Run on a local Dask cluster.")
    ] = None,
    scheduler: Annotated[
        str | None, typer.Option("--scheduler", help="Run on the Dask cluster at this address.")
    ] = None,
    network: Annotated[
        Path | None,
        typer.Option("--network", "-n", help="Network folder; default: the shipped network."),
    ] = None,
    date: DateOpt = None,
    as_json: JsonOpt = False,
    out: OutOpt = None,
    force: ForceOpt = False,
    no_cache: NoCacheOpt = False,
) -> None:
    """Remove each link and crossing in turn; rank them by the cost the OD set loses.

    \b
    Examples:
      corridor critical --pairs almaty:karachi,tashkent:karachi --top 10
      corridor critical --demand region --what crossings -o out/ --json
      corridor critical --date 2025-09-15 --scenario pk_af_crossings_open --top 10

    The network is evaluated on --date (default: its as-of date) before the scenario.
    """
    check_out(out, folder=True, force=force)
    import corridor
    from corridor.analysis.criticality import criticality
    from corridor.scale import mapper

    graph = corridor.load_graph(network, date=date, scenario=scenario, no_cache=no_cache)
    od_pairs = _od(graph, od, pairs, demand)
    with mapper(workers, scheduler) as run:
        result = criticality(
            graph, od_pairs, what=what.value, lost_pair_factor=lost_pair_factor, map_batches=run
        )
    written: list[str] = []
    if out is not None:
        from corridor.report.impact import write_critical_outputs

        written = [str(p) for p in write_critical_outputs(result, out, top=top, replace=force)]
    if as_json:
        doc = result.to_dict(top=top)
        doc["written"] = written
        typer.echo(json.dumps(doc, indent=2, ensure_ascii=False))
        return

    from corridor.cli._render import wide_console

    console = wide_console()
    unit = "US$/year" if result.weighted else "US$/TEU summed over pairs"
    console.print(
        f"[bold]Criticality[/bold] of {len(result.table)} elements over {result.od_label} "
        f"({result.n_pairs} pairs), {result.context.describe()}; generalised cost in {unit}"
    )
    # without demand every pair weighs 1: the TEU columns would repeat pair counts
    cols = [
        ("#", "rank", "d"),
        ("element", "element", ""),
        ("kind", "kind", ""),
        ("pairs using", "pairs_using", "d"),
        ("cost increase", "cost_increase", ",.0f"),
        ("pairs cut", "disconnected_pairs", "d"),
        *(
            [("TEU cut", "disconnected_teu", ",.0f"), ("TEU rerouted", "rerouted_teu", ",.0f")]
            if result.weighted
            else [("pairs rerouted", "rerouted_teu", ",.0f")]
        ),
        ("score", "score", ",.0f"),
    ]
    from corridor.cli._tables import Col, fit_table

    rows = [
        [format(r[key], fmt) if fmt else str(r[key]) for _, key, fmt in cols]
        for r in result.table.head(top).to_dict(orient="records")
    ]
    heads = [Col(head, number=bool(fmt)) for head, _, fmt in cols]
    console.print(fit_table(heads, rows, console.width))
    for p in written:
        typer.echo(f"wrote {p}")
