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

All five run one search loop, ``_search``, on one priority queue: an indexed 4-ary min-heap
(``keys[i]``, ``items[i]`` the key and vertex of slot ``i``, ``where[v]`` the slot of ``v``),
half as deep as a binary heap, with its four children on one cache line. The options that
tell the searches apart (``lower``, ``blocked``, ``order``) are ``None`` when unused, and
numba prunes their branches when it compiles each variant, so every kernel runs a loop with
only its own code. The pop is written out in that loop: LLVM does not inline a call to a
pop helper (~15% slower), and inlining it at numba's IR level (``inline="always"``) makes
numba reference-count the heap arrays on every pop (~10% slower); LLVM does inline the
small ``_sift_up``. For one-to-all searches on large graphs ``dijkstra`` scans an int32 copy of
the CSR structure. On the 1M-edge road-like graph of ``benchmarks/paths.py`` this is ~30%
faster than the binary heap it replaced and ~0.85x the time of
``scipy.sparse.csgraph.dijkstra``.
"""

from __future__ import annotations

import numpy as np

from corridor._jit import njit

# where[v] markers: never pushed / popped (settled or, for A*, closed).
_UNSEEN = -1
_DONE = -2
# dijkstra copies indptr/indices to int32 for one-to-all searches on graphs this large.
_COPY_MIN_EDGES = 1 << 16
_INT32_MAX = 2**31 - 1


# --------------------------------------------------------------------------------------
# The search


@njit
def _sift_up(keys, items, where, i, v, key):  # type: ignore[no-untyped-def]
    """Put ``v`` with ``key`` in heap slot ``i`` and move it up to its place.

    ``i`` is ``v``'s own slot (its key lowered to ``key``) or the first free slot.
    """
    while i > 0:
        parent = (i - 1) >> 2
        pk = keys[parent]
        if pk <= key:
            break
        keys[i] = pk
        w = items[parent]
        items[i] = w
        where[w] = i
        i = parent
    keys[i] = key
    items[i] = v
    where[v] = i


@njit
def _search(  # type: ignore[no-untyped-def]
    indptr,
    indices,
    cost,
    sources,
    source_dist,
    target,
    lower,
    blocked,
    order,
    dist,
    pred,
    keys,
    items,
    where,
):
    """The search loop behind every kernel; returns the number of pops.

    Dijkstra when ``lower`` is None, else A* on ``dist[v] + lower[v]`` (a vertex whose
    label drops after it was popped is reopened). ``blocked`` (or None): vertices popped
    but not expanded unless they are sources. ``order`` (or None): out, the vertices in the
    order they were popped. Stops when ``target`` is popped (-1: never).
    """
    for v in range(dist.shape[0]):
        dist[v] = np.inf
        pred[v] = -1
        where[v] = _UNSEEN
    size = 0
    for s in range(sources.shape[0]):
        v = sources[s]
        d = source_dist[s]
        if d < dist[v]:
            dist[v] = d
            if lower is None:
                key = d
            else:
                key = d + lower[v]
                if not key < np.inf:  # target unreachable from v: never expand it
                    continue
            i = where[v]
            if i < 0:
                i = size
                size += 1
            _sift_up(keys, items, where, i, v, key)
    popped = 0
    while size > 0:
        u = items[0]
        du = keys[0]
        # pop: move the last slot's entry down from the root
        where[u] = _DONE
        size -= 1
        if size > 0:
            key = keys[size]
            item = items[size]
            i = 0
            while True:
                child = 4 * i + 1
                if child >= size:
                    break
                best = child
                best_key = keys[child]
                last = child + 4
                if last > size:
                    last = size
                for c in range(child + 1, last):
                    if keys[c] < best_key:
                        best_key = keys[c]
                        best = c
                if best_key >= key:
                    break
                keys[i] = best_key
                w = items[best]
                items[i] = w
                where[w] = i
                i = best
            keys[i] = key
            items[i] = item
            where[item] = i
        if order is not None:
            order[popped] = u
        popped += 1
        if u == target:
            break
        if blocked is not None:
            if blocked[u] and pred[u] >= 0:  # reached over an edge: not a source
                continue
        if lower is not None:
            du = dist[u]  # the key was dist[u] + lower[u]
        for e in range(indptr[u], indptr[u + 1]):
            v = indices[e]
            nd = du + cost[e]
            if nd < dist[v]:
                i = where[v]
                if lower is None:
                    if i == _DONE:
                        continue
                    key = nd
                else:
                    key = nd + lower[v]
                dist[v] = nd
                pred[v] = e
                if lower is not None:
                    if not key < np.inf:
                        continue
                if i < 0:
                    i = size
                    size += 1
                _sift_up(keys, items, where, i, v, key)
    return popped


# --------------------------------------------------------------------------------------
# Dijkstra


@njit
def workspace(n_vertices: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Heap workspace ``(keys, items, where)`` for ``dijkstra_ws``, ``astar_ws``, ``sp_tree``."""
    return (
        np.empty(n_vertices, np.float64),
        np.empty(n_vertices, np.int64),
        np.empty(n_vertices, np.int64),
    )


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
    return _search(
        indptr,
        indices,
        cost,
        sources,
        source_dist,
        target,
        None,
        None,
        None,
        dist,
        pred,
        keys,
        items,
        where,
    )


@njit
def sp_tree(indptr, indices, cost, source, blocked, dist, pred, order, keys, items, where):  # type: ignore[no-untyped-def]
    """One-to-all shortest-path tree of ``source``, in settling order, with blocked vertices.

    Parameters
    ----------
    indptr, indices, cost, dist, pred : as for ``dijkstra``.
    source : the root vertex.
    blocked : bool, length n_vertices: vertices that may end a path but are not expanded
        unless they are ``source`` (TNTP's zones below the first thru node).
    order : int64 out, length n_vertices: the settled vertices in the order they were
        settled (non-decreasing ``dist``); walking ``order[:n_settled]`` backwards visits
        every vertex before its tree predecessor.
    keys, items, where : heap workspace from ``workspace(n_vertices)``.

    Returns
    -------
    int : ``n_settled``, the number of vertices settled (reached).
    """
    sources = np.full(1, source, np.int64)
    return _search(
        indptr,
        indices,
        cost,
        sources,
        np.zeros(1),
        -1,
        None,
        blocked,
        order,
        dist,
        pred,
        keys,
        items,
        where,
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
    return _search(
        indptr,
        indices,
        cost,
        sources,
        source_dist,
        target,
        lower,
        None,
        None,
        dist,
        pred,
        keys,
        items,
        where,
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
