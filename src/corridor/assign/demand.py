"""Demand: origin-destination flows between graph vertices, checked once here.

A :class:`Demand` holds OD pairs as three arrays sorted by origin (vertex indices and
positive flows), plus the grouping the kernels use: ``origins`` (distinct origin
vertices) and ``origin_ptr`` (the pairs of ``origins[k]`` are
``origin_ptr[k]:origin_ptr[k + 1]``). Build it from triplets with :func:`demand_from_pairs`
or from a dense zone matrix with :func:`demand_from_matrix`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from corridor._types import FloatArray, IntArray
from corridor.errors import InputError


@dataclass(frozen=True, slots=True)
class Demand:
    """Positive OD flows sorted by origin, then destination; one row per distinct pair."""

    n_vertices: int
    orig: IntArray
    dest: IntArray
    flow: FloatArray
    origins: IntArray
    origin_ptr: IntArray

    @property
    def total(self) -> float:
        """Total demand."""
        return float(self.flow.sum())

    @property
    def n_pairs(self) -> int:
        """Number of OD pairs with positive demand."""
        return int(self.flow.shape[0])


def demand_from_pairs(
    orig: npt.ArrayLike,
    dest: npt.ArrayLike,
    flow: npt.ArrayLike,
    n_vertices: int,
) -> Demand:
    """Check OD triplets (vertex indices) and build a :class:`Demand`.

    Repeated pairs are summed; zero flows and intrazonal pairs (``orig == dest``) are dropped.

    Parameters
    ----------
    orig, dest
        0-based vertex indices.
    flow
        Non-negative finite flows.
    n_vertices
        Number of graph vertices (indices must be below it).

    Returns
    -------
    Demand

    Raises
    ------
    InputError
        On lengths that differ, indices out of range, negative or non-finite flows.

    Examples
    --------
    >>> d = demand_from_pairs([0, 0, 1], [1, 1, 0], [2.0, 3.0, 1.0], n_vertices=2)
    >>> d.flow.tolist(), d.total
    ([5.0, 1.0], 6.0)
    """
    o = np.asarray(orig).ravel()
    d = np.asarray(dest).ravel()
    f = np.asarray(flow, dtype=np.float64).ravel()
    if not (o.shape == d.shape == f.shape):
        msg = f"demand arrays differ in length: orig {o.size}, dest {d.size}, flow {f.size}"
        raise InputError(msg)
    for name, a in (("orig", o), ("dest", d)):
        if a.size and not np.issubdtype(a.dtype, np.integer):
            if not np.all(np.equal(np.mod(a, 1), 0)):
                msg = f"demand {name} must be integer vertex indices"
                raise InputError(msg)
        bad = np.flatnonzero((a < 0) | (a >= n_vertices))
        if bad.size:
            msg = f"demand {name} out of range 0..{n_vertices - 1}; bad rows: {bad[:5].tolist()}"
            raise InputError(msg)
    bad = np.flatnonzero(~np.isfinite(f) | (f < 0))
    if bad.size:
        msg = f"demand flow must be finite and >= 0; bad rows: {bad[:5].tolist()}"
        raise InputError(msg)
    o = o.astype(np.int64)
    d = d.astype(np.int64)
    keep = (f > 0) & (o != d)
    o, d, f = o[keep], d[keep], f[keep]
    key = o * n_vertices + d
    uniq, inverse = np.unique(key, return_inverse=True)
    summed = np.zeros(uniq.size, np.float64)
    np.add.at(summed, inverse, f)
    uo = (uniq // n_vertices).astype(np.int64)
    ud = (uniq % n_vertices).astype(np.int64)
    origins, starts = np.unique(uo, return_index=True)
    ptr = np.append(starts, uo.size).astype(np.int64)
    return Demand(n_vertices, uo, ud, summed, origins.astype(np.int64), ptr)


def demand_from_matrix(
    matrix: npt.ArrayLike,
    zone_vertices: npt.ArrayLike,
    n_vertices: int,
) -> Demand:
    """Build a :class:`Demand` from a dense zone-by-zone matrix.

    Parameters
    ----------
    matrix
        ``(n_zones, n_zones)`` non-negative flows; the diagonal is ignored.
    zone_vertices
        The graph vertex of each zone.
    n_vertices
        Number of graph vertices.

    Returns
    -------
    Demand

    Raises
    ------
    InputError
        If the matrix is not square or does not match ``zone_vertices``, or on bad values.
    """
    m = np.asarray(matrix, dtype=np.float64)
    z = np.asarray(zone_vertices, dtype=np.int64).ravel()
    if m.ndim != 2 or m.shape[0] != m.shape[1] or m.shape[0] != z.size:
        msg = f"demand matrix must be {z.size}x{z.size} (one row per zone), got {m.shape}"
        raise InputError(msg)
    i, j = np.nonzero(m)
    return demand_from_pairs(z[i], z[j], m[i, j], n_vertices)
