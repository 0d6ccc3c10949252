"""One-to-one routes: check ids, build the cost vector, call the kernel, build the Route."""

from __future__ import annotations

import dataclasses
import hashlib
import itertools
import weakref
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from corridor._types import FloatArray, IntArray
from corridor.errors import InputError, NoRouteError
from corridor.graph.model import Criterion, EdgeKind, Graph, VertexKind
from corridor.network.places import PlaceMatch
from corridor.objectives import edge_cost, parse_objective, weights
from corridor.paths._small import dijkstra, trace_edges
from corridor.paths.options import RouteOptions, place_match, usable_edges
from corridor.results.route import Leg, Route, Totals
from corridor.units import teu_per_unit
from corridor.vocab import MODES, STATUSES, STOP_LEGS, LegKind

if TYPE_CHECKING:
    from corridor.network.model import Network

# plain ints: an Enum member looked up in a loop costs a class __getattr__ each time
_MOVE, _ACCESS = int(EdgeKind.MOVE), int(EdgeKind.ACCESS)
_FRONTIER = int(VertexKind.FRONTIER)


def as_graph(network: Network | Graph, unit: str = "teu") -> Graph:
    """The compiled graph of a network (cached), or the graph itself."""
    if isinstance(network, Graph):
        if unit != network.unit:
            msg = f"the graph was compiled for unit {network.unit!r}, not {unit!r}"
            raise InputError(msg)
        return network
    from corridor.graph.compiler import compile as compile_graph

    return compile_graph(network, unit=unit)


_COSTS: OrderedDict[tuple[object, ...], FloatArray] = OrderedDict()
"""Masked cost vectors by (graph content, objective, options), most recent last."""
_COSTS_SIZE = 64
_GRAPH_KEYS: weakref.WeakKeyDictionary[Graph, str] = weakref.WeakKeyDictionary()


def graph_key(graph: Graph) -> str:
    """A SHA-256 of a graph's arrays and settings: equal for graphs with equal content
    (one compiled now, one restored from the disk cache), whatever objects they are."""
    known = _GRAPH_KEYS.get(graph)
    if known is not None:
        return known
    h = hashlib.sha256(
        repr(
            (graph.unit, graph.payload_t_teu, graph.value_of_time_usd_h, graph.carbon_price_usd_t)
        ).encode()
    )
    for part in (graph.csr, graph.edges, graph.labels):
        for f in dataclasses.fields(part):
            value = getattr(part, f.name)
            if isinstance(value, np.ndarray):
                h.update(f"\0{f.name}\0{value.dtype}\0{value.shape}".encode())
                if value.dtype.kind == "O":
                    h.update(repr(value.tolist()).encode())
                else:
                    h.update(np.ascontiguousarray(value).tobytes())
            elif f.name != "node_lookup":
                h.update(f"\0{f.name}\0{value!r}".encode())
    key = h.hexdigest()
    _GRAPH_KEYS[graph] = key
    return key


def masked_cost(
    graph: Graph,
    by: str,
    options: RouteOptions,
    value_of_time_usd_teu_h: float | None = None,
    carbon_price_usd_t: float | None = None,
) -> FloatArray:
    """Edge costs under an objective with forbidden edges set to ``inf``.

    Memoised per graph and read-only: copy it before changing it.
    """
    key = (graph_key(graph), by, value_of_time_usd_teu_h, carbon_price_usd_t, options)
    cost = _COSTS.get(key)
    if cost is None:
        base = edge_cost(
            graph,
            by,
            value_of_time_usd_teu_h=value_of_time_usd_teu_h,
            carbon_price_usd_t=carbon_price_usd_t,
        )
        if options.road_truck_factor != 1.0:
            w = weights(
                graph,
                by,
                value_of_time_usd_teu_h=value_of_time_usd_teu_h,
                carbon_price_usd_t=carbon_price_usd_t,
            )
            base = base + (options.road_truck_factor - 1.0) * w[Criterion.COST_USD] * (
                truck_money(graph)
            )
        cost = np.where(usable_edges(graph, options), base, np.inf)
        cost.setflags(write=False)
        _COSTS[key] = cost
        while len(_COSTS) > _COSTS_SIZE:
            _COSTS.popitem(last=False)
    _COSTS.move_to_end(key)
    return cost


