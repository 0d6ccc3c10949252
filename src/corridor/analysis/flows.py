"""Freight flows on the region: assign a container demand to the compiled network.

Demand (TEU per year between places) is loaded on the virtual network twice: all or nothing
(every OD pair on its cheapest route at free-flow costs) and at user equilibrium, where
capacity-limited links, border crossings and gauge-change / transfer plants get slower as
they fill. Edge cost is the generalised cost in USD per TEU:

    money + carbon price x CO2e + value of time x (time + Q x (v / c) ^ beta)

on every element that has a capacity (``capacity_teu_day`` in the network tables; flows
are TEU per day, demand / 365). The capacity is counted once per element: ``v`` is the
flow of a link in one direction, of a crossing row in one direction of travel or of a
plant's change, all gauges and modes together (``_shared_capacity``). This is the BPR function with its alpha set per edge so that the
queueing delay at capacity is ``Q`` hours whatever the edge's own time: ``queue_h_link``
(12 h by default) for capacity-limited lines and interchange links, ``queue_h_node`` (24 h)
for border crossings and gauge-change / transfer plants, with ``beta`` 4 (BPR's). A plain
BPR on a link's running time would make a 14 km interchange link at Dostyk congest by
minutes; queues at capacity limits are hours to days. A border link split at the frontier
congests once, on its first half. These are model assumptions, reported with the result.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any, Literal

import numpy as np
import pandas as pd

from corridor.analysis._combined import Problem, Solution, solve
from corridor.analysis._modes import (
    CHAINS,
    Classes,
    check_theta,
    classes,
    ferry_constant,
    one_class,
    pair_asc,
    rail_ferry_edges,
    shipped_params,
    stack,
)
from corridor.analysis._shared_capacity import SharedCapacity, _aon, equilibrium
from corridor.assign import DEFAULT_ALGORITHM, Demand, demand_from_pairs
from corridor.errors import InputError, NoRouteError, UnknownIdError
from corridor.graph import STOP_EDGES, Criterion, EdgeKind, Graph, VertexKind, subgraph
from corridor.network.model import Network
from corridor.objectives import weights
from corridor.paths import (
    RouteOptions,
    as_graph,
    corridor_route,
    place_index,
    skim,
    state_label,
    truck_money,
    usable_edges,
)
from corridor.results.context import Context
from corridor.results.flow import FlowResult
from corridor.vocab import Status

DAYS_PER_YEAR = 365.0
CAPACITY_YEAR = (
    "capacities are the network tables' capacity_teu_day as given; the demand is 2024. "
    "docs/flows.md lists each capacity's year: several are 2025 (Dostyk-Alashankou and "
    "Altynkol-Khorgos interchange limits, Dostyk-Moyinty double track, Aktau feeders), "
    "2020-2023 (Brest, Kuryk, Turkmenbashi, Torkham, Kharlachi, Ghulam Khan) or undated."
)


@dataclass(frozen=True, slots=True)
class FreightFlows:
    """The answer of :func:`freight_flows`: volumes, utilisation, bottlenecks, corridors."""

    network: str
    by: str
    algorithm: str
    include_planned: bool
    context: Context
    """The network of the day the flows were computed on (day, as-of date, scenario)."""
    assumptions: dict[str, float]
    summary: dict[str, Any]
    links: pd.DataFrame
    crossings: pd.DataFrame
    transfers: pd.DataFrame
    corridors: pd.DataFrame
    bottlenecks: pd.DataFrame
    unassigned: pd.DataFrame
    convergence: pd.DataFrame = field(repr=False)
    edge_flows: dict[str, np.ndarray] = field(repr=False)

    def to_dict(self, top: int = 10) -> dict[str, Any]:
        """JSON-ready summary: totals, assumptions, bottlenecks, corridors, crossings."""

        def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
            return [
                {str(k): _plain(v) for k, v in row.items()}
                for row in frame.to_dict(orient="records")
            ]

        return {
            "network": self.network,
            "objective": self.by,
            "algorithm": self.algorithm,
            "include_planned": self.include_planned,
            **self.context.to_dict(),
            "assumptions": self.assumptions,
            "corridor_measure": CORRIDOR_MEASURE,
            "capacity_year": CAPACITY_YEAR,
            "summary": {k: _plain(v) for k, v in self.summary.items()},
            "bottlenecks": records(self.bottlenecks.head(top)),
            "corridors": records(self.corridors),
            "crossings": records(self.crossings),
            "unassigned": records(self.unassigned),
        }


def _plain(v: Any) -> Any:
    if isinstance(v, (np.floating, float)):
        f = float(v)
        return None if not np.isfinite(f) else float(f"{f:.8g}")
    if isinstance(v, np.integer):
        return int(v)
    if isinstance(v, np.bool_):
        return bool(v)
    return v


def _od_vertices(graph: Graph, demand: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    orig = np.empty(len(demand), dtype=np.int64)
    dest = np.empty(len(demand), dtype=np.int64)
    lines = demand["line"].to_numpy() if "line" in demand else np.arange(2, len(demand) + 2)
    for i, (o, d) in enumerate(zip(demand["origin"], demand["destination"], strict=True)):
        try:
            orig[i] = place_index(graph, str(o))
            dest[i] = place_index(graph, str(d))
        except UnknownIdError as exc:
            msg = f"demand line {lines[i]}: {exc}"
            raise UnknownIdError(msg) from None
    return orig, dest


def freight_flows(  # noqa: PLR0913 (keyword-only model parameters)
    network: Network,
    demand: pd.DataFrame,
    *,
    by: str = "generalised",
    options: RouteOptions | None = None,
    algorithm: str = DEFAULT_ALGORITHM,
    gap: float = 1e-6,
    max_iter: int = 2000,
    value_of_time_usd_teu_h: float | None = None,
    carbon_price_usd_t: float | None = None,
    queue_h_link: float = 12.0,
    queue_h_node: float = 24.0,
    beta: float = 4.0,
    theta: float | Literal["shipped"] | None = "shipped",
    segment: str = "container",
    mode_params: dict[str, float] | None = None,
) -> FreightFlows:
    """All-or-nothing and equilibrium container flows on a network.

    Parameters
    ----------
    network
        The network of the day (:func:`corridor.load`: its date and scenario already
        applied; the result carries its ``context``).
    demand
        Columns ``origin``, ``destination`` (place ids or names) and ``teu_year``.
    by
        ``generalised`` (money + value of time x time + carbon) or ``time``.
    options
        What flows may use (:class:`corridor.RouteOptions`: modes, avoided elements,
        ``include_planned`` to also load every planned and under-construction link; a
        scenario opens its own links without it).
    algorithm, gap, max_iter
        Equilibrium algorithm and its stopping rule. Capacities are shared by the edges of a
        link, crossing direction or plant, which the per-edge algorithms of
        :mod:`corridor.assign` cannot express: ``fw``, ``cfw`` and ``bfw`` run the
        shared-capacity Frank-Wolfe variants of that name, ``gp`` (the assign default)
        runs ``bfw``. The result's ``algorithm`` names what ran.
    queue_h_link, queue_h_node, beta
        Queueing delay in hours at capacity on capacity-limited links and at crossings /
        transfer plants, and the BPR exponent.
    theta
        Mode choice (:mod:`corridor.analysis._modes`): each pair's demand splits between its
        rail-based and its road chain by a logit of scale ``theta`` on their generalised
        costs at the equilibrium flows (a combined mode-split / assignment equilibrium);
        ``"shipped"`` (default) the scale fitted to published rail shares
        (``tools/build_demand.py --fit``); ``None``: no mode choice, every pair on its
        cheapest routes of any mode (one class).
    segment
        The commodity segment whose fitted road constants the shipped mode choice uses
        (``theta="shipped"``; a given ``theta`` runs without constants), and whose tonnes per
        truck price its road: a road edge's money cost is per truck, so a TEU of capacity of
        the segment pays ``2 x t_per_teu_eq / t_per_truck`` times the per-TEU tariff (1 for
        containers; 1.68 for 21-t bulk on 25-t trucks).
    mode_params
        With ``theta="shipped"``: these mode-choice parameters (``theta``,
        ``asc_road_<group>[_<market>]``) instead of the shipped ``mode_fitted.csv`` (the
        demand fit iterates them).

    Returns
    -------
    FreightFlows

    Examples
    --------
    >>> import corridor, pandas as pd
    >>> from corridor.data import path
    >>> net = corridor.load(path("examples/tiny"))
    >>> od = pd.DataFrame({"origin": ["a"], "destination": ["d"], "teu_year": [3650.0]})
    >>> f = freight_flows(net, od)
    >>> f.summary["assigned_teu_year"]
    3650.0
    """
    run = prepare_run(
        network,
        demand,
        by=by,
        options=options,
        value_of_time_usd_teu_h=value_of_time_usd_teu_h,
        carbon_price_usd_t=carbon_price_usd_t,
        queue_h_link=queue_h_link,
        queue_h_node=queue_h_node,
        beta=beta,
        theta=theta,
        segment=segment,
        mode_params=mode_params,
    )
    kind = _fw_kind(algorithm)
    if run.classes.theta is None:
        eq = equilibrium(
            run.indptr, run.indices, run.shared, run.dem, gap=gap, max_iter=max_iter, kind=kind
        )
        return run.result(eq, run.od)
    sol = fixed_modes(run, gap=gap, max_iter=max_iter, kind=kind)
    return run.result(sol.result, run.od, sol.t)


def fixed_modes(run: FlowRun, *, gap: float, max_iter: int, kind: str) -> Solution:
    """The combined mode-split / assignment equilibrium of a run's fixed demand."""
    eq = equilibrium(
        run.indptr, run.indices, run.shared, run.dem, gap=gap / 10.0, max_iter=max_iter, kind=kind
    )
    return solve(
        run.problem(), eq.flows, None, gap=gap, max_iter=50, kind=kind,
        name=f"{kind}-shared-capacity+logit-modes",
    )  # fmt: skip


