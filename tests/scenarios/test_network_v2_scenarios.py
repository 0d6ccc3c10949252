"""Shipped scenarios on Network v2: the calendar first, then the scenario (its edits win)."""

from __future__ import annotations

import json
from functools import cache

import pytest

import corridor
from corridor.cli import main
from corridor.network.calendar import on_date
from corridor.scenarios import apply, load_scenario, shipped

PK_AF = {
    "torkham_road",
    "chaman_spin_boldak_road",
    "ghulam_khan_road",
    "angoor_adda_road",
    "kharlachi_road",
}


@cache
def default_day() -> corridor.Network:
    net = corridor.load(date="undated")
    assert net.as_of is not None
    return on_date(net, net.as_of)


def crossings_used(r: corridor.Route) -> set[str]:
    return {leg.crossing for leg in r.legs if leg.crossing}


@pytest.mark.parametrize("name", shipped())
def test_every_shipped_scenario_applies_on_the_default_day(name: str) -> None:
    day = default_day()
    out = apply(day, load_scenario(name))
    assert out.date == day.date
    corridor.compile(out)


def test_new_scenarios_are_shipped() -> None:
    assert {"cku_railway_built", "pk_af_crossings_open"} <= set(shipped())


def test_pk_af_open_gives_almaty_karachi_back_a_route_via_afghanistan() -> None:
    day = default_day()
    # on the default date every AF-PK crossing is closed by the calendar ...
    closed = day.crossings[day.crossings["id"].isin(PK_AF)]
    assert set(closed["status"]) == {"closed"}
    # with market road prices (issue 15 item 4) a Kazakh truck's QTTA route over the
    # Khunjerab (Kazakhstan is a party) is the cheapest either way: the Afghan route is the
    # best of the routes that avoid China
    no_cn = corridor.RouteOptions(avoid_countries=("CN",))
    shut = corridor.route(day, "kz_almaty", "pk_karachi", by="generalised", options=no_cn)
    assert not crossings_used(shut) & PK_AF
    assert "AF" not in shut.countries
    # ... and the scenario, applied after the calendar, reopens them
    opened = corridor.load(scenario="pk_af_crossings_open")
    assert opened.date == day.date
    x = opened.crossings[opened.crossings["id"].isin(PK_AF)]
    assert set(x["status"]) == {"open"} and not any(x["closed_modes"].astype(str))
    r = corridor.route(opened, "kz_almaty", "pk_karachi", by="generalised", options=no_cn)
    assert crossings_used(r) & PK_AF  # hand-check: Chaman-Spin Boldak (road)
    assert r.countries[-2:] == ("AF", "PK")
    assert r.totals.cost_usd < shut.totals.cost_usd
    # the calendar's reasons for the reopened crossings are dropped, others kept
    assert "torkham_road" in day.reasons and "torkham_road" not in opened.reasons
    assert set(day.reasons) - PK_AF - {
        "torkham_rail",
        "chaman_spin_boldak_rail",
        "kharlachi_rail",
    } <= set(opened.reasons)


def test_order_matters_the_calendar_after_the_scenario_would_close_them_again() -> None:
    net = corridor.load(date="undated")
    assert net.as_of is not None
    wrong = on_date(apply(net, load_scenario("pk_af_crossings_open")), net.as_of)
    x = wrong.crossings[wrong.crossings["id"] == "torkham_road"]
    assert set(x["status"]) == {"closed"}


def test_pk_af_border_closed_is_a_no_op_on_the_default_day_but_not_before() -> None:
    day = default_day()
    same = apply(day, load_scenario("pk_af_border_closed"))
    a = corridor.route(day, "kz_almaty", "pk_karachi", by="generalised")
    b = corridor.route(same, "kz_almaty", "pk_karachi", by="generalised")
    assert a.totals.cost_usd == pytest.approx(b.totals.cost_usd)
    # the Afghan route among routes avoiding China (a Kazakh truck's Khunjerab route is
    # cheaper at market road prices: see the test above)
    no_cn = corridor.RouteOptions(avoid_countries=("CN",))
    before = corridor.load(date="2025-09-15")
    r0 = corridor.route(before, "kz_almaty", "pk_karachi", by="generalised", options=no_cn)
    assert crossings_used(r0) & PK_AF
    closed = corridor.load(date="2025-09-15", scenario="pk_af_border_closed")
    r = corridor.route(closed, "kz_almaty", "pk_karachi", by="generalised", options=no_cn)
    assert not crossings_used(r) & PK_AF


def test_cku_built_routes_kashgar_andijan_by_rail_through_makmal() -> None:
    options = corridor.RouteOptions(modes=("rail",))
    built = corridor.load(scenario="cku_railway_built")
    r = corridor.route(built, "cn_kashgar", "uz_andijan", by="time", options=options)
    assert "torugart_rail" in crossings_used(r)
    assert "kg_makmal" in r.vertices
    assert any(leg.kind == "gauge_change" for leg in r.legs)
    assert r.totals.distance_km == pytest.approx(213 + 160 + 145 + 71, abs=1)
    with pytest.raises(corridor.errors.NoRouteError):
        corridor.route(default_day(), "cn_kashgar", "kg_makmal", options=options)


def test_diff_json_carries_the_context(capsys: pytest.CaptureFixture[str]) -> None:
    main(
        [
            "scenario",
            "diff",
            "pk_af_crossings_open",
            "--pairs",
            "tashkent:karachi",  # via Afghanistan once open (beats the Irkeshtam transload)
            "--by",
            "generalised",
            "--json",
        ]
    )
    doc = json.loads(capsys.readouterr().out)
    assert doc["network_as_of"] == "2026-02-06" and doc["date"] == "2026-02-06"
    assert doc["scenario"] == "pk_af_crossings_open" and doc["base"] is None
    assert doc["include_planned"] is False
    assert doc["summary"]["pairs_changed"] == 1
    main(
        [
            "scenario",
            "diff",
            "pk_af_clearance_twice_as_fast",
            "--base",
            "pk_af_crossings_open",
            "--pairs",
            "almaty:karachi",
            "--date",
            "2025-09-15",
            "--json",
        ]
    )
    doc = json.loads(capsys.readouterr().out)
    assert doc["date"] == "2025-09-15" and doc["network_as_of"] == "2026-02-06"
    assert doc["base"] == "pk_af_crossings_open"


def test_critical_json_carries_the_context(capsys: pytest.CaptureFixture[str]) -> None:
    main(["critical", "--pairs", "almaty:tashkent", "--top", "2", "--date", "2025-09-15", "--json"])
    doc = json.loads(capsys.readouterr().out)
    assert doc["date"] == "2025-09-15" and doc["network_as_of"] == "2026-02-06"
    assert doc["scenario"] is None and doc["include_planned"] is False


def test_diff_on_rail_only_shows_what_the_cku_changes(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["scenario", "diff", "cku_railway_built", "--pairs", "kashgar:tashkent", "--json"]
    main([*args, "--by", "generalised"])
    assert json.loads(capsys.readouterr().out)["summary"]["pairs_changed"] == 0  # road wins
    main([*args, "--by", "generalised", "--modes", "rail"])
    doc = json.loads(capsys.readouterr().out)
    assert doc["modes"] == ["rail"] and doc["summary"]["pairs_changed"] == 1
    (row,) = doc["changes"]
    assert row["corridor_before"] != row["corridor_after"] and row["delta_time_h"] < 0
    with pytest.raises(SystemExit) as exc:
        main([*args, "--modes", "train"])
    assert exc.value.code == 2  # a bad option value: usage