def truck_money(graph: Graph) -> FloatArray:
    """Money per TEU of each edge charged per truck (road moves and road border
    formalities), 0 on the others: what a segment's ``road_truck_factor`` scales."""
    from corridor.vocab import Mode

    road = graph.edges.mode == list(MODES).index(Mode.ROAD)
    per_truck = road & np.isin(graph.edges.kind, (EdgeKind.MOVE, EdgeKind.BORDER))
    return np.where(per_truck, graph.edges.criteria[:, Criterion.COST_USD], 0.0)


def trace(graph: Graph, pred: IntArray, target: int) -> list[int]:
    """Edges of the path the predecessor array gives into ``target``, in order."""
    out = np.empty(graph.n_vertices, dtype=np.int64)  # a path visits each vertex at most once
    k = trace_edges(pred, graph.csr.tails, target, out)
    return [int(e) for e in out[k - 1 :: -1]] if k else []


def shortest_edges(graph: Graph, cost: FloatArray, a: int, b: int) -> IntArray | None:
    """Edges of the cheapest path from place a to place b (None if unreachable)."""
    csr = graph.csr
    dist = np.empty(csr.n_vertices)
    pred = np.empty(csr.n_vertices, dtype=np.int64)
    source = csr.dep_vertex[a : a + 1]
    target = int(csr.arr_vertex[b])
    dijkstra(csr.indptr, csr.indices, cost, source, np.zeros(1), target, dist, pred)
    if not np.isfinite(dist[target]):
        return None
    return np.array(trace(graph, pred, target), dtype=np.int64)


@dataclass(frozen=True, slots=True)
class Query:
    """A checked route question: the graph, places, objective, options and edge costs."""

    graph: Graph
    places: tuple[int, ...]
    objective: str
    options: RouteOptions
    cost: FloatArray
    matches: tuple[PlaceMatch, ...] = ()
    """How each place was named (query text and match kind)."""


Weight = str | npt.ArrayLike | Callable[[Graph], npt.ArrayLike]
"""What a route minimises: an objective name (``time``, ``cost``, ``co2``, ``generalised``),
an edge-cost vector (one value per graph edge, ``inf`` removes an edge) or a callable
``graph -> edge costs`` (networkx's callable weight; :func:`corridor.paths.skim` takes a
cost vector too)."""

CUSTOM = "custom"
"""The ``objective`` of a route searched on a caller's edge costs."""


def edge_weights(
    graph: Graph, by: Weight, options: RouteOptions, **prices: float | None
) -> FloatArray:
    """Edge costs for ``by`` with the edges ``options`` forbid set to ``inf``.

    Raises
    ------
    InputError
        For a cost vector of the wrong length, or with a negative or NaN entry.
    """
    if isinstance(by, str):
        return masked_cost(graph, parse_objective(by).value, options, **prices)
    raw = by(graph) if callable(by) else by
    cost = np.array(raw, dtype=np.float64).reshape(-1)
    if cost.shape[0] != graph.n_edges:
        msg = f"an edge-cost vector needs one value per graph edge ({graph.n_edges}), got {cost.shape[0]}"
        raise InputError(msg)
    if np.isnan(cost).any() or (cost < 0).any():
        msg = "edge costs must be >= 0 (inf removes an edge); got a negative or NaN value"
        raise InputError(msg)
    cost[~usable_edges(graph, options)] = np.inf
    cost.setflags(write=False)
    return cost


