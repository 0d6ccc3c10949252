"""Joint flows: several segments in one equilibrium, sharing capacity (issue 17 item 6).

Hand-computed two-class case on the tiny network and the one-class case against
``freight_flows``.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import corridor
from corridor.analysis import freight_flows
from corridor.analysis.joint import FlowClass, joint_flows, shipped_classes
from corridor.data import path as data_path
from corridor.errors import InputError

from .test_freight_flows import tiny_with_road_capacity


def od(teu_day: float) -> pd.DataFrame:
    return pd.DataFrame({"origin": ["a"], "destination": ["d"], "teu_year": [teu_day * 365.0]})


def test_two_classes_share_the_crossing_by_hand(tmp_path: Path) -> None:
    """a -> d on the tiny network, road crossing e of 10 capacity TEU/day (queue 24 h at
    capacity, beta 4). Money and time of the two chains (test_freight_flows): road US$650 +
    7 h, rail US$558 + 21 h. Class A: 20 TEU/day at US$10/h (road 720, rail 768: it bears a
    queue of up to 48 / 10 = 4.8 h). Class B: 5 units/day at US$20/h taking 0.5 capacity TEU
    each (road 790, rail 978: up to 188 / 20 = 9.4 h). B stays on the road (2.5 capacity
    TEU); A fills the crossing until its queue is 4.8 h: 24 (V/10)^4 = 4.8, V = 10 x
    0.2^0.25 = 6.687, so A puts 6.687 - 2.5 = 4.187 TEU/day on the road. Assigned one at a
    time, A would put 6.687 on the road (B not there)."""
    net = tiny_with_road_capacity(tmp_path, 10.0)
    j = joint_flows(
        net,
        [
            FlowClass("a", od(20.0), value_of_time_usd_teu_h=10.0),
            FlowClass("b", od(5.0), value_of_time_usd_teu_h=20.0, capacity_factor=0.5),
        ],
        theta=None,
        gap=1e-10,
    )
    v = 10 * 0.2**0.25
    a = j.segments["a"].links.set_index("id")
    b = j.segments["b"].links.set_index("id")
    assert a.loc["ae_road", "eq_teu_year"] == pytest.approx((v - 2.5) * 365, rel=1e-5)
    assert a.loc["ab_rail", "eq_teu_year"] == pytest.approx((20 - v + 2.5) * 365, rel=1e-5)
    assert b.loc["ae_road", "eq_teu_year"] == pytest.approx(5 * 365, rel=1e-6)
    assert b.loc["ab_rail", "eq_teu_year"] == pytest.approx(0.0, abs=1e-3)
    x = j.total.crossings.set_index("id")
    assert x.loc["e_road", "eq_teu_year"] == pytest.approx(v * 365, rel=1e-5)  # capacity TEU
    assert x.loc["e_road", "utilisation"] == pytest.approx(v / 10, rel=1e-5)
    assert x.loc["e_road", "delay_h"] == pytest.approx(4.8, rel=1e-4)
    assert j.segments["b"].crossings.set_index("id").loc["e_road", "utilisation"] == (
        pytest.approx(v / 10, rel=1e-5)
    )
    assert j.total.summary["assigned_teu_year"] == pytest.approx((20 + 2.5) * 365)
    assert j.total.summary["gap"] <= 1e-10
    alone = freight_flows(net, od(20.0), theta=None, gap=1e-10)
    assert alone.links.set_index("id").loc["ae_road", "eq_teu_year"] == pytest.approx(v * 365)


def test_both_classes_divert_when_the_queue_passes_both_limits(tmp_path: Path) -> None:
    """Class B of 12 units/day at 0.5 (6 capacity TEU) and class A of 20: B alone would
    queue 24 x 0.6^4 = 3.1 h, below A's 4.8 h limit, so A still fills to V = 6.687 and B
    keeps all 12 on the road; A takes 0.687 TEU/day there. With B of 16 (8 capacity TEU,
    9.8 h alone, above B's 9.4 h): A leaves the road entirely and B fills it to its own limit,
    24 (V/10)^4 = 9.4, V = 10 (9.4/24)^0.25 = 7.911 capacity TEU = 15.82 units of B."""
    net = tiny_with_road_capacity(tmp_path, 10.0)

    def run(b_units: float) -> tuple[float, float]:
        j = joint_flows(
            net,
            [
                FlowClass("a", od(20.0), value_of_time_usd_teu_h=10.0),
                FlowClass("b", od(b_units), value_of_time_usd_teu_h=20.0, capacity_factor=0.5),
            ],
            theta=None,
            gap=1e-11,
        )
        road = {
            c: j.segments[c].links.set_index("id")["eq_teu_year"].to_numpy(dtype=float)
            for c in ("a", "b")
        }
        at = list(j.segments["a"].links["id"]).index("ae_road")
        return road["a"][at] / 365, road["b"][at] / 365

    a, b = run(12.0)
    assert a == pytest.approx(10 * 0.2**0.25 - 6.0, rel=1e-4)
    assert b == pytest.approx(12.0, rel=1e-6)
    a, b = run(16.0)
    assert a == pytest.approx(0.0, abs=1e-3)
    assert b == pytest.approx(2 * 10 * (9.4 / 24) ** 0.25, rel=1e-4)


@pytest.mark.parametrize("theta", [None, 2.0])
def test_one_class_is_freight_flows(tmp_path: Path, theta: float | None) -> None:
    net = tiny_with_road_capacity(tmp_path, 10.0)
    alone = freight_flows(net, od(20.0), theta=theta, gap=1e-10)
    j = joint_flows(net, [FlowClass("only", od(20.0))], theta=theta, gap=1e-10)
    for attr in ("links", "crossings"):
        one = getattr(alone, attr)
        for frame in (getattr(j.total, attr), getattr(j.segments["only"], attr)):
            for col in ("eq_teu_year", "aon_teu_year", "utilisation", "delay_ab_h"):
                np.testing.assert_allclose(frame[col], one[col], rtol=1e-6, atol=1e-6)
    assert j.total.summary["assigned_teu_year"] == alone.summary["assigned_teu_year"]
    assert j.total.summary["eq_cost_usd_year"] == pytest.approx(
        alone.summary["eq_cost_usd_year"], rel=1e-6
    )


def test_one_shipped_segment_is_its_segment_flows() -> None:
    """The metals segment alone through the shipped classes = ``corridor flows --segment
    metals`` (its value of time, wagonload service, road constant)."""
    from corridor.analysis.od import DEFAULT_DEMAND
    from corridor.demand import segment_vot
    from corridor.io.demand_csv import read_demand_csv
    from corridor.paths import RouteOptions
    from corridor.vocab import rail_service

    net = corridor.load(date="2024-07-01")
    table = read_demand_csv(data_path(DEFAULT_DEMAND), "metals")
    alone = freight_flows(
        net, table, value_of_time_usd_teu_h=segment_vot("metals"),
        options=RouteOptions(service=rail_service("metals")), segment="metals",
    )  # fmt: skip
    cl = shipped_classes(table.assign(segment="metals"))
    assert [c.name for c in cl] == ["metals"]
    j = joint_flows(net, [FlowClass("metals", table, cl[0].value_of_time_usd_teu_h, 1.0,
                                    cl[0].options, "metals")])  # fmt: skip
    np.testing.assert_allclose(
        j.segments["metals"].crossings["eq_teu_year"], alone.crossings["eq_teu_year"],
        rtol=1e-4, atol=1.0,
    )  # fmt: skip


def test_shipped_factors_are_the_stated_conversion() -> None:
    """capacity TEU per TEU-equivalent = 2 x t_per_teu_eq / t_per_wagon (segments.csv):
    containers 2 x 10 / 20 = 1, dry bulk 2 x 21 / 70 = 0.6."""
    demand = pd.DataFrame(
        {
            "origin": ["almaty", "almaty"],
            "destination": ["tashkent", "tashkent"],
            "teu_year": [1.0, 1.0],
            "segment": ["container", "dry_bulk"],
        }
    )
    f = {c.name: c.capacity_factor for c in shipped_classes(demand)}
    assert f == {"container": pytest.approx(1.0), "dry_bulk": pytest.approx(0.6)}


def test_bad_classes_are_refused(tiny: corridor.Network) -> None:
    with pytest.raises(InputError, match="at least one class"):
        joint_flows(tiny, [])
    with pytest.raises(InputError, match="names must differ"):
        joint_flows(tiny, [FlowClass("x", od(1.0)), FlowClass("x", od(1.0))])
    with pytest.raises(InputError, match="capacity factors"):
        joint_flows(tiny, [FlowClass("x", od(1.0), capacity_factor=0.0)])
    with pytest.raises(InputError, match="'segment' column"):
        shipped_classes(od(1.0))
