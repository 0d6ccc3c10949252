"""The combined equilibrium of the flows: assignment, logit mode split, elastic demand.

One convex problem (Evans 1976 for the demand, Florian & Nguyen 1978 for the mode split):

    Z(x, T) = Beckmann(x) + sum_p (1/s_p) sum_m T_pm ln(T_pm / T_p)
              - sum_p integral^T_p D_p^-1(w) dw

over class flows ``x`` on the stacked graph (:mod:`corridor.analysis._modes`) consistent
with class demands ``T_pm``; the last term only with elastic demand,
``D_p^-1(T) = c0_p (T / T0_p)^(-1/e)`` against the logsum cost. At ``(x, T)`` the class costs
``u`` give the target ``T*`` (totals from the demand function of the logsum, split by the
logit), and Evans' duality gap

    G = c(x).x - u.T* + sum_pm (1/s_p) ln(T_pm/T_p) (T_pm - T*_pm)
        - sum_p D_p^-1(T_p) (T_p - T*_p)

is >= 0 and 0 exactly at the combined equilibrium (relative: G / c(x).x). It is solved in
diagonalised form: move ``T`` toward ``T*`` (halving the step while the gap grows), re-solve
the user equilibrium of that demand to a tenth of the gap target, repeat; the step is
damped by a secant estimate of how the target answers the demand (the full step makes a
logit split oscillate around its fixed point).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from corridor._types import FloatArray, IntArray
from corridor.analysis._modes import Classes
from corridor.analysis._shared_capacity import Blocks, SharedCapacity, dot, equilibrium
from corridor.assign import Demand
from corridor.paths import shortest_tree
from corridor.results.flow import CONVERGENCE_COLUMNS, FlowResult


@dataclass(frozen=True, slots=True)
class Problem:
    """A flow run's graph, costs and class pairs (what the combined equilibrium needs)."""

    indptr: IntArray
    indices: IntArray
    shared: SharedCapacity
    dem: Demand
    classes: Classes
    blocks: Blocks | None = None
    """The graph's disjoint blocks (a joint assignment's classes), searched one by one."""


def _least(indptr: IntArray, indices: IntArray, cost: FloatArray, dem: Demand) -> FloatArray:
    out = np.empty(dem.n_pairs)
    for k, o in enumerate(dem.origins.tolist()):
        lo, hi = int(dem.origin_ptr[k]), int(dem.origin_ptr[k + 1])
        dist, _ = shortest_tree(indptr, indices, cost, [o], until=dem.dest[lo:hi])
        out[lo:hi] = dist[dem.dest[lo:hi]]
    return out


def class_costs(pb: Problem, x: FloatArray) -> FloatArray:
    """Least generalised cost (USD/TEU) of every class pair at flows ``x``."""
    cost = pb.shared.costs(x)
    b = pb.blocks
    if b is None:
        return _least(pb.indptr, pb.indices, cost, pb.dem)
    out = np.empty(pb.dem.n_pairs)
    for k, (ip, ix, _) in enumerate(b.parts):
        e0, e1 = int(b.edge_ptr[k]), int(b.edge_ptr[k + 1])
        out[int(b.pair_ptr[k]) : int(b.pair_ptr[k + 1])] = _least(
            ip, ix, cost[e0:e1], b.demand(k, pb.dem)
        )
    return out


def inverse_demand(c0: FloatArray, t0: FloatArray, e: float, t: FloatArray) -> FloatArray:
    """``D^-1(T) = c0 (T / T0)^(-1/e)``."""
    return np.asarray(c0 * (np.maximum(t, 1e-300) / t0) ** (-1.0 / e), dtype=np.float64)


@dataclass(frozen=True, slots=True)
class Elastic:
    """Reference logsum costs ``c0`` per base pair and the elasticity (> 0)."""

    c0: FloatArray
    elasticity: float


def duality_gap(
    pb: Problem, x: FloatArray, t: FloatArray, demand: Elastic | None
) -> tuple[float, FloatArray]:
    """Relative duality gap at ``(x, t)`` and the class demand the current costs imply."""
    cl = pb.classes
    t0 = cl.base.flow
    cost = pb.shared.costs(x)
    u = class_costs(pb, x)
    share, logsum = cl.split(u)
    if demand is None:
        target_p = t0
    else:
        target_p = t0 * (logsum / demand.c0) ** (-demand.elasticity)
    target = target_p[cl.pair] * share
    total = dot(cost, x)
    g = total - dot(u, target) + dot(cl.entropy_grad(t), t - target)
    if demand is not None:
        tp = cl.totals(t)
        g -= dot(inverse_demand(demand.c0, t0, demand.elasticity, tp), tp - target_p)
    return (max(g / total, 0.0) if total > 0 else 0.0), target


def _secant_step(step: float, prev: FloatArray, r: FloatArray) -> float:
    """The damping that would have cancelled the last residual: with ``T <- T + a r`` the
    residual shrinks by ``rho = 1 - a (1 + J)`` (``J``: how the target demand answers the
    demand through the costs), so ``a' = a / (1 - rho)`` (in [0.05, 1])."""
    den = dot(prev, prev)
    if den <= 0.0:
        return step
    rho = dot(r, prev) / den
    return float(np.clip(step / (1.0 - rho), 0.05, 1.0)) if rho < 1.0 else step


@dataclass(frozen=True, slots=True)
class Solution:
    x: FloatArray
    t: FloatArray
    """Class demand (per day)."""
    result: FlowResult


def solve(
    pb: Problem,
    x0: FloatArray,
    demand: Elastic | None,
    *,
    gap: float,
    max_iter: int,
    kind: str = "bfw",
    name: str = "combined",
) -> Solution:
    """Combined equilibrium from ``x0`` (the user equilibrium of ``pb.dem``)."""
    start = time.perf_counter()
    x, t = x0.copy(), pb.dem.flow.copy()
    rows: list[tuple[int, float, float, float, float]] = []
    it, step, best = 0, 1.0, np.inf
    prev: FloatArray | None = None
    while True:
        rel, target = duality_gap(pb, x, t, demand)
        rows.append((it, rel, step, float("nan"), time.perf_counter() - start))
        if rel <= gap or it >= max_iter:
            break
        r = target - t
        if rel >= best:
            step /= 2.0
        elif prev is not None:
            step = _secant_step(step, prev, r)
        best, prev = min(best, rel), r
        t = np.maximum(t + step * r, 1e-12)
        eq = equilibrium(pb.indptr, pb.indices, pb.shared, replace(pb.dem, flow=t),
                         gap=max(gap / 10.0, rel / 100.0), max_iter=5000, kind=kind,
                         blocks=pb.blocks)  # fmt: skip
        x = eq.flows
        it += 1
    result = FlowResult(
        algorithm=name,
        flows=x,
        costs=pb.shared.costs(x),
        gap=float(rel),
        objective=float("nan"),
        iterations=it,
        seconds=time.perf_counter() - start,
        converged=bool(rel <= gap),
        convergence=pd.DataFrame(rows, columns=list(CONVERGENCE_COLUMNS)),
    )
    return Solution(x, t, result)
