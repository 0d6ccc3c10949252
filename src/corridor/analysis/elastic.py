"""Elastic freight demand: a combined distribution-assignment equilibrium (Evans 1976).

The demand of every routed OD pair responds to its generalised cost through a constant
elasticity against a reference cost:

    T_p = T0_p x (u_p / c0_p) ^ (-elasticity)

``T0`` is the demand as given (observed 2024 trade, ``corridor.demand``) and ``c0`` the
pair's equilibrium cost on the *reference* network (the network without the scenario, same
day, fixed demand): with no cost change the demand is the fixed demand. The joint
equilibrium minimises the convex objective

    Z(x, T) = Beckmann(x) - sum_p integral^T_p D_p^-1(w) dw,   D_p^-1(T) = c0_p (T / T0_p)^(-1/e)

over link flows ``x`` consistent with ``T``. At the current ``(x, T)`` the pair costs ``u``
give the target demand ``T* = D(u)``, loaded all-or-nothing on the cheapest paths (``y``).
Evans' partial linearisation steps along ``(y - x, T* - T)``; the equivalent used here
(diagonalisation, see :mod:`corridor.analysis._combined`) moves ``T`` toward ``T*`` and re-solves the user
equilibrium of the new demand, which converges in a few outer iterations. The gap is Evans'
duality gap

    G = c(x).(x - y) - sum_p D_p^-1(T_p) (T_p - T*_p),   relative gap G / c(x).x

which is 0 exactly at the combined equilibrium. The start is the fixed-demand equilibrium
on the same network (whose gap is the fixed-demand gap).

A via row (a re-export forced through a hub) is two routed legs; each leg's demand responds
to its own cost. A pair the reference network cannot route (a connection the scenario
creates) takes its own fixed-demand cost as reference: no induced traffic is credited to it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd

from corridor.analysis._combined import (
    Elastic,
    Problem,
    Solution,
    class_costs,
    duality_gap,
    solve,
)
from corridor.analysis._shared_capacity import equilibrium
from corridor.analysis.flows import (
    DAYS_PER_YEAR,
    FlowRun,
    FreightFlows,
    _fw_kind,
    fixed_modes,
    link_names,
    prepare_run,
)
from corridor.errors import InputError
from corridor.network.model import Network
from corridor.results.flow import FlowResult

DEFAULT_ELASTICITY = 1.0
"""Elasticity of a pair's freight volume to its generalised transport cost: the distance
elasticity of trade, about -1 and stable over time (Disdier & Head 2008, REStat 90(1),
meta-analysis of 1,467 estimates; corridor-facts-4.md row 6.6)."""


def pair_costs(run: FlowRun, x: np.ndarray) -> np.ndarray:
    """Generalised cost (USD/TEU) of every base pair at flows ``x``: its least cost, or with
    mode choice the logsum of its chains."""
    return run.classes.split(class_costs(run.problem(), x))[1]


def pair_keys(run: FlowRun) -> list[tuple[str, str]]:
    """(origin place id, destination place id) of each base demand pair."""
    g = run.graph
    base = run.classes.base
    place_of_dep = {int(v): i for i, v in enumerate(g.csr.dep_vertex.tolist())}
    place_of_arr = {int(v): i for i, v in enumerate(g.csr.arr_vertex.tolist())}
    ids = g.labels.node_ids
    return [
        (ids[place_of_dep[int(o)]], ids[place_of_arr[int(d)]])
        for o, d in zip(base.orig.tolist(), base.dest.tolist(), strict=True)
    ]


def _fixed(run: FlowRun, *, gap: float, kind: str) -> Solution:
    """The fixed-demand equilibrium of a run (with its mode split, if any)."""
    if run.classes.theta is not None:
        return fixed_modes(run, gap=gap, max_iter=5000, kind=kind)
    eq = equilibrium(
        run.indptr, run.indices, run.shared, run.dem, gap=gap / 10, max_iter=5000, kind=kind
    )
    return Solution(eq.flows, run.dem.flow, eq)


def od_scaled(run: FlowRun, ratio: dict[tuple[str, str], float]) -> pd.DataFrame:
    """The run's demand rows with ``teu_year`` scaled by their pair's demand ratio (a via row
    by the mean ratio of its two legs)."""
    od = run.od.copy()
    factors = []
    for o, d, v in zip(od["origin"], od["destination"], od.get("via", [""] * len(od)), strict=True):
        legs = (
            [(str(o), str(v)), (str(v), str(d))] if isinstance(v, str) and v else [(str(o), str(d))]
        )
        r = [ratio[k] for k in legs if k in ratio]
        factors.append(float(np.mean(r)) if r else 1.0)
    od["teu_year"] = od["teu_year"].to_numpy(dtype=np.float64) * np.array(factors)
    return od


@dataclass(frozen=True, slots=True)
class ElasticFlows:
    """Fixed and elastic flows on a network, against a reference network's costs."""

    fixed: FreightFlows
    elastic: FreightFlows
    elasticity: float
    summary: dict[str, Any]
    new_assets: pd.DataFrame
    corridors: pd.DataFrame
    pairs: pd.DataFrame = field(repr=False)

    def to_dict(self, top: int = 10) -> dict[str, Any]:
        """The elastic flows' JSON (as ``FreightFlows.to_dict``) plus an ``elastic`` block."""
        doc = self.elastic.to_dict(top=top)
        doc["elastic"] = self.elastic_block()
        return doc

    def elastic_block(self) -> dict[str, Any]:
        """The JSON's ``elastic`` block: the summary, the elasticity, the new assets
        (diverted and induced) and the corridor shares."""
        return elastic_block(self.summary, self.elasticity, self.new_assets, self.corridors)


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """A frame's rows as JSON objects (NaN and infinities as null)."""
    return [
        {str(k): (None if isinstance(v, float) and not np.isfinite(v) else v) for k, v in r.items()}
        for r in frame.to_dict(orient="records")
    ]


