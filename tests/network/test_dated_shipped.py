"""The shipped network in time (issue 9): seasons and closures of calendar.csv change routes,
closed elements are never routed, the default day is the network's as-of date, and every
route/flows output says which day it shows and why the route changed."""

from __future__ import annotations

import datetime as dt
import json

import pytest

import corridor
from corridor.analysis.dated import date_changes
from corridor.cli import main
from corridor.errors import NoRouteError
from corridor.network.calendar import on_date, on_day

ROAD = corridor.RouteOptions(modes=("road",))
AF_PK = {"torkham", "chaman_spin_boldak", "kharlachi", "ghulam_khan", "angoor_adda"}
AF_PK_ROAD = {f"{c}_road" for c in AF_PK}


def crosses_af_pk(r: corridor.Route) -> bool:
    return any(c.rsplit("_", 1)[0] in AF_PK for c in r.crossings)


@pytest.fixture(scope="module")
def days(region: corridor.Network) -> dict[str, corridor.Network]:
    return {d: on_date(region, d) for d in ("2024-02-15", "2025-01-15", "2025-06-01", "2025-11-01")}


def test_khunjerab_closed_to_trucks_in_winter_before_dec_2024(
    days: dict[str, corridor.Network],
) -> None:
    winter_2024 = corridor.route(days["2024-02-15"], "kashgar", "islamabad", options=ROAD)
    winter_2025 = corridor.route(days["2025-01-15"], "kashgar", "islamabad", options=ROAD)
    assert "khunjerab_road" not in winter_2024.crossings
    assert winter_2024.countries[0] == "CN" and winter_2024.countries[-1] == "PK"
    assert winter_2025.crossings == ("khunjerab_road",)
    assert winter_2025.countries == ("CN", "PK")
    assert winter_2024.totals.time_h > 2 * winter_2025.totals.time_h


def test_af_pk_closure_of_october_2025(days: dict[str, corridor.Network]) -> None:
    normal = corridor.route(days["2025-06-01"], "almaty", "karachi")
    closed = corridor.route(days["2025-11-01"], "almaty", "karachi")
    assert crosses_af_pk(normal) and "AF" in normal.countries
    assert not crosses_af_pk(closed) and "AF" not in closed.countries
    assert closed.countries[-1] == "PK" and closed.totals.time_h > normal.totals.time_h
    # the road alone: still no Afghanistan-Pakistan crossing after the closure
    truck = corridor.route(days["2025-11-01"], "almaty", "karachi", options=ROAD)
    assert not crosses_af_pk(truck)


@pytest.mark.parametrize("day", ["2025-11-01", "2026-02-06"])
def test_no_route_uses_a_closed_crossing(region: corridor.Network, day: str) -> None:
    net = on_date(region, day)
    for a, b in [("almaty", "karachi"), ("tashkent", "karachi"), ("kabul", "peshawar")]:
        for opts in (None, ROAD):
            try:
                r = corridor.route(net, a, b, options=opts)
            except NoRouteError:
                continue
            assert not set(r.crossings) & AF_PK_ROAD, (a, b, r.crossings)
    # Kabul to Peshawar by road: the direct way (Torkham) is closed, so round via a third country
    r = corridor.route(net, "kabul", "peshawar", options=ROAD)
    assert set(r.countries) - {"AF", "PK"}, r.countries


def test_status_closed_in_the_table_is_never_routed(region: corridor.Network) -> None:
    base = corridor.route(region, "kashgar", "islamabad", options=ROAD)
    assert base.crossings == ("khunjerab_road",)
    x = region.crossings.copy()
    x.loc[x["id"] == "khunjerab_road", "status"] = "closed"
    x.loc[x["id"] == "khunjerab_road", "closed"] = True
    closed = region.replace(crossings=x)
    r = corridor.route(closed, "kashgar", "islamabad", options=ROAD)
    assert "khunjerab_road" not in r.crossings
    links = region.links.copy()
    used = set(r.links)
    links.loc[links["id"].isin(used) & (links["mode"] == "road"), "status"] = "closed"
    again = corridor.route(closed.replace(links=links), "kashgar", "islamabad", options=ROAD)
    assert not set(again.links) & used


def test_default_day_is_the_as_of_date(region: corridor.Network) -> None:
    assert region.as_of == dt.date(2026, 2, 6)
    day = on_day(region)
    assert day.date == region.as_of
    assert on_day(region, "2025-06-01").date == dt.date(2025, 6, 1)
    assert "torkham_road" in day.reasons  # the AF-PK closure is in force on the as-of date
    r = corridor.route(day, "almaty", "karachi")
    assert not crosses_af_pk(r)