def prepare(
    network: Network | Graph,
    places: Sequence[str],
    *,
    by: Weight,
    options: RouteOptions | None,
    value_of_time_usd_teu_h: float | None,
    carbon_price_usd_t: float | None,
    unit: str,
) -> Query:
    """Check a route question once: resolve places, check options, build edge costs.

    Raises InputError when two consecutive places are the same.
    """
    graph = as_graph(network, unit)
    objective = parse_objective(by).value if isinstance(by, str) else CUSTOM
    matches = tuple(place_match(graph, p) for p in places)
    idx = tuple(m.index for m in matches)
    for a, b in itertools.pairwise(idx):
        if a == b:
            msg = f"origin and destination are the same place ({graph.labels.node_ids[a]})"
            raise InputError(msg)
    options = options or RouteOptions()
    cost = edge_weights(
        graph,
        by,
        options,
        value_of_time_usd_teu_h=value_of_time_usd_teu_h,
        carbon_price_usd_t=carbon_price_usd_t,
    )
    return Query(graph, idx, objective, options, cost, matches)


def route(
    network: Network | Graph,
    origin: str,
    destination: str,
    *,
    by: Weight = "time",
    options: RouteOptions | None = None,
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
        carbon price x tonnes CO2e); or your own edge costs: an array with one value per
        edge of the compiled graph (``inf`` removes an edge) or a callable ``graph ->
        array`` (the route's ``objective`` is then ``custom``; ``options`` still apply).
    options
        What the route may use (:class:`RouteOptions`: modes, avoided countries, places,
        crossings and links, planned links); default: every existing link.
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
        For an unknown place (with suggestions) or avoided element.
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
        options=options,
        value_of_time_usd_teu_h=value_of_time_usd_teu_h,
        carbon_price_usd_t=carbon_price_usd_t,
        unit=unit,
    )
    a, b = q.places
    edges = shortest_edges(q.graph, q.cost, a, b)
    if edges is None:
        raise NoRouteError(no_route_message(q.graph, a, b, q.options))
    return with_matches(build_route(q.graph, edges, q.cost, q.objective, q.options), q.matches)


def with_matches(r: Route, matches: Sequence[PlaceMatch]) -> Route:
    """The route with how its origin and destination were named (``origin_query`` ...)."""
    if len(matches) < 2:
        return r
    a, b = matches[0], matches[-1]
    return dataclasses.replace(
        r,
        origin_query=a.query,
        origin_match=a.match,
        destination_query=b.query,
        destination_match=b.match,
    )


def no_route_message(graph: Graph, a: int, b: int, c: RouteOptions) -> str:
    """Why places a and b are not connected under the options (one line)."""
    what = []
    if c.modes is not None:
        what.append(f"modes {','.join(c.modes)}")
    if c.avoid_countries or c.avoid_places or c.avoid_crossings or c.avoid_links:
        what.append("the avoided items")
    if not c.include_planned:
        what.append("existing links only")
    ids = graph.labels.node_ids
    msg = f"no route from {ids[a]} to {ids[b]}"
    if what:
        msg += f" with {' and '.join(what)}"
    return msg


def state_label(graph: Graph, vertex: int) -> str:
    """``mode`` or ``rail:gauge`` of a vertex, as transfers.csv writes states."""
    mode = MODES[graph.csr.vertex_mode[vertex]]
    gauge = int(graph.csr.vertex_gauge[vertex])
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

    def add(self, graph: Graph, e: int, head_point: tuple[float, float], money: FloatArray) -> None:
        """Extend the leg by move edge ``e`` (``money``: each edge's US$, see
        :func:`_money`)."""
        edges, labels = graph.edges, graph.labels
        lid = labels.link_ids[edges.link[e]]
        if not self.links or self.links[-1] != lid:
            self.links.append(lid)
        self.statuses.add(STATUSES[edges.status[e]].value)
        place = labels.node_ids[graph.csr.vertex_node[graph.csr.indices[e]]]
        if self.places[-1] != place:
            self.places.append(place)
        self.coords.append(head_point)
        crit = edges.criteria[e]
        self.km += float(crit[Criterion.DISTANCE_KM])
        self.h += float(crit[Criterion.TIME_H])
        self.usd += float(money[e])
        self.kg += float(crit[Criterion.CO2_KG])

    def leg(self, graph: Graph) -> Leg:
        mode, gauge, country = self.key
        return Leg(
            kind=LegKind.MOVE,
            from_place=self.places[0],
            to_place=self.places[-1],
            mode=MODES[mode].value,
            gauge_mm=gauge,
            country=graph.labels.countries[country],
            distance_km=self.km,
            time_h=self.h,
            cost_usd=self.usd,
            co2_kg=self.kg,
            places=tuple(self.places),
            links=tuple(self.links),
            statuses=tuple(sorted(self.statuses)),
            coords=tuple(self.coords),
        )


