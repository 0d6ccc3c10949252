"""Corridors side by side: every named corridor that connects two places, plus the best
unconstrained routes by time, by cost and by P90 (``corridor compare``).

See ``docs/compare.md`` for the connection rule and the columns.

Public API (stable; ``corridor report`` builds on it)
-----------------------------------------------------
``compare(network_or_graph, origin, destination, *, options=None, unit="teu",
seed=DEFAULT_SEED, n_samples=DEFAULT_SAMPLES) -> Comparison``

``Comparison`` (frozen): ``rows`` (``ComparisonRow``, connected routes in table order),
``unconnected`` (``Unconnected``: corridor id, name, reason), ``best`` (column -> row
labels with the best value), ``context`` (:class:`corridor.results.Context`: the day,
as-of date and scenario of the network compared on), ``options``, ``seed``,
``n_samples``; ``to_dict()`` (the JSON form) and ``to_frame()`` (one row per connected
route, the ``COLUMNS``).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

import numpy as np

from corridor.errors import CorridorError, InputError, NoRouteError, UnknownIdError
from corridor.graph.model import Graph
from corridor.paths import (
    RouteOptions,
    as_graph,
    place_index,
    place_match,
    robust_route,
    route,
    route_via,
)
from corridor.paths.reliable import DEFAULT_SAMPLES, DEFAULT_SEED, with_reliability
from corridor.results.context import Context, Naming
from corridor.results.route import Route

if TYPE_CHECKING:
    import pandas as pd

    from corridor._types import FloatArray
    from corridor.network.model import Network

EARTH_RADIUS_KM = 6371.0088
MAX_ACCESS_SHARE = 1.0 / 3.0
"""A corridor connects only when its entry waypoint lies within this share of the
great-circle distance FROM -> TO of FROM, and its exit waypoint as near TO (docs/compare.md)."""
MAX_DETOUR = 2.5
"""... and when FROM -> entry -> the corridor's waypoints -> exit -> TO is at most this
multiple of the great-circle distance FROM -> TO."""
MAX_SEGMENT_DETOUR = 3.0
"""A routed corridor is broken (a closed crossing, a missing link) when the route between
two consecutive places of its plan runs more than this multiple of their great-circle
distance plus :data:`SEGMENT_SLACK_KM`."""
SEGMENT_SLACK_KM = 300.0

COLUMNS: tuple[str, ...] = (
    "distance_km",
    "mean_days",
    "p50_days",
    "p90_days",
    "cost_usd",
    "line_haul_usd",
    "border_fees_usd",
    "handling_usd",
    "gauge_change_usd",
    "co2_kg",
    "borders",
    "gauge_breaks",
    "transfers",
    "countries",
    "needs_planned",
)
"""Columns of :meth:`Comparison.to_frame` after ``label``, ``kind`` and ``name``."""

BEST_COLUMNS: tuple[str, ...] = COLUMNS[:13]
"""Columns where the smallest value is best (highlighted; the ``best`` map)."""


@dataclass(frozen=True, slots=True)
class ComparisonRow:
    """One compared route: a named corridor or a best unconstrained route."""

    label: str
    """Row key: the corridor id, or ``best_time`` / ``best_cost`` / ``best_p90`` (joined with
    ``+`` when the same route is best on several, e.g. ``best_time+best_p90``)."""
    kind: str
    """``corridor`` or ``best``."""
    name: str
    """The corridor's name, or e.g. ``Fastest route``."""
    route: Route
    """The route, with ``totals.mean_h/p50_h/p90_h`` filled by the Monte Carlo."""
    waypoints: tuple[str, ...] = ()
    """The places routed through (corridors: FROM, the corridor's waypoints used, TO)."""

    def values(self) -> dict[str, Any]:
        """The row's ``COLUMNS`` values (days from hours, money per the route's unit)."""
        t = self.route.totals
        b = self.route.cost_breakdown
        day = 24.0
        return {
            "distance_km": t.distance_km,
            "mean_days": math.nan if t.mean_h is None else t.mean_h / day,
            "p50_days": math.nan if t.p50_h is None else t.p50_h / day,
            "p90_days": math.nan if t.p90_h is None else t.p90_h / day,
            "cost_usd": t.cost_usd,
            "line_haul_usd": b["line_haul_usd"],
            "border_fees_usd": b["border_fees_usd"],
            "handling_usd": b["handling_usd"],
            "gauge_change_usd": b["gauge_change_usd"],
            "co2_kg": t.co2_kg,
            "borders": t.borders,
            "gauge_breaks": t.gauge_breaks,
            "transfers": t.transfers,
            "countries": "-".join(self.route.countries),
            "needs_planned": needs_planned(self.route),
        }


