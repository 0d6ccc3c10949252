"""The network on a date: calendar rules in force baked into the tables (tiny calendar.csv).

Rules of the tiny network: e_road closed from 2025-10-12 (open-ended), reopened
2025-12-24..26 by a later rule; ed_road closed in months 12|1|2|3 until 2024-11-30;
df_ferry restricted in months 1|2 (speed x0.5, +2 h); h_road CC>DD restricted in 7|8
(dwell x2, +3 h); d_ferry closed BB>CC in January 2026.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import numpy as np
import pytest

import corridor
from corridor.data import path as data_path
from corridor.errors import InputError, NoRouteError
from corridor.network.calendar import on_date, rules_in_force
from corridor.scenarios import apply, load_scenario


def crossing(net: corridor.Network, cid: str, direction: str = "") -> dict[str, object]:
    x = net.crossings
    rows = x[(x["id"] == cid) & (x["direction"] == direction)].to_dict("records")
    assert len(rows) == 1, (cid, direction)
    return rows[0]


def link(net: corridor.Network, lid: str) -> dict[str, object]:
    return net.links.set_index("id").loc[lid].to_dict()


def test_open_ended_closure_closes_after_its_start(tiny: corridor.Network) -> None:
    before = on_date(tiny, "2025-10-11")
    after = on_date(tiny, dt.date(2025, 11, 1))
    assert crossing(before, "e_road")["status"] == "open" and "e_road" not in before.reasons
    assert crossing(after, "e_road")["status"] == "closed" and crossing(after, "e_road")["closed"]
    assert (
        after.reasons["e_road"] == "closed 2025-10-12.. (hand-made: a closure like the AF-PK one)"
    )
    assert after.date == dt.date(2025, 11, 1) and before.date == dt.date(2025, 10, 11)
    # the road is closed that day: the route takes the railway
    assert corridor.route(before, "a", "d").vertices == ("a", "e", "d")
    assert corridor.route(after, "a", "d").vertices == ("a", "b", "c", "d")
    with pytest.raises(NoRouteError):
        corridor.route(after, "a", "d", options=corridor.RouteOptions(modes=("road",)))


def test_later_rules_win(tiny: corridor.Network) -> None:
    day = on_date(tiny, "2025-12-25")
    assert crossing(day, "e_road")["status"] == "open"
    assert "open 2025-12-24..2025-12-26" in day.reasons["e_road"]
    assert day.reasons["e_road"].startswith("closed 2025-10-12..")  # both rules, in order
    assert crossing(on_date(tiny, "2025-12-27"), "e_road")["status"] == "closed"


@pytest.mark.parametrize(
    ("day", "closed"),
    [
        ("2023-12-31", True),  # December, season wraps over New Year
        ("2024-01-15", True),
        ("2024-03-31", True),
        ("2024-04-01", False),  # outside the months
        ("2024-11-15", False),
        ("2024-12-15", False),  # in the months but after until_date (open all year since)
        ("2025-01-15", False),
    ],
)
def test_seasonal_closure_wraps_over_new_year(
    tiny: corridor.Network, day: str, closed: bool
) -> None:
    net = on_date(tiny, day)
    assert (link(net, "ed_road")["status"] == "closed") is closed
    assert ("ed_road" in net.reasons) is closed
    if closed:
        assert net.reasons["ed_road"].startswith("closed ..2024-11-30 months 12|1|2|3 road only")


def test_restricted_link_gets_its_factors(tiny: corridor.Network) -> None:
    winter = on_date(tiny, "2025-02-10")
    ferry = link(winter, "df_ferry")
    assert ferry["status"] == "existing"
    assert ferry["speed_factor"] == 0.5 and ferry["extra_h"] == 2.0
    assert winter.reasons["df_ferry"] == (
        "restricted months 1|2 speed x0.5 +2 h (hand-made: winter storms)"
    )
    summer = link(on_date(tiny, "2025-06-10"), "df_ferry")
    assert summer["speed_factor"] == 1.0 and summer["extra_h"] == 0.0


def test_per_direction_rules(tiny: corridor.Network) -> None:
    july = on_date(tiny, "2025-07-20")
    out, back = crossing(july, "h_road", "CC>DD"), crossing(july, "h_road", "DD>CC")
    assert out["status"] == "restricted" and back["status"] == "open"
    assert out["dwell_median_h"] == 1 * 2 + 3 and out["dwell_p90_h"] == 2 * 2 + 3
    assert back["dwell_median_h"] == 4 and back["dwell_p90_h"] == 8
    # a directed rule on a two-way crossing splits it into one row per direction
    jan = on_date(tiny, "2026-01-15")
    assert crossing(jan, "d_ferry", "BB>CC")["status"] == "closed"
    assert crossing(jan, "d_ferry", "CC>BB")["status"] == "open"
    assert len(jan.crossings) == len(tiny.crossings) + 1
    assert len(on_date(tiny, "2026-02-15").crossings) == len(tiny.crossings)


def test_on_date_is_pure_and_recorded(tiny: corridor.Network) -> None:
    links, crossings = tiny.links, tiny.crossings
    day = on_date(tiny, "2026-01-15")
    assert tiny.date is None and dict(tiny.reasons) == {}
    assert links.equals(tiny.links) and crossings.equals(tiny.crossings)
    assert on_date(day, "2026-01-15") is day
    with pytest.raises(InputError, match="already evaluated on 2026-01-15"):
        on_date(day, "2026-01-16")
    with pytest.raises(TypeError):
        day.reasons["x"] = "y"  # type: ignore[index]
    assert day.as_of == tiny.as_of == dt.date(2025, 6, 1)


@pytest.mark.parametrize("bad", ["2025-13-01", "tomorrow", "", "2025-1-1", "1800-01-01"])
def test_bad_date_is_an_input_error(tiny: corridor.Network, bad: str) -> None:
    with pytest.raises(InputError, match="is not a day YYYY-MM-DD"):
        on_date(tiny, bad)


def test_nothing_in_force_on_the_as_of_date(tiny: corridor.Network) -> None:
    assert tiny.as_of is not None
    assert len(rules_in_force(tiny.calendar, tiny.as_of)) == 0
    day = on_date(tiny, tiny.as_of)
    assert day.links.equals(tiny.links) and day.crossings.equals(tiny.crossings)


def test_partial_mode_closure_and_scenario_after_date(tmp_path: Path) -> None:
    folder = tmp_path / "net"
    shutil.copytree(data_path("examples/tiny"), folder)
    x = folder / "crossings.csv"
    x.write_text(x.read_text().replace("b_rail,b,AA|BB,rail,", "b_rail,b,AA|BB,rail|road,"))
    cal = folder / "calendar.csv"
    cal.write_text(
        cal.read_text() + "crossing,b_rail,closed,2030-01-01,,,road,,,,,test,estimate,\n"
    )
    net = on_date(corridor.load(folder, date="undated"), "2030-06-01")
    row = crossing(net, "b_rail")
    assert row["status"] == "open" and row["closed_modes"] == "road"
    assert np.isclose(float(str(row["dwell_median_h"])), 10.0)
    yaml = tmp_path / "s.yaml"
    yaml.write_text("name: reopen\nedits:\n  - open_crossings: {crossings: [e_road]}\n")
    after = apply(net, load_scenario(yaml))
    assert crossing(after, "e_road")["status"] == "open"
    # the scenario re-set e_road's status: the calendar's reason for it no longer applies
    assert after.date == net.date and "e_road" in net.reasons and "e_road" not in after.reasons
    assert dict(after.reasons) == {k: v for k, v in net.reasons.items() if k != "e_road"}
    assert crossing(after, "b_rail")["closed_modes"] == "road"
