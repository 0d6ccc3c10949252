"""Estimate shares and sources of a route, against a hand count on the tiny network."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

import corridor
from corridor.calibration import with_provenance
from corridor.paths import RouteOptions

PLANNED = RouteOptions(include_planned=True)


def test_planned_line_rests_on_an_estimate(tiny: corridor.Network) -> None:
    # planned a-d (ad_rail): 250 km, length_basis estimate, frontier 125 km from a: 125 km
    # in AA at rail 50 km/h = 2.5 h and 125 km in BB at rail 100 km/h = 1.25 h; line haul
    # 250 km x 1 USD = 250 USD. Crossing d_rail: 3 h, 30 USD, basis estimate (crossings.csv).
    # Every figure rests on an estimate: shares 1 (route 6.75 h, 280 USD).
    r = with_provenance(tiny, corridor.route(tiny, "a", "d", options=PLANNED))
    assert r.vertices == ("a", "d")
    assert r.totals.time_h == pytest.approx(6.75) and r.totals.cost_usd == pytest.approx(280)
    assert r.estimate_share == pytest.approx({"km": 1.0, "hours": 1.0, "cost": 1.0})
    assert r.sources == ("hand-made",)
    shares = [leg.estimate_share for leg in r.legs]
    assert shares[0] == pytest.approx({"km": 1.0, "hours": 1.0, "cost": 1.0})
    border = next(leg for leg in r.legs if leg.kind == "border")
    assert border.estimate_share == {"km": 0.0, "hours": 1.0, "cost": 1.0}
    d = r.to_dict()
    assert d["estimate_share"]["km"] == 1.0 and d["sources"] == ["hand-made"]


def test_published_crossing_on_an_estimated_line(
    tiny_copy: Callable[[str, str, str], Path],
) -> None:
    # as above with the d_rail crossing published: km all estimate; hours 3.75 of 6.75
    # (the line, not the 3 h border); money 250 of 280 USD (not the 30 USD fee)
    folder = tiny_copy(
        "crossings.csv",
        "d_rail,d,AA|BB,rail,3,6,30,,hand-made,for the planned line,,,estimate",
        "d_rail,d,AA|BB,rail,3,6,30,,hand-made,for the planned line,,,published",
    )
    net = corridor.load(folder, date="undated")
    r = with_provenance(net, corridor.route(net, "a", "d", options=PLANNED))
    assert r.estimate_share == pytest.approx({"km": 1.0, "hours": 3.75 / 6.75, "cost": 250 / 280})


def test_all_published(tiny_copy: Callable[[str, str, str], Path]) -> None:
    # the fastest existing route a-e-d is road (2.5 h + 2 h border + 2.5 h = 7 h); its one
    # estimate in the tiny tables is the e_road crossing row: made published, nothing is
    folder = tiny_copy(
        "crossings.csv",
        "e_road,e,AA|BB,road,2,4,20,,hand-made,,,open,estimate",
        "e_road,e,AA|BB,road,2,4,20,,hand-made,,,open,published",
    )
    net = corridor.load(folder, date="undated")
    r = with_provenance(net, corridor.route(net, "a", "d", by="time"))
    assert r.countries == ("AA", "BB") and r.totals.time_h == pytest.approx(7.0)
    assert r.estimate_share == {"km": 0.0, "hours": 0.0, "cost": 0.0}


def test_mixed_route_hand_count(tiny_copy: Callable[[str, str, str], Path]) -> None:
    folder = tiny_copy(
        "links.csv",
        "bc_rail,b,c,rail,1435,200,100,published",
        "bc_rail,b,c,rail,1435,200,100,estimate",
    )
    net = corridor.load(folder, date="undated")
    r = with_provenance(net, corridor.route(net, "a", "d", by="cost"))
    # cheapest is rail a-b-c-d (550 USD; road 300 km x 2 + 20 = 620). Hours: a-b 100 km at
    # 50 = 2 h, gauge change at b 5 h (transfers.csv: no basis, published), border b_rail
    # 10 h (basis estimate), b-c 100 km in AA at 50 + 100 km in BB at 100 = 3 h (estimate
    # length), c-d 100 km at 100 = 1 h: 21 h, of which 10 + 3 = 13 h rest on estimates.
    # km: b-c 200 of 400. Money: b-c 200 + border 50 = 250 of 550 USD.
    assert r.totals.time_h == pytest.approx(21.0) and r.totals.cost_usd == pytest.approx(550)
    assert r.estimate_share == pytest.approx({"km": 0.5, "hours": 13 / 21, "cost": 250 / 550})
    bb = next(leg for leg in r.legs if leg.kind == "move" and leg.country == "BB")
    # the BB leg: b-c past the frontier (100 km, estimate) and c-d (100 km), both at 100 km/h
    assert bb.estimate_share == pytest.approx({"km": 0.5, "hours": 0.5, "cost": 0.5})


def test_estimate_source_text_counts(tiny_copy: Callable[[str, str, str], Path]) -> None:
    # no basis cell: the source text decides (ESTIMATE -> estimate); road a-e-d, border 2 h
    # of 7 h and 20 of 620 USD (300 km x 2 USD + 20)
    folder = tiny_copy(
        "crossings.csv",
        "e_road,e,AA|BB,road,2,4,20,,hand-made,,,open,estimate",
        "e_road,e,AA|BB,road,2,4,20,,ESTIMATE: proxy,,,open,",
    )
    net = corridor.load(folder, date="undated")
    r = with_provenance(net, corridor.route(net, "a", "d", by="time"))
    assert r.estimate_share == pytest.approx({"km": 0.0, "hours": 2 / 7, "cost": 20 / 620})
    assert "ESTIMATE: proxy" in r.sources


def test_per_direction_crossing_rows(tiny_copy: Callable[[str, str, str], Path]) -> None:
    # h_road has one row per direction; make the CC>DD row (leaving CC: 1 h, 10 USD)
    # published and keep DD>CC (entering CC: 4 h, 15 USD) an estimate. The border leg of
    # h -> i must read the CC>DD row, that of i -> h the DD>CC row.
    folder = tiny_copy(
        "crossings.csv",
        "leaving CC is quick,CC>DD,open,estimate",
        "leaving CC is quick,CC>DD,open,published",
    )
    net = corridor.load(folder, date="undated")
    out = with_provenance(net, corridor.route(net, "h", "i"))
    into = with_provenance(net, corridor.route(net, "i", "h"))
    b_out = next(leg for leg in out.legs if leg.kind == "border")
    b_in = next(leg for leg in into.legs if leg.kind == "border")
    assert (b_out.time_h, b_out.cost_usd) == (1.0, 10.0)
    assert (b_in.time_h, b_in.cost_usd) == (4.0, 15.0)
    assert b_out.estimate_share == {"km": 0.0, "hours": 0.0, "cost": 0.0}
    assert b_in.estimate_share == {"km": 0.0, "hours": 1.0, "cost": 1.0}


def test_shipped_route_has_shares(region: corridor.Network) -> None:
    r = with_provenance(region, corridor.route(region, "almaty", "karachi"))
    assert r.estimate_share is not None
    assert all(0.0 <= v <= 1.0 for v in r.estimate_share.values())
    assert len(r.sources) > 3
