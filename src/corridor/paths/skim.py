"""Least costs between many places at once (one one-to-all search per origin)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from corridor._types import FloatArray
from corridor.graph.model import Graph


def skim(
    graph: Graph, cost: FloatArray, origins: Sequence[int], destinations: Sequence[int]
) -> FloatArray:
    """Least cost from each origin place to each destination place (``inf``: unreachable).

    Parameters
    ----------
    graph
        A compiled graph.
    cost
        Edge costs (``inf`` removes an edge), e.g. :func:`corridor.paths.masked_cost`.
    origins, destinations
        Place indices (see :func:`corridor.paths.place_index`).

    Returns
    -------
    FloatArray
        ``[len(origins), len(destinations)]``; a place to itself costs 0.

    Examples
    --------
    >>> import corridor
    >>> from corridor.data import path
    >>> from corridor.paths import RouteOptions, masked_cost
    >>> g = corridor.compile(corridor.load(path("examples/tiny")))
    >>> a, d = g.node_index("a"), g.node_index("d")
    >>> float(skim(g, masked_cost(g, "time", RouteOptions()), [a], [d])[0, 0])
    7.0
    """
    from corridor.paths._kernels import dijkstra  # one-to-all, many origins: numba

    csr = graph.csr
    o = np.asarray(origins, dtype=np.int64)
    d = np.asarray(destinations, dtype=np.int64)
    out = np.empty((len(o), len(d)))
    dist = np.empty(csr.n_vertices)
    pred = np.empty(csr.n_vertices, dtype=np.int64)
    for origin in np.unique(o).tolist():
        source = csr.dep_vertex[origin : origin + 1]
        dijkstra(csr.indptr, csr.indices, cost, source, np.zeros(1), -1, dist, pred)
        row = dist[csr.arr_vertex[d]]
        row[d == origin] = 0.0
        out[o == origin] = row
    return out


__all__ = ["skim"]
