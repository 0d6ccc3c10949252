# mypy: disable-error-code="no-untyped-call"
"""Static user-equilibrium assignment over CSR arrays.

Algorithms (the :data:`ALGORITHMS` registry):

- ``aon``: all-or-nothing on free-flow costs.
- ``fw``: Frank-Wolfe with an exact line search.
- ``cfw``, ``bfw``: conjugate and bi-conjugate Frank-Wolfe (Mitradjieva & Lindberg 2013).
- ``gp`` (default, the fastest): path-based gradient projection (Jayakrishnan et al. 1994).
  Each iteration grows every OD pair's path set from one shortest-path tree per origin
  (the same trees give the exact gap of the current flows), then repeats Gauss-Seidel
  sweeps of Newton flow shifts from each pair's paths to its cheapest one until the flow
  moved settles. Reaches gaps of 1e-10 and below.

Every algorithm reports the relative gap of the flows it returns, with costs evaluated at
those flows: ``(sum x*c(x) - sum_od d*SP_od(c(x))) / sum x*c(x)``.
"""

from __future__ import annotations

import dataclasses
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from corridor._types import BoolArray, FloatArray, IntArray
from corridor.assign import _pathset as P
from corridor.assign._native import kernels
from corridor.assign.demand import Demand, demand_from_pairs
from corridor.assign.vdf import EdgeCosts
from corridor.errors import CorridorError, InputError
from corridor.results.flow import Assigned, FlowResult

if TYPE_CHECKING:
    import pandas as pd

DEFAULT_ALGORITHM = "gp"
# gp: after each column generation, Gauss-Seidel shift sweeps repeat (shortest-path trees
# are the expensive part) until a sweep moves under GP_SWEEP_RATIO of the first sweep's
# flow, at most GP_MAX_SWEEPS times (tuned on the four TNTP networks, benchmarks/assign.py).
GP_MAX_SWEEPS = 20
GP_SWEEP_RATIO = 0.1
# gp keeps each origin's shortest-path tree from one column generation to the next and
# repairs it (corridor._search.tree_update) rather than growing it anew, while the trees
# (n_origins x n_vertices edge ids) take at most this many bytes: Chicago-Sketch 0.7 MB,
# Austin-sdb (7,388 zones) 109 MB, over the limit.
GP_TREE_BYTES = 32 * 2**20


class NotConvergedError(CorridorError):
    """The requested gap was not reached (raised only with ``strict=True``)."""


@dataclass(frozen=True, slots=True)
class Iteration:
    """One evaluated iterate, as passed to a ``progress`` callback."""

    iteration: int
    gap: float
    step: float
    objective: float
    seconds: float


ProgressFn = Callable[[Iteration], None]


class UnreachableDemandError(InputError):
    """Demand from ``origin`` that no path takes to ``destinations`` (vertex indices)."""

    def __init__(self, origin: int, destinations: list[int]) -> None:
        self.origin = origin
        self.destinations = destinations
        super().__init__(
            f"demand from vertex {origin} cannot reach vertices {destinations[:5]} "
            "(no path, or only through blocked zones)"
        )


class CostOverflowError(InputError):
    """Edge costs or the objective left the floating-point range during the assignment;
    ``edges`` are the first edges concerned (may be empty)."""

    def __init__(self, where: str, edges: list[int] | None = None) -> None:
        self.edges = edges or []
        self.where = where
        super().__init__(
            f"the link costs overflowed ({where}): the volume-delay parameters are too large "
            "for these flows (alpha/b, beta/power, or a tiny capacity)"
        )


