"""Network v3 event log (issue 15 item 5): a past date routes as the region was that day.

Regression list: trips that must not use a crossing the event log closes on the given day
(data-sources/calendar/v3_events.csv, from ../shared/research/corridor-facts-5.md).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

import corridor
from corridor.errors import NoRouteError
from corridor.network.calendar import on_date, rules_in_force

RAIL = corridor.RouteOptions(modes=("rail",))

# (day, origin, destination, modes or None, crossings that must not be used, why)
REGRESSIONS = [
    ("2024-01-15", "kashgar", "karachi", None, {"karamyk_road"}, "KG-TJ closed May 2021-Jul 2025"),
    ("2023-06-01", "kashgar", "dushanbe", ("road",), {"karamyk_road"}, "KG-TJ closed"),
    ("2025-03-01", "tashkent", "peshawar", None, {"torkham_road"}, "Torkham 21 Feb-19 Mar 2025"),
    ("2025-03-01", "kabul", "peshawar", ("road",), {"torkham_road"}, "Torkham 21 Feb-19 Mar 2025"),
    ("2024-01-20", "kabul", "peshawar", ("road",), {"torkham_road"}, "Torkham 13-22 Jan 2024"),
    ("2021-10-20", "kandahar", "karachi", ("road",), {"chaman_spin_boldak_road"}, "Oct 2021"),
    ("2024-02-17", "bishkek", "kashgar", ("road",), {"torugart_road", "irkeshtam_road"}, "Sat"),
    ("2021-06-01", "bishkek", "kashgar", ("road",), set(), "one-way CN>KG 2020-2022"),
]


@pytest.mark.parametrize(("day", "a", "b", "modes", "banned", "why"), REGRESSIONS)
def test_regression_trips_avoid_closed_crossings(
    region: corridor.Network,
    day: str,
    a: str,
    b: str,
    modes: tuple[str, ...] | None,
    banned: set[str],
    why: str,
) -> None:
    net = on_date(region, day)
    opts = corridor.RouteOptions(modes=modes) if modes else None
    try:
        r = corridor.route(net, a, b, options=opts)
    except NoRouteError:
        return
    assert not set(r.crossings) & banned, (why, r.crossings)
    if why.startswith("one-way"):  # Kyrgyzstan -> China was closed at both passes
        assert not {"torugart_road", "irkeshtam_road"} & set(r.crossings), r.crossings


def test_kashgar_karachi_2024_01_15_no_karamyk(region: corridor.Network) -> None:
    r = corridor.route(on_date(region, "2024-01-15"), "kashgar", "karachi")
    assert "karamyk_road" not in r.crossings
    # Khunjerab had a temporary winter opening 2-16 Jan 2024: the direct way that day
    assert "khunjerab_road" in r.crossings and "TJ" not in r.countries
    # after the reopening of 8 Jul 2025 Karamyk is routable again
    after = on_date(region, "2025-08-01")
    karamyk = after.crossings[after.crossings["id"] == "karamyk_road"]
    assert set(karamyk["status"]) == {"open"}


def test_tashkent_peshawar_2025_03_01_not_over_torkham(region: corridor.Network) -> None:
    day = on_date(region, "2025-03-01")
    assert set(day.crossings.loc[day.crossings["id"] == "torkham_road", "status"]) == {"closed"}
    r = corridor.route(day, "tashkent", "peshawar")
    assert "torkham_road" not in r.crossings
    # the week after the reopening of 19 Mar 2025 Torkham is open again
    later = on_date(region, "2025-03-25")
    assert set(later.crossings.loc[later.crossings["id"] == "torkham_road", "status"]) == {"open"}


def test_xian_duisburg_rail_2025_09_15_avoids_poland_belarus(region: corridor.Network) -> None:
    day = on_date(region, "2025-09-15")
    try:
        r = corridor.route(day, "xian", "duisburg", options=RAIL)
    except NoRouteError:
        return
    pairs = [tuple(r.countries[i : i + 2]) for i in range(len(r.countries) - 1)]
    assert ("BY", "PL") not in pairs and ("PL", "BY") not in pairs, r.countries
    normal = corridor.route(on_date(region, "2025-10-01"), "xian", "duisburg", options=RAIL)
    assert "brest_terespol_rail" in normal.crossings


def test_weekly_closing_days_at_torugart_and_irkeshtam(region: corridor.Network) -> None:
    friday, saturday = on_date(region, "2025-06-06"), on_date(region, "2025-06-07")
    for cid in ("torugart_road", "irkeshtam_road"):
        x_fri = friday.crossings[friday.crossings["id"] == cid]
        x_sat = saturday.crossings[saturday.crossings["id"] == cid]
        assert set(x_fri["status"]) == {"open"} and set(x_sat["status"]) == {"closed"}
        assert "weekdays 6|7" in saturday.reasons[cid]
    rules = rules_in_force(region.calendar, "2025-06-08")  # a Sunday
    assert {"torugart_road", "irkeshtam_road"} <= set(rules["id"])


def test_every_event_row_has_a_source_and_basis(region: corridor.Network) -> None:
    cal = region.calendar
    assert len(cal) >= 100
    assert (cal["source"].str.len() > 0).all() and cal["basis"].isin(
        ["published", "derived", "estimate"]
    ).all()


def test_bad_weekday_names_file_line_and_field(
    tiny_copy: Callable[[str, str, str], Path],
) -> None:
    folder = tiny_copy("calendar.csv", "element,id,status", "element,id,status")
    lines = (folder / "calendar.csv").read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    if "weekdays" not in header:
        header.append("weekdays")
        lines = [",".join(header)] + [line + "," for line in lines[1:]]
    row = dict.fromkeys(header, "")
    row.update(element="crossing", id="e_road", status="closed", source="test", weekdays="8")
    lines.append(",".join(row[h] for h in header))
    (folder / "calendar.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(corridor.InputError, match=r"calendar\.csv.*weekdays"):
        corridor.load(folder)
