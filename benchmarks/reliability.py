"""Monte Carlo benchmark: edge-draws per second of corridor's transit-time kernel.

Run from the repository root::

    PYTHONPATH=src .venv/bin/python benchmarks/reliability.py

A corridor-like route of 16 random edges (12 lognormal dwells fitted to median/P90 pairs
like the shipped crossings and transfers, 2 ferry waits, 2 stops with both) is simulated
with ``corridor.reliability.simulate`` on one core; one *edge-draw* is one random delay
added to one sample. The same totals are then computed by a numpy-vectorised reference
(``Generator.standard_normal`` / ``Generator.random`` per edge, ``np.exp``, summed), timed in
the same run; the script prints both rates, their ratio, and checks that the two agree on
the mean and P90 within sampling error. Compilation is excluded (one warm-up call).
Target: >= 10 million edge-draws per second (docs/benchmarks.md).
"""

from __future__ import annotations

import argparse
import os
import platform
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

import numpy as np
import numpy.typing as npt

from corridor.reliability import LOGNORMAL, WAIT, EdgeDistributions, moments, simulate

os.environ.setdefault("CORRIDOR_KERNELS", "numba")  # time the kernels, not the cold-start tier

FloatArray = npt.NDArray[np.float64]
TARGET_DRAWS_PER_S = 10e6


def route() -> EdgeDistributions:
    """16 random edges plus fixed moving time (hours)."""
    med = [12, 4, 30, 2.5, 48, 6, 1, 18, 3, 24, 8, 5, 10, 20, 0, 0]
    p90 = [40, 9, 120, 6, 200, 20, 3, 60, 5, 96, 30, 11, 36, 72, 0, 0]
    head = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 12, 24, 12, 168]
    fixed = [0.0] * 16
    fixed[0] = 240.0
    return EdgeDistributions.from_dwell(fixed, med, p90, head)


def numpy_reference(d: EdgeDistributions, n: int, rng: np.random.Generator) -> FloatArray:
    """The same totals with numpy's vectorised generator, one edge at a time."""
    total = np.full(n, float(d.fixed_h.sum()))
    for e in range(d.n_edges):
        if d.kind[e] & LOGNORMAL:
            total += np.exp(d.mu[e] + d.sigma[e] * rng.standard_normal(n))
        if d.kind[e] & WAIT:
            total += d.headway_h[e] * rng.random(n)
    return total


def n_draws(d: EdgeDistributions) -> int:
    """Random draws per sample."""
    return int(np.count_nonzero(d.kind & LOGNORMAL) + np.count_nonzero(d.kind & WAIT))


def best_of(fn: object, repeat: int) -> float:
    """Best wall time of ``repeat`` calls."""
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--samples", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--quick", action="store_true", help="20,000 samples, one run (CI)")
    args = ap.parse_args()
    if args.quick:
        args.samples, args.repeat = 20_000, 1
    d = route()
    per_sample = n_draws(d)
    n = args.samples
    simulate(d, rng=np.random.default_rng(0), n_samples=10)  # compile / load the cache

    ours = simulate(d, rng=np.random.default_rng(1), n_samples=n)
    ref = numpy_reference(d, n, np.random.default_rng(2))
    t_ours = best_of(lambda: simulate(d, rng=np.random.default_rng(1), n_samples=n), args.repeat)
    t_ref = best_of(lambda: numpy_reference(d, n, np.random.default_rng(2)), args.repeat)
    rate_ours = n * per_sample / t_ours
    rate_ref = n * per_sample / t_ref

    mean, var = moments(d)
    se = (var / n) ** 0.5
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cpus")
    print(f"route: {d.n_edges} random edges, {per_sample} draws per sample, {n:,} samples")
    print(f"exact mean {mean:.2f} h; corridor {ours.mean():.2f} h; numpy {ref.mean():.2f} h")
    print(f"P90: corridor {np.quantile(ours, 0.9):.2f} h; numpy {np.quantile(ref, 0.9):.2f} h")
    assert abs(ours.mean() - mean) < 6 * se and abs(ref.mean() - mean) < 6 * se
    print(f"corridor kernel : {t_ours * 1e3:8.1f} ms  {rate_ours / 1e6:6.1f} M edge-draws/s")
    print(f"numpy reference : {t_ref * 1e3:8.1f} ms  {rate_ref / 1e6:6.1f} M edge-draws/s")
    print(f"ratio (corridor rate / numpy rate): {rate_ours / rate_ref:.2f}x")
    ok = rate_ours >= TARGET_DRAWS_PER_S
    print(f"target >= {TARGET_DRAWS_PER_S / 1e6:.0f} M edge-draws/s: {'met' if ok else 'MISSED'}")


if __name__ == "__main__":
    main()
