"""Gradient projection's path set is one structure (issue 13 item 11): the kernels take a
:class:`PathSet` and an :class:`OdPairs`, grow the set when it is full, and reach the
equilibrium of a network solved by hand."""

from __future__ import annotations

import inspect

import numpy as np
import pytest

from corridor.assign import _kernels as K


def _two_routes() -> tuple[np.ndarray, ...]:
    """Vertices 0 -> 1 over two parallel edges (BPR t = t0 (1 + 0.15 (x / c)^4)) and on
    to 2 over a free third edge; origin 0, destinations 1 and 2."""
    indptr = np.array([0, 2, 3, 3], np.int64)
    indices = np.array([1, 1, 2], np.int64)
    tails = np.array([0, 0, 1], np.int64)
    params = np.array([[10.0, 0.15, 100.0, 4.0], [15.0, 0.15, 100.0, 4.0], [1.0, 0.0, 1.0, 1.0]])
    return indptr, indices, tails, params


def _solve(paths: K.PathSet, sweeps: int = 200) -> tuple[K.PathSet, np.ndarray, np.ndarray]:
    indptr, indices, tails, params = _two_routes()
    od = K.OdPairs(
        np.array([0], np.int64),
        np.array([0, 2], np.int64),
        np.array([1, 2], np.int64),
        np.array([150.0, 50.0]),
    )
    blocked = np.zeros(3, np.bool_)
    fixed = np.zeros(3)
    flow, cost, deriv = np.zeros(3), np.zeros(3), np.zeros(3)
    K.costs_and_derivatives(K.VDF_BPR, params, fixed, flow, cost, deriv)
    trees = np.empty((1, 3), paths.pool.dtype)  # the origin's tree, repaired pass to pass
    vdf = (K.VDF_BPR, params, fixed)
    for i in range(sweeps):
        _, grown, _ = K.gp_columns(
            (indptr, indices, tails, blocked), cost, od, flow, paths, 1e-12, vdf, trees, i > 0
        )
        paths = K.PathSet(*grown)  # the kernel returns a plain tuple (compiled kernels box no
        # named tuples)
        K.gp_link_flows(paths, flow)
        K.costs_and_derivatives(K.VDF_BPR, params, fixed, flow, cost, deriv)
        K.gp_shift(K.VDF_BPR, params, fixed, flow, cost, deriv, paths)
    K.gp_link_flows(paths, flow)
    K.costs_and_derivatives(K.VDF_BPR, params, fixed, flow, cost, deriv)
    return paths, flow, cost


def test_gp_kernels_take_the_path_set_as_one_structure() -> None:
    for name, most in (("gp_columns", 9), ("gp_shift", 7), ("gp_link_flows", 2)):
        fn = getattr(K, name)
        params = inspect.signature(getattr(fn, "py_func", fn)).parameters
        assert "paths" in params and len(params) <= most, (name, list(params))
    assert K.PathSet._fields == (
        "od_head", "next_path", "flow", "start", "length", "pool", "counters"
    )  # fmt: skip


def test_gp_reaches_the_hand_solved_equilibrium() -> None:
    """200 TEU from 0 to 1 (150) and to 2 (50, over 1): at equilibrium both parallel edges
    cost the same; solved by bisection on x1 + x2 = 200."""
    paths, flow, cost = _solve(K.new_path_set(2))
    lo, hi = 0.0, 200.0
    for _ in range(200):
        x1 = (lo + hi) / 2
        t1 = 10 * (1 + 0.15 * (x1 / 100) ** 4)
        t2 = 15 * (1 + 0.15 * ((200 - x1) / 100) ** 4)
        lo, hi = (x1, hi) if t1 < t2 else (lo, x1)
    assert flow[0] == pytest.approx(x1, rel=1e-6)
    assert flow[1] == pytest.approx(200 - x1, rel=1e-5)
    assert flow[2] == pytest.approx(50.0)
    assert cost[0] == pytest.approx(cost[1], rel=1e-6)
    # each OD pair uses both parallel edges: two paths per pair
    for od in range(2):
        n, p = 0, paths.od_head[od]
        while p != -1:
            n, p = n + 1, paths.next_path[p]
        assert n == 2


def test_a_full_path_set_grows_and_keeps_its_paths() -> None:
    """A path set with room for one path and a two-slot pool: the kernels return a grown
    set (new arrays), with the same answer as a roomy one."""
    tiny = K.PathSet(
        np.full(2, -1, np.int64),
        np.full(1, -1, np.int64),
        np.zeros(1),
        np.zeros(1, np.int64),
        np.zeros(1, np.int64),
        np.empty(2, np.int64),
        np.array([0, 0, -1], np.int64),
    )
    grown, flow, _ = _solve(tiny, sweeps=50)
    _, flow2, _ = _solve(K.new_path_set(2), sweeps=50)
    assert grown.next_path.shape[0] > 1 and grown.pool.shape[0] > 2
    assert grown.counters[K.PATHS_MADE] >= 4
    np.testing.assert_allclose(flow, flow2, rtol=1e-12)


def test_compaction_moves_live_paths_in_place_and_keeps_their_edges() -> None:
    """Freed paths leave garbage in the pool; compaction moves the live paths to the front
    in place while they fill at most 3/4 of it (no second pool), else into a larger new
    pool; every live path keeps its edge ids."""
    pool = np.arange(100, dtype=np.int16)
    od_head = np.array([3, 0], np.int64)  # pair 0: paths 3 -> 1; pair 1: path 0
    path_next = np.array([-1, -1, -1, 1], np.int32)
    start = np.array([60, 20, 0, 40], np.int64)  # path 2 is freed (garbage at 0..9)
    length = np.array([5, 7, 10, 3], np.int32)
    before = {p: pool[start[p] : start[p] + length[p]].tolist() for p in (0, 1, 3)}
    same, used = K._compact(pool, od_head, path_next, start, length, 10)
    assert same is pool and used == 15  # in place: 15 live slots at the front
    for p, edges in before.items():
        assert same[start[p] : start[p] + length[p]].tolist() == edges
    assert sorted(start[[0, 1, 3]].tolist()) == [0, 7, 10]
    grown, used = K._compact(same, od_head, path_next, start, length, 80)
    assert grown is not same and grown.dtype == np.int16 and grown.shape[0] >= 95
    for p, edges in before.items():
        assert grown[start[p] : start[p] + length[p]].tolist() == edges


def test_the_pool_is_the_narrowest_integer_the_edge_ids_fit() -> None:
    assert K.new_path_set(1, 32_768).pool.dtype == np.int16
    assert K.new_path_set(1, 32_769).pool.dtype == np.int32
