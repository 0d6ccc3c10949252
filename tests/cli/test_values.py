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


NUMBERS = ["1e-6", "0", "-0", "+3", "007", ".5", "1.", "2.50", "1E5", "1e400", "-1", "1_0", " 2"]
NUMBERS += ["0x10", "nan", "inf", "", "1e", "--1", "3.5e-2"]


@pytest.mark.parametrize("annotation", [float, int])
@pytest.mark.parametrize("bounds", [(None, None), (0.0, None), (0.0, 1.0)])
def test_plain_numbers_are_read_as_typers_adapter_reads_them(
    annotation: type, bounds: tuple[float | None, float | None]
) -> None:
    """Numbers and paths given on the command line skip pydantic (typer's adapter) only
    where the answer is certain: the same value as the adapter's, else the adapter runs
    (and words its own error)."""
    from typer._adapters import build_adapter
    from typer.models import OptionInfo

    from corridor.cli._values import _plain_value

    info = OptionInfo(min=bounds[0], max=bounds[1])
    adapter = build_adapter(annotation, info)
    for text in NUMBERS:
        done, value = _plain_value(annotation, info, text, None, None)
        if not done:
            continue
        expected = adapter.validate_python(text)
        assert type(value) is type(expected) and value == expected, text
    done, value = _plain_value(annotation, info, "1e-6" if annotation is float else "1", None, None)
    assert done  # the usual forms do skip it


def test_a_path_option_is_read_without_pydantic(tmp_path: Path) -> None:
    from typer.models import OptionInfo

    from corridor.cli._values import _plain_value

    assert _plain_value(Path, OptionInfo(), str(tmp_path), None, None) == (True, tmp_path)
    refused = OptionInfo(exists=True)  # a check that fails: typer's adapter words it
    assert _plain_value(Path, refused, str(tmp_path / "nowhere"), None, None) == (False, None)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--gap", "-1"], "Invalid value for '--gap': Input should be greater than or equal"),
        (["--max-iter", "1.5"], "Invalid value for '--max-iter'"),
        (["--gap", "abc"], "Invalid value for '--gap'"),
    ],
)
def test_numbers_typer_refuses_still_get_its_message(
    cli: Cli, args: list[str], message: str
) -> None:
    code, _, err = cli(["assign", "--example", "SiouxFalls", *args])
    assert code == 2 and err.startswith(f"error: {message}"), err
