"""Shortest-path benchmark: corridor's Dijkstra kernel against scipy and networkx.

Run from the repository root::

    PYTHONPATH=src .venv/bin/python benchmarks/paths.py

Three parts, all in one run (see ``docs/benchmarks.md``):

1. a seeded synthetic *road-like* graph of >= 1,000,000 directed edges (a jittered grid of
   local streets with missing blocks and one-way streets, a faster arterial every 8th row and
   column, random diagonal shortcuts and a sparse motorway layer; edge cost = travel time from
   Euclidean length x circuity / speed);
2. one-to-all shortest paths from several sources with ``corridor.paths._kernels.dijkstra``,
   ``scipy.sparse.csgraph.dijkstra`` (same CSR matrix; ``indices=src`` and
   ``indices=src, min_only=True``) and networkx ``single_source_dijkstra_path_length``;
   numba compilation is timed separately and excluded, distances are checked to agree;
3. warm one-to-one latency on the shipped network (``corridor.route``, the bare kernel on
   the compiled graph) and the cold start of ``corridor route almaty karachi`` -- each only
   if that part of corridor exists yet.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import scipy
import scipy.sparse as sp
from scipy.sparse import csgraph

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

ROOT = Path(__file__).resolve().parents[1]

# Targets the project must meet (docs/benchmarks.md).
MAX_SCIPY_RATIO = 1.2  # corridor one-to-all time / scipy's
MIN_NETWORKX_SPEEDUP = 15.0  # networkx time / corridor's
MAX_ROUTE_MS = 1.0  # warm corridor.route on the shipped network
MAX_CLI_S = 1.2  # cold `corridor route almaty karachi`


# --------------------------------------------------------------------------------------
# The synthetic road-like graph


def road_graph(side: int, seed: int) -> tuple[IntArray, IntArray, FloatArray, FloatArray]:
    """A seeded road-like directed graph on a ``side`` x ``side`` jittered grid.

    Returns ``indptr, indices, cost_h, xy_km``: int64 CSR arrays sorted by tail then head, the
    travel time of every edge in hours, and the vertex coordinates.
    """
    rng = np.random.default_rng(seed)
    n = side * side
    row, col = np.divmod(np.arange(n, dtype=np.int64), side)
    xy_km = np.column_stack((col, row)).astype(np.float64) + rng.uniform(-0.3, 0.3, (n, 2))

    tails: list[IntArray] = []
    heads: list[IntArray] = []
    speeds: list[FloatArray] = []
    oneway: list[npt.NDArray[np.bool_]] = []

    def add(a: IntArray, b: IntArray, speed_kmh: FloatArray, p_oneway: float) -> None:
        tails.append(a)
        heads.append(b)
        speeds.append(speed_kmh)
        oneway.append(rng.random(a.shape[0]) < p_oneway)

    # Local streets: the 4-neighbour grid, 7% of blocks missing, 3% one-way, 25-50 km/h;
    # every 8th row / column is an arterial at 60-80 km/h.
    for horizontal in (True, False):
        if horizontal:
            a = np.flatnonzero(col < side - 1)
            b = a + 1
            arterial = row[a] % 8 == 0
        else:
            a = np.flatnonzero(row < side - 1)
            b = a + side
            arterial = col[a] % 8 == 0
        keep = rng.random(a.shape[0]) > 0.07
        keep |= arterial
        speed = np.where(arterial, rng.uniform(60, 80, a.shape[0]), rng.uniform(25, 50, a.shape[0]))
        add(a[keep], b[keep], speed[keep], 0.03)

    # Diagonal shortcuts through 8% of the cells, either orientation, 30-45 km/h.
    cells = np.flatnonzero((row < side - 1) & (col < side - 1))
    cells = cells[rng.random(cells.shape[0]) < 0.08]
    flip = rng.random(cells.shape[0]) < 0.5
    add(
        np.where(flip, cells + 1, cells),
        np.where(flip, cells + side, cells + side + 1),
        rng.uniform(30, 45, cells.shape[0]),
        0.0,
    )

    # Motorways: every 64th row and column (offset 32), junctions every 4 km, 100-120 km/h.
    for horizontal in (True, False):
        line = (row if horizontal else col) % 64 == 32
        along = col if horizontal else row
        step = 4 if horizontal else 4 * side
        a = np.flatnonzero(line & (along % 4 == 0) & (along + 4 < side))
        add(a, a + step, rng.uniform(100, 120, a.shape[0]), 0.0)

    t = np.concatenate(tails)
    h = np.concatenate(heads)
    speed = np.concatenate(speeds)
    one = np.concatenate(oneway)
    reverse = rng.random(t.shape[0]) < 0.5  # which direction a one-way street runs
    t, h = np.where(one & reverse, h, t), np.where(one & reverse, t, h)
    length_km = np.hypot(*(xy_km[h] - xy_km[t]).T) * rng.uniform(1.0, 1.3, t.shape[0])
    cost = length_km / speed
    # Both directions of every two-way link (same cost), one of a one-way link.
    src = np.concatenate((t, h[~one]))
    dst = np.concatenate((h, t[~one]))
    cost = np.concatenate((cost, cost[~one]))

    order = np.lexsort((dst, src))
    src, dst, cost = src[order], dst[order], cost[order]
    indptr = np.zeros(n + 1, np.int64)
    np.cumsum(np.bincount(src, minlength=n), out=indptr[1:])
    return indptr, dst.astype(np.int64), cost.astype(np.float64), xy_km


# --------------------------------------------------------------------------------------
# Timing helpers


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    t0 = time.perf_counter()
    out = fn()
    return time.perf_counter() - t0, out


def fmt_s(seconds: float) -> str:
    if seconds >= 1.0:
        return f"{seconds:8.3f} s "
    if seconds >= 1e-3:
        return f"{seconds * 1e3:8.2f} ms"
    return f"{seconds * 1e6:8.1f} us"


def check_close(name: str, got: FloatArray, want: FloatArray) -> None:
    same_reach = np.array_equal(np.isinf(got), np.isinf(want))
    fin = np.isfinite(want)
    if not same_reach or not np.allclose(got[fin], want[fin], rtol=1e-9, atol=1e-12):
        bad = np.flatnonzero(~np.isclose(got, want, rtol=1e-9, atol=1e-12))
        msg = f"{name}: distances disagree at {bad.shape[0]} vertices, e.g. {bad[:5]}"
        raise SystemExit(msg)


# --------------------------------------------------------------------------------------
# Part 2: one-to-all on the synthetic graph


def bench_one_to_all(args: argparse.Namespace) -> dict[str, float]:
    from corridor.paths import _kernels as K

    t_build, (indptr, indices, cost, _xy) = timed(lambda: road_graph(args.side, args.seed))
    n, m = indptr.shape[0] - 1, indices.shape[0]
    print(
        f"graph: road-like, side {args.side}, {n:,} vertices, {m:,} directed edges, seed {args.seed}"
    )
    print(f"       built in {t_build:.2f} s")
    if m < 1_000_000 and not args.allow_small:
        msg = f"graph has only {m:,} edges; the benchmark needs >= 1,000,000 (raise --side)"
        raise SystemExit(msg)

    rng = np.random.default_rng(args.seed + 1)
    sources = rng.choice(n, size=args.sources, replace=False).astype(np.int64)
    zero = np.zeros(1, np.float64)
    dist = np.empty(n, np.float64)
    pred = np.empty(n, np.int64)

    # Numba compile (or load from the on-disk cache), timed separately on a tiny graph.
    tiny = (np.array([0, 1, 1], np.int64), np.array([1], np.int64), np.array([1.0]))
    t_compile, _ = timed(
        lambda: K.dijkstra(*tiny, sources[:1] * 0, zero, -1, np.empty(2), np.empty(2, np.int64))
    )

    mat = sp.csr_matrix((cost, indices.astype(np.int32), indptr.astype(np.int32)), shape=(n, n))

    def run_corridor(s: np.int64) -> FloatArray:
        K.dijkstra(indptr, indices, cost, np.array([s], np.int64), zero, -1, dist, pred)
        return dist

    # The workspace variant as a many-searches caller would use it: heap arrays reused and an
    # int32 copy of the CSR structure (what scipy's matrix holds), both made once per graph.
    ws = K.workspace(n)
    indptr32, indices32 = indptr.astype(np.int32), indices.astype(np.int32)
    src1 = sources[:1].copy()
    t_compile_ws, _ = timed(
        lambda: K.dijkstra_ws(indptr32, indices32, cost, src1, zero, 0, dist, pred, *ws)
    )

    def run_corridor_ws(s: np.int64) -> FloatArray:
        K.dijkstra_ws(indptr32, indices32, cost, np.array([s], np.int64), zero, -1, dist, pred, *ws)
        return dist

    def run_scipy(s: np.int64) -> FloatArray:
        out: FloatArray = csgraph.dijkstra(mat, directed=True, indices=[int(s)])[0]
        return out

    def run_scipy_min(s: np.int64) -> FloatArray:
        out: FloatArray = csgraph.dijkstra(mat, directed=True, indices=[int(s)], min_only=True)
        return out

    times: dict[str, list[float]] = {
        k: [] for k in ("corridor", "corridor_ws", "scipy", "scipy_min", "networkx")
    }
    reference: dict[int, FloatArray] = {}
    for _ in range(args.repeat):  # interleaved, so drift in machine load hits every solver alike
        for s in sources:
            t, d = timed(lambda s=s: run_corridor(s))
            times["corridor"].append(t)
            d = d.copy()
            t, dw = timed(lambda s=s: run_corridor_ws(s))
            times["corridor_ws"].append(t)
            t, ds = timed(lambda s=s: run_scipy(s))
            times["scipy"].append(t)
            t, dm = timed(lambda s=s: run_scipy_min(s))
            times["scipy_min"].append(t)
            check_close(f"corridor vs scipy from {s}", d, ds)
            check_close(f"scipy min_only vs scipy from {s}", dm, ds)
            check_close(f"corridor dijkstra_ws vs scipy from {s}", dw, ds)
            reference[int(s)] = ds

    if args.nx_sources > 0:
        import networkx as nx

        t_nxbuild, g = timed(lambda: nx_graph(indptr, indices, cost))
        print(f"       networkx DiGraph built in {t_nxbuild:.2f} s")
        for s in sources[: args.nx_sources]:
            t, lengths = timed(lambda s=s: nx.single_source_dijkstra_path_length(g, int(s)))
            times["networkx"].append(t)
            d_nx = np.full(n, np.inf)
            d_nx[np.fromiter(lengths.keys(), np.int64)] = np.fromiter(lengths.values(), np.float64)
            check_close(f"networkx vs scipy from {s}", d_nx, reference[int(s)])
        del g

    med = {k: statistics.median(v) for k, v in times.items() if v}
    print()
    print(
        f"one-to-all, median of {args.repeat} x {args.sources} sources (networkx: {args.nx_sources})"
    )
    print(
        f"  numba compile / cache load (excluded)      {fmt_s(t_compile)} + {fmt_s(t_compile_ws)} (_ws, int32)"
    )
    print(f"  corridor  _kernels.dijkstra                {fmt_s(med['corridor'])}")
    print(f"  corridor  _kernels.dijkstra_ws, int32 CSR  {fmt_s(med['corridor_ws'])}")
    print(f"  scipy     csgraph.dijkstra(indices=[s])    {fmt_s(med['scipy'])}")
    print(f"  scipy     ... min_only=True                {fmt_s(med['scipy_min'])}")
    if "networkx" in med:
        print(f"  networkx  single_source_dijkstra_path_len. {fmt_s(med['networkx'])}")
    print("  distances agree (rtol 1e-9): corridor (both) = scipy = scipy min_only = networkx")
    best_scipy = min(med["scipy"], med["scipy_min"])
    ratio = med["corridor"] / best_scipy
    print()
    print(
        f"  corridor / scipy (faster scipy variant)  {ratio:6.2f}x   target <= {MAX_SCIPY_RATIO}x"
    )
    ratio_ws = med["corridor_ws"] / best_scipy
    print(f"  corridor _ws int32 / scipy               {ratio_ws:6.2f}x")
    result = {"scipy_ratio": ratio}
    if "networkx" in med:
        speedup = med["networkx"] / med["corridor"]
        print(
            f"  networkx / corridor                      {speedup:6.1f}x   target >= {MIN_NETWORKX_SPEEDUP}x"
        )
        result["networkx_speedup"] = speedup
    return result


def nx_graph(indptr: IntArray, indices: IntArray, cost: FloatArray) -> Any:
    import networkx as nx

    tails = np.repeat(np.arange(indptr.shape[0] - 1), np.diff(indptr))
    g = nx.DiGraph()
    g.add_nodes_from(range(indptr.shape[0] - 1))
    g.add_weighted_edges_from(zip(tails.tolist(), indices.tolist(), cost.tolist(), strict=True))
    return g


# --------------------------------------------------------------------------------------
# Part 3: the shipped network


def bench_shipped(args: argparse.Namespace) -> dict[str, float]:
    import corridor

    result: dict[str, float] = {}
    print()
    print("shipped network")
    load = getattr(corridor, "load", None)
    route = getattr(corridor, "route", None)
    if load is None or route is None:
        print("  corridor.load / corridor.route not available yet: route latency skipped")
        return result

    try:
        net = load()
        graph = corridor.compile(net)
    except corridor.CorridorError as exc:
        print(f"  the shipped network does not load yet ({exc}): route latency skipped")
        return result
    print(
        f"  {len(graph.labels.node_ids)} places, {graph.n_vertices:,} vertices, "
        f"{graph.n_edges:,} edges"
    )
    rng = np.random.default_rng(args.seed + 2)
    ids = list(graph.labels.node_ids)
    pairs = [
        tuple(str(x) for x in rng.choice(ids, size=2, replace=False))
        for _ in range(args.route_pairs)
    ]
    for a, b in pairs[:10]:  # warm: numba cache load, compile() cache, first-call imports
        try_route(route, net, a, b)
    times = []
    found = 0
    for a, b in pairs:
        t, ok = timed(lambda a=a, b=b: try_route(route, net, a, b))
        times.append(t)
        found += ok
    med = statistics.median(times)
    print(f"  corridor.route(net, a, b), warm, median of {len(pairs)} random place pairs")
    print(
        f"    ({found} routed, {len(pairs) - found} without a route)    {fmt_s(med)}   target < {MAX_ROUTE_MS} ms"
    )
    result["route_ms"] = med * 1e3

    kernel = bare_kernel_latency(graph, pairs)
    if kernel is not None:
        print(f"  bare _kernels.dijkstra on the compiled graph, same pairs {fmt_s(kernel)}")
        result["kernel_ms"] = kernel * 1e3
    return result


def try_route(route: Callable[..., Any], net: Any, a: str, b: str) -> bool:
    from corridor.errors import NoRouteError

    try:
        route(net, a, b)
    except NoRouteError:  # a valid answer, still timed
        return False
    return True


def bare_kernel_latency(graph: Any, pairs: list[tuple[str, str]]) -> float | None:
    """Median time of the kernel alone (by time, early exit), or None if that API is missing."""
    from corridor.paths import _kernels as K

    try:
        from corridor.paths import RouteOptions, masked_cost

        cost = masked_cost(graph, "time", RouteOptions())
    except (ImportError, AttributeError, TypeError) as exc:
        print(f"  bare kernel latency skipped: {exc}")
        return None
    indptr, indices = graph.csr.indptr, graph.csr.indices
    n = graph.n_vertices
    dist = np.empty(n, np.float64)
    pred = np.empty(n, np.int64)
    zero = np.zeros(1)
    calls = []
    for a, b in pairs:
        ia, ib = graph.labels.node_lookup[a], graph.labels.node_lookup[b]
        calls.append((graph.csr.dep_vertex[ia : ia + 1], int(graph.csr.arr_vertex[ib])))
    times = []
    for k in range(len(calls) + 10):
        src, tgt = calls[k % len(calls)]
        t0 = time.perf_counter()
        K.dijkstra(indptr, indices, cost, src, zero, tgt, dist, pred)
        if k >= 10:
            times.append(time.perf_counter() - t0)
    return statistics.median(times)


def bench_cli(args: argparse.Namespace) -> dict[str, float]:
    exe = shutil.which("corridor", path=str(Path(sys.executable).parent)) or shutil.which(
        "corridor"
    )
    cmd = [exe] if exe else [sys.executable, "-m", "corridor.cli"]
    cmd += ["route", "almaty", "karachi"]
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT / "src"), env.get("PYTHONPATH")) if p)
    first = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    if first.returncode != 0:
        print(
            f"  `corridor route almaty karachi` not working yet (exit {first.returncode}): CLI skipped"
        )
        tail = (first.stderr or first.stdout).strip().splitlines()[-1:]
        if tail:
            print(f"    {tail[0][:120]}")
        return {}
    times = []
    for _ in range(args.cli_runs):
        t, _ = timed(lambda: subprocess.run(cmd, env=env, capture_output=True, check=True))
        times.append(t)
    med = statistics.median(times)
    print(
        f"  CLI cold start `corridor route almaty karachi`, median of {args.cli_runs} (numba cache warm)"
    )
    print(f"                                               {fmt_s(med)}   target < {MAX_CLI_S} s")
    return {"cli_s": med}


# --------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--side", type=int, default=520, help="grid side (default 520: ~1.05M edges)"
    )
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--sources", type=int, default=5, help="one-to-all sources")
    parser.add_argument("--repeat", type=int, default=3, help="rounds over the sources")
    parser.add_argument("--nx-sources", type=int, default=3, help="sources for networkx (0: skip)")
    parser.add_argument("--route-pairs", type=int, default=300)
    parser.add_argument("--cli-runs", type=int, default=5)
    parser.add_argument("--allow-small", action="store_true", help="allow < 1M edges (smoke test)")
    parser.add_argument("--skip-shipped", action="store_true", help="skip route latency and CLI")
    parser.add_argument(
        "--quick", action="store_true", help="a small grid and few runs (CI: seconds, not figures)"
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.side, args.sources, args.repeat, args.nx_sources = 60, 1, 1, 1
        args.route_pairs, args.cli_runs, args.allow_small = 20, 1, True

    import numba

    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"numpy {np.__version__}, scipy {scipy.__version__}, numba {numba.__version__}"
    )
    if os.environ.get("NUMBA_DISABLE_JIT") == "1":
        print("warning: NUMBA_DISABLE_JIT=1, corridor's kernel runs as plain Python")
    results = bench_one_to_all(args)
    if not args.skip_shipped:
        results |= bench_shipped(args)
        if not args.quick:  # --quick: no subprocess timing (CI checks that it still runs)
            results |= bench_cli(args)

    print()
    checks = [
        ("kernel <= 1.2x scipy", results.get("scipy_ratio"), lambda r: r <= MAX_SCIPY_RATIO),
        (">= 15x networkx", results.get("networkx_speedup"), lambda r: r >= MIN_NETWORKX_SPEEDUP),
        ("route < 1 ms", results.get("route_ms"), lambda r: r < MAX_ROUTE_MS),
        ("CLI < 1.2 s", results.get("cli_s"), lambda r: r < MAX_CLI_S),
    ]
    for name, value, ok in checks:
        status = "not measured" if value is None else ("PASS" if ok(value) else "FAIL")
        print(f"  {name:24s} {status}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
