"""The comparison report (``corridor report``): a Comparison -> one self-contained HTML page.

Sections, in order: the map of the compared routes, the comparison table, the
time/cost-distance chart, the transit-time distributions (P50/P90), where time and money
go, the Pareto scatter, the sensitivity chart, and the assumptions and sources. Each part
is built by its own module (:mod:`.map`, :mod:`.charts`, :mod:`.breakdown`) and assembled by
:mod:`.html`; this module only decides what goes where.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from corridor.report._sources import route_sources
from corridor.report.breakdown import breakdown_chart, breakdown_from_route
from corridor.report.html import (
    Document,
    Section,
    facts_html,
    figure_svg,
    inline_svg,
    render_html,
    sources_html,
    table_html,
)
from corridor.report.map import (
    OUTLINES_SOURCE,
    PALETTE,
    MapLine,
    MapPoint,
    lines_from_route,
    route_map_svg,
)

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure

    from corridor.analysis.compare import Comparison, ParetoRoutes
    from corridor.analysis.report_data import ReportData
    from corridor.graph.model import Graph
    from corridor.network.model import Network
    from corridor.results.route import Route

TABLE_COLUMNS = {
    "name": "route",
    "distance_km": "km",
    "mean_days": "mean d",
    "p50_days": "P50 d",
    "p90_days": "P90 d",
    "cost_usd": "USD",
    "line_haul_usd": "line haul",
    "border_fees_usd": "border fees",
    "handling_usd": "handling",
    "gauge_change_usd": "gauge chg",
    "co2_kg": "kg CO2e",
    "borders": "borders",
    "gauge_breaks": "gauge breaks",
    "transfers": "transfers",
    "countries": "countries",
    "needs_planned": "planned links",
}
"""Comparison columns shown, with their headings."""
_DECIMALS = {
    "km": 0,
    "USD": 0,
    "line haul": 0,
    "border fees": 0,
    "handling": 0,
    "gauge chg": 0,
    "kg CO2e": 0,
}


@dataclass(frozen=True, slots=True)
class Extras:
    """Charts computed outside the comparison (Pareto front, sensitivity), if any."""

    pareto: Figure | None = None
    pareto_caption: str = ""
    sensitivity: Figure | None = None
    sensitivity_caption: str = ""
    pareto_table: pd.DataFrame | None = None
    """The Pareto routes by their numbers on the chart (``#``), with their values."""


Progress = Callable[[str], None]


def _names(c: Comparison) -> list[str]:
    return [r.name for r in c.rows]


def _map_section(c: Comparison) -> Section:
    lines: list[MapLine] = []
    points: list[MapPoint] = []
    for i, row in enumerate(c.rows):
        planned = bool(row.values()["needs_planned"])
        line, pts = lines_from_route(row.route, row.name, PALETTE[i % len(PALETTE)], dashed=planned)
        lines.append(line)
        points.extend(pts)
    svg = route_map_svg(
        lines, points, width_px=1100, title=f"{c.origin_name} to {c.destination_name}"
    )
    caption = (
        "Each compared route in its colour (dashed: needs planned links); squares mark "
        f"border crossings, diamonds gauge breaks, triangles ports. {OUTLINES_SOURCE}"
    )
    return Section("map", "Map of the compared routes", inline_svg(svg, prefix="map"), caption)


def _same_as(c: Comparison) -> dict[str, str]:
    """Row label -> the name of the best route it repeats (a corridor whose route is the
    fastest, say), for rows that repeat one."""
    out: dict[str, str] = {}
    best = [r for r in c.rows if r.kind == "best"]
    for r in c.rows:
        if r.kind != "best":
            twin = next((b for b in best if b.route.edge_path == r.route.edge_path), None)
            if twin is not None:
                out[r.label] = twin.name
    return out


def in_words(route: Route) -> str:
    """A route in a few words: the countries passed and its border crossings by name,
    e.g. ``KZ - KG - CN - PK over Irkeshtam and Khunjerab``."""
    names = [
        str(leg.detail).split(" (")[0] for leg in route.legs if leg.kind == "border" and leg.detail
    ]
    over = ""
    if names:
        over = " over " + (
            names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
        )
    return " - ".join(route.countries) + over


def _place_names(text: str, graph: Graph) -> str:
    """``text`` with every place id in it replaced by the place's name."""
    import re

    lab = graph.labels
    return re.sub(
        r"\b[a-z]{2}_[a-z0-9_]+\b",
        lambda m: (
            lab.node_names[lab.node_lookup[m.group(0)]]
            if m.group(0) in lab.node_lookup
            else m.group(0)
        ),
        text,
    )


def _table_section(c: Comparison, graph: Graph) -> Section:
    frame = c.to_frame()
    same = _same_as(c)
    frame["name"] = [
        f"{n} (= {same[label]})" if label in same else n
        for n, label in zip(frame["name"], frame["label"], strict=True)
    ]
    best = {
        (i, TABLE_COLUMNS[col])
        for col, labels in c.best.items()
        if col in TABLE_COLUMNS
        for i, label in enumerate(frame["label"])
        if label in labels
    }
    shown = frame[list(TABLE_COLUMNS)].rename(columns=TABLE_COLUMNS)
    body = table_html(shown, best=best, decimals=_DECIMALS)
    if c.unconnected:
        items = "".join(
            f"<li><b>{_esc(u.name)}</b>: {_esc(_place_names(u.reason, graph))}</li>"
            for u in c.unconnected
        )
        body += f"<p>Corridors that do not connect these places:</p><ul>{items}</ul>"
    per = "TEU" if c.unit == "teu" else c.unit
    caption = (
        f"Money per {per} (USD = line haul + border fees + handling + gauge change; waiting "
        "time not included); days from the Monte Carlo of each route; the best value per "
        "column is highlighted."
    )
    return Section("table", "Comparison", body, caption)


def _esc(text: str) -> str:
    from html import escape

    return escape(text)


def _distribution(data: ReportData) -> Figure:
    from corridor.report.charts import distribution_chart

    c = data.comparison
    return distribution_chart([(row.name, data.quantiles_h[row.label]) for row in c.rows])


def _fallback_pareto(c: Comparison) -> Figure:
    import numpy as np

    from corridor.report.charts import pareto_chart

    vals = [r.values() for r in c.rows]
    costs = np.array([[v["p50_days"], v["cost_usd"], v["co2_kg"]] for v in vals], dtype=float)
    return pareto_chart(costs, ["P50 days", "USD", "kg CO2e"], labels=_names(c))


def _assumptions(c: Comparison, graph: Graph, network: Network | None) -> Section:
    ctx = c.settings
    per = "TEU" if c.unit == "teu" else c.unit
    vot = c.rows[0].route.value_of_time_usd_h if c.rows else graph.value_of_time_usd_h
    facts = [
        ("from / to", f"{c.origin_name} ({c.origin}) to {c.destination_name} ({c.destination})"),
        ("network as of", str(ctx.get("network_as_of") or "not stated")),
        ("date evaluated", str(ctx.get("date") or ctx.get("network_as_of") or "as loaded")),
        ("scenario", str(ctx.get("scenario") or "none (the network as shipped)")),
        ("planned links", "allowed" if ctx.get("include_planned") else "not used"),
        ("unit", f"per {per}"),
        ("value of time", f"{vot:,.2f} USD per {per}-hour"),
        ("carbon price", f"{graph.carbon_price_usd_t:,.2f} USD per tonne CO2e"),
        (
            "transit-time Monte Carlo",
            f"{ctx.get('n_samples', '?')} draws, seed {ctx.get('seed', '?')} (lognormal dwells "
            "fitted to each stop's median and P90; ferry waits from departures per week)",
        ),
        (
            "corridor rule",
            f"a named corridor is compared when routing through its waypoints is at most "
            f"{ctx.get('max_detour', '?')} x the great-circle distance",
        ),
        ("map", OUTLINES_SOURCE),
    ]
    routes = [row.route for row in c.rows]
    if network is not None:
        cited = route_sources(network, routes)
        sources = [f"{text} [{', '.join(_short(els))}]" for text, els in cited]
    else:
        sources = sorted({s for r in routes for s in r.sources})
    body = facts_html(facts) + "<h3>Sources of the routes' elements</h3>"
    body += sources_html(sources) if sources else "<p>No source list was given.</p>"
    return Section("assumptions", "Assumptions and sources", body)


def _short(elements: list[str], most: int = 6) -> list[str]:
    return elements if len(elements) <= most else [*elements[:most], f"+{len(elements) - most}"]


def comparison_figures(
    data: ReportData,
    *,
    progress: Progress | None = None,
) -> dict[str, Figure]:
    """The report's charts, by section id: ``time-cost-distance``, ``reliability``,
    ``breakdown``, ``pareto`` and (when the data has it) ``sensitivity``; drawn from
    :func:`corridor.analysis.report_data.report_data` (nothing is computed here).

    ``progress`` is called with a short text before each step (e.g. a status line).
    """
    from corridor.report.charts import time_cost_distance_chart

    ex = comparison_extras(data)
    say = progress or (lambda _text: None)
    c = data.comparison
    say("time/cost-distance chart")
    named = [(r.name, r.route) for r in c.rows]
    figs = {"time-cost-distance": time_cost_distance_chart(named, unit=c.unit)}
    say("transit-time distributions")
    figs["reliability"] = _distribution(data)
    say("breakdown chart")
    parts = [breakdown_from_route(r.route, r.name) for r in c.rows]
    figs["breakdown"] = breakdown_chart(parts, unit=c.unit)
    figs["pareto"] = ex.pareto if ex.pareto is not None else _fallback_pareto(c)
    if ex.sensitivity is not None:
        figs["sensitivity"] = ex.sensitivity
    return figs


_CAPTIONS = {
    "time-cost-distance": (
        "Time/cost-distance",
        "Cumulative days and money against cumulative km (UNESCAP method); vertical steps at "
        "borders, gauge breaks, transfers and ports; the band spans P50 to P90.",
    ),
    "reliability": (
        "Transit time: P50 and P90",
        "Probability of arriving within a number of days (Monte Carlo); dots at P50 and P90.",
    ),
    "breakdown": (
        "Where time and money go",
        "Median hours by stop kind and money paid by part, per route.",
    ),
}


def comparison_document(
    data: ReportData,
    graph: Graph,
    figures: dict[str, Figure],
    *,
    network: Network | None = None,
    more: Sequence[Section] = (),
) -> Document:
    """The report's page for a comparison and its :func:`comparison_figures`.

    ``network`` (the network evaluated) gives the sources of the routes' links, crossings,
    terminals and parameters; without it the routes' own ``sources`` are listed. ``more``:
    sections rendered elsewhere (the scenario's trade, hubs and appraisal sections of
    :mod:`corridor.report.economics`), placed before the assumptions.
    """
    ex = comparison_extras(data, draw=False)
    c = data.comparison
    sections = [_map_section(c), _table_section(c, graph)]
    for key, (title, caption) in _CAPTIONS.items():
        prefix = "".join(w[0] for w in key.split("-")) + "f"
        sections.append(Section(key, title, figure_svg(figures[key], prefix=prefix), caption))
    sections.append(_pareto_section(figures["pareto"], ex))
    sections.append(_sensitivity_section(figures.get("sensitivity"), ex))
    sections.extend(more)
    sections.append(_assumptions(c, graph, network))
    return Document(
        title=f"{c.origin_name} to {c.destination_name}: corridors compared",
        summary=_summary(c),
        sections=tuple(sections),
        footer="Made by corridor (corridor report); one file, no outside resources.",
        meta=_meta(c),
    )


def _pareto_section(fig: Figure, ex: Extras) -> Section:
    body = figure_svg(fig, prefix="par")
    if ex.pareto_caption:
        caption = ex.pareto_caption
        if ex.pareto_table is not None:
            heads = list(ex.pareto_table.columns)
            body += table_html(ex.pareto_table, decimals={heads[2]: 0, heads[3]: 2})
    else:
        caption = (
            "The compared routes in P50 days and USD (colour: kg CO2e); the full Pareto "
            "front was not computed for this report."
        )
    return Section("pareto", "Pareto: time, money, carbon", body, caption)


def _sensitivity_section(fig: Figure | None, ex: Extras) -> Section:
    if fig is not None:
        body = figure_svg(fig, prefix="sen")
        return Section("sensitivity", "Sensitivity", body, ex.sensitivity_caption)
    return Section("sensitivity", "Sensitivity", "<p>Not computed for this report.</p>")


def _meta(c: Comparison) -> tuple[tuple[str, str], ...]:
    ctx = c.settings
    return (
        ("network as of", str(ctx.get("network_as_of") or "–")),
        ("date", str(ctx.get("date") or ctx.get("network_as_of") or "–")),
        ("scenario", str(ctx.get("scenario") or "none")),
        ("planned links", "allowed" if ctx.get("include_planned") else "not used"),
        ("unit", "TEU" if c.unit == "teu" else c.unit),
    )


def _summary(c: Comparison) -> str:
    if not c.rows:
        return "No route connects these places."
    by_p50 = min(c.rows, key=lambda r: r.values()["p50_days"])
    by_cost = min(c.rows, key=lambda r: r.values()["cost_usd"])
    v50, vc = by_p50.values(), by_cost.values()
    per = "TEU" if c.unit == "teu" else c.unit
    n = sum(1 for r in c.rows if r.kind == "corridor")
    return (
        f"{len(c.rows)} routes compared ({n} named corridors). Quickest: "
        f"{in_words(by_p50.route)}, P50 {v50['p50_days']:.1f} days (P90 "
        f"{v50['p90_days']:.1f}). Cheapest: {in_words(by_cost.route)}, "
        f"{vc['cost_usd']:,.0f} USD per {per}."
    )


def write_html(text: str, path: str | Path) -> Path:
    """Write the page atomically (a temporary sibling renamed when complete)."""
    from corridor.report.outputs import atomic_file

    target = Path(path)
    with atomic_file(target) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return target


def comparison_extras(data: ReportData, *, draw: bool = True) -> Extras:
    """The Pareto front (time, cost, CO2e) and the sensitivity of the best route by
    generalised cost as the report's two extra charts with their captions, drawn from
    ``data`` (empty when the data has neither; ``draw=False``: the captions only)."""
    from corridor.report.charts import pareto_chart, tornado_chart

    c = data.comparison
    per = "TEU" if c.unit == "teu" else c.unit
    pareto, pareto_caption = None, ""
    front = data.pareto
    table = None
    if front is not None:
        costs = front.costs * [1 / 24.0, 1.0, 1 / 1000.0]
        heads = ["days (median legs)", f"USD per {per}", "t CO2e"]
        numbers = [str(i + 1) for i in range(len(front.routes))]
        pareto = pareto_chart(costs, heads, labels=numbers) if draw else None
        table = pareto_table(front, heads)
        capped = " A label cap was hit: the front may be incomplete." if front.capped else ""
        pareto_caption = (
            f"{len(front.routes)} non-dominated routes over time, money and CO2e (exact "
            f"multi-criteria label setting, {front.n_labels:,} labels), numbered by time; "
            f"the table gives each number's route and values.{capped}"
        )
    sens = data.sensitivity
    if sens is None:
        return Extras(pareto, pareto_caption, pareto_table=table)
    xlabel = f"best generalised cost (USD per {per})"
    tornado = (
        tornado_chart(sens.tornado(), base=sens.base_objective, xlabel=xlabel) if draw else None
    )
    switches = "; ".join(
        f"{factor} at {value:,.3g}: {a} -> {b}" for factor, value, a, b in data.switches
    )
    sens_caption = (
        f"Best route by generalised cost ({sens.base_label}, {sens.base_objective:,.0f} USD "
        f"per {per}) as each factor moves over its range, the others at base. Switching "
        f"values: {switches or 'none (the best route stays the best over every range)'}."
    )
    return Extras(pareto, pareto_caption, tornado, sens_caption, table)


def pareto_table(front: ParetoRoutes, heads: Sequence[str]) -> pd.DataFrame:
    """The Pareto routes as the chart numbers them: ``#``, the chart's three values (days
    of median legs, money, tonnes CO2e), the simulated P50 days and the route in words."""
    import pandas as pd

    costs = front.costs * [1 / 24.0, 1.0, 1 / 1000.0]
    return pd.DataFrame(
        {
            "#": [str(i + 1) for i in range(len(front.routes))],
            heads[0]: costs[:, 0],
            heads[1]: costs[:, 1],
            heads[2]: costs[:, 2],
            "P50 d": [
                (r.totals.p50_h / 24.0) if r.totals.p50_h is not None else None
                for r in front.routes
            ],
            "route": [in_words(r) for r in front.routes],
        }
    )


def render_page(
    data: ReportData,
    graph: Graph,
    figures: dict[str, Figure],
    *,
    network: Network | None = None,
    more: Sequence[Section] = (),
) -> str:
    """The complete HTML page (see :func:`comparison_document`)."""
    return render_html(comparison_document(data, graph, figures, network=network, more=more))


def comparison_report(
    data: ReportData,
    graph: Graph,
    *,
    network: Network | None = None,
    progress: Progress | None = None,
) -> str:
    """The complete HTML page of a report's data: :func:`comparison_figures`, then the page."""
    figures = comparison_figures(data, progress=progress)
    if progress is not None:
        progress("drawing the map and the page")
    return render_page(data, graph, figures, network=network)


__all__: Sequence[str] = (
    "Extras",
    "comparison_document",
    "comparison_extras",
    "comparison_figures",
    "comparison_report",
    "render_page",
    "write_html",
)
