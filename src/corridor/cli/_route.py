"""``corridor route`` and ``corridor places``."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from corridor.cli._app import app
from corridor.cli._context import DateOpt, NoCacheOpt
from corridor.cli._segment import SegmentOpt, segment_options, segment_value_of_time
from corridor.vocab import Objective

if TYPE_CHECKING:
    from corridor.day import Day
    from corridor.graph.model import Graph
    from corridor.network.model import Network
    from corridor.network.places import PlaceMatch
    from corridor.paths import RouteOptions
    from corridor.results.route import Route


By = StrEnum("By", {**{o.name: o.value for o in Objective}, "P90": "p90"})  # type: ignore[misc]
"""``--by``: the objectives of corridor.vocab plus ``p90`` (robust routes, docs/compare.md)."""


class UnitOpt(StrEnum):
    teu = "teu"
    feu = "feu"
    truck = "truck"
    tonne = "tonne"


NetworkOpt = Annotated[
    Path | None,
    typer.Option(
        "--network", "-n", help="Network folder; default: the shipped network of the region."
    ),
]


ScenarioOpt = Annotated[
    str | None,
    typer.Option(
        "--scenario",
        "-s",
        help="A scenario: a shipped name (see 'corridor scenarios') or a .yaml file.",
    ),
]


_ModesOpt = Annotated[
    str | None,
    typer.Option("--modes", help="Only these modes, comma-separated: rail,road,sea,ferry."),
]
_AvoidOpt = Annotated[
    str | None,
    typer.Option(
        "--avoid",
        help="Countries (ISO2), crossings, links or places to avoid, comma-separated.",
    ),
]
_PlannedOpt = Annotated[
    bool,
    typer.Option("--include-planned", help="Also use planned and under-construction links."),
]
CarrierOpt = Annotated[
    str,
    typer.Option(
        "--carrier",
        help="Whose trucks drive (transit rights, rights.csv): 'origin' (the origin's "
        "country; other trucks only after a transload), a country code (UZ), or 'any' "
        "(no rights: the unconstrained answer).",
    ),
]
ServiceOpt = Annotated[
    str,
    typer.Option(
        "--service",
        help="Rail service: 'block' (container block trains, their own border times) or "
        "'wagonload' (per-wagon border times, CAREC CPMM).",
    ),
]
_AlternativesOpt = Annotated[
    int,
    typer.Option(
        "--alternatives", "-k", min=1, max=20, help="Number of genuinely different routes."
    ),
]
_RevisitsOpt = Annotated[
    bool,
    typer.Option(
        "--allow-revisits",
        help="Let alternatives re-enter a country they left (e.g. Iran -> India by sea -> "
        "Iran) more often than the best route does.",
    ),
]
_StretchOpt = Annotated[
    float | None,
    typer.Option(
        "--max-stretch",
        min=1.0,
        help="Drop alternatives costing more than this multiple of the best.",
    ),
]
_UnitOption = Annotated[
    UnitOpt,
    typer.Option(
        "--unit",
        help="Count money and CO2 per TEU, FEU (2 TEU), truck (2 TEU) or tonne of cargo.",
    ),
]
_SourcesOpt = Annotated[
    bool,
    typer.Option(
        "--sources",
        help="Also print the share of km, hours and cost resting on estimates, and the "
        "sources the answer rests on (the JSON always carries both).",
    ),
]
_ValueOfTimeOpt = Annotated[
    float | None,
    typer.Option("--value-of-time", min=0, help="USD per TEU-hour (generalised cost)."),
]
_CarbonPriceOpt = Annotated[
    float | None,
    typer.Option("--carbon-price", min=0, help="USD per tonne CO2e (generalised cost)."),
]
_IdsOpt = Annotated[
    bool, typer.Option("--ids", help="Show place and crossing ids instead of names.")
]
_JsonOpt = Annotated[bool, typer.Option("--json", help="Print the stable JSON form.")]
StrictPlacesOpt = Annotated[
    bool,
    typer.Option(
        "--strict-places",
        help="Accept only exact place ids or names (no alias, word start or typo).",
    ),
]


def resolve_places(graph: Graph, texts: tuple[str, ...], *, strict: bool) -> list[PlaceMatch]:
    """How each place text names a place; a guess (a word start or a typo) is announced on
    stderr ("'kara' read as Karaganda (kz_karaganda); also Karachi Port"). An alias is a
    name of the place, not a guess: the JSON says ``alias``, ``--strict-places`` refuses it."""
    from corridor.paths import graph_places, place_match

    matches = [place_match(graph, t, strict=strict) for t in texts]
    for m in matches:
        if m.match in ("prefix", "fuzzy"):
            typer.echo(graph_places(graph).describe(m), err=True)
    return matches


@app.command("route")
def route_cmd(
    origin: Annotated[str, typer.Argument(help="From: place id or name (case-insensitive).")],
    destination: Annotated[str, typer.Argument(help="To: place id or name.")],
    by: Annotated[
        By,
        typer.Option(
            "--by",
            help="What to minimise; p90 = simulated 90th-percentile transit time (the k best "
            "routes on P90-equivalent edge times, re-ranked by Monte Carlo).",
        ),
    ] = By.TIME,  # type: ignore[attr-defined]
    modes: _ModesOpt = None,
    avoid: _AvoidOpt = None,
    include_planned: _PlannedOpt = False,
    carrier: CarrierOpt = "origin",
    service: ServiceOpt = "block",
    alternatives: _AlternativesOpt = 1,
    max_stretch: _StretchOpt = None,
    allow_revisits: _RevisitsOpt = False,
    unit: _UnitOption = UnitOpt.teu,
    sources: _SourcesOpt = False,
    value_of_time: _ValueOfTimeOpt = None,
    carbon_price: _CarbonPriceOpt = None,
    segment: SegmentOpt = None,
    network: NetworkOpt = None,
    scenario: ScenarioOpt = None,
    ids: _IdsOpt = False,
    date: DateOpt = None,
    no_cache: NoCacheOpt = False,
    strict_places: StrictPlacesOpt = False,
    as_json: _JsonOpt = False,
) -> None:
    """The best route between two places, with its legs, borders and gauge breaks.

    \b
    Examples:
      corridor route almaty karachi
      corridor route almaty karachi --by cost --alternatives 3 --max-stretch 1.5
      corridor route kashgar islamabad --modes road --json
      corridor route tashkent karachi --avoid AF --ids
      corridor route kashgar islamabad --modes road --date 2024-01-15
      corridor route xian duisburg --modes rail --unit feu --sources
      corridor route almaty karachi --by p90
      corridor route tashkent karachi --modes road --carrier UZ
      corridor route urumqi almaty --modes rail --service wagonload
      corridor route tashkent peshawar --by generalised --segment dry_bulk
    """
    from corridor.analysis.answer import route_answer
    from corridor.day import open_day
    from corridor.errors import NoRouteError

    value_of_time = segment_value_of_time(segment, value_of_time)
    day = open_day(network, date=date, scenario=scenario, unit=unit.value, no_cache=no_cache)
    graph = day.graph
    matches = resolve_places(graph, (origin, destination), strict=strict_places)
    options = segment_options(
        route_options(graph, modes, avoid, include_planned, unit.value, carrier, service), segment
    )
    try:
        routes = route_answer(
            day,
            origin,
            destination,
            by=by.value,
            options=options,
            alternatives=alternatives,
            max_stretch=max_stretch,
            revisits=allow_revisits,
            value_of_time_usd_teu_h=value_of_time,
            carbon_price_usd_t=carbon_price,
            provenance=as_json or sources,
            matches=matches,
        )
    except NoRouteError:
        how = "time" if by.value == "p90" else by.value
        raise NoRouteError(_why(day, origin, destination, how, options, (modes, avoid))) from None
    if as_json:
        from corridor.results import to_json

        typer.echo(to_json(routes[0] if alternatives == 1 else routes))
        return
    from corridor.cli._render import print_route

    names = dict(zip(graph.labels.node_ids, graph.labels.node_names, strict=True))
    for r in routes:
        print_route(
            r,
            of=len(routes) if alternatives > 1 else 0,
            names=names,
            ids=ids,
            element_names=None if ids else _element_names(graph),
        )
        if sources:
            _print_sources(r)


def _element_names(graph: Graph) -> Callable[[str, str], str]:
    """Name a link (``road Pul-i-Khumri - Kabul``) or a crossing (``Chaman Spin Boldak
    (PK-AF) crossing``) from the graph's labels; an unknown id stays an id."""
    from corridor.cli._render import short_name

    lab = graph.labels
    crossings = dict(zip(lab.crossing_ids, lab.crossing_names, strict=True))
    links = {lid: i for i, lid in enumerate(lab.link_ids)}

    def name(element: str, eid: str) -> str:
        if element == "crossing" and eid in crossings:
            return f"the {crossings[eid]} crossing"
        if element == "link" and eid in links:
            i = links[eid]
            a = short_name(lab.node_names[lab.link_from[i]])
            b = short_name(lab.node_names[lab.link_to[i]])
            return f"the {lab.link_modes[i]} {a} - {b}"
        return eid

    return name


