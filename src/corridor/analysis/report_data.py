"""Everything ``corridor report`` shows, computed here: the report only draws it.

:func:`report_data` runs the comparison of the named corridors and best routes, the
transit-time distribution of each compared route (the same seeded Monte Carlo the
comparison's P50/P90 come from), the Pareto front over time, money and CO2e, and the
one-factor-at-a-time sensitivity of the best route by generalised cost.
:mod:`corridor.report.page` renders a :class:`ReportData` and computes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from corridor._types import FloatArray
    from corridor.analysis.compare import Comparison, ParetoRoutes
    from corridor.analysis.sensitivity import Sensitivity
    from corridor.graph.model import Graph
    from corridor.paths.options import RouteOptions

Progress = Callable[[str], None]


@dataclass(frozen=True, slots=True)
class ReportData:
    """What a report shows: the comparison, each row's transit-time quantiles, and
    (optionally) the Pareto front and the sensitivity run."""

    comparison: Comparison
    quantiles_h: dict[str, FloatArray] = field(default_factory=dict)
    """Row label -> transit-time quantiles (hours) of its route's Monte Carlo."""
    pareto: ParetoRoutes | None = None
    sensitivity: Sensitivity | None = None
    switches: tuple[tuple[str, float, str, str], ...] = ()
    """The sensitivity's switching values: (factor, value, best before, best after)."""


def report_data(
    graph: Graph,
    origin: str,
    destination: str,
    *,
    options: RouteOptions | None = None,
    n_samples: int | None = None,
    extras: bool = True,
    progress: Progress | None = None,
) -> ReportData:
    """The comparison and the analyses of a report between two places on ``graph`` (the
    network of the day compiled, :func:`corridor.load_graph`).

    ``extras=False`` leaves out the Pareto front and the sensitivity run (a quick report);
    ``n_samples`` sets the Monte Carlo draws (default: the routes' default).

    Examples
    --------
    >>> import corridor
    >>> from corridor.data import path
    >>> d = report_data(corridor.load_graph(path("examples/tiny")), "a", "d", n_samples=500)
    >>> sorted(d.quantiles_h) == sorted(r.label for r in d.comparison.rows), d.pareto is not None
    (True, True)
    """
    from corridor.analysis.compare import compare, pareto_routes
    from corridor.analysis.sensitivity import sensitivity, switching_table
    from corridor.paths.reliable import DEFAULT_SAMPLES, route_distribution

    say = progress or (lambda _text: None)
    n = n_samples or DEFAULT_SAMPLES
    say("comparing the corridors (routes and Monte Carlo)")
    c = compare(graph, origin, destination, options=options, n_samples=n)
    say("transit-time distributions")
    quantiles = {
        row.label: route_distribution(
            graph, row.route.edge_path, seed=c.seed, n_samples=c.n_samples
        ).quantiles_h
        for row in c.rows
    }
    if not extras:
        return ReportData(c, quantiles)
    say("Pareto front (time, cost, CO2e)")
    front = pareto_routes(
        graph, c.origin, c.destination, criteria=("time", "cost", "co2"), options=options
    )
    say("sensitivity (one factor at a time)")
    sens = sensitivity(graph, c.origin, c.destination, by="generalised", options=options)
    return ReportData(c, quantiles, front, sens, tuple(switching_table(sens)))


__all__ = ["ReportData", "report_data"]