@dataclass(frozen=True, slots=True)
class _Problem:
    indptr: IntArray
    indices: IntArray
    tails: IntArray
    blocked: BoolArray
    code: int
    params: FloatArray
    fixed: FloatArray
    origins: IntArray
    origin_ptr: IntArray
    dest: IntArray
    demand: FloatArray
    pool_edges: int = 0
    """Edges the path pool's ids must hold (0: this graph's): the warm-up's tiny graph
    uses the real graph's, so that the same kernel specialisations are loaded."""

    @property
    def n_edges(self) -> int:
        return int(self.indices.shape[0])

    def costs(self, flow: FloatArray) -> FloatArray:
        out = np.empty(self.n_edges, np.float64)
        kernels().edge_costs(self.code, self.params, self.fixed, flow, out)
        return out

    def derivatives(self, flow: FloatArray) -> FloatArray:
        out = np.empty(self.n_edges, np.float64)
        kernels().edge_derivatives(self.code, self.params, flow, out)
        return out

    def objective(self, flow: FloatArray) -> float:
        out = np.empty(self.n_edges, np.float64)
        kernels().edge_integrals(self.code, self.params, self.fixed, flow, out)
        return float(out.sum())

    def aon(self, cost: FloatArray, out: FloatArray) -> float:
        total = float(
            kernels().aon(
                self.indptr,
                self.indices,
                self.tails,
                cost,
                self.blocked,
                self.origins,
                self.origin_ptr,
                self.dest,
                self.demand,
                out,
            )
        )
        if not np.isfinite(total):
            self._raise_unreachable(cost)
        return total

    def _raise_unreachable(self, cost: FloatArray) -> None:
        bad_cost = np.flatnonzero(~np.isfinite(cost))
        if bad_cost.size:  # costs are finite at zero flow: this is an overflow
            raise CostOverflowError(f"edges {bad_cost[:5].tolist()}", bad_cost[:5].tolist())
        n = self.indptr.shape[0] - 1
        dist = np.empty(n)
        pred = np.empty(n, np.int64)
        ws = (np.empty(n, np.int64), np.empty(n), np.empty(n, np.int64), np.empty(n, np.int64))
        for k, s in enumerate(self.origins):
            kernels().sp_tree(self.indptr, self.indices, cost, s, self.blocked, dist, pred, *ws)
            dests = self.dest[self.origin_ptr[k] : self.origin_ptr[k + 1]]
            bad = dests[~np.isfinite(dist[dests])]
            if bad.size:
                raise UnreachableDemandError(int(s), bad.tolist())


UNREACHABLE = ("error", "drop")
"""What :func:`assign` does with demand between vertices no path connects."""


def _drop_unreachable(
    indptr: IntArray, indices: IntArray, blocked: BoolArray, demand: Demand
) -> tuple[Demand, int, float]:
    """The demand whose destinations its origins reach, and the count and total dropped."""
    n = indptr.shape[0] - 1
    unit = np.ones(indices.shape[0], np.float64)
    dist = np.empty(n)
    pred = np.empty(n, np.int64)
    ws = (np.empty(n, np.int64), np.empty(n), np.empty(n, np.int64), np.empty(n, np.int64))
    keep = np.ones(demand.n_pairs, np.bool_)
    for k, s in enumerate(demand.origins):
        kernels().sp_tree(indptr, indices, unit, s, blocked, dist, pred, *ws)
        lo, hi = demand.origin_ptr[k], demand.origin_ptr[k + 1]
        keep[lo:hi] = np.isfinite(dist[demand.dest[lo:hi]])
    dropped = int((~keep).sum())
    if not dropped:
        return demand, 0, 0.0
    if not keep.any():
        msg = f"no demand can be routed: none of the {demand.n_pairs} OD pairs is connected"
        raise InputError(msg)
    kept = demand_from_pairs(demand.orig[keep], demand.dest[keep], demand.flow[keep], n)
    return kept, dropped, float(demand.flow[~keep].sum())


class _Tracker:
    """Convergence rows, timing and the stopping rule (gap, iterations or time)."""

    def __init__(
        self, gap: float, max_iter: int, time_limit_s: float | None, progress: ProgressFn | None
    ) -> None:
        self.gap_target = gap
        self.max_iter = max_iter
        self.time_limit_s = time_limit_s
        self.progress = progress
        self.rows: list[Iteration] = []
        self.paused = 0.0  # time spent in the progress callback, not counted
        self.start = time.perf_counter()

    def elapsed(self) -> float:
        return time.perf_counter() - self.start - self.paused

    def record(self, iteration: int, gap: float, step: float, objective: float) -> bool:
        """Store one row; return True when the run must stop."""
        if not (np.isfinite(gap) and np.isfinite(objective)):
            raise CostOverflowError(f"iteration {iteration}: gap {gap}, objective {objective}")
        row = Iteration(iteration, gap, step, objective, self.elapsed())
        self.rows.append(row)
        if self.progress is not None:
            t0 = time.perf_counter()
            self.progress(row)
            self.paused += time.perf_counter() - t0
        if gap <= self.gap_target or iteration >= self.max_iter:
            return True
        return self.time_limit_s is not None and row.seconds >= self.time_limit_s


