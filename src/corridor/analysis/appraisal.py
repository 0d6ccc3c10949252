"""Cost-benefit appraisal of a scenario as development banks do it (economic analysis).

Costs: the capital cost of the projects a scenario opens (``projects.csv``: sourced ranges,
spread evenly over each project's construction years from year 0) and their operating cost
(a share of capex per operating year). Benefits: the users' yearly savings
(:class:`~corridor.analysis.benefits.UserBenefits`: time at the segment's value of time,
freight cost, reliability as a share of the time benefit, induced traffic by the rule of a
half) ramped up after opening and grown, CO2e saved valued on a shadow price path, and the
residual value of the asset in the last year. Measures: NPV at the stated discount rates,
EIRR, BCR, first-year return, switching values, and a seeded Monte Carlo over every
parameter's range. Every parameter comes from ``corridor/data/economics`` with its source.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from corridor._types import FloatArray
from corridor.analysis.benefits import DiffRequest, UserBenefits
from corridor.analysis.cashflow import (
    CashFlows,
    SwitchingValues,
    bcr,
    discount_factors,
    eirr,
    eirr_many,
    first_year_return,
    npv,
    switching_values,
)
from corridor.analysis.econ_data import CarbonPath, Parameter, ParameterTable, Project
from corridor.errors import InputError

USD_M = 1e-6
"""US$ -> US$ m."""


@dataclass(frozen=True, slots=True)
class AppraisalSettings:
    """The appraisal's period, rates, carbon path and Monte Carlo size."""

    start_year: int
    """Calendar year of year 0 (first year of construction)."""
    operating_years: int
    discount_rates: tuple[float, ...]
    """Real rates (fractions); NPVs are given at each."""
    headline_rate: float
    """The rate of the BCR, the switching values and the Monte Carlo."""
    carbon: CarbonPath
    draws: int
    seed: int

    def to_dict(self) -> dict[str, object]:
        """JSON form."""
        return {
            "start_year": self.start_year,
            "operating_years": self.operating_years,
            "discount_rates_pct": [r * 100 for r in self.discount_rates],
            "headline_rate_pct": self.headline_rate * 100,
            "carbon_path": self.carbon.to_dict(),
            "monte_carlo_draws": self.draws,
            "monte_carlo_seed": self.seed,
        }


