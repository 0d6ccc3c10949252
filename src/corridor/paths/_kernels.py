"""Shortest-path kernels over CSR arrays (numba).

Contract (STYLE.md rule 4): arrays in, preallocated arrays out, fixed dtypes (int64 indices,
float64 costs), no validation. An edge whose cost is ``inf`` is absent. Predecessors are
stored as *edge* indices so that parallel edges (a rail and a road link between the same
two vertices) are told apart.

Kernels
-------
``dijkstra``
    Label-setting shortest paths from several sources (with starting offsets), one-to-all or
    stopping early at a target. Allocates its heap.
``dijkstra_ws``
    The same search with a caller-owned heap workspace (see ``workspace``), for loops that
    run many searches on one graph; it also accepts an int32 copy of ``indptr``/``indices``,
    which halves the memory traffic of the edge scan on large graphs.
``sp_tree``
    The one-to-all shortest-path tree of one source with a caller-owned workspace: the
    settled vertices in settling order, and vertices that may end a path but are not
    expanded (TNTP zones). All-or-nothing loading and column generation walk this tree.
``astar``, ``astar_ws``
    One-to-one search guided by a per-vertex lower bound on the remaining cost.

All of them run ``corridor._search.search``, the one heap search loop (an indexed 4-ary
min-heap; see that module). For one-to-all searches on large graphs ``dijkstra`` scans an
int32 copy of the CSR structure. On the 1M-edge road-like graph of ``benchmarks/paths.py``
this is ~0.85x the time of ``scipy.sparse.csgraph.dijkstra``. ``sp_tree`` and ``workspace``
live in ``corridor._search`` (assignment uses them too) and are re-exported here.
"""

from __future__ import annotations

import numpy as np

from corridor._jit import njit
from corridor._search import search, sp_tree, workspace

# dijkstra copies indptr/indices to int32 for one-to-all searches on graphs this large.
_COPY_MIN_EDGES = 1 << 16
_INT32_MAX = 2**31 - 1

__all__ = [
    "astar",
    "astar_ws",
    "dijkstra",
    "dijkstra_ws",
    "edge_tails",
    "sp_tree",
    "trace_edges",
    "workspace",
]


# --------------------------------------------------------------------------------------
# Dijkstra


@njit
def dijkstra(indptr, indices, cost, sources, source_dist, target, dist, pred):  # type: ignore[no-untyped-def]
    """Label-setting shortest paths from several sources.

    Parameters
    ----------
    indptr, indices : int64 CSR arrays of the graph (edges sorted by tail).
    cost : float64 edge costs, ``>= 0``; ``inf`` removes an edge.
    sources : int64 source vertices; ``source_dist`` their starting labels (a vertex listed
        twice keeps the smaller).
    target : vertex at which to stop early, or -1 to settle every reachable vertex.
    dist : float64 out, length n_vertices: final labels (``inf`` where unreached). With an
        early stop, ``dist[target]`` and the labels of all settled vertices are final; other
        labels are upper bounds.
    pred : int64 out, length n_vertices: the edge that reached each vertex (-1 for none).

    Returns
    -------
    int : the number of vertices settled.
    """
    n = dist.shape[0]
    keys, items, where = workspace(n)
    m = indices.shape[0]
    if target < 0 and _COPY_MIN_EDGES <= m <= _INT32_MAX and n <= _INT32_MAX:
        # One-to-all reads every edge anyway: an int32 copy of the structure costs one
        # sequential pass and halves the bytes of the random-order edge scan (~20% faster
        # on the 1M-edge benchmark). One-to-one searches keep their sub-linear early exit.
        ip32 = indptr.astype(np.int32)
        ix32 = indices.astype(np.int32)
        return dijkstra_ws(
            ip32, ix32, cost, sources, source_dist, target, dist, pred, keys, items, where
        )
    return dijkstra_ws(
        indptr, indices, cost, sources, source_dist, target, dist, pred, keys, items, where
    )


@njit
def dijkstra_ws(
    indptr, indices, cost, sources, source_dist, target, dist, pred, keys, items, where
):  # type: ignore[no-untyped-def]
    """``dijkstra`` with a caller-owned heap workspace (same arguments, results and return).

    Parameters
    ----------
    indptr, indices : CSR arrays, int64 or (both or either) int32 copies of them.
    keys, items, where : workspace from ``workspace(n_vertices)``: float64, int64, int64
        arrays of length >= n_vertices, overwritten; reuse them across calls, one set per
        thread.

    Returns
    -------
    int : the number of vertices settled.
    """
    # Dijkstra is A* without a bound (numba compiles the ``lower=None`` variant)
    return astar_ws(
        indptr, indices, cost, sources, source_dist, target, None, dist, pred, keys, items, where
    )


@njit
def dijkstra_until(indptr, indices, cost, sources, stop, dist, pred, keys, items, where):  # type: ignore[no-untyped-def]
    """One-to-many: Dijkstra from ``sources`` (int64, all at 0) that stops once every vertex marked in
    the bool mask ``stop`` is settled (or nothing is left to settle). ``dist`` and the
    ``pred`` chains of settled vertices (the marked ones among them) are final; other labels
    are upper bounds. Returns the number of vertices settled."""
    heap = (keys, items, where)
    return search(
        indptr,
        indices,
        cost,
        sources,
        np.zeros(sources.shape[0]),
        -1,
        None,
        None,
        None,
        dist,
        pred,
        heap,
        stop,
    )


# --------------------------------------------------------------------------------------
# A*


