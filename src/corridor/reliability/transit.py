"""Transit-time distributions of a route: dwell fits, seeded Monte Carlo, robust ranking.

A route's transit time is a fixed moving time plus one random delay per stop edge (border
crossing, gauge or mode transfer, port handling) and, on ferry links, the wait for the next
departure. Everything here works on plain per-edge arrays of one route (an
:class:`EdgeDistributions`), so it does not depend on how a graph stores its edges; the one
function that reads a :class:`~corridor.graph.Graph` is :func:`graph_edge_distributions`.
See ``docs/reliability.md`` for the model and its assumptions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, overload

import numpy as np
import numpy.typing as npt

from corridor._tier import charged
from corridor._types import FloatArray, IntArray
from corridor.errors import InputError
from corridor.graph.model import Criterion, Graph
from corridor.reliability import _small

FIXED = 0
"""Distribution kind: no random part."""
LOGNORMAL = _small.LOGNORMAL
"""Distribution kind flag: a lognormal dwell ``exp(mu + sigma * Z)``."""
WAIT = _small.WAIT
"""Distribution kind flag: waiting for the next departure, uniform on ``[0, headway_h]``."""

Z90 = 1.2815515655446004
"""The standard normal 0.9 quantile, ``Phi^-1(0.9)``."""

HOURS_PER_WEEK = 168.0
_QUANTILE_GRID = np.linspace(0.0, 1.0, 1001)


# --------------------------------------------------------------------------------------
# The dwell fit


@overload
def edge_dwell_params(median_h: float, p90_h: float) -> tuple[float, float]: ...
@overload
def edge_dwell_params(
    median_h: npt.ArrayLike, p90_h: npt.ArrayLike
) -> tuple[FloatArray, FloatArray]: ...
def edge_dwell_params(median_h: Any, p90_h: Any) -> tuple[Any, Any]:
    """Lognormal parameters ``(mu, sigma)`` fitted exactly to a median and a P90.

    ``mu = ln(median)`` and ``sigma = (ln(P90) - ln(median)) / z_0.9`` with
    ``z_0.9 = Phi^-1(0.9) = 1.28155``, so ``exp(mu)`` is the median and
    ``exp(mu + z_0.9 sigma)`` the P90. A P90 at or below the median gives ``sigma = 0``
    (a fixed dwell of the median); a median of 0 gives ``mu = -inf`` (no dwell).

    Parameters
    ----------
    median_h, p90_h
        Median and 90th percentile of the dwell, hours (scalars or arrays of one shape).

    Returns
    -------
    mu, sigma
        Floats for scalar input, float64 arrays otherwise.

    Raises
    ------
    InputError
        A negative or NaN median or P90.

    Examples
    --------
    >>> mu, sigma = edge_dwell_params(10.0, 30.0)
    >>> round(float(np.exp(mu)), 9), round(float(np.exp(mu + Z90 * sigma)), 9)
    (10.0, 30.0)
    """
    med = np.asarray(median_h, dtype=np.float64)
    p90 = np.asarray(p90_h, dtype=np.float64)
    bad = ~(med >= 0.0) | ~(p90 >= 0.0)  # also catches NaN
    if bad.any():
        where = np.flatnonzero(bad.ravel())[:5].tolist()
        msg = f"dwell median_h and p90_h must be >= 0 (not NaN); bad positions: {where}"
        raise InputError(msg)
    with np.errstate(divide="ignore"):
        mu = np.log(med)
        ratio = np.where(med > 0.0, p90 / np.where(med > 0.0, med, 1.0), 1.0)
    sigma = np.where(ratio > 1.0, np.log(np.maximum(ratio, 1.0)) / Z90, 0.0)
    if med.ndim == 0 and p90.ndim == 0:
        return float(mu), float(sigma)
    return mu, sigma


# --------------------------------------------------------------------------------------
# Per-edge distributions of one route


@dataclass(frozen=True, slots=True, eq=False)
class EdgeDistributions:
    """The time of each edge of one route: a fixed part plus a random part.

    ``time = fixed_h + [kind & LOGNORMAL] exp(mu + sigma Z) + [kind & WAIT] U headway_h``
    with ``Z`` standard normal and ``U`` uniform on [0, 1], independent across edges.
    Arrays are one entry per edge, read-only.
    """

    fixed_h: FloatArray
    kind: IntArray
    mu: FloatArray
    sigma: FloatArray
    headway_h: FloatArray

    def __post_init__(self) -> None:
        n = self.fixed_h.shape[0]
        for name in ("kind", "mu", "sigma", "headway_h"):
            if getattr(self, name).shape != (n,):
                msg = f"EdgeDistributions.{name} must have shape ({n},)"
                raise InputError(msg)
        for name in ("fixed_h", "kind", "mu", "sigma", "headway_h"):
            getattr(self, name).flags.writeable = False

    @classmethod
    def from_dwell(
        cls,
        fixed_h: npt.ArrayLike,
        dwell_median_h: npt.ArrayLike,
        dwell_p90_h: npt.ArrayLike,
        headway_h: npt.ArrayLike | None = None,
    ) -> EdgeDistributions:
        """Fit each edge's dwell (median, P90) and add a departure wait where headway > 0.

        Edges with a median of 0 have no dwell; a zero spread is kept as a fixed median.

        Examples
        --------
        >>> d = EdgeDistributions.from_dwell([5.0, 0.0], [0.0, 10.0], [0.0, 30.0], [24.0, 0.0])
        >>> d.kind.tolist()
        [2, 1]
        """
        fixed = np.array(fixed_h, dtype=np.float64, ndmin=1)
        med = np.array(dwell_median_h, dtype=np.float64, ndmin=1)
        p90 = np.array(dwell_p90_h, dtype=np.float64, ndmin=1)
        head = (
            np.zeros_like(fixed)
            if headway_h is None
            else np.array(headway_h, dtype=np.float64, ndmin=1)
        )
        if not (fixed.shape == med.shape == p90.shape == head.shape):
            msg = "fixed_h, dwell_median_h, dwell_p90_h and headway_h must have one shape"
            raise InputError(msg)
        if not (np.isfinite(fixed).all() and (fixed >= 0.0).all()):
            msg = "fixed_h must be finite and >= 0"
            raise InputError(msg)
        if not (np.isfinite(head).all() and (head >= 0.0).all()):
            msg = "headway_h must be finite and >= 0"
            raise InputError(msg)
        mu, sigma = edge_dwell_params(med, p90)
        kind = np.where(med > 0.0, LOGNORMAL, FIXED) | np.where(head > 0.0, WAIT, FIXED)
        return cls(fixed, kind.astype(np.int64), mu, sigma, head)

    @property
    def n_edges(self) -> int:
        """Number of edges."""
        return int(self.fixed_h.shape[0])


def route_edge_distributions(
    edges: npt.ArrayLike,
    time_h: FloatArray,
    dwell_median_h: FloatArray,
    dwell_p90_h: FloatArray,
    *,
    edge_link: IntArray | None = None,
    link_headway_h: FloatArray | None = None,
) -> EdgeDistributions:
    """The edge distributions of one route from graph-wide per-edge arrays.

    ``time_h`` is each edge's time with the dwell counted at its median (as route totals
    sum it), so the fixed part is ``time_h - dwell_median_h``. When ``link_headway_h`` is
    given (per link; 0 = no timetable wait), the wait is put on the first edge of each run
    of route edges on one link (stop edges in between, such as the border edge of a link
    split at its frontier, do not break the run), so a link waits once per use.

    Parameters
    ----------
    edges
        Edge indices of the route, in order.
    time_h, dwell_median_h, dwell_p90_h
        Per-edge arrays of the whole graph.
    edge_link, link_headway_h
        Per-edge link index (-1 = none) and per-link headway, hours; both or neither.
    """
    e = np.asarray(edges, dtype=np.int64)
    med = dwell_median_h[e]
    fixed = np.maximum(time_h[e] - med, 0.0)
    head = np.zeros(e.shape[0])
    if (edge_link is None) != (link_headway_h is None):
        msg = "give both edge_link and link_headway_h, or neither"
        raise InputError(msg)
    if edge_link is not None and link_headway_h is not None and e.shape[0]:
        lk = edge_link[e]
        pos = np.flatnonzero(lk >= 0)  # edges on a link; stops (-1) in between are skipped
        first = np.ones(pos.shape[0], dtype=bool)
        first[1:] = lk[pos[1:]] != lk[pos[:-1]]
        starts = pos[first]
        head[starts] = link_headway_h[lk[starts]]
    return EdgeDistributions.from_dwell(fixed, med, dwell_p90_h[e], head)


def graph_edge_distributions(
    graph: Graph, edges: npt.ArrayLike, *, link_headway_h: FloatArray | None = None
) -> EdgeDistributions:
    """Adapter: the edge distributions of a route on a compiled ``Graph``.

    Reads ``graph.edges.criteria`` (time_h), ``graph.edges.dwell_median_h``,
    ``graph.edges.dwell_p90_h`` and ``graph.edges.link`` -- the one place that knows the
    Graph's field names. ``link_headway_h`` is per graph link (``graph.labels.link_ids``
    order), e.g.
    ``168 / frequency_per_week`` for ferry links and 0 elsewhere.

    Examples
    --------
    >>> import corridor
    >>> from corridor.data import path
    >>> from corridor.graph import compile
    >>> g = compile(corridor.load(path("examples/tiny")))
    >>> graph_edge_distributions(g, [0, 1]).n_edges
    2
    """
    e = graph.edges
    time_h = np.ascontiguousarray(e.criteria[:, Criterion.TIME_H], dtype=np.float64)
    link = None if link_headway_h is None else np.asarray(e.link, dtype=np.int64)
    return route_edge_distributions(
        edges,
        time_h,
        np.asarray(e.dwell_median_h, dtype=np.float64),
        np.asarray(e.dwell_p90_h, dtype=np.float64),
        edge_link=link,
        link_headway_h=link_headway_h,
    )


def headway_from_frequency(frequency_per_week: npt.ArrayLike) -> FloatArray:
    """Headway in hours from departures per week (``168 / f``); 0 where f is 0 or NaN.

    Examples
    --------
    >>> headway_from_frequency([7.0, 0.0, np.nan]).tolist()
    [24.0, 0.0, 0.0]
    """
    f = np.array(frequency_per_week, dtype=np.float64, ndmin=1)
    if (f < 0.0).any():
        msg = "frequency_per_week must be >= 0"
        raise InputError(msg)
    ok = f > 0.0
    return np.where(ok, HOURS_PER_WEEK / np.where(ok, f, 1.0), 0.0)


# --------------------------------------------------------------------------------------
# Exact moments and per-edge quantiles


def moments(dist: EdgeDistributions) -> tuple[float, float]:
    """Exact mean and variance (hours, hours^2) of the route's total time.

    A lognormal has mean ``exp(mu + sigma^2/2)`` and variance
    ``(exp(sigma^2) - 1) exp(2 mu + sigma^2)``; a uniform wait on [0, h] has mean ``h/2``
    and variance ``h^2/12``; independent parts add.

    Examples
    --------
    >>> moments(EdgeDistributions.from_dwell([1.0], [0.0], [0.0], [12.0]))
    (7.0, 12.0)
    """
    logn = (dist.kind & LOGNORMAL) != 0
    s2 = dist.sigma[logn] ** 2
    mu = dist.mu[logn]
    mean = float(dist.fixed_h.sum() + np.exp(mu + s2 / 2.0).sum())
    var = float((np.expm1(s2) * np.exp(2.0 * mu + s2)).sum())
    wait = (dist.kind & WAIT) != 0
    h = dist.headway_h[wait]
    return mean + float(h.sum() / 2.0), var + float((h * h).sum() / 12.0)


def _z(q: float) -> float:
    from statistics import NormalDist

    return NormalDist().inv_cdf(q)


def edge_quantile_h(dist: EdgeDistributions, q: float = 0.9) -> FloatArray:
    """Each edge's own ``q`` quantile: fixed + dwell quantile + ``q`` x headway.

    For an edge with both a dwell and a wait the two quantiles are added (an upper bound
    of the quantile of their sum). With ``q = 0.9`` the dwell part is the P90 it was
    fitted to.
    """
    if not 0.0 < q < 1.0:
        msg = f"quantile q must be in (0, 1); got {q}"
        raise InputError(msg)
    z = Z90 if q == 0.9 else _z(q)
    out = dist.fixed_h.copy()
    logn = (dist.kind & LOGNORMAL) != 0
    out[logn] += np.exp(dist.mu[logn] + z * dist.sigma[logn])
    wait = (dist.kind & WAIT) != 0
    out[wait] += q * dist.headway_h[wait]
    return out


def p90_equivalent_h(
    time_h: FloatArray,
    dwell_median_h: FloatArray,
    dwell_p90_h: FloatArray,
    headway_h: FloatArray | None = None,
) -> FloatArray:
    """Graph-wide edge weights for robust routing: time with each dwell at its P90.

    ``time_h - dwell_median_h + dwell_p90_h + 0.9 headway_h`` per edge (headway per edge,
    0 where there is no timetable wait). Summing edge P90s overstates a route's P90 (the
    delays do not all go wrong at once) but ranks routes by how much tail they carry;
    ``route --by p90`` searches on these weights for the k best routes and re-ranks them
    by simulated P90 with :func:`rank_by_quantile`.

    Examples
    --------
    >>> p90_equivalent_h(np.array([10.0, 4.0]), np.array([0.0, 4.0]), np.array([0.0, 9.0]))
    array([10.,  9.])
    """
    out = time_h - dwell_median_h + np.maximum(dwell_p90_h, dwell_median_h)
    if headway_h is not None:
        out = out + 0.9 * headway_h
    return np.asarray(out, dtype=np.float64)


# --------------------------------------------------------------------------------------
# Monte Carlo


@dataclass(frozen=True, slots=True, eq=False)
class TransitTimeDistribution:
    """A route's simulated total transit time, hours.

    ``quantiles_h[i]`` is the ``i / 1000`` quantile of the samples (linear
    interpolation), kept so that :meth:`prob_within` and :meth:`quantile` work without the
    samples; ``samples_h`` holds the raw draws only when asked for.
    """

    mean_h: float
    std_h: float
    p50_h: float
    p90_h: float
    p95_h: float
    n_samples: int
    quantiles_h: FloatArray = field(repr=False)
    samples_h: FloatArray | None = field(default=None, repr=False)

    def quantile(self, q: float) -> float:
        """The ``q`` quantile, hours (to 1/1000 resolution without samples)."""
        if not 0.0 <= q <= 1.0:
            msg = f"quantile q must be in [0, 1]; got {q}"
            raise InputError(msg)
        if self.samples_h is not None:
            return float(np.quantile(self.samples_h, q))
        return float(np.interp(q, _QUANTILE_GRID, self.quantiles_h))

    def prob_within(self, days: float) -> float:
        """Probability of arriving within ``days`` days (empirical, from the samples).

        Without samples the answer comes from the stored 1/1000 quantiles (error < 0.001).
        """
        hours = float(days) * 24.0
        if self.samples_h is not None:
            return float(np.count_nonzero(self.samples_h <= hours) / self.samples_h.shape[0])
        qs = self.quantiles_h
        if hours < qs[0]:
            return 0.0
        if hours >= qs[-1]:
            return 1.0
        # the largest grid probability whose quantile is <= hours, interpolated to the next
        i = int(np.searchsorted(qs, hours, side="right")) - 1
        lo, hi = qs[i], qs[i + 1]
        frac = 0.0 if hi <= lo else (hours - lo) / (hi - lo)
        return float((i + frac) / (qs.shape[0] - 1))

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready summary (hours and days, 3 decimals)."""
        out: dict[str, Any] = {"n_samples": self.n_samples}
        for name in ("mean", "std", "p50", "p90", "p95"):
            v = float(getattr(self, f"{name}_h"))
            out[f"{name}_h"] = round(v, 3) + 0.0
            out[f"{name}_days"] = round(v / 24.0, 3) + 0.0
        return out


