"""Corridors side by side: every named corridor that connects two places, plus the best
unconstrained routes by time, by cost and by P90 (``corridor compare``).

See ``docs/compare.md`` for the connection rule and the columns.

Public API (stable; ``corridor report`` builds on it)
-----------------------------------------------------
``compare(network, origin, destination, *, graph=None, include_planned=False, unit="teu",
seed=DEFAULT_SEED, n_samples=DEFAULT_SAMPLES, scenario=None, date=None) -> Comparison``

``Comparison`` (frozen): ``rows`` (``ComparisonRow``, connected routes in table order),
``unconnected`` (``Unconnected``: corridor id, name, reason), ``best`` (column -> row
labels with the best value), ``context`` (origin, destination, unit, network_as_of, date,
scenario, include_planned); ``to_dict()`` (the JSON form) and ``to_frame()`` (one row per
connected route, the ``COLUMNS``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from corridor.results.route import Route

if TYPE_CHECKING:
    import pandas as pd

    from corridor.graph.model import Graph
    from corridor.network.model import Network

DEFAULT_SEED = 20_251_202
"""Seed of the Monte Carlo that gives every route its mean/P50/P90 (fixed: same answers)."""
DEFAULT_SAMPLES = 20_000
"""Monte Carlo draws per route."""
MAX_DETOUR = 1.6
"""A corridor connects when FROM -> its entry waypoint -> ... -> its exit waypoint -> TO is at
most this multiple of the great-circle distance FROM -> TO (see docs/compare.md)."""

COLUMNS: tuple[str, ...] = (
    "distance_km",
    "mean_days",
    "p50_days",
    "p90_days",
    "cost_usd",
    "line_haul_usd",
    "border_fees_usd",
    "handling_usd",
    "gauge_change_usd",
    "co2_kg",
    "borders",
    "gauge_breaks",
    "transfers",
    "countries",
    "needs_planned",
)
"""Columns of :meth:`Comparison.to_frame` after ``label``, ``kind`` and ``name``."""

BEST_COLUMNS: tuple[str, ...] = COLUMNS[:13]
"""Columns where the smallest value is best (highlighted; the ``best`` map)."""


@dataclass(frozen=True, slots=True)
class ComparisonRow:
    """One compared route: a named corridor or a best unconstrained route."""

    label: str
    """Row key: the corridor id, or ``best_time`` / ``best_cost`` / ``best_p90`` (joined with
    ``+`` when the same route is best on several, e.g. ``best_time+best_p90``)."""
    kind: str
    """``corridor`` or ``best``."""
    name: str
    """The corridor's name, or e.g. ``Fastest route``."""
    route: Route
    """The route, with ``totals.mean_h/p50_h/p90_h`` filled by the Monte Carlo."""
    waypoints: tuple[str, ...] = ()
    """The places routed through (corridors: FROM, the corridor's waypoints used, TO)."""

    def values(self) -> dict[str, Any]:
        """The row's ``COLUMNS`` values (days from hours, money per the route's unit)."""
        t = self.route.totals
        b = self.route.cost_breakdown
        day = 24.0
        return {
            "distance_km": t.distance_km,
            "mean_days": math.nan if t.mean_h is None else t.mean_h / day,
            "p50_days": math.nan if t.p50_h is None else t.p50_h / day,
            "p90_days": math.nan if t.p90_h is None else t.p90_h / day,
            "cost_usd": t.cost_usd,
            "line_haul_usd": b["line_haul_usd"],
            "border_fees_usd": b["border_fees_usd"],
            "handling_usd": b["handling_usd"],
            "gauge_change_usd": b["gauge_change_usd"],
            "co2_kg": t.co2_kg,
            "borders": t.borders,
            "gauge_breaks": t.gauge_breaks,
            "transfers": t.transfers,
            "countries": "-".join(self.route.countries),
            "needs_planned": needs_planned(self.route),
        }


@dataclass(frozen=True, slots=True)
class Unconnected:
    """A named corridor that does not connect the two places, and why."""

    corridor: str
    name: str
    reason: str


@dataclass(frozen=True, slots=True)
class Comparison:
    """The answer of :func:`compare` (frozen, whole)."""

    origin: str
    destination: str
    origin_name: str
    destination_name: str
    unit: str
    rows: tuple[ComparisonRow, ...]
    unconnected: tuple[Unconnected, ...]
    best: dict[str, tuple[str, ...]]
    """Column -> labels of the rows with the smallest value (ties: all of them)."""
    context: dict[str, Any] = field(default_factory=dict)
    """``network_as_of``, ``date``, ``scenario``, ``include_planned``, ``seed``, ``n_samples``."""

    def row(self, label: str) -> ComparisonRow:
        """The row with this label (KeyError if none)."""
        for r in self.rows:
            if r.label == label:
                return r
        raise KeyError(label)

    def to_dict(self) -> dict[str, Any]:
        """The stable JSON form (``corridor compare --json``)."""
        raise NotImplementedError

    def to_frame(self) -> pd.DataFrame:
        """One row per connected route: ``label``, ``kind``, ``name`` and the ``COLUMNS``."""
        raise NotImplementedError


def needs_planned(route: Route) -> bool:
    """Whether the route uses a link that is not ``existing`` (planned, under construction)."""
    return any(set(leg.statuses) - {"existing"} for leg in route.legs)


def best_map(rows: Sequence[ComparisonRow]) -> dict[str, tuple[str, ...]]:
    """Column -> labels of the rows with the smallest value in ``BEST_COLUMNS``."""
    raise NotImplementedError


def compare(
    network: Network,
    origin: str,
    destination: str,
    *,
    graph: Graph | None = None,
    include_planned: bool = False,
    unit: str = "teu",
    seed: int = DEFAULT_SEED,
    n_samples: int = DEFAULT_SAMPLES,
    scenario: str | None = None,
    date: str | None = None,
) -> Comparison:
    """Every named corridor that connects two places, plus the best routes by time, cost, P90.

    Parameters
    ----------
    network
        The network (already evaluated on ``date`` and with any scenario applied); its
        ``corridors`` table names the corridors.
    origin, destination
        Place ids, names or aliases.
    graph
        The compiled ``network`` (default: compiled here, memoised); pass it to save time.
    include_planned
        Let routes use planned and under-construction links.
    unit
        ``teu`` or ``tonne`` (money and CO2e per unit).
    seed, n_samples
        The Monte Carlo of every route's transit time (common seed for every route).
    scenario, date
        Recorded in ``context`` only (apply them to ``network`` before calling).

    Returns
    -------
    Comparison

    Raises
    ------
    UnknownIdError
        For an unknown place.
    NoRouteError
        If the places are not connected at all.
    """
    raise NotImplementedError
