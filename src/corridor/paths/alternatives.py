"""k genuinely different routes: iterative link penalties with an overlap filter.

After each route is found, every edge of the physical links and crossings it uses is made
dearer (multiplied by ``1 + penalty``) and the search runs again on the penalised costs. A
candidate is kept only if at most ``max_overlap`` of its distance runs on links an already
kept route uses, so an alternative is a different corridor, not the same path with a
one-node detour. Kept routes are ranked by their true (unpenalised) objective.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from corridor.errors import InputError, NoRouteError
from corridor.graph.model import EdgeKind, Graph
from corridor.paths.options import RouteOptions
from corridor.paths.route import (
    Weight,
    build_route,
    no_route_message,
    prepare,
    shortest_edges,
    with_matches,
)

if TYPE_CHECKING:
    from corridor.network.model import Network

from corridor.results.route import Route


def alternatives(  # noqa: PLR0913 (keyword-only options of a public call)
    network: Network | Graph,
    origin: str,
    destination: str,
    k: int = 3,
    *,
    by: Weight = "time",
    options: RouteOptions | None = None,
    value_of_time_usd_teu_h: float | None = None,
    carbon_price_usd_t: float | None = None,
    unit: str = "teu",
    penalty: float = 1.0,
    max_overlap: float = 0.6,
    max_stretch: float | None = None,
    max_iterations: int | None = None,
    revisits: bool = False,
) -> list[Route]:
    """Up to ``k`` routes that differ in at least ``1 - max_overlap`` of their distance.

    The first is the best route (as :func:`corridor.route` gives); fewer than ``k`` come
    back when the network has no more sufficiently different routes. ``max_stretch`` drops
    alternatives whose objective exceeds that multiple of the best route's (default: none).
    ``by`` is an objective name or your own edge costs, as :func:`corridor.route` takes.
    An alternative never enters a country it has left (e.g. Iran -> India by sea -> Iran)
    more often than the best route does, unless ``revisits=True``.

    Examples
    --------
    >>> import corridor
    >>> from corridor.data import path
    >>> net = corridor.load(path("examples/tiny"))
    >>> [r.vertices for r in corridor.alternatives(net, "a", "d", k=2)]
    [('a', 'e', 'd'), ('a', 'b', 'c', 'd')]
    """
    if k < 1:
        msg = f"k must be >= 1 (got {k})"
        raise InputError(msg)
    if not 0.0 <= max_overlap < 1.0:
        msg = f"max_overlap must be in [0, 1) (got {max_overlap})"
        raise InputError(msg)
    if max_stretch is not None and not max_stretch >= 1.0:
        msg = f"max_stretch must be >= 1 (got {max_stretch})"
        raise InputError(msg)
    q = prepare(
        network,
        (origin, destination),
        by=by,
        options=options,
        value_of_time_usd_teu_h=value_of_time_usd_teu_h,
        carbon_price_usd_t=carbon_price_usd_t,
        unit=unit,
    )
    graph, objective, options, cost = q.graph, q.objective, q.options, q.cost
    a, b = q.places
    kept = alternative_paths(
        graph,
        cost,
        a,
        b,
        k,
        penalty=penalty,
        max_overlap=max_overlap,
        max_stretch=max_stretch,
        max_iterations=max_iterations,
        revisits=revisits,
    )
    if not kept:
        raise NoRouteError(no_route_message(graph, a, b, options))
    true_cost = [float(cost[p].sum()) for p in kept]
    order = np.argsort(true_cost, kind="stable")
    return [
        with_matches(build_route(graph, kept[i], cost, objective, options, rank=r + 1), q.matches)
        for r, i in enumerate(order.tolist())
    ]


def alternative_paths(  # noqa: PLR0913 (keyword-only search settings)
    graph: Graph,
    cost: np.ndarray,
    a: int,
    b: int,
    k: int,
    *,
    penalty: float = 1.0,
    max_overlap: float = 0.6,
    max_stretch: float | None = None,
    max_iterations: int | None = None,
    revisits: bool = False,
) -> list[np.ndarray]:
    """Edge paths of up to ``k`` different routes from place ``a`` to place ``b`` on any
    edge-cost vector (the first is the cheapest; empty if unreachable), in the order found.
    Without ``revisits`` a candidate that re-enters countries more often than the first
    path is dropped.
    """
    first = shortest_edges(graph, cost, a, b)
    if first is None:
        return []
    n_links = len(graph.labels.link_ids)
    link_km = graph.labels.link_length_km
    kept: list[np.ndarray] = [first]
    allowed = reentries(graph, first)
    penalised = cost.copy()
    is_link_edge = graph.edges.link >= 0
    factor = 1.0 + penalty
    iterations = max_iterations if max_iterations is not None else 4 * k + 4
    last = first
    for _ in range(iterations):
        if len(kept) >= k:
            break
        used = np.zeros(n_links + 1, dtype=np.bool_)
        used[_links_of(graph, last)] = True
        hit = is_link_edge & used[graph.edges.link]
        penalised[hit] *= factor
        cand = shortest_edges(graph, penalised, a, b)
        if cand is None:
            break
        last = cand
        cand_links = _links_of(graph, cand)
        km = link_km[cand_links].sum()
        if km <= 0:
            continue
        too_close = False
        for other in kept:
            other_links = set(_links_of(graph, other).tolist())
            shared = sum(link_km[lk] for lk in cand_links.tolist() if lk in other_links)
            if shared / km > max_overlap:
                too_close = True
                break
        too_long = max_stretch is not None and cost[cand].sum() > max_stretch * cost[first].sum()
        back_again = not revisits and reentries(graph, cand) > allowed
        if not too_close and not too_long and not back_again:
            kept.append(cand)
    return kept


def reentries(graph: Graph, edges: np.ndarray) -> int:
    """How many times a path enters a country it had already left (KZ-UZ-KZ: once)."""
    moves = edges[graph.edges.kind[edges] == EdgeKind.MOVE]
    seq = graph.edges.country[moves]
    if seq.shape[0] == 0:
        return 0
    runs = seq[np.concatenate(([True], seq[1:] != seq[:-1]))]
    return int(runs.shape[0] - np.unique(runs).shape[0])


def _links_of(graph: Graph, edges: np.ndarray) -> np.ndarray:
    moves = edges[graph.edges.kind[edges] == EdgeKind.MOVE]
    return np.unique(graph.edges.link[moves])


__all__ = ["alternative_paths", "alternatives"]
