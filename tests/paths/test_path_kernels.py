"""Property tests of the shortest-path kernels against scipy and against each other.

Random small graphs with parallel edges, zero-cost edges, ``inf`` (absent) edges, self loops,
unreachable vertices and several sources with starting offsets. Every answer is checked
independently: distances against ``scipy.sparse.csgraph.dijkstra`` and every traced path
re-summed edge by edge.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.sparse import csgraph

from corridor import _search as S
from corridor.paths import _kernels as K

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

INF = float("inf")
PROPERTY = settings(max_examples=150, deadline=None)

costs = st.one_of(
    st.sampled_from([0.0, INF]),
    st.integers(0, 8).map(float),
    st.floats(0.0, 100.0, allow_nan=False, allow_infinity=False),
)
offsets = st.one_of(st.sampled_from([0.0, 0.5, 2.0]), st.floats(0.0, 20.0, allow_nan=False))


class Case:
    """A CSR graph (edges sorted by tail, parallel edges kept) with sources and offsets."""

    def __init__(
        self,
        n: int,
        tails: list[int],
        heads: list[int],
        cost: list[float],
        sources: list[int],
        source_dist: list[float],
    ) -> None:
        order = np.argsort(np.asarray(tails, np.int64), kind="stable")
        self.n = n
        self.tails = np.asarray(tails, np.int64)[order]
        self.indices = np.asarray(heads, np.int64)[order]
        self.cost = np.asarray(cost, np.float64)[order]
        self.indptr = np.zeros(n + 1, np.int64)
        np.cumsum(np.bincount(self.tails, minlength=n), out=self.indptr[1:])
        self.sources = np.asarray(sources, np.int64)
        self.source_dist = np.asarray(source_dist, np.float64)

    def run(self, target: int = -1) -> tuple[FloatArray, IntArray, int]:
        dist = np.full(self.n, -7.0)  # garbage: the kernel must overwrite every entry
        pred = np.full(self.n, -7, np.int64)
        settled = K.dijkstra(
            self.indptr, self.indices, self.cost, self.sources, self.source_dist, target, dist, pred
        )
        return dist, pred, settled

    def scipy_matrix(self) -> sp.csr_matrix:
        """The graph for scipy: finite edges only, the cheapest of parallel edges.

        Built straight from CSR arrays (a coo -> csr conversion would *sum* duplicates); scipy
        treats the explicit zeros this keeps as zero-cost edges.
        """
        keep = np.isfinite(self.cost)
        t, h, c = self.tails[keep], self.indices[keep], self.cost[keep]
        order = np.lexsort((c, h, t))
        t, h, c = t[order], h[order], c[order]
        first = np.ones(t.shape[0], bool)
        first[1:] = (t[1:] != t[:-1]) | (h[1:] != h[:-1])
        t, h, c = t[first], h[first], c[first]
        indptr = np.zeros(self.n + 1, np.int64)
        np.cumsum(np.bincount(t, minlength=self.n), out=indptr[1:])
        return sp.csr_matrix((c, h, indptr), shape=(self.n, self.n))

    def reference(self) -> FloatArray:
        """min over sources of (offset + scipy distance from that source)."""
        d = csgraph.dijkstra(self.scipy_matrix(), directed=True, indices=self.sources)
        out: FloatArray = (d + self.source_dist[:, None]).min(axis=0)
        return out


@st.composite
def cases(draw: st.DrawFn, max_n: int = 30) -> Case:
    n = draw(st.integers(1, max_n))
    vertex = st.integers(0, n - 1)
    m = draw(st.integers(0, 4 * n))
    tails = draw(st.lists(vertex, min_size=m, max_size=m))
    heads = draw(st.lists(vertex, min_size=m, max_size=m))
    cost = draw(st.lists(costs, min_size=m, max_size=m))
    if m:  # parallel copies of some edges with other costs (rail and road between two places)
        for i in draw(st.lists(st.integers(0, m - 1), max_size=4)):
            tails.append(tails[i])
            heads.append(heads[i])
            cost.append(draw(costs))
    k = draw(st.integers(1, 3))
    sources = draw(st.lists(vertex, min_size=k, max_size=k))  # may repeat a vertex
    source_dist = draw(st.lists(offsets, min_size=k, max_size=k))
    return Case(n, tails, heads, cost, sources, source_dist)


def path_cost(case: Case, pred: IntArray, v: int) -> tuple[float, int]:
    """Re-sum the path that ends at v: (cost of its edges + offset of its source, length)."""
    total = 0.0
    hops = 0
    while pred[v] >= 0:
        e = int(pred[v])
        assert case.indices[e] == v, "pred edge must end at the vertex"
        total += float(case.cost[e])
        v = int(case.tails[e])
        hops += 1
        assert hops <= case.n, "pred chain has a cycle"
    start = case.source_dist[case.sources == v]
    assert start.shape[0] > 0, "a path must start at a source"
    return total + float(start.min()), hops


def assert_paths(case: Case, dist: FloatArray, pred: IntArray, vertices: range | list[int]) -> None:
    for v in vertices:
        if np.isinf(dist[v]):
            assert pred[v] == -1
            continue
        total, _ = path_cost(case, pred, v)
        np.testing.assert_allclose(total, dist[v], rtol=1e-12, atol=1e-12)


def reverse_distances(case: Case, target: int) -> FloatArray:
    """Least cost from every vertex to ``target`` (an exact, consistent A* bound)."""
    d: FloatArray = csgraph.dijkstra(case.scipy_matrix().T.tocsr(), directed=True, indices=target)
    return d


# --------------------------------------------------------------------------------------


@PROPERTY
@given(cases())
def test_one_to_all_matches_scipy(case: Case) -> None:
    dist, pred, settled = case.run()
    want = case.reference()
    np.testing.assert_allclose(dist, want, rtol=1e-12, atol=1e-12)
    assert settled == int(np.isfinite(want).sum())
    assert_paths(case, dist, pred, range(case.n))


@PROPERTY
@given(cases(), st.data())
def test_early_exit_gives_the_target_distance(case: Case, data: st.DataObject) -> None:
    full, _, settled_all = case.run()
    target = data.draw(st.integers(0, case.n - 1))
    dist, pred, settled = case.run(target)
    assert dist[target] == full[target]
    assert settled <= settled_all
    assert_paths(case, dist, pred, [target])


@PROPERTY
@given(cases(), st.data())
def test_astar_equals_dijkstra(case: Case, data: st.DataObject) -> None:
    full, _, _ = case.run()
    target = data.draw(st.integers(0, case.n - 1))
    exact = reverse_distances(case, target)
    kind = data.draw(st.sampled_from(["zero", "scaled", "inconsistent"]))
    finite = np.where(np.isinf(exact), 0.0, exact)
    if kind == "zero":
        lower = np.zeros(case.n)
    elif kind == "scaled":  # alpha x exact: consistent
        lower = finite * data.draw(st.floats(0.0, 1.0))
    else:  # admissible but not consistent: a vertex may be reopened
        factors = data.draw(st.lists(st.floats(0.0, 1.0), min_size=case.n, max_size=case.n))
        lower = finite * np.asarray(factors)
    if data.draw(st.booleans()):
        lower[np.isinf(exact)] = INF  # allowed where the target is unreachable
    dist = np.full(case.n, -7.0)
    pred = np.full(case.n, -7, np.int64)
    K.astar(
        case.indptr,
        case.indices,
        case.cost,
        case.sources,
        case.source_dist,
        target,
        lower,
        dist,
        pred,
    )
    np.testing.assert_allclose(dist[target], full[target], rtol=1e-12, atol=1e-12)
    assert_paths(case, dist, pred, [target])


@settings(max_examples=60, deadline=None)
@given(cases(), st.data())
def test_workspace_variants_equal_the_plain_kernels(case: Case, data: st.DataObject) -> None:
    full, full_pred, settled = case.run()
    ws = S.workspace(case.n)
    ws[0].fill(np.nan)  # stale workspace contents must not matter
    ws[1].fill(-5)
    ws[2].fill(3)
    dist = np.empty(case.n)
    pred = np.empty(case.n, np.int64)
    for indptr, indices in (
        (case.indptr, case.indices),
        (case.indptr.astype(np.int32), case.indices.astype(np.int32)),
    ):
        got = K.dijkstra_ws(
            indptr, indices, case.cost, case.sources, case.source_dist, -1, dist, pred, *ws
        )
        assert got == settled
        np.testing.assert_array_equal(dist, full)
        np.testing.assert_array_equal(pred, full_pred)
    target = data.draw(st.integers(0, case.n - 1))
    K.astar_ws(
        case.indptr, case.indices, case.cost, case.sources, case.source_dist, target,
        np.zeros(case.n), dist, pred, *ws,
    )  # fmt: skip
    assert dist[target] == full[target]


def test_large_graph_uses_the_int32_path_and_matches_scipy() -> None:
    # > 65,536 edges: dijkstra scans an int32 copy for one-to-all searches.
    rng = np.random.default_rng(7)
    n, m = 20_000, 80_000
    tails = rng.integers(0, n, m).tolist()
    heads = rng.integers(0, n, m).tolist()
    cost = rng.uniform(0.0, 5.0, m)
    cost[rng.random(m) < 0.05] = 0.0
    cost[rng.random(m) < 0.05] = INF
    case = Case(n, tails, heads, cost.tolist(), [0, 5, 5], [1.0, 0.0, 2.0])
    dist, pred, _ = case.run()
    np.testing.assert_allclose(dist, case.reference(), rtol=1e-12, atol=1e-12)
    reached = np.flatnonzero(np.isfinite(dist))
    assert_paths(case, dist, pred, reached[:: max(1, reached.shape[0] // 500)].tolist())
    one, _, _ = case.run(int(reached[-1]))
    assert one[reached[-1]] == dist[reached[-1]]


def test_trace_edges_walks_pred_back_to_the_source() -> None:
    # 0 -> 1 -> 2 with a parallel, dearer 0 -> 1 edge: the cheap one must be on the path.
    case = Case(3, [0, 0, 1], [1, 1, 2], [5.0, 1.0, 2.0], [0], [0.0])
    dist, pred, _ = case.run()
    assert dist.tolist() == [0.0, 1.0, 3.0]
    out = np.empty(3, np.int64)
    k = K.trace_edges(pred, K.edge_tails(case.indptr), 2, out)
    assert case.cost[out[:k]].tolist() == [2.0, 1.0]  # reversed: last edge first


# --------------------------------------------------------------------------------------
# sp_tree: one source, blocked vertices, settling order


def rooted(case: Case, source: int, blocked: npt.NDArray[np.bool_]) -> Case:
    """The graph ``sp_tree`` must search: one source, no edges out of blocked non-sources."""
    cut = blocked[case.tails] & (case.tails != source)
    cost = np.where(cut, INF, case.cost)
    return Case(case.n, case.tails.tolist(), case.indices.tolist(), cost.tolist(), [source], [0.0])


def run_tree(
    case: Case, source: int, blocked: npt.NDArray[np.bool_]
) -> tuple[FloatArray, IntArray, IntArray, int]:
    dist = np.full(case.n, -7.0)  # garbage everywhere: the kernel must not rely on it
    pred = np.full(case.n, -7, np.int64)
    order = np.full(case.n, -7, np.int64)
    keys, items, where = S.workspace(case.n)
    keys.fill(np.nan)
    items.fill(-5)
    where.fill(3)
    k = S.sp_tree(
        case.indptr, case.indices, case.cost, source, blocked, dist, pred, order, keys, items, where
    )
    return dist, pred, order, int(k)


def assert_tree(
    case: Case,
    source: int,
    blocked: npt.NDArray[np.bool_],
    got: tuple[FloatArray, IntArray, IntArray, int],
) -> None:
    """``got`` is the shortest-path tree of ``source`` in ``rooted(case, source, blocked)``."""
    dist, pred, order, k = got
    ref = rooted(case, source, blocked)
    want = ref.reference()
    np.testing.assert_allclose(dist, want, rtol=1e-12, atol=1e-12)
    reached = np.flatnonzero(np.isfinite(want))
    assert k == reached.shape[0]
    assert order[0] == source
    assert sorted(order[:k].tolist()) == reached.tolist()  # each reached vertex once
    assert np.all(np.diff(dist[order[:k]]) >= 0.0)  # settled by non-decreasing label
    # re-summed on the graph without edges out of blocked vertices: no path goes through one
    assert_paths(ref, dist, pred, range(case.n))
    # every vertex comes after its tree predecessor (aon walks order backwards)
    rank = np.full(case.n, -1)
    rank[order[:k]] = np.arange(k)
    for v in order[1:k]:
        assert rank[case.tails[pred[v]]] < rank[v]
        assert not blocked[case.tails[pred[v]]] or case.tails[pred[v]] == source


@PROPERTY
@given(cases(), st.data())
def test_sp_tree_matches_scipy_and_dijkstra(case: Case, data: st.DataObject) -> None:
    source = data.draw(st.integers(0, case.n - 1))
    blocked = np.zeros(case.n, np.bool_)
    got = run_tree(case, source, blocked)
    assert_tree(case, source, blocked, got)
    # nothing blocked: the same search as dijkstra from that source, predecessors included
    dist = np.empty(case.n)
    pred = np.empty(case.n, np.int64)
    settled = K.dijkstra(
        case.indptr, case.indices, case.cost, np.array([source]), np.zeros(1), -1, dist, pred
    )
    assert got[3] == settled
    np.testing.assert_array_equal(got[0], dist)
    np.testing.assert_array_equal(got[1], pred)


@PROPERTY
@given(cases(), st.data())
def test_sp_tree_does_not_expand_blocked_vertices(case: Case, data: st.DataObject) -> None:
    source = data.draw(st.integers(0, case.n - 1))
    flags = data.draw(st.lists(st.booleans(), min_size=case.n, max_size=case.n))
    blocked = np.asarray(flags, np.bool_)
    assert_tree(case, source, blocked, run_tree(case, source, blocked))


def test_sp_tree_blocked_zone_ends_paths_but_the_source_zone_starts_them() -> None:
    # 0 -> 1 -> 2 costs 1 + 1; 0 -> 2 costs 5. Vertex 1 is a zone: it is reached (cost 1)
    # but the path to 2 may not pass through it. Vertex 0 is a zone too, yet it is the source.
    case = Case(3, [0, 0, 1], [1, 2, 2], [1.0, 5.0, 1.0], [0], [0.0])
    blocked = np.array([True, True, False])
    dist, pred, order, k = run_tree(case, 0, blocked)
    assert dist.tolist() == [0.0, 1.0, 5.0]
    assert pred.tolist() == [-1, 0, 1]
    assert (k, order.tolist()) == (3, [0, 1, 2])
    # from 1 (now the source) the short way is open again; 0 is unreachable
    dist, pred, order, k = run_tree(case, 1, blocked)
    assert dist.tolist() == [INF, 0.0, 1.0]
    assert (k, order[:k].tolist()) == (2, [1, 2])


def test_sp_tree_on_a_large_graph_matches_scipy() -> None:
    rng = np.random.default_rng(11)
    n, m = 5_000, 20_000
    tails = rng.integers(0, n, m).tolist()
    heads = rng.integers(0, n, m).tolist()
    cost = rng.integers(0, 6, m).astype(np.float64)  # many ties and zero-cost edges
    case = Case(n, tails, heads, cost.tolist(), [0], [0.0])
    blocked = rng.random(n) < 0.1
    for source in (0, int(np.flatnonzero(blocked)[0])):
        assert_tree(case, source, blocked, run_tree(case, source, blocked))


# --------------------------------------------------------------------------------------
# tree_update: a tree at other costs, repaired (gradient projection's column generation)


def run_update(
    case: Case, source: int, blocked: npt.NDArray[np.bool_], pred: IntArray
) -> tuple[FloatArray, IntArray, int]:
    """``tree_update`` of ``pred`` (left as it was) at ``case.cost``: dist, pred, pops."""
    dist = np.full(case.n, -7.0)  # garbage: the kernel must overwrite every entry
    pred = pred.copy()
    keys, items, where = S.workspace(case.n)
    keys.fill(np.nan)
    where.fill(3)
    stack = np.full(case.n, -5, np.int64)
    pops = S.tree_update(
        case.indptr,
        case.indices,
        case.tails,
        case.cost,
        source,
        blocked,
        dist,
        pred,
        keys,
        items,
        where,
        stack,
    )
    return dist, pred, int(pops)


def recosted(case: Case, cost: list[float]) -> Case:
    """The same graph (same edge ids) at other costs."""
    return Case(case.n, case.tails.tolist(), case.indices.tolist(), cost, [0], [0.0])


def assert_updated(
    case: Case, source: int, blocked: npt.NDArray[np.bool_], got: tuple[FloatArray, IntArray, int]
) -> None:
    """``got`` holds the shortest distances of ``source`` at ``case.cost`` and a tree that
    attains them without passing through a blocked vertex."""
    dist, pred, _ = got
    ref = rooted(case, source, blocked)
    np.testing.assert_allclose(dist, ref.reference(), rtol=1e-12, atol=1e-12)
    assert_paths(ref, dist, pred, range(case.n))
    for v in range(case.n):
        if pred[v] >= 0:
            tail = case.tails[pred[v]]
            assert not blocked[tail] or tail == source


@PROPERTY
@given(cases(), st.data())
def test_tree_update_repairs_a_tree_to_the_new_costs(case: Case, data: st.DataObject) -> None:
    """From the shortest-path tree at one cost vector, the exact tree at another (costs
    up, down, to or from inf), with and without blocked vertices."""
    source = data.draw(st.integers(0, case.n - 1))
    flags = data.draw(st.lists(st.booleans(), min_size=case.n, max_size=case.n))
    blocked = np.asarray(flags, np.bool_)
    m = case.cost.shape[0]
    new = recosted(case, data.draw(st.lists(costs, min_size=m, max_size=m)))
    _, old_pred, _, _ = run_tree(case, source, blocked)
    assert_updated(new, source, blocked, run_update(new, source, blocked, old_pred))


@PROPERTY
@given(cases(), st.data())
def test_tree_update_of_a_shortest_tree_pops_nothing(case: Case, data: st.DataObject) -> None:
    """At the costs it was grown at, a tree is kept as it is: same distances, no heap work."""
    source = data.draw(st.integers(0, case.n - 1))
    blocked = np.zeros(case.n, np.bool_)
    dist, pred, _, _ = run_tree(case, source, blocked)
    got = run_update(case, source, blocked, pred)
    np.testing.assert_array_equal(got[0], dist)
    np.testing.assert_array_equal(got[1], pred)
    assert got[2] == 0


def test_tree_update_on_a_large_graph_matches_scipy() -> None:
    """Many ties and zero-cost edges; every edge's cost changes by up to +-50%, as between
    two iterations of an equilibrium, and a few edges by much more."""
    rng = np.random.default_rng(12)
    n, m = 5_000, 20_000
    tails = rng.integers(0, n, m).tolist()
    heads = rng.integers(0, n, m).tolist()
    cost = rng.integers(0, 6, m).astype(np.float64)
    case = Case(n, tails, heads, cost.tolist(), [0], [0.0])
    blocked = rng.random(n) < 0.1
    new_cost = case.cost * rng.uniform(0.5, 1.5, m)
    new_cost[rng.integers(0, m, 50)] *= 20.0
    new = recosted(case, new_cost.tolist())
    for source in (0, int(np.flatnonzero(blocked)[0])):
        _, old_pred, _, _ = run_tree(case, source, blocked)
        got = run_update(new, source, blocked, old_pred)
        assert_updated(new, source, blocked, got)
        assert 0 < got[2] < 3 * n
