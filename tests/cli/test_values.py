"""Dates and values (issue 13, item 8): a bad option value is a usage error (exit 2, the
same "Invalid value for '--x'" wording, before any work); a bad file or data value is an
input error (exit 1); a date outside the calendar's span is one warning line."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from corridor.data import path as data_path

Cli = Callable[[list[str]], tuple[int, str, str]]
TINY = str(data_path("examples/tiny"))

BAD_OPTIONS = [
    (["route", "a", "d", "--by", "fastest"], "--by"),
    (["route", "a", "d", "--modes", "plane"], "--modes"),
    (["route", "a", "d", "--modes", ""], "--modes"),
    (["route", "a", "d", "--date", ""], "--date"),
    (["route", "a", "d", "--date", "2025-13-01"], "--date"),
    (["route", "a", "d", "--date", "tomorrow"], "--date"),
    (["route", "a", "d", "--value-of-time", "nan"], "--value-of-time"),
    (["route", "a", "d", "--carbon-price", "inf"], "--carbon-price"),
    (["route", "a", "d", "--max-stretch", "inf", "-k", "2"], "--max-stretch"),
    (["compare", "a", "d", "--date", "2025-02-30"], "--date"),
    (["pareto", "a", "d", "--eps", "inf"], "--eps"),
    (["pareto", "a", "d", "--criteria", "time"], "--criteria"),
    (["pareto", "a", "d", "--criteria", "time,speed"], "--criteria"),
    (["sensitivity", "a", "d", "--by", "cost"], "--by"),
    (["flows", "--gap", "nan"], "--gap"),
    (["flows", "--queue-h-link", "inf"], "--queue-h-link"),
    (["critical", "--lost-pair-factor", "inf", "--pairs", "a:d"], "--lost-pair-factor"),
    (["scenario", "diff", "ktap_built", "--modes", "plane"], "--modes"),
]


@pytest.mark.parametrize(("args", "flag"), BAD_OPTIONS, ids=[" ".join(a) for a, _ in BAD_OPTIONS])
def test_a_bad_option_value_is_a_usage_error(cli: Cli, args: list[str], flag: str) -> None:
    if args[0] in ("route", "compare", "pareto", "sensitivity"):
        args = [*args, "-n", TINY]
    code, out, err = cli(args)
    assert code == 2, err
    assert err.startswith(f"error: Invalid value for '{flag}'") and err.count("\n") == 1, err
    assert out == ""


def test_bad_files_and_data_are_input_errors(cli: Cli, tmp_path: Path) -> None:
    code, _, err = cli(["route", "a", "d", "-n", str(tmp_path / "nowhere")])
    assert code == 1 and "not a network folder" in err
    demand = tmp_path / "demand.csv"
    demand.write_text("origin,destination,teu_year\na,d,lots\n")
    code, _, err = cli(["flows", "-n", TINY, "-d", str(demand)])
    assert code == 1 and "demand.csv" in err and err.startswith("error: ")
    code, _, err = cli(["route", "a", "nowhere_at_all", "-n", TINY])
    assert code == 1 and err.startswith("error: ")


def test_a_date_outside_the_calendar_span_warns_in_one_line(cli: Cli) -> None:
    code, out, err = cli(["route", "almaty", "karachi", "--date", "1990-06-01"])
    assert code == 0 and out
    lines = [x for x in err.splitlines() if x.startswith("warning:")]
    assert len(lines) == 1 and "outside the span the calendar covers" in lines[0]
    assert "2026-02-06" in lines[0]  # the span's end: the network's as-of date
    code, _, err = cli(["route", "almaty", "karachi", "--date", "2025-06-01"])
    assert code == 0 and "warning" not in err
    code, _, err = cli(["route", "almaty", "karachi", "--date", "undated"])
    assert code == 0 and "warning" not in err
