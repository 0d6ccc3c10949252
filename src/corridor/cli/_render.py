"""Human-readable rendering of results (rich tables); no arithmetic beyond formatting."""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from rich import box
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from corridor.results.route import Leg, Route
from corridor.vocab import LegKind

if TYPE_CHECKING:
    import pandas as pd

    from corridor.analysis.elastic import ElasticFlows
    from corridor.analysis.flows import FreightFlows
    from corridor.analysis.joint import JointFlows
    from corridor.analysis.joint_elastic import JointElasticFlows


NARROW = 100
"""Consoles this wide or narrower get the narrow route table (fewer columns)."""


def wide_console() -> Console:
    """A console as wide as the terminal (or ``$COLUMNS``); when output is not a terminal
    and no width is set, wide enough that tables do not wrap."""
    console = Console()
    if console.is_terminal or os.environ.get("COLUMNS", "").strip().isdigit():
        return console
    return Console(width=160)


def plural(n: int, word: str, many: str | None = None) -> str:
    """``1 transfer``, ``2 transfers``, ``0 gauge breaks``."""
    return f"{n} {word if n == 1 else (many or word + 's')}"


def duration(hours: float) -> str:
    """A trip's length: hours below two days, else days (with hours)."""
    if hours < 48:
        return f"{hours:,.1f} hours"
    return f"{hours / 24:,.1f} days ({hours:,.0f} h)"


def short_name(name: str) -> str:
    """A place name without its parenthesised description."""
    return name.split(" (")[0].strip() or name


def _is_gauge_change(leg: Leg) -> bool:
    return leg.kind == LegKind.GAUGE_CHANGE


def _what(leg: Leg) -> str:
    if leg.kind == LegKind.MOVE:
        mode = (leg.mode or "") + (f" {leg.gauge_mm}" if leg.gauge_mm else "")
        return mode + (" (planned)" if set(leg.statuses) - {"existing"} else "")
    if leg.kind == LegKind.BORDER:
        return "border"
    if leg.kind == LegKind.HANDLING:
        return "port handling"
    if leg.kind == LegKind.TRANSFER and (leg.detail or "").endswith(" truck"):
        return "transload"
    return "gauge change" if _is_gauge_change(leg) else "transfer"


def _border_countries(legs: tuple[Leg, ...], i: int) -> str:
    """``KZ→UZ`` for the border leg ``legs[i]``: the countries of the moves around it."""
    before = next((g.country for g in reversed(legs[:i]) if g.kind == LegKind.MOVE), None)
    after = next((g.country for g in legs[i + 1 :] if g.kind == LegKind.MOVE), None)
    if before and after and before != after:
        return f"{before}→{after}"
    return legs[i].country


def _places(names: list[str], budget: int) -> str:
    """``A → B → C``, or ``A → B → … → Z (n places)`` when the whole list is over budget."""
    text = " → ".join(names)
    if len(text) <= budget or len(names) <= 3:
        return text
    return f"{names[0]} → {names[1]} → … → {names[-1]} ({len(names)} places)"


def _where(
    r: Route, i: int, label: Callable[[str], str], budget: int, *, frontier: bool, ids: bool
) -> str:
    leg = r.legs[i]
    if leg.kind == LegKind.MOVE:
        names = [label(p) for p in leg.places]
        text = _places(names, budget)
        if frontier and i + 1 < len(r.legs) and r.legs[i + 1].kind == LegKind.BORDER:
            text += " → frontier"
        if frontier and i > 0 and r.legs[i - 1].kind == LegKind.BORDER:
            text = "frontier → " + text
        return text
    if leg.kind == LegKind.BORDER:
        return (leg.crossing or leg.from_place) if ids else label(leg.from_place)
    if _is_gauge_change(leg):
        detail = (leg.detail or "").replace("rail:", "").replace("->", "→") + " mm"
    else:
        detail = (leg.detail or "").replace("->", "→").replace("rail:", "rail ")
    return f"{label(leg.from_place)} ({detail})"


