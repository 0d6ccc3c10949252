"""Pareto fronts: every non-dominated path between two vertices over 2-4 criteria.

:func:`pareto_front` checks its arrays, runs the label-setting kernel of
``paths/_pareto.py`` (Martins' algorithm with dominance pruning) and traces the paths. It
works on plain CSR arrays and a criteria matrix, so any graph layout can call it: a
compiled ``Graph`` passes ``indptr``, ``indices`` and the columns it wants (time, cost,
CO2, P90-equivalent time, ...), with ``inf`` on edges a route may not use.

Bounding the label sets
-----------------------
The number of non-dominated labels can grow quickly with the number of criteria. Two
bounds, both reported:

* ``eps`` (epsilon-dominance): a new label is dropped when an existing one is within a
  factor ``1 + eps`` of it in every criterion. ``eps = 0`` (the default) is exact. With
  ``eps > 0`` every Pareto-optimal path of ``h`` edges is matched by a returned path no
  worse than ``(1 + eps)^h`` times it in every criterion, and the front is thinned to
  routes that differ by more than ``eps`` somewhere.
* ``max_labels_per_vertex`` and ``max_labels``: hard caps on the labels kept at one vertex
  and in total. Labels are processed cheapest first (by the sum of criteria scaled by
  their mean positive edge value), so a cap drops the dearest labels; ``capped`` says
  whether it happened (the front is then possibly incomplete, never wrong: every returned
  path is a real path with its exact cost).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from corridor._types import FloatArray, IntArray
from corridor.errors import InputError, NoRouteError
from corridor.paths import _pareto

DEFAULT_MAX_LABELS_PER_VERTEX = 2_000
DEFAULT_MAX_LABELS = 2_000_000


@dataclass(frozen=True, slots=True, eq=False)
class ParetoFront:
    """The non-dominated paths from a source to a target.

    Iterating yields ``(cost vector, edge path)`` pairs, ordered by the first criterion
    (then the second, ...). ``costs[i]`` is the exact sum of ``crit`` over ``paths[i]``.
    """

    costs: FloatArray
    """(m, k) cost vectors of the m paths."""
    paths: tuple[IntArray, ...]
    """Edge indices of each path, source to target."""
    capped: bool
    """A label cap dropped a non-dominated label: the front may be incomplete."""
    eps: float
    """The epsilon-dominance tolerance used (0 = exact)."""
    n_labels: int
    """Labels created by the search (its work)."""

    def __len__(self) -> int:
        return len(self.paths)

    def __iter__(self) -> Iterator[tuple[FloatArray, IntArray]]:
        return iter(zip(self.costs, self.paths, strict=True))


def _check(
    indptr: IntArray, indices: IntArray, crit: FloatArray, source: int, target: int
) -> tuple[IntArray, IntArray, FloatArray]:
    ip = np.ascontiguousarray(indptr, dtype=np.int64)
    ix = np.ascontiguousarray(indices, dtype=np.int64)
    c = np.ascontiguousarray(crit, dtype=np.float64)
    n = ip.shape[0] - 1
    if ip.ndim != 1 or n < 1 or ip[0] != 0 or ip[-1] != ix.shape[0] or (np.diff(ip) < 0).any():
        msg = "indptr must be a non-decreasing CSR pointer array from 0 to len(indices)"
        raise InputError(msg)
    if ix.size and (ix.min() < 0 or ix.max() >= n):
        msg = f"indices must be vertex numbers in [0, {n})"
        raise InputError(msg)
    if c.ndim != 2 or c.shape[0] != ix.shape[0] or c.shape[1] < 1:
        msg = f"crit must have shape (n_edges={ix.shape[0]}, k >= 1); got {c.shape}"
        raise InputError(msg)
    bad = np.isnan(c) | (c < 0.0)
    if bad.any():
        edges = np.flatnonzero(bad.any(axis=1))[:5].tolist()
        msg = f"crit must be >= 0 and not NaN (inf = edge absent); bad edges: {edges}"
        raise InputError(msg)
    for name, v in (("source", source), ("target", target)):
        if not 0 <= v < n:
            msg = f"{name} {v} is not a vertex (0..{n - 1})"
            raise InputError(msg)
    return ip, ix, c


def _order_weights(crit: FloatArray) -> FloatArray:
    """1 / mean positive finite value per column: scales criteria for the search order."""
    w = np.ones(crit.shape[1])
    for i in range(crit.shape[1]):
        col = crit[:, i]
        pos = col[np.isfinite(col) & (col > 0.0)]
        if pos.size:
            w[i] = 1.0 / float(pos.mean())
    return w


def _non_dominated(costs: FloatArray) -> IntArray:
    """Rows of ``costs`` not weakly dominated by another row (first of equal rows kept)."""
    keep: list[int] = []
    for i in range(costs.shape[0]):
        c = costs[i]
        dom = np.all(costs <= c, axis=1) & np.any(costs < c, axis=1)
        same = np.flatnonzero(np.all(costs == c, axis=1))
        if not dom.any() and same[0] == i:
            keep.append(i)
    return np.array(keep, dtype=np.int64)


def pareto_front(
    indptr: npt.ArrayLike,
    indices: npt.ArrayLike,
    crit: npt.ArrayLike,
    source: int,
    target: int,
    *,
    eps: float = 0.0,
    max_labels_per_vertex: int = DEFAULT_MAX_LABELS_PER_VERTEX,
    max_labels: int = DEFAULT_MAX_LABELS,
) -> ParetoFront:
    """All non-dominated paths from ``source`` to ``target`` over the columns of ``crit``.

    A path dominates another if it is no worse in every criterion and better in one. One
    path is returned per distinct non-dominated cost vector.

    Parameters
    ----------
    indptr, indices
        The graph in CSR form: the out-edges of vertex ``v`` are
        ``indptr[v]:indptr[v + 1]`` with heads ``indices[...]``.
    crit
        (n_edges, k) non-negative edge costs, k criteria (2-4 in practice); an edge with
        an ``inf`` entry is not used.
    source, target
        Vertex numbers.
    eps
        Epsilon-dominance tolerance (0 = exact; see the module docstring).
    max_labels_per_vertex, max_labels
        Caps on the labels kept at a vertex and in total; hitting one sets ``capped``.

    Returns
    -------
    ParetoFront

    Raises
    ------
    InputError
        Malformed arrays, negative or NaN costs, bad vertex numbers or options.
    NoRouteError
        The target cannot be reached.

    Examples
    --------
    >>> indptr, indices = [0, 2, 3, 4], [1, 2, 2, 0]
    >>> crit = [[1.0, 5.0], [4.0, 1.0], [1.0, 1.0], [1.0, 1.0]]  # 0->1, 0->2, 1->2, 2->0
    >>> [(c.tolist(), p.tolist()) for c, p in pareto_front(indptr, indices, crit, 0, 2)]
    [([2.0, 6.0], [0, 2]), ([4.0, 1.0], [1])]
    """
    ip, ix, c = _check(
        np.asarray(indptr), np.asarray(indices), np.asarray(crit, dtype=np.float64), source, target
    )
    if not eps >= 0.0:
        msg = f"eps must be >= 0; got {eps}"
        raise InputError(msg)
    if max_labels_per_vertex < 1 or max_labels < 1:
        msg = "max_labels_per_vertex and max_labels must be >= 1"
        raise InputError(msg)
    cost, pred, edge, tl, capped, n_lab = _pareto.pareto_labels(
        ip, ix, c, _order_weights(c), int(source), int(target), float(eps),
        int(max_labels_per_vertex), int(max_labels),
    )  # fmt: skip
    if tl.shape[0] == 0:
        msg = f"no path from vertex {source} to vertex {target}"
        if capped:
            msg += f" within max_labels={max_labels} (raise it or eps)"
        raise NoRouteError(msg)
    front = tl[_non_dominated(cost[tl])]
    order = np.lexsort(cost[front].T[::-1])
    front = front[order]
    paths: list[IntArray] = []
    for lab in front:
        steps: list[int] = []
        b = int(lab)
        while pred[b] >= 0:
            steps.append(int(edge[b]))
            b = int(pred[b])
        path = np.array(steps[::-1], dtype=np.int64)
        path.flags.writeable = False
        paths.append(path)
    costs = np.ascontiguousarray(cost[front])
    costs.flags.writeable = False
    return ParetoFront(
        costs=costs, paths=tuple(paths), capped=bool(capped), eps=float(eps), n_labels=int(n_lab)
    )


__all__ = ["ParetoFront", "pareto_front"]