@dataclass(frozen=True, slots=True)
class Unconnected:
    """A named corridor that does not connect the two places, and why."""

    corridor: str
    name: str
    reason: str


@dataclass(frozen=True, slots=True)
class Comparison:
    """The answer of :func:`compare` (frozen, whole)."""

    origin: str
    destination: str
    origin_name: str
    destination_name: str
    unit: str
    rows: tuple[ComparisonRow, ...]
    unconnected: tuple[Unconnected, ...]
    best: dict[str, tuple[str, ...]]
    """Column -> labels of the rows with the smallest value (ties: all of them)."""
    context: Context = field(default_factory=Context)
    """The network of the day compared on (date, as-of date, scenario)."""
    options: RouteOptions = field(default_factory=RouteOptions)
    """What the best routes could use (corridors add their own modes)."""
    seed: int = DEFAULT_SEED
    n_samples: int = DEFAULT_SAMPLES
    """The Monte Carlo of every row (common seed)."""
    naming: Naming = field(default_factory=Naming)
    """How the question named its places (``origin_query``, ``origin_match`` ...)."""

    @property
    def settings(self) -> dict[str, Any]:
        """The JSON context keys: the day, the options, the Monte Carlo, the thresholds."""
        return {
            **self.context.to_dict(),
            "include_planned": self.options.include_planned,
            "carrier": self.options.carrier,
            "service": self.options.service,
            "seed": self.seed,
            "n_samples": self.n_samples,
            "max_access_share": round(MAX_ACCESS_SHARE, 4),
            "max_detour": MAX_DETOUR,
            "max_segment_detour": MAX_SEGMENT_DETOUR,
            "segment_slack_km": SEGMENT_SLACK_KM,
        }

    def row(self, label: str) -> ComparisonRow:
        """The row with this label (KeyError if none)."""
        for r in self.rows:
            if r.label == label:
                return r
        raise KeyError(label)

    def to_dict(self) -> dict[str, Any]:
        """The stable JSON form (``corridor compare --json``): context keys, ``columns``,
        ``rows`` (values, waypoints and the full route), ``best`` and ``unconnected``."""
        return {
            "origin": self.origin,
            "destination": self.destination,
            "origin_name": self.origin_name,
            "destination_name": self.destination_name,
            **self.naming.to_dict(),
            "unit": self.unit,
            **self.settings,
            "columns": list(COLUMNS),
            "rows": [
                {
                    "label": r.label,
                    "kind": r.kind,
                    "name": r.name,
                    "waypoints": list(r.waypoints),
                    **{k: _json_value(v) for k, v in r.values().items()},
                    "route": r.route.to_dict(),
                }
                for r in self.rows
            ],
            "best": {k: list(v) for k, v in self.best.items()},
            "unconnected": [
                {"corridor": u.corridor, "name": u.name, "reason": u.reason}
                for u in self.unconnected
            ],
        }

    def to_frame(self) -> pd.DataFrame:
        """One row per connected route: ``label``, ``kind``, ``name`` and the ``COLUMNS``."""
        import pandas as pd

        records = [
            {"label": r.label, "kind": r.kind, "name": r.name, **r.values()} for r in self.rows
        ]
        return pd.DataFrame(records, columns=["label", "kind", "name", *COLUMNS])


def _json_value(v: Any) -> Any:
    if isinstance(v, bool | str | int):
        return v
    f = float(v)
    return None if not math.isfinite(f) else round(f, 3) + 0.0


