"""The answers the service serves: each the same dict the CLI's ``--json`` prints.

This is the one module of the service that knows how an answer is computed; it calls the
library and the command line's own builders (never a copy of them), on networks of the day
kept in a bounded in-memory cache (:class:`Days`) shared read-only by every request.

Light answers (places, route, compare, sensitivity, scenario list) run in a thread of
the server; heavy ones (scenario diff, criticality, flows, Pareto fronts) run in a worker process
(:mod:`corridor.service._jobs`) through :func:`heavy`, so they can be cancelled.
"""

from __future__ import annotations

import contextlib
import io
import json
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from corridor.graph.model import Graph
    from corridor.paths import RouteOptions


@dataclass(frozen=True, slots=True)
class Query:
    """What a route-like request asks: the places, the day, the scenario and the options
    (the CLI's arguments by the CLI's names)."""

    origin: str
    destination: str
    by: str = "time"
    modes: str | None = None
    avoid: str | None = None
    include_planned: bool = False
    alternatives: int = 1
    max_stretch: float | None = None
    unit: str = "teu"
    value_of_time: float | None = None
    carbon_price: float | None = None
    date: str | None = None
    scenario: str | None = None
    strict_places: bool = False


class NetworkDay:
    """A network on one day under one scenario, and its compiled graphs per unit (compiled
    once, on first use; read-only afterwards)."""

    def __init__(self, folder: Path | None, date: str | None, scenario: str | None) -> None:
        from corridor.cli._context import load_day
        from corridor.network.calendar import day_facts

        self.folder = folder
        self.scenario = scenario
        self.network, self.base = load_day(folder, scenario, date)
        self.date = self.network.date.isoformat() if self.network.date is not None else None
        self.facts = day_facts(self.network)
        self._graphs: dict[tuple[str, bool], Graph] = {}
        self._headways: dict[str, Any] = {}
        self._lock = threading.Lock()

    def graph(self, unit: str, *, undated: bool = False) -> Graph:
        """The compiled graph (of the network as loaded when ``undated``)."""
        key = (unit, undated)
        with self._lock:
            g = self._graphs.get(key)
            if g is None:
                import corridor

                g = corridor.compile(self.base if undated else self.network, unit=unit)
                self._graphs[key] = g
            return g

    def headway(self, unit: str) -> Any:
        """Per-edge ferry headways of the graph in ``unit``."""
        from corridor.paths import link_headway_h

        g = self.graph(unit)
        with self._lock:
            if unit not in self._headways:
                self._headways[unit] = link_headway_h(self.network, g)
            return self._headways[unit]


@dataclass
class Days:
    """Networks of the day, keyed on (date, scenario), at most ``size`` kept (least recently
    used dropped). Each is built once even when requests for it arrive together."""

    folder: Path | None = None
    size: int = 8
    _items: OrderedDict[tuple[str | None, str | None], NetworkDay] = field(
        default_factory=OrderedDict
    )
    _building: dict[tuple[str | None, str | None], threading.Lock] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def get(self, date: str | None, scenario: str | None) -> NetworkDay:
        """The network of ``date`` (None: its as-of date) under ``scenario``."""
        key = (date or self.as_of(), scenario)
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
            gate = self._building.setdefault(key, threading.Lock())
        with gate:
            with self._lock:
                if key in self._items:
                    return self._items[key]
            day = NetworkDay(self.folder, key[0], scenario)
            with self._lock:
                self._items[key] = day
                self._building.pop(key, None)
                while len(self._items) > self.size:
                    self._items.popitem(last=False)
            return day

    def as_of(self) -> str | None:
        """The day the network describes."""
        from corridor.cli._context import network_as_of

        return network_as_of(self.folder)

    def __len__(self) -> int:
        return len(self._items)


def places(days: Days, text: str) -> list[dict[str, Any]]:
    """``corridor places --json TEXT``."""
    import corridor

    found = corridor.places(corridor.load(days.folder), text)
    return list(json.loads(found.to_json(orient="records", force_ascii=False)))


def _options(graph: Graph, q: Query) -> RouteOptions:
    from corridor.cli._route import route_options

    return route_options(graph, q.modes, q.avoid, q.include_planned, q.unit)


