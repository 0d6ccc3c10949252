"""Hubs: transit volumes and dependence shares on the tiny network equal hand counts."""

from __future__ import annotations

import json

import pandas as pd
import pytest

import corridor
from corridor.analysis.hubs import hub_tables
from corridor.analysis.od import od_set
from corridor.paths import place_index

DEMAND = pd.DataFrame(
    {
        "origin": ["a", "a", "f", "c", "g"],
        "destination": ["f", "d", "a", "f", "i"],
        "teu_year": [100.0, 50.0, 30.0, 20.0, 10.0],
    }
)
"""AA -> CC crosses BB (a-f, f-a); AA -> BB, BB -> CC and CC -> DD cross nobody."""


@pytest.fixture(scope="module")
def tables(tiny: corridor.Network):  # type: ignore[no-untyped-def]
    g = corridor.compile(tiny)
    od = od_set(
        g.labels.node_ids,
        lambda p: place_index(g, p),
        pairs=list(zip(DEMAND["origin"], DEMAND["destination"], strict=True)),
        demand=DEMAND,
    )
    return hub_tables(g, od, payload_t_teu=10.0)


def test_transit_equals_hand_count(tables) -> None:  # type: ignore[no-untyped-def]
    t = tables.transit.set_index("country")
    assert t.index.tolist() == ["BB"]
    assert t.loc["BB", "transit_teu_year"] == 130.0  # a-f 100 + f-a 30
    assert t.loc["BB", "transit_t_year"] == 1300.0
    assert t.loc["BB", "pairs"] == 2
    # the ferry crossing at d is BB's gateway for that transit
    gates = tables.gateways.set_index("crossing")["transit_teu_year"].to_dict()
    assert gates.get("d_ferry") == 130.0


def test_dependence_shares_equal_hand_count(tables) -> None:  # type: ignore[no-untyped-def]
    d = tables.dependence.set_index(["country", "via"])
    # AA trades a-f 100, a-d 50, f-a 30 = 180, of which 130 crosses BB
    assert d.loc[("AA", "BB"), "trade_teu_year"] == 180.0
    assert d.loc[("AA", "BB"), "share"] == pytest.approx(130 / 180)
    # CC trades a-f, f-a, c-f, g-i = 160, of which 130 crosses BB
    assert d.loc[("CC", "BB"), "share"] == pytest.approx(130 / 160)
    # without BB, f (CC) is cut off from AA: all 130 TEU have no route
    assert d.loc[("AA", "BB"), "no_route_teu_year"] == 130.0
    assert len(d) == 2


def test_hubs_json_and_geojson(tiny: corridor.Network, tables) -> None:  # type: ignore[no-untyped-def]
    from corridor.analysis.hubs import Hubs

    h = Hubs(None, None, None, "container", "hand", 10.0, tables, None)
    doc = json.loads(json.dumps(h.to_dict()))
    assert doc["transit_change"][0]["country"] == "BB"
    layer = h.to_geojson()
    assert {f["properties"]["country"] for f in layer["features"]} == {"BB"}
    assert all(f["properties"]["transit_teu_year"] == 130.0 for f in layer["features"])


def test_segments_combine_with_each_countrys_whole_trade(tables) -> None:  # type: ignore[no-untyped-def]
    from corridor.analysis.hubs import _combine

    both = _combine([tables, tables])  # two identical segments: volumes double, shares hold
    t = both.transit.set_index("country")
    assert t.loc["BB", "transit_teu_year"] == 260.0
    d = both.dependence.set_index(["country", "via"])
    assert d.loc[("AA", "BB"), "trade_teu_year"] == 360.0
    assert d.loc[("AA", "BB"), "share"] == pytest.approx(130 / 180)
    assert both.trade["DD"] == 20.0  # g-i, a country without transit dependence, counted
