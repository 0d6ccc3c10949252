"""The numpy twin of the Monte Carlo kernel (``corridor.reliability._small``) against
numba's: the same generator stream bit for bit, the same samples to the last place of
``exp``/``log`` (numpy's vectorised routines may round the last bit differently from the C
library's), and the same quantiles."""

from __future__ import annotations

import numpy as np
import pytest

from corridor.reliability import _kernels as k
from corridor.reliability import _small


@pytest.mark.parametrize("m", [1, 7, 4096, 4097, 30_001])
def test_stream_is_the_kernels(m: int) -> None:
    state = k.new_state(np.array([12345, 678, 9, 1011]))
    expected = np.empty(m)
    k.uniforms(state, expected)
    got = _small.stream(state, m)
    assert got.dtype == np.uint32
    assert np.array_equal((got + 0.5) / 2**32, expected)


def test_samples_equal_the_kernels() -> None:
    rng = np.random.default_rng(5)
    for _ in range(120):
        edges = int(rng.integers(0, 9))
        kind = rng.integers(0, 4, edges).astype(np.int64)  # fixed, lognormal, wait, both
        mu = rng.normal(1.0, 1.0, edges)
        sigma = rng.uniform(0.0, 1.5, edges)
        headway = rng.uniform(0.0, 50.0, edges)
        state = k.new_state(rng.integers(0, 2**32, 4))
        n = int(rng.integers(1, 2500))
        a, b = np.empty(n), np.empty(n)
        k.simulate_totals(3.5, kind, mu, sigma, headway, state, a)
        _small.simulate_totals_np(3.5, kind, mu, sigma, headway, state, b)
        np.testing.assert_allclose(b, a, rtol=1e-12, atol=0.0)
        assert np.mean(a == b) > 0.5  # most draws agree to the bit


def test_route_sized_quantiles_agree() -> None:
    """20,000 samples of a route with an odd number of lognormal dwells (the spare normal
    alternates between samples) and two timetabled waits: P50/P90 as the kernel's."""
    kind = np.array([1, 3, 1, 2, 1, 1, 1], dtype=np.int64)
    mu = np.log(np.array([6.0, 20.0, 3.0, 1.0, 48.0, 12.0, 2.0]))
    sigma = np.array([0.4, 0.9, 0.2, 0.0, 1.1, 0.5, 0.3])
    headway = np.array([0.0, 56.0, 0.0, 84.0, 0.0, 0.0, 0.0])
    state = k.new_state(np.array([20_251_202, 1, 2, 3]))
    a, b = np.empty(20_000), np.empty(20_000)
    k.simulate_totals(100.0, kind, mu, sigma, headway, state, a)
    _small.simulate_totals_np(100.0, kind, mu, sigma, headway, state, b)
    qa, qb = np.quantile(a, [0.5, 0.9, 0.95]), np.quantile(b, [0.5, 0.9, 0.95])
    np.testing.assert_allclose(qb, qa, rtol=1e-13)
    assert np.round(qa, 3).tolist() == np.round(qb, 3).tolist()


def test_no_random_edge_is_the_fixed_total() -> None:
    out = np.empty(5)
    state = k.new_state(np.array([1, 2, 3, 4]))
    empty = np.empty(0)
    _small.simulate_totals_np(7.25, np.zeros(0, np.int64), empty, empty, empty, state, out)
    assert out.tolist() == [7.25] * 5
