"""What a scenario changes, for whom: best routes of an OD set on two networks, compared pair by pair.

Per pair: time (mean, and P90 once ``corridor.reliability`` provides it), cost, CO2 and
borders before and after, the corridor used before and after (the named corridor of
corridors.csv the route follows, else its countries), and whether the pair gains or loses a
connection. With demand weights, a summary in TEU-hours and US$ saved per year.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd

from corridor._types import FloatArray, IntArray
from corridor.analysis._graph_view import (
    BORDERS,
    CO2,
    COST,
    DISTANCE,
    MOVE,
    TIME,
    GraphView,
    objective_cost,
    path_edges,
    shortest_tree,
    view,
)
from corridor.analysis._modes import (
    CHAINS,
    INTERMODAL,
    RAIL,
    ROAD,
    ROAD_FACTOR,
    ROAD_MODES,
    check_theta,
    rail_ferry_edges,
)
from corridor.analysis.od import ODSet
from corridor.errors import CorridorError, InputError
from corridor.graph.model import Graph
from corridor.network.model import Network
from corridor.paths.options import RouteOptions
from corridor.results.context import Context
from corridor.vocab import MODES, Mode

BY = ("time", "cost", "generalised", "p90")
P90_SEED = 20251202
"""Seed of the per-pair P90 simulation (the same default as ``corridor route``)."""
P90_SAMPLES = 2_000
"""Draws per route for the P90 columns (standard error of a P90 about 1-2 % at this size)."""
_TOL = 1e-6
_CORRIDOR_COVER = 0.5
"""A route follows a named corridor when it runs on at least half of the corridor's km; of
several, the one it shares most km with names it."""


@dataclass(frozen=True, slots=True)
class CorridorSets:
    """The links (and their km) each named corridor runs on."""

    names: dict[str, str]
    links: dict[str, frozenset[str]]
    km: dict[str, float]
    crossings: dict[str, frozenset[str]] | None = None
    """The border crossings of each corridor's route: a route follows a corridor only
    through all of them (a detour round a closed border does not follow it)."""


@dataclass(frozen=True, slots=True)
class ScenarioDiff:
    """Pair-by-pair comparison of best routes on a base and a scenario network."""

    scenario: str
    base: str
    objective: str
    od_label: str
    weighted: bool
    pairs: pd.DataFrame
    """One row per pair: before/after values, deltas, corridors and ``status``
    (``same``, ``changed``, ``gained``, ``lost``, ``none``)."""
    summary: dict[str, float | int]
    context: Context = field(default_factory=Context)
    """The base network of the day: the date it describes (meta.csv ``as_of``), the day both
    networks were evaluated on (None: the tables as loaded) and its scenario (``--base``)."""
    base_scenario: str | None = None
    """The scenario the base network carries (``--base``), or None."""
    options: RouteOptions = field(default_factory=RouteOptions)
    """What routes may use (modes; planned links only where the scenario opens them)."""

    @property
    def modes(self) -> tuple[str, ...] | None:
        """The modes routes may use (None: all)."""
        return None if self.options.modes is None else tuple(str(m) for m in self.options.modes)

    def changes(self) -> pd.DataFrame:
        """Pairs whose route or figures change, largest time change (weighted) first."""
        ch = self.pairs[self.pairs["status"] != "same"].copy()
        if ch.empty:
            return ch
        key = ch["delta_time_h"].abs().fillna(np.inf) * (ch["weight"] if self.weighted else 1.0)
        return (
            ch.assign(_k=key).sort_values("_k", ascending=False, kind="stable").drop(columns="_k")
        )

    def to_dict(self, top: int | None = None) -> dict[str, Any]:
        """JSON-ready form: summary and the changed pairs (the ``top`` first, or all)."""
        ch = self.changes()
        rows = ch if top is None else ch.head(top)
        return {
            "network_as_of": self.context.as_of,
            "date": self.context.date,
            "scenario": self.scenario,
            "base": self.base_scenario,
            "include_planned": self.options.include_planned,
            "objective": self.objective,
            "modes": None if self.modes is None else list(self.modes),
            "od_set": self.od_label,
            "weighted": self.weighted,
            "summary": {k: _plain(v) for k, v in self.summary.items()},
            "changes": [
                {k: _plain(v) for k, v in r.items()} for r in rows.to_dict(orient="records")
            ],
        }


def _plain(v: Any) -> Any:
    if isinstance(v, (np.floating, float)):
        f = float(v)
        return round(f, 3) + 0.0 if np.isfinite(f) else None
    if isinstance(v, np.integer):
        return int(v)
    return v


def corridor_sets(network: Network) -> CorridorSets:
    """The links of each named corridor's own route (planned links included where it says)."""
    from corridor.paths.via import corridor_route

    names: dict[str, str] = {}
    links: dict[str, frozenset[str]] = {}
    km: dict[str, float] = {}
    crossings: dict[str, frozenset[str]] = {}
    for cid, name in zip(network.corridors["id"], network.corridors["name"], strict=True):
        try:
            r = corridor_route(network, str(cid))
        except CorridorError:
            continue  # a corridor the network cannot route (e.g. a link closed) names nothing
        ids = frozenset(lk for leg in r.legs for lk in leg.links)
        names[str(cid)] = str(name)
        links[str(cid)] = ids
        km[str(cid)] = float(r.totals.distance_km)
        crossings[str(cid)] = frozenset(leg.crossing for leg in r.legs if leg.crossing)
    return CorridorSets(names, links, km, crossings)