@dataclass(frozen=True, slots=True)
class FlowRun:
    """Everything a flow run needs before its equilibrium: graph, costs, routable demand."""

    network: Network
    graph: Graph
    by: str
    include_planned: bool
    w: np.ndarray
    keep: np.ndarray
    kept: np.ndarray
    indptr: np.ndarray
    indices: np.ndarray
    shared: SharedCapacity
    od: pd.DataFrame
    ok: np.ndarray
    dem: Demand
    aon_flows: np.ndarray
    free_flow_cost: np.ndarray
    assumptions: dict[str, float]
    classes: Classes
    """The class pairs of ``dem`` (rail-based and road chains with mode choice)."""
    true_shared: SharedCapacity
    """``shared`` at true costs (the rail-based chains' road edges unweighted)."""

    def problem(self) -> Problem:
        """What the combined equilibrium needs."""
        return Problem(self.indptr, self.indices, self.shared, self.dem, self.classes)

    def result(
        self, eq: FlowResult, od: pd.DataFrame, class_flow: np.ndarray | None = None
    ) -> FreightFlows:
        """The flows of an equilibrium ``eq`` on the kept edges (``od``: the demand rows
        it carries, ``teu_year`` as assigned; ``class_flow``: the class demand per day)."""
        g = self.graph
        flows = {
            "aon": np.bincount(self.kept, weights=self.aon_flows, minlength=g.n_edges),
            "eq": np.bincount(self.kept, weights=eq.flows, minlength=g.n_edges),
        }
        delay_h = _queue_delay(g, self.w, self.shared, eq.flows, self.kept)
        cost = float(eq.flows @ self.true_shared.costs(eq.flows))
        free_flow = float(flows["aon"] @ self.free_flow_cost)
        out = _freight_result(
            self.network, g, od, self.ok, eq, flows, delay_h, (cost, free_flow),
            by=self.by, include_planned=self.include_planned, assumptions=self.assumptions,
        )  # fmt: skip
        t = self.dem.flow if class_flow is None else class_flow
        out.summary.update(_mode_summary(self.classes, t))
        return out