def needs_planned(route: Route) -> bool:
    """Whether the route uses a link that is not ``existing`` (planned, under construction)."""
    return any(set(leg.statuses) - {"existing"} for leg in route.legs)


def best_map(rows: Sequence[ComparisonRow]) -> dict[str, tuple[str, ...]]:
    """Column -> labels of the rows with the smallest value in ``BEST_COLUMNS``.

    Values are compared as shown (rounded to 3 decimals) so ties are ties; rows without a
    value (NaN) never win.
    """
    out: dict[str, tuple[str, ...]] = {}
    values = [r.values() for r in rows]
    for col in BEST_COLUMNS:
        vals = [round(float(v[col]), 3) for v in values]
        finite = [x for x in vals if math.isfinite(x)]
        if not finite:
            continue
        low = min(finite)
        out[col] = tuple(r.label for r, x in zip(rows, vals, strict=True) if x == low)
    return out


def compare(
    network: Network | Graph,
    origin: str,
    destination: str,
    *,
    options: RouteOptions | None = None,
    unit: str = "teu",
    seed: int = DEFAULT_SEED,
    n_samples: int = DEFAULT_SAMPLES,
    value_of_time_usd_teu_h: float | None = None,
) -> Comparison:
    """Every named corridor that connects two places, plus the best routes by time, cost, P90.

    Given ``value_of_time_usd_teu_h`` (a commodity segment's, e.g.
    :func:`corridor.demand.segment_vot`), also the best route by generalised cost at that
    value of time (row label ``best_generalised``).

    Parameters
    ----------
    network
        The network of the day (:func:`corridor.load`) or its compiled graph
        (:func:`corridor.load_graph`): the named corridors and ferry timetables are
        compiled into the graph; its context (day, scenario) is the comparison's.
    origin, destination
        Place ids, names or aliases.
    options
        What the routes may use (:class:`corridor.RouteOptions`; a corridor's own modes
        replace ``options.modes`` on its row).
    unit
        ``teu`` or ``tonne`` (money and CO2e per unit; a graph's own unit wins).
    seed, n_samples
        The Monte Carlo of every route's transit time (common seed for every route).

    Returns
    -------
    Comparison

    Raises
    ------
    UnknownIdError
        For an unknown place.
    NoRouteError
        If the places are not connected at all.

    Examples
    --------
    >>> import corridor
    >>> from corridor.data import path
    >>> c = compare(corridor.load(path("examples/tiny")), "a", "d")
    >>> [r.label for r in c.rows], c.context.date
    (['best_time+best_p90', 'best_cost', 'rail_line'], '2025-06-01')
    """
    g = network if isinstance(network, Graph) else as_graph(network, unit)
    # resolve names once (a fuzzy place lookup costs ~30 ms); ids are exact afterwards
    matches = [place_match(g, origin), place_match(g, destination)]
    a, b = matches[0].index, matches[1].index
    origin, destination = g.labels.node_ids[a], g.labels.node_ids[b]
    opts = options or RouteOptions()

    def sim(r: Route) -> Route:
        return with_reliability(g, r, seed=seed, n_samples=n_samples)

    best = _best_routes(g, origin, destination, opts, seed, n_samples, sim)
    if value_of_time_usd_teu_h is not None:
        best["best_generalised"] = sim(
            route(g, origin, destination, by="generalised", options=opts, unit=g.unit,
                  value_of_time_usd_teu_h=value_of_time_usd_teu_h)
        )  # fmt: skip
    rows = _best_rows(best)
    corridor_rows, unconnected = _corridor_rows(g, a, b, opts, sim)
    rows += corridor_rows
    first = best["best_time"]
    return Comparison(
        origin=first.origin,
        destination=first.destination,
        origin_name=first.origin_name,
        destination_name=first.destination_name,
        unit=g.unit,
        rows=tuple(rows),
        unconnected=tuple(unconnected),
        best=best_map(rows),
        context=g.context,
        options=opts,
        seed=seed,
        n_samples=n_samples,
        naming=Naming.of(matches),
    )