def kernel_state(rng: np.random.Generator) -> IntArray:
    """Four 32-bit words of kernel generator state drawn from ``rng``."""
    return _small.new_state(rng.integers(0, 2**32, size=4, dtype=np.int64))


def simulate(
    dist: EdgeDistributions, *, rng: np.random.Generator, n_samples: int = 100_000
) -> FloatArray:
    """``n_samples`` independent draws of the route's total time, hours.

    The seed of the kernel's own generator is drawn from ``rng``, so the same generator
    state gives the same samples (on any thread; see ``reliability/_kernels.py``). Runs
    numba's kernel, or its numpy twin (``reliability/_small.py``, the same draws) in a
    process that has not loaded numba, within the numpy tier's CPU budget
    (:mod:`corridor._tier`): a cold ``corridor route`` then needs no numba at all.
    """
    if n_samples < 1:
        msg = f"n_samples must be >= 1; got {n_samples}"
        raise InputError(msg)
    state = kernel_state(rng)
    # edges with sigma 0 and no wait are fixed at their median: fold them in
    logn = (dist.kind & LOGNORMAL) != 0
    fixed_dwell = logn & (dist.sigma == 0.0)
    kind = np.where(fixed_dwell, dist.kind & ~LOGNORMAL, dist.kind)
    rand = kind != FIXED
    fixed_total = float(dist.fixed_h.sum() + np.exp(dist.mu[fixed_dwell]).sum())
    out = np.empty(n_samples, dtype=np.float64)
    args = (
        fixed_total,
        np.ascontiguousarray(kind[rand]),
        np.ascontiguousarray(dist.mu[rand]),
        np.ascontiguousarray(dist.sigma[rand]),
        np.ascontiguousarray(dist.headway_h[rand]),
        state,
        out,
    )
    if _small.use_numpy():
        charged(lambda: _small.simulate_totals_np(*args))
    else:
        from corridor.reliability._kernels import simulate_totals

        simulate_totals(*args)
    return out