def _common_road_asc(asc: np.ndarray) -> float:
    """The road constant most pairs take (the one outside every market, where pairs have
    their own: :func:`corridor.analysis._modes.pair_asc`)."""
    road = CHAINS.index("road")
    if asc.ndim == 1:
        return float(asc[road])
    if asc.shape[0] == 0:
        return 0.0
    values, counts = np.unique(asc[:, road], return_counts=True)
    return float(values[np.argmax(counts)])


def _mode_summary(cl: Classes, t: np.ndarray) -> dict[str, Any]:
    """Theta and the TEU a year on each chain (rail-based, intermodal, road)."""
    if cl.theta is None:
        return {"mode_choice": False}
    out: dict[str, Any] = {
        "mode_choice": True,
        "mode_choice_theta": cl.theta,
        "mode_choice_asc_road": _common_road_asc(cl.asc),
    }
    for c, name in enumerate(CHAINS):
        out[f"{name}_chain_teu_year"] = float(t[cl.cls == c].sum() * DAYS_PER_YEAR)
    total = float(t.sum() * DAYS_PER_YEAR)
    out["road_chain_share"] = out["road_chain_teu_year"] / total if total > 0 else float("nan")
    return out


def prepare_run(  # noqa: PLR0913 (keyword-only model parameters)
    network: Network,
    demand: pd.DataFrame,
    *,
    by: str = "generalised",
    options: RouteOptions | None = None,
    value_of_time_usd_teu_h: float | None = None,
    carbon_price_usd_t: float | None = None,
    queue_h_link: float = 12.0,
    queue_h_node: float = 24.0,
    beta: float = 4.0,
    theta: float | Literal["shipped"] | None = "shipped",
    segment: str = "container",
    mode_params: dict[str, float] | None = None,
) -> FlowRun:
    """The set-up of :func:`freight_flows` (its parameters), without the equilibrium."""
    from corridor.analysis._segments import road_truck_factor

    params: dict[str, float] | None = None
    theta_v: float | None
    if isinstance(theta, str):  # "shipped"
        params = mode_params or shipped_params()
        theta_v = params["theta"]
    else:
        theta_v = theta
    check_theta(theta_v)
    if by not in ("generalised", "time"):
        msg = f"flows need an objective that values time: 'generalised' or 'time', not {by!r}"
        raise InputError(msg)
    graph = as_graph(network, "teu")
    w = weights(
        graph,
        by,
        value_of_time_usd_teu_h=value_of_time_usd_teu_h,
        carbon_price_usd_t=carbon_price_usd_t,
    )
    b = _bpr(graph, w, queue_h_link, queue_h_node, beta)
    b = _per_truck(graph, w, b, road_truck_factor(segment))
    t0, fixed = b.t0, b.fixed
    opts = options or RouteOptions()
    include_planned = opts.include_planned
    keep = usable_edges(graph, opts)
    od = demand.reset_index(drop=True)
    ok, base_dem = _flow_demand(graph, od, t0, fixed, np.flatnonzero(keep))
    if theta_v is None:
        sub = subgraph(graph, keep)
        kept, indptr, indices = sub.edges, sub.indptr, sub.indices
        true_shared = _shared(graph, w, b, kept)
        shared, cl, dem = true_shared, one_class(base_dem), base_dem
    else:
        st = stack(graph, keep, opts)
        kept, indptr, indices = st.edges, st.indptr, st.indices
        true_shared = _shared(graph, w, b, kept)
        shared = replace(true_shared, base=true_shared.base * st.weight)
        asc = None
        if params is not None:
            lab, vn = graph.labels, graph.csr.vertex_node
            ctry = [lab.countries[int(c)] for c in lab.node_country]
            asc = pair_asc(
                segment,
                [ctry[int(vn[v])] for v in base_dem.orig.tolist()],
                [ctry[int(vn[v])] for v in base_dem.dest.tolist()],
                params,
            )
        ferry = ferry_constant(segment, params) if params is not None else 0.0
        cl, dem = classes(
            st, shared.base, base_dem, float(theta_v), asc, ferry, rail_ferry_edges(graph)
        )
    aon = _aon(indptr, indices, shared.costs(np.zeros(kept.size)), dem)
    return FlowRun(
        network=network, graph=graph, by=by, include_planned=include_planned, w=w, keep=keep,
        kept=kept, indptr=indptr, indices=indices, shared=shared, od=od,
        ok=ok, dem=dem, aon_flows=aon, free_flow_cost=np.where(keep, t0 + fixed, 0.0),
        assumptions=_assumptions(by, w, queue_h_link, queue_h_node, beta),
        classes=cl, true_shared=true_shared,
    )  # fmt: skip