_BEST_NAMES = {
    "best_time": "fastest",
    "best_cost": "cheapest",
    "best_p90": "most reliable (P90)",
    "best_generalised": "cheapest in generalised cost (segment's value of time)",
}


def _best_routes(
    g: Graph,
    origin: str,
    destination: str,
    opts: RouteOptions,
    seed: int,
    n_samples: int,
    sim: Callable[[Route], Route],
) -> dict[str, Route]:
    """The best routes by time and cost (simulated by ``sim``) and the most robust (P90)."""
    return {
        "best_time": sim(route(g, origin, destination, by="time", options=opts, unit=g.unit)),
        "best_cost": sim(route(g, origin, destination, by="cost", options=opts, unit=g.unit)),
        "best_p90": robust_route(
            g,
            origin,
            destination,
            options=opts,
            seed=seed,
            n_samples=n_samples,
            unit=g.unit,
        )[0],
    }


def _corridor_rows(
    g: Graph,
    a: int,
    b: int,
    options: RouteOptions,
    sim: Callable[[Route], Route],
) -> tuple[list[ComparisonRow], list[Unconnected]]:
    """A row per named corridor that connects place ``a`` to ``b`` (by P50), and the rest."""
    corridor_rows: list[ComparisonRow] = []
    unconnected: list[Unconnected] = []
    for i in range(len(g.labels.corridor_ids)):
        found = _corridor_row(g, i, a, b, options, sim)
        if isinstance(found, Unconnected):
            unconnected.append(found)
        else:
            corridor_rows.append(found)
    corridor_rows.sort(key=lambda r: (r.route.totals.p50_h or math.inf, r.label))
    return corridor_rows, unconnected


def _best_rows(best: dict[str, Route]) -> list[ComparisonRow]:
    """One row per distinct best route (labels joined with ``+`` when the same path wins
    several objectives)."""
    groups: list[tuple[list[str], Route]] = []
    for label, r in best.items():
        for labels, other in groups:
            if other.edge_path == r.edge_path:
                labels.append(label)
                break
        else:
            groups.append(([label], r))
    return [
        ComparisonRow(
            label="+".join(labels),
            kind="best",
            name=", ".join(_BEST_NAMES[x] for x in labels),
            route=r,
            waypoints=(r.origin, r.destination),
        )
        for labels, r in groups
    ]


