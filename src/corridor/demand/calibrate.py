"""Calibrate the OD demand against published crossing volumes, with a hold-out set.

Every OD row is routed all-or-nothing on the generalised cost of its segment (the segment's
value of time per TEU of capacity); a target's modelled volume is the sum of the rows whose
route uses any of its crossings (tonnes of every carried segment, or TEU of containers).
The parameters of ``fitted.csv`` (scope shares, segment scales) minimise the sum of squared
log ratios model / observed over the ``fit`` targets (``scipy.optimize.least_squares``
within their bounds). ``holdout`` targets are never fitted: they are predicted. Leave one
out refits without each fit target in turn and predicts it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
from scipy.optimize import least_squares

from corridor.demand.od import CONTAINER, DemandTables, od_base, scale, t_per_teu_eq
from corridor.demand.tables import records
from corridor.graph import Graph
from corridor.network.calendar import on_date
from corridor.network.model import Network
from corridor.paths import RouteOptions, as_graph, masked_cost, path_edges, shortest_tree


def segment_vot(segments: pd.DataFrame) -> dict[str, float]:
    """Value of time per TEU of capacity and hour of each carried segment (US$)."""
    carried = segments[segments["carried"]]
    return {str(k): float(v) for k, v in zip(carried["id"], carried["vot_usd_teu_h"], strict=True)}


class Router:
    """Cheapest routes between places at a value of time, optionally on some modes only:
    their cost and the crossings they use; one tree per (vot, modes, origin)."""

    def __init__(
        self,
        graph: Graph,
        service: str = "block",
        carrier: str = "origin",
        truck_factor: float = 1.0,
    ) -> None:
        # as corridor flows routes a segment: its rail service (vocab.rail_service), the
        # carriers of the trip's origin country (issue 15 rights) and road money per truck
        # (analysis._segments.road_truck_factor)
        self.graph = graph
        self.service = service
        self.carrier = carrier
        self.truck_factor = truck_factor
        self._trees: dict[
            tuple[float, tuple[str, ...] | None, int], tuple[np.ndarray, np.ndarray]
        ] = {}
        self._costs: dict[tuple[float, tuple[str, ...] | None], np.ndarray] = {}
        self.unrouted: set[tuple[str, str]] = set()
        self._rail_ferry: np.ndarray | None = None

    def _tree(
        self, vot: float, modes: tuple[str, ...] | None, a: str
    ) -> tuple[np.ndarray, np.ndarray]:
        g = self.graph
        if (vot, modes) not in self._costs:
            options = RouteOptions(modes=modes, service=self.service, carrier=self.carrier)
            self._costs[vot, modes] = self._masked(options, vot)
        ia = g.node_index(a)
        key = (vot, modes, ia)
        if key not in self._trees:
            source = g.csr.dep_vertex[ia : ia + 1]
            self._trees[key] = shortest_tree(
                g.csr.indptr, g.csr.indices, self._costs[vot, modes], source
            )
        return self._trees[key]

    def _masked(self, options: RouteOptions, vot: float) -> np.ndarray:
        """Generalised edge costs, road money per truck (``truck_factor``)."""
        opts = replace(options, road_truck_factor=self.truck_factor)
        return masked_cost(self.graph, "generalised", opts, value_of_time_usd_teu_h=vot)

    def chain(
        self, vot: float, a: str, b: str, road_factor: float
    ) -> tuple[float, frozenset[str], bool]:
        """The route chosen when road edges cost ``road_factor`` times their own (a
        rail-based chain: trucks only where rail cannot reach): its true generalised cost,
        its crossings and whether it uses rail at all."""
        edges = self.route(vot, a, b, road_factor)
        if edges is None:
            return float("inf"), frozenset(), False
        cost = float(self._costs[vot, None][edges].sum())
        return cost, self.edge_crossings(edges), self.uses_rail(edges)

    def route(
        self, vot: float, a: str, b: str, road_factor: float, *, rail_ferry: bool = True
    ) -> np.ndarray | None:
        """Edges of the cheapest route when road edges cost ``road_factor`` times their own
        and, unless ``rail_ferry``, without rolling wagons onto a ferry (the intermodal
        chain, :func:`corridor.analysis._modes.rail_ferry_edges`); None if there is none.
        :meth:`weighed` prices it as chosen."""
        from corridor.analysis._modes import rail_ferry_edges
        from corridor.vocab import MODES, Mode

        road_code = list(MODES).index(Mode.ROAD)
        g = self.graph
        key = (vot, ("road_factor", str(road_factor), str(rail_ferry)))
        if key not in self._costs:
            opts = RouteOptions(service=self.service, carrier=self.carrier)
            base = self._masked(opts, vot)
            road = g.edges.mode == road_code
            cost = np.where(road, base * road_factor, base)
            self._costs[key] = cost if rail_ferry else np.where(rail_ferry_edges(g), np.inf, cost)
            self._costs[vot, None] = base
        _, pred = self._tree(vot, key[1], a)
        edges = path_edges(pred, g.csr.tails, int(g.csr.arr_vertex[g.node_index(b)]))
        if len(edges) == 0 and a != b:
            return None
        return edges

    def weighed(self, vot: float, road_factor: float, edges: np.ndarray) -> float:
        """Cost of ``edges`` (found by :meth:`route`) with road edges at ``road_factor``
        times their own."""
        from corridor.vocab import MODES, Mode

        base = self._costs[vot, None][edges]
        road = self.graph.edges.mode[edges] == list(MODES).index(Mode.ROAD)
        return float(np.where(road, base * road_factor, base).sum())

    def edge_crossings(self, edges: np.ndarray) -> frozenset[str]:
        """Crossing ids on ``edges``."""
        g = self.graph
        xs = g.edges.crossing[edges]
        return frozenset(g.labels.crossing_ids[int(x)] for x in xs[xs >= 0].tolist())

    def rides_rail_ferry(self, edges: np.ndarray) -> bool:
        """Whether any of ``edges`` rolls a wagon onto a ferry or off it
        (:func:`corridor.analysis._modes.rail_ferry_edges`)."""
        if self._rail_ferry is None:
            from corridor.analysis._modes import rail_ferry_edges

            self._rail_ferry = rail_ferry_edges(self.graph)
        return bool(self._rail_ferry[edges].any())

    def uses_rail(self, edges: np.ndarray) -> bool:
        """Whether any of ``edges`` is a rail edge."""
        from corridor.vocab import MODES, Mode

        return bool(np.any(self.graph.edges.mode[edges] == list(MODES).index(Mode.RAIL)))

    def cost(self, vot: float, a: str, b: str, modes: tuple[str, ...] | None = None) -> float:
        """Generalised cost (US$ per TEU of capacity; inf if no route)."""
        dist, _ = self._tree(vot, modes, a)
        return float(dist[int(self.graph.csr.arr_vertex[self.graph.node_index(b)])])

    def crossings(
        self, vot: float, a: str, b: str, modes: tuple[str, ...] | None = None
    ) -> frozenset[str]:
        """The border crossings of the best route from ``a`` to ``b`` at value of time
        ``vot`` (on ``modes`` only, if given)."""
        g = self.graph
        _, pred = self._tree(vot, modes, a)
        edges = path_edges(pred, g.csr.tails, int(g.csr.arr_vertex[g.node_index(b)]))
        if len(edges) == 0:
            self.unrouted.add((a, b))
        xs = g.edges.crossing[edges]
        return frozenset(g.labels.crossing_ids[int(x)] for x in xs[xs >= 0].tolist())


def row_crossings(
    network: Network, base: pd.DataFrame, segments: pd.DataFrame
) -> tuple[list[frozenset[str]], set[tuple[str, str]]]:
    """Crossings each OD row's route uses (through ``via`` when given) and unroutable pairs."""
    routers = Routers(as_graph(network))
    vots = segment_vot(segments)
    out = []
    for r in records(base[["origin", "destination", "via", "segment"]]):
        vot = vots[r["segment"]]
        router = routers[r["segment"]]
        legs = (
            [(r["origin"], r["via"]), (r["via"], r["destination"])]
            if r["via"]
            else [(r["origin"], r["destination"])]
        )
        out.append(frozenset().union(*(router.crossings(vot, a, b) for a, b in legs)))
    return out, routers.unrouted


