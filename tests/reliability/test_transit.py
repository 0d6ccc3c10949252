"""Reliability: the dwell fit, the Monte Carlo kernel against analytic answers, seeding."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from corridor.errors import InputError
from corridor.reliability import (
    LOGNORMAL,
    WAIT,
    Z90,
    EdgeDistributions,
    edge_dwell_params,
    edge_quantile_h,
    headway_from_frequency,
    moments,
    p90_equivalent_h,
    rank_by_quantile,
    route_edge_distributions,
    simulate,
    transit_time_distribution,
)
from corridor.reliability import _kernels as k

N = 40_000  # samples per statistical check: plain Python (NUMBA_DISABLE_JIT=1) stays quick
Z_TOL = 5.0  # standard errors allowed: a false failure has probability ~ 6e-7 per check


def _rng(seed: int = 2024) -> np.random.Generator:
    return np.random.default_rng(seed)


# ---------------------------------------------------------------------------- the fit


def test_z90_is_the_normal_quantile() -> None:
    assert Z90 == pytest.approx(stats.norm.ppf(0.9), abs=1e-15)


@pytest.mark.parametrize(("median", "p90"), [(1.0, 2.0), (10.0, 30.0), (0.25, 0.26), (48, 336)])
def test_fit_reproduces_median_and_p90(median: float, p90: float) -> None:
    mu, sigma = edge_dwell_params(median, p90)
    dist = stats.lognorm(s=sigma, scale=math.exp(mu))
    assert dist.median() == pytest.approx(median, rel=1e-12)
    assert dist.ppf(0.9) == pytest.approx(p90, rel=1e-12)
    assert math.exp(mu + Z90 * sigma) == pytest.approx(p90, rel=1e-14)


def test_fit_degenerate_and_arrays() -> None:
    mu, sigma = edge_dwell_params([0.0, 5.0, 5.0, 2.0], [0.0, 5.0, 3.0, 8.0])
    assert mu[0] == -np.inf and sigma[0] == 0.0  # no dwell
    assert sigma[1] == 0.0 and sigma[2] == 0.0  # P90 <= median: fixed at the median
    assert math.exp(mu[1]) == pytest.approx(5.0)
    assert sigma[3] == pytest.approx(math.log(4.0) / Z90)


@pytest.mark.parametrize(("median", "p90"), [(-1.0, 2.0), (1.0, float("nan")), (1.0, -0.5)])
def test_fit_rejects_bad_input(median: float, p90: float) -> None:
    with pytest.raises(InputError, match="dwell median_h and p90_h"):
        edge_dwell_params(median, p90)


def test_from_dwell_kinds_and_validation() -> None:
    d = EdgeDistributions.from_dwell([1.0, 2.0, 3.0], [0.0, 4.0, 4.0], [0.0, 8.0, 8.0], [0, 0, 6])
    assert d.kind.tolist() == [0, LOGNORMAL, LOGNORMAL | WAIT]
    assert not d.mu.flags.writeable
    with pytest.raises(InputError, match="one shape"):
        EdgeDistributions.from_dwell([1.0], [0.0, 1.0], [0.0, 1.0])
    with pytest.raises(InputError, match="headway_h"):
        EdgeDistributions.from_dwell([1.0], [0.0], [0.0], [-2.0])
    with pytest.raises(InputError, match="shape"):
        EdgeDistributions(d.fixed_h, d.kind[:2], d.mu, d.sigma, d.headway_h)


# ------------------------------------------------------------------- one edge vs analytic


def _cdf_at_check(samples: np.ndarray, x: float, q: float) -> None:
    """The empirical CDF at the analytic q-quantile is q within sampling error."""
    frac = np.count_nonzero(samples <= x) / samples.shape[0]
    se = math.sqrt(q * (1.0 - q) / samples.shape[0])
    assert abs(frac - q) < Z_TOL * se, (frac, q)


@pytest.mark.parametrize(("median", "p90"), [(10.0, 30.0), (2.0, 2.5)])
def test_one_lognormal_edge_quantiles(median: float, p90: float) -> None:
    d = EdgeDistributions.from_dwell([0.0], [median], [p90])
    s = simulate(d, rng=_rng(), n_samples=N)
    ref = stats.lognorm(s=d.sigma[0], scale=math.exp(d.mu[0]))
    for q in (0.05, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99):
        _cdf_at_check(s, float(ref.ppf(q)), q)
    # and the whole shape: Kolmogorov-Smirnov at the 1e-4 level
    assert stats.kstest(s, ref.cdf).pvalue > 1e-4


def test_one_wait_edge_is_uniform() -> None:
    d = EdgeDistributions.from_dwell([5.0], [0.0], [0.0], [24.0])
    s = simulate(d, rng=_rng(), n_samples=N)
    assert s.min() >= 5.0 and s.max() <= 29.0
    for q in (0.1, 0.5, 0.9):
        _cdf_at_check(s, 5.0 + 24.0 * q, q)
    assert stats.kstest(s, stats.uniform(loc=5.0, scale=24.0).cdf).pvalue > 1e-4


def test_fixed_only_route_is_exact() -> None:
    d = EdgeDistributions.from_dwell([3.0, 4.0, 0.0], [0.0, 0.0, 6.0], [0.0, 0.0, 6.0])
    s = simulate(d, rng=_rng(), n_samples=100)
    assert np.all(s == 13.0)
    t = transit_time_distribution(d, rng=_rng(), n_samples=100)
    assert t.p90_h == 13.0 and t.std_h == 0.0
    assert t.prob_within(13.0 / 24.0) == 1.0 and t.prob_within(12.0 / 24.0) == 0.0


# ------------------------------------------------------------------------ sums of edges


def _route() -> EdgeDistributions:
    # a corridor-like mix: fixed moving time, borders, a gauge change, a ferry with a wait
    return EdgeDistributions.from_dwell(
        fixed_h=[60.0, 0.0, 30.0, 0.0, 12.0, 0.0, 20.0],
        dwell_median_h=[0.0, 12.0, 0.0, 4.0, 0.0, 30.0, 0.0],
        dwell_p90_h=[0.0, 40.0, 0.0, 9.0, 0.0, 120.0, 0.0],
        headway_h=[0.0, 0.0, 0.0, 0.0, 168.0 / 14.0, 0.0, 0.0],
    )


def test_sum_mean_and_variance_match_the_exact_moments() -> None:
    d = _route()
    mean, var = moments(d)
    s = simulate(d, rng=_rng(7), n_samples=N)
    assert abs(s.mean() - mean) < Z_TOL * math.sqrt(var / N)
    # Var(sample variance) ~ (m4 - var^2) / n, m4 estimated from the sample
    m4 = float(np.mean((s - s.mean()) ** 4))
    assert abs(s.var(ddof=1) - var) < Z_TOL * math.sqrt((m4 - var * var) / N)


def test_sum_quantiles_match_an_independent_reference() -> None:
    """Against numpy's generator with 10x the samples, compared in probability space."""
    d = _route()
    s = simulate(d, rng=_rng(11), n_samples=N)
    g = np.random.default_rng(99)
    m = 10 * N
    ref = np.full(m, d.fixed_h.sum())
    for e in range(d.n_edges):
        if d.kind[e] & LOGNORMAL:
            ref += np.exp(d.mu[e] + d.sigma[e] * g.standard_normal(m))
        if d.kind[e] & WAIT:
            ref += d.headway_h[e] * g.random(m)
    for q in (0.5, 0.9, 0.95):
        x = float(np.quantile(ref, q))
        frac = np.count_nonzero(s <= x) / N
        se = math.sqrt(q * (1 - q) / N) + math.sqrt(q * (1 - q) / m)
        assert abs(frac - q) < Z_TOL * se, (q, frac)