def _flow_demand(
    graph: Graph, od: pd.DataFrame, t0: np.ndarray, fixed: np.ndarray, kept: np.ndarray
) -> tuple[np.ndarray, Demand]:
    """Which OD rows can be routed on the ``kept`` edges, and their demand per day between
    departure and arrival vertices (NoRouteError if none can)."""
    base_cost = np.full(graph.n_edges, np.inf)
    base_cost[kept] = t0[kept] + fixed[kept]
    legs = _via_legs(od)
    o_place, d_place, teu_leg, ok_leg = _routable(graph, legs, base_cost)
    row = legs["row"].to_numpy()
    ok = np.ones(len(od), dtype=bool)
    np.logical_and.at(ok, row, ok_leg)
    ok_leg = ok[row]
    dem = demand_from_pairs(
        graph.csr.dep_vertex[o_place[ok_leg]],
        graph.csr.arr_vertex[d_place[ok_leg]],
        teu_leg[ok_leg] / DAYS_PER_YEAR,
        n_vertices=graph.n_vertices,
    )
    return ok, dem


def _queue_delay(
    graph: Graph, w: np.ndarray, shared: SharedCapacity, eq_flows: np.ndarray, kept: np.ndarray
) -> np.ndarray:
    """Queueing delay in hours per edge at the equilibrium flows ``eq_flows`` (kept edges)."""
    # queue per capacity group (a link direction, a crossing row and direction, a plant):
    # Q x (V / c) ^ beta with V the flow of all the group's edges, whatever gauge or mode
    delay_h = np.zeros(graph.n_edges)
    group_h = shared.group_delay(eq_flows) / max(float(w[Criterion.TIME_H]), 1e-12)
    in_group = shared.group >= 0
    delay_h[kept[in_group]] = group_h[shared.group[in_group]]
    return delay_h


def _freight_result(  # noqa: PLR0913 (the pieces of one result, by name)
    network: Network,
    graph: Graph,
    od: pd.DataFrame,
    ok: np.ndarray,
    eq: FlowResult,
    flows: dict[str, np.ndarray],
    delay_h: np.ndarray,
    cost: tuple[float, float],
    *,
    by: str,
    include_planned: bool,
    assumptions: dict[str, float],
) -> FreightFlows:
    """The tables and summary of the flows (``freight_flows`` and each class of
    ``joint_flows``); ``cost``: the equilibrium flows' total cost and the all-or-nothing
    flows' at free-flow cost, per day."""
    links = _links_table(network, graph, flows, delay_h)
    crossings = _crossings_table(network, graph, flows, delay_h)
    transfers = _transfers_table(network, graph, flows, delay_h)
    corridors = _corridors_table(network, links, include_planned=include_planned)
    bottlenecks = _bottlenecks(links, crossings, transfers, network.nodes)
    unassigned = od.loc[~ok, ["origin", "destination", "teu_year"]].reset_index(drop=True)
    teu = od["teu_year"].to_numpy(dtype=np.float64)
    summary = _summary(graph, od, teu, ok, eq, flows, delay_h, cost)
    summary["over_capacity_elements"] = int((bottlenecks["utilisation"] > 1.0).sum())
    return FreightFlows(
        network=network.source,
        by=by,
        algorithm=eq.algorithm,
        include_planned=include_planned,
        context=network.context,
        assumptions=assumptions,
        summary=summary,
        links=links,
        crossings=crossings,
        transfers=transfers,
        corridors=corridors,
        bottlenecks=bottlenecks,
        unassigned=unassigned,
        convergence=eq.convergence,
        edge_flows=flows,
    )


def _fw_kind(algorithm: str) -> str:
    kinds = {"fw": "fw", "cfw": "cfw", "bfw": "bfw", "gp": "bfw"}
    if algorithm not in kinds:
        msg = f"unknown flow algorithm {algorithm!r}; choose from {sorted(kinds)}"
        raise InputError(msg)
    return kinds[algorithm]


