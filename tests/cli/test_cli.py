"""The command line: human tables, --json, and one-line errors with exit code 1."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from corridor.cli import main
from corridor.data import path as data_path

TINY = str(data_path("examples/tiny"))


@pytest.fixture(autouse=True)
def wide_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tables as a wide terminal gets them, whatever COLUMNS the test runner has."""
    monkeypatch.setenv("COLUMNS", "160")


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        main(args)
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_route_json_is_the_stable_form(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["route", "alpha", "delta", "--by", "cost", "--json", "-n", TINY], capsys)
    assert code == 0, err
    d = json.loads(out)
    assert d["totals"]["cost_usd"] == 550.0
    assert d["totals"]["gauge_breaks"] == 1
    assert d["vertices"] == ["a", "b", "c", "d"]


def test_route_human_table(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["route", "a", "d", "--by", "cost", "-n", TINY], capsys)
    assert code == 0
    assert "gauge change" in out and "border" in out and "total" in out
    assert "gauge breaks at Bravo (1520→1435)" in out


def test_alternatives_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["route", "a", "d", "--alternatives", "3", "--json", "-n", TINY], capsys)
    assert code == 0
    routes = json.loads(out)["routes"]
    assert [r["rank"] for r in routes] == [1, 2]


def test_modes_unit_planned_options(capsys: pytest.CaptureFixture[str]) -> None:
    args = [
        "route",
        "a",
        "d",
        "--modes",
        "rail",
        "--include-planned",
        "--unit",
        "tonne",
        "--json",
        "-n",
        TINY,
    ]
    code, out, _ = run(args, capsys)
    assert code == 0
    d = json.loads(out)
    assert d["links"] == ["ad_rail"] and d["unit"] == "tonne"
    assert d["totals"]["cost_usd"] == 28.0


def test_places(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["places", "--json", "-n", TINY, "origin"], capsys)
    assert code == 0
    assert [p["id"] for p in json.loads(out)] == ["a"]
    code, _, err = run(["places", "zzz", "-n", TINY], capsys)
    assert code == 1 and "no place matches" in err


@pytest.mark.parametrize(
    ("args", "fragment", "exit_code"),
    [
        (["route", "alpha", "zulu"], "unknown place 'zulu'", 1),
        (["route", "alpo", "delta"], "did you mean a", 1),
        (["route", "a", "g"], "no route from Alpha (a) to Golf (g)", 1),
        (["route", "a", "d", "--avoid", "QQ"], "cannot avoid 'QQ'", 1),
        (["route", "a", "a"], "same place", 1),
        # usage errors (the command line itself is wrong): exit code 2
        (["route", "a", "d", "--by", "speed"], "Invalid value for '--by'", 2),
        (["route", "a", "d", "--modes", "boat"], "unknown mode 'boat'", 2),
        (["route", "a", "d", "--alternatives", "0"], "--alternatives", 2),
        (["route", "a", "d", "--alternatives", "x"], "--alternatives", 2),
        (["route", "a", "d", "--unit", "kg"], "Invalid value for '--unit'", 2),
        (["route", "a", "d", "--value-of-time", "-3"], "--value-of-time", 2),
        (["route", "a"], "Missing argument 'destination'", 2),
        (["route", "a", "d", "--bogus"], "No such option: --bogus", 2),
    ],
)
def test_bad_arguments_one_line(
    capsys: pytest.CaptureFixture[str], args: list[str], fragment: str, exit_code: int
) -> None:
    code, out, err = run([*args, "-n", TINY], capsys)
    assert code == exit_code
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("error: ") and fragment in lines[0]
    assert out == ""


def test_bad_network_path(capsys: pytest.CaptureFixture[str], tmp_path: object) -> None:
    code, _, err = run(["route", "a", "d", "-n", "/nonexistent/net"], capsys)
    assert code == 1 and "not a network folder" in err and len(err.strip().splitlines()) == 1


def test_network_info_and_validate(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["network", "info", TINY, "--json"], capsys)
    assert code == 0
    info = json.loads(out)
    assert info["links_by_status"] == {"existing": 8, "planned": 1}
    assert info["km_by_mode_status"]["rail/planned"] == 250.0
    assert info["links_by_country"] == {
        "AA": 2,
        "AA-BB": 3,
        "BB": 1,
        "BB-CC": 1,
        "CC": 1,
        "CC-DD": 1,
    }
    assert info["km_by_country"]["AA-BB"] == 200.0 + 150.0 + 250.0
    code, out, _ = run(["network", "validate", TINY], capsys)
    assert code == 0 and out.startswith("ok: ")


def test_real_entry_point_never_prints_a_traceback() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "corridor", "route", "nowhere", "karachi", "-n", TINY],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert proc.stderr.startswith("error: unknown place 'nowhere'")


def test_assign_cli_names_match_the_registry() -> None:
    from corridor.assign import ALGORITHMS, DEFAULT_ALGORITHM
    from corridor.cli._assign import ALGORITHM_NAMES, DEFAULT

    assert set(ALGORITHM_NAMES) == set(ALGORITHMS) and DEFAULT == DEFAULT_ALGORITHM


def test_cli_route_imports_no_pandas(tmp_path: Path) -> None:
    """The route command reads the cached graph: no pandas, so it starts fast. (The JSON
    form and --sources carry provenance, which reads the network tables with pandas.)"""
    code = (
        "import sys; from corridor.cli import main; "
        f"main(['route', 'a', 'd', '-n', {TINY!r}]); "
        "print('pandas' in sys.modules, file=sys.stderr)"
    )
    env = {**os.environ, "CORRIDOR_CACHE_DIR": str(tmp_path)}
    for _ in range(2):  # the first run compiles and caches the graph (with pandas)
        proc = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
        )
    assert proc.stderr.strip() == "False"


def test_unwritable_output_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    demand = tmp_path / "od.csv"
    demand.write_text("origin,destination,teu_year\na,d,100\n")
    code, _, err = run(
        ["flows", "-n", TINY, "--demand", str(demand), "--out", str(blocker / "sub")], capsys
    )
    assert code == 1 and len(err.strip().splitlines()) == 1, err
    assert err.startswith(f"error: {blocker / 'sub'}")
