"""User benefits of a scenario per year, by segment: the interface between a demand model
and the appraisal.

A :class:`UserBenefits` says, per commodity segment, how many unit-hours, US$ of freight
cost and tonnes of CO2e the traffic that already moves saves each year (its full generalised
cost saving), and how much traffic the scenario induces with its average saving (valued by
the rule of a half). :func:`benefits_from_diff` fills it from a demand-weighted scenario diff
(fixed demand: no induced traffic); an elastic demand model fills the induced part.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from corridor.analysis.diff import ScenarioDiff
from corridor.analysis.econ_data import Range
from corridor.errors import InputError


@dataclass(frozen=True, slots=True)
class SegmentBenefit:
    """One segment's yearly savings at the traffic of the base year."""

    segment: str
    unit: str
    """What ``units`` count: TEU, t."""
    units_year: float
    """Traffic of the pairs whose route or figures change (units per year)."""
    hours_saved_year: float
    """Unit-hours saved per year by that traffic (mean transit time)."""
    p90_hours_saved_year: float
    """Unit-hours of P90 transit time saved per year (reported; reliability is valued as a
    share of the time benefit, see appraisal_parameters.csv)."""
    usd_saved_year: float
    """Freight cost (tariffs, fees, handling) saved per year, US$."""
    co2_t_saved_year: float
    value_of_time_usd_unit_h: Range
    induced_units_year: float = 0.0
    """Traffic the scenario generates (net, units per year; negative: suppressed)."""
    induced_half_hours_year: float = 0.0
    """Rule of a half: sum over pairs of half the induced units x the hours saved per unit."""
    induced_half_usd_year: float = 0.0
    """Rule of a half: sum over pairs of half the induced units x the US$ saved per unit."""

    def time_usd(self, value_of_time: float) -> float:
        """Time benefit of the existing traffic per year at ``value_of_time`` (US$)."""
        return self.hours_saved_year * value_of_time

    def induced_usd(self, value_of_time: float) -> float:
        """Rule of a half: half the induced units times their generalised-cost saving.

        Examples
        --------
        >>> s = SegmentBenefit("c", "TEU", 0, 0, 0, 0, 0, Range.point(25), 100, 0.5 * 100 * 10,
        ...                    0.5 * 100 * 500)
        >>> s.induced_usd(25.0)  # 0.5 x 100 x (500 + 25 x 10)
        37500.0
        """
        return self.induced_half_usd_year + value_of_time * self.induced_half_hours_year

    def to_dict(self) -> dict[str, object]:
        """JSON form."""
        return {
            "segment": self.segment,
            "unit": self.unit,
            "units_year": self.units_year,
            "hours_saved_year": self.hours_saved_year,
            "p90_hours_saved_year": self.p90_hours_saved_year,
            "usd_saved_year": self.usd_saved_year,
            "co2_t_saved_year": self.co2_t_saved_year,
            "value_of_time_usd_unit_h": self.value_of_time_usd_unit_h.to_dict(),
            "induced_units_year": self.induced_units_year,
            "induced_half_hours_year": self.induced_half_hours_year,
            "induced_half_usd_year": self.induced_half_usd_year,
        }


@dataclass(frozen=True, slots=True)
class UserBenefits:
    """A scenario's yearly user benefits by segment, and how they were obtained."""

    scenario: str
    method: str
    segments: tuple[SegmentBenefit, ...]
    date: str | None = None
    network_as_of: str | None = None
    units_gained: float = 0.0
    """Traffic of pairs the scenario connects that had no route (not valued)."""
    units_lost: float = 0.0
    """Traffic of pairs that lose their route (not valued; the appraisal says so)."""

    def to_dict(self) -> dict[str, object]:
        """JSON form."""
        return {
            "scenario": self.scenario,
            "method": self.method,
            "date": self.date,
            "network_as_of": self.network_as_of,
            "units_gained": self.units_gained,
            "units_lost": self.units_lost,
            "segments": [s.to_dict() for s in self.segments],
        }