def test_moments_of_a_wait() -> None:
    assert moments(EdgeDistributions.from_dwell([1.0], [0.0], [0.0], [12.0])) == (7.0, 12.0)


# ---------------------------------------------------------------------------- seeding


def test_same_seed_same_numbers_different_seed_different() -> None:
    d = _route()
    a = simulate(d, rng=_rng(5), n_samples=2000)
    b = simulate(d, rng=_rng(5), n_samples=2000)
    c = simulate(d, rng=_rng(6), n_samples=2000)
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)
    assert np.count_nonzero(a == c) < 10


def test_kernel_does_not_touch_its_state_or_global_random_state() -> None:
    state = np.array([1, 2, 3, 4], dtype=np.int64)
    before = np.random.get_state()[1].copy()  # type: ignore[index]  # noqa: NPY002
    out1 = np.empty(50)
    out2 = np.empty(50)
    k.uniforms(state, out1)
    k.uniforms(state, out2)
    assert state.tolist() == [1, 2, 3, 4]
    np.testing.assert_array_equal(out1, out2)
    legacy = np.random.get_state()[1]  # type: ignore[index]  # noqa: NPY002
    np.testing.assert_array_equal(legacy, before)


def test_generator_stream_is_uniform_and_uncorrelated() -> None:
    out = np.empty(N)
    k.uniforms(k.new_state(np.array([12345, 0, 0, 0])), out)
    assert 0.0 < out.min() and out.max() < 1.0
    assert abs(out.mean() - 0.5) < Z_TOL * math.sqrt(1 / 12 / N)
    assert abs(np.corrcoef(out[:-1], out[1:])[0, 1]) < Z_TOL / math.sqrt(N)
    assert stats.kstest(out, "uniform").pvalue > 1e-4


def test_zero_state_is_replaced() -> None:
    assert k.new_state(np.zeros(4)).tolist() == [1, 0, 0, 0]


# ------------------------------------------------------------------ summaries and ranking


