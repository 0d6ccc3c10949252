"""Bad network input: one line naming file, line and column, and exit code 1 in the CLI."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

import corridor
from corridor.cli import main
from corridor.errors import InputError
from corridor.network import check_dir

# (file, old text, new text, expected fragments of the message)
CASES = [
    (
        "links.csv",
        "ab_rail,a,b,",
        "ab_rail,a,bx,",
        ["links.csv line 2, column to", "unknown node 'bx'"],
    ),
    (
        "links.csv",
        "bc_rail,b,c",
        "ab_rail,b,c",
        ["links.csv line 3, column id", "duplicate id 'ab_rail' (first on line 2)"],
    ),
    (
        "nodes.csv",
        "b,Bravo,AA,40.10",
        "a,Bravo,AA,40.10",
        ["nodes.csv line 3, column id", "duplicate id 'a'"],
    ),
    (
        "nodes.csv",
        "40.00,60.00",
        "95.00,60.00",
        ["nodes.csv line 2, column lat", "95 is out of range [-90, 90]"],
    ),
    (
        "nodes.csv",
        "40.00,60.00",
        "40.00,190.00",
        ["nodes.csv line 2, column lon", "190 is out of range"],
    ),
    (
        "nodes.csv",
        "40.00,60.00",
        "40.00,east",
        ["nodes.csv line 2, column lon", "'east' is not a number"],
    ),
    (
        "links.csv",
        "1520,100,,",
        "1520,-100,,",
        ["links.csv line 2, column length_km", "-100 must be > 0"],
    ),
    ("links.csv", "1520,100,,", "1520,,,", ["links.csv line 2, column length_km", "missing value"]),
    (
        "links.csv",
        "ae_road,a,e,road",
        "ae_road,a,e,boat",
        ["links.csv line 5, column mode", "unknown mode 'boat'"],
    ),
    (
        "links.csv",
        "published,existing",
        "published,dreamed",
        ["links.csv line 2, column status", "unknown status 'dreamed'"],
    ),
    (
        "links.csv",
        "rail,1520,100",
        "rail,1600,100",
        ["links.csv line 2, column gauge_mm", "unknown gauge '1600'"],
    ),
    (
        "links.csv",
        "rail,1520,100",
        "rail,,100",
        ["links.csv line 2, column gauge_mm", "missing value for a rail link"],
    ),
    (
        "links.csv",
        "published,existing,,,,,hand-made,\n",
        "published,existing,,,,,,\n",
        ["links.csv line 2, column source", "missing value"],
    ),
    (
        "crossings.csv",
        "b_rail,b,AA|BB,rail",
        "b_rail,b,AA|BB,road",
        ["links.csv line 3", "border link 'bc_rail' (AA-BB, rail) has no crossing"],
    ),
    (
        "crossings.csv",
        "d_ferry,d,BB|CC",
        "d_ferry,h,BB|CC",
        ["crossings.csv line 5, column node", "node 'h' (CC) is not on the BB|CC border"],
    ),
    (
        "crossings.csv",
        "e_road,e,AA|BB",
        "e_road,e,BB|CC",
        ["crossings.csv line 3, column node", "node 'e' is in AA, not in either of BB|CC"],
    ),
    (
        "crossings.csv",
        "rail,10,20,50",
        "rail,10,5,50",
        ["crossings.csv line 2, column dwell_p90_h", "below dwell_median_h"],
    ),
    (
        "transfers.csv",
        "*,rail,road",
        "*,rail,bus",
        ["transfers.csv line 3, column to", "'bus' is not a mode"],
    ),
    (
        "parameters.csv",
        "road,*,speed_kmh,60",
        "road,*,speed_kmh,-60",
        ["parameters.csv line 4, column value", "speed_kmh -60 must be > 0"],
    ),
    (
        "parameters.csv",
        "road,*,speed_kmh,60",
        "road,*,speed_mph,60",
        ["parameters.csv line 4, column name", "unknown name 'speed_mph'"],
    ),
    (
        "corridors.csv",
        "a|b|c|d",
        "a|b|zz|d",
        ["corridors.csv line 2, column waypoints", "unknown node 'zz'"],
    ),
    (
        "nodes.csv",
        "a,Alpha,AA",
        "a,Alpha,Aland",
        ["nodes.csv line 2, column country", "not an ISO 3166-1 alpha-2"],
    ),
    ("nodes.csv", "lat,lon", "latitude,lon", ["nodes.csv", "missing column(s) ['lat']"]),
    # network v2: frontier, traction, basis, per-direction crossings, status, calendar, meta
    (
        "links.csv",
        "1435,200,100,",
        "1435,200,,",
        ["links.csv line 3, column frontier_km", "border link (AA-BB) needs the km from 'b'"],
    ),
    (
        "links.csv",
        "1435,200,100,",
        "1435,200,250,",
        ["links.csv line 3, column frontier_km", "250 is longer than length_km 200"],
    ),
    (
        "links.csv",
        "1435,200,100,",
        "1435,200,-1,",
        ["links.csv line 3, column frontier_km", "-1 must be >= 0"],
    ),
    (
        "links.csv",
        "1520,100,,",
        "1520,100,40,",
        ["links.csv line 2, column frontier_km", "a domestic link has no frontier"],
    ),
    (
        "links.csv",
        "existing,,,,electric",
        "existing,,,,steam",
        ["links.csv line 3, column traction", "unknown traction 'steam'"],
    ),
    (
        "links.csv",
        "ae_road,a,e,road,,150,,published,existing,,,,",
        "ae_road,a,e,road,,150,,published,existing,,,,diesel",
        ["links.csv line 5, column traction", "a road link has no traction"],
    ),
    (
        "links.csv",
        "1520,100,,published",
        "1520,100,,guessed",
        ["links.csv line 2, column length_basis", "unknown length_basis 'guessed'"],
    ),
    (
        "crossings.csv",
        "quick,CC>DD",
        "quick,CC>EE",
        ["crossings.csv line 6, column direction", "must be CC>DD, DD>CC or empty"],
    ),
    (
        "crossings.csv",
        "longer,DD>CC",
        "longer,CC>DD",
        ["crossings.csv line 7, column id", "duplicate crossing 'h_road' for direction 'CC>DD'"],
    ),
    (
        "crossings.csv",
        "longer,DD>CC",
        "longer,",
        ["crossings.csv line 7, column direction", "a row for both directions"],
    ),
    (
        "crossings.csv",
        "h_road,h,CC|DD,road,4,8",
        "h_other,h,CC|DD,road,4,8",
        ["crossings.csv line 6, column direction", "has CC>DD but no row for DD>CC"],
    ),
    (
        "crossings.csv",
        "h_road,h,CC|DD,road,4,8",
        "h_road,h,CC|DD,road|rail,4,8",
        ["crossings.csv line 7, column modes", "every row of one crossing must agree"],
    ),
    (
        "crossings.csv",
        ",,open,estimate",
        ",,shut,estimate",
        ["crossings.csv line 2, column status", "unknown status 'shut'"],
    ),
    (
        "crossings.csv",
        ",,open,estimate",
        ",,open,guess",
        ["crossings.csv line 2, column basis", "unknown basis 'guess'"],
    ),
    (
        "calendar.csv",
        "crossing,e_road,closed",
        "crossing,x_road,closed",
        ["calendar.csv line 2, column id", "unknown crossing 'x_road'"],
    ),
    (
        "calendar.csv",
        "closed,2025-10-12",
        "closed,2025-13-12",
        ["calendar.csv line 2, column from_date", "'2025-13-12' is not a date"],
    ),
    (
        "calendar.csv",
        "2025-12-24,2025-12-26",
        "2025-12-24,2025-12-20",
        ["calendar.csv line 3, column until_date", "2025-12-20 is before from_date 2025-12-24"],
    ),
    (
        "calendar.csv",
        "12|1|2|3",
        "12|1|2|13",
        ["calendar.csv line 4, column months", "month numbers 1..12"],
    ),
    (
        "calendar.csv",
        "12|1|2|3,road",
        "12|1|2|3,rail",
        ["calendar.csv line 4, column modes", "link 'ed_road' is road: the rule never applies"],
    ),
    (
        "calendar.csv",
        ",,0.5,,2,",
        ",,0,,2,",
        ["calendar.csv line 5, column speed_factor", "0 must be > 0"],
    ),
    (
        "calendar.csv",
        "restricted,,,7|8,,CC>DD,,2,3",
        "closed,,,7|8,,CC>DD,,2,3",
        ["calendar.csv line 6, column dwell_factor", "factors apply to status restricted"],
    ),
    (
        "calendar.csv",
        "7|8,,CC>DD",
        "7|8,,CC>BB",
        ["calendar.csv line 6, column direction", "must be CC>DD, DD>CC or empty"],
    ),
    (
        "calendar.csv",
        "link,df_ferry,restricted",
        "bridge,df_ferry,restricted",
        ["calendar.csv line 5, column element", "unknown element 'bridge'"],
    ),
    (
        "meta.csv",
        "as_of,2025-06-01",
        "as_of,June 2025",
        ["meta.csv line 4, column value", "as_of 'June 2025' is not a date"],
    ),
    (
        "meta.csv",
        "version,2",
        "name,2",
        ["meta.csv line 3, column key", "duplicate key 'name'"],
    ),
    ("calendar.csv", "element,id", "what,id", ["calendar.csv", "missing column(s) ['element']"]),
]


@pytest.mark.parametrize(("file", "old", "new", "expected"), CASES)
def test_bad_input_is_one_line_naming_file_line_column(
    tiny_copy: Callable[[str, str, str], Path], file: str, old: str, new: str, expected: list[str]
) -> None:
    folder = tiny_copy(file, old, new)
    with pytest.raises(InputError) as err:
        corridor.load(folder, date="undated")
    message = str(err.value)
    assert "\n" not in message
    for fragment in expected:
        assert fragment in message, message


@pytest.mark.parametrize(("file", "old", "new", "expected"), CASES[:6])
def test_cli_validate_exits_1_with_one_line_per_problem(
    tiny_copy: Callable[[str, str, str], Path],
    capsys: pytest.CaptureFixture[str],
    file: str,
    old: str,
    new: str,
    expected: list[str],
) -> None:
    folder = tiny_copy(file, old, new)
    with pytest.raises(SystemExit) as exc:
        main(["network", "validate", str(folder)])
    assert exc.value.code == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    lines = [ln for ln in err.splitlines() if ln.startswith("error: ")]
    assert lines and any(all(f in ln for f in expected) for ln in lines)


def test_every_problem_is_reported_by_check_dir(tiny_copy: Callable[[str, str, str], Path]) -> None:
    tiny_copy("links.csv", "ab_rail,a,b,", "ab_rail,a,bx,")
    folder = tiny_copy("nodes.csv", "40.00,60.00", "95.00,60.00")
    report = check_dir(folder)
    assert len(report.errors) == 2
    assert all(re.search(r"\.csv line \d+, column \w+: ", e) for e in report.errors)


def test_short_link_is_a_warning_not_an_error(tiny_copy: Callable[[str, str, str], Path]) -> None:
    # a-b are 14 km apart on the globe; a 5 km link is impossible but only warned about
    folder = tiny_copy("links.csv", "1520,100,", "1520,5,")
    net = corridor.load(folder, date="undated")
    assert len(net.warnings) == 1
    assert "links.csv line 2, column length_km" in net.warnings[0]
    assert "shorter than the 14." in net.warnings[0]


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not a network folder"):
        corridor.load(tmp_path / "nowhere", date="undated")
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match=r"nodes.csv: file not found"):
        corridor.load(tmp_path / "empty", date="undated")


def test_ragged_row_names_the_line(tiny_copy: Callable[[str, str, str], Path]) -> None:
    folder = tiny_copy(
        "nodes.csv",
        "e,Echo,AA,40.05,60.20,border_crossing,,",
        "e,Echo,AA,40.05,60.20,border_crossing,",
    )
    with pytest.raises(InputError, match=r"nodes.csv line 6: 8 fields, header has 9"):
        corridor.load(folder, date="undated")


def test_gauges_meeting_without_transfer_row(tiny_copy: Callable[[str, str, str], Path]) -> None:
    folder = tiny_copy(
        "transfers.csv", "*,rail:1520,rail:1435,5,8,100,,hand-made,gauge change\n", ""
    )
    net = corridor.load(folder, date="undated")
    with pytest.raises(InputError, match=r"rail gauges 1435 and 1520 meet at 'b'"):
        corridor.compile(net)
