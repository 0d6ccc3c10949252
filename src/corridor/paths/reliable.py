"""Transit-time reliability on routes: every route's mean/P50/P90 and robust routes (``--by p90``).

A route's total time is simulated with :mod:`corridor.reliability` (lognormal dwells at
borders, transfers, gauge changes and port handling, fitted to each stop's median and P90;
a uniform wait for the next departure on links with a ``frequency_per_week``). The Monte
Carlo is seeded with :data:`DEFAULT_SEED` unless told otherwise, so the same question gives
the same numbers. See ``docs/compare.md`` ("Reliability of routes").
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

import numpy as np

from corridor._types import FloatArray
from corridor.errors import InputError, NoRouteError
from corridor.graph.model import EdgeKind, Graph, VertexKind
from corridor.paths.alternatives import alternative_paths
from corridor.paths.options import RouteOptions, place_match, usable_edges
from corridor.paths.route import (
    as_graph,
    build_route,
    masked_cost,
    no_route_message,
    shortest_edges,
    with_matches,
)
from corridor.reliability import (
    graph_edge_distributions,
    headway_from_frequency,
    p90_equivalent_h,
    transit_time_distribution,
)
from corridor.results.route import Route

if TYPE_CHECKING:
    from corridor.network.model import Network
    from corridor.reliability import TransitTimeDistribution

DEFAULT_SEED = 20_251_202
"""Seed of every route's Monte Carlo unless one is given (fixed: the same answer each run)."""
DEFAULT_SAMPLES = 20_000
"""Draws per route (P90 sampling error ~ 0.2 % of the spread)."""
DEFAULT_CANDIDATES = 5
"""``--by p90``: the k best routes on P90-equivalent edge times that are re-ranked."""


def link_headway_h(graph: Graph) -> FloatArray | None:
    """Per graph link, hours between departures: ``168 / frequency_per_week``, 0 without one
    (the frequencies are compiled into the graph, ``labels.link_frequency_per_week``).

    None when no link of the graph has a timetable: then no link adds a wait.

    Examples
    --------
    >>> import corridor
    >>> g = corridor.compile(corridor.load())
    >>> float(link_headway_h(g).max()) > 0   # the Caspian ferries run a few times a week
    True
    """
    freq = graph.labels.link_frequency_per_week
    if freq.shape[0] != len(graph.labels.link_ids) or not (freq > 0).any():
        return None
    return headway_from_frequency(freq)


def _headway(graph: Graph, link_headway: FloatArray | None) -> FloatArray | None:
    """``link_headway`` if given, else the graph's own (:func:`link_headway_h`)."""
    return link_headway if link_headway is not None else link_headway_h(graph)


def edge_headway_h(graph: Graph, link_headway: FloatArray | None) -> FloatArray:
    """Per edge, the headway waited on entering a timetabled link (once per link use: on the
    move edge that starts at the link's end place, not at a frontier point)."""
    out = np.zeros(graph.csr.n_edges)
    if link_headway is None:
        return out
    e = graph.edges
    first = (
        (e.kind == EdgeKind.MOVE)
        & (e.link >= 0)
        & (graph.csr.vertex_kind[graph.csr.tails] != VertexKind.FRONTIER)
    )
    out[first] = link_headway[e.link[first]]
    return out


def p90_edge_time_h(graph: Graph, link_headway: FloatArray | None = None) -> FloatArray:
    """Per-edge P90-equivalent hours (each dwell at its P90, 0.9 x headway on timetabled links)."""
    e = graph.edges
    return p90_equivalent_h(
        np.ascontiguousarray(e.criteria[:, 0]),
        e.dwell_median_h,
        e.dwell_p90_h,
        edge_headway_h(graph, _headway(graph, link_headway)),
    )


def route_distribution(
    graph: Graph,
    edges: tuple[int, ...] | np.ndarray,
    *,
    link_headway: FloatArray | None = None,
    seed: int = DEFAULT_SEED,
    n_samples: int = DEFAULT_SAMPLES,
    keep_samples: bool = False,
) -> TransitTimeDistribution:
    """The simulated transit-time distribution of a path (edge indices) of ``graph``."""
    dist = graph_edge_distributions(
        graph,
        np.asarray(edges, dtype=np.int64),
        link_headway_h=_headway(graph, link_headway),
    )
    return transit_time_distribution(
        dist, rng=np.random.default_rng(seed), n_samples=n_samples, keep_samples=keep_samples
    )


