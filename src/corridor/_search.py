"""The heap search loop every shortest-path kernel runs (paths and assign both call it).

``search`` is label-setting Dijkstra, or A* with a lower bound, on one priority queue: an
indexed 4-ary min-heap (``keys[i]``, ``items[i]`` the key and vertex of slot ``i``,
``where[v]`` the slot of ``v``), half as deep as a binary heap, with its four children on
one cache line. The options that tell the searches apart (``lower``, ``blocked``,
``order``) are ``None`` when unused, and numba prunes their branches when it compiles each
variant, so every caller runs a loop with only its own code. The pop is written out in the
loop: LLVM does not inline a call to a pop helper (~15% slower), and inlining it at numba's
IR level (``inline="always"``) makes numba reference-count the heap arrays on every pop
(~10% slower); LLVM does inline the small ``sift_up``.

``sp_tree`` (the one-to-all tree in settling order with blocked vertices, which
all-or-nothing loading and column generation walk) and ``workspace`` live here too, so
``corridor.assign`` never reaches into ``corridor.paths``. Foundation layer: imports only
numpy and ``corridor._jit``.
"""

from __future__ import annotations

import numpy as np

from corridor._jit import njit

# where[v] markers: never pushed / popped (settled or, for A*, closed).
_UNSEEN = -1
_DONE = -2


@njit
def sift_up(keys, items, where, i, v, key):  # type: ignore[no-untyped-def]
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
def search(
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
    heap,
    stop=None,
):  # type: ignore[no-untyped-def]
    """The search loop behind every kernel; returns the number of pops.

    Dijkstra when ``lower`` is None, else A* on ``dist[v] + lower[v]`` (a vertex whose
    label drops after it was popped is reopened). ``blocked`` (or None): vertices popped
    but not expanded unless they are sources. ``order`` (or None): out, the vertices in the
    order they were popped. Stops when ``target`` is popped (-1: never), or (``stop``, a
    bool mask, or None) once every vertex marked in ``stop`` has been popped (Dijkstra only).
    """
    keys, items, where = heap  # the workspace: one tuple, so callers pass it in one name
    remaining = 0
    for v in range(dist.shape[0]):
        dist[v] = np.inf
        pred[v] = -1
        where[v] = _UNSEEN
        if stop is not None:
            if stop[v]:
                remaining += 1
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
            sift_up(keys, items, where, i, v, key)
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
        if stop is not None:
            if stop[u]:
                remaining -= 1
                if remaining == 0:
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
                sift_up(keys, items, where, i, v, key)
    return popped


@njit
def workspace(n_vertices: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Heap workspace ``(keys, items, where)`` for ``dijkstra_ws``, ``astar_ws``, ``sp_tree``."""
    return (
        np.empty(n_vertices, np.float64),
        np.empty(n_vertices, np.int64),
        np.empty(n_vertices, np.int64),
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
    return search(
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
        (keys, items, where),
    )


@njit
def pop_min(keys, items, where, size):  # type: ignore[no-untyped-def]
    """Remove the root of a heap of ``size`` entries; returns the new size. The root's
    ``where`` becomes ``_UNSEEN``, so it may be pushed again (label correcting).

    :func:`search` keeps its own copy of these lines, written out in its loop: called
    there, this function made Chicago-Sketch's 386 trees 33% slower (17.6 against 13.3 ms,
    7 December); :func:`tree_update` pops a few vertices a tree, where the call is free."""
    where[items[0]] = _UNSEEN
    size -= 1
    if size == 0:
        return size
    key = keys[size]
    item = items[size]
    i = 0
    while True:
        child = 4 * i + 1
        if child >= size:
            break
        best = child
        best_key = keys[child]
        last = min(child + 4, size)
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
    return size


@njit
def _relax(indptr, indices, cost, u, du, dist, pred, keys, items, where, size):  # type: ignore[no-untyped-def]
    """Lower the labels of ``u``'s heads through ``u`` (label ``du``); heads whose label
    drops go into the heap (again, if they were popped). Returns the heap's new size."""
    for e in range(indptr[u], indptr[u + 1]):
        v = indices[e]
        nd = du + cost[e]
        if nd < dist[v]:
            dist[v] = nd
            pred[v] = e
            i = where[v]
            if i < 0:
                i = size
                size += 1
            sift_up(keys, items, where, i, v, nd)
    return size


@njit
def tree_update(
    indptr, indices, tails, cost, source, blocked, dist, pred, keys, items, where, stack
):  # type: ignore[no-untyped-def]
    """The shortest-path tree of ``source`` at ``cost``, from its tree at other costs.

    ``pred`` (in: any tree of ``source``, the edge into each vertex, -1 for the source and
    for vertices it does not reach, as :func:`sp_tree` leaves it; out: a shortest-path tree
    at ``cost``) is repaired in place, and ``dist`` gets the exact distances at ``cost``.
    Between two iterations of an equilibrium most of a tree stays shortest, so this costs
    a pass over the vertices and edges plus heap work only where labels drop, against a
    full Dijkstra's heap work at every vertex.

    How: every vertex is first labelled with the length of its old tree path at ``cost``
    (an upper bound that a path attains; ``stack`` is int64 workspace of n_vertices);
    every edge whose head it would lower goes into a 4-ary heap, then the heap is worked
    off, label correcting: a vertex whose label drops is pushed again, even when popped
    before. At the end no edge lowers a label, so every label is the shortest distance,
    and ``pred`` holds an edge attaining it (-1 where the distance is inf, as in
    :func:`sp_tree`). Blocked vertices are not expanded unless they are ``source`` (as in
    :func:`sp_tree`). Costs must be >= 0 (inf allowed); ``pred`` must be a tree (no
    cycles), e.g. one that :func:`sp_tree` or this function left.

    Returns
    -------
    int : heap pops (0 when the old tree is still shortest).
    """
    n = dist.shape[0]
    for v in range(n):
        dist[v] = np.nan  # not labelled yet
        where[v] = _UNSEEN
    dist[source] = 0.0
    for v in range(n):
        top = 0
        w = v
        while dist[w] != dist[w]:  # climb to a labelled vertex
            e = pred[w]
            if e < 0:  # not reached by the tree
                dist[w] = np.inf
                break
            stack[top] = w
            top += 1
            w = tails[e]
        while top > 0:
            top -= 1
            w = stack[top]
            e = pred[w]
            d = dist[tails[e]] + cost[e]
            dist[w] = d
            if d == np.inf:  # its tree path costs inf now: unreached unless a drop finds it
                pred[w] = -1
    size = 0
    for u in range(n):
        if blocked[u] and u != source:
            continue
        size = _relax(indptr, indices, cost, u, dist[u], dist, pred, keys, items, where, size)
    pops = 0
    while size > 0:
        u = items[0]
        du = keys[0]
        size = pop_min(keys, items, where, size)
        pops += 1
        if blocked[u] and u != source:
            continue
        size = _relax(indptr, indices, cost, u, du, dist, pred, keys, items, where, size)
    return pops