def elastic_block(
    summary: dict[str, Any], elasticity: float, new_assets: pd.DataFrame, corridors: pd.DataFrame
) -> dict[str, Any]:
    """The ``elastic`` block of an elastic run's JSON (one segment, or all together)."""
    return {
        **summary,
        "elasticity": elasticity,
        "new_assets": records(new_assets),
        "corridors": records(corridors),
    }


def check_elasticity(elasticity: float) -> None:
    """InputError unless ``elasticity`` is a finite number >= 0."""
    if not (np.isfinite(elasticity) and elasticity >= 0):
        msg = f"elasticity must be a finite number >= 0, not {elasticity}"
        raise InputError(msg)


def reference_scale(
    run: FlowRun, keys: list[tuple[str, str]], ref_run: FlowRun, ref_keys: list[tuple[str, str]]
) -> FlowRun:
    """``run`` with the reference run's logit dispersion for the pairs both have (so that
    an unchanged pair keeps its cost); as it is without mode choice."""
    if run.classes.theta is None:
        return run
    ref_scale = dict(zip(ref_keys, ref_run.classes.scale.tolist(), strict=True))
    scale = np.array([ref_scale.get(k, s) for k, s in zip(keys, run.classes.scale, strict=True)])
    return replace(run, classes=replace(run.classes, scale=scale))


def demand_totals(run: FlowRun, od_elastic: pd.DataFrame, t_per_teu: float) -> dict[str, float]:
    """Routable demand a year, fixed and elastic, and the induced difference: in the run's
    unit (``*_teu_year``) and in tonnes (``*_tonnes_year``)."""
    fixed = float(run.od["teu_year"].to_numpy(dtype=np.float64)[run.ok].sum())
    elastic = float(od_elastic["teu_year"].to_numpy(dtype=np.float64)[run.ok].sum())
    out = {
        "fixed_demand_teu_year": fixed,
        "elastic_demand_teu_year": elastic,
        "induced_teu_year": elastic - fixed,
    }
    out |= {
        "fixed_demand_tonnes_year": fixed * t_per_teu,
        "elastic_demand_tonnes_year": elastic * t_per_teu,
        "induced_tonnes_year": (elastic - fixed) * t_per_teu,
    }
    return out


