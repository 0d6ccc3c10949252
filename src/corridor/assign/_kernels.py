# mypy: disable-error-code="no-untyped-call"
"""Assignment kernels over CSR arrays (numba).

Contract (STYLE.md rule 4): arrays in, preallocated arrays out, int64 indices, float64
costs and flows, no validation. A VDF is chosen by an integer code (``VDF_BPR``,
``VDF_CONICAL``); ``params`` is ``(n_edges, 4)``: t0, alpha, capacity, beta.

``blocked[v]`` marks vertices that may start or end a path but never sit inside one
(TNTP's zones below the "first thru node"); the shortest-path tree kernel
(``corridor._search.sp_tree``, the same 4-ary heap as every other search) settles
them but does not expand them unless they are the source.

Path-based equilibrium (gradient projection) keeps its path set in one structure, a
:class:`PathSet` (a named tuple of arrays: numba passes and builds it as one value), made by
:func:`new_path_set`. Each OD pair's paths form a singly linked list: ``od_head[od]`` is its
first path, ``next_path[p]`` the next (-1 ends), and path ``p``'s edges are
``pool[start[p]:start[p] + length[p]]``. ``counters`` holds paths ever allocated
(high-water mark), pool slots used, and the head of the free list of path ids (chained
through ``next_path``). The OD pairs are one :class:`OdPairs`: origins, where each origin's
pairs begin, their destinations and demands.
"""

from __future__ import annotations

import numpy as np

from corridor._jit import njit
from corridor._search import sp_tree, tree_update, workspace
from corridor.assign._pathset import (
    FREE_HEAD,
    PATHS_MADE,
    POOL_USED,
    VDF_BPR,
    VDF_CONICAL,
    OdPairs,
    PathSet,
    new_path_set,
    pool_dtype,
)

__all__ = [
    "FREE_HEAD",
    "PATHS_MADE",
    "POOL_USED",
    "VDF_BPR",
    "VDF_CONICAL",
    "OdPairs",
    "PathSet",
    "new_path_set",
    "pool_dtype",
]


@njit
def _pow(r, b):  # type: ignore[no-untyped-def]
    if b == 4.0:
        r2 = r * r
        return r2 * r2
    if b == 1.0:
        return r
    if b == 2.0:
        return r * r
    return r**b


@njit
def _conical_beta(a):  # type: ignore[no-untyped-def]
    return (2.0 * a - 1.0) / (2.0 * a - 2.0)


@njit
def vdf_cost(code, t0, a, cap, b, x):  # type: ignore[no-untyped-def]
    """Travel time of one edge at flow ``x`` (without the fixed cost)."""
    if code == VDF_BPR:
        if a == 0.0:
            return t0
        if b == 0.0:
            return t0 * (1.0 + a)
        r = x / cap
        if r <= 0.0:
            return t0
        return t0 * (1.0 + a * _pow(r, b))
    bb = _conical_beta(a)
    u = a * (1.0 - x / cap)
    return t0 * (2.0 + np.sqrt(u * u + bb * bb) - u - bb)


@njit
def vdf_derivative(code, t0, a, cap, b, x):  # type: ignore[no-untyped-def]
    """d time / d flow of one edge at flow ``x``."""
    if code == VDF_BPR:
        if a == 0.0 or b == 0.0 or t0 == 0.0:
            return 0.0
        r = x / cap
        if b == 1.0:
            return t0 * a / cap
        if r <= 0.0:
            return 0.0 if b > 1.0 else np.inf
        if b == 4.0:
            return 4.0 * t0 * a * r * r * r / cap
        return t0 * a * b * r ** (b - 1.0) / cap
    bb = _conical_beta(a)
    u = a * (1.0 - x / cap)
    return t0 * a / cap * (1.0 - u / np.sqrt(u * u + bb * bb))


@njit
def _conical_f(u, bb):  # type: ignore[no-untyped-def]
    return 0.5 * (u * np.sqrt(u * u + bb * bb) + bb * bb * np.arcsinh(u / bb))


