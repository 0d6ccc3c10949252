"""Joint freight flows: every commodity segment in one equilibrium, sharing capacity.

``corridor flows --segment S`` assigns one segment at a time: a container run sees the Kuryk
rail ferries empty of bulk wagons. Here the segments are *classes* of one multi-class
equilibrium (issue 17 item 6). Each class keeps its own graph (its rail service and
carriers: :func:`corridor.analysis.flows.prepare_run`), its value of time, its mode choice
(the logit between its rail-based, intermodal and road chains with its road constant) and
its demand in its own unit (TEU, or TEU of capacity for bulk). The classes share every
link's, crossing's and plant's capacity: a group's load is

    V_g = sum_k a_k x_kg,      a_k = capacity TEU per TEU(-equivalent) of class k,

with ``a_k`` the stated conversion of ``segments.csv`` (``capacity_teu_per_teu_eq``: the
capacities are TEU of container wagons, a wagon of any kind takes the place of a 40-ft flat
with two TEU, so ``a_k = 2 x t_per_teu_eq / t_per_wagon``: containers 1, dry bulk
2 x 21 / 70 = 0.6). The queue is common: every class waits ``Q_g (V_g / c_g)^beta`` hours
there and pays it at its own value of time.

A class's cost in hours (US$ / its value of time) chooses the same routes and the same logit
split as its cost in US$ (the logit's dispersion is scale-free, ``theta / c_p``), and in
hours per capacity TEU, with flows ``y_k = a_k x_k``, every class sees the same queue
``d_g(V_g)``: the cost Jacobian is symmetric, so the multi-class equilibrium is the minimum
of one convex objective (Beckmann's on ``y`` plus each class's logit entropy; Dafermos
1972 for multi-class symmetric costs). It is solved as the single-segment flows are
(:mod:`corridor.analysis._combined`): the classes are stacked side by side in one graph,
their edges in one capacity group per element.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd

from corridor.analysis._combined import Problem, Solution, solve
from corridor.analysis._modes import CHAINS, Classes
from corridor.analysis._shared_capacity import Blocks, SharedCapacity, equilibrium
from corridor.analysis.flows import (
    FlowRun,
    FreightFlows,
    _bpr,
    _capacity_groups,
    _freight_result,
    _fw_kind,
    prepare_run,
)
from corridor.assign import Demand
from corridor.errors import InputError
from corridor.graph import Criterion
from corridor.network.model import Network
from corridor.paths import RouteOptions
from corridor.results.flow import FlowResult

CAPACITY_UNIT = (
    "volumes and capacities in TEU of capacity: a container is 1, a bulk TEU-equivalent "
    "counts capacity_teu_per_teu_eq (segments.csv: 2 x t_per_teu_eq / t_per_wagon, a wagon "
    "of any kind taking the place of a 40-ft flat with two TEU)"
)


@dataclass(frozen=True, slots=True)
class FlowClass:
    """One class of a joint assignment: a segment's demand and how it travels."""

    name: str
    demand: pd.DataFrame
    """Rows ``origin, destination, teu_year[, via]`` in the class's own unit."""
    value_of_time_usd_teu_h: float | None = None
    """Per unit and hour (None: the network's)."""
    capacity_factor: float = 1.0
    """Capacity TEU one unit of the class takes (``a_k``)."""
    options: RouteOptions | None = None
    """The class's rail service, carriers, modes (None: the defaults)."""
    segment: str = "container"
    """Whose fitted road constant the shipped mode choice uses."""
    t_per_unit: float = 10.0
    """Tonnes one unit of the class carries (reports tonnes; ``segments.csv``
    ``t_per_teu_eq`` for the shipped classes)."""