def _relative_gap(flow: FloatArray, cost: FloatArray, sp_total: float) -> float:
    total = float(flow @ cost)
    if total <= 0.0:
        return 0.0 if sp_total <= 0.0 else np.inf
    return max((total - sp_total) / total, 0.0)


# --------------------------------------------------------------------------------------
# Algorithms: each returns the final edge flows; rows go to the tracker.


def _run_aon(p: _Problem, t: _Tracker) -> FloatArray:
    flow = np.zeros(p.n_edges)
    p.aon(p.costs(flow), flow)
    cost = p.costs(flow)
    y = np.empty(p.n_edges)
    sp = p.aon(cost, y)
    t.record(0, _relative_gap(flow, cost, sp), 1.0, p.objective(flow))
    return flow


def _frank_wolfe_family(p: _Problem, t: _Tracker, kind: str) -> FloatArray:
    m = p.n_edges
    x = np.zeros(m)
    p.aon(p.costs(x), x)
    y = np.empty(m)
    sd = np.empty(m)  # current direction target ("s_k")
    psd = np.empty(m)  # previous direction target ("s_{k-1}")
    have_sd = have_psd = False
    step = 1.0
    it = 0
    while True:
        cost = p.costs(x)
        sp = p.aon(cost, y)
        if t.record(it, _relative_gap(x, cost, sp), step, p.objective(x)):
            return x
        mode = "fw"
        if kind != "fw" and have_sd and step < 1.0:
            mode = "bfw" if kind == "bfw" and have_psd else "cfw"
        if mode == "cfw":
            h = p.derivatives(x)
            a = sd - x
            num = float(np.sum(h * a * (y - x)))
            den = float(np.sum(h * a * (y - sd)))
            alpha = num / den if den != 0.0 else 0.0
            alpha = min(max(alpha, 0.0), 0.99999)
            psd[:] = sd
            sd[:] = alpha * sd + (1.0 - alpha) * y
            have_psd = True
        elif mode == "bfw":
            h = p.derivatives(x)
            xa = step * sd + (1.0 - step) * psd - x
            ya = y - x
            za = sd - x
            wa = psd - sd
            den_mu = float(np.sum(h * xa * wa))
            mu = max(0.0, -float(np.sum(h * xa * ya)) / den_mu) if den_mu != 0.0 else 0.0
            den_nu = float(np.sum(h * za * za))
            nu = (
                max(0.0, -float(np.sum(h * za * ya)) / den_nu + mu * step / (1.0 - step))
                if den_nu != 0.0
                else 0.0
            )
            b0 = 1.0 / (1.0 + nu + mu)
            new = b0 * y + nu * b0 * sd + mu * b0 * psd
            psd[:] = sd
            sd[:] = new
        else:
            if have_sd:
                psd[:] = sd
                have_psd = True
            sd[:] = y
        have_sd = True
        if mode != "fw" and float(cost @ (sd - x)) >= 0.0:
            sd[:] = y  # not a descent direction: fall back to Frank-Wolfe
            have_psd = False
        step = float(kernels().line_search(p.code, p.params, p.fixed, x, sd, 0.0, 1.0, 1e-15))
        x += step * (sd - x)
        np.maximum(x, 0.0, out=x)
        it += 1


def _run_fw(p: _Problem, t: _Tracker) -> FloatArray:
    return _frank_wolfe_family(p, t, "fw")


def _run_cfw(p: _Problem, t: _Tracker) -> FloatArray:
    return _frank_wolfe_family(p, t, "cfw")


