"""One-to-all shortest-path trees on plain CSR arrays, and the paths they hold.

The public face of the path kernels for code that keeps its own copy of a graph's arrays
(criticality and scenario diffs ship them to Dask workers): arrays in, arrays out.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from corridor._types import FloatArray, IntArray
from corridor.paths._kernels import dijkstra, trace_edges


def shortest_tree(
    indptr: IntArray, indices: IntArray, cost: FloatArray, sources: npt.ArrayLike
) -> tuple[FloatArray, IntArray]:
    """Least cost of every vertex from ``sources`` (all at 0), and the edge reaching it.

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
    n = indptr.shape[0] - 1
    src = np.asarray(sources, dtype=np.int64).ravel()
    dist = np.empty(n)
    pred = np.empty(n, dtype=np.int64)
    dijkstra(indptr, indices, cost, src, np.zeros(src.shape[0]), -1, dist, pred)
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
    scratch = np.empty(pred.shape[0], dtype=np.int64) if out is None else out
    k = trace_edges(pred, tails, target, scratch)
    return scratch[k - 1 :: -1].copy() if k else np.empty(0, np.int64)


__all__ = ["path_edges", "shortest_tree"]