def _header(r: Route, of: int, label: Callable[[str], str], ids: bool) -> list[str]:
    unit = r.unit.upper() if r.unit in ("teu", "feu") else r.unit
    c = r.constraints
    head = f"Route {r.rank} of {of}: " if of else ""
    title = f"{label(r.origin)} → {label(r.destination)}"
    if not ids:
        title = f"{short_name(r.origin_name)} → {short_name(r.destination_name)}"
    scope = ["planned links allowed" if c.get("include_planned") else "existing links only"]
    if c.get("modes"):
        scope.append("modes " + ",".join(c["modes"]))
    avoided = [
        *c.get("avoid_countries", []),
        *c.get("avoid_places", []),
        *c.get("avoid_crossings", []),
        *c.get("avoid_links", []),
    ]
    if avoided:
        scope.append("avoiding " + ",".join(avoided))
    scope.append(
        f"network as of {r.network_as_of}" if r.network_as_of else "network date not given"
    )
    if r.date and r.date != r.network_as_of:
        scope.append(f"date {r.date}")
    scope.append(f"scenario {r.scenario}" if r.scenario else "no scenario")
    return [
        f"[bold]{head}{title}[/bold], by {r.objective}, per {unit}",
        "  " + "; ".join(scope),
    ]


def _short(text: str, width: int = 110) -> str:
    """``text`` cut at a word boundary, the cut marked by a standalone ellipsis."""
    if len(text) <= width:
        return text
    return text[:width].rsplit(" ", 1)[0] + " …"


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_EFFECT = {"route changed": "the route goes another way", "on route": "on the route"}


def _months(text: str) -> str:
    """``11|12|1|2|3`` -> ``Nov-Mar`` (a run of months), else the months listed."""
    nums = [int(m) for m in text.split("|") if m.strip().isdigit() and 1 <= int(m) <= 12]
    if not nums:
        return text
    run = all((b - a) % 12 == 1 for a, b in itertools.pairwise(nums))
    if run and len(nums) > 2:
        return f"{_MONTHS[nums[0] - 1]}-{_MONTHS[nums[-1] - 1]}"
    return ", ".join(_MONTHS[m - 1] for m in nums)


def rule_words(rule: str) -> str:
    """A calendar rule (:func:`corridor.network.calendar.describe_rule`) in words with a
    short source: ``closed 2025-10-12.. (tribune.com.pk 2572427 ...)`` -> ``closed since
    2025-10-12 (tribune.com.pk)``.

    >>> rule_words("restricted months 11|12|1|2|3 road only +12 h (pajhwok.com 2012)")
    'restricted in Nov-Mar, road only, +12 h (pajhwok.com)'
    """
    first = rule.split("; ")[0]
    head, _, source = first.partition(" (")
    short = source.split()[0].rstrip(");,") if source.strip() else ""
    words: list[str] = []
    parts = head.split()
    i = 0
    while i < len(parts):
        p = parts[i]
        if ".." in p:
            a, b = p.split("..", 1)
            words.append(f"from {a} to {b}" if a and b else (f"since {a}" if a else f"until {b}"))
        elif p == "months" and i + 1 < len(parts):
            words.append(f"in {_months(parts[i + 1])}")
            i += 1
        elif i + 1 < len(parts) and parts[i + 1] in ("only", "h"):
            words.append(f"{p} {parts[i + 1]}")
            i += 1
        else:
            words.append(p)
        i += 1
    text = words[0] + (" " + ", ".join(words[1:]) if len(words) > 1 else "")
    text = text.replace(", from", " from").replace(", since", " since").replace(", until", " until")
    text = text.replace(", in ", " in ", 1)
    return text + (f" ({short})" if short else "")


