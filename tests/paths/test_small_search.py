"""The numpy tier of the one-to-one search (``corridor.paths._small``) against numba's
kernel: the same ``dist``, ``pred`` and pop count, element for element, on the shipped
network (every objective, several route options, origins spread over all places, each to
another place and to all) and on random graphs full of ties (integer and zero costs,
parallel edges), where only running the same heap the same way gives the same
predecessors."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

import corridor
from corridor import _tier
from corridor.paths import RouteOptions, _small
from corridor.paths._kernels import dijkstra
from corridor.paths.route import masked_cost

OPTIONS = [
    RouteOptions(),
    RouteOptions(include_planned=True),
    RouteOptions(modes=("road",)),
    RouteOptions(modes=("rail", "sea", "ferry")),
    RouteOptions(avoid_countries=("AF", "IR")),
]


def _both(ip, ix, cost, sources, target):  # type: ignore[no-untyped-def]
    n = ip.shape[0] - 1
    out = []
    for search in (dijkstra, _small.dijkstra_np):
        dist = np.empty(n)
        pred = np.empty(n, dtype=np.int64)
        pops = search(ip, ix, cost, sources, np.zeros(sources.shape[0]), target, dist, pred)
        out.append((int(pops), dist, pred))
    return out


@pytest.mark.parametrize("by", ["time", "cost", "co2", "generalised"])
def test_shipped_network_same_labels_and_predecessors(by: str) -> None:
    g = corridor.load_graph()
    csr = g.csr
    places = len(g.labels.node_ids)
    searches = 0
    for options in OPTIONS:
        cost = masked_cost(g, by, options)
        for a in range(0, places, 4):
            for b in (-1, (7 * a + 5) % places):
                target = -1 if b < 0 else int(csr.arr_vertex[b])
                src = csr.dep_vertex[a : a + 1]
                (k1, d1, p1), (k2, d2, p2) = _both(csr.indptr, csr.indices, cost, src, target)
                assert k1 == k2, (by, options, a, b)
                assert np.array_equal(d1, d2), (by, options, a, b)
                assert np.array_equal(p1, p2), (by, options, a, b)
                searches += 1
    assert searches >= 5 * 2 * (places // 4)


@pytest.mark.parametrize("seed", range(6))
def test_random_graphs_with_ties(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(2, 120))
    m = int(rng.integers(0, 6 * n))
    tails = rng.integers(0, n, m)
    heads = rng.integers(0, n, m)
    order = np.argsort(tails, kind="stable")
    tails, heads = tails[order], heads[order]
    ip = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(tails, minlength=n), out=ip[1:])
    ix = heads.astype(np.int64)
    cost = rng.integers(0, 4, m).astype(np.float64)  # many zero and equal costs
    cost[rng.random(m) < 0.1] = np.inf
    for _ in range(10):
        sources = rng.integers(0, n, int(rng.integers(1, 4))).astype(np.int64)
        target = int(rng.integers(-1, n))
        (k1, d1, p1), (k2, d2, p2) = _both(ip, ix, cost, sources, target)
        assert k1 == k2
        assert np.array_equal(d1, d2)
        assert np.array_equal(p1, p2)


def test_tier_choice() -> None:
    """numba is imported in this process (the kernels above): searches go to it; the numpy
    tier is for one-to-one searches on small graphs before numba is loaded."""
    assert not _small.use_numpy(1000, 5)
    assert _small.SMALL_EDGES >= 10_000
    assert _tier.BUDGET_S > 0


def test_trace_edges_walks_the_path() -> None:
    pred = np.array([-1, 0, 2, 1])
    tails = np.array([0, 1, 1])
    out = np.empty(4, dtype=np.int64)
    k = _small.trace_edges(pred, tails, 2, out)
    assert out[:k].tolist() == [2, 0]
    assert _small.trace_edges(pred, tails, 0, out) == 0


def test_load_kernels_moves_a_fresh_process_to_numba() -> None:
    """A fresh process starts on the numpy tier; after ``load_kernels`` (what the web
    service runs at start-up) its searches and simulations run on numba's kernels."""
    import subprocess
    import sys

    code = (
        "from corridor.paths import _small\n"
        "from corridor.reliability import _small as mc\n"
        "before = (_small.use_numpy(100, 1), 'numba' in __import__('sys').modules)\n"
        "_small.load_kernels()\n"
        "print(before, _small.use_numpy(100, 1), mc.use_numpy())\n"
    )
    env_src = str(Path(__file__).resolve().parents[2] / "src")
    done = subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, "PYTHONPATH": env_src, "CORRIDOR_KERNELS": ""},
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    assert done.stdout.split("\n")[0] == "(True, False) False False"
