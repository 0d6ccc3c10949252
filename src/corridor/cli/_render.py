"""Human-readable rendering of results (rich tables); no arithmetic beyond formatting."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table

from corridor.results.route import Route
from corridor.vocab import LegKind

if TYPE_CHECKING:
    from corridor.analysis.flows import FreightFlows


def wide_console() -> Console:
    """A console; when output is not a terminal, wide enough that tables do not wrap."""
    console = Console()
    return console if console.is_terminal else Console(width=160)


def print_route(r: Route, *, of: int = 0, console: Console | None = None) -> None:
    """Print a route's legs and totals as a table."""
    console = console or wide_console()
    unit = r.unit.upper() if r.unit == "teu" else r.unit
    c = r.constraints
    scope = "incl. planned links" if c.get("include_planned") else "existing links"
    extra = []
    if c.get("modes"):
        extra.append("modes " + ",".join(c["modes"]))
    avoided = [
        *c.get("avoid_countries", []),
        *c.get("avoid_places", []),
        *c.get("avoid_crossings", []),
        *c.get("avoid_links", []),
    ]
    if avoided:
        extra.append("avoiding " + ",".join(avoided))
    head = f"Route {r.rank} of {of}: " if of else ""
    console.print(
        f"[bold]{head}{r.origin_name} ({r.origin}) -> {r.destination_name} ({r.destination})[/bold]"
        f"  by {r.objective}, {scope}{'; ' + '; '.join(extra) if extra else ''}; per {unit}"
    )
    table = Table(show_lines=False)
    for col in ("#", "what", "from -> to", "mode", "ctry"):
        table.add_column(col, justify="right" if col == "#" else "left")
    for col in ("km", "hours", "USD", "kg CO2e"):
        table.add_column(col, justify="right")
    for i, leg in enumerate(r.legs, 1):
        mode = (leg.mode or "") + (f" {leg.gauge_mm}" if leg.gauge_mm else "")
        if leg.kind == LegKind.MOVE:
            what = "move" + (" (planned)" if set(leg.statuses) - {"existing"} else "")
            where = (
                " -> ".join(leg.places)
                if len(leg.places) <= 4
                else f"{leg.places[0]} -> ... -> {leg.places[-1]} ({len(leg.places)} places)"
            )
            if i < len(r.legs) and r.legs[i].kind == LegKind.BORDER:
                where += " -> frontier"
            if i > 1 and r.legs[i - 2].kind == LegKind.BORDER:
                where = "frontier -> " + where
        elif leg.kind == LegKind.BORDER:
            what, where = "border", f"{leg.crossing} [{leg.detail}]"
        else:
            what = "gauge change" if leg.kind == LegKind.GAUGE_CHANGE else str(leg.kind)
            where = f"{leg.from_place} [{leg.detail}]"
        table.add_row(
            str(i),
            what,
            where,
            mode,
            leg.country,
            f"{leg.distance_km:,.0f}" if leg.distance_km else "",
            f"{leg.time_h:,.1f}",
            f"{leg.cost_usd:,.0f}",
            f"{leg.co2_kg:,.0f}" if leg.co2_kg else "",
        )
    t = r.totals
    table.add_row(
        "",
        "[bold]total[/bold]",
        f"{t.borders} borders, {t.transfers} transfers, {t.gauge_breaks} gauge breaks",
        "",
        "",
        f"[bold]{t.distance_km:,.0f}[/bold]",
        f"[bold]{t.time_h:,.1f}[/bold]",
        f"[bold]{t.cost_usd:,.0f}[/bold]",
        f"[bold]{t.co2_kg:,.0f}[/bold]",
    )
    console.print(table)
    console.print(
        f"  {t.time_h / 24:.1f} days ({t.border_time_h:,.0f} h at borders, "
        f"{t.transfer_time_h:,.0f} h changing gauge/mode or in ports), "
        f"USD {t.cost_usd:,.0f} and {t.co2_kg / 1000:,.2f} t CO2e per {unit}; "
        f"countries {' -> '.join(r.countries)}"
        + (
            "; gauge breaks at "
            + ", ".join(
                f"{g['place']} ({g['from_gauge_mm']}->{g['to_gauge_mm']})" for g in r.gauge_breaks
            )
            if r.gauge_breaks
            else ""
        )
    )
    console.print()


def print_flows(
    result: FreightFlows, *, scenario: str | None, top: int, written: list[str]
) -> None:
    """Print a flow result: totals, bottlenecks, corridor volumes."""
    console = wide_console()
    s = result.summary
    console.print(
        f"[bold]Freight flows[/bold] on {result.network}"
        + (f" (scenario {scenario})" if scenario else "")
        + f"; by {result.by}; {result.algorithm} gap {s['gap']:.2e} after {s['iterations']} iterations"
    )
    console.print(
        f"  demand {s['demand_teu_year']:,.0f} TEU/yr in {s['od_pairs']} OD pairs; assigned "
        f"{s['assigned_teu_year']:,.0f}; unassigned {s['unassigned_teu_year']:,.0f} ({s['unassigned_pairs']} pairs); "
        f"{s['eq_teu_km_year'] / 1e9:,.2f} bn TEU-km; congestion delay {s['congestion_delay_teu_h_year']:,.0f} TEU-h/yr; "
        f"{s['over_capacity_elements']} element(s) over capacity"
    )
    table = Table(title=f"Top {top} bottlenecks (equilibrium)", title_justify="left")
    for col in ("kind", "id", "place", "TEU/yr", "cap TEU/day", "utilisation", "queue h"):
        table.add_column(
            col,
            justify="right"
            if col in ("TEU/yr", "cap TEU/day", "utilisation", "queue h")
            else "left",
        )
    for row in result.bottlenecks.head(top).itertuples():
        table.add_row(
            str(row.kind),
            str(row.id),
            str(row.place),
            f"{row.eq_teu_year:,.0f}",
            f"{row.capacity_teu_day:,.0f}",
            f"{row.utilisation:.0%}",
            f"{row.delay_h:.1f}",
        )
    console.print(table)
    table = Table(
        title="Volumes per named corridor (km-weighted mean over its links, both directions)",
        title_justify="left",
    )
    for col in ("corridor", "km", "built", "eq TEU/yr", "min link", "AON TEU/yr", "max util."):
        table.add_column(col, justify="left" if col == "corridor" else "right")
    for c in result.corridors.to_dict(orient="records"):
        if not c["km"] == c["km"]:  # NaN: not routable
            table.add_row(str(c["id"]), "-", "-", "not routable", "", "", "")
            continue
        table.add_row(
            str(c["id"]),
            f"{float(c['km']):,.0f}",
            f"{float(c['share_built']):.0%}",
            f"{float(c['eq_teu_year_mean']):,.0f}",
            f"{float(c['eq_teu_year_min']):,.0f}",
            f"{float(c['aon_teu_year_mean']):,.0f}",
            f"{float(c['max_utilisation']):.0%}",
        )
    console.print(table)
    for path in written:
        console.print(f"  wrote {path}")