def date_change_lines(r: Route, name_of: Callable[[str, str], str] | None = None) -> list[str]:
    """The calendar rules of the route's date that touch it, in words: what (by name, via
    ``name_of(element, id)``), the rule with its date and a short source, and the effect
    (another way, or on the route). Rules near the route that it does not use stay in
    the JSON (``date_changes``), not in the header."""
    name = name_of or (lambda _element, eid: eid)
    return [
        f"on {c['date']}: {name(str(c['element']), str(c['id']))} {rule_words(str(c['rule']))}"
        f" - {_EFFECT.get(str(c['effect']), str(c['effect']))}"
        for c in r.date_changes
        if c["effect"] != "nearby"
    ]


def print_route(
    r: Route,
    *,
    of: int = 0,
    console: Console | None = None,
    names: Mapping[str, str] | None = None,
    ids: bool = False,
    element_names: Callable[[str, str], str] | None = None,
) -> None:
    """Print a route's legs and totals as a table.

    Places show by name (``names``: place id -> name) unless ``ids``; a console of
    :data:`NARROW` columns or fewer gets the narrow layout (no CO2 column, lighter box).
    """
    console = console or wide_console()
    narrow = console.width <= NARROW
    names = names or {}

    def label(place: str) -> str:
        return place if ids else short_name(names.get(place, place))

    for line in _header(r, of, label, ids):
        console.print(line, highlight=False)
    for line in date_change_lines(r, element_names):
        console.print("  " + escape(line), highlight=False)
    budget = 3 * max(console.width - 50, 24)
    cols = ["#", "what", "places", "ctry", "km", "hours", "USD"] + ([] if narrow else ["kg CO2e"])
    rows: list[list[str]] = []
    for i, leg in enumerate(r.legs):
        where = _where(r, i, label, budget, frontier=True, ids=ids)
        rows.append(
            [
                str(i + 1),
                _what(leg),
                where,
                _border_countries(r.legs, i) if leg.kind == LegKind.BORDER else leg.country,
                f"{leg.distance_km:,.0f}" if leg.distance_km else "",
                f"{leg.time_h:,.1f}",
                f"{leg.cost_usd:,.0f}",
                f"{leg.co2_kg:,.0f}" if leg.co2_kg else "",
            ][: len(cols)]
        )
    t = r.totals
    summary = ", ".join(
        [
            plural(t.borders, "border"),
            plural(t.transfers, "transfer"),
            plural(t.gauge_breaks, "gauge break"),
        ]
    )
    rows.append(
        [
            "",
            "total",
            summary,
            "",
            f"{t.distance_km:,.0f}",
            f"{t.time_h:,.1f}",
            f"{t.cost_usd:,.0f}",
            f"{t.co2_kg:,.0f}",
        ][: len(cols)]
    )
    console.print(_table(cols, rows, narrow))
    for line in _totals_lines(r, label):
        console.print(line, highlight=False)
    console.print()


def _table(cols: list[str], rows: list[list[str]], narrow: bool) -> Table:
    table = Table(
        box=box.SIMPLE_HEAD if narrow else box.HEAVY_HEAD,
        show_edge=not narrow,
        pad_edge=not narrow,
        padding=(0, 1),
    )
    for k, col in enumerate(cols):
        longest_word = max((len(w) for row in rows for w in row[k].split()), default=1)
        table.add_column(
            col,
            justify="right" if col in ("#", "km", "hours", "USD", "kg CO2e") else "left",
            min_width=min(longest_word, 24),
            overflow="fold",
            no_wrap=col in ("#", "ctry", "km", "hours", "USD", "kg CO2e"),
        )
    for row in rows[:-1]:
        table.add_row(*row)
    table.add_row(*[f"[bold]{c}[/bold]" if c else "" for c in rows[-1]])
    return table


