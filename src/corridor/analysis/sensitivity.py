"""One-at-a-time sensitivity of the best route (``corridor sensitivity``).

Each factor moves over a stated range with the others at their base value; at each value
the best route is searched again on edge costs recomputed by a pure function
(:func:`scaled_criteria`: the graph's criteria matrix with columns scaled per edge kind; no
network recompile). Reported per factor: the best route and its totals at every grid
value (the tornado chart plots the objective at the two ends) and the switching values,
where another route becomes best, found by bisection on the factor.

Factors and ranges (``FACTORS``):

============== ============================================ ==================
factor         what moves                                   range
============== ============================================ ==================
line_haul      fuel/tariffs: money of every move edge       x0.7 .. x1.3
border_time    hours of every border edge                   x0.5 .. x2
value_of_time  USD per TEU-hour in the generalised cost     x0.25 .. x4
carbon_price   USD per tonne CO2e in the generalised cost   0 .. max(200, 2x base)
============== ============================================ ==================

``by="generalised"`` ranks routes by the generalised cost (money + value of time x hours + carbon
price x tonnes CO2e, per unit of freight); ``by="time"`` by hours, so only border times can
change the best route (the other factors still change its money totals).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from corridor.errors import InputError, NoRouteError
from corridor.graph.model import Criterion, EdgeKind, Graph
from corridor.objectives import weights
from corridor.paths import RouteOptions, as_graph, place_match, usable_edges
from corridor.paths.route import build_route, no_route_message, shortest_edges
from corridor.results.context import Context, Naming
from corridor.results.route import Route

if TYPE_CHECKING:
    from corridor._types import FloatArray, IntArray
    from corridor.network.model import Network

GRID = 9
BY = ("generalised", "time")
"""What the best route minimises: generalised cost (USD per unit: money + value of time x
hours + carbon price x tonnes CO2e) or hours."""
"""Grid points per factor range (the ends and the base value are always included)."""
BISECTION_STEPS = 40
"""Bisection steps per switching value (the interval shrinks by 2**-40)."""


@dataclass(frozen=True, slots=True)
class Factor:
    """A factor and its range, as values of the factor itself."""

    name: str
    label: str
    unit: str
    base: float
    low: float
    high: float


@dataclass(frozen=True, slots=True)
class Setting:
    """The values of all factors (multipliers for line haul and border time; USD figures
    for value of time per TEU-hour and carbon price per tonne)."""

    line_haul: float = 1.0
    border_time: float = 1.0
    value_of_time: float = 0.0
    carbon_price: float = 0.0

    def with_value(self, name: str, value: float) -> Setting:
        """This setting with one factor changed."""
        from dataclasses import replace

        return replace(self, **{name: float(value)})


@dataclass(frozen=True, slots=True)
class Switch:
    """At ``value`` of ``factor`` the best route changes from one route to another."""

    factor: str
    value: float
    from_route: str
    to_route: str


@dataclass(frozen=True, slots=True)
class FactorResult:
    """One factor moved over its range: the best route and its totals at each value."""

    factor: Factor
    values: tuple[float, ...]
    best: tuple[str, ...]
    """Label of the best route at each value."""
    objective: tuple[float, ...]
    """Best objective (USD per unit, or hours) at each value."""
    time_h: tuple[float, ...]
    cost_usd: tuple[float, ...]
    switches: tuple[Switch, ...]

    @property
    def swing(self) -> tuple[float, float]:
        """Best objective at the low and at the high end of the range."""
        return self.objective[0], self.objective[-1]


@dataclass(frozen=True, slots=True)
class Sensitivity:
    """The answer of :func:`sensitivity` (frozen)."""

    origin: str
    destination: str
    by: str
    unit: str
    base_route: Route
    base_label: str
    base_objective: float
    factors: tuple[FactorResult, ...]
    routes: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Route label -> crossings it passes (to tell routes apart)."""
    context: Context = field(default_factory=Context)
    """The network of the day the analysis ran on."""
    options: RouteOptions = field(default_factory=RouteOptions)
    grid: int = GRID
    naming: Naming = field(default_factory=Naming)
    """How the question named its places (``origin_query``, ``origin_match`` ...)."""

    @property
    def switches(self) -> tuple[Switch, ...]:
        """All switching values, factor by factor."""
        return tuple(s for f in self.factors for s in f.switches)

    def tornado(self) -> list[tuple[str, float, float]]:
        """``(label, objective at low end, objective at high end)`` per factor."""
        return [
            (f"{f.factor.label} ({_fmt(f.factor.low)}..{_fmt(f.factor.high)})", *f.swing)
            for f in self.factors
        ]

    def to_dict(self) -> dict[str, Any]:
        """The stable JSON form."""
        return {
            "origin": self.origin,
            "destination": self.destination,
            **self.naming.to_dict(),
            "by": self.by,
            "unit": self.unit,
            **self.context.to_dict(),
            "include_planned": self.options.include_planned,
            "grid": self.grid,
            "base": {
                "route": self.base_label,
                "objective": round(self.base_objective, 3),
                "totals": self.base_route.totals.to_dict(),
            },
            "factors": [
                {
                    "factor": f.factor.name,
                    "label": f.factor.label,
                    "unit": f.factor.unit,
                    "base": f.factor.base,
                    "low": f.factor.low,
                    "high": f.factor.high,
                    "values": [round(v, 6) for v in f.values],
                    "best": list(f.best),
                    "objective": [round(v, 3) for v in f.objective],
                    "time_h": [round(v, 3) for v in f.time_h],
                    "cost_usd": [round(v, 3) for v in f.cost_usd],
                    "switches": [
                        {"value": round(s.value, 6), "from": s.from_route, "to": s.to_route}
                        for s in f.switches
                    ],
                }
                for f in self.factors
            ],
            "routes": {k: list(v) for k, v in self.routes.items()},
        }