def route(days: Days, q: Query) -> dict[str, Any]:
    """``corridor route ORIGIN DESTINATION ... --json`` (one route, or the context and the
    routes when ``alternatives`` > 1)."""
    from corridor.cli._context import run_context
    from corridor.cli._route import Day, _annotate, _check_finite, _search_routes, _why
    from corridor.cli._route import _with_provenance as with_provenance
    from corridor.errors import NoRouteError
    from corridor.paths import place_match, with_matches

    _check_finite(q.value_of_time, q.carbon_price)
    day = days.get(q.date, q.scenario)
    graph = day.graph(q.unit)
    net = day.network
    matches = [place_match(graph, t, strict=q.strict_places) for t in (q.origin, q.destination)]
    context = run_context(
        days.folder, scenario=q.scenario, include_planned=q.include_planned, network=net
    )
    kwargs: dict[str, Any] = {
        "by": q.by,
        "options": _options(graph, q),
        "value_of_time_usd_teu_h": q.value_of_time,
        "carbon_price_usd_t": q.carbon_price,
        "unit": q.unit,
    }
    headway = day.headway(q.unit)
    try:
        routes = _search_routes(
            graph, q.origin, q.destination, kwargs, q.alternatives, q.max_stretch, headway
        )
    except NoRouteError:
        from corridor.cli._hints import Question

        how = "time" if q.by == "p90" else q.by
        question = Question(
            q.origin, q.destination, how, q.modes, q.avoid, q.include_planned, unit=q.unit
        )
        msg = _why(graph, net, days.folder, q.scenario, question, day.date)
        raise NoRouteError(msg) from None

    def undated() -> Graph:
        return day.graph(q.unit, undated=True)

    when = Day(day.date, day.facts, undated if day.date is not None else None, net)
    routes = _annotate(graph, routes, when, context, headway, (q.origin, q.destination), kwargs)
    routes = [with_matches(r, matches) for r in routes]
    routes = with_provenance(routes, net, days.folder, day.date)
    if q.alternatives == 1:
        return routes[0].to_dict()
    return {**context, "routes": [r.to_dict() for r in routes]}


def compare(days: Days, q: Query) -> dict[str, Any]:
    """``corridor compare ORIGIN DESTINATION ... --json``."""
    from corridor.cli._compare import run_compare

    c, _ = run_compare(
        q.origin,
        q.destination,
        network=days.folder,
        scenario=q.scenario,
        date=q.date,
        unit=q.unit,
        include_planned=q.include_planned,
    )
    return c.to_dict()


def sensitivity(days: Days, q: Query) -> dict[str, Any]:
    """``corridor sensitivity ORIGIN DESTINATION --by cost|time ... --json``."""
    import dataclasses

    from corridor.analysis.sensitivity import sensitivity as run
    from corridor.cli._context import run_context
    from corridor.paths import RouteOptions

    day = days.get(q.date, q.scenario)
    s = run(
        day.graph(q.unit),
        q.origin,
        q.destination,
        by=q.by,
        options=RouteOptions(include_planned=q.include_planned),
        unit=q.unit,
    )
    ctx = run_context(
        days.folder, scenario=q.scenario, include_planned=q.include_planned, network=day.network
    )
    return dataclasses.replace(s, context={**s.context, **ctx}).to_dict()


def scenario_list() -> list[dict[str, Any]]:
    """``corridor scenario list --json``."""
    from corridor.cli._scenario import _rows

    return _rows()


_ECHO = threading.Lock()


def command_json(args: list[str]) -> Any:
    """What ``corridor ARGS --json`` prints, run in this process (for the commands whose
    JSON the command line assembles itself). Output is captured under a lock: call it
    from one thread at a time, as the worker processes of the heavy answers do."""
    from corridor.cli._app import _register, app

    _register()
    out = io.StringIO()
    with _ECHO, contextlib.redirect_stdout(out):
        app(args=[*args, "--json"], standalone_mode=False, prog_name="corridor")
    return json.loads(out.getvalue())


def _opt(flag: str, value: object) -> list[str]:
    if value is None or value is False:
        return []
    if value is True:
        return [flag]
    return [flag, str(value)]