def transit_time_distribution(
    dist: EdgeDistributions,
    *,
    rng: np.random.Generator,
    n_samples: int = 100_000,
    keep_samples: bool = False,
) -> TransitTimeDistribution:
    """Monte Carlo distribution of a route's total transit time.

    Parameters
    ----------
    dist
        The route's per-edge distributions (:meth:`EdgeDistributions.from_dwell`,
        :func:`graph_edge_distributions`).
    rng
        Source of the kernel seed; the same state gives the same answer.
    n_samples
        Number of simulated trips (sampling error of the P90 ~ 1 / sqrt(n_samples)).
    keep_samples
        Keep the raw draws in ``samples_h``.

    Examples
    --------
    >>> d = EdgeDistributions.from_dwell([100.0, 0.0], [0.0, 10.0], [0.0, 30.0])
    >>> t = transit_time_distribution(d, rng=np.random.default_rng(1), n_samples=20_000)
    >>> 108.0 < t.p50_h < 112.0, 125.0 < t.p90_h < 135.0
    (True, True)
    """
    samples = simulate(dist, rng=rng, n_samples=n_samples)
    grid = np.quantile(samples, _QUANTILE_GRID)
    grid.flags.writeable = False
    kept: FloatArray | None = None
    if keep_samples:
        kept = samples
        kept.flags.writeable = False
    return TransitTimeDistribution(
        mean_h=float(samples.mean()),
        std_h=float(samples.std(ddof=1)) if n_samples > 1 else 0.0,
        p50_h=float(np.quantile(samples, 0.5)),
        p90_h=float(np.quantile(samples, 0.9)),
        p95_h=float(np.quantile(samples, 0.95)),
        n_samples=int(n_samples),
        quantiles_h=grid,
        samples_h=kept,
    )