@dataclass(frozen=True, slots=True)
class JointFlows:
    """The answer of :func:`joint_flows`: the total in capacity TEU, and each class."""

    total: FreightFlows
    """All classes together, volumes in TEU of capacity (utilisation and queues joint)."""
    segments: dict[str, FreightFlows]
    """Each class's own volumes in its own unit; utilisation and queues are the joint
    ones (the element's load of every class over its capacity)."""
    factors: dict[str, float]
    summary: dict[str, Any] = field(default_factory=dict)

    def segment_volumes(self) -> pd.DataFrame:
        """Crossing and link volumes per class (own unit a year): ``segment, kind, id,
        eq_teu_year``."""
        rows = []
        for name, f in self.segments.items():
            for kind, frame in (("crossing", f.crossings), ("link", f.links)):
                g = frame.groupby("id", sort=False)["eq_teu_year"].sum()
                rows.append(
                    pd.DataFrame(
                        {"segment": name, "kind": kind, "id": g.index, "eq_teu_year": g.values}
                    )
                )
        return pd.concat(rows, ignore_index=True)

    def to_dict(self, top: int = 10) -> dict[str, Any]:
        """The total's JSON (:meth:`FreightFlows.to_dict`) plus ``segments``: each class's
        factor, demand, chain volumes and crossing volumes (own unit)."""
        doc = self.total.to_dict(top=top)
        doc["capacity_unit"] = CAPACITY_UNIT
        doc["segments"] = {
            name: {
                "capacity_factor": self.factors[name],
                "summary": f.to_dict(top=0)["summary"],
                "crossings": [
                    {"id": str(i), "eq_teu_year": float(f"{v:.8g}")}
                    for i, v in f.crossings.groupby("id", sort=True)["eq_teu_year"].sum().items()
                    if v > 0
                ],
            }
            for name, f in self.segments.items()
        }
        return doc


@dataclass(frozen=True, slots=True)
class JointProblem:
    """The classes' runs stacked into one problem (flows in capacity TEU, costs in hours)."""

    runs: list[FlowRun]
    factors: np.ndarray
    vot: np.ndarray
    edge_ptr: np.ndarray
    """Stacked edges of class k: ``edge_ptr[k]:edge_ptr[k+1]``."""
    problem: Problem
    group_of_edge: np.ndarray
    """Joint capacity group of every graph edge (-1: none)."""


def _stack_demand(parts: list[Demand], v_off: list[int], n_vertices: int) -> Demand:
    """Demands on disjoint vertex blocks, concatenated (origins stay sorted)."""
    origins, ptr, shift = [], [np.zeros(1, dtype=np.int64)], 0
    for d, off in zip(parts, v_off, strict=True):
        origins.append(d.origins + off)
        ptr.append(d.origin_ptr[1:] + shift)
        shift += d.n_pairs
    return Demand(
        n_vertices=n_vertices,
        orig=np.concatenate([d.orig + o for d, o in zip(parts, v_off, strict=True)]),
        dest=np.concatenate([d.dest + o for d, o in zip(parts, v_off, strict=True)]),
        flow=np.concatenate([d.flow for d in parts]),
        origins=np.concatenate(origins).astype(np.int64),
        origin_ptr=np.concatenate(ptr).astype(np.int64),
    )