def _money(graph: Graph, options: RouteOptions) -> FloatArray:
    """US$ per unit of each edge: per-truck money (road moves and borders,
    :func:`truck_money`) times the freight's ``road_truck_factor`` (a bulk TEU of capacity
    pays 1.68 truck-TEU), the rest as the graph has it."""
    money = graph.edges.criteria[:, Criterion.COST_USD]
    if options.road_truck_factor == 1.0:
        return money
    return np.asarray(money + (options.road_truck_factor - 1.0) * truck_money(graph))


def _stop_leg(graph: Graph, e: int, money: FloatArray, truck: str = "") -> Leg:
    """A leg for one stop edge: a border crossing, a transfer, a gauge change, handling
    (``truck``: whose truck arrives at a transload, when the path says so)."""
    edges, labels, csr = graph.edges, graph.labels, graph.csr
    node = int(edges.node[e])
    place = labels.node_ids[node]
    crit = edges.criteria[e]
    kind = EdgeKind(int(edges.kind[e])).leg_kind
    assert kind is not None
    x = int(edges.crossing[e])
    if kind is LegKind.BORDER:
        detail = labels.crossing_names[x]
    else:
        t, h = int(csr.tails[e]), int(csr.indices[e])
        detail = f"{state_label(graph, t)} -> {state_label(graph, h)}"
        ct, ch = int(csr.vertex_carrier[t]), int(csr.vertex_carrier[h])
        if ct != ch and min(ct, ch) >= 0:  # a transload between two carriers' trucks
            taker = labels.countries[int(edges.carrier[e])]
            detail = f"{truck or labels.carrier_names[ct]} truck -> {taker} truck"
    return Leg(
        kind=kind,
        from_place=place,
        to_place=place,
        mode=MODES[edges.mode[e]].value,
        gauge_mm=int(edges.gauge[e]) or None,
        country=labels.countries[edges.country[e]],
        distance_km=0.0,
        time_h=float(crit[Criterion.TIME_H]),
        cost_usd=float(money[e]),
        co2_kg=float(crit[Criterion.CO2_KG]),
        places=(place,),
        crossing=labels.crossing_ids[x] if kind is LegKind.BORDER else None,
        detail=detail,
        coords=((float(labels.node_lon[node]), float(labels.node_lat[node])),),
    )


def _point(graph: Graph, v: int, e: int) -> tuple[float, float]:
    """(lon, lat) of vertex ``v`` reached by edge ``e``; a frontier vertex lies on its link."""
    labels = graph.labels
    lon, lat = labels.node_lon, labels.node_lat
    if graph.csr.vertex_kind[v] == _FRONTIER:
        lk = graph.edges.link[e]
        f, t = labels.link_from[lk], labels.link_to[lk]
        share = labels.link_frontier_km[lk] / labels.link_length_km[lk]
        return (
            float(lon[f] + share * (lon[t] - lon[f])),
            float(lat[f] + share * (lat[t] - lat[f])),
        )
    n = graph.csr.vertex_node[v]
    return (float(lon[n]), float(lat[n]))