def _fmt(x: float) -> str:
    return f"{x:g}"


def factors(graph: Graph) -> tuple[Factor, ...]:
    """The factors and their stated ranges for a graph (its value of time, carbon price)."""
    vot = float(graph.value_of_time_usd_h)
    price = float(graph.carbon_price_usd_t)
    vot_range = (0.25 * vot, 4.0 * vot) if vot > 0 else (0.0, 100.0)
    return (
        Factor("line_haul", "line-haul rates (fuel, tariffs)", "x", 1.0, 0.7, 1.3),
        Factor("border_time", "border times", "x", 1.0, 0.5, 2.0),
        Factor("value_of_time", "value of time", "USD/TEU-h", vot, *vot_range),
        Factor("carbon_price", "carbon price", "USD/t CO2e", price, 0.0, max(200.0, 2 * price)),
    )


def scaled_criteria(graph: Graph, setting: Setting) -> FloatArray:
    """A new criteria matrix: money of move edges x ``line_haul``, hours of border edges x
    ``border_time`` (pure: the graph is not changed)."""
    crit = graph.edges.criteria.copy()
    kind = graph.edges.kind
    crit[kind == EdgeKind.MOVE, Criterion.COST_USD] *= setting.line_haul
    crit[kind == EdgeKind.BORDER, Criterion.TIME_H] *= setting.border_time
    return crit


def edge_costs(graph: Graph, by: str, setting: Setting, usable: np.ndarray) -> FloatArray:
    """The edge-cost vector of an objective under a setting (forbidden edges ``inf``)."""
    objective = by
    w = weights(
        graph,
        objective,
        value_of_time_usd_teu_h=setting.value_of_time,
        carbon_price_usd_t=setting.carbon_price,
    )
    return np.where(usable, scaled_criteria(graph, setting) @ w, np.inf)


class _Labeller:
    """Stable short names for distinct paths: countries and modes, ``#2`` on a clash."""

    def __init__(self, graph: Graph, options: RouteOptions) -> None:
        self.graph, self.options = graph, options
        self.by_path: dict[tuple[int, ...], str] = {}
        self.crossings: dict[str, tuple[str, ...]] = {}

    def __call__(self, path: IntArray) -> str:
        key = tuple(path.tolist())
        if key not in self.by_path:
            r = build_route(self.graph, path, np.zeros(self.graph.csr.n_edges), "x", self.options)
            modes = list(dict.fromkeys(leg.mode for leg in r.legs if leg.kind == "move"))
            name = f"{'-'.join(r.countries)} {'/'.join(m for m in modes if m)}"
            n = sum(1 for v in self.by_path.values() if v.split(" #")[0] == name)
            label = name if n == 0 else f"{name} #{n + 1}"
            self.by_path[key] = label
            self.crossings[label] = r.crossings
        return self.by_path[key]


