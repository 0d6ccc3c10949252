"""The arrays of a compiled graph that criticality and scenario diffs read, in one place.

``view(graph)`` is the ONLY function of the analysis modules here that reads ``Graph``
fields, and ``shortest_tree`` the only one that calls a path kernel: when the graph's
layout or the kernels' public entry points change, re-point these two and nothing else.
A ``GraphView`` is plain arrays and tuples, so it pickles (Dask ships it to workers).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from corridor._types import FloatArray, IntArray
from corridor.graph.model import Criterion, EdgeKind, Graph
from corridor.paths._kernels import dijkstra, trace_edges
from corridor.paths.route import make_constraints, masked_cost


@dataclass(frozen=True, slots=True, eq=False)
class GraphView:
    """What criticality and diffs need of a graph: CSR, per-edge criteria and element ids."""

    indptr: IntArray
    indices: IntArray
    tails: IntArray
    criteria: FloatArray
    edge_kind: IntArray
    edge_link: IntArray
    """Link index of each edge (-1 for transfers, handling, access)."""
    edge_crossing: IntArray
    """Crossing row of each border edge (-1 otherwise)."""
    edge_country: IntArray
    edge_node: IntArray
    dep_vertex: IntArray
    arr_vertex: IntArray
    node_ids: tuple[str, ...]
    node_names: tuple[str, ...]
    node_country: IntArray
    node_lat: FloatArray
    node_lon: FloatArray
    countries: tuple[str, ...]
    link_ids: tuple[str, ...]
    link_from: IntArray
    link_to: IntArray
    link_modes: tuple[str, ...]
    link_length_km: FloatArray
    crossing_ids: tuple[str, ...]
    crossing_names: tuple[str, ...]
    unit: str

    @property
    def n_vertices(self) -> int:
        """Number of vertices."""
        return int(self.indptr.shape[0] - 1)

    def place(self, node_id: str) -> int:
        """Index of a place id (ids are resolved before they get here)."""
        return self.node_ids.index(node_id)


TIME, COST, CO2, DISTANCE, BORDERS = (
    int(Criterion.TIME_H),
    int(Criterion.COST_USD),
    int(Criterion.CO2_KG),
    int(Criterion.DISTANCE_KM),
    int(Criterion.BORDERS),
)
MOVE = int(EdgeKind.MOVE)


def view(graph: Graph) -> GraphView:
    """Adapter: the arrays of ``graph`` this package reads (re-point here after a Graph reshape)."""
    return GraphView(
        indptr=graph.indptr,
        indices=graph.indices,
        tails=graph.tails,
        criteria=graph.criteria,
        edge_kind=graph.kind,
        edge_link=graph.link,
        edge_crossing=graph.crossing,
        edge_country=graph.country,
        edge_node=graph.node,
        dep_vertex=graph.dep_vertex,
        arr_vertex=graph.arr_vertex,
        node_ids=tuple(graph.node_ids),
        node_names=tuple(graph.node_names),
        node_country=graph.node_country,
        node_lat=graph.node_lat,
        node_lon=graph.node_lon,
        countries=tuple(graph.countries),
        link_ids=tuple(graph.link_ids),
        link_from=graph.link_from,
        link_to=graph.link_to,
        link_modes=tuple(graph.link_modes),
        link_length_km=graph.link_length_km,
        crossing_ids=tuple(graph.crossing_ids),
        crossing_names=tuple(graph.crossing_names),
        unit=graph.unit,
    )


def objective_cost(graph: Graph, by: str, *, include_planned: bool = False) -> FloatArray:
    """Edge costs under an objective, unusable edges (closed, planned) ``inf``."""
    constraints = make_constraints(graph, include_planned=include_planned)
    return np.asarray(masked_cost(graph, by, constraints), dtype=np.float64)


def shortest_tree(v: GraphView, cost: FloatArray, origin: int) -> tuple[FloatArray, IntArray]:
    """One-to-all labels and predecessor edges from place ``origin`` (edges at ``inf`` absent)."""
    n = v.n_vertices
    dist = np.empty(n)
    pred = np.empty(n, dtype=np.int64)
    dijkstra(
        v.indptr, v.indices, cost, v.dep_vertex[origin : origin + 1], np.zeros(1), -1, dist, pred
    )
    return dist, pred


def path_edges(v: GraphView, pred: IntArray, target_vertex: int, out: IntArray) -> IntArray:
    """Edges of the tree path into ``target_vertex``, from the origin on (``out`` is scratch)."""
    k = trace_edges(pred, v.tails, target_vertex, out)
    return out[k - 1 :: -1].copy() if k else np.empty(0, np.int64)