@dataclass(frozen=True, slots=True)
class Fit:
    """The calibration: parameters, the target table and the leave-one-out errors."""

    params: dict[str, float]
    table: pd.DataFrame
    loo: dict[str, float]

    def metrics(self) -> dict[str, float]:
        """In-sample median and max |model/obs - 1|, hold-out median |log ratio|, LOO."""
        loo = np.abs(np.log(np.array(list(self.loo.values()))))
        return {
            **check_metrics(self.table),
            "loo_median_factor": float(np.exp(np.median(loo))) if len(loo) else float("nan"),
        }


def _hits(targets: pd.DataFrame, crossings: list[frozenset[str]]) -> np.ndarray:
    """Which rows' all-or-nothing routes cross each target (targets x rows).

    A target no such route crosses takes the rows of the smallest target of its unit whose
    crossings contain its own (the Aktau feeders: every pair's cheapest route rolls its
    wagons onto a rail ferry, and only the flows' logit between the rail-based and the
    intermodal chain sends boxes to the feeder; Aktau is then a share of the Caspian total,
    the share its correction factor carries, :func:`equilibrium_fit`)."""
    sets = [set(cs.split("|")) for cs in targets["crossings"].tolist()]
    h = np.zeros((len(targets), len(crossings)))
    for i, want in enumerate(sets):
        h[i] = [1.0 if want & used else 0.0 for used in crossings]
    units = targets["unit"].tolist()
    for i, want in enumerate(sets):
        if h[i].any():
            continue
        parents = [
            j
            for j, other in enumerate(sets)
            if j != i and units[j] == units[i] and want < other and h[j].any()
        ]
        if parents:
            h[i] = h[min(parents, key=lambda j: (len(sets[j]), j))]
    return h