def sensitivity(
    network: Network | Graph,
    origin: str,
    destination: str,
    *,
    by: str = "generalised",
    options: RouteOptions | None = None,
    unit: str = "teu",
    grid: int = GRID,
) -> Sensitivity:
    """How the best route and its totals change when one factor at a time moves.

    Parameters
    ----------
    network
        A network or its compiled graph.
    origin, destination
        Place ids, names or aliases.
    by
        ``generalised`` (generalised cost, USD per unit) or ``time`` (hours).
    options
        What routes may use (default: existing links).
    grid
        Grid points per factor range (>= 3); switching values are then bisected.

    Returns
    -------
    Sensitivity

    Examples
    --------
    >>> import corridor
    >>> from corridor.data import path
    >>> s = sensitivity(corridor.load(path("examples/tiny")), "a", "d")
    >>> [round(x.value, 3) for x in s.switches if x.factor == "line_haul"]
    [1.24]
    """
    if by not in BY:
        msg = f"unknown sensitivity objective {by!r}; choose from {list(BY)}"
        raise InputError(msg)
    if grid < 3:
        msg = f"grid must be >= 3 (got {grid})"
        raise InputError(msg)
    graph = as_graph(network, unit)
    options = options or RouteOptions()
    matches = [place_match(graph, origin), place_match(graph, destination)]
    a, b = matches[0].index, matches[1].index
    if a == b:
        msg = f"origin and destination are the same place ({graph.labels.node_ids[a]})"
        raise InputError(msg)
    usable = usable_edges(graph, options)
    label = _Labeller(graph, options)
    fs = factors(graph)
    base = Setting(value_of_time=fs[2].base, carbon_price=fs[3].base)

    def best(setting: Setting) -> tuple[IntArray, FloatArray, float]:
        cost = edge_costs(graph, by, setting, usable)
        path = shortest_edges(graph, cost, a, b)
        if path is None:
            raise NoRouteError(no_route_message(graph, a, b, options))
        return path, cost, float(cost[path].sum())

    base_path, base_cost, base_obj = best(base)
    base_route = build_route(graph, base_path, base_cost, by, options)
    results = [_one_factor(graph, f, base, grid, best, label) for f in fs]
    return Sensitivity(
        origin=base_route.origin,
        destination=base_route.destination,
        by=by,
        unit=graph.unit,
        base_route=base_route,
        base_label=label(base_path),
        base_objective=base_obj,
        factors=tuple(results),
        routes=dict(label.crossings),
        context=graph.context,
        options=options,
        grid=grid,
        naming=Naming.of(matches),
    )


def _one_factor(
    graph: Graph,
    f: Factor,
    base: Setting,
    grid: int,
    best: Any,
    label: _Labeller,
) -> FactorResult:
    values = np.unique(np.append(np.linspace(f.low, f.high, grid), f.base))
    values = values[(values >= f.low) & (values <= f.high)]
    labels, objs, hours, money = [], [], [], []
    for v in values.tolist():
        setting = base.with_value(f.name, v)
        path, _, obj = best(setting)
        crit = scaled_criteria(graph, setting)[path].sum(axis=0)
        labels.append(label(path))
        objs.append(obj)
        hours.append(float(crit[Criterion.TIME_H]))
        money.append(float(crit[Criterion.COST_USD]))
    switches: list[Switch] = []
    for i in range(len(values) - 1):
        if labels[i] != labels[i + 1]:
            switches.append(_bisect(f, base, float(values[i]), float(values[i + 1]), best, label))
    return FactorResult(
        factor=f,
        values=tuple(float(v) for v in values),
        best=tuple(labels),
        objective=tuple(objs),
        time_h=tuple(hours),
        cost_usd=tuple(money),
        switches=tuple(switches),
    )


def _bisect(f: Factor, base: Setting, lo: float, hi: float, best: Any, label: _Labeller) -> Switch:
    """The factor value between lo and hi where the best route changes (bisection)."""
    left = label(best(base.with_value(f.name, lo))[0])
    right = label(best(base.with_value(f.name, hi))[0])
    for _ in range(BISECTION_STEPS):
        mid = 0.5 * (lo + hi)
        here = label(best(base.with_value(f.name, mid))[0])
        if here == left:
            lo = mid
        else:
            hi, right = mid, here
        if hi - lo <= 1e-9 * max(1.0, abs(hi)):
            break
    return Switch(f.name, 0.5 * (lo + hi), left, right)


def switching_table(result: Sensitivity) -> Sequence[tuple[str, float, str, str]]:
    """``(factor, value, from route, to route)`` rows of every switching value."""
    return [(s.factor, s.value, s.from_route, s.to_route) for s in result.switches]


__all__ = [
    "BISECTION_STEPS",
    "GRID",
    "Factor",
    "FactorResult",
    "Sensitivity",
    "Setting",
    "Switch",
    "edge_costs",
    "factors",
    "scaled_criteria",
    "sensitivity",
    "switching_table",
]