def _run_bfw(p: _Problem, t: _Tracker) -> FloatArray:
    return _frank_wolfe_family(p, t, "bfw")


def _run_gp(p: _Problem, t: _Tracker) -> FloatArray:
    m = p.n_edges
    flow = np.zeros(m)
    cost = p.costs(flow)
    deriv = np.empty(m)
    od = P.OdPairs(p.origins, p.origin_ptr, p.dest, p.demand)
    paths = P.new_path_set(p.dest.shape[0], p.pool_edges or p.n_edges)
    n = p.indptr.shape[0] - 1
    ids = paths.pool.dtype
    keep = p.origins.shape[0] * n * ids.itemsize <= GP_TREE_BYTES
    trees = np.empty((p.origins.shape[0] if keep else 0, n), ids)
    vdf = (p.code, p.params, p.fixed)
    graph = (p.indptr, p.indices, p.tails, p.blocked)
    passes = 0

    def columns() -> float:
        nonlocal paths, passes
        sp, paths, _added = kernels().gp_columns(
            graph, cost, od, flow, paths, 1e-12, vdf, trees, have_trees=passes > 0
        )
        passes += 1
        if not np.isfinite(sp):
            p._raise_unreachable(cost)
        return float(sp)

    columns()  # initial loading: each origin on its shortest path at the costs left so far
    it = 0
    while True:
        kernels().gp_link_flows(paths, flow)
        kernels().costs_and_derivatives(p.code, p.params, p.fixed, flow, cost, deriv)
        gap = _relative_gap(flow, cost, columns())
        if t.record(it, gap, np.nan, p.objective(flow)):
            return flow
        first = 0.0
        for sweep in range(GP_MAX_SWEEPS):
            moved = kernels().gp_shift(p.code, p.params, p.fixed, flow, cost, deriv, paths)
            if sweep == 0:
                first = moved
            if moved <= GP_SWEEP_RATIO * first:
                break
        it += 1


ALGORITHMS: dict[str, Callable[[_Problem, _Tracker], FloatArray]] = {
    "aon": _run_aon,
    "fw": _run_fw,
    "cfw": _run_cfw,
    "bfw": _run_bfw,
    "gp": _run_gp,
}


def _warm_up(run: Callable[[_Problem, _Tracker], FloatArray], n_edges: int = 2) -> None:
    """Run ``run`` on two parallel edges so that JIT compilation (or loading the on-disk
    cache) happens before the clock of the real run starts (with the path pool's integer
    type of a graph of ``n_edges`` edges)."""
    one = np.ones(2)
    p = _Problem(
        np.array([0, 2, 2], np.int64),
        np.array([1, 1], np.int64),
        np.array([0, 0], np.int64),
        np.zeros(2, np.bool_),
        P.VDF_BPR,
        np.ascontiguousarray(np.column_stack([one, one, one, one])),
        np.zeros(2),
        np.array([0], np.int64),
        np.array([0, 1], np.int64),
        np.array([1], np.int64),
        np.array([1.0]),
        pool_edges=n_edges,
    )
    run(p, _Tracker(0.0, 3, None, None))


def _check_csr(indptr: npt.ArrayLike, indices: npt.ArrayLike) -> tuple[IntArray, IntArray]:
    ip = np.ascontiguousarray(indptr, dtype=np.int64)
    ix = np.ascontiguousarray(indices, dtype=np.int64)
    n = ip.shape[0] - 1
    if ip.ndim != 1 or n < 0 or ip[0] != 0 or ip[-1] != ix.shape[0] or np.any(np.diff(ip) < 0):
        msg = "indptr must start at 0, never decrease and end at len(indices)"
        raise InputError(msg)
    bad = np.flatnonzero((ix < 0) | (ix >= n))
    if bad.size:
        msg = f"indices out of range 0..{n - 1}; bad edges: {bad[:5].tolist()}"
        raise InputError(msg)
    return ip, ix


