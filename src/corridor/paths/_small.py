"""The numpy tier of the one-to-one searches: no numba on a cold start.

A command that routes once (``corridor route almaty karachi``) would spend most of its time
importing numba and loading its cached kernels (~0.4 s of CPU) for searches that take
milliseconds on a graph of a few thousand edges. :func:`dijkstra` and :func:`trace_edges`
here are what :mod:`corridor.paths.route` calls: they run numba's kernels
(:mod:`corridor.paths._kernels`) when numba is already imported (or
``CORRIDOR_KERNELS=numba``, :mod:`corridor._tier`), when the graph is large
(more than :data:`SMALL_EDGES` edges), for one-to-all searches (batch work) or once the
numpy tier has used its CPU budget in this process (``corridor._tier.BUDGET_S``: a
long-running process then pays numba's import once and gets its speed); otherwise they
run :func:`dijkstra_np`.

:func:`dijkstra_np` is the same search as ``corridor._search.search`` (Dijkstra with an
early stop at the target, on the same indexed 4-ary min-heap, with the same sift rules),
so it pops the vertices in the same order, breaks ties between equal labels the same way
and adds the same floats: ``dist`` and ``pred`` are identical to the kernel's, element for
element (``tests/paths/test_small_search.py`` checks every place pair of the shipped
network under every objective and several options, and random graphs full of ties). Each
popped vertex's out-edges are relaxed as one numpy step; only the edges that improve a
label touch the heap, in Python (a few per pop on these graphs).
"""

from __future__ import annotations

import numpy as np

from corridor._tier import charged, numpy_tier
from corridor._types import FloatArray, IntArray

SMALL_EDGES = 20_000
"""Graphs with at most this many edges are searched with numpy until numba is loaded."""

_UNSEEN = -1
_DONE = -2


def use_numpy(n_edges: int, target: int) -> bool:
    """Whether the next search (on a graph of ``n_edges`` edges, to ``target``; -1: one to
    all, which is batch work and stays on numba) runs on the numpy tier."""
    return target >= 0 and n_edges <= SMALL_EDGES and numpy_tier()


def dijkstra(
    indptr: IntArray,
    indices: IntArray,
    cost: FloatArray,
    sources: IntArray,
    source_dist: FloatArray,
    target: int,
    dist: FloatArray,
    pred: IntArray,
) -> int:
    """``corridor.paths._kernels.dijkstra`` (same arguments, results and return), on the
    numpy tier when :func:`use_numpy` says so."""
    if use_numpy(indices.shape[0], target):
        return charged(
            lambda: dijkstra_np(indptr, indices, cost, sources, source_dist, target, dist, pred)
        )
    from corridor.paths._kernels import dijkstra as kernel

    return int(kernel(indptr, indices, cost, sources, source_dist, target, dist, pred))


def load_kernels() -> None:
    """Load numba and the compiled search and Monte Carlo kernels now, for a long-running
    process (the web service calls it at start-up, in a thread): from then on every search
    and simulation runs on them. The numpy tier is for one-shot commands."""
    from corridor.paths._kernels import dijkstra as kernel
    from corridor.reliability import transit

    ip, ix = np.zeros(2, np.int64), np.zeros(0, np.int64)
    dist, pred = np.empty(1), np.empty(1, np.int64)
    kernel(ip, ix, np.zeros(0), np.zeros(1, np.int64), np.zeros(1), 0, dist, pred)
    one = transit.EdgeDistributions.from_dwell([1.0], [1.0], [2.0])
    transit.simulate(one, rng=np.random.default_rng(0), n_samples=1)


def trace_edges(pred: IntArray, tails: IntArray, target: int, out: IntArray) -> int:
    """``corridor.paths._kernels.trace_edges``: the path's edges into ``out``, reversed;
    returns their count (a walk along one path, no numba needed)."""
    k = 0
    v = int(target)
    e = int(pred[v])
    while e >= 0:
        out[k] = e
        k += 1
        v = int(tails[e])
        e = int(pred[v])
    return k


def dijkstra_np(  # noqa: C901 (one search loop, written out as the kernel's)
    indptr: IntArray,
    indices: IntArray,
    cost: FloatArray,
    sources: IntArray,
    source_dist: FloatArray,
    target: int,
    dist: FloatArray,
    pred: IntArray,
) -> int:
    """Dijkstra from ``sources`` (starting labels ``source_dist``) stopping when ``target``
    is popped (-1: never), exactly as ``corridor._search.search`` runs it without a bound,
    blocked vertices or stop mask. Fills ``dist`` and ``pred``; returns the number of pops.
    """
    n = dist.shape[0]
    dist[:] = np.inf
    pred[:] = -1
    where = [_UNSEEN] * n
    keys: list[float] = []
    items: list[int] = []
    ptr = indptr.tolist()
    target = int(target)

    def sift_up(i: int, v: int, key: float) -> None:
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

    size = 0
    for v, d in zip(sources.tolist(), source_dist.tolist(), strict=True):
        if d < dist[v]:
            dist[v] = d
            i = where[v]
            if i < 0:
                i = size
                size += 1
                keys.append(d)
                items.append(v)
            sift_up(i, v, d)
    popped = 0
    while size > 0:
        u = items[0]
        du = keys[0]
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
        del keys[size:], items[size:]
        popped += 1
        if u == target:
            break
        a, b = ptr[u], ptr[u + 1]
        if a == b:
            continue
        heads = indices[a:b]
        nd = du + cost[a:b]
        better = np.flatnonzero(nd < dist[heads])
        if better.shape[0] == 0:
            continue
        # the edges that improve a label, in edge order (a later parallel edge to the same
        # head is checked again against the label the earlier one set, as in the kernel)
        for j, v, d in zip(
            better.tolist(), heads[better].tolist(), nd[better].tolist(), strict=True
        ):
            if not d < dist[v]:
                continue
            i = where[v]
            if i == _DONE:
                continue
            dist[v] = d
            pred[v] = a + j
            if i < 0:
                i = size
                size += 1
                keys.append(d)
                items.append(v)
            sift_up(i, v, d)
    return popped


__all__ = [
    "SMALL_EDGES",
    "dijkstra",
    "dijkstra_np",
    "load_kernels",
    "trace_edges",
    "use_numpy",
]
