"""FlowResult: the answer of a traffic assignment (edge flows, costs and how it converged)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

from corridor._types import FloatArray

if TYPE_CHECKING:
    import pandas as pd

CONVERGENCE_COLUMNS = ("iteration", "gap", "step", "objective", "seconds")


@dataclass(frozen=True, slots=True)
class FlowResult:
    """Equilibrium (or all-or-nothing) flows on every link, and the convergence history.

    Attributes
    ----------
    algorithm
        Name of the algorithm that produced the flows.
    flows, costs
        Flow and generalised cost of each link (costs evaluated at ``flows``).
    gap
        Relative gap of ``flows``: ``(sum x*c(x) - sum_od d*SP_od(c(x))) / sum x*c(x)``.
    objective
        Beckmann objective of ``flows``.
    iterations
        Number of flow updates after the initial all-or-nothing loading.
    seconds
        Wall time of the assignment itself (no file parsing, no set-up checks).
    converged
        Whether ``gap`` reached the requested target.
    convergence
        One row per evaluated iterate: iteration, gap, step (``nan`` where the algorithm
        has no single step size), objective, seconds since start.
    links
        Optional table identifying each link (e.g. ``init_node``, ``term_node``), same order
        as ``flows``.
    dropped_pairs, dropped_demand
        OD pairs left out because no path connects them (``unreachable="drop"``), and
        their total demand.
    """

    algorithm: str
    flows: FloatArray
    costs: FloatArray
    gap: float
    objective: float
    iterations: int
    seconds: float
    converged: bool
    convergence: pd.DataFrame
    links: pd.DataFrame | None = None
    dropped_pairs: int = 0
    dropped_demand: float = 0.0

    @property
    def seconds_per_iteration(self) -> float:
        """Mean wall time of one iteration (the initial loading counts as one)."""
        return self.seconds / max(self.iterations, 1)

    def to_frame(self) -> pd.DataFrame:
        """One row per link: its identifying columns (if any), then ``flow`` and ``cost``."""
        import pandas as pd

        base = (
            self.links.reset_index(drop=True).copy()
            if self.links is not None
            else pd.DataFrame({"edge": np.arange(self.flows.shape[0], dtype=np.int64)})
        )
        base["flow"] = self.flows
        base["cost"] = self.costs
        return base

    def to_dict(self) -> dict[str, Any]:
        """The stable JSON form: algorithm, gap, iterations, seconds, objective, links,
        dropped_pairs, dropped_demand."""
        return _summary(self)

    def to_json(self) -> str:
        """:meth:`to_dict` as one line of JSON."""
        return json.dumps(self.to_dict())


class _Summarised(Protocol):
    @property
    def algorithm(self) -> str: ...
    @property
    def flows(self) -> FloatArray: ...
    @property
    def gap(self) -> float: ...
    @property
    def objective(self) -> float: ...
    @property
    def iterations(self) -> int: ...
    @property
    def seconds(self) -> float: ...
    @property
    def dropped_pairs(self) -> int: ...
    @property
    def dropped_demand(self) -> float: ...


def _summary(r: _Summarised) -> dict[str, Any]:
    return {
        "algorithm": r.algorithm,
        "gap": float(r.gap),
        "iterations": int(r.iterations),
        "seconds": float(r.seconds),
        "objective": float(r.objective),
        "links": int(r.flows.shape[0]),
        "dropped_pairs": int(r.dropped_pairs),
        "dropped_demand": float(r.dropped_demand),
    }


@dataclass(frozen=True, slots=True)
class Assigned:
    """An assignment's answer before any table is made: what :class:`FlowResult` holds,
    the convergence history as rows (iteration, gap, step, objective, seconds). Made
    without pandas (``corridor assign`` reports from it); :meth:`result` is the
    FlowResult."""

    algorithm: str
    flows: FloatArray
    costs: FloatArray
    gap: float
    objective: float
    iterations: int
    seconds: float
    converged: bool
    rows: tuple[tuple[int, float, float, float, float], ...]
    dropped_pairs: int = 0
    dropped_demand: float = 0.0

    @property
    def seconds_per_iteration(self) -> float:
        """Mean wall time of one iteration (the initial loading counts as one)."""
        return self.seconds / max(self.iterations, 1)

    def to_dict(self) -> dict[str, Any]:
        """:meth:`FlowResult.to_dict` of the same answer."""
        return _summary(self)

    def result(self, links: pd.DataFrame | None = None) -> FlowResult:
        """The :class:`FlowResult` (its convergence table made now), ``links`` carried."""
        import pandas as pd

        return FlowResult(
            algorithm=self.algorithm,
            flows=self.flows,
            costs=self.costs,
            gap=self.gap,
            objective=self.objective,
            iterations=self.iterations,
            seconds=self.seconds,
            converged=self.converged,
            convergence=pd.DataFrame(list(self.rows), columns=list(CONVERGENCE_COLUMNS)),
            links=links,
            dropped_pairs=self.dropped_pairs,
            dropped_demand=self.dropped_demand,
        )