def calibrate(
    network: Network,
    trade: pd.DataFrame,
    segments: pd.DataFrame,
    tables: DemandTables,
    via_places: pd.DataFrame,
    date: dt.date | str = "2024-07-01",
    correction: dict[str, float] | None = None,
) -> Fit:
    """Fit ``fitted.csv``'s parameters to the ``fit`` targets on the network of ``date``.

    ``correction`` (target id -> factor, default 1) multiplies a target's all-or-nothing
    volume: the ratio of its volume in the capacitated flows to its all-or-nothing volume at
    the previous parameters (:func:`equilibrium_fit` iterates it).

    Returns
    -------
    Fit
        Parameters, the table ``id, name, set, unit, observed, model, ratio, loo_ratio``
        and the leave-one-out ratio of each fit target.
    """
    net = on_date(network, date)
    base = od_base(trade, segments, tables, via_places)
    crossings, _ = row_crossings(net, base, segments)
    hits = _hits(tables.targets, crossings)
    per_teu = base["segment"].map(t_per_teu_eq(segments)).to_numpy()
    teu = np.where(base["segment"] == CONTAINER, base["tonnes_base"].to_numpy() / per_teu, 0.0)
    unit = np.where(tables.targets["unit"].to_numpy() == "teu", 1, 0)
    x0 = np.where(unit[:, None] == 1, teu[None, :], base["tonnes_base"].to_numpy()[None, :])
    k = tables.targets["id"].map(correction or {}).fillna(1.0).to_numpy(dtype=np.float64)
    weighted = hits * x0 * k[:, None]  # target x row: load per unit of scale
    obs = tables.targets["observed"].to_numpy(dtype=np.float64)
    names = tables.fitted["name"].tolist()
    low = tables.fitted["low"].to_numpy(dtype=np.float64)
    high = tables.fitted["high"].to_numpy(dtype=np.float64)

    def model(p: np.ndarray) -> np.ndarray:
        s = scale(base, dict(zip(names, p.tolist(), strict=True)))
        return np.asarray(weighted @ s, dtype=np.float64)

    def solve(rows: np.ndarray) -> np.ndarray:
        def res(p: np.ndarray) -> np.ndarray:
            return np.asarray(
                np.log(np.maximum(model(p)[rows], 1e-9) / obs[rows]), dtype=np.float64
            )

        # a fixed start (the middle of each bound) and tight tolerances: the fit depends on
        # data-sources only, not on the values an earlier fit wrote into fitted.csv
        p0 = 0.5 * (low + high)
        fit = least_squares(res, p0, bounds=(low, high), xtol=1e-12, ftol=1e-12, gtol=1e-12)
        x = np.asarray(fit.x, dtype=np.float64)
        # a parameter at its bound is written as the bound (not 1e-16 of float noise)
        return np.where(x - low < 1e-9 * (high - low), low, x)

    is_fit = (tables.targets["set"] == "fit").to_numpy()
    p = solve(np.flatnonzero(is_fit))
    loo: dict[str, float] = {}
    for i in np.flatnonzero(is_fit).tolist():
        q = solve(np.flatnonzero(is_fit & (np.arange(len(obs)) != i)))
        loo[str(tables.targets["id"].iat[i])] = float(model(q)[i] / obs[i])
    table = tables.targets[["id", "name", "set", "unit", "observed"]].copy()
    table["model"] = model(p)
    table["ratio"] = table["model"] / table["observed"]
    table["loo_ratio"] = table["id"].map(loo)
    return Fit(dict(zip(names, p.tolist(), strict=True)), table.reset_index(drop=True), loo)


