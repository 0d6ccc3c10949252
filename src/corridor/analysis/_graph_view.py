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
from corridor.paths import (
    RouteOptions,
    full_tree,
    in_edges,
    masked_cost,
    repair_work,
    repaired_costs,
)
from corridor.paths import path_edges as _path_edges
from corridor.paths import shortest_tree as _shortest_tree
from corridor.paths.tree import InEdges, RepairWork, Tree


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
    csr, e, lab = graph.csr, graph.edges, graph.labels
    return GraphView(
        indptr=csr.indptr,
        indices=csr.indices,
        tails=csr.tails,
        criteria=e.criteria,
        edge_kind=e.kind,
        edge_link=e.link,
        edge_crossing=e.crossing,
        edge_country=e.country,
        edge_node=e.node,
        dep_vertex=csr.dep_vertex,
        arr_vertex=csr.arr_vertex,
        node_ids=tuple(lab.node_ids),
        node_names=tuple(lab.node_names),
        node_country=lab.node_country,
        node_lat=lab.node_lat,
        node_lon=lab.node_lon,
        countries=tuple(lab.countries),
        link_ids=tuple(lab.link_ids),
        link_from=lab.link_from,
        link_to=lab.link_to,
        link_modes=tuple(lab.link_modes),
        link_length_km=lab.link_length_km,
        crossing_ids=tuple(lab.crossing_ids),
        crossing_names=tuple(lab.crossing_names),
        unit=graph.unit,
    )


def objective_cost(
    graph: Graph,
    by: str,
    options: RouteOptions | None = None,
    *,
    value_of_time_usd_teu_h: float | None = None,
) -> FloatArray:
    """Edge costs under an objective, unusable edges (closed, planned, other modes, avoided)
    ``inf`` (``value_of_time_usd_teu_h``: the generalised cost's value of time, default the
    graph's)."""
    opts = options or RouteOptions()
    cost = masked_cost(graph, by, opts, value_of_time_usd_teu_h=value_of_time_usd_teu_h)
    return np.asarray(cost, dtype=np.float64)


def shortest_tree(
    v: GraphView, cost: FloatArray, origin: int, dests: IntArray | None = None
) -> tuple[FloatArray, IntArray]:
    """Labels and predecessor edges from place ``origin`` (edges at ``inf`` absent): of every
    vertex, or, given the places ``dests``, final for their arrival vertices and the paths
    into them (the search stops once they are settled)."""
    src = v.dep_vertex[origin : origin + 1]
    if dests is None:
        return _shortest_tree(v.indptr, v.indices, cost, src)
    return _shortest_tree(v.indptr, v.indices, cost, src, until=v.arr_vertex[dests])


def path_edges(v: GraphView, pred: IntArray, target_vertex: int, out: IntArray) -> IntArray:
    """Edges of the tree path into ``target_vertex``, from the origin on (``out`` is scratch)."""
    return _path_edges(pred, v.tails, target_vertex, out)


def reverse(v: GraphView) -> InEdges:
    """The view's CSR with the edges into each vertex (for :func:`rerouted`)."""
    return in_edges(v.indptr, v.indices, v.tails)


def origin_tree(v: GraphView, graph: InEdges, cost: FloatArray, origin: int) -> Tree:
    """The full shortest-path tree from place ``origin``, ready for :func:`rerouted`."""
    return full_tree(graph, cost, int(v.dep_vertex[origin]))


def work(v: GraphView) -> RepairWork:
    """Scratch arrays for :func:`rerouted`."""
    return repair_work(v.n_vertices)


def rerouted(
    v: GraphView,
    tree: Tree,
    graph: InEdges,
    cost: FloatArray,
    removed: IntArray,
    dests: IntArray,
    scratch: RepairWork,
) -> FloatArray:
    """Least costs from the tree's origin to the places ``dests`` once the edges ``removed``
    (at ``inf`` in ``cost``) are gone; only the part of the tree below them is searched."""
    return repaired_costs(tree, graph, cost, removed, v.arr_vertex[dests], scratch)