def _assumptions(
    by: str, w: np.ndarray, queue_h_link: float, queue_h_node: float, beta: float
) -> dict[str, float]:
    return {
        "queue_h_link": queue_h_link,
        "queue_h_node": queue_h_node,
        "beta": beta,
        "value_of_time_usd_teu_h": float(w[Criterion.TIME_H]) if by == "generalised" else 1.0,
        "carbon_price_usd_t": float(w[Criterion.CO2_KG] * 1000.0),
        "days_per_year": DAYS_PER_YEAR,
    }


@dataclass(frozen=True, slots=True)
class _Bpr:
    """Per-edge BPR terms of the flow model (see the module docstring)."""

    t0: np.ndarray
    fixed: np.ndarray
    alpha: np.ndarray
    cap: np.ndarray
    beta: np.ndarray
    capped: np.ndarray
    queue_h: np.ndarray


def _per_truck(graph: Graph, w: np.ndarray, b: _Bpr, factor: float) -> _Bpr:
    """``b`` with the money of road moves and road border edges times ``factor`` (their
    costs are per truck: a segment's TEU of capacity is ``factor`` truck-TEU;
    :func:`corridor.paths.truck_money`, as routes weigh it)."""
    if factor == 1.0:
        return b
    extra = (factor - 1.0) * w[Criterion.COST_USD] * truck_money(graph)
    return replace(b, fixed=b.fixed + extra)


def _bpr(
    graph: Graph, w: np.ndarray, queue_h_link: float, queue_h_node: float, beta: float
) -> _Bpr:
    """BPR's alpha per edge so that the delay at capacity is Q hours: t0 * alpha = VOT * Q."""
    crit = graph.edges.criteria
    time_h = crit[:, Criterion.TIME_H]
    money = [Criterion.COST_USD, Criterion.CO2_KG]
    if (
        min(queue_h_link, queue_h_node, beta) < 0
        or not np.isfinite([queue_h_link, queue_h_node, beta]).all()
    ):
        msg = "queue hours and beta must be finite and >= 0"
        raise InputError(msg)
    cap_day = graph.edges.capacity_teu_day
    is_move = graph.edges.kind == EdgeKind.MOVE
    # a border link congests once, on the part before the frontier
    second_part = is_move & (graph.csr.vertex_kind[graph.csr.tails] == VertexKind.FRONTIER)
    capped = np.isfinite(cap_day) & ~second_part
    ref_h = np.maximum(time_h, 1e-3)
    queue_h = np.where(is_move, queue_h_link, queue_h_node)
    return _Bpr(
        t0=w[Criterion.TIME_H] * np.where(capped, ref_h, time_h),
        fixed=crit[:, money] @ w[money],
        alpha=np.where(capped, queue_h / ref_h, 0.0),
        cap=np.where(capped, cap_day, 1.0),
        beta=np.full(graph.n_edges, beta),
        capped=capped,
        queue_h=queue_h,
    )


def _capacity_groups(graph: Graph, capped: np.ndarray) -> np.ndarray:
    """Group id of every capacity-limited edge (-1 for the others).

    One group per link and direction (all its gauges and the part before the frontier),
    per crossing row and direction of travel (all modes and states crossing there), and
    per transfer edge (a plant's change in one direction).
    """
    e, labels = graph.edges, graph.labels
    kind = e.kind
    link_dir = e.link * 2 + (e.direction < 0)
    from_node = np.where(e.direction >= 0, labels.link_from[e.link], labels.link_to[e.link])
    keys = np.where(
        kind == EdgeKind.MOVE,
        link_dir,
        np.where(
            kind == EdgeKind.BORDER,
            (len(labels.link_ids) * 2 + e.crossing * len(labels.node_ids) + from_node),
            -1 - np.arange(graph.n_edges),
        ),
    )
    group = np.full(graph.n_edges, -1, dtype=np.int64)
    _, group[capped] = np.unique(keys[capped], return_inverse=True)
    return group


def _shared(graph: Graph, w: np.ndarray, b: _Bpr, kept: np.ndarray) -> SharedCapacity:
    """Edge costs of the kept subgraph with one capacity per link, crossing direction, plant."""
    group = _capacity_groups(graph, b.capped)[kept]
    used = np.unique(group[group >= 0])
    remap = np.full(int(group.max(initial=-1)) + 2, -1, dtype=np.int64)
    remap[used] = np.arange(used.size)
    group = np.where(group >= 0, remap[np.maximum(group, 0)], -1)
    n = used.size
    cap = np.zeros(n)
    queue_h = np.zeros(n)
    inside = group >= 0
    cap[group[inside]] = b.cap[kept][inside]
    queue_h[group[inside]] = b.queue_h[kept][inside]
    base = b.fixed[kept] + w[Criterion.TIME_H] * graph.edges.criteria[kept, Criterion.TIME_H]
    return SharedCapacity(
        base=base,
        group=group,
        scale=w[Criterion.TIME_H] * queue_h,
        cap=cap,
        beta=float(b.beta[0]) if b.beta.size else 4.0,
    )


