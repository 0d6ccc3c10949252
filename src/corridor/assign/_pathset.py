"""The numba-free half of the assignment kernels' contract: VDF codes, the path set of
gradient projection and the OD pairs (see :mod:`corridor.assign._kernels`). Kept apart so
that the ahead-of-time kernels (:mod:`corridor.assign._native`) run without importing
numba."""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from corridor._types import FloatArray, IntArray

VDF_BPR = 0
VDF_CONICAL = 1

PATHS_MADE = 0
POOL_USED = 1
FREE_HEAD = 2
"""Slots of :attr:`PathSet.counters`."""


class PathSet(NamedTuple):
    """The paths of gradient projection, per OD pair (see :mod:`corridor.assign._kernels`)."""

    od_head: IntArray
    """(n_od,) first path of each OD pair, -1 for none."""
    next_path: IntArray
    """(capacity,) the pair's next path (-1 ends); free ids are chained through it too
    (int32 in :func:`new_path_set`: path ids, like lengths, stay far below 2**31)."""
    flow: FloatArray
    """(capacity,) flow on each path."""
    start: IntArray
    """(capacity,) where each path's edges begin in ``pool``."""
    length: IntArray
    """(capacity,) how many edges each path has."""
    pool: IntArray
    """Edge ids of every path, back to back (the narrowest integer type the edge ids fit,
    :func:`new_path_set`)."""
    counters: IntArray
    """(3,) paths allocated, pool slots used, head of the free list (``PATHS_MADE`` ...)."""


class OdPairs(NamedTuple):
    """OD pairs grouped by origin: pairs ``origin_ptr[k]:origin_ptr[k + 1]`` start at
    ``origins[k]``; ``dest`` and ``demand`` per pair."""

    origins: IntArray
    origin_ptr: IntArray
    dest: IntArray
    demand: FloatArray


def new_path_set(n_od: int, n_edges: int = 0) -> PathSet:
    """An empty path set for ``n_od`` OD pairs (room for two paths each; it grows) on a
    graph of ``n_edges`` edges: the pool of edge ids, most of the memory on large networks,
    is the narrowest integer the ids fit (int16 up to 32,767 edges, a quarter of int64's
    bytes; then int32)."""
    cap = 2 * n_od + 16
    ids = pool_dtype(n_edges)
    return PathSet(
        np.full(n_od, -1, np.int64),
        np.full(cap, -1, np.int32),
        np.zeros(cap),
        np.zeros(cap, np.int64),
        np.zeros(cap, np.int32),
        np.empty(max(16 * n_od, 1024), ids),
        np.array([0, 0, -1], np.int64),
    )


def pool_dtype(n_edges: int) -> type[np.signedinteger[Any]]:
    """The integer type of a path pool on a graph of ``n_edges`` edges (ids 0..n-1)."""
    if n_edges <= np.iinfo(np.int16).max + 1:
        return np.int16
    return np.int32 if n_edges <= np.iinfo(np.int32).max + 1 else np.int64


# --------------------------------------------------------------------------------------
# Volume-delay functions (scalar, then whole arrays)
