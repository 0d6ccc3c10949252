"""Pareto fronts against brute-force enumeration of simple paths (networkx)."""

from __future__ import annotations

import itertools

import networkx as nx
import numpy as np
import pytest

from corridor.errors import InputError, NoRouteError
from corridor.paths.pareto import ParetoFront, pareto_front


def random_network(
    seed: int, n: int, m: int, k: int, max_cost: int = 4
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """A random directed multigraph in CSR form with small integer costs (ties, zeros)."""
    rng = np.random.default_rng(seed)
    tails = rng.integers(0, n, m)
    heads = rng.integers(0, n, m)
    keep = tails != heads
    tails, heads = tails[keep], heads[keep]
    # integer costs in 0..max_cost: many ties and zero-cost edges (and zero-cost cycles)
    crit = rng.integers(0, max_cost + 1, (tails.shape[0], k)).astype(np.float64)
    order = np.argsort(tails, kind="stable")
    tails, heads, crit = tails[order], heads[order], crit[order]
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.add.at(indptr, tails + 1, 1)
    return np.cumsum(indptr), heads.astype(np.int64), crit, tails.astype(np.int64)


def brute_force_front(
    tails: np.ndarray, heads: np.ndarray, crit: np.ndarray, source: int, target: int
) -> set[tuple[float, ...]]:
    """Distinct non-dominated cost vectors over all simple paths (networkx)."""
    g = nx.MultiDiGraph()
    g.add_nodes_from(range(int(max(tails.max(), heads.max())) + 1))
    for e, (u, v) in enumerate(zip(tails.tolist(), heads.tolist(), strict=True)):
        g.add_edge(u, v, key=e)
    vectors = {
        tuple(crit[[key for _, _, key in path]].sum(axis=0).tolist())
        for path in nx.all_simple_edge_paths(g, source, target)
    }
    if source == target:
        vectors = {tuple([0.0] * crit.shape[1])}

    def dominated(a: tuple[float, ...]) -> bool:
        return any(all(y <= x for x, y in zip(a, b, strict=True)) and b != a for b in vectors)

    return {a for a in vectors if not dominated(a)}


def check_paths(front: ParetoFront, indptr: np.ndarray, heads: np.ndarray, crit: np.ndarray,
                tails: np.ndarray, source: int, target: int) -> None:  # fmt: skip
    """Every returned path is a simple source-target path whose cost is its vector."""
    for cost, path in front:
        v = source
        seen = {source}
        for e in path.tolist():
            assert tails[e] == v
            v = int(heads[e])
            assert v not in seen
            seen.add(v)
        assert v == target
        np.testing.assert_allclose(crit[path].sum(axis=0), cost, atol=1e-9)


CASES = [(seed, k) for k in (2, 3, 4) for seed in range(12)]


@pytest.mark.parametrize(("seed", "k"), CASES)
def test_front_equals_brute_force(seed: int, k: int) -> None:
    n = 7 + seed % 3
    indptr, heads, crit, tails = random_network(seed * 31 + k, n, 3 * n, k)
    source, target = 0, n - 1
    expected = brute_force_front(tails, heads, crit, source, target)
    if not expected:
        with pytest.raises(NoRouteError):
            pareto_front(indptr, heads, crit, source, target)
        return
    front = pareto_front(indptr, heads, crit, source, target)
    assert not front.capped
    got = [tuple(c.tolist()) for c in front.costs]
    assert len(got) == len(set(got))  # one path per distinct vector
    assert set(got) == expected
    check_paths(front, indptr, heads, crit, tails, source, target)
    assert got == sorted(got)


@pytest.mark.parametrize("k", [2, 3, 4])
def test_many_ties_and_zero_costs(k: int) -> None:
    """Costs in {0, 1}: most paths tie; zero-cost cycles abound."""
    for seed in range(8):
        indptr, heads, crit, tails = random_network(1000 + seed, 8, 26, k, max_cost=1)
        expected = brute_force_front(tails, heads, crit, 0, 7)
        if not expected:
            continue
        front = pareto_front(indptr, heads, crit, 0, 7)
        assert {tuple(c.tolist()) for c in front.costs} == expected
        assert len(front) == len(expected)
        check_paths(front, indptr, heads, crit, tails, 0, 7)


def test_real_valued_costs_and_absent_edges() -> None:
    rng = np.random.default_rng(5)
    indptr, heads, crit, tails = random_network(77, 9, 30, 3)
    crit = crit * rng.uniform(0.5, 1.5, crit.shape)
    crit[::7, 1] = np.inf  # every 7th edge is forbidden
    usable = np.isfinite(crit).all(axis=1)
    expected = brute_force_front(tails[usable], heads[usable], crit[usable], 0, 8)
    front = pareto_front(indptr, heads, crit, 0, 8)
    assert len(front) == len(expected)
    for cost in front.costs:
        assert min(np.abs(np.array(list(expected)) - cost).max(axis=1)) < 1e-9
    check_paths(front, indptr, heads, crit, tails, 0, 8)


def test_epsilon_front_is_a_bounded_cover() -> None:
    eps = 0.1
    for seed in range(6):
        indptr, heads, crit, tails = random_network(500 + seed, 9, 30, 3, max_cost=9)
        crit = crit + 1.0  # positive costs: the (1+eps)^h bound is relative
        exact = pareto_front(indptr, heads, crit, 0, 8)
        approx = pareto_front(indptr, heads, crit, 0, 8, eps=eps)
        assert len(approx) <= len(exact)
        check_paths(approx, indptr, heads, crit, tails, 0, 8)
        for cost, path in exact:
            bound = (1.0 + eps) ** len(path)
            assert np.any(np.all(approx.costs <= cost * bound + 1e-9, axis=1))


def test_cap_sets_the_flag_and_keeps_real_paths() -> None:
    indptr, heads, crit, tails = grid_network(6, 3)
    exact = pareto_front(indptr, heads, crit, 0, 35)
    assert len(exact) > 20 and not exact.capped
    small = pareto_front(indptr, heads, crit, 0, 35, max_labels_per_vertex=2)
    assert small.capped and 1 <= len(small) <= 2
    check_paths(small, indptr, heads, crit, tails, 0, 35)
    few = pareto_front(indptr, heads, crit, 0, 35, max_labels=300)
    assert few.capped and few.n_labels <= 300 and 1 <= len(few) < len(exact)
    check_paths(few, indptr, heads, crit, tails, 0, 35)
    with pytest.raises(NoRouteError, match="max_labels=5"):
        pareto_front(indptr, heads, crit, 0, 35, max_labels=5)


def test_source_is_target_and_unreachable() -> None:
    indptr = np.array([0, 1, 1, 1])
    heads = np.array([1])
    crit = np.array([[1.0, 2.0]])
    front = pareto_front(indptr, heads, crit, 1, 1)
    assert front.costs.tolist() == [[0.0, 0.0]] and front.paths[0].size == 0
    with pytest.raises(NoRouteError, match="no path"):
        pareto_front(indptr, heads, crit, 0, 2)


def test_single_criterion_is_the_shortest_path() -> None:
    indptr, heads, crit, tails = random_network(9, 9, 30, 1, max_cost=9)
    g = nx.DiGraph()
    for e, (u, v) in enumerate(zip(tails.tolist(), heads.tolist(), strict=True)):
        if not g.has_edge(u, v) or g[u][v]["w"] > crit[e, 0]:
            g.add_edge(u, v, w=crit[e, 0])
    d = nx.single_source_dijkstra_path_length(g, 0, weight="w")
    for t in range(1, 9):
        if t in d:
            assert pareto_front(indptr, heads, crit, 0, t).costs.tolist() == [[d[t]]]


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"crit": [[1.0, -1.0]]}, "crit must be >= 0"),
        ({"crit": [[1.0, np.nan]]}, "crit must be >= 0"),
        ({"crit": [[1.0, 1.0], [1.0, 1.0]]}, "crit must have shape"),
        ({"indices": [5]}, "indices must be"),
        ({"indptr": [0, 2, 1]}, "indptr must be"),
        ({"source": 3}, "source 3 is not a vertex"),
        ({"eps": -0.1}, "eps must be"),
        ({"max_labels_per_vertex": 0}, "max_labels"),
    ],
)
def test_bad_input(kwargs: dict[str, object], match: str) -> None:
    args: dict[str, object] = {
        "indptr": [0, 1, 1],
        "indices": [1],
        "crit": [[1.0, 1.0]],
        "source": 0,
        "target": 1,
    }
    args.update(kwargs)
    with pytest.raises(InputError, match=match):
        pareto_front(**args)  # type: ignore[arg-type]


def grid_network(
    side: int, k: int, seed: int = 1
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """A side x side grid, edges right and down, with random conflicting criteria."""
    rng = np.random.default_rng(seed)
    tails, heads = [], []
    for r, c in itertools.product(range(side), range(side)):
        v = r * side + c
        if c + 1 < side:
            tails.append(v)
            heads.append(v + 1)
        if r + 1 < side:
            tails.append(v)
            heads.append(v + side)
    t = np.array(tails, dtype=np.int64)
    h = np.array(heads, dtype=np.int64)
    crit = rng.uniform(1.0, 10.0, (t.shape[0], k))
    indptr = np.cumsum(np.concatenate([[0], np.bincount(t, minlength=side * side)]))
    return indptr, h, crit, t


def test_front_is_mutually_non_dominated_on_a_grid() -> None:
    """A 6x6 grid with conflicting criteria has a large front; check it pairwise."""
    indptr, h, crit, t = grid_network(6, 3)
    front = pareto_front(indptr, h, crit, 0, 35)
    assert len(front) > 20
    check_paths(front, indptr, h, crit, t, 0, 35)
    cs = front.costs
    for i in range(len(front)):
        others = np.delete(cs, i, axis=0)
        assert not np.any(np.all(others <= cs[i], axis=1))
