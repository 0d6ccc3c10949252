"""User equilibrium where several edges share one capacity (bi-conjugate Frank-Wolfe).

A dual-gauge link is compiled into one move edge per gauge and a crossing row into one
border edge per mode and state; the capacity of the link or crossing is nevertheless one
figure. Edges of a group ``g`` share it: the queue on each is

    delay_g = value of time x Q_g x (V_g / c_g) ^ beta,   V_g = sum of the group's flows,

and an edge's generalised cost is its fixed (money, carbon) and free-flow time cost plus
``delay_g``. The Beckmann objective ``sum_e base_e x_e + sum_g integral_0^V_g delay_g`` is
convex, so (bi-conjugate) Frank-Wolfe with an exact line search converges to the unique
group volumes. Conjugate directions use ``a^T H b`` with the group-block Hessian.
All-or-nothing loads use :func:`corridor.assign.assign` with ``algorithm="aon"``.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from corridor._types import FloatArray, IntArray
from corridor.assign import Demand, all_or_nothing
from corridor.assign.aon import tails_of
from corridor.results.flow import CONVERGENCE_COLUMNS, FlowResult


def dot(a: FloatArray, b: FloatArray) -> float:
    """``a @ b`` of two vectors without BLAS. On a busy machine a threaded BLAS dot of a
    30,000-vector waits for its threads: 7.8 ms against 8 us single-threaded, measured on
    the joint flows' arrays on this 2-core VM under load, which made the joint
    equilibrium five times slower (61 s against 13 s)."""
    return float(np.einsum("i,i->", a, b))


@dataclass(frozen=True, slots=True)
class SharedCapacity:
    """Edge costs with group capacities: ``cost_e = base_e + scale_g (V_g / cap_g) ^ beta``.

    ``group[e]`` is -1 for an edge without capacity; ``scale`` (USD per TEU at capacity,
    value of time x Q) and ``cap`` (TEU/day) are per group.
    """

    base: FloatArray
    group: IntArray
    scale: FloatArray
    cap: FloatArray
    beta: float
    members: IntArray = field(init=False, repr=False)
    """Edges with a group (``group >= 0``), computed once."""
    member_group: IntArray = field(init=False, repr=False)

    def __post_init__(self) -> None:
        members = np.flatnonzero(self.group >= 0)
        object.__setattr__(self, "members", members)
        object.__setattr__(self, "member_group", self.group[members])

    def volumes(self, flow: FloatArray) -> FloatArray:
        return np.bincount(
            self.member_group, weights=flow[self.members], minlength=self.cap.shape[0]
        ).astype(np.float64)

    def group_delay(self, flow: FloatArray) -> FloatArray:
        """Delay cost of each group (USD per TEU) at ``flow``."""
        return self.scale * (self.volumes(flow) / self.cap) ** self.beta

    def costs(self, flow: FloatArray) -> FloatArray:
        out = self.base.copy()
        out[self.members] += self.group_delay(flow)[self.member_group]
        return out

    def hdot(self, flow: FloatArray, a: FloatArray, b: FloatArray) -> float:
        """``a^T H b`` with ``H`` the Hessian of the objective at ``flow`` (one block per
        group: every pair of edges of a group shares the derivative of its delay)."""
        v = self.volumes(flow)
        h = self.scale * self.beta * v ** max(self.beta - 1.0, 0.0) / self.cap**self.beta
        return float(np.sum(h * self.volumes(a) * self.volumes(b)))

    def objective(self, flow: FloatArray) -> float:
        v = self.volumes(flow)
        integral = self.scale * self.cap * (v / self.cap) ** (self.beta + 1) / (self.beta + 1)
        return dot(self.base, flow) + float(integral.sum())


def _aon(indptr: IntArray, indices: IntArray, cost: FloatArray, demand: Demand) -> FloatArray:
    return all_or_nothing(indptr, indices, cost, demand)


@dataclass(frozen=True, slots=True)
class Blocks:
    """A graph made of disjoint blocks (one per class of a joint assignment: vertices
    ``vertex_ptr[k]:vertex_ptr[k+1]``, edges ``edge_ptr[k]:...``, demand pairs
    ``pair_ptr[k]:...``): searches run block by block, on the block's own arrays."""

    vertex_ptr: IntArray
    edge_ptr: IntArray
    pair_ptr: IntArray
    parts: tuple[tuple[IntArray, IntArray, IntArray], ...]
    """Each block's CSR ``indptr, indices`` and edge tails in its own vertex numbering."""

    @classmethod
    def of(
        cls, indptr: IntArray, indices: IntArray, vertex_ptr: IntArray, pair_ptr: IntArray
    ) -> Blocks:
        edge_ptr = indptr[vertex_ptr]
        parts = []
        for v0, v1 in zip(vertex_ptr[:-1].tolist(), vertex_ptr[1:].tolist(), strict=True):
            ip = indptr[v0 : v1 + 1] - indptr[v0]
            parts.append((ip, indices[indptr[v0] : indptr[v1]] - v0, tails_of(ip)))
        return cls(vertex_ptr, edge_ptr, pair_ptr, tuple(parts))

    def demand(self, k: int, dem: Demand) -> Demand:
        """Block ``k``'s part of ``dem`` in the block's vertex numbering."""
        v0, v1 = int(self.vertex_ptr[k]), int(self.vertex_ptr[k + 1])
        p0, p1 = int(self.pair_ptr[k]), int(self.pair_ptr[k + 1])
        o0, o1 = np.searchsorted(dem.origins, [v0, v1])
        return Demand(
            n_vertices=v1 - v0,
            orig=dem.orig[p0:p1] - v0,
            dest=dem.dest[p0:p1] - v0,
            flow=dem.flow[p0:p1],
            origins=dem.origins[o0:o1] - v0,
            origin_ptr=dem.origin_ptr[o0 : o1 + 1] - p0,
        )

    def aon(self, cost: FloatArray, dem: Demand) -> FloatArray:
        """All-or-nothing flows of ``dem`` at ``cost``, block by block."""
        out = np.zeros(cost.shape[0])
        for k, (ip, ix, tails) in enumerate(self.parts):
            e0, e1 = int(self.edge_ptr[k]), int(self.edge_ptr[k + 1])
            sub = self.demand(k, dem)
            if sub.n_pairs:
                out[e0:e1] = all_or_nothing(ip, ix, cost[e0:e1], sub, tails)
        return out