def stack_runs(runs: list[FlowRun], factors: np.ndarray, b_full: Any) -> JointProblem:
    """Stack the class runs: block-diagonal graph, one capacity group per element."""
    graph = runs[0].graph
    vot = np.array([float(r.w[Criterion.TIME_H]) for r in runs])
    if not (np.all(np.isfinite(vot)) and np.all(vot > 0)):
        msg = "every class of a joint assignment needs a value of time > 0"
        raise InputError(msg)
    full = _capacity_groups(graph, b_full.capped)
    groups = [full[r.kept] for r in runs]
    used = np.unique(np.concatenate([g[g >= 0] for g in groups]))
    remap = np.full(int(full.max(initial=-1)) + 2, -1, dtype=np.int64)
    remap[used] = np.arange(used.size)
    group_of_edge = np.where(full >= 0, remap[np.maximum(full, 0)], -1)
    n_v = [r.indptr.size - 1 for r in runs]
    v_off = np.concatenate([[0], np.cumsum(n_v)]).astype(np.int64)
    edge_ptr = np.concatenate([[0], np.cumsum([r.kept.size for r in runs])]).astype(np.int64)
    indptr = [np.zeros(1, dtype=np.int64)]
    for k, r in enumerate(runs):
        indptr.append(r.indptr[1:] + edge_ptr[k])
    kept = np.concatenate([r.kept for r in runs])
    group = group_of_edge[kept]
    cap = np.zeros(used.size)
    queue_h = np.zeros(used.size)
    inside = group >= 0
    cap[group[inside]] = b_full.cap[kept][inside]
    queue_h[group[inside]] = b_full.queue_h[kept][inside]
    shared = SharedCapacity(
        base=np.concatenate([r.shared.base / v for r, v in zip(runs, vot, strict=True)]),
        group=group,
        scale=queue_h,
        cap=cap,
        beta=runs[0].shared.beta,
    )
    n_total = int(v_off[-1])
    dem = _stack_demand(
        [replace(r.dem, flow=r.dem.flow * a) for r, a in zip(runs, factors, strict=True)],
        v_off[:-1].tolist(),
        n_total,
    )
    cls = [r.classes for r in runs]
    p_off = np.concatenate([[0], np.cumsum([c.base.n_pairs for c in cls])]).astype(np.int64)
    base = _stack_demand(
        [replace(c.base, flow=c.base.flow * a) for c, a in zip(cls, factors, strict=True)],
        [0] * len(cls),
        n_total,
    )
    theta = next((c.theta for c in cls if c.theta is not None), None)
    # each class's chain constants, per base pair (market constants, _modes.pair_asc): the
    # stacked pairs of class k use columns 3k..3k+2
    k_ch = len(CHAINS)
    asc = np.zeros((int(p_off[-1]), k_ch * len(cls)))
    for k, c in enumerate(cls):
        a = c.asc if c.asc.ndim == 2 else np.broadcast_to(c.asc, (c.base.n_pairs, k_ch))
        asc[p_off[k] : p_off[k + 1], k_ch * k : k_ch * (k + 1)] = a
    classes = Classes(
        base=base,
        pair=np.concatenate([c.pair + p_off[k] for k, c in enumerate(cls)]).astype(np.int64),
        cls=np.concatenate([c.cls + len(CHAINS) * k for k, c in enumerate(cls)]).astype(np.int64),
        scale=np.concatenate([c.scale * v for c, v in zip(cls, vot, strict=True)]),
        theta=theta,
        asc=asc,
    )
    indices = np.concatenate([r.indices + v_off[k] for k, r in enumerate(runs)])
    indptr_all = np.concatenate(indptr)
    pair_ptr = np.concatenate([[0], np.cumsum([r.dem.n_pairs for r in runs])]).astype(np.int64)
    blocks = Blocks.of(indptr_all, indices, v_off, pair_ptr)
    problem = Problem(indptr_all, indices, shared, dem, classes, blocks)
    return JointProblem(runs, factors, vot, edge_ptr, problem, group_of_edge)


def joint_flows(  # noqa: PLR0913 (keyword-only model parameters)
    network: Network,
    classes: list[FlowClass],
    *,
    by: str = "generalised",
    algorithm: str = "bfw",
    gap: float = 1e-6,
    max_iter: int = 2000,
    carbon_price_usd_t: float | None = None,
    queue_h_link: float = 12.0,
    queue_h_node: float = 24.0,
    beta: float = 4.0,
    theta: float | Literal["shipped"] | None = "shipped",
    mode_params: dict[str, float] | None = None,
) -> JointFlows:
    """Flows of several classes in one equilibrium, sharing every capacity.

    Parameters as :func:`corridor.analysis.flows.freight_flows` (``mode_params``: the
    mode-choice parameters every class uses with ``theta="shipped"``, default the shipped
    fit); ``classes`` each carry their demand, value of time, capacity factor, route
    options and segment. With one class of factor 1 the answer is ``freight_flows``'s
    (tested).

    Examples
    --------
    >>> import corridor, pandas as pd
    >>> from corridor.data import path
    >>> net = corridor.load(path("examples/tiny"))
    >>> od = pd.DataFrame({"origin": ["a"], "destination": ["d"], "teu_year": [3650.0]})
    >>> j = joint_flows(net, [FlowClass("boxes", od), FlowClass("bulk", od, 5.0, 0.6)])
    >>> j.total.summary["assigned_teu_year"]
    5840.0
    """
    kind = _fw_kind(algorithm)
    j = prepare_joint(
        network, classes, by=by, carbon_price_usd_t=carbon_price_usd_t,
        queue_h_link=queue_h_link, queue_h_node=queue_h_node, beta=beta, theta=theta,
        mode_params=mode_params,
    )  # fmt: skip
    sol = solve_fixed(j.problem, gap=gap, max_iter=max_iter, kind=kind)
    return _answer(network, j, sol.x, sol.t, sol.result, [c.name for c in classes], by)


