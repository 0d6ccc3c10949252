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

if TYPE_CHECKING:
    from corridor.graph.model import Graph
    from corridor.network.model import Network


class By(StrEnum):
    time = "time"
    cost = "cost"
    co2 = "co2"
    generalised = "generalised"


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
    by: Annotated[By, typer.Option("--by", help="What to minimise.")] = By.time,
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
        "modes": modes,
        "avoid": avoid,
        "include_planned": include_planned,
        "value_of_time_usd_teu_h": value_of_time,
        "carbon_price_usd_t": carbon_price,
        "unit": unit.value,
    }
    try:
        if alternatives == 1:
            routes = [corridor.route(graph, origin, destination, **kwargs)]
        else:
            routes = corridor.alternatives(
                graph, origin, destination, alternatives, max_stretch=max_stretch, **kwargs
            )
    except NoRouteError:
        raise NoRouteError(
            _why(graph, net, network, scenario, origin, destination, kwargs)
        ) from None
    routes = [
        dataclasses.replace(
            r, scenario=scenario, network_as_of=context["network_as_of"], date=context["date"]
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

    names = dict(zip(graph.node_ids, graph.node_names, strict=True))
    for r in routes:
        print_route(r, of=len(routes) if alternatives > 1 else 0, names=names, ids=ids)


def _graph(
    network: Path | None,
    scenario: str | None,
    unit: str,
    *,
    no_cache: bool = False,
    date: str | None = None,
) -> tuple[Graph, Network | None]:
    """The compiled graph to route on, and the Network when one was loaded (scenario or
    ``--no-cache``: compiled in memory, the on-disk cache neither read nor written)."""
    # TODO(engine): load_graph(network, unit=unit, no_cache=True) once graph.cache has it
    if scenario is None and not no_cache and date is None:
        from corridor.graph.cache import load_graph

        return load_graph(network, unit=unit), None  # compiled once per file content, cached
    import corridor
    from corridor.scenarios import load_with_scenario

    net = dated(load_with_scenario(scenario, network), date)
    return corridor.compile(net, unit=unit), net


def _why(
    graph: Graph,
    net: Network | None,
    network: Path | None,
    scenario: str | None,
    origin: str,
    destination: str,
    kwargs: dict[str, Any],
) -> str:
    """The "no route" message: which constraint removed the last path."""
    from corridor.cli._hints import Question, explain
    from corridor.cli._render import short_name
    from corridor.paths.route import place_index
    from corridor.scenarios import load_with_scenario

    a, b = place_index(graph, origin), place_index(graph, destination)
    names = [short_name(n) for n in graph.node_names]
    head = f"no route from {names[a]} ({graph.node_ids[a]}) to {names[b]} ({graph.node_ids[b]})"
    q = Question(
        origin,
        destination,
        by=kwargs["by"],
        modes=kwargs["modes"],
        avoid=kwargs["avoid"],
        include_planned=kwargs["include_planned"],
        unit=kwargs["unit"],
    )
    if q.modes:
        head += f" using only {q.modes}"
    if q.avoid:
        head += f", avoiding {q.avoid}"
    if not q.include_planned:
        head += ", on existing links only"
    return explain(
        graph, net if net is not None else load_with_scenario(scenario, network), q, head
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
