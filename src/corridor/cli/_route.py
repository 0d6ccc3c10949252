"""``corridor route`` and ``corridor places``."""

from __future__ import annotations

import dataclasses
import json
import math
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from corridor.cli._app import app
from corridor.cli._context import DateOpt, dated
from corridor.vocab import Objective

if TYPE_CHECKING:
    from corridor.cli._hints import Question
    from corridor.graph.model import Graph
    from corridor.network.model import Network
    from corridor.paths import RouteOptions


By = StrEnum("By", {**{o.name: o.value for o in Objective}, "P90": "p90"})  # type: ignore[misc]
"""``--by``: the objectives of corridor.vocab plus ``p90`` (robust routes, docs/compare.md)."""


class UnitOpt(StrEnum):
    teu = "teu"
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
    modes: Annotated[
        str | None,
        typer.Option("--modes", help="Only these modes, comma-separated: rail,road,sea,ferry."),
    ] = None,
    avoid: Annotated[
        str | None,
        typer.Option(
            "--avoid",
            help="Countries (ISO2), crossings, links or places to avoid, comma-separated.",
        ),
    ] = None,
    include_planned: Annotated[
        bool,
        typer.Option("--include-planned", help="Also use planned and under-construction links."),
    ] = False,
    alternatives: Annotated[
        int,
        typer.Option(
            "--alternatives", "-k", min=1, max=20, help="Number of genuinely different routes."
        ),
    ] = 1,
    max_stretch: Annotated[
        float | None,
        typer.Option(
            "--max-stretch",
            min=1.0,
            help="Drop alternatives costing more than this multiple of the best.",
        ),
    ] = None,
    unit: Annotated[
        UnitOpt, typer.Option("--unit", help="Count money and CO2 per TEU or per tonne.")
    ] = UnitOpt.teu,
    value_of_time: Annotated[
        float | None,
        typer.Option("--value-of-time", min=0, help="USD per TEU-hour (generalised cost)."),
    ] = None,
    carbon_price: Annotated[
        float | None,
        typer.Option("--carbon-price", min=0, help="USD per tonne CO2e (generalised cost)."),
    ] = None,
    network: NetworkOpt = None,
    scenario: ScenarioOpt = None,
    ids: Annotated[
        bool, typer.Option("--ids", help="Show place and crossing ids instead of names.")
    ] = False,
    date: DateOpt = None,
    no_cache: Annotated[
        bool,
        typer.Option(
            "--no-cache", help="Compile the network afresh; do not read or write the graph cache."
        ),
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the stable JSON form.")] = False,
) -> None:
    """The best route between two places, with its legs, borders and gauge breaks.

    \b
    Examples:
      corridor route almaty karachi
      corridor route almaty karachi --by cost --alternatives 3 --max-stretch 1.5
      corridor route kashgar islamabad --modes road --json
      corridor route tashkent karachi --avoid AF --ids
      corridor route kashgar islamabad --modes road --date 2024-01-15
      corridor route almaty karachi --by p90
    """
    import corridor
    from corridor.cli._context import run_context
    from corridor.errors import InputError, NoRouteError

    for flag, value in (("--value-of-time", value_of_time), ("--carbon-price", carbon_price)):
        if value is not None and not math.isfinite(value):
            msg = f"{flag} must be a finite number, not {value}"
            raise InputError(msg)

    graph, net = _graph(network, scenario, unit.value, no_cache=no_cache, date=date)
    context = run_context(network, scenario=scenario, include_planned=include_planned, network=net)
    kwargs: dict[str, Any] = {
        "by": by.value,
        "options": route_options(graph, modes, avoid, include_planned, unit.value),
        "value_of_time_usd_teu_h": value_of_time,
        "carbon_price_usd_t": carbon_price,
        "unit": unit.value,
    }
    from corridor.paths import link_headway_h, robust_route, with_reliability

    headway = (
        link_headway_h(net, graph) if net is not None else folder_headway_h(network, graph)
    )
    try:
        if by.value == "p90":
            kwargs.pop("by")
            kwargs.pop("value_of_time_usd_teu_h")
            kwargs.pop("carbon_price_usd_t")
            routes = robust_route(
                graph, origin, destination, k=max(alternatives, 5), link_headway=headway, **kwargs
            )[:alternatives]
        elif alternatives == 1:
            routes = [corridor.route(graph, origin, destination, **kwargs)]
        else:
            routes = corridor.alternatives(
                graph, origin, destination, alternatives, max_stretch=max_stretch, **kwargs
            )
    except NoRouteError:
        from corridor.cli._hints import Question

        how = "time" if by.value == "p90" else by.value
        q = Question(origin, destination, how, modes, avoid, include_planned, unit=unit.value)
        raise NoRouteError(_why(graph, net, network, scenario, q)) from None
    routes = [
        dataclasses.replace(
            r if r.totals.p90_h is not None else with_reliability(graph, r, link_headway=headway),
            scenario=scenario,
            network_as_of=context["network_as_of"],
            date=context["date"],
        )
        for r in routes
    ]
    if as_json:
        doc = (
            routes[0].to_dict()
            if alternatives == 1
            else {
                **context,
                "routes": [r.to_dict() for r in routes],
            }
        )
        typer.echo(json.dumps(doc, indent=2, ensure_ascii=False))
        return
    from corridor.cli._render import print_route

    names = dict(zip(graph.labels.node_ids, graph.labels.node_names, strict=True))
    for r in routes:
        print_route(r, of=len(routes) if alternatives > 1 else 0, names=names, ids=ids)


