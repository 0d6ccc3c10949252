"""Route on your own edge costs (issue 13, item 2): ``by`` takes a vector or a callable, as
``skim`` takes a cost vector and networkx a callable weight."""

from __future__ import annotations

import numpy as np
import pytest

import corridor
from corridor.errors import InputError
from corridor.graph.model import Criterion, Graph
from corridor.paths import RouteOptions, edge_weights, skim


@pytest.fixture(scope="module")
def graph(tiny: corridor.Network) -> Graph:
    return corridor.compile(tiny)


def test_a_vector_of_edge_times_gives_the_fastest_route(graph: Graph) -> None:
    times = graph.edges.criteria[:, Criterion.TIME_H]
    mine = corridor.route(graph, "a", "d", by=times)
    named = corridor.route(graph, "a", "d", by="time")
    assert mine.vertices == named.vertices and mine.objective == "custom"
    assert mine.objective_value == pytest.approx(named.totals.time_h)
    # the same number skim gives on the same vector (masked as the route masks it: no
    # planned link without include_planned)
    a, d = graph.node_index("a"), graph.node_index("d")
    masked = edge_weights(graph, times, RouteOptions())
    assert skim(graph, masked, [a], [d])[0, 0] == pytest.approx(mine.objective_value)
    assert skim(graph, times, [a], [d])[0, 0] < mine.objective_value  # a planned shortcut


def test_a_callable_weight_and_options_still_apply(graph: Graph) -> None:
    def km(g: Graph) -> np.ndarray:
        return g.edges.criteria[:, Criterion.DISTANCE_KM]

    by_km = corridor.route(graph, "a", "d", by=km)
    assert by_km.objective_value == pytest.approx(by_km.totals.distance_km)
    # avoiding the cheapest route's first link: the options mask the caller's costs too
    first = by_km.links[0]
    other = corridor.route(graph, "a", "d", by=km, options=RouteOptions(avoid_links=(first,)))
    assert first not in other.links
    alts = corridor.alternatives(graph, "a", "d", k=2, by=km)
    assert alts[0].vertices == by_km.vertices and all(r.objective == "custom" for r in alts)


@pytest.mark.parametrize(
    ("bad", "match"),
    [("short", "one value per graph edge"), ("negative", ">= 0"), ("nan", ">= 0")],
)
def test_bad_cost_vectors_are_refused(graph: Graph, bad: str, match: str) -> None:
    cost = np.ones(graph.n_edges)
    if bad == "short":
        cost = cost[:3]
    else:
        cost[0] = -1.0 if bad == "negative" else np.nan
    with pytest.raises(InputError, match=match):
        corridor.route(graph, "a", "d", by=cost)
    with pytest.raises(InputError, match=match):
        edge_weights(graph, cost, RouteOptions())
