"""Trees that stop at their targets and trees repaired after edges go, against scipy."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import dijkstra as scipy_dijkstra

from corridor.paths import full_tree, in_edges, repair_work, repaired_costs, shortest_tree


def _random_graph(seed: int, n: int = 60, m: int = 240) -> tuple[np.ndarray, ...]:
    rng = np.random.default_rng(seed)
    tail = rng.integers(0, n, m)
    head = rng.integers(0, n, m)
    keep = tail != head
    tail, head = tail[keep], head[keep]
    order = np.argsort(tail, kind="stable")
    tail, head = tail[order], head[order]
    cost = rng.uniform(0.5, 10.0, len(tail))
    cost[rng.random(len(tail)) < 0.1] = 0.0  # ties and zero edges
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(tail, minlength=n), out=indptr[1:])
    return indptr, head.astype(np.int64), tail.astype(np.int64), cost


def _scipy(indptr: np.ndarray, indices: np.ndarray, cost: np.ndarray, source: int) -> np.ndarray:
    """scipy's Dijkstra on the same graph (parallel edges: the cheapest; scipy drops
    explicit zeros, so a zero edge becomes 1e-12)."""
    n = len(indptr) - 1
    tails = np.repeat(np.arange(n), np.diff(indptr))
    pairs: dict[tuple[int, int], float] = {}
    for t, h, c in zip(tails.tolist(), indices.tolist(), cost.tolist(), strict=True):
        if np.isfinite(c):
            pairs[(t, h)] = min(max(c, 1e-12), pairs.get((t, h), np.inf))
    rows = [t for t, _ in pairs]
    cols = [h for _, h in pairs]
    m = csr_matrix((list(pairs.values()), (rows, cols)), shape=(n, n))
    return np.asarray(scipy_dijkstra(m, indices=source))


@pytest.mark.parametrize("seed", range(8))
def test_search_until_targets_is_exact_at_the_targets(seed: int) -> None:
    indptr, indices, _, cost = _random_graph(seed)
    targets = np.random.default_rng(seed).choice(len(indptr) - 1, 5, replace=False)
    dist, _ = shortest_tree(indptr, indices, cost, [0], until=targets)
    np.testing.assert_allclose(dist[targets], _scipy(indptr, indices, cost, 0)[targets], atol=1e-9)


@pytest.mark.parametrize("seed", range(8))
def test_repaired_tree_equals_a_new_search(seed: int) -> None:
    indptr, indices, tails, cost = _random_graph(seed)
    rng = np.random.default_rng(100 + seed)
    graph = in_edges(indptr, indices, tails)
    work = repair_work(len(indptr) - 1)
    for source in (0, 1):
        tree = full_tree(graph, cost, source)
        on_tree = tree[1][tree[1] >= 0]
        assert len(on_tree) > 0
        for _ in range(10):
            removed = np.unique(
                np.concatenate([rng.choice(on_tree, 2), rng.integers(0, len(cost), 1)])
            )
            cut = cost.copy()
            cut[removed] = np.inf
            targets = rng.choice(len(indptr) - 1, 6, replace=False)
            got = repaired_costs(tree, graph, cut, removed, targets, work)
            want = _scipy(indptr, indices, cut, source)[targets]
            np.testing.assert_allclose(got, want, atol=1e-9)
            assert work[1].all() and not work[2].any()  # scratch left clean
