"""Discounted cash flows of a project: NPV, EIRR, benefit-cost ratio, first-year return and
switching values, as a development bank's economic analysis computes them.

Year 0 is the first year of construction; the flows of year ``t`` are discounted by
``(1 + r) ** t`` (year 0 undiscounted), the usual spreadsheet convention of economic analysis. Costs and benefits are positive numbers; the
residual value of the asset counts as a benefit in the last year.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from corridor._types import FloatArray, IntArray

_EIRR_LO, _EIRR_HI = -0.9, 2.0
"""EIRR search bracket (real rates, per year)."""


@dataclass(frozen=True, slots=True)
class CashFlows:
    """Yearly flows (US$ m) of one project variant; ``benefits`` by kind (time, money, ...)."""

    year: IntArray
    capex: FloatArray
    opex: FloatArray
    benefits: dict[str, FloatArray]
    residual: FloatArray
    opening_index: int
    """Index of the first operating year."""

    @property
    def costs(self) -> FloatArray:
        """Capital plus operating cost per year."""
        return np.asarray(self.capex + self.opex, dtype=np.float64)

    @property
    def user_benefits(self) -> FloatArray:
        """Traffic-driven benefits per year (every kind, residual value excluded)."""
        total = np.zeros_like(self.capex)
        for v in self.benefits.values():
            total = total + v
        return np.asarray(total, dtype=np.float64)

    @property
    def all_benefits(self) -> FloatArray:
        """User benefits plus the residual value."""
        return np.asarray(self.user_benefits + self.residual, dtype=np.float64)

    @property
    def net(self) -> FloatArray:
        """Net benefit per year."""
        return np.asarray(self.all_benefits - self.costs, dtype=np.float64)

    def to_frame(self) -> pd.DataFrame:
        """One row per year: capex, opex, each benefit kind, residual, net (US$ m)."""
        frame = pd.DataFrame(
            {"year": self.year, "capex_usd_m": self.capex, "opex_usd_m": self.opex}
        )
        for k, v in self.benefits.items():
            frame[f"{k}_usd_m"] = v
        frame["residual_usd_m"] = self.residual
        frame["net_usd_m"] = self.net
        return frame


def discount_factors(n_years: int, rate: float) -> FloatArray:
    """``(1 + rate) ** -t`` for t = 0 .. n_years - 1."""
    return np.asarray((1.0 + rate) ** -np.arange(n_years, dtype=np.float64), dtype=np.float64)


def present_value(flows: FloatArray, rate: float) -> float:
    """Present value at year 0 of yearly ``flows``.

    Examples
    --------
    >>> round(present_value(np.array([0.0, 110.0]), 0.10), 6)
    100.0
    """
    return float(np.dot(flows, discount_factors(flows.shape[-1], rate)))


def npv(flows: FloatArray, rate: float) -> float:
    """Net present value of yearly net flows (alias of :func:`present_value` for clarity)."""
    return present_value(flows, rate)


def eirr(net: FloatArray) -> float | None:
    """Internal rate of return of yearly net flows: the rate where the NPV is zero.

    The lowest root in (-90 %, 200 %) found on a grid and refined by Brent's method; None
    when the NPV keeps one sign over the whole bracket (e.g. benefits never repay the cost).

    Examples
    --------
    >>> round(eirr(np.array([-100.0, 60.0, 60.0])), 6)
    0.130662
    """
    from scipy.optimize import brentq

    grid = np.linspace(_EIRR_LO, _EIRR_HI, 581)
    t = np.arange(net.shape[0], dtype=np.float64)
    values = (net[None, :] * (1.0 + grid[:, None]) ** -t[None, :]).sum(axis=1)
    sign = np.sign(values)
    change = np.flatnonzero(sign[:-1] * sign[1:] < 0)
    exact = np.flatnonzero(values == 0.0)
    if exact.size and (not change.size or exact[0] <= change[0]):
        return float(grid[exact[0]])
    if not change.size:
        return None
    i = int(change[0])
    return float(brentq(lambda r: npv(net, r), grid[i], grid[i + 1], xtol=1e-12))


def eirr_many(net: FloatArray, iterations: int = 80) -> FloatArray:
    """EIRR of each row of ``net`` (draws x years) by vectorised bisection on
    (-90 %, 200 %); NaN where the NPV has one sign at both ends."""
    n, years = net.shape
    t = np.arange(years, dtype=np.float64)
    lo = np.full(n, _EIRR_LO)
    hi = np.full(n, _EIRR_HI)

    def f(r: FloatArray) -> FloatArray:
        return np.asarray((net * (1.0 + r[:, None]) ** -t[None, :]).sum(axis=1))

    f_lo = f(lo)
    ok = np.sign(f_lo) * np.sign(f(hi)) < 0
    for _ in range(iterations):
        mid = 0.5 * (lo + hi)
        f_mid = f(mid)
        same = np.sign(f_mid) == np.sign(f_lo)
        lo = np.where(same, mid, lo)
        f_lo = np.where(same, f_mid, f_lo)
        hi = np.where(same, hi, mid)
    return np.where(ok, 0.5 * (lo + hi), np.nan)


def bcr(cf: CashFlows, rate: float) -> float:
    """Benefit-cost ratio: PV(user benefits + residual) / PV(capex + opex)."""
    cost = present_value(cf.costs, rate)
    return present_value(cf.all_benefits, rate) / cost if cost > 0 else float("inf")


def first_year_return(cf: CashFlows) -> float:
    """First-year rate of return: net benefit of the first operating year (user benefits
    less operating cost) over the total capital cost (undiscounted)."""
    total = float(cf.capex.sum())
    i = cf.opening_index
    if total <= 0 or i >= cf.year.shape[0]:
        return float("nan")
    return float(cf.user_benefits[i] - cf.opex[i]) / total


@dataclass(frozen=True, slots=True)
class SwitchingValues:
    """The changes that bring NPV at ``rate`` to zero, each on its own (as fractions)."""

    rate: float
    capex_overrun: float
    """Capex (and the opex and residual value tied to it) x (1 + this) gives NPV 0."""
    traffic_shortfall: float
    """User benefits x (1 - this) gives NPV 0 (negative: traffic would have to grow)."""

    def to_dict(self) -> dict[str, float]:
        """JSON form (percent)."""
        return {
            "rate_pct": self.rate * 100,
            "capex_overrun_pct": self.capex_overrun * 100,
            "traffic_shortfall_pct": self.traffic_shortfall * 100,
        }


def switching_values(cf: CashFlows, rate: float) -> SwitchingValues:
    """Capex overrun and traffic shortfall that bring NPV at ``rate`` to zero.

    NPV is linear in both: NPV(k) = B - k (C + O - R) for capex x k, and
    NPV(s) = (1 - s) B + R - C - O for benefits x (1 - s), with B, C, O, R the present values
    of user benefits, capex, opex and residual value.
    """
    b = present_value(cf.user_benefits, rate)
    tied = present_value(cf.capex, rate) + present_value(cf.opex, rate)
    tied -= present_value(cf.residual, rate)
    value = npv(cf.net, rate)
    overrun = b / tied - 1.0 if tied > 0 else float("inf")
    shortfall = value / b if b > 0 else float("-inf")
    return SwitchingValues(rate, overrun, shortfall)


def scaled(cf: CashFlows, *, capex: float = 1.0, traffic: float = 1.0) -> CashFlows:
    """The same project with capex (and opex and residual, tied to it) x ``capex`` and user
    benefits x ``traffic``."""
    return CashFlows(
        year=cf.year,
        capex=cf.capex * capex,
        opex=cf.opex * capex,
        benefits={k: v * traffic for k, v in cf.benefits.items()},
        residual=cf.residual * capex,
        opening_index=cf.opening_index,
    )