def test_distribution_summary_and_prob_within() -> None:
    d = _route()
    t = transit_time_distribution(d, rng=_rng(3), n_samples=N, keep_samples=True)
    assert t.samples_h is not None and not t.samples_h.flags.writeable
    assert t.p50_h <= t.p90_h <= t.p95_h
    assert t.prob_within(t.p90_h / 24.0) == pytest.approx(0.9, abs=1e-3)
    lean = transit_time_distribution(d, rng=_rng(3), n_samples=N)
    assert lean.samples_h is None and lean.p90_h == t.p90_h
    for days in (5.0, 6.0, 7.0, 9.0):
        assert lean.prob_within(days) == pytest.approx(t.prob_within(days), abs=1.5e-3)
    assert lean.quantile(0.9) == pytest.approx(t.p90_h, rel=1e-3)
    assert lean.prob_within(0.0) == 0.0 and lean.prob_within(1e6) == 1.0
    js = t.to_dict()
    assert js["p90_days"] == round(t.p90_h / 24.0, 3) and js["n_samples"] == N
    with pytest.raises(InputError):
        t.quantile(1.5)


def test_edge_quantiles_and_p90_equivalent_weights() -> None:
    d = _route()
    q90 = edge_quantile_h(d, 0.9)
    expect = np.array([60.0, 40.0, 30.0, 9.0, 12.0 + 0.9 * 12.0, 120.0, 20.0])
    np.testing.assert_allclose(q90, expect, rtol=1e-12)
    w = p90_equivalent_h(
        np.array([60.0, 12.0, 4.0]), np.array([0.0, 12.0, 4.0]), np.array([0.0, 40.0, 2.0])
    )
    np.testing.assert_allclose(w, [60.0, 40.0, 4.0])  # a P90 below the median counts as the median
    q50 = edge_quantile_h(d, 0.5)
    assert q50[1] == pytest.approx(12.0)
    with pytest.raises(InputError):
        edge_quantile_h(d, 1.0)


def test_rank_by_quantile_prefers_the_thin_tail() -> None:
    fast_tail = EdgeDistributions.from_dwell([100.0], [10.0], [60.0])
    reliable = EdgeDistributions.from_dwell([120.0], [8.0], [10.0])
    order, p90 = rank_by_quantile([fast_tail, reliable], rng=_rng(), n_samples=5000)
    assert order.tolist() == [1, 0]
    assert p90[0] == pytest.approx(160.0, rel=0.05) and p90[1] == pytest.approx(130.0, rel=0.01)
    again = rank_by_quantile([fast_tail, reliable], rng=_rng(), n_samples=5000)[1]
    np.testing.assert_array_equal(p90, again)


def test_headway_from_frequency() -> None:
    np.testing.assert_allclose(headway_from_frequency([14.0, 1.0, 0.0]), [12.0, 168.0, 0.0])
    with pytest.raises(InputError):
        headway_from_frequency([-1.0])


# ---------------------------------------------------------------------------- adapters


def test_route_adapter_waits_once_per_link_run() -> None:
    time_h = np.array([5.0, 10.0, 3.0, 10.0, 8.0, 8.0, 2.0])
    med = np.array([0.0, 0.0, 3.0, 0.0, 0.0, 0.0, 2.0])
    p90 = np.array([0.0, 0.0, 9.0, 0.0, 0.0, 0.0, 2.0])
    edge_link = np.array([-1, 0, -1, 0, 1, 1, -1])
    link_headway = np.array([12.0, 24.0])
    d = route_edge_distributions(
        [0, 1, 2, 3, 4, 5, 6], time_h, med, p90, edge_link=edge_link, link_headway_h=link_headway
    )
    # link 0 is split by a border stop: one wait; link 1 has two edges: one wait
    assert d.headway_h.tolist() == [0.0, 12.0, 0.0, 0.0, 24.0, 0.0, 0.0]
    np.testing.assert_allclose(d.fixed_h + np.where(med > 0, med, 0.0), time_h)
    assert d.kind.tolist() == [0, WAIT, LOGNORMAL, 0, WAIT, 0, LOGNORMAL]
    with pytest.raises(InputError, match="both"):
        route_edge_distributions([0], time_h, med, p90, edge_link=edge_link)


def test_graph_adapter_on_the_tiny_network(tiny: object) -> None:
    from corridor.graph import compile
    from corridor.reliability import graph_edge_distributions

    g = compile(tiny)  # type: ignore[arg-type]
    e = g.edges
    stops = np.flatnonzero(e.dwell_median_h > 0)
    assert stops.size
    d = graph_edge_distributions(g, stops)
    np.testing.assert_allclose(d.fixed_h + e.dwell_median_h[stops], e.criteria[stops, 0])
    np.testing.assert_allclose(
        edge_quantile_h(d, 0.9) - d.fixed_h, np.maximum(e.dwell_p90_h, e.dwell_median_h)[stops]
    )
    heads = np.zeros(len(g.labels.link_ids))
    moves = np.flatnonzero(e.link >= 0)[:2]
    heads[e.link[moves[0]]] = 10.0
    d2 = graph_edge_distributions(g, moves[:1], link_headway_h=heads)
    assert d2.kind.tolist() == [WAIT] and d2.headway_h.tolist() == [10.0]