def settings_from(
    params: ParameterTable,
    carbon: CarbonPath,
    *,
    start_year: int,
    operating_years: int | None = None,
    discount_pct: tuple[float, ...] | None = None,
    draws: int | None = None,
) -> AppraisalSettings:
    """Settings from the parameter table, with overrides (``--horizon``, ``--discount``)."""
    rate = params["discount_rate_pct"].value
    rates = discount_pct if discount_pct else (rate.low, rate.central, rate.high)
    if any(not math.isfinite(r) or r <= -100 or r >= 1000 for r in rates):
        msg = f"--discount: rates must be percent values in (-100, 1000), got {list(rates)}"
        raise InputError(msg)
    years = operating_years or int(params["operating_years"].value.central)
    if years < 1 or years > 200:
        msg = f"--horizon must be 1-200 operating years, got {years}"
        raise InputError(msg)
    headline = rate.central if rate.central in rates else rates[len(rates) // 2]
    n = draws if draws is not None else int(params["monte_carlo_draws"].value.central)
    if n < 0:
        msg = f"Monte Carlo draws must be >= 0, got {n}"
        raise InputError(msg)
    return AppraisalSettings(
        start_year=start_year,
        operating_years=years,
        discount_rates=tuple(sorted(r / 100 for r in rates)),
        headline_rate=headline / 100,
        carbon=carbon,
        draws=n,
        seed=int(params["monte_carlo_seed"].value.central),
    )


_DRAWN = (
    "opex_pct_capex_year",
    "ramp_up_years",
    "traffic_growth_pct_year",
    "traffic_factor",
    "asset_life_years",
    "reliability_share_of_time_pct",
)
"""Parameters of appraisal_parameters.csv that every variant reads (and the Monte Carlo draws)."""


@dataclass(frozen=True, slots=True)
class _Variant:
    """Values of every uncertain input, one entry per variant (draw)."""

    capex_usd_m: FloatArray
    """Variants x projects."""
    values: dict[str, FloatArray]
    vot: FloatArray
    """Variants x segments (US$/unit-h)."""
    carbon_u: FloatArray
    """Position between the low (0) and high (1) carbon path."""


def _central(projects: list[Project], params: ParameterTable, benefits: UserBenefits) -> _Variant:
    values = {k: np.array([params[k].value.central]) for k in _DRAWN}
    values["traffic_factor"] = np.array([1.0])
    return _Variant(
        capex_usd_m=np.array([[p.capex_usd_m.central for p in projects]]),
        values=values,
        vot=np.array([[s.value_of_time_usd_unit_h.central for s in benefits.segments]]),
        carbon_u=np.array([0.5]),
    )


def _drawn(
    projects: list[Project], params: ParameterTable, benefits: UserBenefits, n: int, seed: int
) -> _Variant:
    rng = np.random.default_rng(seed)
    capex = np.column_stack([p.capex_usd_m.draw(rng, n) for p in projects])
    values = {k: params[k].value.draw(rng, n) for k in _DRAWN}
    vot = np.column_stack([s.value_of_time_usd_unit_h.draw(rng, n) for s in benefits.segments])
    return _Variant(capex, values, vot.reshape(n, len(benefits.segments)), rng.uniform(0, 1, n))


@dataclass(frozen=True, slots=True)
class _Flows:
    """Yearly flows of every variant (variants x years, US$ m)."""

    capex: FloatArray
    opex: FloatArray
    benefits: dict[str, FloatArray]
    residual: FloatArray

    @property
    def net(self) -> FloatArray:
        total = sum(self.benefits.values(), np.zeros_like(self.capex)) + self.residual
        return np.asarray(total - self.capex - self.opex, dtype=np.float64)


def _flows(
    projects: list[Project], benefits: UserBenefits, s: AppraisalSettings, v: _Variant
) -> _Flows:
    build = max(p.construction_years for p in projects)
    n_years = build + s.operating_years
    t = np.arange(n_years, dtype=np.float64)
    n = v.capex_usd_m.shape[0]
    capex = np.zeros((n, n_years))
    for j, p in enumerate(projects):
        capex[:, : p.construction_years] += (v.capex_usd_m[:, j] / p.construction_years)[:, None]
    op = np.clip(t - build, -1, None)  # operating year index (-1 while building)
    operating = (op >= 0)[None, :]
    val = v.values
    ramp = np.clip((op[None, :] + 1) / np.maximum(val["ramp_up_years"][:, None], 1e-9), 0, 1)
    growth = (1 + val["traffic_growth_pct_year"][:, None] / 100) ** np.clip(op, 0, None)[None, :]
    level = np.where(operating, ramp * growth * val["traffic_factor"][:, None], 0.0)
    segs = benefits.segments
    time = sum((v.vot[:, i] * seg.hours_saved_year for i, seg in enumerate(segs)), np.zeros(n))
    induced = sum(
        (
            seg.induced_half_usd_year + v.vot[:, i] * seg.induced_half_hours_year
            for i, seg in enumerate(segs)
        ),
        np.zeros(n),
    )
    money = sum(seg.usd_saved_year for seg in segs)
    co2_t = sum(seg.co2_t_saved_year for seg in segs)
    lo, hi = s.carbon.bounds(s.start_year + t)
    price = lo[None, :] + v.carbon_u[:, None] * (hi - lo)[None, :]
    rel = val["reliability_share_of_time_pct"] / 100
    total_capex = v.capex_usd_m.sum(axis=1)
    life = np.maximum(val["asset_life_years"], 1e-9)
    residual = np.zeros((n, n_years))
    residual[:, -1] = total_capex * np.clip(1 - s.operating_years / life, 0, 1)
    return _Flows(
        capex=capex,
        opex=np.where(operating, (val["opex_pct_capex_year"] / 100 * total_capex)[:, None], 0.0),
        benefits={
            "time": level * (time * USD_M)[:, None],
            "reliability": level * (rel * time * USD_M)[:, None],
            "money": level * (money * USD_M),
            "carbon": level * co2_t * price * USD_M,
            "induced": level * (induced * USD_M)[:, None],
        },
        residual=residual,
    )


@dataclass(frozen=True, slots=True)
class Quantiles:
    """P10, P50 and P90 of a Monte Carlo output."""

    p10: float
    p50: float
    p90: float

    @classmethod
    def of(cls, x: FloatArray) -> Quantiles:
        """Quantiles of the finite values of ``x`` (NaN if none)."""
        x = x[np.isfinite(x)]
        if x.size == 0:
            return cls(math.nan, math.nan, math.nan)
        q = np.quantile(x, [0.1, 0.5, 0.9])
        return cls(float(q[0]), float(q[1]), float(q[2]))

    def to_dict(self, scale: float = 1.0) -> dict[str, float | None]:
        """JSON form (``scale`` e.g. 100 for percent)."""
        return {k: _finite(getattr(self, k) * scale) for k in ("p10", "p50", "p90")}


@dataclass(frozen=True, slots=True)
class MonteCarlo:
    """The range of the measures over draws of every uncertain input."""

    draws: int
    seed: int
    npv_usd_m: dict[float, Quantiles]
    eirr: Quantiles
    eirr_defined_share: float
    """Share of draws whose NPV changes sign in (-90 %, 200 %) (an EIRR exists)."""
    bcr: Quantiles
    prob_npv_positive: float
    """Share of draws with NPV > 0 at the headline rate."""

    def to_dict(self) -> dict[str, object]:
        """JSON form."""
        return {
            "draws": self.draws,
            "seed": self.seed,
            "npv_usd_m": {_pct(r): q.to_dict() for r, q in self.npv_usd_m.items()},
            "eirr_pct": self.eirr.to_dict(100),
            "eirr_defined_share": self.eirr_defined_share,
            "bcr": self.bcr.to_dict(),
            "prob_npv_positive": self.prob_npv_positive,
        }


def _pct(rate: float) -> str:
    return f"{rate * 100:g}%"


def _finite(x: float | None) -> float | None:
    return None if x is None or not math.isfinite(x) else round(x, 6) + 0.0


def _monte_carlo(
    projects: list[Project], params: ParameterTable, benefits: UserBenefits, s: AppraisalSettings
) -> MonteCarlo | None:
    if s.draws == 0:
        return None
    f = _flows(projects, benefits, s, _drawn(projects, params, benefits, s.draws, s.seed))
    net = f.net
    n_years = net.shape[1]
    npvs = {r: Quantiles.of(net @ discount_factors(n_years, r)) for r in s.discount_rates}
    d = discount_factors(n_years, s.headline_rate)
    ben = sum(f.benefits.values(), np.zeros_like(net)) + f.residual
    cost = f.capex + f.opex
    ratio = (ben @ d) / np.maximum(cost @ d, 1e-12)
    irr = eirr_many(net)
    return MonteCarlo(
        draws=s.draws,
        seed=s.seed,
        npv_usd_m=npvs,
        eirr=Quantiles.of(irr),
        eirr_defined_share=float(np.isfinite(irr).mean()),
        bcr=Quantiles.of(ratio),
        prob_npv_positive=float(((net @ d) > 0).mean()),
    )


@dataclass(frozen=True, slots=True)
class Appraisal:
    """A scenario's cost-benefit appraisal: central cash flows, measures, switching values
    and the Monte Carlo range."""

    scenario: str
    projects: tuple[Project, ...]
    benefits: UserBenefits
    settings: AppraisalSettings
    parameters: tuple[Parameter, ...]
    cash_flows: CashFlows
    npv_usd_m: dict[float, float]
    eirr: float | None
    bcr: dict[float, float]
    first_year_return: float
    switching: SwitchingValues
    monte_carlo: MonteCarlo | None

    @property
    def capex_usd_m(self) -> float:
        """Central capital cost of every project (US$ m, undiscounted)."""
        return float(self.cash_flows.capex.sum())

    def to_frame(self) -> pd.DataFrame:
        """Central cash flows, one row per year (US$ m)."""
        return self.cash_flows.to_frame()

    def to_dict(self) -> dict[str, object]:
        """The stable JSON form (``corridor appraise --json``)."""
        pv = {
            k: present_value_usd_m(v, self.settings.headline_rate)
            for k, v in self.cash_flows.benefits.items()
        }
        return {
            "scenario": self.scenario,
            "date": self.benefits.date,
            "network_as_of": self.benefits.network_as_of,
            "projects": [p.to_dict() for p in self.projects],
            "capex_usd_m": self.capex_usd_m,
            "settings": self.settings.to_dict(),
            "benefits": self.benefits.to_dict(),
            "pv_benefits_usd_m": pv,
            "npv_usd_m": {_pct(r): _finite(v) for r, v in self.npv_usd_m.items()},
            "eirr_pct": None if self.eirr is None else _finite(self.eirr * 100),
            "bcr": {_pct(r): _finite(v) for r, v in self.bcr.items()},
            "first_year_return_pct": _finite(self.first_year_return * 100),
            "switching_values": {k: _finite(v) for k, v in self.switching.to_dict().items()},
            "monte_carlo": None if self.monte_carlo is None else self.monte_carlo.to_dict(),
            "parameters": [p.to_dict() for p in self.parameters],
            "cash_flows": [
                {k: _plain(v) for k, v in r.items()} for r in self.to_frame().to_dict("records")
            ],
        }


def present_value_usd_m(flows: FloatArray, rate: float) -> float | None:
    """Present value rounded for JSON."""
    return _finite(float(np.dot(flows, discount_factors(flows.shape[0], rate))))


def _plain(v: object) -> object:
    if isinstance(v, (np.integer, int)):
        return int(v)
    if isinstance(v, (np.floating, float)):
        return _finite(float(v))
    return v


def appraise(
    benefits: UserBenefits,
    projects: list[Project],
    params: ParameterTable,
    settings: AppraisalSettings,
) -> Appraisal:
    """Appraise ``projects`` whose users gain ``benefits`` (see the module docstring).

    Raises
    ------
    InputError
        If there is no project (nothing to pay for) or no benefit segment.
    """
    if not projects:
        msg = f"scenario {benefits.scenario!r} has no project costs (economics/projects.csv)"
        raise InputError(msg)
    if not benefits.segments:
        msg = "no benefit segment to appraise"
        raise InputError(msg)
    f = _flows(projects, benefits, settings, _central(projects, params, benefits))
    build = max(p.construction_years for p in projects)
    cf = CashFlows(
        year=np.arange(settings.start_year, settings.start_year + f.capex.shape[1]),
        capex=f.capex[0],
        opex=f.opex[0],
        benefits={k: v[0] for k, v in f.benefits.items()},
        residual=f.residual[0],
        opening_index=build,
    )
    used = ("discount_rate_pct", "operating_years", "value_of_time_usd_teu_h", *_DRAWN)
    return Appraisal(
        scenario=benefits.scenario,
        projects=tuple(projects),
        benefits=benefits,
        settings=settings,
        parameters=tuple(params[k] for k in used if k in params.numbers),
        cash_flows=cf,
        npv_usd_m={r: npv(cf.net, r) for r in settings.discount_rates},
        eirr=eirr(cf.net),
        bcr={r: bcr(cf, r) for r in settings.discount_rates},
        first_year_return=first_year_return(cf),
        switching=switching_values(cf, settings.headline_rate),
        monte_carlo=_monte_carlo(projects, params, benefits, settings),
    )


def appraise_scenario(
    req: DiffRequest,
    *,
    operating_years: int | None = None,
    discount_pct: tuple[float, ...] | None = None,
    carbon_path_name: str | None = None,
    draws: int | None = None,
) -> Appraisal:
    """Appraise a shipped (or file) scenario on the region's demand: its projects' costs from
    ``projects.csv`` (with those of the scenarios it inherits), its users' benefits from
    :func:`~corridor.analysis.benefits.scenario_benefits`, the parameters from
    ``appraisal_parameters.csv``. Year 0 is the year of the day evaluated.

    Examples
    --------
    >>> from corridor.analysis.benefits import DiffRequest
    >>> a = appraise_scenario(DiffRequest("cku_railway_built"), draws=0)  # doctest: +SKIP
    """
    from corridor.analysis.benefits import segment_benefits
    from corridor.analysis.econ_data import (
        appraisal_parameters,
        carbon_path,
        projects_for,
        read_projects,
    )
    from corridor.scenarios import load_scenario

    params = appraisal_parameters()
    sc = load_scenario(req.scenario)
    projects = projects_for(sc.id, _bases(sc.id), read_projects())
    if not projects:
        have = sorted({p.scenario for p in read_projects() if p.scenario})
        msg = f"no project costs for scenario {sc.id!r} in economics/projects.csv; appraisable: {have}"
        raise InputError(msg)
    benefits = segment_benefits(req, params["value_of_time_usd_teu_h"].value)
    year = int((benefits.date or benefits.network_as_of or "2026")[:4])
    settings = settings_from(
        params,
        carbon_path(carbon_path_name or params.text("carbon_path")),
        start_year=year,
        operating_years=operating_years,
        discount_pct=discount_pct,
        draws=draws,
    )
    return appraise(benefits, projects, params, settings)


def _bases(scenario: str) -> dict[str, tuple[str, ...]]:
    """Scenario id -> the ids it inherits, for ``scenario`` and its ancestors."""
    from corridor.scenarios import load_scenario

    out: dict[str, tuple[str, ...]] = {}
    todo = [scenario]
    while todo:
        name = todo.pop()
        if name in out:
            continue
        bases = tuple(str(b) for b in load_scenario(name).bases)
        out[name] = bases
        todo.extend(bases)
    return out
