"""All-or-nothing loading as one call: the entry point of the flows' multi-class assignment
(``corridor.analysis.joint``), which searches each class's block of the graph on its own."""

from __future__ import annotations

import numpy as np

from corridor._types import FloatArray, IntArray
from corridor.assign._native import kernels
from corridor.assign.demand import Demand


def tails_of(indptr: IntArray) -> IntArray:
    """Tail vertex of every edge of a CSR graph."""
    n = indptr.shape[0] - 1
    return np.repeat(np.arange(n, dtype=np.int64), np.diff(indptr)).astype(np.int64)


def all_or_nothing(
    indptr: IntArray,
    indices: IntArray,
    cost: FloatArray,
    demand: Demand,
    tails: IntArray | None = None,
) -> FloatArray:
    """Edge flows of ``demand`` loaded on its least-``cost`` paths (one search per origin;
    a destination it cannot reach takes no flow).

    Examples
    --------
    >>> import numpy as np
    >>> from corridor.assign import demand_from_pairs
    >>> indptr = np.array([0, 2, 3, 3]); indices = np.array([1, 2, 2])
    >>> d = demand_from_pairs([0], [2], [5.0], n_vertices=3)
    >>> all_or_nothing(indptr, indices, np.array([1.0, 3.0, 1.0]), d).tolist()
    [5.0, 0.0, 5.0]
    """
    n = indptr.shape[0] - 1
    out = np.zeros(indices.shape[0], np.float64)
    kernels().aon(
        np.ascontiguousarray(indptr, np.int64),
        np.ascontiguousarray(indices, np.int64),
        np.ascontiguousarray(tails_of(indptr) if tails is None else tails, np.int64),
        np.ascontiguousarray(cost, np.float64),
        np.zeros(n, np.bool_),
        np.ascontiguousarray(demand.origins, np.int64),
        np.ascontiguousarray(demand.origin_ptr, np.int64),
        np.ascontiguousarray(demand.dest, np.int64),
        np.ascontiguousarray(demand.flow, np.float64),
        out,
    )
    return out
