"""Mode choice inside the flows: the logit between the rail-based and the road chain,
checked on the tiny network against hand-computed shares."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest
from scipy.optimize import brentq

import corridor
from corridor.analysis import freight_flows
from corridor.analysis._modes import shipped_theta
from corridor.data import path as data_path
from corridor.errors import InputError

from .test_freight_flows import od, tiny_with_road_capacity

# generalised cost a -> d on the tiny network (VOT 10 USD/h, carbon 100 USD/t), see
# test_freight_flows: road chain 620 + 70 + 30 = 720, rail chain 550 + 210 + 8 = 768
ROAD, RAIL = 720.0, 768.0


def logit_rail(theta: float, rail: float, road: float, ref: float) -> float:
    return 1.0 / (1.0 + math.exp(-theta * (road - rail) / ref))


@pytest.mark.parametrize("theta", [0.5, 2.0, 8.0])
def test_uncongested_split_is_the_logit(tmp_path: Path, theta: float) -> None:
    net = tiny_with_road_capacity(tmp_path, 1.0e6)
    f = freight_flows(net, od(3650.0), theta=theta, gap=1e-9)
    p = logit_rail(theta, RAIL, ROAD, ROAD)  # the dearer rail takes the logit's share
    links = f.links.set_index("id")
    assert links.loc["ab_rail", "eq_teu_year"] == pytest.approx(3650.0 * p, rel=1e-6)
    assert links.loc["ae_road", "eq_teu_year"] == pytest.approx(3650.0 * (1 - p), rel=1e-6)
    assert f.summary["road_chain_share"] == pytest.approx(1 - p, rel=1e-6)
    assert f.summary["assigned_teu_year"] == pytest.approx(3650.0)


def test_cheaper_rail_takes_the_larger_share(tmp_path: Path) -> None:
    """Make the road dearer (a 100 USD crossing fee: road 820 vs rail 768): the rail chain,
    now the cheaper, takes exp(theta 52/768) / (1 + exp(theta 52/768)) of the boxes."""
    net = tiny_with_road_capacity(tmp_path, 1.0e6)
    x = net.crossings.copy()
    x.loc[x["id"] == "e_road", "fee_usd_teu"] = x.loc[x["id"] == "e_road", "fee_usd_teu"] + 100
    net = net.replace(crossings=x)
    theta = 2.0
    f = freight_flows(net, od(3650.0), theta=theta, gap=1e-9)
    p = logit_rail(theta, RAIL, ROAD + 100.0, RAIL)
    assert p > 0.5
    links = f.links.set_index("id")
    assert links.loc["cd_rail", "eq_teu_year"] == pytest.approx(3650.0 * p, rel=1e-6)


def test_congested_split_is_the_combined_equilibrium(tmp_path: Path) -> None:
    """Road crossing capacity 10 TEU/day, 20 TEU/day a -> d: the road chain costs
    720 + 240 (v/10)^4 at v TEU/day on it, and v = 20 x P_road(its cost, 768) at the
    combined equilibrium (dispersion theta / 720, the cheaper free-flow chain)."""
    net = tiny_with_road_capacity(tmp_path, 10.0)
    theta = 2.0

    def excess(v: float) -> float:
        road = ROAD + 240.0 * (v / 10.0) ** 4
        return 20.0 * (1.0 - logit_rail(theta, RAIL, road, ROAD)) - v

    v = brentq(excess, 0.0, 20.0, xtol=1e-12)
    f = freight_flows(net, od(20 * 365.0), theta=theta, gap=1e-10)
    links = f.links.set_index("id")
    assert links.loc["ae_road", "eq_teu_year"] == pytest.approx(v * 365, rel=1e-4)
    assert links.loc["ab_rail", "eq_teu_year"] == pytest.approx((20 - v) * 365, rel=1e-4)
    assert f.summary["gap"] <= 1e-10
    # one class would equalise the costs (6.687 TEU/day on the road, 768 both ways); the
    # logit never does, and keeps more boxes on the road, which queues longer
    assert v > 10 * 0.2**0.25


def test_a_pair_without_rail_goes_by_road(tiny: corridor.Network) -> None:
    demand = pd.DataFrame({"origin": ["g"], "destination": ["i"], "teu_year": [365.0]})
    f = freight_flows(tiny, demand, theta=2.0)
    assert f.summary["rail_chain_teu_year"] == 0.0
    assert f.summary["intermodal_chain_teu_year"] == 0.0
    assert f.summary["road_chain_teu_year"] == pytest.approx(365.0)


def test_theta_is_checked_and_shipped(tiny: corridor.Network) -> None:
    with pytest.raises(InputError, match="theta"):
        freight_flows(tiny, od(365.0), theta=-1.0)
    theta = shipped_theta()
    assert 0.05 < theta < 200
    assert (
        data_path("demand/mode_fitted.csv").read_bytes()
        == (
            Path(__file__).resolve().parents[2] / "data-sources/demand/mode_fitted.csv"
        ).read_bytes()
    )
    assert freight_flows(tiny, od(365.0)).summary["mode_choice_theta"] == theta


def test_weighted_scenario_diff_splits_by_the_logit(tmp_path: Path) -> None:
    """Scenario: a 100 USD fee at the road crossing (road chain 720 -> 820, rail 768).
    Dispersion theta / 720 (the base's cheaper chain) on both networks: the rail share and
    the logsum saving per TEU follow by hand."""
    import numpy as np

    from corridor.analysis.diff import scenario_diff
    from corridor.analysis.od import ODSet

    base = tiny_with_road_capacity(tmp_path, 1.0e6)
    x = base.crossings.copy()
    x.loc[x["id"] == "e_road", "fee_usd_teu"] = x.loc[x["id"] == "e_road", "fee_usd_teu"] + 100
    after = base.replace(crossings=x)
    ids = list(corridor.compile(base).labels.node_ids)
    od = ODSet(
        orig=np.array([ids.index("a")]),
        dest=np.array([ids.index("d")]),
        weight=np.array([1000.0]),
        weighted=True,
        label="test",
    )
    theta = 2.0
    d = scenario_diff(base, after, od, by="generalised", theta=theta)
    s = theta / ROAD

    def logsum(costs: list[float]) -> float:
        return -math.log(sum(math.exp(-s * c) for c in costs)) / s

    p0 = logit_rail(theta, RAIL, ROAD, ROAD)
    p1 = logit_rail(theta, RAIL, ROAD + 100.0, ROAD)
    assert d.pairs.loc[0, "rail_share_before"] == pytest.approx(p0, rel=1e-9)
    assert d.pairs.loc[0, "rail_share_after"] == pytest.approx(p1, rel=1e-9)
    assert d.summary["rail_teu_year_after"] == pytest.approx(1000 * p1, rel=1e-9)
    saved = 1000 * (logsum([RAIL, ROAD]) - logsum([RAIL, ROAD + 100.0]))
    assert saved < 0  # a dearer road costs the shippers, less than 100 USD a box
    assert d.summary["usd_saved_year_logsum"] == pytest.approx(saved, rel=1e-9)
    assert -100_000 < saved
    # without theta: no split
    assert "mode_choice_theta" not in scenario_diff(base, after, od, by="generalised").summary


def test_road_constant_inside_the_flows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The shipped mode choice with a road constant a (monkeypatched): the uncongested rail
    share is 1 / (1 + exp(theta (768 - 720) / 720 + a)); elastic demand with no scenario
    stays the fixed demand (the logsum carries the constant on both sides)."""

    import corridor.analysis.flows as flows_mod
    from corridor.analysis.elastic import elastic_flows

    theta, a = 2.0, -0.7
    monkeypatch.setattr(
        flows_mod, "shipped_params", lambda: {"theta": theta, "asc_road_container": a}
    )
    net = tiny_with_road_capacity(tmp_path, 1.0e6)
    f = freight_flows(net, od(3650.0), gap=1e-9)
    p = 1.0 / (1.0 + math.exp(theta * (RAIL - ROAD) / ROAD + a))
    assert f.links.set_index("id").loc["ab_rail", "eq_teu_year"] == pytest.approx(
        3650.0 * p, rel=1e-6
    )
    assert f.summary["mode_choice_asc_road"] == a
    both = elastic_flows(net, od(3650.0), gap=1e-9)
    assert both.summary["elastic_demand_teu_year"] == pytest.approx(3650.0, rel=1e-6)
    # the same parameters given to the flows (as the demand fit does) give the same flows
    g = freight_flows(net, od(3650.0), gap=1e-9, mode_params={"theta": theta,
                      "asc_road_container": a})  # fmt: skip
    assert g.links.set_index("id").loc["ab_rail", "eq_teu_year"] == pytest.approx(
        3650.0 * p, rel=1e-6
    )


def test_market_constants_by_pair() -> None:
    """A pair takes its market's road constant (an end in AF, or a listed country pair such
    as PK-UZ either way round); the other pairs and the other segment group take the
    group's constant."""
    from corridor.analysis._modes import ROAD as ROAD_CHAIN
    from corridor.analysis._modes import markets_of, pair_asc

    markets = markets_of(["afghan"], ["AF"], ["PK-UZ|PK-KZ"])
    params = {"theta": 1.0, "asc_road_bulk": -0.5, "asc_road_container": 0.1,
              "asc_road_bulk_afghan": -2.0}  # fmt: skip
    o, d = ["UZ", "AF", "PK", "KZ", "PK"], ["AF", "IR", "UZ", "RU", "CN"]
    bulk = pair_asc("dry_bulk", o, d, params, markets)[:, ROAD_CHAIN]
    assert bulk.tolist() == [-2.0, -2.0, -2.0, -0.5, -0.5]
    assert pair_asc("container", o, d, params, markets)[:, ROAD_CHAIN].tolist() == [0.1] * 5
    assert pair_asc("metals", o, d, params, markets)[:, 0].tolist() == [0.0] * 5


def test_bulk_road_is_priced_per_truck(tiny: corridor.Network) -> None:
    """Road money is per truck (2 TEU): a TEU slot of dry bulk (21 t) on a 25-t truck pays
    2 x 21 / 25 = 1.68 times the per-TEU tariff; containers (10 t per TEU, 20 t per truck)
    pay it once; rail is per TEU of capacity for every segment."""
    import numpy as np

    from corridor.analysis._segments import road_truck_factor
    from corridor.analysis.flows import prepare_run
    from corridor.graph import Criterion, EdgeKind
    from corridor.vocab import MODES, Mode

    assert road_truck_factor("container") == pytest.approx(1.0)
    assert road_truck_factor("dry_bulk") == pytest.approx(2 * 21 / 25)
    kw = {"value_of_time_usd_teu_h": 10.0, "theta": None}
    box = prepare_run(tiny, od(365.0), segment="container", **kw)
    bulk = prepare_run(tiny, od(365.0), segment="dry_bulk", **kw)
    g = box.graph
    money = g.edges.criteria[:, Criterion.COST_USD]
    road = (g.edges.mode == list(MODES).index(Mode.ROAD)) & (g.edges.kind == EdgeKind.MOVE)
    rail = g.edges.mode == list(MODES).index(Mode.RAIL)
    extra = bulk.free_flow_cost - box.free_flow_cost
    assert road.any() and money[road].min() > 0
    assert extra[road] == pytest.approx(0.68 * money[road])
    assert np.all(extra[rail] == 0.0)


def test_a_route_for_bulk_counts_road_money_per_truck(tiny: corridor.Network) -> None:
    """The route of a bulk segment (road_truck_factor 1.68) reports the road money it was
    chosen on: road legs x 1.68, the totals their sum; rail legs unchanged."""
    from corridor.paths import RouteOptions

    box = corridor.route(tiny, "a", "d", by="time", options=RouteOptions(modes=("road",)))
    bulk = corridor.route(
        tiny, "a", "d", by="time", options=RouteOptions(modes=("road",), road_truck_factor=1.68)
    )
    assert [leg.links for leg in bulk.legs] == [leg.links for leg in box.legs]
    road = [(a, b) for a, b in zip(box.legs, bulk.legs, strict=True) if a.mode == "road"]
    assert road and all(b.cost_usd == pytest.approx(1.68 * a.cost_usd) for a, b in road)
    assert bulk.totals.cost_usd == pytest.approx(sum(leg.cost_usd for leg in bulk.legs))
    rail = corridor.route(tiny, "a", "d", by="time", options=RouteOptions(modes=("rail",)))
    rail_bulk = corridor.route(
        tiny, "a", "d", by="time", options=RouteOptions(modes=("rail",), road_truck_factor=1.68)
    )
    assert rail_bulk.totals.cost_usd == pytest.approx(rail.totals.cost_usd)
    with pytest.raises(InputError, match="road_truck_factor"):
        RouteOptions(road_truck_factor=0.0)