def _totals_lines(r: Route, label: Callable[[str], str]) -> list[str]:
    t = r.totals
    unit = r.unit.upper() if r.unit in ("teu", "feu") else r.unit
    lines = [
        f"  {duration(t.time_h)}: {t.border_time_h:,.0f} h at borders, "
        f"{t.transfer_time_h:,.0f} h changing gauge or mode or in ports",
        f"  USD {t.cost_usd:,.0f} and {t.co2_kg / 1000:,.2f} t CO2e per {unit}; "
        f"countries {' → '.join(r.countries)}",
    ]
    lines += _breakdown_lines(r)
    if t.p50_h is not None and t.p90_h is not None and t.mean_h is not None:
        lines.insert(
            1,
            f"  Monte Carlo: mean {t.mean_h / 24:,.1f} d, P50 {t.p50_h / 24:,.1f} d, "
            f"P90 {t.p90_h / 24:,.1f} d (dwells and ferry waits drawn)",
        )
    if r.gauge_breaks:
        lines.append(
            "  gauge breaks at "
            + ", ".join(
                f"{label(str(g['place']))} ({g['from_gauge_mm']}→{g['to_gauge_mm']})"
                for g in r.gauge_breaks
            )
        )
    return lines


def _breakdown_lines(r: Route, width: int = 78) -> list[str]:
    """Where the money goes: line haul, borders, handling, gauge change; and the waiting
    (value of time x stop hours), on one line or two when one would pass ``width``."""
    b = r.cost_breakdown
    money = (
        f"  USD line haul {b['line_haul_usd']:,.0f}, borders {b['border_fees_usd']:,.0f}, "
        f"handling {b['handling_usd']:,.0f}, gauge change {b['gauge_change_usd']:,.0f}"
    )
    waiting = f"waiting {b['waiting_usd']:,.0f} (value of time)"
    if len(money) + len(waiting) + 2 <= width:
        return [f"{money}; {waiting}"]
    return [money + ";", f"      {waiting}"]


def print_flows(result: FreightFlows, *, top: int, written: list[str]) -> None:
    """Print a flow result: totals, bottlenecks, corridor volumes."""
    console = wide_console()
    s = result.summary
    console.print(
        f"[bold]Freight flows[/bold] on {result.network}"
        + ("" if result.context.scenario else " (no scenario)")
        + f", {result.context.describe()}"
        + ("; planned links allowed" if result.include_planned else "; existing links only")
        + f"; by {result.by}; {result.algorithm} gap {s['gap']:.2e} after "
        + plural(int(s["iterations"]), "iteration")
    )
    console.print(
        f"  demand {s['demand_teu_year']:,.0f} TEU/yr in {plural(int(s['od_pairs']), 'OD pair')}; assigned "
        f"{s['assigned_teu_year']:,.0f}; unassigned {s['unassigned_teu_year']:,.0f} ({plural(int(s['unassigned_pairs']), 'pair')}); "
        f"{s['eq_teu_km_year'] / 1e9:,.2f} bn TEU-km; congestion delay {s['congestion_delay_teu_h_year']:,.0f} TEU-h/yr; "
        f"{plural(int(s['over_capacity_elements']), 'element')} over capacity"
    )
    if s.get("mode_choice"):
        legs = sum(float(s[f"{c}_chain_teu_year"]) for c in ("rail", "intermodal", "road"))
        console.print(
            f"  mode choice (logit, theta {float(s['mode_choice_theta']):.3g}): of "
            f"{legs:,.0f} TEU/yr of OD legs, rail-based chains "
            f"{float(s['rail_chain_teu_year']) / legs:.0%}, intermodal "
            f"{float(s['intermodal_chain_teu_year']) / legs:.0%}, road "
            f"{float(s['road_chain_teu_year']) / legs:.0%}"
        )
    from corridor.cli._tables import Col, fit_table

    heads = ["TEU/yr", "cap TEU/day", "util.", "queue h", "kind", "place"]
    rows = [
        [
            f"{row.eq_teu_year:,.0f}",
            f"{row.capacity_teu_day:,.0f}",
            f"{row.utilisation:.0%}",
            f"{row.delay_h:.1f}",
            str(row.kind).replace("_", " "),
            str(row.name),
        ]
        for row in result.bottlenecks.head(top).itertuples()
    ]
    cols = [Col(h, number=k < 4) for k, h in enumerate(heads)]
    title = f"Top {top} bottlenecks (equilibrium)"
    console.print(fit_table(cols, rows, console.width, title=title))
    heads = ["km", "built", "eq TEU/yr", "min link", "AON TEU/yr", "max util.", "corridor"]
    rows = []
    for c in result.corridors.to_dict(orient="records"):
        if not c["km"] == c["km"]:  # NaN: not routable
            rows.append(["-", "-", "-", "-", "-", "-", f"{c['id']} (not routable)"])
            continue
        rows.append(
            [
                f"{float(c['km']):,.0f}",
                f"{float(c['share_built']):.0%}",
                f"{float(c['eq_teu_year_mean']):,.0f}",
                f"{float(c['eq_teu_year_min']):,.0f}",
                f"{float(c['aon_teu_year_mean']):,.0f}",
                f"{float(c['max_utilisation']):.0%}",
                str(c["id"]),
            ]
        )
    cols = [Col(h, number=h != "corridor") for h in heads]
    title = "Volumes per named corridor (km-weighted mean over its links, both directions)"
    console.print(fit_table(cols, rows, console.width, title=title))
    for path in written:
        console.print(f"  wrote {path}")


