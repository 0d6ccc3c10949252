"""Capacity counted once per link (all gauges), the queue formula of docs/flows.md at a
utilisation above 1, corridors cut by a closure, gateway volumes against published counts."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import corridor
from corridor.analysis import freight_flows
from corridor.data import path as data_path
from corridor.graph import EdgeKind
from corridor.io.demand_csv import read_demand_csv


def dual_gauge_tiny(capacity: float) -> corridor.Network:
    """The tiny network with a->d direct rail made dual-gauge (1520|1435) and the only way."""
    net = corridor.load(data_path("examples/tiny"), date="undated")
    links = net.links.copy()
    ad = links["id"] == "ad_rail"
    links.loc[ad, "gauge_mm"] = "1520|1435"
    links.loc[ad, "capacity_teu_day"] = capacity
    links.loc[ad, "status"] = "existing"
    links.loc[links["id"].isin(["ab_rail", "ae_road"]), "status"] = "closed"
    return net.replace(links=links)


def test_dual_gauge_capacity_counted_once_and_queue_by_hand() -> None:
    """20 TEU/day a->d on a 10 TEU/day dual-gauge link: utilisation 20 / 10 = 2 (not 1,
    as two gauges of 10 each would give); queue = Q (v / c)^4 = 12 h x 2^4 = 192 h."""
    net = dual_gauge_tiny(10.0)
    od = pd.DataFrame({"origin": ["a"], "destination": ["d"], "teu_year": [20 * 365.0]})
    f = freight_flows(net, od, gap=1e-9)
    row = f.links.set_index("id").loc["ad_rail"]
    assert row["eq_teu_year"] == pytest.approx(20 * 365.0)
    assert row["utilisation"] == pytest.approx(2.0)
    assert row["delay_ab_h"] == pytest.approx(12.0 * 2.0**4)
    b = f.bottlenecks.set_index("id").loc["ad_rail"]
    assert b["delay_h"] == pytest.approx(192.0)
    # the link has one move edge per gauge (and frontier part); the capped first parts of
    # the a->d direction carry the 20 TEU/day together
    graph = corridor.compile(net)
    link = graph.labels.link_ids.index("ad_rail")
    moves = (graph.edges.kind == EdgeKind.MOVE) & (graph.edges.link == link)
    first = moves & (graph.edges.direction == 1) & np.isfinite(graph.edges.capacity_teu_day)
    assert first.sum() >= 2  # one per gauge


def test_corridor_cut_after_the_af_pk_closure() -> None:
    """After 2025-10-12 the Torkham and Chaman corridors are cut: status closed, volume 0."""
    demand = read_demand_csv(data_path("demand/region_demand_2024.csv"))
    f = freight_flows(corridor.load(date="2025-11-01"), demand, gap=1e-3)
    c = f.corridors.set_index("id")
    for cid in ("afghan_truck_torkham", "chaman_road"):
        assert c.loc[cid, "status"] == "closed"
        assert c.loc[cid, "eq_teu_year"] == 0.0
        assert c.loc[cid, "closed_by"]
    assert f.context.date == "2025-11-01"
    assert "defining links" in f.to_dict()["corridor_measure"]


def test_gateway_volumes_against_published_2024() -> None:
    """On a 2024 day, the equilibrium container volume through the two China-Kazakhstan rail
    gateways is within 25 % of the published 2024 train count (16,400 trains x 90 TEU,
    F2 4.1), a hold-out target of the demand calibration (docs/demand.md); Dostyk takes the
    larger part, as the published 2024 tonnages (5.9 : 4.2, fitted in tonnes) say."""
    demand = read_demand_csv(data_path("demand/region_demand_2024.csv"))
    f = freight_flows(corridor.load(date="2024-07-01"), demand, gap=1e-3)
    x = f.crossings.groupby("id")["eq_teu_year"].sum()
    both = x["dostyk_alashankou_rail"] + x["altynkol_khorgos_rail"]
    assert both == pytest.approx(16400 * 90.0, rel=0.25)
    assert x["dostyk_alashankou_rail"] > x["altynkol_khorgos_rail"] > 0


def test_queue_formula_holds_on_the_shipped_2024_run() -> None:
    """Every capacity-limited link of the shipped 2024 run: queue = 12 h x utilisation^4,
    with utilisation = peak-direction TEU/day of all gauges over the link's one capacity."""
    demand = read_demand_csv(data_path("demand/region_demand_2024.csv"))
    f = freight_flows(corridor.load(date="2024-07-01"), demand)
    links = f.links[np.isfinite(f.links["capacity_teu_day"])]
    peak = np.maximum(links["eq_ab_teu_year"], links["eq_ba_teu_year"]) / 365.0
    util = peak / links["capacity_teu_day"]
    np.testing.assert_allclose(links["utilisation"], util, rtol=1e-12)
    delay = np.maximum(links["delay_ab_h"], links["delay_ba_h"])
    np.testing.assert_allclose(delay, 12.0 * util**4, rtol=1e-9, atol=1e-12)
    # Altynkol is over its capacity with the containers alone in 2024 (with every segment
    # sharing the gateways, Dostyk and Saryagash too: tests/demand/test_queues.py)
    assert (util > 1.0).sum() >= 1
    assert f.summary["converged"] and f.summary["gap"] <= 1e-6


def test_cli_flows_date_cuts_corridors(capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from corridor.cli import main

    main(["flows", "--json", "--date", "2025-11-01"])
    doc = json.loads(capsys.readouterr().out)
    assert doc["date"] == "2025-11-01"
    cut = {c["id"]: c for c in doc["corridors"]}
    assert cut["chaman_road"]["status"] == "closed" and cut["chaman_road"]["eq_teu_year"] == 0
