"""Pareto-front benchmark: multi-criteria label setting on a road-like graph and the shipped network.

Run from the repository root::

    PYTHONPATH=src .venv/bin/python benchmarks/pareto.py

Two parts (see ``docs/reliability.md``):

1. a seeded synthetic road-like graph of ~2,000 vertices (``benchmarks/paths.py``'s
   ``road_graph`` with side 45) with four conflicting criteria per edge: time (h); money
   (USD: distance x a per-km rate, plus a toll on fast roads); CO2 (kg: distance x a rate
   that grows with speed); and a P90-equivalent time (time plus a lognormal-tail delay on
   8 % of the edges, e.g. level crossings). Fronts between vertex pairs ~15 and ~30 km
   apart, exact (``eps = 0``) and with ``eps = 0.01``; numba compilation excluded.
2. Almaty -> Karachi on the shipped network, if it compiles: time, cost, CO2 and
   P90-equivalent time (dwell at its P90) over existing links.

Printed per case: wall time (best of 3), front size, labels created, whether a cap was hit.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corridor.paths.pareto import ParetoFront, pareto_front
from paths import road_graph


def best_of(fn: Callable[[], Any], repeat: int = 3) -> tuple[float, Any]:
    """Best wall time of ``repeat`` calls and the last result."""
    best, out = np.inf, None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


def road_criteria(side: int, seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """CSR arrays, four criteria per edge and vertex coordinates."""
    indptr, indices, time_h, xy = road_graph(side, seed)
    rng = np.random.default_rng(seed + 1)
    tails = np.repeat(np.arange(indptr.shape[0] - 1), np.diff(indptr))
    km = np.hypot(*(xy[indices] - xy[tails]).T)
    speed = km / time_h
    fast = speed > 90.0
    money = km * rng.uniform(0.9, 1.1, km.shape[0]) + np.where(fast, 2.0 * km, 0.0)
    co2 = km * (0.09 + 0.001 * speed)
    tail = rng.random(km.shape[0]) < 0.08
    p90 = time_h + np.where(tail, rng.lognormal(np.log(0.05), 1.0, km.shape[0]), 0.0)
    crit = np.column_stack([time_h, money, co2, p90])
    return indptr, indices, crit, xy


def report(name: str, seconds: float, front: ParetoFront) -> None:
    print(
        f"{name:44s} {seconds * 1e3:9.1f} ms  front {len(front):5d}  "
        f"labels {front.n_labels:9,d}  capped {front.capped}"
    )


def bench_road(side: int = 45, ks: tuple[int, ...] = (2, 3, 4)) -> None:
    indptr, indices, crit, xy = road_criteria(side, seed=7)
    n = indptr.shape[0] - 1
    print(f"road-like graph: {n:,} vertices, {indices.shape[0]:,} edges, 4 criteria")
    pareto_front(indptr, indices, crit, 0, 1)  # compile / load the cache
    centre = (side // 2) * side + side // 2
    for dist_km in (15, 30):
        target = int(np.argmin(np.abs(np.hypot(*(xy - xy[centre]).T) - dist_km)))
        for k in ks:
            for eps in (0.0, 0.01):
                t, front = best_of(
                    lambda k=k, eps=eps, target=target: pareto_front(
                        indptr, indices, crit[:, :k], centre, target, eps=eps
                    )
                )
                report(f"  {dist_km} km, k={k}, eps={eps}", t, front)


def bench_shipped() -> None:
    try:
        import corridor
        from corridor.graph import compile
        from corridor.reliability import p90_equivalent_h
    except ImportError as exc:  # pragma: no cover
        print(f"shipped network: skipped ({exc})")
        return
    try:
        g = compile(corridor.load())
    except Exception as exc:  # the network schema may be mid-change on a branch
        print(f"shipped network: does not compile here ({type(exc).__name__}: {exc})")
        return
    from corridor.paths import usable_edges

    e, csr = g.edges, g.csr
    time_h = e.criteria[:, 0]
    p90 = p90_equivalent_h(time_h, e.dwell_median_h, e.dwell_p90_h)
    crit = np.column_stack([time_h, e.criteria[:, 1], e.criteria[:, 2], p90])
    crit[~usable_edges(g)] = np.inf
    src = int(csr.dep_vertex[g.labels.node_index("kz_almaty")])
    dst = int(csr.arr_vertex[g.labels.node_index("pk_karachi")])
    print(f"shipped network: {g.n_vertices:,} vertices, {g.n_edges:,} edges")
    indptr, indices = csr.indptr, csr.indices
    for eps in (0.0, 0.01):
        t, front = best_of(lambda eps=eps: pareto_front(indptr, indices, crit, src, dst, eps=eps))
        report(f"  almaty -> karachi, time/cost/co2/p90, eps={eps}", t, front)
        lo, hi = front.costs.min(axis=0), front.costs.max(axis=0)
        print(
            f"    time {lo[0] / 24:.1f}-{hi[0] / 24:.1f} d, cost {lo[1]:,.0f}-{hi[1]:,.0f} USD/TEU, "
            f"co2 {lo[2]:,.0f}-{hi[2]:,.0f} kg, p90-eq {lo[3] / 24:.1f}-{hi[3] / 24:.1f} d"
        )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="a small grid, two criteria (CI)")
    args = ap.parse_args()
    if args.quick:
        bench_road(side=15, ks=(2,))
    else:
        bench_road()
    bench_shipped()


if __name__ == "__main__":
    main()
