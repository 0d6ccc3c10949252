"""Appraisal: textbook NPV, EIRR and BCR on hand-made cash flows, switching values that bring
NPV to zero, the rule of a half, and zero benefit when nothing changes."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import corridor
from corridor.analysis.appraisal import appraise, settings_from
from corridor.analysis.benefits import SegmentBenefit, UserBenefits, benefits_from_diff
from corridor.analysis.cashflow import (
    CashFlows,
    bcr,
    eirr,
    eirr_many,
    first_year_return,
    npv,
    scaled,
    switching_values,
)
from corridor.analysis.diff import scenario_diff
from corridor.analysis.econ_data import (
    Range,
    appraisal_parameters,
    carbon_path,
    projects_for,
    read_parameters,
    read_projects,
)
from corridor.analysis.od import od_set
from corridor.errors import InputError
from corridor.paths import place_index

ANNUITY_10PCT_5Y = 3.790786769408448
"""Present value of 1 a year for 5 years at 10 % (annuity factor, tables)."""


def test_npv_and_eirr_are_the_textbook_values() -> None:
    net = np.array([-100.0, 30, 30, 30, 30, 30])
    assert npv(net, 0.10) == pytest.approx(-100 + 30 * ANNUITY_10PCT_5Y, abs=1e-9)
    r = eirr(net)
    assert r is not None
    assert r == pytest.approx(0.152382, abs=1e-6)  # IRR of -100, 5 x 30 (financial tables)
    assert npv(net, r) == pytest.approx(0.0, abs=1e-8)
    assert eirr(np.array([-100.0, 10, 10])) is not None  # negative EIRR is still a root
    assert eirr(np.array([100.0, 10, 10])) is None  # never changes sign


def hand_project() -> CashFlows:
    """Capex 100 in year 0, benefits 60 in years 1 and 2, no opex, no residual."""
    zeros = np.zeros(3)
    return CashFlows(
        year=np.arange(2026, 2029),
        capex=np.array([100.0, 0, 0]),
        opex=zeros,
        benefits={"time": np.array([0.0, 60, 60])},
        residual=zeros,
        opening_index=1,
    )


def test_bcr_and_first_year_return_by_hand() -> None:
    cf = hand_project()
    assert bcr(cf, 0.10) == pytest.approx((60 / 1.1 + 60 / 1.21) / 100, rel=1e-12)
    assert first_year_return(cf) == pytest.approx(0.60)
    assert eirr(cf.net) == pytest.approx(0.130662, abs=1e-6)  # solves 100 = 60 a(r, 2)


@pytest.mark.parametrize("rate", [0.06, 0.09, 0.12, 0.20])
def test_switching_values_bring_npv_to_zero(rate: float) -> None:
    cf = CashFlows(
        year=np.arange(10),
        capex=np.array([50.0, 50, 0, 0, 0, 0, 0, 0, 0, 0]),
        opex=np.array([0.0, 0, 2, 2, 2, 2, 2, 2, 2, 2]),
        benefits={
            "time": np.array([0.0, 0, 10, 15, 20, 20, 20, 20, 20, 20]),
            "carbon": np.array([0.0, 0, 1, 1, 1, 1, 1, 1, 1, 1]),
        },
        residual=np.array([0.0] * 9 + [30.0]),
        opening_index=2,
    )
    sv = switching_values(cf, rate)
    assert npv(scaled(cf, capex=1 + sv.capex_overrun).net, rate) == pytest.approx(0, abs=1e-9)
    assert npv(scaled(cf, traffic=1 - sv.traffic_shortfall).net, rate) == pytest.approx(0, abs=1e-9)
    # a project that pays (NPV > 0) survives some overrun and some shortfall, and vice versa
    assert (sv.capex_overrun > 0) == (npv(cf.net, rate) > 0)
    assert (sv.traffic_shortfall > 0) == (npv(cf.net, rate) > 0)


def test_vectorised_eirr_matches_the_scalar_one() -> None:
    rng = np.random.default_rng(1)
    rows = np.column_stack([-rng.uniform(50, 150, 20), rng.uniform(5, 30, (20, 12))])
    many = eirr_many(rows)
    for row, r in zip(rows, many, strict=True):
        one = eirr(row)
        assert one is not None
        assert r == pytest.approx(one, abs=1e-9)


PARAMS = """name,value,low,high,unit,basis,source
discount_rate_pct,10,5,15,%,assumption,test
operating_years,2,,,years,assumption,test
ramp_up_years,1,,,years,assumption,test
traffic_growth_pct_year,0,,,%,assumption,test
traffic_factor,1,0.5,1.5,x,assumption,test
opex_pct_capex_year,0,,,%,assumption,test
asset_life_years,2,,,years,assumption,test
value_of_time_usd_teu_h,10,,,US$/TEU-h,assumption,test
reliability_share_of_time_pct,0,,,%,assumption,test
carbon_path,wb_hlccp,,,,assumption,test
monte_carlo_draws,500,,,draws,assumption,test
monte_carlo_seed,1,,,,assumption,test
"""


def hand_benefits(hours: float = 1e6, usd: float = 0.0) -> UserBenefits:
    seg = SegmentBenefit("container", "TEU", 1000, hours, hours, usd, 0.0, Range.point(10.0))
    return UserBenefits("hand", "hand-made", (seg,))


def test_appraise_a_hand_made_project(tmp_path: Path) -> None:
    f = tmp_path / "p.csv"
    f.write_text(PARAMS)
    params = read_parameters(f)
    projects = [p for p in read_projects() if p.id == "khaf_herat"]
    one = [
        type(projects[0])(
            **{**_fields(projects[0]), "capex_usd_m": Range.point(100.0), "construction_years": 1}
        )
    ]
    s = settings_from(params, carbon_path("wb_hlccp"), start_year=2026)
    a = appraise(hand_benefits(hours=1e6, usd=2e6), one, params, s)
    # year 0: capex 100; years 1-2: 1e6 h x 10 US$/h + US$2 m = US$12 m; nothing else
    net = [-100.0, 12.0, 12.0]
    assert a.cash_flows.net.tolist() == pytest.approx(net)
    assert a.npv_usd_m[0.10] == pytest.approx(-100 + 12 / 1.1 + 12 / 1.21)
    assert a.bcr[0.10] == pytest.approx((12 / 1.1 + 12 / 1.21) / 100)
    assert a.first_year_return == pytest.approx(0.12)
    assert a.monte_carlo is not None
    q = a.monte_carlo.npv_usd_m[0.10]
    assert q.p10 <= q.p50 <= q.p90  # traffic factor 0.5-1.5 spreads it
    assert q.p10 < a.npv_usd_m[0.10] < q.p90
    assert a.to_dict()["npv_usd_m"]["10%"] == pytest.approx(a.npv_usd_m[0.10], abs=1e-5)


def _fields(p: object) -> dict[str, object]:
    return {k: getattr(p, k) for k in p.__slots__}  # type: ignore[attr-defined]


def test_zero_cost_change_gives_zero_user_benefit(tiny: corridor.Network) -> None:
    g = corridor.compile(tiny)
    demand = pd.DataFrame({"origin": ["a", "d"], "destination": ["d", "a"], "teu_year": [500, 300]})
    od = od_set(g.labels.node_ids, lambda p: place_index(g, p), pairs="a:d,d:a", demand=demand)
    b = benefits_from_diff(scenario_diff(tiny, tiny, od), Range(10, 25, 40))
    seg = b.segments[0]
    assert (seg.hours_saved_year, seg.usd_saved_year, seg.co2_t_saved_year) == (0, 0, 0)
    assert seg.time_usd(25.0) == 0 and seg.induced_usd(25.0) == 0


def test_rule_of_a_half_values_induced_traffic_at_half_the_saving() -> None:
    # 1000 induced units saving 5 h and US$300 each: half of it counts
    seg = SegmentBenefit(
        "c", "TEU", 0, 0, 0, 0, 0, Range.point(20), 1000, 0.5 * 1000 * 5.0, 0.5 * 1000 * 300.0
    )
    assert seg.induced_usd(20.0) == pytest.approx(0.5 * 1000 * (300 + 20 * 5))
    assert SegmentBenefit("c", "TEU", 0, 0, 0, 0, 0, Range.point(20)).induced_usd(20) == 0


def test_shipped_economics_data_is_sourced_and_ordered() -> None:
    params = appraisal_parameters()
    for p in params.numbers.values():
        assert p.source and p.value.low <= p.value.central <= p.value.high
    projects = read_projects()
    assert {"trans_afghan", "ktap", "cku"} <= {p.id for p in projects}
    ta = next(p for p in projects if p.id == "trans_afghan")
    assert (ta.capex_usd_m.low, ta.capex_usd_m.high, ta.length_km) == (4600, 8200, 647)
    both = projects_for(
        "both_railways_built",
        {"both_railways_built": ("ktap_built", "trans_afghan_built")},
        projects,
    )
    assert {p.id for p in both} == {"ktap", "trans_afghan"}
    wb = carbon_path("wb_hlccp")
    assert wb.price(np.array([2020, 2025, 2030, 2040])).tolist() == [60, 67.5, 75, 75]
    with pytest.raises(InputError, match="choose from"):
        carbon_path("nope")


def test_bad_ranges_fail_with_file_and_line(tmp_path: Path) -> None:
    f = tmp_path / "p.csv"
    f.write_text(PARAMS.replace("traffic_factor,1,0.5,1.5", "traffic_factor,1,1.5,0.5"))
    with pytest.raises(InputError, match=r"p\.csv line 6: traffic_factor"):
        read_parameters(f)


def test_induced_traffic_follows_the_trade_elasticity(tmp_path: Path) -> None:
    from corridor.analysis._segments import Slot
    from corridor.analysis.benefits import Induced, segment_benefit
    from corridor.data import path as data_path

    tiny = data_path("examples/tiny")
    f = tmp_path / "cheap.yaml"
    f.write_text("name: cheap\nedits:\n  - scale_crossings: {crossings: [e_road], fee: 0.5}\n")
    g0 = corridor.compile(corridor.load(tiny, date="undated"))
    g1 = corridor.compile(corridor.load(tiny, date="undated", scenario=str(f)))
    od = od_set(g0.labels.node_ids, lambda p: place_index(g0, p), pairs="a:d,d:a")
    od = type(od)(od.orig, od.dest, np.array([100.0, 50.0]), True, "hand")
    slot = Slot(10.0, 25.0)
    ind = Induced(theta=5.0, value_usd_slot=43_700.0, time_cost_pct_day=1.35)
    same = segment_benefit((g0, g0), od, "container", slot, Range.point(25), None, ind)
    assert (same.induced_units_year, same.induced_half_usd_year) == (0.0, 0.0)
    b = segment_benefit((g0, g1), od, "container", slot, Range.point(25), None, ind)
    assert b.usd_saved_year > 0 and b.induced_units_year > 0
    # rule of a half: the induced units are valued at half the existing units' saving per unit
    per_unit = b.usd_saved_year / 150.0
    assert b.induced_half_usd_year == pytest.approx(0.5 * b.induced_units_year * per_unit)