def print_joint_segments(result: JointFlows) -> None:
    """Per segment of a joint run: its capacity factor, volume and chains."""
    from corridor.cli._tables import Col, fit_table

    console = wide_console()
    console.print(
        "  segments in one equilibrium, sharing capacity; volumes above in TEU of "
        "capacity (a wagon of any kind = 2 TEU)"
    )
    heads = ["cap TEU/unit", "units/yr", "rail", "intermodal", "road", "segment"]
    rows = []
    for name, f in result.segments.items():
        s = f.summary
        legs = sum(float(s.get(f"{c}_chain_teu_year", 0.0)) for c in ("rail", "intermodal", "road"))
        shares = [
            f"{float(s[f'{c}_chain_teu_year']) / legs:.0%}"
            if s.get("mode_choice") and legs
            else "-"
            for c in ("rail", "intermodal", "road")
        ]
        rows.append(
            [f"{result.factors[name]:.3g}", f"{float(s['assigned_teu_year']):,.0f}", *shares, name]
        )
    cols = [Col(h, number=h != "segment") for h in heads]
    title = "Segments (own units: TEU, or TEU-equivalents of bulk)"
    console.print(fit_table(cols, rows, console.width, title=title))


def print_elastic(result: ElasticFlows) -> None:
    """Print the elastic-demand block: totals, new assets (diverted / induced), corridor shares."""

    console = wide_console()
    s = result.summary
    console.print(
        f"[bold]Elastic demand[/bold] (elasticity {result.elasticity:g}, reference: {s['reference']}): "
        f"fixed {s['fixed_demand_teu_year']:,.0f} TEU/yr, elastic {s['elastic_demand_teu_year']:,.0f} "
        f"(induced {s['induced_teu_year']:+,.0f}); {_evans(s)}"
    )
    title = "New links: diverted (= fixed demand) and induced (elastic - fixed)"
    _print_new_links(console, result.new_assets, title, tonnes=False)
    _print_shares(console, result.corridors, tonnes=False)


def _print_new_links(console: Console, assets: pd.DataFrame, title: str, *, tonnes: bool) -> None:
    """Each new link by name: its length, diverted and induced volume (TEU, or tonnes),
    and its elastic volume in the other unit (tonnes, or TEU of capacity)."""
    from corridor.cli._tables import Col, fit_table

    if not len(assets):
        return
    unit, other = ("tonnes", "teu") if tonnes else ("teu", "tonnes")
    label = {"teu": "TEU/yr", "tonnes": "t/yr"}
    heads = ["km", f"diverted {label[unit]}", f"induced {label[unit]}"]
    heads += [f"elastic {'cap. ' if tonnes else ''}{label[other]}", "new link"]
    rows = [
        [
            f"{float(r['length_km']):,.0f}",
            f"{float(r[f'diverted_{unit}_year']):,.0f}",
            f"{float(r[f'induced_{unit}_year']):+,.0f}",
            f"{float(r[f'elastic_{other}_year']):,.0f}",
            str(r["name"]),
        ]
        for r in assets.to_dict(orient="records")
    ]
    cols = [Col(h, number=h != "new link") for h in heads]
    console.print(fit_table(cols, rows, console.width, title=title))