@dataclass(frozen=True, slots=True)
class _Routes:
    """Best routes of every pair on one network."""

    time_h: FloatArray
    cost_usd: FloatArray
    co2_kg: FloatArray
    distance_km: FloatArray
    borders: FloatArray
    objective: FloatArray
    corridor: list[str]
    edges: list[IntArray]


def _routes(
    g: Graph,
    od: ODSet,
    by: str,
    sets: CorridorSets,
    options: RouteOptions | None = None,
    value_of_time_usd_teu_h: float | None = None,
) -> _Routes:
    v = view(g)
    if by == "p90":
        from corridor.reliability import p90_equivalent_h

        cost = objective_cost(g, "time", options)
        e = g.edges
        weights = p90_equivalent_h(e.criteria[:, TIME], e.dwell_median_h, e.dwell_p90_h)
        cost = np.where(np.isfinite(cost), weights, np.inf)
    else:
        cost = objective_cost(g, by, options, value_of_time_usd_teu_h=value_of_time_usd_teu_h)
    n = od.n_pairs
    crit = np.full((n, 5), np.nan)
    obj = np.full(n, np.inf)
    names = [""] * n
    paths: list[IntArray] = [np.empty(0, np.int64)] * n
    scratch = np.empty(v.n_vertices, dtype=np.int64)
    link_km = dict(zip(v.link_ids, v.link_length_km.tolist(), strict=True))
    for o in od.origins().tolist():
        dist, pred = shortest_tree(v, cost, o)
        for p in np.flatnonzero(od.orig == o).tolist():
            target = int(v.arr_vertex[od.dest[p]])
            if not np.isfinite(dist[target]):
                names[p] = "(no route)"
                continue
            edges = path_edges(v, pred, target, scratch)
            paths[p] = edges
            obj[p] = dist[target]
            crit[p] = v.criteria[edges][:, [TIME, COST, CO2, DISTANCE, BORDERS]].sum(axis=0)
            names[p] = _corridor_name(v, edges, sets, link_km)
    return _Routes(crit[:, 0], crit[:, 1], crit[:, 2], crit[:, 3], crit[:, 4], obj, names, paths)


