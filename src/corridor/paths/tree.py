"""One-to-all shortest-path trees on plain CSR arrays, and the paths they hold.

The public face of the path kernels for code that keeps its own copy of a graph's arrays
(criticality and scenario diffs ship them to Dask workers): arrays in, arrays out.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from corridor._types import BoolArray, FloatArray, IntArray


def shortest_tree(
    indptr: IntArray,
    indices: IntArray,
    cost: FloatArray,
    sources: npt.ArrayLike,
    *,
    until: npt.ArrayLike | None = None,
) -> tuple[FloatArray, IntArray]:
    """Least cost of every vertex from ``sources`` (all at 0), and the edge reaching it.

    With ``until`` (target vertices) the search stops once all of them are settled: their
    labels and ``pred`` chains are final, other vertices' labels only upper bounds.

    Parameters
    ----------
    indptr, indices
        int64 CSR arrays (edges sorted by tail vertex).
    cost
        float64 edge costs ``>= 0``; ``inf`` removes an edge.
    sources
        Source vertices.

    Returns
    -------
    tuple[FloatArray, IntArray]
        ``dist`` (``inf`` where unreached) and ``pred``, the edge that reached each vertex
        (-1 for the sources and unreached vertices).

    Examples
    --------
    >>> import numpy as np
    >>> ip, ix = np.array([0, 2, 3, 3]), np.array([1, 2, 2])
    >>> dist, pred = shortest_tree(ip, ix, np.array([1.0, 5.0, 1.0]), [0])
    >>> dist.tolist(), pred.tolist()
    ([0.0, 1.0, 2.0], [-1, 0, 2])
    """
    from corridor.paths._kernels import dijkstra

    n = indptr.shape[0] - 1
    src = np.asarray(sources, dtype=np.int64).ravel()
    dist = np.empty(n)
    pred = np.empty(n, dtype=np.int64)
    if until is None:
        dijkstra(indptr, indices, cost, src, np.zeros(src.shape[0]), -1, dist, pred)
        return dist, pred
    from corridor.paths._kernels import dijkstra_until, workspace  # numba: batch work

    stop = np.zeros(n, dtype=np.bool_)
    stop[np.asarray(until, dtype=np.int64)] = True
    keys, items, where = workspace(n)
    dijkstra_until(indptr, indices, cost, src, stop, dist, pred, keys, items, where)
    return dist, pred


def path_edges(
    pred: IntArray, tails: IntArray, target: int, out: IntArray | None = None
) -> IntArray:
    """Edges of the tree path into ``target``, from the source on (empty if none).

    ``tails`` is the tail vertex of every edge; ``out`` optional scratch of length
    >= the number of vertices.

    Examples
    --------
    >>> import numpy as np
    >>> path_edges(np.array([-1, 0, 2]), np.array([0, 0, 1]), 2).tolist()
    [0, 2]
    """
    from corridor.paths._kernels import trace_edges

    scratch = np.empty(pred.shape[0], dtype=np.int64) if out is None else out
    k = trace_edges(pred, tails, target, scratch)
    return scratch[k - 1 :: -1].copy() if k else np.empty(0, np.int64)


Tree = tuple[FloatArray, IntArray, IntArray, IntArray]
"""A full shortest-path tree: labels, edge into each vertex, children CSR (ptr, vertices)."""
InEdges = tuple[IntArray, IntArray, IntArray, IntArray, IntArray]
"""``(indptr, indices, tails, rptr, redge)``: a CSR with its reverse (edges into each vertex)."""


def in_edges(indptr: IntArray, indices: IntArray, tails: IntArray) -> InEdges:
    """The CSR with, for every vertex, the edges into it (for :func:`repaired_costs`)."""
    n = indptr.shape[0] - 1
    redge = np.argsort(indices, kind="stable").astype(np.int64)
    rptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(indices, minlength=n), out=rptr[1:])
    return indptr, indices, tails, rptr, redge


def full_tree(graph: InEdges, cost: FloatArray, source: int) -> Tree:
    """The shortest-path tree of vertex ``source`` with each vertex's tree children."""
    indptr, indices, tails = graph[0], graph[1], graph[2]
    dist, pred = shortest_tree(indptr, indices, cost, [source])
    child = np.flatnonzero(pred >= 0)
    parent = tails[pred[child]]
    order = np.argsort(parent, kind="stable")
    cptr = np.zeros(indptr.shape[0], dtype=np.int64)
    np.cumsum(np.bincount(parent, minlength=indptr.shape[0] - 1), out=cptr[1:])
    return dist, pred, cptr, child[order].astype(np.int64)


RepairWork = tuple[
    IntArray, BoolArray, BoolArray, FloatArray, IntArray, FloatArray, IntArray, IntArray
]


def repair_work(n_vertices: int) -> RepairWork:
    """Scratch arrays for :func:`repaired_costs` (one set per thread, reused across calls)."""
    from corridor.paths._kernels import workspace

    keys, items, where = workspace(n_vertices)
    return (
        np.empty(n_vertices, np.int64),
        np.ones(n_vertices, np.bool_),
        np.zeros(n_vertices, np.bool_),
        np.empty(n_vertices),
        np.empty(n_vertices, np.int64),
        keys,
        items,
        where,
    )


def repaired_costs(
    tree: Tree,
    graph: InEdges,
    cost: FloatArray,
    removed: IntArray,
    targets: IntArray,
    work: RepairWork,
) -> FloatArray:
    """Least costs from the tree's source to ``targets`` once the edges ``removed`` are gone.

    ``cost`` has those edges at ``inf``. Only the subtrees below the removed tree edges are
    searched again (a decremental update of the tree), so the answer equals a new
    :func:`shortest_tree` at a fraction of its cost.

    Examples
    --------
    >>> import numpy as np
    >>> ip, ix = np.array([0, 2, 3, 3]), np.array([1, 2, 2])
    >>> cost = np.array([1.0, 5.0, 1.0])
    >>> g = in_edges(ip, ix, np.array([0, 0, 1]))
    >>> t = full_tree(g, cost, 0)
    >>> cut = cost.copy(); cut[2] = np.inf
    >>> repaired_costs(t, g, cut, np.array([2]), np.array([1, 2]), repair_work(3)).tolist()
    [1.0, 5.0]
    """
    from corridor.paths._kernels import repair_tree

    res = np.empty(targets.shape[0])
    repair_tree(tree, graph, cost, removed, targets, work, res)
    return res


__all__ = [
    "full_tree",
    "in_edges",
    "path_edges",
    "repair_work",
    "repaired_costs",
    "shortest_tree",
]