def _evans(s: Mapping[str, Any]) -> str:
    """Evans' stopping figures of an elastic run's summary, as text."""
    return (
        f"Evans gap {float(s['gap']):.1e} (target {float(s['gap_target']):.0e}) after "
        f"{plural(int(s['iterations']), 'iteration')}, {float(s['seconds']):.1f} s"
    )


def _print_shares(console: Console, corridors: pd.DataFrame, *, tonnes: bool) -> None:
    """Each carrying corridor's share of TEU-km (and of tonne-km), fixed and elastic."""
    from corridor.cli._tables import Col, fit_table

    tags = [("", "TEU-km")] + ([("tonne_", "t-km")] if tonnes else [])
    heads = [f"{u} {w}" for _, u in tags for w in ("fixed", "elastic")] + ["corridor"]
    rows = [
        [f"{float(c[f'{w}_{t}share']):.1%}" for t, _ in tags for w in ("fixed", "elastic")]
        + [str(c["name"])]
        for c in corridors.to_dict(orient="records")
        if float(c["fixed_share"]) > 0 or float(c["elastic_share"]) > 0
    ]
    if not rows:
        return
    cols = [Col(h, number=h != "corridor") for h in heads]
    title = "Corridor shares (fixed -> elastic)" + (
        "; TEU-km of capacity and tonne-km" if tonnes else " of TEU-km"
    )
    console.print(fit_table(cols, rows, console.width, title=title))


def print_joint_elastic(result: JointElasticFlows) -> None:
    """Print a joint elastic run: totals in tonnes and TEU of capacity, the new links
    (all segments, then each segment's km-weighted mean: diverted and induced), the
    corridor shares."""
    from corridor.cli._tables import Col, fit_table

    console = wide_console()
    s = result.summary
    console.print(
        f"[bold]Elastic demand, all segments sharing capacity[/bold] (elasticity "
        f"{result.elasticity:g}, reference: {s['reference']}): fixed "
        f"{s['fixed_demand_tonnes_year'] / 1e6:,.2f} Mt/yr, elastic "
        f"{s['elastic_demand_tonnes_year'] / 1e6:,.2f} Mt (induced "
        f"{s['induced_tonnes_year'] / 1e6:+,.3f} Mt; {s['induced_teu_year']:+,.0f} TEU of "
        f"capacity); {_evans(s)}"
    )
    title = "New links, all segments: diverted (= fixed demand) and induced"
    _print_new_links(console, result.new_assets, title, tonnes=True)
    if len(result.new_assets):
        heads = ["diverted TEU/yr", "induced TEU/yr", "diverted t/yr", "induced t/yr", "segment"]
        rows = [
            [
                f"{r.diverted_teu_year:,.0f}",
                f"{r.induced_teu_year:+,.0f}",
                f"{r.diverted_tonnes_year:,.0f}",
                f"{r.induced_tonnes_year:+,.0f}",
                str(r.segment) + (" (cap. TEU)" if r.segment == "all" else ""),
            ]
            for r in result.new_lines.itertuples()
        ]
        title = (
            "New links per segment: km-weighted mean (TEU: containers, bulk TEU-equivalents, "
            "all in TEU of capacity)"
        )
        cols = [Col(h, number=h != "segment") for h in heads]
        console.print(fit_table(cols, rows, console.width, title=title))
    _print_shares(console, result.corridors, tonnes=True)