def class_runs(
    network: Network, classes: list[FlowClass], **options: Any
) -> tuple[list[FlowRun], np.ndarray, Any]:
    """Each class's run (:func:`corridor.analysis.flows.prepare_run` with the class's
    demand, value of time, route options and segment; ``options``: ``by``,
    ``carbon_price_usd_t``, ``queue_h_link``, ``queue_h_node``, ``beta``, ``theta``,
    ``mode_params``), the
    classes' capacity factors and the network's BPR terms (for :func:`stack_runs`)."""
    if not classes:
        msg = "a joint assignment needs at least one class"
        raise InputError(msg)
    names = [c.name for c in classes]
    if len(set(names)) != len(names):
        msg = f"class names must differ: {names}"
        raise InputError(msg)
    factors = np.array([float(c.capacity_factor) for c in classes])
    if not (np.all(np.isfinite(factors)) and np.all(factors > 0)):
        msg = f"capacity factors must be finite and > 0: {factors.tolist()}"
        raise InputError(msg)
    runs = [
        prepare_run(
            network,
            c.demand,
            options=c.options,
            value_of_time_usd_teu_h=c.value_of_time_usd_teu_h,
            segment=c.segment,
            **options,
        )
        for c in classes
    ]
    r0 = runs[0]
    b_full = _bpr(
        r0.graph, r0.w, float(r0.assumptions["queue_h_link"]),
        float(r0.assumptions["queue_h_node"]), float(r0.assumptions["beta"]),
    )  # fmt: skip
    return runs, factors, b_full


def prepare_joint(network: Network, classes: list[FlowClass], **options: Any) -> JointProblem:
    """The classes' runs stacked into one problem (``options`` as :func:`class_runs`)."""
    runs, factors, b_full = class_runs(network, classes, **options)
    return stack_runs(runs, factors, b_full)


START_GAP = 1e-4
"""With mode choice, the user equilibrium of the free-flow logit split (the start of the
combined iterations, whose demand they change at once) is solved to this gap only."""


def solve_fixed(pb: Problem, *, gap: float, max_iter: int, kind: str) -> Solution:
    """The fixed-demand equilibrium of a stacked problem (with its mode split, if any)."""
    eq = equilibrium(
        pb.indptr, pb.indices, pb.shared, pb.dem, blocks=pb.blocks,
        gap=gap if pb.classes.theta is None else max(gap, START_GAP), max_iter=max_iter,
        kind=kind,
    )  # fmt: skip
    if pb.classes.theta is None:
        return Solution(eq.flows, pb.dem.flow, eq)
    return solve(pb, eq.flows, None, gap=gap, max_iter=50, kind=kind,
                 name=f"{kind}-joint-shared-capacity+logit-modes")  # fmt: skip


