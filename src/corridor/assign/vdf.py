# mypy: disable-error-code="no-untyped-call"
"""Volume-delay functions (VDFs) and the per-edge cost model of an assignment.

A VDF maps an edge's flow to its travel time from four per-edge parameters: free-flow time
``t0``, ``capacity``, ``alpha`` and ``beta``. The generalised edge cost is
``fixed_cost + vdf(flow)``, where ``fixed_cost`` holds the flow-independent part (tolls,
distance charges). Each VDF provides its cost, derivative and integral (the integral gives
the Beckmann objective); the kernels in :mod:`corridor.assign._kernels` evaluate them by the
VDF's integer ``code``.

- ``bpr``: ``t0 * (1 + alpha * (v / capacity) ** beta)`` (``beta = 0`` gives the constant
  ``t0 * (1 + alpha)``, as in TNTP's Barcelona and Winnipeg).
- ``conical`` (Spiess 1990): ``t0 * (2 + sqrt(a²(1-r)² + b²) - a(1-r) - b)`` with
  ``r = v / capacity``, ``a = alpha > 1`` and ``b = (2a - 1) / (2a - 2)``; ``beta`` unused.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from corridor._types import FloatArray
from corridor.assign import _pathset as P
from corridor.assign._native import kernels
from corridor.errors import InputError


@dataclass(frozen=True, slots=True)
class VDF:
    """A volume-delay function known to the kernels (``code`` selects it there)."""

    name: str
    code: int
    formula: str


VDFS: dict[str, VDF] = {
    "bpr": VDF("bpr", P.VDF_BPR, "t0 * (1 + alpha * (v / capacity) ** beta)"),
    "conical": VDF(
        "conical", P.VDF_CONICAL, "t0 * (2 + sqrt(a²(1-r)² + b²) - a(1-r) - b), b=(2a-1)/(2a-2)"
    ),
}


def get_vdf(name: str) -> VDF:
    """The VDF registered under ``name``; an unknown name fails with the menu."""
    try:
        return VDFS[name]
    except KeyError:
        msg = f"unknown vdf {name!r}; choose from {sorted(VDFS)}"
        raise InputError(msg) from None


@dataclass(frozen=True, slots=True)
class EdgeCosts:
    """Per-edge cost model: ``fixed_cost + vdf(flow; t0, capacity, alpha, beta)``.

    Build it with :func:`edge_costs`, which checks the arrays. ``params`` is the
    ``(n_edges, 4)`` float64 matrix the kernels read (t0, alpha, capacity, beta).
    """

    vdf: VDF
    params: FloatArray
    fixed_cost: FloatArray

    @property
    def n_edges(self) -> int:
        """Number of edges."""
        return int(self.params.shape[0])

    def _arrays(self) -> tuple[FloatArray, FloatArray]:
        """``params`` and ``fixed_cost`` as the kernels take them (C order, float64)."""
        return (
            np.ascontiguousarray(self.params, np.float64),
            np.ascontiguousarray(self.fixed_cost, np.float64),
        )

    def _flow(self, flow: FloatArray) -> FloatArray:
        f = np.ascontiguousarray(flow, dtype=np.float64).ravel()
        if f.shape[0] != self.n_edges:
            msg = f"flow has {f.shape[0]} values, there are {self.n_edges} edges"
            raise InputError(msg)
        return f

    def cost(self, flow: FloatArray) -> FloatArray:
        """Generalised cost of every edge at ``flow``."""
        out = np.empty(self.n_edges, np.float64)
        kernels().edge_costs(self.vdf.code, *self._arrays(), self._flow(flow), out)
        return out

    def derivative(self, flow: FloatArray) -> FloatArray:
        """d cost / d flow of every edge at ``flow``."""
        out = np.empty(self.n_edges, np.float64)
        kernels().edge_derivatives(self.vdf.code, self._arrays()[0], self._flow(flow), out)
        return out

    def integral(self, flow: FloatArray) -> FloatArray:
        """Integral of every edge's cost from 0 to ``flow`` (its Beckmann term)."""
        out = np.empty(self.n_edges, np.float64)
        kernels().edge_integrals(self.vdf.code, *self._arrays(), self._flow(flow), out)
        return out

    def objective(self, flow: FloatArray) -> float:
        """The Beckmann objective: the sum of :meth:`integral`."""
        return float(self.integral(flow).sum())


def edge_costs(
    free_flow_time: FloatArray,
    capacity: FloatArray,
    alpha: FloatArray,
    beta: FloatArray,
    *,
    fixed_cost: FloatArray | None = None,
    vdf: str = "bpr",
) -> EdgeCosts:
    """Check per-edge VDF parameters and bundle them.

    Parameters
    ----------
    free_flow_time, capacity, alpha, beta
        One value per edge. ``capacity`` must be > 0 where ``alpha > 0``.
    fixed_cost
        Flow-independent cost added to every edge (default 0), e.g.
        ``toll_factor * toll + distance_factor * length``.
    vdf
        A key of :data:`VDFS`.

    Returns
    -------
    EdgeCosts

    Raises
    ------
    InputError
        On an unknown VDF, arrays of different lengths, or invalid values (naming the
        first offending edges).

    Examples
    --------
    >>> import numpy as np
    >>> c = edge_costs(np.array([10.0]), np.array([100.0]), np.array([0.15]), np.array([4.0]))
    >>> float(c.cost(np.array([100.0]))[0])
    11.5
    """
    kind = get_vdf(vdf)
    arrays = [
        np.asarray(a, dtype=np.float64).ravel() for a in (free_flow_time, alpha, capacity, beta)
    ]
    n = arrays[0].shape[0]
    fixed = np.zeros(n) if fixed_cost is None else np.asarray(fixed_cost, dtype=np.float64).ravel()
    names = ("free_flow_time", "alpha", "capacity", "beta", "fixed_cost")
    for name, a in zip(names, [*arrays, fixed], strict=True):
        if a.shape[0] != n:
            msg = f"edge parameter {name} has {a.shape[0]} values, free_flow_time has {n}"
            raise InputError(msg)
        bad = np.flatnonzero(~np.isfinite(a))
        if bad.size:
            msg = f"edge parameter {name} must be finite; bad edges: {bad[:5].tolist()}"
            raise InputError(msg)
    t0, alpha_a, cap, beta_a = arrays
    checks = [
        ("free_flow_time must be >= 0", t0 < 0),
        ("alpha must be >= 0", alpha_a < 0),
        ("beta must be >= 0", beta_a < 0),
        ("capacity must be > 0 where alpha > 0", (alpha_a > 0) & ~(cap > 0)),
        ("fixed_cost must be >= 0", fixed < 0),
    ]
    if kind.code == P.VDF_CONICAL:
        checks.append(("conical alpha must be > 1", alpha_a <= 1))
        checks.append(("conical capacity must be > 0", ~(cap > 0)))
    for text, mask in checks:
        bad = np.flatnonzero(mask)
        if bad.size:
            msg = f"{text}; bad edges: {bad[:5].tolist()}"
            raise InputError(msg)
    params = np.ascontiguousarray(np.column_stack(arrays))
    return EdgeCosts(kind, params, np.ascontiguousarray(fixed))