def equilibrium_check(
    network: Network,
    demand: pd.DataFrame,
    segments: pd.DataFrame,
    targets: pd.DataFrame,
    date: dt.date | str = "2024-07-01",
    mode_params: dict[str, float] | None = None,
    *,
    joint: bool = False,
) -> pd.DataFrame:
    """The targets against the capacitated flows of the shipped demand on ``date``
    (``mode_params``: the mode choice's parameters, default the shipped ones).

    Each carried segment's rows are assigned as ``corridor flows --segment`` does (its
    value of time, rail service, the logit mode choice with its constants, user equilibrium
    with the dated capacities), one segment at a time; with ``joint`` all together as
    ``corridor flows --segment all`` does (one equilibrium in which the segments share every
    capacity, :func:`corridor.analysis.joint.joint_flows`). A target's model volume is the
    equilibrium volume over its crossings (tonnes of every segment: TEU of capacity x t per
    TEU-equivalent; TEU: containers).

    Returns
    -------
    pandas.DataFrame
        ``id, name, set, unit, observed, model, ratio``.
    """
    from corridor.analysis.flows import FreightFlows, freight_flows
    from corridor.analysis.joint import joint_flows, shipped_classes
    from corridor.vocab import rail_service

    net = on_date(network, date)
    per_teu = t_per_teu_eq(segments)
    vots = segment_vot(segments)
    results: dict[str, FreightFlows] = {}
    if joint:
        classes = shipped_classes(demand, table=segments)
        results = joint_flows(net, classes, gap=1e-4, mode_params=mode_params).segments
    else:
        for seg, rows in demand.groupby("segment", sort=True):
            if str(seg) in vots:
                results[str(seg)] = freight_flows(
                    net,
                    rows,
                    value_of_time_usd_teu_h=vots[str(seg)],
                    segment=str(seg),
                    gap=1e-4,
                    options=RouteOptions(service=rail_service(str(seg))),
                    mode_params=mode_params,
                )
    tonnes: dict[str, float] = {}
    teu: dict[str, float] = {}
    for seg, f in results.items():
        by = f.crossings.groupby("id")["eq_teu_year"].sum()
        for cid, v in by.items():
            tonnes[str(cid)] = tonnes.get(str(cid), 0.0) + float(v) * float(per_teu[seg])
            if seg == CONTAINER:
                teu[str(cid)] = teu.get(str(cid), 0.0) + float(v)
    out = targets[["id", "name", "set", "unit", "observed"]].copy()
    out["model"] = [
        sum((teu if u == "teu" else tonnes).get(c, 0.0) for c in set(str(cs).split("|")))
        for cs, u in zip(targets["crossings"], targets["unit"], strict=True)
    ]
    out["ratio"] = out["model"] / out["observed"]
    return out.reset_index(drop=True)