def test_date_changes_say_why_the_route_changed(
    region: corridor.Network, days: dict[str, corridor.Network]
) -> None:
    day = days["2025-11-01"]
    free = corridor.RouteOptions(carrier="any")  # the border calendar alone, without rights
    undated = corridor.route(region, "almaty", "karachi", options=free)
    dated = corridor.route(day, "almaty", "karachi", options=free)
    changes = date_changes(day, dated, undated)
    changed = {c.id: c for c in changes if c.effect == "route changed"}
    used_before = set(undated.crossings) & AF_PK_ROAD
    assert used_before and used_before <= set(changed)
    c = changed[used_before.pop()]
    assert c.status == "closed" and c.rule.startswith("closed 2025-10-12..")
    assert c.text().startswith("on 2025-11-01: ") and c.text().endswith("— route changed")
    nearby = {c.id for c in changes if c.effect == "nearby"}
    assert "torkham_road" in nearby | set(changed)
    # normal operations: nothing on the route changed
    normal = days["2025-06-01"]
    r = corridor.route(normal, "almaty", "karachi")
    assert not [c for c in date_changes(normal, r, undated) if c.effect == "route changed"]


def test_date_changes_on_tiny(tiny: corridor.Network) -> None:
    day = on_date(tiny, "2025-11-01")
    (c,) = date_changes(day, corridor.route(day, "a", "d"), corridor.route(tiny, "a", "d"))
    assert (c.id, c.element, c.status, c.effect) == (
        "e_road",
        "crossing",
        "closed",
        "route changed",
    )
    assert c.text() == (
        "on 2025-11-01: e_road closed (closed 2025-10-12.. "
        "(hand-made: a closure like the AF-PK one)) — route changed"
    )
    quiet = on_date(tiny, "2025-06-01")
    assert date_changes(quiet, corridor.route(quiet, "a", "d"), None) == ()


def run_json(args: list[str], capsys: pytest.CaptureFixture[str]) -> dict[str, object]:
    main([*args, "--json"])
    doc = json.loads(capsys.readouterr().out)
    assert isinstance(doc, dict)
    return doc


def test_cli_route_default_date_and_changes(capsys: pytest.CaptureFixture[str]) -> None:
    # --carrier any: the border calendar alone (a Kazakh truck goes by the Khunjerab, QTTA)
    doc = run_json(["route", "almaty", "karachi", "--no-cache", "--carrier", "any"], capsys)
    assert doc["network_as_of"] == "2026-02-06" and doc["date"] == "2026-02-06"
    assert "AF" not in doc["countries"]  # the default day has the AF-PK closure
    changes = doc["date_changes"]
    assert isinstance(changes, list)
    assert any(c["effect"] == "route changed" and c["status"] == "closed" for c in changes)
    normal = run_json(
        ["route", "almaty", "karachi", "--date", "2025-06-01", "--carrier", "any"], capsys
    )
    assert normal["date"] == "2025-06-01" and normal["network_as_of"] == "2026-02-06"
    assert "AF" in normal["countries"]


def test_cli_route_table_says_the_day(capsys: pytest.CaptureFixture[str]) -> None:
    main(["route", "kashgar", "islamabad", "--modes", "road", "--date", "2024-02-15"])
    out = capsys.readouterr().out
    assert "network as of 2026-02-06" in out and "date 2024-02-15" in out
    # the change in words: the crossing by name, the rule with its dates, a short source
    said = " ".join(out.split())
    assert (
        "on 2024-02-15: the Khunjerab (CN-PK) crossing closed until 2024-11-30 in Dec-Apr" in said
    )
    assert "khunjerab_road" not in said and "(peoplesdaily" in said
    main(["route", "kashgar", "islamabad", "--modes", "road", "--date", "2025-01-15"])
    out = " ".join(capsys.readouterr().out.split())
    assert "Khunjerab (CN-PK) crossing closed" not in out and "Khunjerab" in out


def test_cli_route_cached_day_graph_matches_the_library(
    capsys: pytest.CaptureFixture[str], region: corridor.Network
) -> None:
    for _ in range(2):  # compiled and cached, then read from the cache
        doc = run_json(
            ["route", "kashgar", "islamabad", "--modes", "road", "--date", "2024-02-15"], capsys
        )
    lib = corridor.route(on_date(region, "2024-02-15"), "kashgar", "islamabad", options=ROAD)
    assert doc["crossings"] == list(lib.crossings)
    assert next(c["id"] for c in doc["date_changes"]) == "khunjerab_road"  # type: ignore[union-attr]