def _answer(
    network: Network,
    j: JointProblem,
    x: np.ndarray,
    t: np.ndarray,
    res: FlowResult,
    names: list[str],
    by: str,
) -> JointFlows:
    """The total and per-class tables of a joint equilibrium ``x`` (capacity TEU/day)."""
    runs = j.runs
    graph = runs[0].graph
    n = graph.n_edges
    group_h = j.problem.shared.group_delay(x)  # hours of queue per group
    delay_h = np.zeros(n)
    inside = j.group_of_edge >= 0
    delay_h[inside] = group_h[j.group_of_edge[inside]]
    pair_ptr = np.concatenate([[0], np.cumsum([r.dem.n_pairs for r in runs])])
    total_flows = {"aon": np.zeros(n), "eq": np.zeros(n)}
    per: dict[str, FreightFlows] = {}
    eq_cost = free_cost = 0.0
    for k, (r, name) in enumerate(zip(runs, names, strict=True)):
        a = float(j.factors[k])
        xk = x[j.edge_ptr[k] : j.edge_ptr[k + 1]] / a
        tk = t[pair_ptr[k] : pair_ptr[k + 1]] / a
        flows = {
            "aon": np.bincount(r.kept, weights=r.aon_flows, minlength=n),
            "eq": np.bincount(r.kept, weights=xk, minlength=n),
        }
        for key in total_flows:
            total_flows[key] += a * flows[key]
        cost_k = r.true_shared.base + j.vot[k] * delay_h[r.kept]
        own = replace(res, flows=xk, costs=cost_k)
        cost = (float(xk @ cost_k), float(flows["aon"] @ r.free_flow_cost))
        per[name] = _freight_result(
            network, r.graph, r.od, r.ok, own, flows, delay_h, cost,
            by=by, include_planned=r.include_planned, assumptions=r.assumptions,
        )  # fmt: skip
        per[name].summary.update(_class_summary(r, tk))
        eq_cost += a * cost[0]
        free_cost += a * cost[1]
    od = pd.concat(
        [
            r.od.assign(segment=name, teu_year=r.od["teu_year"].to_numpy(dtype=float) * a)
            for r, name, a in zip(runs, names, j.factors, strict=True)
        ],
        ignore_index=True,
    )
    ok = np.concatenate([r.ok for r in runs])
    total = _freight_result(
        network, graph, od, ok, res, total_flows, delay_h, (eq_cost, free_cost),
        by=by, include_planned=runs[0].include_planned, assumptions=runs[0].assumptions,
    )  # fmt: skip
    # the utilisation of a segment's elements is the joint one
    for name in names:
        for attr in ("links", "crossings"):
            getattr(per[name], attr)["utilisation"] = getattr(total, attr)["utilisation"]
    total.summary["classes"] = len(runs)
    return JointFlows(total, per, dict(zip(names, j.factors.tolist(), strict=True)))


def _class_summary(r: FlowRun, t: np.ndarray) -> dict[str, Any]:
    """Chain volumes of a class (its unit a year), as ``freight_flows`` reports them."""
    from corridor.analysis.flows import _mode_summary

    return _mode_summary(r.classes, t)


def shipped_classes(
    demand: pd.DataFrame,
    options: RouteOptions | None = None,
    service: str | None = None,
    table: pd.DataFrame | None = None,
) -> list[FlowClass]:
    """One class per carried segment of a demand table with a ``segment`` column: the
    segment's value of time, capacity factor (``segments.csv``) and rail service
    (``service``, else :func:`corridor.vocab.rail_service` of the segment); ``options``
    the rest (carriers, planned links); ``table``: the segments (default the shipped
    ``corridor.demand.segments()``)."""
    from corridor.demand import segments
    from corridor.vocab import rail_service

    if "segment" not in demand:
        msg = "a joint assignment of the segments needs a demand with a 'segment' column"
        raise InputError(msg)
    seg = (segments() if table is None else table).set_index("id")
    vot = seg["vot_usd_teu_h"].astype(float)
    factor = seg["capacity_teu_per_teu_eq"].astype(float)
    tonnes = seg["t_per_teu_eq"].astype(float)
    out = []
    for name, rows in demand.groupby("segment", sort=True):
        s = str(name)
        if s not in seg.index or not bool(seg.at[s, "carried"]):
            continue
        opts = replace(options or RouteOptions(), service=service or rail_service(s))
        out.append(
            FlowClass(
                name=s,
                demand=rows.reset_index(drop=True),
                value_of_time_usd_teu_h=float(vot[s]),
                capacity_factor=float(factor[s]),
                options=opts,
                segment=s,
                t_per_unit=float(tonnes[s]),
            )
        )
    return out


def read_segments_demand(path: str | Path) -> pd.DataFrame:
    """Every segment's rows of a demand CSV with a ``segment`` column (checked as
    :func:`corridor.io.demand_csv.read_demand_csv` checks one segment's)."""
    from corridor.io.csv_tables import read_raw_table
    from corridor.io.demand_csv import read_demand_csv

    raw = read_raw_table(Path(path))
    if "segment" not in raw.columns:
        msg = f"{path}: --segment all needs a 'segment' column (the shipped demand has one)"
        raise InputError(msg)
    parts = [
        read_demand_csv(path, str(s)).assign(segment=str(s)) for s in sorted(set(raw["segment"]))
    ]
    return pd.concat(parts, ignore_index=True)


__all__ = [
    "CAPACITY_UNIT",
    "FlowClass",
    "JointFlows",
    "joint_flows",
    "read_segments_demand",
    "shipped_classes",
]