def rank_by_quantile(
    candidates: Sequence[EdgeDistributions],
    *,
    rng: np.random.Generator,
    q: float = 0.9,
    n_samples: int = 20_000,
) -> tuple[IntArray, FloatArray]:
    """Re-rank candidate routes by their simulated ``q`` quantile (``route --by p90``).

    Every candidate is simulated with the same kernel seed (common random numbers), so
    routes that share their first stops share those draws and the comparison is less noisy
    than independent runs. Ties keep the candidates' input order (stable sort).

    Returns
    -------
    order, quantile_h
        ``order`` lists candidate positions from the most to the least reliable by the
        ``q`` quantile; ``quantile_h[i]`` is candidate ``i``'s simulated quantile.

    Examples
    --------
    >>> a = EdgeDistributions.from_dwell([100.0], [10.0], [60.0])  # fast median, long tail
    >>> b = EdgeDistributions.from_dwell([120.0], [8.0], [10.0])  # slower, reliable
    >>> order, p90 = rank_by_quantile([a, b], rng=np.random.default_rng(0))
    >>> order.tolist()
    [1, 0]
    """
    if not 0.0 < q < 1.0:
        msg = f"quantile q must be in (0, 1); got {q}"
        raise InputError(msg)
    seed = rng.integers(0, 2**63)
    values = np.empty(len(candidates))
    for i, dist in enumerate(candidates):
        samples = simulate(dist, rng=np.random.default_rng(seed), n_samples=n_samples)
        values[i] = np.quantile(samples, q)
    order = np.argsort(values, kind="stable").astype(np.int64)
    return order, values


__all__ = [
    "FIXED",
    "HOURS_PER_WEEK",
    "LOGNORMAL",
    "WAIT",
    "Z90",
    "EdgeDistributions",
    "TransitTimeDistribution",
    "edge_dwell_params",
    "edge_quantile_h",
    "graph_edge_distributions",
    "headway_from_frequency",
    "kernel_state",
    "moments",
    "p90_equivalent_h",
    "rank_by_quantile",
    "route_edge_distributions",
    "simulate",
    "transit_time_distribution",
]
