"""Equilibria of the TNTP networks against their best-known flows.

The bound on link flows that a relative gap implies. With ``x*`` the equilibrium and
``x`` our flows, convexity of the Beckmann objective ``Z`` gives
``Z(x) - Z(x*) <= sum c(x) (x - y) = gap * sum x c(x) =: G`` (``y`` the all-or-nothing
flows at ``c(x)``), and optimality of ``x*`` gives ``sum c(x*) (x - x*) >= 0``, so

    sum_e phi_e(x_e - x*_e) <= G,   phi_e(d) = int_{x*_e}^{x*_e + d} (c_e(s) - c_e(x*_e)) ds.

Each ``phi_e`` is >= 0 and grows with ``|d|`` wherever ``c_e`` is strictly increasing, so
every such link satisfies ``phi_e(x_e - x*_e) <= G``: inverting ``phi_e`` gives a per-link
interval the flow must lie in. Links with constant cost (``b = 0``: Barcelona and Winnipeg
connectors) have no unique equilibrium flow and are not compared.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import dijkstra

from corridor.assign import EdgeCosts, assign_tntp, tntp_problem
from corridor.data import path as data_path
from corridor.io.tntp import TntpFolder, read_folder
from corridor.results import FlowResult

# SiouxFalls ships with the package (corridor/data/examples/SiouxFalls). The larger networks
# come from github.com/bstabler/TransportationNetworks (commit d1639b4, see
# shared/data/tntp/README.md) and are read from shared/ beside the repository.
TNTP = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "tntp"
needs_tntp = pytest.mark.skipif(
    not TNTP.is_dir(),
    reason=f"the larger TNTP networks (github.com/bstabler/TransportationNetworks, "
    f"see shared/data/tntp/README.md) are not shipped and not found at {TNTP}",
)


def tntp_dir(name: str) -> Path:
    """The shipped SiouxFalls, or a larger network from shared/."""
    return data_path(f"examples/{name}") if name == "SiouxFalls" else TNTP / name


NO_JIT = os.environ.get("NUMBA_DISABLE_JIT", "0") not in ("", "0")
needs_jit = pytest.mark.skipif(
    NO_JIT, reason="NUMBA_DISABLE_JIT=1: the large TNTP networks are too slow in plain Python"
)

# best-known Beckmann objectives from the folder READMEs (SiouxFalls quotes it / 1e5)
README_OBJECTIVE = {
    "SiouxFalls": 42.31335287107440e5,
    "Barcelona": 1265654.92203176,
    "Winnipeg": 827911.494629963,
}
NETWORKS = [
    pytest.param("SiouxFalls"),
    pytest.param("Anaheim", marks=[needs_tntp, needs_jit, pytest.mark.slow]),
    pytest.param("Barcelona", marks=[needs_tntp, needs_jit, pytest.mark.slow]),
    pytest.param("Winnipeg", marks=[needs_tntp, needs_jit, pytest.mark.slow]),
]


def _folder(name: str) -> TntpFolder:
    return read_folder(tntp_dir(name))


def flow_bounds(costs: EdgeCosts, ref: np.ndarray, budget: float) -> tuple[np.ndarray, ...]:
    """Per-link interval ``[lo, hi]`` of deviations ``d`` with ``phi(d) <= budget``."""
    i_ref = costs.integral(ref)
    c_ref = costs.cost(ref)

    def phi(d: np.ndarray) -> np.ndarray:
        return costs.integral(ref + d) - i_ref - c_ref * d

    hi = np.maximum(ref, 1.0)
    for _ in range(200):  # bracket
        short = phi(hi) < budget
        if not short.any():
            break
        hi[short] *= 2.0
    lo_h = np.zeros_like(ref)
    for _ in range(100):
        mid = 0.5 * (lo_h + hi)
        inside = phi(mid) <= budget
        lo_h = np.where(inside, mid, lo_h)
        hi = np.where(inside, hi, mid)
    up = hi
    lo_l = -ref.copy()  # flows cannot go below zero
    hi_l = np.zeros_like(ref)
    beyond = phi(lo_l) > budget
    for _ in range(100):
        mid = 0.5 * (lo_l + hi_l)
        inside = phi(mid) <= budget
        hi_l = np.where(inside & beyond, mid, hi_l)
        lo_l = np.where(~inside & beyond, mid, lo_l)
    down = np.where(beyond, lo_l, -ref)
    return down, up


def independent_gap(folder: TntpFolder, flows: np.ndarray, costs: np.ndarray) -> float:
    """Relative gap recomputed with scipy's Dijkstra (zones below first thru not passed)."""
    p = tntp_problem(folder)
    n = p.n_vertices
    tail, head = p.tail, p.head
    # parallel links: keep the cheapest
    order = np.lexsort((costs, head, tail))
    t, h, c = tail[order], head[order], costs[order]
    keep = np.ones(t.size, bool)
    keep[1:] = (t[1:] != t[:-1]) | (h[1:] != h[:-1])
    t, h, c = t[keep], h[keep], c[keep]
    assert (c > 0).all()
    through = ~p.no_through[t]
    d = p.demand
    sp_total = 0.0
    for k, o in enumerate(d.origins):
        use = through | (t == o)
        g = csr_matrix((c[use], (t[use], h[use])), shape=(n, n))
        dist = dijkstra(g, indices=int(o))
        sl = slice(d.origin_ptr[k], d.origin_ptr[k + 1])
        sp_total += float(d.flow[sl] @ dist[d.dest[sl]])
    total = float(flows @ costs)
    return (total - sp_total) / total