def _checked(  # noqa: PLR0913 (keyword-only algorithm settings)
    indptr: npt.ArrayLike,
    indices: npt.ArrayLike,
    costs: EdgeCosts,
    demand: Demand,
    no_through: npt.ArrayLike | None,
    gap: float,
    max_iter: int,
    time_limit_s: float | None,
    links: pd.DataFrame | None,
    unreachable: str,
) -> tuple[IntArray, IntArray, BoolArray]:
    """Check :func:`assign`'s arguments; the CSR arrays and the no-through mask."""
    if unreachable not in UNREACHABLE:
        msg = f"unknown unreachable {unreachable!r}; choose from {list(UNREACHABLE)}"
        raise InputError(msg)
    ip, ix = _check_csr(indptr, indices)
    n = ip.shape[0] - 1
    if costs.n_edges != ix.shape[0]:
        msg = f"edge costs have {costs.n_edges} edges, the graph has {ix.shape[0]}"
        raise InputError(msg)
    if demand.n_vertices != n:
        msg = f"demand is for {demand.n_vertices} vertices, the graph has {n}"
        raise InputError(msg)
    if no_through is None:
        blocked = np.zeros(n, np.bool_)
    else:
        blocked = np.ascontiguousarray(no_through, dtype=np.bool_).ravel()
        if blocked.shape[0] != n:
            msg = f"no_through has {blocked.shape[0]} values, the graph has {n} vertices"
            raise InputError(msg)
    if not (gap >= 0.0) or max_iter < 0 or (time_limit_s is not None and time_limit_s < 0):
        msg = "gap, max_iter and time_limit_s must be >= 0"
        raise InputError(msg)
    if links is not None and len(links) != ix.shape[0]:
        msg = f"links table has {len(links)} rows, the graph has {ix.shape[0]} edges"
        raise InputError(msg)
    return ip, ix, blocked


def assign(  # noqa: PLR0913 (keyword-only algorithm settings)
    indptr: npt.ArrayLike,
    indices: npt.ArrayLike,
    costs: EdgeCosts,
    demand: Demand,
    *,
    algorithm: str = DEFAULT_ALGORITHM,
    no_through: npt.ArrayLike | None = None,
    gap: float = 1e-4,
    max_iter: int = 1000,
    time_limit_s: float | None = None,
    progress: ProgressFn | None = None,
    strict: bool = False,
    links: pd.DataFrame | None = None,
    unreachable: str = "error",
) -> FlowResult:
    """Assign ``demand`` to a graph given as CSR arrays until user equilibrium.

    Parameters
    ----------
    indptr, indices
        The graph: edges of vertex ``u`` are ``indptr[u]:indptr[u + 1]``, heads in
        ``indices``. Parallel edges are allowed.
    costs
        Per-edge VDF parameters and fixed costs (:func:`corridor.assign.edge_costs`), in
        edge order.
    demand
        OD flows between vertices (:func:`corridor.assign.demand_from_pairs`).
    algorithm
        A key of :data:`ALGORITHMS`: ``aon``, ``fw``, ``cfw``, ``bfw`` or ``gp``.
    no_through
        Boolean mask of vertices that may start or end a path but not be passed through
        (TNTP zones below the first thru node). Default: none.
    gap
        Stop when the relative gap is at most this.
    max_iter
        Stop after this many flow updates.
    time_limit_s
        Stop once this much wall time has passed (checked after each iteration). Times
        exclude JIT compilation (kernels are warmed up on a two-edge graph first) and the
        time spent in ``progress``.
    progress
        Called with an :class:`Iteration` after every evaluated iterate.
    strict
        Raise :class:`NotConvergedError` if ``gap`` was not reached.
    links
        Optional table identifying each edge, carried into the result.
    unreachable
        ``error`` (default): demand between vertices no path connects is an InputError;
        ``drop``: such OD pairs are left out and counted in the result
        (``dropped_pairs``, ``dropped_demand``).

    Returns
    -------
    FlowResult
        Flows and costs per edge, the gap and objective of those flows, and the history.

    Raises
    ------
    InputError
        On an unknown algorithm, inconsistent arrays, or demand that cannot be routed.

    Examples
    --------
    Two parallel roads, 10 units of demand; at equilibrium both cost the same:

    >>> import numpy as np
    >>> from corridor.assign import demand_from_pairs, edge_costs
    >>> c = edge_costs([1.0, 2.0], [1.0, 1.0], [1.0, 0.0], [1.0, 1.0])
    >>> d = demand_from_pairs([0], [1], [10.0], n_vertices=2)
    >>> r = assign([0, 2, 2], [1, 1], c, d, gap=1e-12)
    >>> r.flows.round(6).tolist()
    [1.0, 9.0]
    """
    return solve(
        indptr,
        indices,
        costs,
        demand,
        algorithm=algorithm,
        no_through=no_through,
        gap=gap,
        max_iter=max_iter,
        time_limit_s=time_limit_s,
        progress=progress,
        strict=strict,
        links=links,
        unreachable=unreachable,
    ).result(links)