@njit
def astar(indptr, indices, cost, sources, source_dist, target, lower, dist, pred):  # type: ignore[no-untyped-def]
    """One-to-one shortest path guided by a lower bound on the cost still to go (A*).

    The search pops vertices in order of ``dist[v] + lower[v]`` and stops when ``target``
    is popped. With ``lower`` all zero it is ``dijkstra`` with an early stop at ``target``.

    Parameters
    ----------
    indptr, indices, cost, sources, source_dist, dist, pred : as for ``dijkstra``.
    target : the vertex to reach (``>= 0``).
    lower : float64, length n_vertices: ``lower[v]`` must not exceed the least cost from
        ``v`` to ``target`` (admissible; ``inf`` only where ``target`` is unreachable from
        ``v``), e.g. great-circle distance / the fastest speed of the network. If it is also
        consistent (``lower[u] <= cost[e] + lower[v]`` on every edge ``e = u->v``; the
        great-circle bound is), no vertex is popped twice; otherwise a vertex whose label
        drops after it was popped is reopened, so the answer stays exact either way.

    Returns
    -------
    int : the number of pops (vertex expansions). Only ``dist[target]`` and the ``pred``
    chain from ``target`` back to a source are meaningful: ``dist[target]`` is the least
    cost (``inf`` if unreachable) and the chain is a least-cost path. Other labels are
    upper bounds.
    """
    keys, items, where = workspace(dist.shape[0])
    return astar_ws(
        indptr, indices, cost, sources, source_dist, target, lower, dist, pred, keys, items, where
    )


@njit
def astar_ws(
    indptr, indices, cost, sources, source_dist, target, lower, dist, pred, keys, items, where
):  # type: ignore[no-untyped-def]
    """``astar`` with a caller-owned heap workspace, as ``dijkstra_ws``."""
    heap = (keys, items, where)
    return search(
        indptr, indices, cost, sources, source_dist, target, lower, None, None, dist, pred, heap
    )


# --------------------------------------------------------------------------------------
# Paths


@njit
def edge_tails(indptr):  # type: ignore[no-untyped-def]
    """The tail vertex of every edge of a CSR graph."""
    n = indptr.shape[0] - 1
    tails = np.empty(indptr[n], np.int64)
    for u in range(n):
        for e in range(indptr[u], indptr[u + 1]):
            tails[e] = u
    return tails


@njit
def trace_edges(pred, tails, target, out):  # type: ignore[no-untyped-def]
    """Write the edges of the path ending at ``target`` into ``out`` (reversed); return count."""
    k = 0
    v = target
    while pred[v] >= 0:
        e = pred[v]
        out[k] = e
        k += 1
        v = tails[e]
    return k


# --------------------------------------------------------------------------------------
# Repairing a tree after edges are removed


@njit
def repair_tree(tree, graph, cost, removed, targets, work, res):  # type: ignore[no-untyped-def]
    """Least costs from a tree's origin to ``targets`` after the edges ``removed`` went.

    Only the vertices whose tree path used a removed edge (the subtrees below them, the
    *affected* set) can change; every other label stays. The affected vertices start from
    their best edge in from outside the set, then Dijkstra runs inside the set (an edge
    out of it is relaxed but never expanded) until the affected targets are settled.

    Parameters
    ----------
    tree : ``(dist0, pred0, cptr, cidx)``: the full tree before the removal (labels, edge
        into each vertex, tree children of vertex ``u`` in ``cidx[cptr[u]:cptr[u + 1]]``).
    graph : ``(indptr, indices, tails, rptr, redge)``: the CSR, each edge's tail, and the
        edges into vertex ``v`` in ``redge[rptr[v]:rptr[v + 1]]``.
    cost : float64 edge costs with the removed edges at ``inf``.
    removed, targets : int64 edge and vertex ids.
    work : ``(affected, outside, stop, dist, pred, keys, items, where)``, length n_vertices;
        ``outside`` all True and ``stop`` all False on entry, and so on return.
    res : float64 out, the least cost of each target (``inf``: disconnected).

    Returns
    -------
    int : the number of affected vertices.
    """
    dist0, pred0, cptr, cidx = tree
    indptr, indices, tails, rptr, redge = graph
    affected, outside, stop, dist, pred, keys, items, where = work
    n_a = 0
    for r in range(removed.shape[0]):
        e = removed[r]
        h = indices[e]
        if pred0[h] == e and outside[h]:
            outside[h] = False
            affected[n_a] = h
            n_a += 1
    i = 0
    while i < n_a:
        u = affected[i]
        i += 1
        for k in range(cptr[u], cptr[u + 1]):
            c = cidx[k]
            if outside[c]:
                outside[c] = False
                affected[n_a] = c
                n_a += 1
    n_t = 0
    for t in range(targets.shape[0]):
        v = targets[t]
        res[t] = dist0[v]
        if not outside[v] and not stop[v]:
            stop[v] = True
            n_t += 1
    if n_t > 0:
        sources = np.empty(n_a, np.int64)
        start = np.empty(n_a)
        m = 0
        for i in range(n_a):
            v = affected[i]
            best = np.inf
            for k in range(rptr[v], rptr[v + 1]):
                e = redge[k]
                u = tails[e]
                if outside[u] and dist0[u] + cost[e] < best:
                    best = dist0[u] + cost[e]
            if best < np.inf:
                sources[m] = v
                start[m] = best
                m += 1
        heap = (keys, items, where)
        search(
            indptr,
            indices,
            cost,
            sources[:m],
            start[:m],
            -1,
            None,
            outside,
            None,
            dist,
            pred,
            heap,
            stop,
        )
        for t in range(targets.shape[0]):
            v = targets[t]
            if not outside[v]:
                res[t] = dist[v]
            stop[v] = False
    for i in range(n_a):
        outside[affected[i]] = True
    return n_a
