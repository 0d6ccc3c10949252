"""``corridor compare``: the named corridors and the best routes between two places."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from corridor.cli._app import app
from corridor.cli._context import DateOpt, ForceOpt, NoCacheOpt, OutOpt, check_out
from corridor.cli._route import (
    CarrierOpt,
    NetworkOpt,
    ScenarioOpt,
    ServiceOpt,
    StrictPlacesOpt,
    UnitOpt,
    resolve_places,
)
from corridor.cli._segment import SegmentOpt, segment_options, segment_value_of_time

if TYPE_CHECKING:
    from rich.console import Console

    from corridor.analysis.compare import Comparison
    from corridor.graph.model import Graph

PlannedOpt = Annotated[
    bool,
    typer.Option("--include-planned", help="Also use planned and under-construction links."),
]
BEST_STYLE = "bold green"
"""How the best value of a column is highlighted."""


def run_compare(
    origin: str,
    destination: str,
    *,
    network: Path | None,
    scenario: str | None,
    date: str | None,
    unit: str,
    include_planned: bool,
    value_of_time_usd_teu_h: float | None = None,
    no_cache: bool = False,
    strict_places: bool = False,
    carrier: str = "origin",
    service: str = "block",
    segment: str | None = None,
) -> tuple[Comparison, Graph]:
    """The comparison on the graph of the day (:func:`corridor.load_graph`: from the on-disk
    cache without a scenario; named corridors and ferry timetables are compiled in)."""
    import corridor
    from corridor.analysis.compare import compare
    from corridor.paths import RouteOptions

    graph = corridor.load_graph(network, date=date, scenario=scenario, unit=unit, no_cache=no_cache)
    resolve_places(graph, (origin, destination), strict=strict_places)  # guesses said aloud
    options = segment_options(
        RouteOptions(include_planned=include_planned, carrier=carrier, service=service), segment
    )
    c = compare(
        graph, origin, destination, options=options, value_of_time_usd_teu_h=value_of_time_usd_teu_h
    )
    return c, graph


@app.command("compare")
def compare_cmd(
    origin: Annotated[str, typer.Argument(help="From: place id or name (case-insensitive).")],
    destination: Annotated[str, typer.Argument(help="To: place id or name.")],
    include_planned: PlannedOpt = False,
    carrier: CarrierOpt = "origin",
    service: ServiceOpt = "block",
    scenario: ScenarioOpt = None,
    date: DateOpt = None,
    unit: Annotated[
        UnitOpt, typer.Option("--unit", help="Count money and CO2 per TEU or per tonne.")
    ] = UnitOpt.teu,
    network: NetworkOpt = None,
    segment: SegmentOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the stable JSON form.")] = False,
    out: OutOpt = None,
    force: ForceOpt = False,
    no_cache: NoCacheOpt = False,
    strict_places: StrictPlacesOpt = False,
) -> None:
    """Every named corridor that connects two places, and the best routes by time, cost
    and P90, side by side: distance, mean/P50/P90 days, USD per unit with its breakdown,
    kg CO2e, borders, gauge breaks, transfers, countries, planned links. The best value
    of each column is highlighted; a corridor that does not connect is listed with the
    reason (rule: docs/compare.md). -o writes JSON (.json) or one row per route (.csv).

    \b
    Examples:
      corridor compare almaty karachi
      corridor compare almaty karachi --include-planned
      corridor compare tashkent karachi --json
      corridor compare tashkent karachi --carrier any --service wagonload
      corridor compare almaty karachi --date 2025-12-01 -o compare.csv
      corridor compare tashkent peshawar -s trans_afghan_built --segment dry_bulk
    """
    from corridor.errors import InputError

    if out is not None and out.suffix.lower() not in (".json", ".csv"):
        msg = f"{out}: -o writes .json or .csv"
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
        value_of_time_usd_teu_h=segment_value_of_time(segment, None),
        no_cache=no_cache,
        strict_places=strict_places,
        carrier=carrier,
        service=service,
        segment=segment,
    )
    if out is not None:
        from corridor.report.outputs import atomic_file

        with atomic_file(out) as tmp:
            if out.suffix.lower() == ".json":
                tmp.write_text(json.dumps(c.to_dict(), indent=2, ensure_ascii=False) + "\n")
            else:
                c.to_frame().to_csv(tmp, index=False)
    if as_json:
        from corridor.results import to_json

        typer.echo(to_json(c))
        return
    from corridor.cli._render import wide_console

    print_comparison(c, console=wide_console())
    if out is not None:
        typer.echo(f"wrote {out}")


_ROW_NAMES = {
    "best_time": "fastest",
    "best_cost": "cheapest",
    "best_p90": "most reliable",
    "best_generalised": "generalised",
}


def row_title(label: str) -> str:
    """A short row title: ``fastest``, ``cheapest = most reliable`` or the corridor id."""
    parts = label.split("+")
    if all(p in _ROW_NAMES for p in parts):
        return " = ".join(_ROW_NAMES[p] for p in parts)
    return label


def _cell(value: Any, fmt: str, best: bool) -> str:
    if isinstance(value, float) and value != value:  # NaN
        return "-"
    text = format(value, fmt)
    return f"[{BEST_STYLE}]{text}[/{BEST_STYLE}]" if best else text


def print_comparison(c: Comparison, *, console: Console) -> None:
    """The comparison as two stacked tables that fit 80 columns, then the corridors that
    do not connect and why."""
    from rich import box
    from rich.table import Table

    unit = c.unit.upper() if c.unit == "teu" else c.unit
    scope = "incl. planned links" if c.options.include_planned else "existing links"
    console.print(
        f"[bold]{c.origin_name} ({c.origin}) -> {c.destination_name} ({c.destination})[/bold]",
        highlight=False,
    )
    _wrap(console, f"{c.context.describe()}; {scope}; per {unit}")
    layouts = (
        (
            "time, money, carbon",
            [
                ("route", "", None),
                ("km", ",.0f", "distance_km"),
                ("mean d", ".1f", "mean_days"),
                ("P50 d", ".1f", "p50_days"),
                ("P90 d", ".1f", "p90_days"),
                ("USD", ",.0f", "cost_usd"),
                ("t CO2e", ".2f", "co2_kg"),
                ("plan", "", "needs_planned"),
            ],
        ),
        (
            "where the money and the stops are (USD)",
            [
                ("route", "", None),
                ("haul", ",.0f", "line_haul_usd"),
                ("border", ",.0f", "border_fees_usd"),
                ("port", ",.0f", "handling_usd"),
                ("gauge", ",.0f", "gauge_change_usd"),
                ("brd", "d", "borders"),
                ("brk", "d", "gauge_breaks"),
                ("trf", "d", "transfers"),
                ("countries", "", "countries"),
            ],
        ),
    )
    for title, cols in layouts:
        table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, padding=(0, 1, 0, 0))
        table.title = title
        for head, _, key in cols:
            table.add_column(
                head,
                justify="left" if key in (None, "countries", "needs_planned") else "right",
                no_wrap=key != "countries",
                overflow="fold",
            )
        for r in c.rows:
            v = r.values()
            cells = [_fit(row_title(r.label), 20)]
            for _, fmt, key in cols[1:]:
                assert key is not None
                val = v[key]
                best = r.label in c.best.get(key, ())
                if key == "co2_kg":
                    val = val / 1000.0
                if key == "needs_planned":
                    cells.append("yes" if val else "")
                elif key == "countries":
                    cells.append(str(val))
                else:
                    cells.append(_cell(val, fmt, best))
            table.add_row(*cells)
        console.print(table)
    _print_notes(c, console)


def _fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _wrap(console: Console, text: str, indent: str = "") -> None:
    import textwrap

    width = max(40, min(console.width, 100))
    lines = textwrap.wrap(text, width=width, initial_indent=indent, subsequent_indent=indent + "  ")
    console.print("\n".join(lines), highlight=False, markup=False)


def _print_notes(c: Comparison, console: Console) -> None:
    _wrap(
        console,
        f"Best per column in bold green. mean/P50/P90: {c.n_samples:,} Monte "
        f"Carlo draws of border, transfer and port dwells and ferry waits (seed "
        f"{c.seed}). brd borders, brk gauge breaks, trf transfers; plan: needs "
        "planned links.",
    )
    corridors = [r for r in c.rows if r.kind == "corridor"]
    if corridors:
        console.print("Corridors:")
    for r in corridors:
        _wrap(console, f"{r.label}: {r.name}", indent="  ")
    if c.unconnected:
        console.print("Not connecting:")
        for u in c.unconnected:
            _wrap(console, f"{u.corridor}: {u.reason}", indent="  ")