@pytest.mark.parametrize("name", NETWORKS)
def test_gp_reaches_1e6_and_matches_best_known_flows(name: str) -> None:
    folder = _folder(name)
    assert folder.flow is not None
    ref = folder.flow["volume"].to_numpy()
    r = assign_tntp(folder, algorithm="gp", gap=1e-6, max_iter=2000)
    assert r.converged and r.gap <= 1e-6
    assert r.convergence["gap"].iloc[-1] == r.gap
    # the reported gap is the gap of the returned flows, recomputed independently
    assert independent_gap(folder, r.flows, r.costs) == pytest.approx(r.gap, rel=1e-6, abs=1e-12)
    # flows feasible: each link's flow is non-negative and the total cost is consistent
    assert (r.flows >= -1e-9).all()
    costs = tntp_problem(folder).costs
    budget = r.gap * float(r.flows @ r.costs) + 1e-9
    # objective: Z(x) - Z(x*) in [0, G] (x* = best-known flows, up to their tiny gap)
    z_ref = costs.objective(ref)
    if name in README_OBJECTIVE:
        assert z_ref == pytest.approx(README_OBJECTIVE[name], rel=1e-10)
    assert -1e-9 * z_ref <= r.objective - z_ref <= budget
    # link flows within the interval the gap implies, on links with increasing cost
    params = costs.params
    increasing = (params[:, 0] > 0) & (params[:, 1] > 0) & (params[:, 3] > 0)
    down, up = flow_bounds(costs, ref, budget)
    dev = r.flows - ref
    slack = 1e-7 * np.maximum(ref, 1.0)
    inside = (dev >= down - slack) & (dev <= up + slack)
    assert inside[increasing].all(), (
        f"{name}: {int((~inside & increasing).sum())} links outside the gap bound"
    )
    assert increasing.sum() >= 0.5 * len(ref)


@pytest.fixture(scope="module")
def frank_wolfe_family() -> dict[str, FlowResult]:
    folder = _folder("SiouxFalls")
    return {
        a: assign_tntp(folder, algorithm=a, gap=1e-4, max_iter=3000) for a in ("fw", "cfw", "bfw")
    }


@pytest.mark.parametrize("algorithm", ["fw", "cfw", "bfw"])
def test_frank_wolfe_family_on_siouxfalls(
    algorithm: str, frank_wolfe_family: dict[str, FlowResult]
) -> None:
    r = frank_wolfe_family[algorithm]
    assert r.converged and r.gap <= 1e-4
    z_ref = README_OBJECTIVE["SiouxFalls"]
    assert 0.0 <= r.objective - z_ref <= r.gap * float(r.flows @ r.costs) + 1e-6
    gap = independent_gap(_folder("SiouxFalls"), r.flows, r.costs)
    assert gap == pytest.approx(r.gap, rel=1e-6)


def test_bfw_needs_fewer_iterations_than_fw(frank_wolfe_family: dict[str, FlowResult]) -> None:
    its = {a: r.iterations for a, r in frank_wolfe_family.items()}
    assert its["bfw"] < its["cfw"] < its["fw"]


@needs_tntp
@needs_jit
@pytest.mark.slow
def test_gp_reaches_tight_gaps() -> None:
    r = assign_tntp(_folder("Anaheim"), gap=1e-10, max_iter=2000)
    assert r.converged and r.gap <= 1e-10