def demand_residual(pb: Problem, sol: Solution, demand: Elastic | None) -> float:
    """``sum_p |D_p(u_p) - T_p|`` a year at the solution (the run's unit): how far the
    elastic demand is from its demand function at the final costs, an error bar on the
    induced volume (0 with fixed demand). The relative duality gap bounds it only through
    its square root: at a gap of 1e-6 it was a few per cent of the induced volume on the
    shipped network, at 1e-8 0.2 % (docs/flows.md)."""
    if demand is None:
        return 0.0
    _, target = duality_gap(pb, sol.x, sol.t, demand)
    cl = pb.classes
    return float(np.abs(cl.totals(target) - cl.totals(sol.t)).sum() * DAYS_PER_YEAR)


def solver_summary(
    result: FlowResult, gap: float, *, reference: bool, residual: float = 0.0
) -> dict[str, Any]:
    """Evans' stopping figures of an elastic run and what its reference network was."""
    return {
        "demand_residual_teu_year": residual,
        "gap": float(result.gap),
        "gap_target": gap,
        "iterations": int(result.iterations),
        "converged": bool(result.converged),
        "seconds": float(result.seconds),
        "reference": "the network without the scenario (same day)" if reference else "itself",
    }


def new_asset_volumes(reference: Network, network: Network, fixed: FreightFlows, elastic: FreightFlows,
                t_per_teu: float) -> pd.DataFrame:  # fmt: skip
    """Links usable in ``network`` but not in ``reference``: volume with fixed demand
    (diverted), the extra with elastic demand (induced), TEU and tonnes a year."""
    ref = reference.links.set_index("id")["status"]
    now = network.links.set_index("id")["status"]
    new = [i for i in now.index if now[i] == "existing" and ref.get(i, "planned") != "existing"]
    f = fixed.links.set_index("id").reindex(new)
    e = elastic.links.set_index("id").reindex(new)
    names = link_names(network.nodes, network.links.set_index("id").loc[new].reset_index())
    out = pd.DataFrame(
        {"id": new, "name": names.to_numpy(), "length_km": f["length_km"].to_numpy()}
    )
    out["fixed_teu_year"] = f["eq_teu_year"].to_numpy()
    out["elastic_teu_year"] = e["eq_teu_year"].to_numpy()
    out["diverted_teu_year"] = out["fixed_teu_year"]
    out["induced_teu_year"] = out["elastic_teu_year"] - out["fixed_teu_year"]
    for col in ("fixed", "elastic", "diverted", "induced"):
        out[f"{col}_tonnes_year"] = out[f"{col}_teu_year"] * t_per_teu
    return out


def corridor_shares(fixed: FreightFlows, elastic: FreightFlows) -> pd.DataFrame:
    """Each corridor's TEU-km a year and its share of all corridors', fixed and elastic."""
    out = fixed.corridors[["id", "name", "status"]].copy()
    for tag, res in (("fixed", fixed), ("elastic", elastic)):
        v = res.corridors["eq_teu_km_year"].fillna(0.0).to_numpy()
        out[f"{tag}_teu_km_year"] = v
        out[f"{tag}_share"] = v / v.sum() if v.sum() > 0 else 0.0
    return out