def great_circle_km(lat1: Any, lon1: Any, lat2: Any, lon2: Any) -> Any:
    """Great-circle distance, km (haversine; scalars or arrays)."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dp, dl = p2 - p1, np.radians(lon2) - np.radians(lon1)
    h = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.minimum(h, 1.0)))


def corridor_plan(
    graph: Graph, waypoints: Sequence[str], origin: int, destination: int
) -> tuple[tuple[int, ...], str | None]:
    """The places to route through to use a corridor from ``origin`` to ``destination``,
    or a reason why the corridor does not connect them (the rule of docs/compare.md).

    1. Orientation: corridors run both ways; the waypoints are reversed when
       ``gc(FROM, last) + gc(first, TO) < gc(FROM, first) + gc(last, TO)``.
    2. Entry = the waypoint nearest FROM, exit = the waypoint nearest TO (great circle);
       the exit must come after the entry.
    3. Ends: ``gc(FROM, entry)`` and ``gc(exit, TO)`` at most :data:`MAX_ACCESS_SHARE` x
       ``gc(FROM, TO)`` (the corridor starts near FROM and ends near TO).
    4. Fit: the great-circle length of FROM -> entry -> ... -> exit -> TO must be at most
       :data:`MAX_DETOUR` times ``gc(FROM, TO)``.

    After routing, :func:`broken_segment` rejects a route whose stretch between two
    consecutive plan places is a long way round (the corridor's own way is closed).

    Returns (place indices FROM, entry..exit, TO without repeats; None) or ((), reason).
    """
    lab = graph.labels
    idx = [place_index(graph, w) for w in waypoints]
    lat, lon = lab.node_lat, lab.node_lon

    def gc(i: Any, j: Any) -> Any:
        return great_circle_km(lat[i], lon[i], lat[j], lon[j])

    if gc(origin, idx[-1]) + gc(idx[0], destination) < gc(origin, idx[0]) + gc(
        idx[-1], destination
    ):
        idx.reverse()
    arr = np.array(idx, dtype=np.int64)
    entry = int(np.argmin(gc(origin, arr)))
    exit_ = int(np.argmin(gc(arr, destination)))
    ids = lab.node_ids
    if exit_ == entry:
        return (), (
            f"touches the trip only at {ids[idx[entry]]} (its nearest waypoint to both "
            f"{ids[origin]} and {ids[destination]})"
        )
    if exit_ < entry:
        return (), (
            f"does not run between them: its nearest point to {ids[origin]} "
            f"({ids[idx[entry]]}) is not before its nearest point to {ids[destination]} "
            f"({ids[idx[exit_]]})"
        )
    direct = float(gc(origin, destination))
    for end, place, other in ((entry, origin, "starts"), (exit_, destination, "ends")):
        km = float(gc(place, idx[end]))
        if km > MAX_ACCESS_SHARE * direct:
            return (), (
                f"{other} {km:,.0f} km from {ids[place]} (nearest waypoint {ids[idx[end]]}; "
                f"more than {MAX_ACCESS_SHARE:.2f} x the {direct:,.0f} km between them)"
            )
    seq = [origin, *idx[entry : exit_ + 1], destination]
    plan = [p for k, p in enumerate(seq) if k == 0 or p != seq[k - 1]]
    pts = np.array(plan, dtype=np.int64)
    length = float(gc(pts[:-1], pts[1:]).sum())
    ratio = length / direct if direct > 0 else math.inf
    if ratio > MAX_DETOUR:
        return (), (
            f"detour {ratio:.2f} x the great-circle distance via {ids[idx[entry]]} .. "
            f"{ids[idx[exit_]]} (more than {MAX_DETOUR})"
        )
    return tuple(plan), None


def _corridor_row(
    graph: Graph,
    i: int,
    a: int,
    b: int,
    options: RouteOptions,
    sim: Any,
) -> ComparisonRow | Unconnected:
    lab = graph.labels
    cid, name = lab.corridor_ids[i], lab.corridor_names[i]
    waypoints = list(lab.corridor_waypoints[i])
    try:
        plan, reason = corridor_plan(graph, waypoints, a, b)
    except UnknownIdError as exc:
        return Unconnected(cid, name, f"unknown waypoint ({exc})")
    if reason is not None:
        return Unconnected(cid, name, reason)
    modes = lab.corridor_modes[i]
    own_options = replace(options, modes=modes or options.modes)
    include_planned = options.include_planned
    ids = graph.labels.node_ids
    via = [ids[p] for p in plan]
    r: Route | None = None
    try:
        r = route_via(
            graph,
            via,
            by="time",
            options=own_options,
            unit=graph.unit,
        )
    except NoRouteError as exc:
        reason = str(exc)
    own = [graph.labels.node_lookup[w] for w in waypoints if w in graph.labels.node_lookup]
    if r is not None:
        reason = broken_segment(graph, r, plan, own) or ""
    if not reason:
        assert r is not None
        return ComparisonRow(cid, "corridor", name, sim(r), tuple(via))
    if not include_planned:  # would planned links give the corridor a proper route?
        try:
            alt = route_via(
                graph,
                via,
                options=replace(own_options, include_planned=True),
                unit=graph.unit,
            )
        except CorridorError:
            return Unconnected(cid, name, reason)
        planned_break = broken_segment(graph, alt, plan, own)
        if planned_break is None:
            return Unconnected(cid, name, "needs planned links (try --include-planned)")
        if r is None:
            return Unconnected(cid, name, f"needs planned links and then is {planned_break}")
    return Unconnected(cid, name, reason)


def broken_segment(
    graph: Graph, r: Route, plan: Sequence[int], corridor_places: Sequence[int] = ()
) -> str | None:
    """Why a corridor route is broken, or None: the first stretch between consecutive plan
    places whose routed km exceed ``MAX_SEGMENT_DETOUR`` x their great-circle km +
    ``SEGMENT_SLACK_KM`` (the corridor's own way is closed or missing that day). With
    ``corridor_places``, only stretches between two of them are checked (the access from
    FROM and to TO is bounded by the access rule instead)."""
    inside = set(corridor_places)
    from corridor.graph.model import Criterion, VertexKind

    csr, lab = graph.csr, graph.labels
    edges = np.asarray(r.edge_path, dtype=np.int64)
    km = np.cumsum(graph.edges.criteria[edges, Criterion.DISTANCE_KM])
    head = csr.indices[edges]
    # a frontier vertex carries the place of its country: not an arrival at that place
    heads = np.where(csr.vertex_kind[head] == VertexKind.FRONTIER, -1, csr.vertex_node[head])
    start_km, k = 0.0, 1
    for i, node in enumerate(heads.tolist()):
        if k < len(plan) and node == plan[k]:
            a, b = plan[k - 1], plan[k]
            gc = float(
                great_circle_km(lab.node_lat[a], lab.node_lon[a], lab.node_lat[b], lab.node_lon[b])
            )
            routed = float(km[i]) - start_km
            checked = not inside or (a in inside and b in inside)
            if checked and routed > MAX_SEGMENT_DETOUR * gc + SEGMENT_SLACK_KM:
                ids = lab.node_ids
                return (
                    f"broken between {ids[a]} and {ids[b]}: {routed:,.0f} km by the network "
                    f"for {gc:,.0f} km apart (a closed crossing or a missing link)"
                )
            start_km, k = float(km[i]), k + 1
    return None


PARETO_CRITERIA = ("time", "cost", "co2", "p90")
"""Criteria of :func:`pareto_routes`: hours (median sum), USD per unit, kg CO2e per unit,
P90-equivalent hours (each dwell at its P90, 0.9 x headway on timetabled links)."""


@dataclass(frozen=True, slots=True, eq=False)
class ParetoRoutes:
    """Non-dominated routes between two places over 2-4 criteria (``corridor pareto``)."""

    criteria: tuple[str, ...]
    costs: FloatArray
    """(m, k): each route's sums of the criteria (hours, USD, kg, hours)."""
    routes: tuple[Route, ...]
    """The routes, ordered by the first criterion; each with simulated mean/P50/P90."""
    capped: bool
    eps: float
    n_labels: int
    max_labels_per_vertex: int
    max_labels: int
    origin: str = ""
    destination: str = ""
    """Place ids of the question."""
    context: Context = field(default_factory=Context)
    """The network of the day the front was computed on."""
    options: RouteOptions = field(default_factory=RouteOptions)
    naming: Naming = field(default_factory=Naming)
    """How the question named its places (``origin_query``, ``origin_match`` ...)."""

    def to_dict(self) -> dict[str, Any]:
        """The stable JSON form (``corridor pareto --json``)."""
        return {
            "origin": self.origin,
            "destination": self.destination,
            **self.naming.to_dict(),
            **self.context.to_dict(),
            "include_planned": self.options.include_planned,
            "criteria": list(self.criteria),
            "eps": self.eps,
            "capped": self.capped,
            "n_labels": self.n_labels,
            "max_labels_per_vertex": self.max_labels_per_vertex,
            "max_labels": self.max_labels,
            "routes": [
                {
                    "rank": i + 1,
                    **{
                        c: round(float(v), 3) + 0.0 for c, v in zip(self.criteria, row, strict=True)
                    },
                    "p50_h": _json_value(r.totals.p50_h),
                    "p90_h": _json_value(r.totals.p90_h),
                    "countries": list(r.countries),
                    "crossings": list(r.crossings),
                    "needs_planned": needs_planned(r),
                    "route": r.to_dict(),
                }
                for i, (row, r) in enumerate(zip(self.costs, self.routes, strict=True))
            ],
        }


def pareto_routes(  # noqa: PLR0913 (keyword-only options of a public call)
    network: Network | Graph,
    origin: str,
    destination: str,
    *,
    criteria: Sequence[str] = ("time", "cost", "co2"),
    options: RouteOptions | None = None,
    unit: str = "teu",
    eps: float = 0.0,
    max_labels_per_vertex: int | None = None,
    max_labels: int | None = None,
    seed: int = DEFAULT_SEED,
    n_samples: int = DEFAULT_SAMPLES,
) -> ParetoRoutes:
    """All non-dominated routes over the criteria (:func:`corridor.paths.pareto.pareto_front`
    on the compiled graph; ``p90`` = P90-equivalent edge hours).

    ``network`` is the network of the day (:func:`corridor.load`) or its compiled graph;
    ``options`` what the routes may use. Label sets are bounded by ``eps``
    (epsilon-dominance, 0 = exact) and the caps (defaults of ``pareto_front``: 2,000
    labels per vertex, 2,000,000 in all); ``capped`` says a cap dropped labels.

    Examples
    --------
    >>> import corridor
    >>> from corridor.data import path
    >>> p = pareto_routes(corridor.load(path("examples/tiny")), "a", "d", criteria=("time", "cost"))
    >>> p.costs.tolist(), p.routes[0].date
    ([[7.0, 620.0], [21.0, 550.0]], '2025-06-01')
    """
    from corridor.graph.model import Criterion
    from corridor.paths import p90_edge_time_h, usable_edges
    from corridor.paths.pareto import (
        DEFAULT_MAX_LABELS,
        DEFAULT_MAX_LABELS_PER_VERTEX,
        pareto_front,
    )
    from corridor.paths.route import build_route

    crit_names = tuple(c.strip().lower() for c in criteria)
    bad = [c for c in crit_names if c not in PARETO_CRITERIA]
    if bad or not 2 <= len(crit_names) <= 4 or len(set(crit_names)) != len(crit_names):
        msg = (
            f"criteria must be 2 to 4 distinct names from {list(PARETO_CRITERIA)}; "
            f"got {list(crit_names)}"
        )
        raise InputError(msg)
    graph = network if isinstance(network, Graph) else as_graph(network, unit)
    opts = options or RouteOptions()
    e = graph.edges.criteria
    columns = {
        "time": e[:, Criterion.TIME_H],
        "cost": e[:, Criterion.COST_USD],
        "co2": e[:, Criterion.CO2_KG],
    }
    if "p90" in crit_names:
        columns["p90"] = p90_edge_time_h(graph)
    crit = np.column_stack([columns[c] for c in crit_names])
    crit[~usable_edges(graph, opts)] = np.inf
    matches = [place_match(graph, origin), place_match(graph, destination)]
    a, b = matches[0].index, matches[1].index
    per_vertex = max_labels_per_vertex or DEFAULT_MAX_LABELS_PER_VERTEX
    total = max_labels or DEFAULT_MAX_LABELS
    front = pareto_front(
        graph.csr.indptr,
        graph.csr.indices,
        crit,
        int(graph.csr.dep_vertex[a]),
        int(graph.csr.arr_vertex[b]),
        eps=eps,
        max_labels_per_vertex=per_vertex,
        max_labels=total,
    )
    zero = np.zeros(graph.csr.n_edges)
    routes = tuple(
        with_reliability(
            graph,
            build_route(graph, p, zero, crit_names[0], opts, rank=i + 1),
            seed=seed,
            n_samples=n_samples,
        )
        for i, p in enumerate(front.paths)
    )
    return ParetoRoutes(
        criteria=crit_names,
        costs=front.costs,
        routes=routes,
        capped=front.capped,
        eps=front.eps,
        n_labels=front.n_labels,
        max_labels_per_vertex=per_vertex,
        max_labels=total,
        origin=graph.labels.node_ids[a],
        destination=graph.labels.node_ids[b],
        context=graph.context,
        options=opts,
        naming=Naming.of(matches),
    )