def _print_sources(r: Route) -> None:
    """The estimate shares and the numbered list of sources of one route."""
    from corridor.cli._render import wide_console

    console = wide_console()
    share = r.estimate_share or {}
    console.print(
        "  resting on estimates: "
        + ", ".join(f"{100 * share.get(k, 0.0):.0f} % of {k}" for k in ("km", "hours", "cost"))
        + f"; {len(r.sources)} sources:",
        highlight=False,
    )
    for i, text in enumerate(r.sources, start=1):
        console.print(f"  {i:>3}. {text}", highlight=False, markup=False)
    console.print()


def _why(
    day: Day,
    origin: str,
    destination: str,
    by: str,
    options: RouteOptions,
    asked: tuple[str | None, str | None],
) -> str:
    """The "no route" message (:func:`corridor.analysis.why.why_no_route`), headed with
    the places' names and the constraints as the user gave them (``asked``: modes, avoid)."""
    from corridor.analysis.why import why_no_route
    from corridor.cli._render import short_name
    from corridor.paths import place_index

    graph = day.graph
    a, b = place_index(graph, origin), place_index(graph, destination)
    names = [short_name(n) for n in graph.labels.node_names]
    ids = graph.labels.node_ids
    modes, avoid = asked
    head = f"no route from {names[a]} ({ids[a]}) to {names[b]} ({ids[b]})"
    if modes:
        head += f" using only {modes}"
    if avoid:
        head += f", avoiding {avoid}"
    if not options.include_planned:
        head += ", on existing links only"
    return why_no_route(graph, day.tables(), ids[a], ids[b], by=by, options=options, head=head)


