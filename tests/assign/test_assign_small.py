"""Assignment on networks small enough to solve on paper (two routes, Braess), and the
API's checks. Every algorithm must reach the hand-computed equilibrium."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import integrate

from corridor.assign import (
    ALGORITHMS,
    VDFS,
    Iteration,
    NotConvergedError,
    assign,
    assign_links,
    csr_from_links,
    demand_from_matrix,
    demand_from_pairs,
    edge_costs,
    get_vdf,
)
from corridor.errors import InputError

EQUILIBRIUM = ["fw", "cfw", "bfw", "gp"]


def linear(t0: list[float], slope: list[float], fixed: list[float] | None = None):  # type: ignore[no-untyped-def]
    """Edge costs ``t0 + slope * x`` written as BPR with beta 1 and capacity 1."""
    t = np.asarray(t0, float)
    a = np.divide(slope, t, out=np.zeros_like(t), where=t > 0)
    n = t.size
    return edge_costs(t, np.ones(n), a, np.ones(n), fixed_cost=fixed)


def two_routes(fixed: list[float] | None = None):  # type: ignore[no-untyped-def]
    # vertex 0 -> 1 by two parallel edges: 10 + x and 15 + 2x, demand 20
    return [0, 2, 2], [1, 1], linear([10.0, 15.0], [1.0, 2.0], fixed)


@pytest.mark.parametrize("algorithm", EQUILIBRIUM)
def test_two_routes(algorithm: str) -> None:
    indptr, indices, costs = two_routes()
    d = demand_from_pairs([0], [1], [20.0], n_vertices=2)
    r = assign(indptr, indices, costs, d, algorithm=algorithm, gap=1e-12, max_iter=200)
    # 10 + x0 = 15 + 2 (20 - x0)  =>  x0 = 15, both cost 25
    assert r.flows == pytest.approx([15.0, 5.0], abs=1e-8)
    assert r.costs == pytest.approx([25.0, 25.0], abs=1e-8)
    assert r.gap <= 1e-12 and r.converged
    # Beckmann: int_0^15 (10 + v) dv + int_0^5 (15 + 2v) dv = 262.5 + 100
    assert r.objective == pytest.approx(362.5, abs=1e-6)


def test_toll_moves_flow() -> None:
    indptr, indices, costs = two_routes(fixed=[3.0, 0.0])
    d = demand_from_pairs([0], [1], [20.0], n_vertices=2)
    r = assign(indptr, indices, costs, d, gap=1e-12)
    # 13 + x0 = 15 + 2 (20 - x0)  =>  x0 = 14
    assert r.flows == pytest.approx([14.0, 6.0], abs=1e-8)
    assert r.costs == pytest.approx([27.0, 27.0], abs=1e-8)


def braess(with_bridge: bool):  # type: ignore[no-untyped-def]
    # s=0, a=1, b=2, t=3; s-a and b-t cost 1 + 10x, a-t and s-b cost 50 + x, a-b 10 + x
    tail = [0, 0, 1, 2] + ([1] if with_bridge else [])
    head = [1, 2, 3, 3] + ([2] if with_bridge else [])
    t0 = [1.0, 50.0, 50.0, 1.0] + ([10.0] if with_bridge else [])
    slope = [10.0, 1.0, 1.0, 10.0] + ([1.0] if with_bridge else [])
    return tail, head, linear(t0, slope)


@pytest.mark.parametrize("algorithm", EQUILIBRIUM)
def test_braess(algorithm: str) -> None:
    d = demand_from_pairs([0], [3], [6.0], n_vertices=4)
    tail, head, costs = braess(with_bridge=True)
    r = assign_links(tail, head, 4, costs, d, algorithm=algorithm, gap=1e-10, max_iter=20000)
    # by symmetry f(s-a-t) = f(s-b-t) = f, f(s-a-b-t) = 6 - 2f; 111 - 9f = 138 - 22f
    f = 27 / 13
    expected = [6 - f, f, f, 6 - f, 6 - 2 * f]  # s-a, s-b, a-t, b-t, a-b
    tol = 1e-8 if algorithm == "gp" else 1e-4
    assert r.flows == pytest.approx(expected, abs=tol)
    route_cost = r.costs[0] + r.costs[2]
    assert route_cost == pytest.approx(1200 / 13, abs=tol)
    tail0, head0, costs0 = braess(with_bridge=False)
    r0 = assign_links(tail0, head0, 4, costs0, d, algorithm=algorithm, gap=1e-10)
    assert r0.flows == pytest.approx([3, 3, 3, 3], abs=tol)
    assert r0.costs[0] + r0.costs[2] == pytest.approx(84.0, abs=tol)  # the paradox: 84 < 92.3


def test_aon_loads_shortest_paths() -> None:
    tail, head, costs = braess(with_bridge=True)
    d = demand_from_pairs([0, 1], [3, 3], [6.0, 2.0], n_vertices=4)
    r = assign_links(tail, head, 4, costs, d, algorithm="aon")
    # free flow: s-a-b-t costs 12, s-a-t 51; from a: a-b-t 11 < a-t 50
    assert r.flows.tolist() == [6.0, 0.0, 0.0, 8.0, 8.0]
    assert r.iterations == 0 and 0 < r.gap < 1


def test_no_through_vertices_are_not_passed() -> None:
    # zones 0, 1, 3; vertex 2 is a plain node. 0-3-1 is cheapest but 3 is a zone.
    tail = [0, 0, 2, 0, 3]
    head = [1, 2, 1, 3, 1]
    costs = linear([10.0, 3.0, 3.0, 1.0, 1.0], [0.0] * 5)
    d = demand_from_pairs([0, 3], [1, 1], [5.0, 1.0], n_vertices=4)
    blocked = np.array([True, True, False, True])
    r = assign_links(tail, head, 4, costs, d, no_through=blocked, gap=1e-12)
    assert r.flows.tolist() == [0.0, 5.0, 5.0, 0.0, 1.0]  # 3 still starts its own trip
    free = assign_links(tail, head, 4, costs, d, gap=1e-12)
    assert free.flows.tolist() == [0.0, 0.0, 0.0, 5.0, 6.0]


def test_parallel_links_keep_their_order() -> None:
    tail = [1, 0, 0]
    head = [0, 1, 1]
    indptr, indices, order = csr_from_links(tail, head, 2)
    assert indptr.tolist() == [0, 2, 3] and order.tolist() == [1, 2, 0]
    assert indices.tolist() == [1, 1, 0]
    costs = linear([1.0, 10.0, 15.0], [0.0, 1.0, 2.0])
    d = demand_from_pairs([0], [1], [20.0], n_vertices=2)
    r = assign_links(tail, head, 2, costs, d, gap=1e-12)
    assert r.flows == pytest.approx([0.0, 15.0, 5.0], abs=1e-8)


def test_convergence_history_and_stops() -> None:
    tail, head, costs = braess(with_bridge=True)
    d = demand_from_pairs([0], [3], [6.0], n_vertices=4)
    seen: list[Iteration] = []
    r = assign_links(
        tail, head, 4, costs, d, algorithm="fw", gap=0.0, max_iter=7, progress=seen.append
    )
    table = r.convergence
    assert list(table.columns) == ["iteration", "gap", "step", "objective", "seconds"]
    assert table["iteration"].tolist() == list(range(8)) == [s.iteration for s in seen]
    assert r.iterations == 7 and not r.converged
    assert r.gap == table["gap"].iloc[-1] and r.objective == table["objective"].iloc[-1]
    assert (np.diff(table["objective"]) <= 1e-9).all()  # FW with exact line search descends
    assert ((table["step"] >= 0) & (table["step"] <= 1)).all()
    with pytest.raises(NotConvergedError, match="fw reached relative gap"):
        assign_links(tail, head, 4, costs, d, algorithm="fw", gap=1e-12, max_iter=3, strict=True)
    quick = assign_links(tail, head, 4, costs, d, algorithm="fw", gap=0.0, time_limit_s=0.0)
    assert quick.iterations == 0
    js = r.to_dict()
    assert list(js) == [
        "algorithm",
        "gap",
        "iterations",
        "seconds",
        "objective",
        "links",
        "dropped_pairs",
        "dropped_demand",
    ]
    assert js["links"] == 5 and js["algorithm"] == "fw"
    frame = r.to_frame()
    assert frame.columns.tolist() == ["edge", "flow", "cost"]


def test_input_errors() -> None:
    indptr, indices, costs = two_routes()
    d = demand_from_pairs([0], [1], [20.0], n_vertices=2)
    with pytest.raises(InputError, match=r"unknown algorithm 'tapaz'; choose from \['aon', 'bfw'"):
        assign(indptr, indices, costs, d, algorithm="tapaz")
    with pytest.raises(InputError, match="indptr must start at 0"):
        assign([0, 3, 2], indices, costs, d)
    with pytest.raises(InputError, match=r"indices out of range 0\.\.1; bad edges: \[1\]"):
        assign(indptr, [1, 5], costs, d)
    with pytest.raises(InputError, match="demand is for 3 vertices, the graph has 2"):
        assign(indptr, indices, costs, demand_from_pairs([0], [1], [1.0], n_vertices=3))
    back = demand_from_pairs([1], [0], [1.0], n_vertices=2)
    for algorithm in ALGORITHMS:
        with pytest.raises(InputError, match=r"demand from vertex 1 cannot reach vertices \[0\]"):
            assign(indptr, indices, costs, back, algorithm=algorithm)


def test_demand_checks() -> None:
    d = demand_from_pairs([2, 0, 0, 1, 1], [0, 1, 1, 1, 0], [1.0, 2.0, 3.0, 4.0, 0.0], 3)
    assert (d.orig.tolist(), d.dest.tolist(), d.flow.tolist()) == ([0, 2], [1, 0], [5.0, 1.0])
    assert d.origins.tolist() == [0, 2] and d.origin_ptr.tolist() == [0, 1, 2]
    m = demand_from_matrix([[7.0, 1.0], [2.0, 0.0]], [4, 1], n_vertices=5)
    assert (m.orig.tolist(), m.dest.tolist(), m.flow.tolist()) == ([1, 4], [4, 1], [2.0, 1.0])
    with pytest.raises(InputError, match=r"demand dest out of range 0\.\.2; bad rows: \[0\]"):
        demand_from_pairs([0], [3], [1.0], 3)
    with pytest.raises(InputError, match=r"demand flow must be finite and >= 0; bad rows: \[1\]"):
        demand_from_pairs([0, 0], [1, 2], [1.0, -1.0], 3)
    with pytest.raises(InputError, match="demand arrays differ in length"):
        demand_from_pairs([0], [1, 2], [1.0], 3)
    with pytest.raises(InputError, match=r"demand matrix must be 2x2"):
        demand_from_matrix(np.ones((3, 3)), [0, 1], 3)


def test_vdf_registry_and_checks() -> None:
    assert sorted(VDFS) == ["bpr", "conical"]
    with pytest.raises(InputError, match=r"unknown vdf 'bpx'; choose from \['bpr', 'conical'\]"):
        get_vdf("bpx")
    one = np.ones(2)
    with pytest.raises(InputError, match=r"capacity must be > 0 where alpha > 0; bad edges: \[1\]"):
        edge_costs(one, np.array([1.0, 0.0]), one, one)
    with pytest.raises(InputError, match="edge parameter alpha has 1 values"):
        edge_costs(one, one, np.ones(1), one)
    with pytest.raises(InputError, match=r"conical alpha must be > 1; bad edges: \[0\]"):
        edge_costs(one, one, np.array([1.0, 4.0]), one, vdf="conical")
    with pytest.raises(InputError, match=r"free_flow_time must be >= 0; bad edges: \[0, 1\]"):
        edge_costs(-one, one, one, one)


@pytest.mark.parametrize(
    ("vdf", "t0", "cap", "alpha", "beta"),
    [
        ("bpr", 6.0, 25900.2, 0.15, 4.0),
        ("bpr", 1.2, 1.0, 1.148e-11, 3.5038),
        ("bpr", 2.5, 1.0, 0.0, 0.0),
        ("bpr", 2.0, 10.0, 0.5, 0.0),
        ("bpr", 3.0, 100.0, 0.2, 1.0),
        ("conical", 4.0, 1000.0, 4.0, 0.0),
        ("conical", 1.0, 50.0, 1.5, 0.0),
    ],
)
def test_vdf_values_derivatives_integrals(
    vdf: str, t0: float, cap: float, alpha: float, beta: float
) -> None:
    c = edge_costs([t0], [cap], [alpha], [beta], fixed_cost=[0.25], vdf=vdf)
    xs = np.array([0.0, 0.3, 1.0, 1.7]) * (cap if cap > 1 else 1500.0)
    for x in xs:
        r = x / cap
        if vdf == "bpr":
            expected = t0 * (1 + alpha * r**beta) if beta > 0 else t0 * (1 + alpha)
        else:
            b = (2 * alpha - 1) / (2 * alpha - 2)
            u = alpha * (1 - r)
            expected = t0 * (2 + np.sqrt(u * u + b * b) - u - b)
        flow = np.array([x])
        assert c.cost(flow)[0] == pytest.approx(0.25 + expected, rel=1e-12)
        h = 1e-4 * max(x, 1.0)
        if x > h:
            fd = (c.cost(flow + h)[0] - c.cost(flow - h)[0]) / (2 * h)
            assert c.derivative(flow)[0] == pytest.approx(fd, rel=1e-5, abs=1e-12)
        quad, _ = integrate.quad(lambda v: c.cost(np.array([v]))[0], 0.0, x, epsabs=1e-12)
        assert c.integral(flow)[0] == pytest.approx(quad, rel=1e-9, abs=1e-12)
    if vdf == "conical":  # conical passes through t0 at zero flow and 2 t0 at capacity
        assert c.cost(np.array([cap]))[0] == pytest.approx(0.25 + 2 * t0)
    with pytest.raises(InputError, match="flow has 2 values, there are 1 edges"):
        c.cost(np.zeros(2))
        assert c.cost(np.array([0.0]))[0] == pytest.approx(0.25 + t0)


def test_conical_equilibrium() -> None:
    # two conical edges, equal parameters but the second twice the capacity: at equilibrium
    # the volume/capacity ratios are equal, so flows split 1:2
    costs = edge_costs([5.0, 5.0], [100.0, 200.0], [4.0, 4.0], [0.0, 0.0], vdf="conical")
    d = demand_from_pairs([0], [1], [240.0], n_vertices=2)
    r = assign([0, 2, 2], [1, 1], costs, d, gap=1e-13)
    assert r.flows == pytest.approx([80.0, 160.0], abs=1e-7)


def grid(side: int, seed: int):  # type: ignore[no-untyped-def]
    """A congested two-way grid with seeded BPR parameters (every cost strictly increasing)."""
    rng = np.random.default_rng(seed)
    tail, head = [], []
    for r in range(side):
        for c in range(side):
            v = r * side + c
            for dr, dc in ((0, 1), (1, 0)):
                if r + dr < side and c + dc < side:
                    w = (r + dr) * side + c + dc
                    tail += [v, w]
                    head += [w, v]
    m = len(tail)
    costs = edge_costs(
        rng.uniform(1.0, 3.0, m), rng.uniform(50.0, 150.0, m), np.full(m, 0.15), np.full(m, 4.0)
    )
    return np.array(tail), np.array(head), costs


def test_gp_on_a_congested_grid_matches_scipy_gap_and_bfw() -> None:
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import dijkstra

    side = 14
    n = side * side
    tail, head, costs = grid(side, seed=7)
    corners = [0, side - 1, n - side, n - 1, side // 2, n - side // 2]
    o, d = np.meshgrid(corners, corners)
    demand = demand_from_pairs(o.ravel(), d.ravel(), np.full(o.size, 150.0), n_vertices=n)
    r = assign_links(tail, head, n, costs, demand, gap=1e-10, max_iter=500)
    assert r.converged
    g = csr_matrix((r.costs, (tail, head)), shape=(n, n))
    dist = dijkstra(g, indices=demand.orig)
    sp = float((dist[np.arange(demand.n_pairs), demand.dest] * demand.flow).sum())
    total = float(r.flows @ r.costs)
    assert (total - sp) / total == pytest.approx(r.gap, rel=1e-5, abs=1e-13)
    # flow conservation at every vertex: inflow - outflow = demand in - demand out
    net = np.bincount(head, r.flows, n) - np.bincount(tail, r.flows, n)
    want = np.bincount(demand.dest, demand.flow, n) - np.bincount(demand.orig, demand.flow, n)
    assert net == pytest.approx(want, abs=1e-8)
    b = assign_links(tail, head, n, costs, demand, algorithm="bfw", gap=1e-5, max_iter=5000)
    assert 0.0 <= b.objective - r.objective <= b.gap * float(b.flows @ b.costs) + 1e-6


def test_empty_demand() -> None:
    indptr, indices, costs = two_routes()
    d = demand_from_pairs([0], [0], [5.0], n_vertices=2)  # intrazonal only: nothing to route
    for algorithm in ALGORITHMS:
        r = assign(indptr, indices, costs, d, algorithm=algorithm)
        assert r.flows.tolist() == [0.0, 0.0] and r.gap == 0.0 and r.converged