def _corridor_name(
    v: GraphView, edges: IntArray, sets: CorridorSets, link_km: dict[str, float]
) -> str:
    used = {v.link_ids[i] for i in v.edge_link[edges].tolist() if i >= 0}
    borders = {v.crossing_ids[i] for i in v.edge_crossing[edges].tolist() if i >= 0}
    best, best_km = "", 0.0
    for cid, links in sets.links.items():
        if not links or sets.km[cid] <= 0:
            continue
        if sets.crossings is not None and not sets.crossings.get(cid, frozenset()) <= borders:
            continue
        km = sum(link_km.get(lk, 0.0) for lk in links & used)
        if km >= _CORRIDOR_COVER * sets.km[cid] and km > best_km + 1e-9:
            best, best_km = cid, km
    if best:
        return best
    moves = edges[v.edge_kind[edges] == MOVE]
    seq: list[str] = []
    for c in v.edge_country[moves].tolist():
        name = v.countries[c]
        if not seq or seq[-1] != name:
            seq.append(name)
    return "-".join(seq)


def scenario_diff(  # noqa: PLR0913 (keyword-only options of a public call)
    base: Network,
    scenario: Network,
    od: ODSet,
    *,
    by: str = "time",
    scenario_name: str = "scenario",
    base_name: str = "base",
    base_scenario: str | None = None,
    base_graph: Graph | None = None,
    scenario_graph: Graph | None = None,
    corridors: CorridorSets | None = None,
    options: RouteOptions | None = None,
    value_of_time_usd_teu_h: float | None = None,
    theta: float | None = None,
    asc: FloatArray | None = None,
    ferry_asc: float = 0.0,
) -> ScenarioDiff:
    """Compare the best routes of every OD pair on ``base`` and ``scenario``.

    ``od`` holds place indices: both networks must list the same places in the same order
    first (a scenario may add places after them). ``by`` is the objective routes minimise
    (``p90``: routes searched on P90-equivalent edge times, each dwell at its P90, see
    :func:`corridor.reliability.p90_equivalent_h`; every pair's P90 before and after is
    simulated, :data:`P90_SAMPLES` draws with seed :data:`P90_SEED`). The result records the base
    network's as-of date and the day it was evaluated on (``base.date``; evaluate the
    calendar before applying a scenario, see :func:`corridor.load`).
    ``corridors`` names the corridors (default: :func:`corridor_sets` of ``base``; pass those
    of the undated network when ``base`` is evaluated on a day). ``options`` limits what
    routes use (e.g. ``RouteOptions(modes=("rail",))``: what a railway changes for rail
    freight). ``value_of_time_usd_teu_h`` prices time in the ``generalised`` objective (a
    commodity segment's, :func:`corridor.demand.segment_vot`; default the network's).
    ``theta`` (with demand weights): each pair's TEU split between its rail-based,
    intermodal and road chains by the flows' logit (:mod:`corridor.analysis._modes`) on
    each network, on generalised cost at the segment's value of time (``asc``: the chains'
    alternative-specific constants, :func:`corridor.analysis._modes.shipped_asc`, or per pair
    (pairs x chains) with the market constants, :func:`corridor.analysis._modes.pair_asc`;
    ``ferry_asc``: added to the intermodal chain of a pair whose rail-based chain rides a
    rail ferry, :func:`corridor.analysis._modes.ferry_constant`): the pairs gain
    ``rail_share_before``/``_after`` and the summary the TEU on rail chains before and
    after, the expected TEU-hours saved and the logsum (consumer surplus) US$ saved.

    Examples
    --------
    >>> import corridor
    >>> from corridor.analysis.od import od_set
    >>> from corridor.scenarios import apply, load_scenario
    >>> net = corridor.load()
    >>> g = corridor.compile(net)
    >>> from corridor.paths import place_index
    >>> od = od_set(g.labels.node_ids, lambda p: place_index(g, p), pairs="almaty:karachi")
    >>> d = scenario_diff(net, apply(net, load_scenario("pk_af_clearance_twice_as_fast")), od)
    >>> bool(d.pairs.loc[0, "delta_time_h"] < 0)
    True
    """
    if by not in BY:
        msg = f"unknown --by {by!r}; choose from {list(BY)}"
        raise InputError(msg)
    from corridor.graph.compiler import compile as compile_graph

    g0 = base_graph if base_graph is not None else compile_graph(base)
    g1 = scenario_graph if scenario_graph is not None else compile_graph(scenario)
    if tuple(g1.labels.node_ids[: len(g0.labels.node_ids)]) != tuple(g0.labels.node_ids):
        msg = "the scenario network must keep the base network's places (in order)"
        raise InputError(msg)
    # named corridors are their own routes on the network as loaded: on a day when one of
    # their crossings is closed, their route on ``base`` would be a detour
    sets = corridors if corridors is not None else corridor_sets(base)
    opts = options or RouteOptions()
    before = _routes(g0, od, by, sets, opts, value_of_time_usd_teu_h)
    after = _routes(g1, od, by, sets, opts, value_of_time_usd_teu_h)
    pairs = _pairs_table(g0, g1, od, before, after)
    summary = _summary(pairs, weighted=od.weighted)
    if theta is not None and od.weighted:
        check_theta(theta)
        a = np.zeros(len(CHAINS)) if asc is None else np.asarray(asc, dtype=np.float64)
        split = _mode_split(g0, g1, od, opts, value_of_time_usd_teu_h, theta, a, ferry_asc)
        pairs = pairs.assign(
            rail_share_before=split["rail_before"], rail_share_after=split["rail_after"]
        )
        summary |= _mode_summary(split, od.weight, theta)
    return ScenarioDiff(
        scenario=scenario_name,
        base=base_name,
        objective=by,
        od_label=od.label,
        weighted=od.weighted,
        pairs=pairs,
        summary=summary,
        context=base.context,
        base_scenario=base_scenario if base_scenario is not None else base.scenario,
        options=opts,
    )


