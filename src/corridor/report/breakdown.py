"""Where time and money go on each compared route: stacked bars (a matplotlib Figure)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from corridor.errors import InputError

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from corridor.results.route import Route

TIME_PARTS = {
    "move": "moving",
    "border": "borders",
    "gauge_change": "gauge changes",
    "transfer": "road-rail transfers",
    "handling": "port handling",
}
"""Leg kind -> the time part it counts in."""
MONEY_PARTS = {
    "line_haul_usd": "line haul",
    "border_fees_usd": "border fees",
    "handling_usd": "handling",
    "gauge_change_usd": "gauge change",
}
"""Cost-breakdown key -> the money part (money paid; waiting time is valued separately)."""
_COLOURS = ("#4c78a8", "#e45756", "#f2b701", "#72b7b2", "#54a24b")


@dataclass(frozen=True, slots=True)
class Breakdown:
    """One route's hours by :data:`TIME_PARTS` and money by :data:`MONEY_PARTS`."""

    name: str
    time_h: Mapping[str, float]
    money_usd: Mapping[str, float]


def breakdown_from_route(route: Route, name: str) -> Breakdown:
    """Sum a route's legs into time and money parts (they add up to its totals).

    Examples
    --------
    >>> import corridor
    >>> from corridor.data import path
    >>> r = corridor.route(corridor.load(path("examples/tiny")), "a", "d")
    >>> b = breakdown_from_route(r, "fastest")
    >>> abs(sum(b.time_h.values()) - r.totals.time_h) < 1e-9
    True
    """
    hours = dict.fromkeys(TIME_PARTS.values(), 0.0)
    for leg in route.legs:
        hours[TIME_PARTS.get(leg.kind, "moving")] += leg.time_h
    money = route.cost_breakdown
    return Breakdown(name, hours, {label: money[key] for key, label in MONEY_PARTS.items()})


def breakdown_chart(items: Sequence[Breakdown], *, unit: str = "teu") -> Figure:
    """Two panels of horizontal stacked bars, one bar per route: days by part, USD by part.

    Raises
    ------
    InputError
        With no route.
    """
    from matplotlib.figure import Figure

    if not items:
        raise InputError("a breakdown chart needs at least one route")
    fig = Figure(figsize=(10.0, 1.2 + 0.55 * len(items)), layout="constrained")
    ax_t, ax_m = fig.subplots(1, 2, sharey=True)
    names = [b.name for b in items][::-1]
    rows = list(range(len(items)))
    per = "TEU" if unit == "teu" else unit
    for ax, attr, parts, scale, xlabel in (
        (ax_t, "time_h", list(TIME_PARTS.values()), 1 / 24.0, "days (median legs)"),
        (ax_m, "money_usd", list(MONEY_PARTS.values()), 1.0, f"USD per {per}"),
    ):
        left = [0.0] * len(items)
        for j, part in enumerate(parts):
            vals = [getattr(b, attr)[part] * scale for b in items][::-1]
            ax.barh(rows, vals, left=left, color=_COLOURS[j % len(_COLOURS)], label=part)
            left = [a + v for a, v in zip(left, vals, strict=True)]
        for y, total in zip(rows, left, strict=True):
            ax.text(
                total,
                y,
                f" {total:,.1f}" if scale != 1.0 else f" {total:,.0f}",
                va="center",
                fontsize=8,
            )
        ax.set_xlabel(xlabel)
        ax.grid(True, axis="x", lw=0.4, alpha=0.5)
        ax.legend(fontsize=7, frameon=False, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=2)
    ax_t.set_yticks(rows, names, fontsize=8)
    from corridor.report.charts import fit_axes

    fit_axes(fig)
    return fig