def _network(folder: Path | None) -> list[str]:
    return _opt("--network", folder)


def diff_args(folder: Path | None, p: dict[str, Any]) -> list[str]:
    """``corridor scenario diff`` arguments of a request."""
    return [
        "scenario",
        "diff",
        str(p["scenario"]),
        *_opt("--base", p.get("base")),
        *_opt("--pairs", p.get("pairs")),
        *_opt("--by", p.get("by")),
        *_opt("--modes", p.get("modes")),
        *_opt("--demand", p.get("demand")),
        *_opt("--top", p.get("top")),
        *_opt("--date", p.get("date")),
        *_network(folder),
    ]


def critical_args(folder: Path | None, p: dict[str, Any]) -> list[str]:
    """``corridor critical`` arguments of a request."""
    return [
        "critical",
        *_opt("--scenario", p.get("scenario")),
        *_opt("--what", p.get("what")),
        *_opt("--pairs", p.get("pairs")),
        *_opt("--demand", p.get("demand")),
        *_opt("--top", p.get("top")),
        *_opt("--lost-pair-factor", p.get("lost_pair_factor")),
        *_opt("--date", p.get("date")),
        *_network(folder),
    ]


def flows_args(folder: Path | None, p: dict[str, Any]) -> list[str]:
    """``corridor flows`` arguments of a request."""
    return [
        "flows",
        *_opt("--scenario", p.get("scenario")),
        *_opt("--include-planned", p.get("include_planned")),
        *_opt("--by", p.get("by")),
        *_opt("--algorithm", p.get("algorithm")),
        *_opt("--gap", p.get("gap")),
        *_opt("--top", p.get("top")),
        *_opt("--date", p.get("date")),
        *_network(folder),
    ]


def show_args(folder: Path | None, p: dict[str, Any]) -> list[str]:
    """``corridor scenario show`` arguments of a request."""
    return ["scenario", "show", str(p["scenario"])]


def pareto_args(folder: Path | None, p: dict[str, Any]) -> list[str]:
    """``corridor pareto`` arguments of a request."""
    return [
        "pareto",
        str(p["origin"]),
        str(p["destination"]),
        *_opt("--criteria", p.get("criteria")),
        *_opt("--eps", p.get("eps")),
        *_opt("--max-labels-per-vertex", p.get("max_labels_per_vertex")),
        *_opt("--max-labels", p.get("max_labels")),
        *_opt("--include-planned", p.get("include_planned")),
        *_opt("--scenario", p.get("scenario")),
        *_opt("--date", p.get("date")),
        *_opt("--unit", p.get("unit")),
        *_network(folder),
    ]


def hubs_args(folder: Path | None, p: dict[str, Any]) -> list[str]:
    """``corridor hubs`` arguments of a request (the shipped network)."""
    return [
        "hubs",
        *_opt("--scenario", p.get("scenario")),
        *_opt("--segment", p.get("segment")),
        *_opt("--date", p.get("date")),
    ]


def appraise_args(folder: Path | None, p: dict[str, Any]) -> list[str]:
    """``corridor appraise`` arguments of a request (the shipped network)."""
    return [
        "appraise",
        str(p["scenario"]),
        *_opt("--horizon", p.get("horizon")),
        *_opt("--discount", p.get("discount")),
        *_opt("--date", p.get("date")),
        *_opt("--base", p.get("base")),
        *_opt("--modes", p.get("modes")),
        *_opt("--carbon-path", p.get("carbon_path")),
        *_opt("--draws", p.get("draws")),
    ]


HEAVY: dict[str, Callable[[Path | None, dict[str, Any]], list[str]]] = {
    "show": show_args,
    "pareto": pareto_args,
    "diff": diff_args,
    "critical": critical_args,
    "flows": flows_args,
    "hubs": hubs_args,
    "appraise": appraise_args,
}
"""The answers computed in worker processes, by name: the command line each is (``show``
is light, but its JSON is printed by the command itself, so it is captured there too)."""


def heavy(name: str, folder: Path | None, params: dict[str, Any]) -> Any:
    """A heavy answer (``name`` in :data:`HEAVY`), computed in the calling process."""
    return command_json(HEAVY[name](folder, params))