@njit
def vdf_integral(code, t0, a, cap, b, x):  # type: ignore[no-untyped-def]
    """Integral of one edge's travel time from 0 to ``x``."""
    if x <= 0.0:
        return 0.0
    if code == VDF_BPR:
        if a == 0.0:
            return t0 * x
        if b == 0.0:
            return t0 * (1.0 + a) * x
        r = x / cap
        return t0 * x * (1.0 + a * _pow(r, b) / (b + 1.0))
    bb = _conical_beta(a)
    r = x / cap
    u = a * (1.0 - r)
    return (
        t0
        * cap
        * ((2.0 - bb) * r - a * (r - 0.5 * r * r) + (_conical_f(a, bb) - _conical_f(u, bb)) / a)
    )


@njit
def edge_costs(code, params, fixed, flow, out):  # type: ignore[no-untyped-def]
    """``out[e] = fixed[e] + vdf(flow[e])`` for every edge."""
    for e in range(flow.shape[0]):
        out[e] = fixed[e] + vdf_cost(
            code, params[e, 0], params[e, 1], params[e, 2], params[e, 3], flow[e]
        )


@njit
def edge_derivatives(code, params, flow, out):  # type: ignore[no-untyped-def]
    """``out[e] = vdf'(flow[e])`` for every edge."""
    for e in range(flow.shape[0]):
        out[e] = vdf_derivative(
            code, params[e, 0], params[e, 1], params[e, 2], params[e, 3], flow[e]
        )


@njit
def edge_integrals(code, params, fixed, flow, out):  # type: ignore[no-untyped-def]
    """``out[e]`` = integral of edge ``e``'s generalised cost from 0 to ``flow[e]``."""
    for e in range(flow.shape[0]):
        x = flow[e]
        out[e] = fixed[e] * x + vdf_integral(
            code, params[e, 0], params[e, 1], params[e, 2], params[e, 3], x
        )


@njit
def costs_and_derivatives(code, params, fixed, flow, cost, deriv):  # type: ignore[no-untyped-def]
    """Fill ``cost`` and ``deriv`` at ``flow`` in one pass."""
    for e in range(flow.shape[0]):
        t0 = params[e, 0]
        a = params[e, 1]
        cap = params[e, 2]
        b = params[e, 3]
        cost[e] = fixed[e] + vdf_cost(code, t0, a, cap, b, flow[e])
        deriv[e] = vdf_derivative(code, t0, a, cap, b, flow[e])


# --------------------------------------------------------------------------------------
# All-or-nothing loading on the shortest-path trees of ``corridor._search.sp_tree``


@njit
def aon(indptr, indices, tails, cost, blocked, origins, origin_ptr, dest, demand, out):  # type: ignore[no-untyped-def]
    """All-or-nothing loading of the demand on shortest paths at ``cost``.

    Writes edge flows to ``out`` and returns ``sum(demand * shortest path cost)``
    (``inf`` if some demand cannot reach its destination).
    """
    n = indptr.shape[0] - 1
    dist = np.empty(n, np.float64)
    pred = np.empty(n, np.int64)
    order = np.empty(n, np.int64)
    keys, items, where = workspace(n)
    load = np.zeros(n, np.float64)
    for e in range(out.shape[0]):
        out[e] = 0.0
    total = 0.0
    for k in range(origins.shape[0]):
        s = origins[k]
        n_set = sp_tree(indptr, indices, cost, s, blocked, dist, pred, order, keys, items, where)
        for j in range(origin_ptr[k], origin_ptr[k + 1]):
            d = dest[j]
            load[d] += demand[j]
            total += demand[j] * dist[d]
        for i in range(n_set - 1, -1, -1):
            v = order[i]
            q = load[v]
            if q != 0.0:
                e = pred[v]
                if e >= 0:
                    out[e] += q
                    load[tails[e]] += q
                load[v] = 0.0
    return total


# --------------------------------------------------------------------------------------
# Frank-Wolfe family: exact line search along a direction


