"""Regional routes checked against networkx on the compiled shipped graph (STYLE rule 14).

Random place pairs under every objective: corridor's route costs what networkx's Dijkstra
finds on the same graph (edges as a MultiDiGraph, each weighted with the objective's cost),
and the route's totals are the sums of its legs.
"""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest

import corridor
from corridor.errors import NoRouteError
from corridor.graph import Graph
from corridor.paths import RouteOptions, masked_cost
from corridor.vocab import Objective


@pytest.fixture(scope="module")
def graph(region: corridor.Network) -> Graph:
    return corridor.compile(region)


def _nx(graph: Graph, cost: np.ndarray) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    g.add_nodes_from(range(graph.n_vertices))
    ok = np.flatnonzero(np.isfinite(cost))
    g.add_weighted_edges_from(
        zip(
            graph.csr.tails[ok].tolist(),
            graph.csr.indices[ok].tolist(),
            cost[ok].tolist(),
            strict=True,
        )
    )
    return g


@pytest.mark.parametrize("by", [o.value for o in Objective])
def test_routes_cost_what_networkx_finds(graph: Graph, by: str) -> None:
    cost = masked_cost(graph, by, RouteOptions())
    g = _nx(graph, cost)
    rng = np.random.default_rng(20251202)
    n_places = len(graph.labels.node_ids)
    checked = 0
    for _ in range(25):
        a, b = (int(x) for x in rng.choice(n_places, size=2, replace=False))
        source, target = int(graph.csr.dep_vertex[a]), int(graph.csr.arr_vertex[b])
        try:
            expected = nx.dijkstra_path_length(g, source, target)
        except nx.NetworkXNoPath:
            with pytest.raises(NoRouteError):
                corridor.route(graph, graph.labels.node_ids[a], graph.labels.node_ids[b], by=by)
            continue
        r = corridor.route(graph, graph.labels.node_ids[a], graph.labels.node_ids[b], by=by)
        assert r.objective_value == pytest.approx(expected, rel=1e-9, abs=1e-6)
        for field in ("time_h", "cost_usd", "co2_kg", "distance_km"):
            assert sum(getattr(leg, field) for leg in r.legs) == pytest.approx(
                getattr(r.totals, field)
            )
        checked += 1
    assert checked >= 15