_plain_aon = _aon


def _line_search(sc: SharedCapacity, x: FloatArray, d: FloatArray) -> float:
    """Step in [0, 1] where the directional derivative of the objective is zero.

    ``costs(x + a d) @ d = base @ d + sum_g delay_g(V_g + a D_g) D_g``: bisection on the
    groups' volumes only.
    """
    lo, hi = 0.0, 1.0
    fixed = dot(sc.base, d)
    v, dv = sc.volumes(x), sc.volumes(d)
    live = dv != 0.0
    v, dv, scale, cap = v[live], dv[live], sc.scale[live], sc.cap[live]

    def slope(a: float) -> float:
        vol = np.maximum(v + a * dv, 0.0)
        return fixed + float(np.sum(scale * (vol / cap) ** sc.beta * dv))

    if slope(1.0) <= 0.0:
        return 1.0
    for _ in range(60):
        mid = 0.5 * (lo + hi)
        if slope(mid) > 0.0:
            hi = mid
        else:
            lo = mid
    return 0.5 * (lo + hi)


def _bfw_target(
    sc: SharedCapacity, x: FloatArray, y: FloatArray, sd: FloatArray, psd: FloatArray, step: float
) -> FloatArray:
    """Bi-conjugate Frank-Wolfe target (Mitradjieva & Lindberg 2013), as corridor.assign's."""
    xa = step * sd + (1.0 - step) * psd - x
    ya, za, wa = y - x, sd - x, psd - sd
    den_mu = sc.hdot(x, xa, wa)
    mu = max(0.0, -sc.hdot(x, xa, ya) / den_mu) if den_mu != 0.0 else 0.0
    den_nu = sc.hdot(x, za, za)
    nu = max(0.0, -sc.hdot(x, za, ya) / den_nu + mu * step / (1.0 - step)) if den_nu != 0.0 else 0.0
    b0 = 1.0 / (1.0 + nu + mu)
    out: FloatArray = b0 * y + nu * b0 * sd + mu * b0 * psd
    return out


def _cfw_target(sc: SharedCapacity, x: FloatArray, y: FloatArray, sd: FloatArray) -> FloatArray:
    a = sd - x
    num, den = sc.hdot(x, a, y - x), sc.hdot(x, a, y - sd)
    alpha = min(max(num / den if den != 0.0 else 0.0, 0.0), 0.99999)
    out: FloatArray = alpha * sd + (1.0 - alpha) * y
    return out


def equilibrium(
    indptr: IntArray,
    indices: IntArray,
    sc: SharedCapacity,
    demand: Demand,
    *,
    gap: float,
    max_iter: int,
    kind: str = "bfw",
    blocks: Blocks | None = None,
) -> FlowResult:
    """Frank-Wolfe user equilibrium with shared capacities (exact line search); ``kind`` is
    ``fw``, ``cfw`` or ``bfw`` (conjugate directions); the history in ``convergence``.
    ``blocks``: the graph is disjoint blocks (a joint assignment), searched one by one."""
    start = time.perf_counter()

    def _aon(indptr: IntArray, indices: IntArray, cost: FloatArray, dem: Demand) -> FloatArray:
        if blocks is not None:
            return blocks.aon(cost, dem)
        return _plain_aon(indptr, indices, cost, dem)

    x = _aon(indptr, indices, sc.costs(np.zeros_like(sc.base)), demand)
    rows: list[tuple[int, float, float, float, float]] = []
    sd: FloatArray | None = None
    psd: FloatArray | None = None
    it, step, rel = 0, 1.0, np.inf
    while True:
        cost = sc.costs(x)
        y = _aon(indptr, indices, cost, demand)
        total = dot(x, cost)
        rel = max((total - dot(y, cost)) / total, 0.0) if total > 0 else 0.0
        rows.append((it, rel, step, sc.objective(x), time.perf_counter() - start))
        if rel <= gap or it >= max_iter:
            break
        if kind != "fw" and sd is not None and step < 1.0:
            if kind == "bfw" and psd is not None:
                new = _bfw_target(sc, x, y, sd, psd, step)
            else:
                new = _cfw_target(sc, x, y, sd)
            psd, sd = sd, new
        else:
            psd, sd = sd, y
        if dot(cost, sd - x) >= 0.0:  # not a descent direction: plain Frank-Wolfe
            sd, psd = y, None
        step = _line_search(sc, x, sd - x)
        x = np.maximum(x + step * (sd - x), 0.0)
        it += 1
    return FlowResult(
        algorithm=f"{kind}-shared-capacity",
        flows=x,
        costs=sc.costs(x),
        gap=float(rel),
        objective=sc.objective(x),
        iterations=it,
        seconds=time.perf_counter() - start,
        converged=bool(rel <= gap),
        convergence=pd.DataFrame(rows, columns=list(CONVERGENCE_COLUMNS)),
    )