@njit
def line_search(code, params, fixed, flow, target, lo, hi, tol):  # type: ignore[no-untyped-def]
    """Step ``s`` in ``[lo, hi]`` minimising the Beckmann objective on ``flow + s*(target-flow)``.

    Bisection on the directional derivative ``sum(cost(x(s)) * (target - flow))``.
    """
    m = flow.shape[0]

    def slope(s):  # type: ignore[no-untyped-def]
        g = 0.0
        for e in range(m):
            d = target[e] - flow[e]
            if d != 0.0:
                x = flow[e] + s * d
                g += d * (
                    fixed[e]
                    + vdf_cost(code, params[e, 0], params[e, 1], params[e, 2], params[e, 3], x)
                )
        return g

    if slope(hi) <= 0.0:
        return hi
    if slope(lo) >= 0.0:
        return lo
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        if hi - lo <= tol or mid == lo or mid == hi:
            break
        if slope(mid) > 0.0:
            hi = mid
        else:
            lo = mid
    return 0.5 * (lo + hi)


# --------------------------------------------------------------------------------------
# Path-based equilibrium (gradient projection)


@njit
def _grow_int(a, n):  # type: ignore[no-untyped-def]
    out = np.empty(n, a.dtype)
    out[: a.shape[0]] = a
    return out


@njit
def _grow_float(a, n):  # type: ignore[no-untyped-def]
    out = np.zeros(n, np.float64)
    out[: a.shape[0]] = a
    return out


@njit
def _compact(pool, od_head, path_next, path_start, path_len, need):  # type: ignore[no-untyped-def]
    """Make room for ``need`` more slots: the live paths move to the front of the pool,
    in place while they and ``need`` fill at most half of it (paths in the order they sit,
    each to a lower or equal position, so nothing is overwritten before it is moved, and
    no second pool is held), else into a new pool twice what they and ``need`` take.
    Either way half the pool is then free, so the paths added before the next compaction
    at least equal the slots it moves (amortised O(1) a slot; with a quarter free,
    compactions came every iteration on Chicago-Sketch, 15% of the solve; Austin-sdb's
    peak memory stays 153 MB).
    Returns ``(pool, slots used)``."""
    used = 0
    live = 0
    for od in range(od_head.shape[0]):
        p = od_head[od]
        while p != -1:
            used += path_len[p]
            live += 1
            p = path_next[p]
    if used + need <= pool.shape[0] // 2:
        ids = np.empty(live, np.int64)
        j = 0
        for od in range(od_head.shape[0]):
            p = od_head[od]
            while p != -1:
                ids[j] = p
                j += 1
                p = path_next[p]
        k = 0
        for j in np.argsort(path_start[ids]):
            p = ids[j]
            s = path_start[p]
            if s != k:
                for i in range(path_len[p]):
                    pool[k + i] = pool[s + i]
                path_start[p] = k
            k += path_len[p]
        return pool, k
    cap = max(2 * (used + need), 1024)
    new = np.empty(cap, pool.dtype)  # the narrowest type the edge ids fit (new_path_set)
    k = 0
    for od in range(od_head.shape[0]):
        p = od_head[od]
        while p != -1:
            s = path_start[p]
            for i in range(path_len[p]):
                new[k + i] = pool[s + i]
            path_start[p] = k
            k += path_len[p]
            p = path_next[p]
    return new, k


@njit
def path_cost(pool, start, length, cost):  # type: ignore[no-untyped-def]
    """Sum of edge costs along one stored path."""
    c = 0.0
    for i in range(start, start + length):
        c += cost[pool[i]]
    return c