def _legs(graph: Graph, edges: IntArray, money: FloatArray) -> list[Leg]:
    """A path's legs: moves grouped by mode, gauge and country; one leg per stop."""
    kind, csr = graph.edges.kind, graph.csr
    legs: list[Leg] = []
    cur: _MoveLeg | None = None
    truck = ""
    for e, k in zip(edges.tolist(), kind[edges].tolist(), strict=True):
        if k == _ACCESS:
            truck = truck or _first_truck(graph, e)
            continue
        if k == _MOVE:
            key = (
                int(graph.edges.mode[e]),
                int(graph.edges.gauge[e]) or None,
                int(graph.edges.country[e]),
            )
            if cur is None or cur.key != key:
                if cur is not None:
                    legs.append(cur.leg(graph))
                t = int(csr.tails[e])
                start = graph.labels.node_ids[csr.vertex_node[t]]
                cur = _MoveLeg(key, [start], [_point(graph, t, e)])
            cur.add(graph, e, _point(graph, int(csr.indices[e]), e), money)
            continue
        if cur is not None:
            legs.append(cur.leg(graph))
            cur = None
        legs.append(_stop_leg(graph, e, money, truck))
        ct, ch = csr.vertex_carrier[csr.tails[e]], csr.vertex_carrier[csr.indices[e]]
        if ct != ch and min(ct, ch) >= 0:  # after a transload: the taker's truck
            truck = graph.labels.countries[int(graph.edges.carrier[e])]
    if cur is not None:
        legs.append(cur.leg(graph))
    return legs


def _first_truck(graph: Graph, e: int) -> str:
    """Whose truck a path starting with access edge ``e`` begins on, if the layer says:
    the origin's country when it is one of the layer's (graph/_carriers.py)."""
    labels, csr = graph.labels, graph.csr
    layer = int(csr.vertex_carrier[csr.indices[e]])
    if layer < 0 or not labels.carrier_names:
        return ""
    home = labels.countries[int(labels.node_country[csr.vertex_node[csr.tails[e]]])]
    in_class = any(home in n.split("/") for n in labels.carrier_names[:-1] if n)
    if layer == len(labels.countries):
        return "" if in_class else home
    return home if home in labels.carrier_names[layer].split("/") else ""


def build_route(
    graph: Graph,
    edges: IntArray,
    cost: FloatArray,
    objective: str,
    options: RouteOptions,
    rank: int = 1,
) -> Route:
    """Turn a path's edge indices into a Route (legs grouped by mode, gauge and country)."""
    csr, labels = graph.csr, graph.labels
    ids = labels.node_ids
    money = _money(graph, options)
    legs = _legs(graph, edges, money)
    gauge_breaks = tuple(
        {
            "place": ids[graph.edges.node[e]],
            "from_gauge_mm": int(csr.vertex_gauge[csr.tails[e]]),
            "to_gauge_mm": int(csr.vertex_gauge[csr.indices[e]]),
        }
        for e in edges[graph.edges.kind[edges] == EdgeKind.GAUGE_CHANGE].tolist()
    )
    sums = graph.edges.criteria[edges].sum(axis=0)
    vertices: list[str] = []
    for leg in legs:
        for p in leg.places:
            if not vertices or vertices[-1] != p:
                vertices.append(p)
    a = int(csr.vertex_node[csr.tails[edges[0]]])
    b = int(csr.vertex_node[csr.indices[edges[-1]]])
    totals = Totals(
        distance_km=float(sums[Criterion.DISTANCE_KM]),
        time_h=float(sums[Criterion.TIME_H]),
        cost_usd=float(sums[Criterion.COST_USD])
        if options.road_truck_factor == 1.0
        else float(money[edges].sum()),
        co2_kg=float(sums[Criterion.CO2_KG]),
        borders=round(sums[Criterion.BORDERS]),
        transfers=round(sums[Criterion.TRANSFERS]),
        gauge_breaks=len(gauge_breaks),
        border_time_h=sum(leg.time_h for leg in legs if leg.kind == LegKind.BORDER),
        transfer_time_h=sum(leg.time_h for leg in legs if leg.kind in STOP_LEGS),
    )
    return Route(
        origin=ids[a],
        destination=ids[b],
        origin_name=labels.node_names[a],
        destination_name=labels.node_names[b],
        objective=objective,
        objective_value=float(cost[edges].sum()),
        unit=graph.unit,
        constraints=options.to_dict(),
        legs=tuple(legs),
        vertices=tuple(vertices),
        totals=totals,
        gauge_breaks=gauge_breaks,
        rank=rank,
        context=graph.context,
        edge_path=tuple(edges.tolist()),
        value_of_time_usd_h=graph.value_of_time_usd_h
        * teu_per_unit(graph.unit, graph.payload_t_teu),
    )