def with_reliability(
    graph: Graph,
    route: Route,
    *,
    link_headway: FloatArray | None = None,
    seed: int = DEFAULT_SEED,
    n_samples: int = DEFAULT_SAMPLES,
) -> Route:
    """The route with ``totals.mean_h``, ``p50_h`` and ``p90_h`` from a seeded Monte Carlo.

    ``route`` must have been built on ``graph`` (its ``edge_path``).

    Examples
    --------
    >>> import corridor
    >>> from corridor.data import path
    >>> from corridor.graph import compile
    >>> g = compile(corridor.load(path("examples/tiny")))
    >>> r = with_reliability(g, corridor.route(g, "a", "d"))
    >>> r.totals.p50_h <= r.totals.p90_h
    True
    """
    if not route.edge_path:
        msg = "the route carries no edge path (build it with corridor.paths on this graph)"
        raise InputError(msg)
    t = route_distribution(
        graph, route.edge_path, link_headway=link_headway, seed=seed, n_samples=n_samples
    )
    totals = dataclasses.replace(route.totals, mean_h=t.mean_h, p50_h=t.p50_h, p90_h=t.p90_h)
    return dataclasses.replace(route, totals=totals)


def robust_route(  # noqa: PLR0913 (keyword-only options of a public call)
    network: Network | Graph,
    origin: str,
    destination: str,
    *,
    options: RouteOptions | None = None,
    k: int = DEFAULT_CANDIDATES,
    link_headway: FloatArray | None = None,
    seed: int = DEFAULT_SEED,
    n_samples: int = DEFAULT_SAMPLES,
    unit: str = "teu",
) -> list[Route]:
    """Routes ranked by simulated P90 (``corridor route --by p90``); the first is the most
    reliable.

    1. Search on P90-equivalent edge times (:func:`p90_edge_time_h`).
    2. Take up to ``k`` genuinely different routes on those weights (link penalties, as
       :func:`corridor.alternatives`).
    3. Add the fastest route by median time if it is not among them, simulate each with
       the same seed (common random numbers, as
       :func:`corridor.reliability.rank_by_quantile` does) and order by simulated P90.

    Every returned route carries ``mean_h/p50_h/p90_h``; ``objective`` is ``p90`` and
    ``objective_value`` its simulated P90 hours.
    """
    graph = as_graph(network, unit) if not isinstance(network, Graph) else network
    matches = (place_match(graph, origin), place_match(graph, destination))
    a, b = matches[0].index, matches[1].index
    if a == b:
        msg = f"origin and destination are the same place ({graph.labels.node_ids[a]})"
        raise InputError(msg)
    options = options or RouteOptions()
    cost = np.where(usable_edges(graph, options), p90_edge_time_h(graph, link_headway), np.inf)
    paths = alternative_paths(graph, cost, a, b, k)
    if not paths:
        raise NoRouteError(no_route_message(graph, a, b, options))
    fastest = shortest_edges(graph, masked_cost(graph, "time", options), a, b)
    if fastest is not None and not any(np.array_equal(fastest, p) for p in paths):
        paths.append(fastest)  # the fastest median route is always a candidate
    routes = [
        with_reliability(
            graph,
            with_matches(build_route(graph, p, cost, "p90", options), matches),
            link_headway=link_headway,
            seed=seed,
            n_samples=n_samples,
        )
        for p in paths
    ]
    # common random numbers (every candidate drawn with the same seed), stable order by
    # simulated P90: rank_by_quantile's method, with the numbers the routes then report
    p90 = np.array([r.totals.p90_h for r in routes], dtype=np.float64)
    order = np.argsort(p90, kind="stable")
    return [
        dataclasses.replace(routes[i], rank=rank, objective_value=float(p90[i]))
        for rank, i in enumerate(order.tolist(), 1)
    ]


__all__ = [
    "DEFAULT_CANDIDATES",
    "DEFAULT_SAMPLES",
    "DEFAULT_SEED",
    "edge_headway_h",
    "link_headway_h",
    "p90_edge_time_h",
    "robust_route",
    "route_distribution",
    "with_reliability",
]