def solve(  # noqa: PLR0913 (keyword-only algorithm settings)
    indptr: npt.ArrayLike,
    indices: npt.ArrayLike,
    costs: EdgeCosts,
    demand: Demand,
    *,
    algorithm: str = DEFAULT_ALGORITHM,
    no_through: npt.ArrayLike | None = None,
    gap: float = 1e-4,
    max_iter: int = 1000,
    time_limit_s: float | None = None,
    progress: ProgressFn | None = None,
    strict: bool = False,
    links: pd.DataFrame | None = None,
    unreachable: str = "error",
) -> Assigned:
    """:func:`assign`'s answer before its tables are made (no pandas): the same
    parameters, an :class:`~corridor.results.flow.Assigned` (``.result(links)`` is the
    FlowResult). ``links`` is only checked against the edge count here."""
    try:
        run = ALGORITHMS[algorithm]
    except KeyError:
        msg = f"unknown algorithm {algorithm!r}; choose from {sorted(ALGORITHMS)}"
        raise InputError(msg) from None
    ip, ix, blocked = _checked(
        indptr, indices, costs, demand, no_through, gap, max_iter, time_limit_s, links, unreachable
    )
    dropped: tuple[int, float] = (0, 0.0)
    if unreachable == "drop":
        demand, dropped_pairs, dropped_demand = _drop_unreachable(ip, ix, blocked, demand)
        dropped = (dropped_pairs, dropped_demand)
    problem = _problem(ip, ix, blocked, costs, demand)
    if kernels().name == "jit":  # the ahead-of-time kernels need no compiling or loading
        _warm_up(run, problem.n_edges)
    tracker = _Tracker(gap, max_iter, time_limit_s, progress)
    with np.errstate(over="ignore", invalid="ignore"):  # an overflow is checked, not warned
        flow = run(problem, tracker)
        seconds = tracker.elapsed()
        result = _assigned(
            algorithm, problem, flow, tracker, seconds, gap=gap, strict=strict, dropped=dropped
        )
    for name, values in (("flows", result.flows), ("costs", result.costs)):
        bad = np.flatnonzero(~np.isfinite(values))
        if bad.size:
            raise CostOverflowError(f"{name} of edges {bad[:5].tolist()}", bad[:5].tolist())
    return result


def _problem(
    ip: IntArray, ix: IntArray, blocked: BoolArray, costs: EdgeCosts, demand: Demand
) -> _Problem:
    """The kernels' view of the CSR graph ``ip``/``ix``, its costs and the demand."""
    n = ip.shape[0] - 1
    tails = np.repeat(np.arange(n, dtype=np.int64), np.diff(ip))

    def c(a: npt.ArrayLike, dtype: type) -> npt.NDArray:  # type: ignore[type-arg]
        return np.ascontiguousarray(a, dtype)  # the kernels' exact array types

    return _Problem(
        c(ip, np.int64),
        c(ix, np.int64),
        tails,
        c(blocked, np.bool_),
        costs.vdf.code,
        c(costs.params, np.float64),
        c(costs.fixed_cost, np.float64),
        c(demand.origins, np.int64),
        c(demand.origin_ptr, np.int64),
        c(demand.dest, np.int64),
        c(demand.flow, np.float64),
    )