def benefits_from_diff(
    diff: ScenarioDiff, value_of_time: Range, *, segment: str = "container"
) -> UserBenefits:
    """Yearly user benefits of a demand-weighted scenario diff (fixed demand, one segment).

    Pairs connected before and after count (their weights are TEU per year); pairs that
    gain or lose a connection are counted apart and not valued.

    Raises
    ------
    InputError
        If the diff has no demand weights.
    """
    if not diff.weighted:
        msg = "user benefits need a demand-weighted diff (TEU per year per pair)"
        raise InputError(msg)
    p = diff.pairs
    both = p["status"].isin(["same", "changed"]).to_numpy().copy()
    both &= np.isfinite(p["time_h_before"].to_numpy()) & np.isfinite(p["time_h_after"].to_numpy())
    w = p["weight"].to_numpy(dtype=np.float64)
    changed = both & (p["status"] == "changed").to_numpy()

    def saved(col: str) -> float:
        delta = np.nan_to_num(p[col].to_numpy(dtype=np.float64))
        return float(-(w[both] * delta[both]).sum()) + 0.0

    seg = SegmentBenefit(
        segment=segment,
        unit="TEU",
        units_year=float(w[changed].sum()),
        hours_saved_year=saved("delta_time_h"),
        p90_hours_saved_year=saved("delta_p90_h"),
        usd_saved_year=saved("delta_cost_usd"),
        co2_t_saved_year=saved("delta_co2_kg") / 1000.0,
        value_of_time_usd_unit_h=value_of_time,
    )
    return UserBenefits(
        scenario=diff.scenario,
        method=(
            f"fixed demand: demand-weighted scenario diff ({diff.od_label}), routes by "
            f"{diff.objective}"
            + (f" on {'/'.join(diff.modes)} only" if diff.modes else " on all modes")
            + "; no induced traffic"
        ),
        segments=(seg,),
        date=diff.context.date,
        network_as_of=diff.context.as_of,
        units_gained=float(w[(p["status"] == "gained").to_numpy()].sum()),
        units_lost=float(w[(p["status"] == "lost").to_numpy()].sum()),
    )


@dataclass(frozen=True, slots=True)
class DiffRequest:
    """The region-wide diff behind a scenario's benefits: which network, day, base and
    objective, and which demand table weights the pairs."""

    scenario: str
    network: str | None = None
    """Network folder (default: the scenario's own base)."""
    date: str | None = None
    """Day evaluated (default: the network's as-of date)."""
    base: str | None = None
    """Scenario compared against (default: none)."""
    by: str = "generalised"
    demand: str | None = None
    """Demand CSV (default: the shipped region table)."""
    modes: tuple[str, ...] | None = None
    """Route on these modes only (None: all)."""
    elastic: bool = True
    """Induced traffic from the trade elasticity (False: fixed demand)."""


def region_diff(req: DiffRequest) -> ScenarioDiff:
    """The demand-weighted diff of ``req.scenario`` over the region's OD set (the same as
    ``corridor scenario diff S --demand region --by generalised``)."""
    from corridor.analysis.diff import corridor_sets, scenario_diff
    from corridor.analysis.od import DEFAULT_DEMAND, od_set
    from corridor.data import path as data_path
    from corridor.day import load
    from corridor.graph.compiler import compile as compile_graph
    from corridor.paths import RouteOptions, place_index
    from corridor.scenarios import load_scenario

    sc = load_scenario(req.scenario)
    folder = req.network if req.network is not None else sc.network
    before = load(folder, date=req.date, scenario=req.base)
    g0 = compile_graph(before)
    od = od_set(
        g0.labels.node_ids,
        lambda p: place_index(g0, p),
        demand=req.demand or data_path(DEFAULT_DEMAND),
    )
    return scenario_diff(
        before,
        load(folder, date=req.date, scenario=sc),
        od,
        by=req.by,
        scenario_name=sc.id,
        base_name=req.base or "no scenario",
        base_scenario=req.base,
        base_graph=g0,
        corridors=corridor_sets(load(folder, date="undated")),
        options=RouteOptions(modes=req.modes),
    )


def scenario_benefits(req: DiffRequest, value_of_time: Range) -> UserBenefits:
    """A scenario's yearly user benefits on the region's demand (fixed demand for now)."""
    return benefits_from_diff(region_diff(req), value_of_time)