def folder_headway_h(folder: Path | None, graph: Graph) -> Any:
    """Per-link ferry headways from the folder's links.csv ``frequency_per_week`` column,
    read with the csv module (a warm ``corridor route`` does not import pandas); None
    when the column is absent."""
    import csv

    from corridor.paths.reliable import headway_from_rows

    if folder is None:
        from corridor.data import path as data_path

        folder = data_path("network")
    with (Path(folder) / "links.csv").open(newline="", encoding="utf-8-sig") as fh:
        reader = csv.DictReader(fh)
        if "frequency_per_week" not in (reader.fieldnames or ()):
            return None
        freq = {row["id"]: row["frequency_per_week"] for row in reader}
    return headway_from_rows(graph, freq)


def _graph(
    network: Path | None,
    scenario: str | None,
    unit: str,
    *,
    no_cache: bool = False,
    date: str | None = None,
) -> tuple[Graph, Network | None]:
    """The compiled graph to route on, and the Network when one was loaded (a scenario or
    a date). With ``no_cache`` the on-disk graph cache is neither read nor written."""
    if scenario is None and date is None:
        from corridor.graph.cache import load_graph

        # compiled once per file content and cached on disk, unless --no-cache
        return load_graph(network, unit=unit, no_cache=no_cache), None
    import corridor
    from corridor.scenarios import load_with_scenario

    net = dated(load_with_scenario(scenario, network), date)
    return corridor.compile(net, unit=unit), net


def _why(
    graph: Graph,
    net: Network | None,
    network: Path | None,
    scenario: str | None,
    q: Question,
) -> str:
    """The "no route" message: which constraint removed the last path."""
    from corridor.cli._hints import explain
    from corridor.cli._render import short_name
    from corridor.paths import place_index
    from corridor.scenarios import load_with_scenario

    a, b = place_index(graph, q.origin), place_index(graph, q.destination)
    names = [short_name(n) for n in graph.labels.node_names]
    ids = graph.labels.node_ids
    head = f"no route from {names[a]} ({ids[a]}) to {names[b]} ({ids[b]})"
    if q.modes:
        head += f" using only {q.modes}"
    if q.avoid:
        head += f", avoiding {q.avoid}"
    if not q.include_planned:
        head += ", on existing links only"
    return explain(
        graph, net if net is not None else load_with_scenario(scenario, network), q, head
    )


def _split(text: str | None) -> list[str]:
    return [p.strip() for p in (text or "").split(",") if p.strip()]


def route_options(
    net: Graph | Network, modes: str | None, avoid: str | None, include_planned: bool, unit: str
) -> RouteOptions:
    """``--modes`` and ``--avoid`` as RouteOptions: comma lists; each ``--avoid`` item is a
    country (ISO2), a crossing id, a link id or else a place (id, name or alias)."""
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
    import corridor

    found = corridor.places(corridor.load(network), text)
    if as_json:
        typer.echo(found.to_json(orient="records", indent=2, force_ascii=False))
        return
    if found.empty:
        typer.echo(f"no place matches {text!r}", err=True)
        raise SystemExit(1)
    from rich.table import Table

    from corridor.cli._render import wide_console

    table = Table()
    for col in ("id", "name", "country", "kind"):
        table.add_column(col, no_wrap=col == "id")
    for row in found.itertuples():
        table.add_row(str(row.id), str(row.name), str(row.country), str(row.kind))
    wide_console().print(table)