def _via_legs(od: pd.DataFrame) -> pd.DataFrame:
    """Demand legs: a row with a ``via`` place becomes origin -> via and via -> destination.

    The row's containers are then forced through that place (the shipped demand uses it to
    send China-Europe trains through the gateway that published counts give them); link
    and crossing volumes are those of the joined route. Column ``row`` is the demand row.
    """
    cols = ["origin", "destination", "teu_year"] + (["line"] if "line" in od else [])
    base = od[cols].copy()
    base["row"] = np.arange(len(od))
    if "via" not in od:
        return base
    via = od["via"].fillna("").astype(str).str.strip()
    has = (via != "").to_numpy()
    if not has.any():
        return base
    first = base[has].copy()
    first["destination"] = via[has].to_numpy()
    second = base[has].copy()
    second["origin"] = via[has].to_numpy()
    return pd.concat([base[~has], first, second], ignore_index=True)


def _routable(
    graph: Graph, od: pd.DataFrame, base_cost: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Origin and destination places, TEU/yr and which pairs can be routed at all."""
    o_place, d_place = _od_vertices(graph, od)
    teu = od["teu_year"].to_numpy(dtype=np.float64)
    o_u, o_at = np.unique(o_place, return_inverse=True)
    d_u, d_at = np.unique(d_place, return_inverse=True)
    least = skim(graph, base_cost, o_u.tolist(), d_u.tolist())
    ok = np.isfinite(least[o_at, d_at]) & (d_place != o_place) & (teu > 0)
    if not ok.any():
        msg = "no demand can be routed on this network (all pairs unreachable or zero)"
        raise NoRouteError(msg)
    return o_place, d_place, teu, ok


def _summary(
    graph: Graph,
    od: pd.DataFrame,
    teu: np.ndarray,
    ok: np.ndarray,
    eq: FlowResult,
    flows: dict[str, np.ndarray],
    delay_h: np.ndarray,
    costs: tuple[float, float],
) -> dict[str, Any]:
    """Totals of a flow result (TEU, TEU-km, USD and delay per year; convergence)."""
    km = graph.edges.criteria[:, Criterion.DISTANCE_KM]
    eq_cost, free_flow = costs
    return {
        "demand_teu_year": float(teu.sum()),
        "assigned_teu_year": float(teu[ok].sum()),
        "unassigned_teu_year": float(teu[~ok].sum()),
        "od_pairs": len(od),
        "unassigned_pairs": int((~ok).sum()),
        "gap": float(eq.gap),
        "iterations": int(eq.iterations),
        "seconds": float(eq.seconds),
        "converged": bool(eq.converged),
        "aon_teu_km_year": float((flows["aon"] * km).sum() * DAYS_PER_YEAR),
        "eq_teu_km_year": float((flows["eq"] * km).sum() * DAYS_PER_YEAR),
        "eq_cost_usd_year": eq_cost * DAYS_PER_YEAR,
        "aon_cost_at_free_flow_usd_year": free_flow * DAYS_PER_YEAR,
        "congestion_delay_teu_h_year": float((flows["eq"] * delay_h).sum() * DAYS_PER_YEAR),
    }


def _edge_frame(
    graph: Graph, flows: dict[str, np.ndarray], delay_h: np.ndarray, sel: np.ndarray
) -> pd.DataFrame:
    # a border link's move is split in two halves: weight each edge by its share of the link
    return pd.DataFrame(
        {
            "edge": sel,
            "link": graph.edges.link[sel],
            "direction": graph.edges.direction[sel],
            "crossing": graph.edges.crossing[sel],
            "transfer": graph.edges.transfer[sel],
            "node": graph.edges.node[sel],
            "aon": flows["aon"][sel],
            "eq": flows["eq"][sel],
            "delay_h": delay_h[sel],
        }
    )


def _by_direction(out: pd.DataFrame, f: pd.DataFrame, key: str) -> pd.DataFrame:
    """Add AON / equilibrium volumes (TEU/yr) and queue delay per direction of each row of
    ``out`` (row i = element i of ``f[key]``), their totals and the peak utilisation."""
    g = f.groupby([key, "direction"]).agg(
        aon=("aon", "sum"), eq=("eq", "sum"), delay_h=("delay_h", "max")
    )
    rows = range(len(out))
    for d, tag in ((1, "ab"), (-1, "ba")):
        part = (
            g.xs(d, level="direction")
            if d in g.index.get_level_values("direction")
            else g.iloc[0:0]
        )
        for col in ("aon", "eq"):
            out[f"{col}_{tag}_teu_year"] = (
                part[col].reindex(rows, fill_value=0.0).to_numpy() * DAYS_PER_YEAR
            )
        out[f"delay_{tag}_h"] = part["delay_h"].reindex(rows, fill_value=0.0).to_numpy()
    out["aon_teu_year"] = out["aon_ab_teu_year"] + out["aon_ba_teu_year"]
    out["eq_teu_year"] = out["eq_ab_teu_year"] + out["eq_ba_teu_year"]
    peak = np.maximum(out["eq_ab_teu_year"], out["eq_ba_teu_year"]) / DAYS_PER_YEAR
    out["utilisation"] = peak / out["capacity_teu_day"]
    return out


def _links_table(
    network: Network, graph: Graph, flows: dict[str, np.ndarray], delay_h: np.ndarray
) -> pd.DataFrame:
    moves = np.flatnonzero(graph.edges.kind == EdgeKind.MOVE)
    f = _edge_frame(graph, flows, delay_h, moves)
    km = graph.edges.criteria[moves, Criterion.DISTANCE_KM]
    share = km / graph.labels.link_length_km[graph.edges.link[moves]]
    f["aon"] *= share
    f["eq"] *= share
    out = network.links[
        ["id", "from", "to", "mode", "gauge_mm", "status", "length_km", "capacity_teu_day"]
    ].copy()
    out = _by_direction(out, f, "link")
    out["eq_teu_km_year"] = out["eq_teu_year"] * out["length_km"]
    return out


def _crossings_table(
    network: Network, graph: Graph, flows: dict[str, np.ndarray], delay_h: np.ndarray
) -> pd.DataFrame:
    border = np.flatnonzero(graph.edges.kind == EdgeKind.BORDER)
    f = _edge_frame(graph, flows, delay_h, border)
    cols = [
        "id",
        "node",
        "countries",
        "modes",
        "dwell_median_h",
        "fee_usd_teu",
        "capacity_teu_day",
        "direction",
        "status",
    ]
    out = _by_direction(network.crossings[cols].copy(), f, "crossing")
    out["delay_h"] = np.maximum(out["delay_ab_h"], out["delay_ba_h"])
    return out


def _transfers_table(
    network: Network, graph: Graph, flows: dict[str, np.ndarray], delay_h: np.ndarray
) -> pd.DataFrame:
    sel = np.flatnonzero(np.isin(graph.edges.kind, STOP_EDGES))
    f = _edge_frame(graph, flows, delay_h, sel)
    src = [state_label(graph, int(v)) for v in graph.csr.tails[sel]]
    dst = [state_label(graph, int(v)) for v in graph.csr.indices[sel]]
    # one row per plant (place and pair of states), both directions of change on it:
    # "ab" is from the first state of the pair (in sorted order) to the second
    f["place"] = [graph.labels.node_ids[i] for i in graph.edges.node[sel]]
    f["state_a"] = [min(x, y) for x, y in zip(src, dst, strict=True)]
    f["state_b"] = [max(x, y) for x, y in zip(src, dst, strict=True)]
    f["direction"] = np.where(np.array(src) == f["state_a"].to_numpy(), 1, -1)
    f["kind"] = [str(EdgeKind(k).leg_kind) for k in graph.edges.kind[sel].tolist()]
    f["capacity_teu_day"] = graph.edges.capacity_teu_day[sel]
    keys = ["place", "kind", "state_a", "state_b"]
    plants = f.groupby(keys, sort=False)["capacity_teu_day"].min().reset_index()
    f["plant"] = (
        f[keys]
        .merge(plants.reset_index()[[*keys, "index"]], on=keys, how="left")["index"]
        .to_numpy()
    )
    out = _by_direction(plants, f, "plant")
    out["delay_h"] = np.maximum(out["delay_ab_h"], out["delay_ba_h"])
    out = out[
        (out["aon_teu_year"] > 0) | (out["eq_teu_year"] > 0) | np.isfinite(out["capacity_teu_day"])
    ]
    ranked: pd.DataFrame = out.sort_values("eq_teu_year", ascending=False).reset_index(drop=True)
    return ranked


CORRIDOR_MEASURE = (
    "eq_teu_year = km-weighted mean of the two-direction equilibrium volume over the "
    "corridor's defining links (how loaded the corridor's own track or road is on average; "
    "the minimum is often 0 because no OD pair uses a corridor end to end), with "
    "eq_teu_year_min and eq_teu_year_max over the same links. Defining links: the "
    "corridor's route through its waypoints with every closure lifted, so a closure never "
    "moves the measure onto a detour; a corridor with a closed defining link or crossing "
    "is reported cut (status closed, volume 0), a corridor with unbuilt links 'not built'."
)


def _reopened(network: Network) -> Network:
    """The network with every closure lifted (the corridors' defining routes)."""
    links = network.links.copy()
    links.loc[links["status"] == Status.CLOSED, "status"] = Status.EXISTING.value
    crossings = network.crossings.copy()
    crossings["status"] = "open"
    crossings["closed"] = False
    crossings["closed_modes"] = ""
    return network.replace(links=links, crossings=crossings)


def _closed_elements(
    network: Network, link_ids: tuple[str, ...], crossing_ids: tuple[str, ...], modes: set[str]
) -> list[str]:
    """Defining links and crossings that are closed in ``network`` (to the corridor's modes)."""
    links = network.links.set_index("id")
    out = [i for i in link_ids if links.at[i, "status"] == Status.CLOSED]
    x = network.crossings
    for cid in crossing_ids:
        rows = x[x["id"] == cid]
        closed_modes = {m for v in rows["closed_modes"] for m in str(v).split("|") if m}
        if bool(rows["closed"].any()) or (modes and modes <= closed_modes):
            out.append(cid)
    return out


def _corridor_row(
    network: Network,
    reference: Network,
    by_id: pd.DataFrame,
    c: Any,
    *,
    include_planned: bool,
) -> dict[str, Any]:
    row: dict[str, Any] = {"id": c.id, "name": c.name}
    try:
        r = corridor_route(reference, str(c.id), by="cost")
    except (NoRouteError, UnknownIdError):
        return {**row, "status": "unroutable", "km": np.nan, "eq_teu_year": np.nan}
    part = by_id.loc[list(r.links)]
    km = part["length_km"].to_numpy()
    modes = {m for m in str(c.modes).split("|") if m}
    closed = _closed_elements(network, r.links, r.crossings, modes)
    built = part["status"].eq(Status.EXISTING).to_numpy() | part["id"].isin(closed).to_numpy()
    if closed:
        status = "closed"
    elif not include_planned and not built.all():
        status = "not built"
    else:
        status = "open"
    carries = status == "open"
    eq = part["eq_teu_year"].to_numpy() if carries else np.zeros(len(part))
    aon = part["aon_teu_year"].to_numpy() if carries else np.zeros(len(part))
    reasons = "; ".join(f"{i}: {network.reasons.get(i, 'closed')}" for i in closed)
    return {
        **row,
        "status": status,
        "closed_by": reasons,
        "km": float(km.sum()),
        "share_built": float(km[built].sum() / km.sum()),
        "eq_teu_year": float(eq @ km / km.sum()),
        "eq_teu_year_mean": float(eq @ km / km.sum()),  # same; the CLI table's name
        "eq_teu_year_min": float(eq.min()),
        "eq_teu_year_max": float(eq.max()),
        "aon_teu_year": float(aon @ km / km.sum()),
        "aon_teu_year_mean": float(aon @ km / km.sum()),  # same; the CLI table's name
        "eq_teu_km_year": float(eq @ km),
        "max_utilisation": float(np.nanmax(part["utilisation"].to_numpy(), initial=0.0))
        if carries
        else 0.0,
        "links": "|".join(r.links),
        "crossings": "|".join(r.crossings),
    }


def _corridors_table(
    network: Network, links: pd.DataFrame, *, include_planned: bool
) -> pd.DataFrame:
    """Volume per named corridor on its own defining links (see :data:`CORRIDOR_MEASURE`)."""
    by_id = links.set_index("id", drop=False)
    reference = _reopened(network)
    rows = [
        _corridor_row(network, reference, by_id, c, include_planned=include_planned)
        for c in network.corridors.itertuples()
    ]
    return pd.DataFrame(rows)


def _place_names(nodes: pd.DataFrame) -> Callable[[pd.Series], pd.Series]:
    """Ids -> the places' short names (without the parenthesised detail, as the CLI's
    ``short_name``; an unknown id stays itself)."""
    short = nodes["name"].astype(str).str.split(" (", n=1, regex=False).str[0]
    name = pd.Series(short.to_numpy(), index=nodes["id"].to_numpy())

    def named(ids: pd.Series) -> pd.Series:
        return ids.map(name).fillna(ids).astype(str)

    return named


def link_names(nodes: pd.DataFrame, links: pd.DataFrame) -> pd.Series:
    """``From - To mode`` of each link (``from``, ``to``, ``mode`` columns), with its
    places' short names (tables show names, JSON ids)."""
    named = _place_names(nodes)
    return named(links["from"]) + " - " + named(links["to"]) + " " + links["mode"]


def _bottlenecks(
    links: pd.DataFrame, crossings: pd.DataFrame, transfers: pd.DataFrame, nodes: pd.DataFrame
) -> pd.DataFrame:
    """Every capacitated element with a load, most utilised first: ``id`` and ``place``
    (node ids) for scripts, ``name`` (place names, mode or crossing countries) for tables."""
    named = _place_names(nodes)
    parts = [
        pd.DataFrame(
            {
                "kind": "link",
                "id": links["id"],
                "place": links["from"] + " - " + links["to"],
                "name": link_names(nodes, links),
                "eq_teu_year": links["eq_teu_year"],
                "capacity_teu_day": links["capacity_teu_day"],
                "utilisation": links["utilisation"],
                "delay_h": np.maximum(links["delay_ab_h"], links["delay_ba_h"]),
            }
        ),
        pd.DataFrame(
            {
                "kind": "crossing",
                "id": crossings["id"],
                "place": crossings["node"],
                "name": named(crossings["node"])
                + " "
                + crossings["countries"].str.replace("|", "-", regex=False),
                "eq_teu_year": crossings["eq_teu_year"],
                "capacity_teu_day": crossings["capacity_teu_day"],
                "utilisation": crossings["utilisation"],
                "delay_h": crossings["delay_h"],
            }
        ),
        pd.DataFrame(
            {
                "kind": transfers["kind"],
                "id": transfers["state_a"] + " <-> " + transfers["state_b"],
                "place": transfers["place"],
                "name": named(transfers["place"]),
                "eq_teu_year": transfers["eq_teu_year"],
                "capacity_teu_day": transfers["capacity_teu_day"],
                "utilisation": transfers["utilisation"],
                "delay_h": transfers["delay_h"],
            }
        ),
    ]
    out = pd.concat(parts, ignore_index=True)
    out = out[np.isfinite(out["capacity_teu_day"]) & (out["eq_teu_year"] > 0)]
    ranked: pd.DataFrame = out.sort_values(["utilisation", "eq_teu_year"], ascending=False)
    return ranked.reset_index(drop=True)


__all__ = ["FlowResult", "FlowRun", "FreightFlows", "freight_flows", "link_names", "prepare_run"]
