"""Estimate shares and sources of a route, against a hand count on the tiny network."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

import corridor
from corridor.calibration import with_provenance


def test_planned_line_rests_on_an_estimate(tiny: corridor.Network) -> None:
    # planned a-d: 250 km estimate (2.5 h in AA + 1.25 h in BB), crossing at d an estimate
    # too (3 h, 30 USD; the tiny crossings say basis=estimate); line haul 250 USD
    opts = corridor.RouteOptions(include_planned=True)
    r = with_provenance(tiny, corridor.route(tiny, "a", "d", options=opts))
    assert r.vertices == ("a", "d")
    assert r.estimate_share == pytest.approx({"km": 1.0, "hours": 1.0, "cost": 1.0})
    assert r.sources == ("hand-made",)
    shares = [leg.estimate_share for leg in r.legs]
    assert shares[0] == pytest.approx({"km": 1.0, "hours": 1.0, "cost": 1.0})
    border = next(leg for leg in r.legs if leg.kind == "border")
    assert border.estimate_share == {"km": 0.0, "hours": 1.0, "cost": 1.0}
    d = r.to_dict()
    assert d["estimate_share"]["km"] == 1.0 and d["sources"] == ["hand-made"]


def test_published_links_estimated_crossing(tiny: corridor.Network) -> None:
    # road a-e-d: 2 x 150 km published at 60 km/h (5 h, 600 USD); crossing e_road (basis
    # estimate) 2 h and 20 USD -> 2 of 7 h and 20 of 620 USD rest on an estimate
    r = with_provenance(tiny, corridor.route(tiny, "a", "d", by="time"))
    assert r.vertices == ("a", "e", "d")
    assert r.estimate_share == pytest.approx({"km": 0.0, "hours": 2 / 7, "cost": 20 / 620})


def test_mixed_route_hand_count(tiny_copy: Callable[[str, str, str], Path]) -> None:
    folder = tiny_copy(
        "links.csv",
        "bc_rail,b,c,rail,1435,200,100,published",
        "bc_rail,b,c,rail,1435,200,100,estimate",
    )
    net = corridor.load(folder)
    r = with_provenance(net, corridor.route(net, "a", "d", by="cost"))
    # km: b-c 200 of 400; hours: b-c 100 km at 50 + 100 km at 100 = 3 h, plus the crossing
    # at b (basis estimate) 10 h, of 21 h (moves 6 h, border 10 h, gauge change 5 h);
    # money: b-c 200 USD + the crossing's 50 USD of 550 USD
    assert r.estimate_share == pytest.approx({"km": 0.5, "hours": 13 / 21, "cost": 250 / 550})
    bb = next(leg for leg in r.legs if leg.kind == "move" and leg.country == "BB")
    # the BB leg: half of b-c (100 km, estimate) and c-d (100 km)
    assert bb.estimate_share == pytest.approx({"km": 0.5, "hours": 0.5, "cost": 0.5})


def test_estimate_source_text_counts(tiny_copy: Callable[[str, str, str], Path]) -> None:
    folder = tiny_copy(
        "crossings.csv",
        "e_road,e,AA|BB,road,2,4,20,,hand-made,,,open,estimate",
        "e_road,e,AA|BB,road,2,4,20,,ESTIMATE: proxy,,,open,",
    )
    net = corridor.load(folder)
    r = with_provenance(net, corridor.route(net, "a", "d", by="time"))
    # no basis cell: the source text decides (ESTIMATE...)
    assert r.estimate_share == pytest.approx({"km": 0.0, "hours": 2 / 7, "cost": 20 / 620})
    assert "ESTIMATE: proxy" in r.sources


def test_shipped_route_has_shares(region: corridor.Network) -> None:
    r = with_provenance(region, corridor.route(region, "almaty", "karachi"))
    assert r.estimate_share is not None
    assert all(0.0 <= v <= 1.0 for v in r.estimate_share.values())
    assert len(r.sources) > 3