def _chains(
    g: Graph, od: ODSet, opts: RouteOptions, vot: float | None
) -> tuple[FloatArray, FloatArray, np.ndarray]:
    """Weighed generalised cost and time (h) of each pair's rail-based, intermodal and road
    chain (rows in ``CHAINS`` order; inf / NaN where a chain does not exist, by the rule of
    :func:`corridor.analysis._modes.classes`) and whether its rail-based chain rides a rail
    ferry."""
    v = view(g)
    base = objective_cost(g, "generalised", opts, value_of_time_usd_teu_h=vot)
    road_code, rail_code = list(MODES).index(Mode.ROAD), list(MODES).index(Mode.RAIL)
    road_only = objective_cost(
        g, "generalised", replace(opts, modes=ROAD_MODES), value_of_time_usd_teu_h=vot
    )
    costs = (
        np.where(g.edges.mode == road_code, base * ROAD_FACTOR, base),
        np.where(rail_ferry_edges(g), np.inf, base),
        np.where(np.isfinite(base), road_only, np.inf),
    )
    k, n = len(CHAINS), od.n_pairs
    cost = np.full((k, n), np.inf)
    hours = np.full((k, n), np.nan)
    rail = np.zeros((k, n), dtype=bool)
    paths: list[list[IntArray]] = [[np.empty(0, np.int64)] * n for _ in range(k)]
    scratch = np.empty(v.n_vertices, dtype=np.int64)
    for c, w in enumerate(costs):
        for o in od.origins().tolist():
            at = np.flatnonzero(od.orig == o)
            dist, pred = shortest_tree(v, w, o, od.dest[at])
            for p in at.tolist():
                target = int(v.arr_vertex[od.dest[p]])
                if not np.isfinite(dist[target]) or od.dest[p] == o:
                    continue
                edges = path_edges(v, pred, target, scratch)
                cost[c, p] = dist[target]
                hours[c, p] = v.criteria[edges, TIME].sum()
                rail[c, p] = bool(np.any(g.edges.mode[edges] == rail_code))
                paths[c][p] = edges
    avail = np.isfinite(cost) & rail
    avail[ROAD] = np.isfinite(cost[ROAD])
    same = np.array(
        [np.array_equal(a, b) for a, b in zip(paths[RAIL], paths[INTERMODAL], strict=True)]
    )
    avail[RAIL] &= ~(same & avail[INTERMODAL])
    avail[INTERMODAL] |= ~avail.any(axis=0) & np.isfinite(cost[INTERMODAL])
    on_ferry = rail_ferry_edges(g)
    ferry = np.array([bool(on_ferry[e].any()) for e in paths[RAIL]], dtype=bool)
    return np.where(avail, cost, np.inf), np.where(avail, hours, np.nan), ferry


