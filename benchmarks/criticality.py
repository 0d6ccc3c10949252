"""Criticality benchmark: every link and crossing of the shipped network over the default OD set.

The network is the one ``corridor critical`` uses by default: the shipped tables evaluated on
their as-of date (calendar closures in force, e.g. the Afghanistan-Pakistan crossings).

Run from the repository root::

    PYTHONPATH=src .venv/bin/python benchmarks/criticality.py [--repeat 3] [--no-dask]

In one run (see docs/scale.md):

1. ``prepare`` (one shortest-path tree per origin, the pairs using each element);
2. the incremental evaluation of every element in-process on one core (searches only the
   origins whose tree uses the element);
3. brute force: every origin searched again for every element (same answers, checked);
4. the incremental evaluation on a local Dask cluster of 1 and 2 worker processes (one
   thread each); the prepared state is scattered once per run; the cluster start is timed
   apart. Results are checked to be identical to the in-process ones.

numba compilation is excluded (a warm-up run first).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time

import numpy as np

import corridor
from corridor.analysis.criticality import (
    assemble,
    batches,
    brute_force,
    criticality,
    evaluate,
    prepare,
)
from corridor.analysis.od import od_set
from corridor.paths import place_index

QUICK_PAIRS = "almaty:karachi,tashkent:istanbul,urumqi:moscow,bishkek:bandar abbas"


def _best(fn, repeat: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--no-dask", action="store_true")
    ap.add_argument("--quick", action="store_true", help="6 places' pairs, one run, no Dask (CI)")
    args = ap.parse_args()
    if args.quick:
        args.repeat, args.no_dask = 1, True

    net = corridor.load()  # the shipped network on its as-of date
    g = corridor.compile(net)
    pairs = QUICK_PAIRS if args.quick else None
    od = od_set(g.labels.node_ids, lambda p: place_index(g, p), pairs=pairs)
    criticality(g, od)  # warm-up: numba compilation
    prep = prepare(g, od)
    n_el = len(prep.elem_ids)
    all_el = np.arange(n_el)
    t_prepare = _best(lambda: prepare(g, od), args.repeat)
    t_inc = _best(lambda: evaluate(prep, all_el), args.repeat)
    fast = evaluate(prep, all_el)
    t0 = time.perf_counter()
    slow = brute_force(prep, all_el)
    t_brute = time.perf_counter() - t0
    np.testing.assert_allclose(fast, slow, rtol=1e-9, atol=1e-6)
    searches_inc = sum(
        len(np.unique(od.orig[prep.pair_idx[prep.pair_ptr[j] : prep.pair_ptr[j + 1]]]))
        for j in range(n_el)
    )
    searches_brute = n_el * len(od.origins())
    local = assemble(prep, fast)
    result: dict[str, object] = {
        "machine": f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}",
        "network_date": str(net.date),
        "graph": {"vertices": g.n_vertices, "edges": g.n_edges},
        "elements": n_el,
        "pairs": od.n_pairs,
        "origins": len(od.origins()),
        "prepare_s": t_prepare,
        "incremental_1core_s": t_inc,
        "total_1core_s": t_prepare + t_inc,
        "brute_force_s": t_brute,
        "brute_over_incremental": t_brute / t_inc,
        "searches_incremental": searches_inc,
        "searches_brute_force": searches_brute,
        "us_per_search": 1e6 * t_brute / searches_brute,
    }
    if not args.no_dask:
        from corridor.scale import have_dask, mapper

        if have_dask():
            for workers in (1, 2):
                t0 = time.perf_counter()
                with mapper(workers, processes=True) as run:
                    started = time.perf_counter() - t0
                    run(lambda s, b: b, 0, [0] * workers)  # workers up and importing
                    size = max(1, n_el // (4 * workers))

                    def go(run=run, size=size):  # type: ignore[no-untyped-def]
                        parts = run(evaluate, prep, batches(n_el, size))
                        return np.concatenate(parts)

                    go()  # warm-up: numba compiles (or loads its cache) in each worker
                    t_dask = _best(go, args.repeat)
                    remote = assemble(prep, go())
                assert remote.table.equals(local.table), "Dask result differs"
                result[f"dask_{workers}_workers_s"] = t_dask
                result[f"dask_{workers}_workers_cluster_start_s"] = started
            result["dask_2_over_1"] = result["dask_2_workers_s"] / result["dask_1_workers_s"]  # type: ignore[operator]
            result["dask_2_over_in_process"] = result["dask_2_workers_s"] / t_inc  # type: ignore[operator]
    print(
        json.dumps(
            {k: round(v, 4) if isinstance(v, float) else v for k, v in result.items()}, indent=2
        )
    )


if __name__ == "__main__":
    main()