def elastic_flows(
    network: Network,
    demand: pd.DataFrame,
    *,
    reference: Network | None = None,
    elasticity: float = DEFAULT_ELASTICITY,
    t_per_teu: float = 10.0,
    gap: float = 1e-6,
    max_iter: int = 50,
    algorithm: str = "bfw",
    **options: Any,
) -> ElasticFlows:
    """Freight flows with demand elastic to cost, beside the fixed-demand flows.

    Parameters
    ----------
    network
        The network of the day (a scenario applied, if any).
    demand
        Demand rows (``origin, destination, teu_year[, via]``) observed on ``reference``.
    reference
        The network whose equilibrium costs the demand corresponds to (default ``network``:
        then the elastic demand is the fixed demand, up to the gap).
    elasticity
        Elasticity of demand to generalised cost (>= 0; 0 = fixed demand).
    t_per_teu
        Tonnes per TEU of the demand's segment (reports tonnes on new assets).
    gap, max_iter
        Stopping rule (Evans' relative duality gap; outer iterations); the user equilibria
        inside run to ``gap / 10``.
    options
        ``by``, ``options`` (:class:`corridor.RouteOptions`), ``value_of_time_usd_teu_h``, ``carbon_price_usd_t``,
        ``queue_h_link``, ``queue_h_node``, ``beta`` as :func:`freight_flows`.

    Returns
    -------
    ElasticFlows

    Examples
    --------
    >>> import corridor, pandas as pd
    >>> from corridor.data import path
    >>> net = corridor.load(path("examples/tiny"))
    >>> od = pd.DataFrame({"origin": ["a"], "destination": ["d"], "teu_year": [3650.0]})
    >>> f = elastic_flows(net, od)
    >>> round(f.summary["elastic_demand_teu_year"])
    3650
    """
    check_elasticity(elasticity)
    ref = reference if reference is not None else network
    kind = _fw_kind(algorithm)
    run = prepare_run(network, demand, **options)
    keys = pair_keys(run)
    if ref is not network:
        ref_run = prepare_run(ref, demand, **options)
        ref_sol = _fixed(ref_run, gap=gap, kind=kind)
        ref_keys = pair_keys(ref_run)
        ref_cost = dict(zip(ref_keys, pair_costs(ref_run, ref_sol.x).tolist(), strict=True))
        run = reference_scale(run, keys, ref_run, ref_keys)
    fixed_sol = _fixed(run, gap=gap, kind=kind)
    own = pair_costs(run, fixed_sol.x)
    c0 = own if ref is network else np.array([ref_cost.get(k, own[i]) for i, k in enumerate(keys)])
    start = replace(run, dem=replace(run.dem, flow=fixed_sol.t))
    el = Elastic(c0, elasticity) if elasticity > 0.0 else None
    if el is None:
        ev = fixed_sol
    else:
        ev = solve(
            start.problem(), fixed_sol.x, el, gap=gap, max_iter=max_iter,
            kind=kind, name="evans-diagonalised",
        )  # fmt: skip
    t0 = run.classes.base.flow
    t_el = run.classes.totals(ev.t) if run.classes.theta is not None else ev.t
    ratio = dict(zip(keys, (t_el / t0).tolist(), strict=True))
    od_elastic = od_scaled(run, ratio)
    fixed = run.result(fixed_sol.result, run.od, fixed_sol.t)
    elastic = run.result(ev.result, od_elastic, ev.t)
    pairs = pd.DataFrame(keys, columns=["origin", "destination"])
    pairs["fixed_teu_year"] = t0 * DAYS_PER_YEAR
    pairs["elastic_teu_year"] = t_el * DAYS_PER_YEAR
    pairs["reference_cost_usd_teu"] = c0
    pairs["cost_usd_teu"] = pair_costs(run, ev.x)
    residual = demand_residual(start.problem(), ev, el)
    solver = solver_summary(ev.result, gap, reference=ref is not network, residual=residual)
    summary = {**demand_totals(run, od_elastic, t_per_teu), **solver}
    return ElasticFlows(
        fixed=fixed,
        elastic=elastic,
        elasticity=elasticity,
        summary=summary,
        new_assets=new_asset_volumes(ref, network, fixed, elastic, t_per_teu),
        corridors=corridor_shares(fixed, elastic),
        pairs=pairs,
    )


__all__ = [
    "DEFAULT_ELASTICITY",
    "ElasticFlows",
    "check_elasticity",
    "demand_residual",
    "demand_totals",
    "elastic_block",
    "elastic_flows",
    "pair_costs",
    "records",
    "reference_scale",
    "solver_summary",
]
