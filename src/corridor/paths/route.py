"""One-to-one routes: check ids, build the cost vector, call the kernel, build the Route."""

from __future__ import annotations

import itertools
import weakref
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from corridor._types import FloatArray, IntArray
from corridor.errors import InputError, NoRouteError, UnknownIdError
from corridor.graph.model import MODES, STATUS_CODES, Criterion, EdgeKind, Graph
from corridor.network.places import resolve_place
from corridor.objectives import edge_cost, parse_objective
from corridor.paths._kernels import dijkstra, trace_edges
from corridor.units import teu_per_unit

if TYPE_CHECKING:
    from corridor.network.model import Network

from corridor.results.route import Leg, Route, Totals


@dataclass(frozen=True, slots=True)
class Constraints:
    """What a route may use: modes, avoided countries / crossings / links, planned links."""

    modes: tuple[str, ...] | None = None
    avoid_countries: tuple[str, ...] = ()
    avoid_crossings: tuple[str, ...] = ()
    avoid_links: tuple[str, ...] = ()
    include_planned: bool = False

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form."""
        return {
            "modes": list(self.modes) if self.modes is not None else None,
            "avoid_countries": list(self.avoid_countries),
            "avoid_crossings": list(self.avoid_crossings),
            "avoid_links": list(self.avoid_links),
            "include_planned": self.include_planned,
        }


def as_graph(network: Network | Graph, unit: str = "teu") -> Graph:
    """The compiled graph of a network (cached), or the graph itself."""
    if isinstance(network, Graph):
        if unit != network.unit:
            msg = f"the graph was compiled for unit {network.unit!r}, not {unit!r}"
            raise InputError(msg)
        return network
    from corridor.graph.compiler import compile as compile_graph

    return compile_graph(network, unit=unit)


def place_index(graph: Graph, text: str) -> int:
    """Index of the place ``text`` names (id, name or alias; case-insensitive)."""
    lookup = graph.node_lookup.get(text)
    if lookup is not None:
        return lookup
    countries = [graph.countries[c] for c in graph.node_country]
    return resolve_place(graph.node_ids, graph.node_names, graph.node_aliases, countries, text)


def _split(items: str | Iterable[str] | None) -> list[str]:
    if items is None:
        return []
    if isinstance(items, str):
        items = [items]
    return [p.strip() for item in items for p in item.split(",") if p.strip()]


def make_constraints(
    graph: Graph,
    *,
    modes: str | Iterable[str] | None = None,
    avoid: str | Iterable[str] | None = None,
    include_planned: bool = False,
) -> Constraints:
    """Parse user constraints against a graph.

    ``avoid`` items are countries (ISO2), crossing ids, link ids or places (avoiding a
    place avoids every border crossing there and every link that touches it).
    """
    mode_list = _split(modes)
    bad = [m for m in mode_list if m.lower() not in MODES]
    if bad:
        msg = f"unknown mode(s) {bad}; choose from {list(MODES)}"
        raise InputError(msg)
    countries: list[str] = []
    crossings: list[str] = []
    links: list[str] = []
    crossing_set = set(graph.crossing_ids)
    link_set = set(graph.link_ids)
    for item in _split(avoid):
        if len(item) == 2 and item.upper() in graph.countries:
            countries.append(item.upper())
        elif item in crossing_set:
            crossings.append(item)
        elif item in link_set:
            links.append(item)
        else:
            try:
                p = place_index(graph, item)
            except UnknownIdError as exc:
                msg = (
                    f"cannot avoid {item!r}: not a country of the network "
                    f"({', '.join(graph.countries)}), a crossing, a link or a place ({exc})"
                )
                raise UnknownIdError(msg) from None
            lk = np.flatnonzero((graph.link_from == p) | (graph.link_to == p))
            links += [graph.link_ids[i] for i in lk]
            crossings += [
                graph.crossing_ids[k]
                for k in np.unique(
                    graph.crossing[(graph.kind == EdgeKind.BORDER) & (graph.node == p)]
                )
            ]
    return Constraints(
        modes=tuple(sorted({m.lower() for m in mode_list})) if mode_list else None,
        avoid_countries=tuple(sorted(set(countries))),
        avoid_crossings=tuple(sorted(set(crossings))),
        avoid_links=tuple(sorted(set(links))),
        include_planned=include_planned,
    )


_COSTS: weakref.WeakKeyDictionary[Graph, dict[tuple[object, ...], FloatArray]] = (
    weakref.WeakKeyDictionary()
)


def masked_cost(
    graph: Graph,
    by: str,
    constraints: Constraints,
    value_of_time_usd_teu_h: float | None = None,
    carbon_price_usd_t: float | None = None,
) -> FloatArray:
    """Edge costs under an objective with forbidden edges set to ``inf`` (memoised)."""
    key = (by, value_of_time_usd_teu_h, carbon_price_usd_t, constraints)
    per_graph = _COSTS.setdefault(graph, {})
    cost = per_graph.get(key)
    if cost is None:
        base = edge_cost(
            graph,
            by,
            value_of_time_usd_teu_h=value_of_time_usd_teu_h,
            carbon_price_usd_t=carbon_price_usd_t,
        )
        mask = graph.mask(
            modes=constraints.modes,
            avoid_countries=constraints.avoid_countries,
            avoid_crossings=constraints.avoid_crossings,
            avoid_links=constraints.avoid_links,
            include_planned=constraints.include_planned,
        )
        cost = np.where(mask, base, np.inf)
        if len(per_graph) > 64:
            per_graph.clear()
        per_graph[key] = cost
    return cost


def trace(graph: Graph, pred: IntArray, target: int) -> list[int]:
    """Edges of the path the predecessor array gives into ``target``, in order."""
    out = np.empty(graph.n_vertices, dtype=np.int64)  # a path visits each vertex at most once
    k = trace_edges(pred, graph.tails, target, out)
    return [int(e) for e in out[k - 1 :: -1]] if k else []


def shortest_edges(graph: Graph, cost: FloatArray, a: int, b: int) -> IntArray | None:
    """Edges of the cheapest path from place a to place b (None if unreachable)."""
    n = graph.n_vertices
    dist = np.empty(n)
    pred = np.empty(n, dtype=np.int64)
    source = graph.dep_vertex[a : a + 1]
    target = int(graph.arr_vertex[b])
    dijkstra(graph.indptr, graph.indices, cost, source, np.zeros(1), target, dist, pred)
    if not np.isfinite(dist[target]):
        return None
    return np.array(trace(graph, pred, target), dtype=np.int64)


@dataclass(frozen=True, slots=True)
class Query:
    """A checked route question: the graph, places, objective, constraints and edge costs."""

    graph: Graph
    places: tuple[int, ...]
    objective: str
    constraints: Constraints
    cost: FloatArray


def prepare(
    network: Network | Graph,
    places: Sequence[str],
    *,
    by: str,
    modes: str | Sequence[str] | None,
    avoid: str | Sequence[str] | None,
    include_planned: bool,
    value_of_time_usd_teu_h: float | None,
    carbon_price_usd_t: float | None,
    unit: str,
) -> Query:
    """Check a route question once: resolve places, parse constraints, build edge costs.

    Raises InputError when two consecutive places are the same.
    """
    graph = as_graph(network, unit)
    objective = parse_objective(by).value
    idx = tuple(place_index(graph, p) for p in places)
    for a, b in itertools.pairwise(idx):
        if a == b:
            msg = f"origin and destination are the same place ({graph.node_ids[a]})"
            raise InputError(msg)
    constraints = make_constraints(graph, modes=modes, avoid=avoid, include_planned=include_planned)
    cost = masked_cost(graph, objective, constraints, value_of_time_usd_teu_h, carbon_price_usd_t)
    return Query(graph, idx, objective, constraints, cost)


def route(
    network: Network | Graph,
    origin: str,
    destination: str,
    *,
    by: str = "time",
    modes: str | Sequence[str] | None = None,
    avoid: str | Sequence[str] | None = None,
    include_planned: bool = False,
    value_of_time_usd_teu_h: float | None = None,
    carbon_price_usd_t: float | None = None,
    unit: str = "teu",
) -> Route:
    """The best route between two places.

    Parameters
    ----------
    network
        A network (compiled on first use and cached) or a compiled graph.
    origin, destination
        Place ids, names or aliases (case-insensitive).
    by
        ``time``, ``cost``, ``co2`` or ``generalised`` (cost + value of time x hours +
        carbon price x tonnes CO2e).
    modes
        Only these modes (e.g. ``"road"`` for a trucker); default all.
    avoid
        Countries (ISO2), crossing ids, link ids or places to avoid.
    include_planned
        Also use planned and under-construction links.
    value_of_time_usd_teu_h, carbon_price_usd_t
        Override the network's parameters in the generalised cost.
    unit
        ``teu`` or ``tonne``.

    Returns
    -------
    Route

    Raises
    ------
    UnknownIdError
        For an unknown place (with suggestions) or avoid item.
    NoRouteError
        If the places are not connected under the constraints.

    Examples
    --------
    >>> import corridor
    >>> from corridor.data import path
    >>> net = corridor.load(path("examples/tiny"))
    >>> r = corridor.route(net, "Alpha", "Delta", by="cost")
    >>> r.totals.cost_usd
    550.0
    """
    q = prepare(
        network,
        (origin, destination),
        by=by,
        modes=modes,
        avoid=avoid,
        include_planned=include_planned,
        value_of_time_usd_teu_h=value_of_time_usd_teu_h,
        carbon_price_usd_t=carbon_price_usd_t,
        unit=unit,
    )
    a, b = q.places
    edges = shortest_edges(q.graph, q.cost, a, b)
    if edges is None:
        raise NoRouteError(_no_route_message(q.graph, a, b, q.constraints))
    return build_route(q.graph, edges, q.cost, q.objective, q.constraints)


def _no_route_message(graph: Graph, a: int, b: int, c: Constraints) -> str:
    what = []
    if c.modes is not None:
        what.append(f"modes {','.join(c.modes)}")
    if c.avoid_countries or c.avoid_crossings or c.avoid_links:
        what.append("the avoided items")
    if not c.include_planned:
        what.append("existing links only")
    msg = f"no route from {graph.node_ids[a]} to {graph.node_ids[b]}"
    if what:
        msg += f" with {' and '.join(what)}"
    if not c.include_planned:
        msg += " (try --include-planned)"
    return msg


def state_label(graph: Graph, vertex: int) -> str:
    """``mode`` or ``rail:gauge`` of a vertex, as transfers.csv writes states."""
    mode = MODES[graph.vertex_mode[vertex]]
    gauge = int(graph.vertex_gauge[vertex])
    return f"{mode}:{gauge}" if gauge else mode


@dataclass
class _MoveLeg:
    """A move leg being accumulated edge by edge."""

    key: tuple[int, int | None, int]
    places: list[str]
    coords: list[tuple[float, float]]
    links: list[str] = field(default_factory=list)
    statuses: set[str] = field(default_factory=set)
    km: float = 0.0
    h: float = 0.0
    usd: float = 0.0
    kg: float = 0.0

    def leg(self, graph: Graph) -> Leg:
        mode, gauge, country = self.key
        return Leg(
            kind="move",
            from_place=self.places[0],
            to_place=self.places[-1],
            mode=MODES[mode],
            gauge_mm=gauge,
            country=graph.countries[country],
            distance_km=self.km,
            time_h=self.h,
            cost_usd=self.usd,
            co2_kg=self.kg,
            places=tuple(self.places),
            links=tuple(self.links),
            statuses=tuple(sorted(self.statuses)),
            coords=tuple(self.coords),
        )


def _stop_leg(graph: Graph, e: int, kind: str, *, detail: str, crossing: int = -1) -> Leg:
    """A leg for one stop edge: a border crossing, a transfer or port handling."""
    node = int(graph.node[e])
    place = graph.node_ids[node]
    head = int(graph.indices[e])
    crit = graph.criteria[e]
    border = crossing >= 0
    mode = int(graph.mode[e]) if border else int(graph.vertex_mode[head])
    gauge = int(graph.gauge[e]) if border else int(graph.vertex_gauge[head])
    return Leg(
        kind=kind,
        from_place=place,
        to_place=place,
        mode=MODES[mode],
        gauge_mm=gauge or None,
        country=graph.countries[graph.country[e]],
        distance_km=0.0,
        time_h=float(crit[Criterion.TIME_H]),
        cost_usd=float(crit[Criterion.COST_USD]),
        co2_kg=float(crit[Criterion.CO2_KG]),
        places=(place,),
        crossing=graph.crossing_ids[crossing] if border else None,
        detail=detail,
        coords=((float(graph.node_lon[node]), float(graph.node_lat[node])),),
    )


def build_route(
    graph: Graph,
    edges: IntArray,
    cost: FloatArray,
    objective: str,
    constraints: Constraints,
    rank: int = 1,
) -> Route:
    """Turn a path's edge indices into a Route (legs grouped by mode, gauge and country)."""
    kind = graph.kind
    crit = graph.criteria
    ids = graph.node_ids
    lat, lon = graph.node_lat, graph.node_lon
    first_mid = graph.first_mid_vertex
    legs: list[Leg] = []
    gauge_breaks: list[dict[str, object]] = []
    cur: _MoveLeg | None = None

    def point(v: int, e: int) -> tuple[float, float]:
        if v >= first_mid:  # frontier point: middle of the border link
            lk = graph.link[e]
            f, t = graph.link_from[lk], graph.link_to[lk]
            return (float((lon[f] + lon[t]) / 2), float((lat[f] + lat[t]) / 2))
        n = graph.vertex_node[v]
        return (float(lon[n]), float(lat[n]))

    for e in edges.tolist():
        k = kind[e]
        if k == EdgeKind.ACCESS:
            continue
        t, h = int(graph.tails[e]), int(graph.indices[e])
        if k == EdgeKind.MOVE:
            key = (int(graph.mode[e]), int(graph.gauge[e]) or None, int(graph.country[e]))
            if cur is None or cur.key != key:
                if cur is not None:
                    legs.append(cur.leg(graph))
                cur = _MoveLeg(key, [ids[graph.vertex_node[t]]], [point(t, e)])
            lid = graph.link_ids[graph.link[e]]
            if not cur.links or cur.links[-1] != lid:
                cur.links.append(lid)
            cur.statuses.add(STATUS_CODES[graph.status[e]])
            place = ids[graph.vertex_node[h]]
            if cur.places[-1] != place:
                cur.places.append(place)
            cur.coords.append(point(h, e))
            cur.km += float(crit[e, Criterion.DISTANCE_KM])
            cur.h += float(crit[e, Criterion.TIME_H])
            cur.usd += float(crit[e, Criterion.COST_USD])
            cur.kg += float(crit[e, Criterion.CO2_KG])
            continue
        if cur is not None:
            legs.append(cur.leg(graph))
            cur = None
        if k == EdgeKind.BORDER:
            x = int(graph.crossing[e])
            legs.append(_stop_leg(graph, e, "border", crossing=x, detail=graph.crossing_names[x]))
            continue
        if (
            graph.vertex_mode[t] == graph.vertex_mode[h]
            and graph.vertex_gauge[t] != graph.vertex_gauge[h]
        ):
            gauge_breaks.append(
                {
                    "place": ids[graph.node[e]],
                    "from_gauge_mm": int(graph.vertex_gauge[t]),
                    "to_gauge_mm": int(graph.vertex_gauge[h]),
                }
            )
        kind_name = "handling" if k == EdgeKind.HANDLING else "transfer"
        detail = f"{state_label(graph, t)} -> {state_label(graph, h)}"
        legs.append(_stop_leg(graph, e, kind_name, detail=detail))
    if cur is not None:
        legs.append(cur.leg(graph))
    sums = crit[edges].sum(axis=0)
    vertices: list[str] = []
    for leg in legs:
        for p in leg.places:
            if not vertices or vertices[-1] != p:
                vertices.append(p)
    a = int(graph.vertex_node[graph.tails[edges[0]]])
    b = int(graph.vertex_node[graph.indices[edges[-1]]])
    totals = Totals(
        distance_km=float(sums[Criterion.DISTANCE_KM]),
        time_h=float(sums[Criterion.TIME_H]),
        cost_usd=float(sums[Criterion.COST_USD]),
        co2_kg=float(sums[Criterion.CO2_KG]),
        borders=round(sums[Criterion.BORDERS]),
        transfers=round(sums[Criterion.TRANSFERS]),
        gauge_breaks=len(gauge_breaks),
        border_time_h=sum(leg.time_h for leg in legs if leg.kind == "border"),
        transfer_time_h=sum(leg.time_h for leg in legs if leg.kind in ("transfer", "handling")),
    )
    return Route(
        origin=ids[a],
        destination=ids[b],
        origin_name=graph.node_names[a],
        destination_name=graph.node_names[b],
        objective=objective,
        objective_value=float(cost[edges].sum()),
        unit=graph.unit,
        constraints=constraints.to_dict(),
        legs=tuple(legs),
        vertices=tuple(vertices),
        totals=totals,
        gauge_breaks=tuple(gauge_breaks),
        rank=rank,
        value_of_time_usd_h=graph.value_of_time_usd_h * teu_per_unit(graph.unit, graph.payload_t_teu),
    )