@njit
def gp_columns(graph, cost, od, flow, paths, rel_tol, vdf, trees, have_trees):  # type: ignore[no-untyped-def]
    """Column generation: shortest paths from every origin at the current ``cost``.

    ``graph`` is ``(indptr, indices, tails, blocked)``, ``od`` an :class:`OdPairs`,
    ``paths`` a :class:`PathSet`. Adds each OD pair's
    shortest path to its set when it is cheaper than every path there by more than
    ``rel_tol`` (relative). Without loading, costs do not change during the pass, so the
    returned ``sum(demand * shortest path cost)`` belongs to the flows as they were on
    entry.

    Loading: an OD pair without paths gets its shortest path with the whole demand, added
    to ``flow``, and ``vdf`` = ``(code, params, fixed)`` then updates the ``cost`` of the
    edges each origin loaded before the next origin's tree is grown (incremental loading:
    the first pass sends each origin's demand over the network as the origins before it
    left it, a far better start than all of it at free flow). The caller refreshes costs
    and derivatives after a pass.

    ``trees`` (``(n_origins, n_vertices)``, the pool's integer type) keeps each origin's
    shortest-path tree (the edge into each vertex) from pass to pass: with
    ``have_trees`` it holds the trees of the previous pass, and each is repaired at the new
    costs (``corridor._search.tree_update``: a pass over the graph and heap work only
    where labels drop) instead of grown anew; either way it holds this pass's trees on
    return. A ``trees`` of zero rows keeps none (every tree is grown by Dijkstra).

    Returns ``(sp_total, paths, added)``; ``paths`` holds new arrays when they had to grow.
    """
    indptr, indices, tails, blocked = graph
    origins, origin_ptr, dest, demand = od
    od_head, path_next, path_flow, path_start, path_len, pool, meta = paths
    code, params, fixed = vdf
    n = indptr.shape[0] - 1
    keep = trees.shape[0] > 0
    dist = np.empty(n, np.float64)
    pred = np.empty(n, np.int64)
    order = np.empty(n, np.int64)
    keys, items, where = workspace(n)
    trace = np.empty(n, np.int64)
    loaded = np.zeros(flow.shape[0], np.bool_)
    loaded_list = np.empty(flow.shape[0], np.int64)
    total = 0.0
    added = 0
    for k in range(origins.shape[0]):
        s = origins[k]
        if keep and have_trees:
            row = trees[k]
            for v in range(n):
                pred[v] = row[v]
            tree_update(
                indptr, indices, tails, cost, s, blocked, dist, pred, keys, items, where, order
            )
        else:
            sp_tree(indptr, indices, cost, s, blocked, dist, pred, order, keys, items, where)
        if keep:
            row = trees[k]
            for v in range(n):
                row[v] = pred[v]
        n_loaded = 0
        for od_i in range(origin_ptr[k], origin_ptr[k + 1]):
            d = dest[od_i]
            sp = dist[d]
            total += demand[od_i] * sp
            if sp == np.inf:
                continue
            best = np.inf
            p = od_head[od_i]
            while p != -1:
                c = path_cost(pool, path_start[p], path_len[p], cost)
                if c < best:
                    best = c
                p = path_next[p]
            if od_head[od_i] != -1 and sp >= best - rel_tol * best:
                continue
            # trace the new path (reversed into ``trace``)
            length = 0
            v = d
            while v != s:
                e = pred[v]
                trace[length] = e
                length += 1
                v = tails[e]
            # a path id
            if meta[FREE_HEAD] >= 0:
                pid = meta[FREE_HEAD]
                meta[FREE_HEAD] = path_next[pid]
            else:
                pid = meta[PATHS_MADE]
                meta[PATHS_MADE] += 1
                if pid >= path_next.shape[0]:
                    cap = 2 * path_next.shape[0] + 16
                    path_next = _grow_int(path_next, cap)
                    path_start = _grow_int(path_start, cap)
                    path_len = _grow_int(path_len, cap)
                    path_flow = _grow_float(path_flow, cap)
            # pool room
            if meta[POOL_USED] + length > pool.shape[0]:
                pool, used = _compact(pool, od_head, path_next, path_start, path_len, length)
                meta[POOL_USED] = used
            start = meta[POOL_USED]
            for i in range(length):
                pool[start + i] = trace[length - 1 - i]
            meta[POOL_USED] += length
            path_start[pid] = start
            path_len[pid] = length
            if od_head[od_i] == -1:
                path_flow[pid] = demand[od_i]
                for i in range(length):
                    e = trace[i]
                    flow[e] += demand[od_i]
                    if not loaded[e]:
                        loaded[e] = True
                        loaded_list[n_loaded] = e
                        n_loaded += 1
            else:
                path_flow[pid] = 0.0
            path_next[pid] = od_head[od_i]
            od_head[od_i] = pid
            added += 1
        for j in range(n_loaded):
            e = loaded_list[j]
            loaded[e] = False
            x = flow[e]
            cost[e] = fixed[e] + vdf_cost(
                code, params[e, 0], params[e, 1], params[e, 2], params[e, 3], x
            )
    # a plain tuple (the caller makes it a PathSet): ahead-of-time kernels box tuples only
    return total, (od_head, path_next, path_flow, path_start, path_len, pool, meta), added