def check_metrics(table: pd.DataFrame) -> dict[str, float]:
    """In-sample median and max |model/obs - 1| and the hold-out median factor of a table
    with ``set`` and ``ratio``."""
    fit = table[table["set"] == "fit"]
    hold = table[table["set"] == "holdout"]
    dev = (fit["ratio"] - 1.0).abs()
    return {
        "fit_median_abs_dev": float(dev.median()),
        "fit_max_abs_dev": float(dev.max()),
        "holdout_median_factor": float(
            np.exp(np.median(np.abs(np.log(np.maximum(hold["ratio"].to_numpy(), 1e-9)))))
        )
        if len(hold)
        else float("nan"),
    }


@dataclass(frozen=True, slots=True)
class EquilibriumFit:
    """The fit against the capacitated flows: the last all-or-nothing fit (corrected), the
    equilibrium table at its parameters (the joint flows when ``joint``), the correction
    factors, and the same targets in the other assignment (``other``: the segments one at
    a time when the fit is on the joint flows, and the other way round)."""

    fit: Fit
    table: pd.DataFrame
    correction: dict[str, float]
    rounds: int
    other: pd.DataFrame | None = None
    joint: bool = False


def equilibrium_fit(  # noqa: PLR0913 (the fit and the flows it runs)
    network: Network,
    trade: pd.DataFrame,
    segments: pd.DataFrame,
    tables: DemandTables,
    via_places: pd.DataFrame,
    date: dt.date | str = "2024-07-01",
    rounds: int = 3,
    mode_params: dict[str, float] | None = None,
    *,
    joint: bool = False,
) -> EquilibriumFit:
    """Fit the parameters to the targets as the capacitated flows carry them.

    Round 0 is the all-or-nothing fit. Each round derives the OD demand at the current
    parameters, runs :func:`equilibrium_check`, sets each target's correction factor to
    its equilibrium volume over its all-or-nothing volume (1 where the latter is 0) and
    refits with those factors; after ``rounds`` rounds the equilibrium table is measured
    once more at the final parameters (what the fit is judged on). With ``joint`` the flows
    are the joint flows (:func:`equilibrium_check` with ``joint``: every segment sharing
    each capacity, as ``corridor flows --segment all``); the other assignment is measured
    at the final parameters too. Leave-one-out refits the corrected all-or-nothing model
    (the equilibrium is not re-run per left-out target).
    """
    from corridor.demand.od import od_demand

    k: dict[str, float] = {}
    f = calibrate(network, trade, segments, tables, via_places, date, correction=k)
    eq = pd.DataFrame()
    for i in range(rounds + 1):
        fitted = tables.fitted.copy()
        fitted["value"] = [f.params[str(n)] for n in fitted["name"]]
        now = DemandTables(tables.zones, tables.scope, fitted, tables.targets, tables.folder)
        od = od_demand(trade, segments, now, via_places)
        eq = equilibrium_check(
            network, od, segments, tables.targets, date, mode_params, joint=joint
        )
        if i == rounds:
            break
        aon = f.table["model"].to_numpy() / np.array([k.get(t, 1.0) for t in f.table["id"]])
        k = {
            str(t): float(e / a) if a > 0 and e > 0 else 1.0
            for t, e, a in zip(f.table["id"], eq["model"], aon, strict=True)
        }
        f = calibrate(network, trade, segments, tables, via_places, date, correction=k)
    other = equilibrium_check(
        network, od, segments, tables.targets, date, mode_params, joint=not joint
    )
    return EquilibriumFit(f, eq, k, rounds, other, joint)


class Routers:
    """One :class:`Router` per commodity segment, on the segment's rail service
    (:func:`corridor.vocab.rail_service`: block trains for containers, wagonload for bulk),
    the origin country's carriers and its road money per truck, as ``corridor flows
    --segment`` routes it."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self._by: dict[str, Router] = {}

    def __getitem__(self, segment: str) -> Router:
        from corridor.analysis._segments import road_truck_factor
        from corridor.vocab import rail_service

        service = rail_service(segment)
        factor = road_truck_factor(segment)
        key = f"{service}:{factor:.6g}"
        if key not in self._by:
            self._by[key] = Router(
                self.graph, service=service, carrier="origin", truck_factor=factor
            )
        return self._by[key]

    @property
    def unrouted(self) -> set[tuple[str, str]]:
        """Pairs without a route on any of the routers."""
        return set().union(*(r.unrouted for r in self._by.values()))