def _logit(cost: FloatArray, scale: FloatArray, asc: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Shares of the chains (rows) and the logsum of each pair (column)."""
    with np.errstate(invalid="ignore", over="ignore", divide="ignore"):
        a = asc.T if asc.ndim == 2 else asc[:, None]  # pairs x chains
        u = np.where(np.isfinite(cost), -scale * cost + a, -np.inf)
        top = np.max(u, axis=0)
        e = np.exp(u - top)
        total = e.sum(axis=0)
        share = np.nan_to_num(e / total, nan=0.0)
        logsum = -(np.log(total) + top) / scale
    return share, logsum


def _mode_split(
    g0: Graph,
    g1: Graph,
    od: ODSet,
    opts: RouteOptions,
    vot: float | None,
    theta: float,
    asc: FloatArray,
    ferry_asc: float = 0.0,
) -> dict[str, FloatArray]:
    """Chain shares, expected hours and logsums of every pair before and after (dispersion
    ``theta`` / the base network's cheapest chain, the after network's for a new pair;
    ``ferry_asc`` on the intermodal chain of a pair whose rail-based chain rides a rail
    ferry on that network)."""
    c0, h0, f0 = _chains(g0, od, opts, vot)
    c1, h1, f1 = _chains(g1, od, opts, vot)
    ref = np.where(np.isfinite(c0.min(axis=0)), c0.min(axis=0), c1.min(axis=0))
    scale = theta / np.maximum(ref, 1e-9)

    def with_ferry(ferry: np.ndarray) -> FloatArray:
        a = np.array(np.broadcast_to(asc, (od.n_pairs, len(CHAINS))), dtype=np.float64)
        a[ferry, RAIL] -= ferry_asc  # as analysis._modes.classes
        a[ferry, ROAD] -= ferry_asc
        return a

    p0, ls0 = _logit(c0, scale, with_ferry(f0))
    p1, ls1 = _logit(c1, scale, with_ferry(f1))
    return {
        "rail_before": p0[RAIL] + p0[INTERMODAL],
        "rail_after": p1[RAIL] + p1[INTERMODAL],
        "hours_before": np.nansum(p0 * np.nan_to_num(h0), axis=0),
        "hours_after": np.nansum(p1 * np.nan_to_num(h1), axis=0),
        "logsum_before": ls0,
        "logsum_after": ls1,
    }


def _mode_summary(split: dict[str, FloatArray], w: FloatArray, theta: float) -> dict[str, float]:
    """Demand-weighted figures of the mode split (pairs routable on both networks)."""
    both = np.isfinite(split["logsum_before"]) & np.isfinite(split["logsum_after"])
    return {
        "mode_choice_theta": theta,
        "rail_teu_year_before": float((w * split["rail_before"]).sum()),
        "rail_teu_year_after": float((w * split["rail_after"]).sum()),
        "teu_hours_saved_year_mode_choice": float(
            (w[both] * (split["hours_before"] - split["hours_after"])[both]).sum()
        ),
        "usd_saved_year_logsum": float(
            (w[both] * (split["logsum_before"] - split["logsum_after"])[both]).sum()
        ),
    }


def _p90(graph: Graph, edges: IntArray) -> float:
    """Simulated P90 travel time (h) of a route's edges (NaN for no route): dwells drawn from
    their lognormal fits, :data:`P90_SAMPLES` draws with the fixed seed :data:`P90_SEED`."""
    if len(edges) == 0:
        return float("nan")
    from corridor.reliability import graph_edge_distributions, simulate

    dist = graph_edge_distributions(graph, np.asarray(edges, dtype=np.int64))
    rng = np.random.default_rng(P90_SEED)
    # only the P90 is reported: no 1,001-point quantile grid, mean or spread per route
    samples = simulate(dist, rng=rng, n_samples=P90_SAMPLES)
    return float(np.quantile(samples, 0.9))


def _pairs_table(g0: Graph, g1: Graph, od: ODSet, b: _Routes, a: _Routes) -> pd.DataFrame:
    ids = g0.labels.node_ids
    p90_before = np.array([_p90(g0, e) for e in b.edges])
    p90_after = np.array([_p90(g1, e) for e in a.edges])
    ok0, ok1 = np.isfinite(b.objective), np.isfinite(a.objective)
    with np.errstate(invalid="ignore"):
        close = (
            (np.abs(a.time_h - b.time_h) <= _TOL)
            & (np.abs(a.cost_usd - b.cost_usd) <= _TOL)
            & (np.abs(a.co2_kg - b.co2_kg) <= _TOL)
            & (a.borders == b.borders)
        )
    same = close & (np.array(a.corridor) == np.array(b.corridor))
    status = np.where(
        ok0 & ok1,
        np.where(same, "same", "changed"),
        np.where(ok1, "gained", np.where(ok0, "lost", "same")),  # never connected: same
    )
    frame = pd.DataFrame(
        {
            "origin": [ids[i] for i in od.orig.tolist()],
            "destination": [ids[i] for i in od.dest.tolist()],
            "weight": od.weight,
            "status": status,
            "time_h_before": b.time_h,
            "time_h_after": a.time_h,
            "delta_time_h": a.time_h - b.time_h,
            "p90_h_before": p90_before,
            "p90_h_after": p90_after,
            "delta_p90_h": p90_after - p90_before,
            "cost_usd_before": b.cost_usd,
            "cost_usd_after": a.cost_usd,
            "delta_cost_usd": a.cost_usd - b.cost_usd,
            "co2_kg_before": b.co2_kg,
            "co2_kg_after": a.co2_kg,
            "delta_co2_kg": a.co2_kg - b.co2_kg,
            "borders_before": b.borders,
            "borders_after": a.borders,
            "delta_borders": a.borders - b.borders,
            "corridor_before": b.corridor,
            "corridor_after": a.corridor,
        }
    )
    return frame


def _summary(pairs: pd.DataFrame, *, weighted: bool) -> dict[str, float | int]:
    both = pairs["status"].isin(["same", "changed"]) & pairs["time_h_before"].notna()
    both &= pairs["time_h_after"].notna()
    w = pairs["weight"]
    out: dict[str, float | int] = {
        "pairs": len(pairs),
        "pairs_changed": int((pairs["status"] == "changed").sum()),
        "pairs_gained": int((pairs["status"] == "gained").sum()),
        "pairs_lost": int((pairs["status"] == "lost").sum()),
        "pairs_corridor_changed": int(
            (both & (pairs["corridor_before"] != pairs["corridor_after"])).sum()
        ),
        "mean_delta_time_h": float(pairs.loc[both, "delta_time_h"].mean()) if both.any() else 0.0,
        "mean_delta_p90_h": float(pairs.loc[both, "delta_p90_h"].mean()) if both.any() else 0.0,
        "mean_delta_cost_usd": float(pairs.loc[both, "delta_cost_usd"].mean())
        if both.any()
        else 0.0,
    }
    if weighted:
        out |= {
            "teu_year": float(w.sum()),
            "teu_year_changed": float(w[pairs["status"] == "changed"].sum()),
            "teu_year_gained": float(w[pairs["status"] == "gained"].sum()),
            "teu_year_lost": float(w[pairs["status"] == "lost"].sum()),
            "teu_hours_saved_year": float(-(w[both] * pairs.loc[both, "delta_time_h"]).sum()),
            "teu_p90_hours_saved_year": float(-(w[both] * pairs.loc[both, "delta_p90_h"]).sum()),
            "usd_saved_year": float(-(w[both] * pairs.loc[both, "delta_cost_usd"]).sum()),
            "co2_t_saved_year": float(-(w[both] * pairs.loc[both, "delta_co2_kg"]).sum() / 1000),
        }
    return out