def _assigned(
    algorithm: str,
    problem: _Problem,
    flow: FloatArray,
    tracker: _Tracker,
    seconds: float,
    *,
    gap: float,
    strict: bool,
    dropped: tuple[int, float],
) -> Assigned:
    """The answer of ``flow`` after the run ``tracker`` recorded (NotConvergedError if strict)."""
    last = tracker.rows[-1]
    converged = bool(last.gap <= gap)
    if strict and not converged:
        msg = f"{algorithm} reached relative gap {last.gap:.3g}, not {gap:.3g}"
        raise NotConvergedError(msg)
    return Assigned(
        algorithm=algorithm,
        flows=flow,
        costs=problem.costs(flow),
        gap=last.gap,
        objective=last.objective,
        iterations=last.iteration,
        seconds=seconds,
        converged=converged,
        rows=tuple((r.iteration, r.gap, r.step, r.objective, r.seconds) for r in tracker.rows),
        dropped_pairs=dropped[0],
        dropped_demand=dropped[1],
    )


def csr_from_links(
    tail: npt.ArrayLike, head: npt.ArrayLike, n_vertices: int
) -> tuple[IntArray, IntArray, IntArray]:
    """CSR arrays of a link list, and ``order`` such that CSR edge ``e`` is link ``order[e]``.

    Links keep their relative order within a tail (stable sort), so parallel links stay
    distinct edges.
    """
    t = np.asarray(tail, dtype=np.int64).ravel()
    h = np.asarray(head, dtype=np.int64).ravel()
    if t.shape != h.shape:
        msg = f"tail has {t.size} links, head has {h.size}"
        raise InputError(msg)
    bad = np.flatnonzero((t < 0) | (t >= n_vertices) | (h < 0) | (h >= n_vertices))
    if bad.size:
        msg = f"link ends out of range 0..{n_vertices - 1}; bad links: {bad[:5].tolist()}"
        raise InputError(msg)
    order = np.argsort(t, kind="stable").astype(np.int64)
    indptr = np.zeros(n_vertices + 1, np.int64)
    np.cumsum(np.bincount(t, minlength=n_vertices), out=indptr[1:])
    return indptr, h[order], order


def assign_links(
    tail: npt.ArrayLike,
    head: npt.ArrayLike,
    n_vertices: int,
    costs: EdgeCosts,
    demand: Demand,
    **options: object,
) -> FlowResult:
    """:func:`assign` on a link list in any order; the result is in the same link order.

    ``costs`` (and ``options["links"]``, if given) follow the link order. Other keyword
    options are those of :func:`assign`.
    """
    links = options.pop("links", None)
    found = solve_links(tail, head, n_vertices, costs, demand, **options)
    return found.result(links if _is_frame(links) else None)  # type: ignore[arg-type]


def _is_frame(value: object) -> bool:
    """Whether ``value`` is a pandas DataFrame (without importing pandas for None)."""
    if value is None or "pandas" not in sys.modules:
        return False
    import pandas as pd

    return isinstance(value, pd.DataFrame)


def solve_links(
    tail: npt.ArrayLike,
    head: npt.ArrayLike,
    n_vertices: int,
    costs: EdgeCosts,
    demand: Demand,
    **options: object,
) -> Assigned:
    """:func:`assign_links` before its tables are made (see :func:`solve`)."""
    indptr, indices, order = csr_from_links(tail, head, n_vertices)
    if costs.n_edges != order.shape[0]:
        msg = f"edge costs have {costs.n_edges} edges, there are {order.shape[0]} links"
        raise InputError(msg)
    edge_costs = EdgeCosts(
        costs.vdf,
        np.ascontiguousarray(costs.params[order]),
        np.ascontiguousarray(costs.fixed_cost[order]),
    )
    try:
        result = solve(indptr, indices, edge_costs, demand, **options)  # type: ignore[arg-type]
    except CostOverflowError as exc:
        if not exc.edges:
            raise
        links_at = [int(order[e]) for e in exc.edges]
        raise CostOverflowError(f"links {links_at}", links_at) from None
    inverse = np.empty_like(order)
    inverse[order] = np.arange(order.shape[0], dtype=np.int64)
    return dataclasses.replace(result, flows=result.flows[inverse], costs=result.costs[inverse])
