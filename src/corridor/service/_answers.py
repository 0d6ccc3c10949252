"""The answers the service serves: each the same dict the CLI's ``--json`` prints.

This is the one module of the service that knows how an answer is computed. It calls the
library's answer functions, the ones the command line calls (:func:`corridor.day.open_day`,
:func:`corridor.analysis.answer.route_answer`, :func:`corridor.results.to_dict`), on networks
of the day kept in a bounded in-memory cache (:class:`Days`) shared read-only by every
request; for the commands that still assemble their JSON themselves, it runs the command.

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
    from corridor.day import Day
    from corridor.graph.model import Graph


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
    segment: str | None = None
    allow_revisits: bool = False
    carrier: str = "origin"
    service: str = "block"


def _memo_undated(day: Day) -> Day:
    """``day`` whose undated network (the "before" of every date change) is compiled once,
    by the library (:func:`corridor.load_graph` with ``date="undated"``)."""
    import dataclasses

    if day.undated is None:
        return day
    kept: list[Graph] = []
    lock = threading.Lock()

    def once() -> Graph:
        from corridor.day import UNDATED, load_graph

        with lock:
            if not kept:
                kept.append(
                    load_graph(day.folder, date=UNDATED, scenario=day.scenario, unit=day.graph.unit)
                )
            return kept[0]

    return dataclasses.replace(day, undated=once)


@dataclass
class Days:
    """Networks of the day (:func:`corridor.day.open_day`: compiled graph, calendar facts,
    the undated network), keyed on (date, scenario, unit), at most ``size`` kept (least
    recently used dropped), shared read-only by every request. Each is built once even
    when requests for it arrive together."""

    folder: Path | None = None
    size: int = 8
    _items: OrderedDict[tuple[str | None, str | None, str], Day] = field(
        default_factory=OrderedDict
    )
    _building: dict[tuple[str | None, str | None, str], threading.Lock] = field(
        default_factory=dict
    )
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def get(self, date: str | None, scenario: str | None, unit: str = "teu") -> Day:
        """The network of ``date`` (None: its as-of date) under ``scenario``, in ``unit``."""
        key = (date or self.as_of(), scenario, unit)
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
            gate = self._building.setdefault(key, threading.Lock())
        with gate:
            with self._lock:
                if key in self._items:
                    return self._items[key]
            from corridor.day import open_day

            day = _memo_undated(open_day(self.folder, date=key[0], scenario=scenario, unit=unit))
            with self._lock:
                self._items[key] = day
                self._building.pop(key, None)
                while len(self._items) > self.size:
                    self._items.popitem(last=False)
            return day

    def as_of(self) -> str | None:
        """The day the network describes (meta.csv)."""
        from corridor.day import folder_as_of

        return folder_as_of(self.folder)

    def __len__(self) -> int:
        return len(self._items)


def places(days: Days, text: str) -> list[dict[str, Any]]:
    """``corridor places --json TEXT``."""
    import corridor

    found = corridor.places(corridor.load(days.folder, date="undated"), text)
    return list(json.loads(found.to_json(orient="records", force_ascii=False)))


def route(days: Days, q: Query) -> dict[str, Any]:
    """``corridor route ORIGIN DESTINATION ... --json`` (one route, or the context and the
    routes when ``alternatives`` > 1)."""
    from corridor.analysis.answer import route_answer
    from corridor.cli._route import _why, route_options
    from corridor.cli._segment import segment_options, segment_value_of_time
    from corridor.errors import NoRouteError
    from corridor.paths import place_match
    from corridor.results import to_dict

    value_of_time = segment_value_of_time(q.segment, q.value_of_time)
    day = days.get(q.date, q.scenario, q.unit)
    graph = day.graph
    matches = [place_match(graph, t, strict=q.strict_places) for t in (q.origin, q.destination)]
    options = segment_options(
        route_options(graph, q.modes, q.avoid, q.include_planned, q.unit, q.carrier, q.service),
        q.segment,
    )
    try:
        routes = route_answer(
            day,
            q.origin,
            q.destination,
            by=q.by,
            options=options,
            alternatives=q.alternatives,
            max_stretch=q.max_stretch,
            revisits=q.allow_revisits,
            value_of_time_usd_teu_h=value_of_time,
            carbon_price_usd_t=q.carbon_price,
            provenance=True,
            matches=matches,
        )
    except NoRouteError:
        how = "time" if q.by == "p90" else q.by
        why = _why(day, q.origin, q.destination, how, options, (q.modes, q.avoid))
        raise NoRouteError(why) from None
    return to_dict(routes[0] if q.alternatives == 1 else routes)


def compare(days: Days, q: Query) -> dict[str, Any]:
    """``corridor compare ORIGIN DESTINATION ... --json``."""
    from corridor.analysis.compare import compare as run
    from corridor.paths import RouteOptions
    from corridor.results import to_dict

    graph = days.get(q.date, q.scenario, q.unit).graph
    options = RouteOptions(include_planned=q.include_planned, carrier=q.carrier, service=q.service)
    return to_dict(run(graph, q.origin, q.destination, options=options))


def sensitivity(days: Days, q: Query) -> dict[str, Any]:
    """``corridor sensitivity ORIGIN DESTINATION --by cost|time ... --json``."""
    from corridor.analysis.sensitivity import sensitivity as run
    from corridor.paths import RouteOptions
    from corridor.results import to_dict

    s = run(
        days.get(q.date, q.scenario, q.unit).graph,
        q.origin,
        q.destination,
        by=q.by,
        options=RouteOptions(include_planned=q.include_planned),
        unit=q.unit,
    )
    return to_dict(s)


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
        *_opt("--segment", p.get("segment")),
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
        *_opt("--segment", p.get("segment")),
        *_opt("--elastic", p.get("elastic")),
        *_opt("--elasticity", p.get("elasticity")),
        *_opt("--carrier", p.get("carrier")),
        *_opt("--service", p.get("service")),
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


def trade_args(folder: Path | None, p: dict[str, Any]) -> list[str]:
    """``corridor trade`` arguments of a request (the shipped network and trade base)."""
    return [
        "trade",
        *_opt("--scenario", p.get("scenario")),
        *_opt("--date", p.get("date")),
        *_opt("--pair", p.get("pairs")),
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
    "trade": trade_args,
    "appraise": appraise_args,
}
"""The answers computed in worker processes, by name: the command line each is (``show``
is light, but its JSON is printed by the command itself, so it is captured there too)."""


def heavy(name: str, folder: Path | None, params: dict[str, Any]) -> Any:
    """A heavy answer (``name`` in :data:`HEAVY`), computed in the calling process."""
    return command_json(HEAVY[name](folder, params))