def _split(text: str | None) -> list[str]:
    return [p.strip() for p in (text or "").split(",") if p.strip()]


def route_options(
    net: Graph | Network,
    modes: str | None,
    avoid: str | None,
    include_planned: bool,
    unit: str,
    carrier: str = "origin",
    service: str = "block",
) -> RouteOptions:
    """``--modes``, ``--avoid`` and ``--carrier`` as RouteOptions: comma lists; each
    ``--avoid`` item is a country (ISO2), a crossing id, a link id or else a place (id, name
    or alias)."""
    from corridor.errors import UnknownIdError
    from corridor.paths import RouteOptions, as_graph, place_index

    mode_list = [m.lower() for m in _split(modes)]
    graph = as_graph(net, unit)
    labels = graph.labels
    found: dict[str, list[str]] = {"countries": [], "crossings": [], "links": [], "places": []}
    for item in _split(avoid):
        if len(item) == 2 and item.upper() in labels.countries:
            found["countries"].append(item.upper())
        elif item in labels.crossing_ids:
            found["crossings"].append(item)
        elif item in labels.link_ids:
            found["links"].append(item)
        else:
            try:
                place_index(graph, item)
            except UnknownIdError as exc:
                msg = (
                    f"cannot avoid {item!r}: not a country of the network "
                    f"({', '.join(labels.countries)}), a crossing, a link or a place ({exc})"
                )
                raise UnknownIdError(msg) from None
            found["places"].append(item)
    return RouteOptions(
        modes=tuple(mode_list) if mode_list else None,
        avoid_countries=tuple(found["countries"]),
        avoid_crossings=tuple(found["crossings"]),
        avoid_links=tuple(found["links"]),
        avoid_places=tuple(found["places"]),
        include_planned=include_planned,
        carrier=carrier,
        service=service,
    )


@app.command("places")
def places_cmd(
    text: Annotated[
        str, typer.Argument(help="Part of an id, name or alias; empty lists all.")
    ] = "",
    network: NetworkOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON records.")] = False,
) -> None:
    """Find place ids by (part of) a name.

    \b
    Examples:
      corridor places karachi
      corridor places --json tash
    """
    import json

    from corridor._graphfile import cached_labels
    from corridor.data import path as data_path
    from corridor.network.places import PlaceLabels, place_records

    # the places of the compiled (disk-cached) network as loaded (undated): no table is
    # parsed again; the labels are read from the cache entry without numpy when it is there
    labels: PlaceLabels | None = cached_labels(network or data_path("network"))
    if labels is None:
        import corridor

        labels = corridor.load_graph(network, date="undated").labels
    found = place_records(labels, text)
    if as_json:
        typer.echo(json.dumps(found, indent=2, ensure_ascii=False, separators=(",", ":")))
        return
    if not found:
        typer.echo(f"no place matches {text!r}", err=True)
        raise SystemExit(1)
    from rich.table import Table

    from corridor.cli._render import wide_console

    table = Table()
    for col in ("id", "name", "country", "kind"):
        table.add_column(col, no_wrap=col == "id")
    for row in found:
        table.add_row(*(str(row[c]) for c in ("id", "name", "country", "kind")))
    wide_console().print(table)
