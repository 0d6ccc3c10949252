"""Shortest-path kernels over CSR arrays (numba).

Contract (STYLE.md rule 4): arrays in, preallocated arrays out, fixed dtypes (int64 indices,
float64 costs), no validation. An edge whose cost is ``inf`` is absent. Predecessors are
stored as *edge* indices so that parallel edges (a rail and a road link between the same
two vertices) are told apart.
"""

from __future__ import annotations

import numpy as np

from corridor._jit import njit

# --------------------------------------------------------------------------------------
# Indexed binary min-heap: keys[i] is the key of heap slot i, items[i] its vertex, and
# where[v] is v's slot (-1: never pushed, -2: popped/settled).


@njit
def _sift_up(keys, items, where, i):  # type: ignore[no-untyped-def]
    key = keys[i]
    item = items[i]
    while i > 0:
        parent = (i - 1) >> 1
        if keys[parent] <= key:
            break
        keys[i] = keys[parent]
        items[i] = items[parent]
        where[items[i]] = i
        i = parent
    keys[i] = key
    items[i] = item
    where[item] = i


@njit
def _sift_down(keys, items, where, i, size):  # type: ignore[no-untyped-def]
    key = keys[i]
    item = items[i]
    while True:
        child = 2 * i + 1
        if child >= size:
            break
        right = child + 1
        if right < size and keys[right] < keys[child]:
            child = right
        if keys[child] >= key:
            break
        keys[i] = keys[child]
        items[i] = items[child]
        where[items[i]] = i
        i = child
    keys[i] = key
    items[i] = item
    where[item] = i


@njit
def dijkstra(indptr, indices, cost, sources, source_dist, target, dist, pred):  # type: ignore[no-untyped-def]
    """Label-setting shortest paths from several sources.

    Parameters
    ----------
    indptr, indices : int64 CSR arrays of the graph (edges sorted by tail).
    cost : float64 edge costs, ``>= 0``; ``inf`` removes an edge.
    sources : int64 source vertices; ``source_dist`` their starting labels.
    target : vertex at which to stop early, or -1 to settle every reachable vertex.
    dist : float64 out, length n_vertices: final labels (``inf`` where unreached).
    pred : int64 out, length n_vertices: the edge that reached each vertex (-1 for none).

    Returns
    -------
    int : the number of vertices settled.
    """
    n = dist.shape[0]
    for v in range(n):
        dist[v] = np.inf
        pred[v] = -1
    keys = np.empty(n, np.float64)
    items = np.empty(n, np.int64)
    where = np.full(n, -1, np.int64)
    size = 0
    for s in range(sources.shape[0]):
        v = sources[s]
        d = source_dist[s]
        if d < dist[v]:
            dist[v] = d
            if where[v] == -1:
                keys[size] = d
                items[size] = v
                where[v] = size
                size += 1
                _sift_up(keys, items, where, size - 1)
            else:
                keys[where[v]] = d
                _sift_up(keys, items, where, where[v])
    settled = 0
    while size > 0:
        u = items[0]
        du = keys[0]
        where[u] = -2
        size -= 1
        if size > 0:
            keys[0] = keys[size]
            items[0] = items[size]
            where[items[0]] = 0
            _sift_down(keys, items, where, 0, size)
        settled += 1
        if u == target:
            break
        for e in range(indptr[u], indptr[u + 1]):
            v = indices[e]
            nd = du + cost[e]
            if nd < dist[v]:
                wv = where[v]
                if wv == -2:
                    continue
                dist[v] = nd
                pred[v] = e
                if wv == -1:
                    keys[size] = nd
                    items[size] = v
                    where[v] = size
                    size += 1
                    _sift_up(keys, items, where, size - 1)
                else:
                    keys[wv] = nd
                    _sift_up(keys, items, where, wv)
    return settled


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