def segment_benefit(
    graphs: tuple[Any, Any],
    od: Any,
    segment: str,
    slot: Any,
    value_of_time: Range,
    modes: tuple[str, ...] | None = None,
    induced: Induced | None = None,
) -> SegmentBenefit:
    """One segment's yearly savings: its OD pairs (weights = TEU slots per year) routed by
    generalised cost at the segment's value of time on the base and scenario graphs.

    Pairs connected on both count; P90 is not simulated per segment (reported as 0:
    reliability is valued as a share of the time benefit). With ``induced``, each pair's
    traffic responds to its transport cost as trade does (:mod:`corridor.analysis.trade`):
    T1 = T0 ((1 + f1 + t d1) / (1 + f0 + t d0)) ** -theta, valued by the rule of a half."""
    from corridor.analysis._graph_view import objective_cost, view
    from corridor.analysis.hubs import _route_all
    from corridor.paths import RouteOptions

    every = np.arange(od.n_pairs)
    r = [
        _route_all(
            view(g),
            objective_cost(
                g,
                "generalised",
                RouteOptions(modes=modes),
                value_of_time_usd_teu_h=slot.vot_usd_teu_h,
            ),
            od,
            every,
        )
        for g in graphs
    ]
    ok0, ok1 = np.isfinite(r[0].cost_usd), np.isfinite(r[1].cost_usd)
    both = ok0 & ok1
    w = np.asarray(od.weight, dtype=np.float64)

    def saved(x0: np.ndarray, x1: np.ndarray) -> float:
        return float(-(w[both] * (x1[both] - x0[both])).sum()) + 0.0

    half_h = half_usd = units = 0.0
    if induced is not None:
        c0, c1 = r[0].cost_usd[both], r[1].cost_usd[both]
        h0, h1 = r[0].time_h[both], r[1].time_h[both]
        pct = induced.time_cost_pct_day / 100.0
        tau0 = 1 + c0 / induced.value_usd_slot + h0 / 24 * pct
        tau1 = 1 + c1 / induced.value_usd_slot + h1 / 24 * pct
        d_units = w[both] * ((tau1 / tau0) ** -induced.theta - 1.0)
        units = float(d_units.sum()) + 0.0
        half_h = float(0.5 * (d_units * (h0 - h1)).sum()) + 0.0
        half_usd = float(0.5 * (d_units * (c0 - c1)).sum()) + 0.0
    moved = both & (
        (np.abs(r[1].cost_usd - r[0].cost_usd) > 1e-6) | (np.abs(r[1].time_h - r[0].time_h) > 1e-6)
    )
    return SegmentBenefit(
        segment=segment,
        unit="TEU",
        units_year=float(w[moved].sum()),
        hours_saved_year=saved(r[0].time_h, r[1].time_h),
        p90_hours_saved_year=0.0,
        usd_saved_year=saved(r[0].cost_usd, r[1].cost_usd),
        co2_t_saved_year=saved(r[0].co2_kg, r[1].co2_kg) / 1000.0,
        value_of_time_usd_unit_h=value_of_time,
        induced_units_year=units,
        induced_half_hours_year=half_h,
        induced_half_usd_year=half_usd,
    )


@dataclass(frozen=True, slots=True)
class Induced:
    """How a segment's traffic responds to its transport cost (the trade model's terms)."""

    theta: float
    """Trade elasticity (trade_parameters.csv)."""
    value_usd_slot: float
    """Cargo value per TEU slot (US$)."""
    time_cost_pct_day: float


def segment_benefits(req: DiffRequest, container_vot: Range) -> UserBenefits:
    """A scenario's yearly user benefits over every carried segment of the region's demand
    (fixed demand by segment, each routed at its own value of time; containers valued on
    ``container_vot``, the other segments at their point value)."""
    from corridor import demand
    from corridor.analysis._segments import carried_slots
    from corridor.analysis.econ_data import trade_parameters
    from corridor.analysis.od import DEFAULT_DEMAND, od_set
    from corridor.data import path as data_path
    from corridor.day import load
    from corridor.graph.compiler import compile as compile_graph
    from corridor.paths import place_index
    from corridor.scenarios import load_scenario

    sc = load_scenario(req.scenario)
    folder = req.network if req.network is not None else sc.network
    before = load(folder, date=req.date, scenario=req.base)
    after = load(folder, date=req.date, scenario=sc)
    g0, g1 = compile_graph(before), compile_graph(after)
    path = req.demand or data_path(DEFAULT_DEMAND)
    segs = []
    units_lost = 0.0
    table = demand.segments().set_index("id")
    values = {str(k): float(v) for k, v in table["value_usd_t"].items()}
    pct = {str(k): float(v) for k, v in table["time_cost_pct_day"].items()}
    theta = trade_parameters()["trade_elasticity"].value.central
    for seg, slot in carried_slots().items():
        od = od_set(g0.labels.node_ids, lambda p: place_index(g0, p), demand=path, segment=seg)
        vot = (
            container_vot.scaled(slot.vot_usd_teu_h / container_vot.central)
            if seg == "container"
            else Range.point(slot.vot_usd_teu_h)
        )
        induced = Induced(theta, values[seg] * slot.t_per_slot, pct[seg]) if req.elastic else None
        segs.append(segment_benefit((g0, g1), od, seg, slot, vot, req.modes, induced))
    ctx = before.context
    return UserBenefits(
        scenario=sc.id,
        method=(
            "fixed demand by segment (region demand table), each segment routed by "
            "generalised cost at its own value of time"
            + (f" on {'/'.join(req.modes)} only" if req.modes else " on all modes")
            + (
                f"; induced traffic from the trade elasticity {theta:g} on each pair's "
                "transport cost, rule of a half"
                if req.elastic
                else "; no induced traffic"
            )
        ),
        segments=tuple(segs),
        date=ctx.date,
        network_as_of=ctx.as_of,
        units_lost=units_lost,
    )