@njit
def _update_edge(code, params, fixed, flow, cost, deriv, e, delta):  # type: ignore[no-untyped-def]
    x = flow[e] + delta
    flow[e] = x
    t0 = params[e, 0]
    a = params[e, 1]
    cap = params[e, 2]
    b = params[e, 3]
    cost[e] = fixed[e] + vdf_cost(code, t0, a, cap, b, x)
    deriv[e] = vdf_derivative(code, t0, a, cap, b, x)


@njit
def gp_shift(code, params, fixed, flow, cost, deriv, paths):  # type: ignore[no-untyped-def]
    """One Gauss-Seidel sweep of gradient projection over every OD pair of ``paths`` (a
    :class:`PathSet`).

    For each pair, flow moves from every path to the pair's cheapest path by the Newton
    step ``(c_p - c_min) / sum of derivatives on the edges the two paths do not share``
    (capped by the path's flow); edge flows, costs and derivatives are updated at once.
    Paths left without flow are freed. Returns the total flow moved.
    """
    od_head, path_next, path_flow, path_start, path_len, pool, meta = paths
    mark = np.full(flow.shape[0], -1, np.int64)
    mark2 = np.full(flow.shape[0], -1, np.int64)
    moved = 0.0
    stamp = 0
    for od in range(od_head.shape[0]):
        head = od_head[od]
        if head == -1 or path_next[head] == -1:
            continue
        best = -1
        bestc = np.inf
        p = head
        while p != -1:
            c = path_cost(pool, path_start[p], path_len[p], cost)
            if c < bestc:
                bestc = c
                best = p
            p = path_next[p]
        stamp += 1
        bs = path_start[best]
        bl = path_len[best]
        for i in range(bs, bs + bl):
            mark[pool[i]] = stamp
        prev = -1
        p = head
        while p != -1:
            nxt = path_next[p]
            if p == best:
                prev = p
                p = nxt
                continue
            ps = path_start[p]
            pl = path_len[p]
            c = 0.0
            s = 0.0
            for i in range(ps, ps + pl):
                e = pool[i]
                c += cost[e]
                mark2[e] = stamp
                if mark[e] != stamp:
                    s += deriv[e]
            cb = 0.0
            for i in range(bs, bs + bl):
                e = pool[i]
                cb += cost[e]
                if mark2[e] != stamp:
                    s += deriv[e]
            diff = c - cb
            fp = path_flow[p]
            if diff > 0.0 and fp > 0.0:
                if s > 0.0:
                    delta = diff / s
                    if delta > fp:
                        delta = fp
                else:
                    delta = fp
                for i in range(ps, ps + pl):
                    e = pool[i]
                    if mark[e] != stamp:
                        _update_edge(code, params, fixed, flow, cost, deriv, e, -delta)
                for i in range(bs, bs + bl):
                    e = pool[i]
                    if mark2[e] != stamp:
                        _update_edge(code, params, fixed, flow, cost, deriv, e, delta)
                path_flow[best] += delta
                fp -= delta
                path_flow[p] = fp
                moved += delta
            # clear this path's mark2 so that the next path of the pair starts clean
            for i in range(ps, ps + pl):
                mark2[pool[i]] = -1
            if fp <= 0.0:
                path_flow[p] = 0.0
                if prev == -1:
                    od_head[od] = nxt
                else:
                    path_next[prev] = nxt
                path_next[p] = meta[FREE_HEAD]
                meta[FREE_HEAD] = p
            else:
                prev = p
            p = nxt
        # marks carry the stamp; stamps only grow, so no reset of ``mark`` is needed
    return moved


@njit
def gp_link_flows(paths, flow):  # type: ignore[no-untyped-def]
    """Edge flows re-summed from the path flows of ``paths`` (a :class:`PathSet`; clears
    the drift of incremental updates). Returns the number of paths."""
    od_head, path_next, path_flow, path_start, path_len, pool, _ = paths
    for e in range(flow.shape[0]):
        flow[e] = 0.0
    n_paths = 0
    for od in range(od_head.shape[0]):
        p = od_head[od]
        while p != -1:
            f = path_flow[p]
            n_paths += 1
            if f != 0.0:
                s = path_start[p]
                for i in range(s, s + path_len[p]):
                    flow[pool[i]] += f
            p = path_next[p]
    return n_paths
