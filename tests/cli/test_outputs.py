"""Outputs a script can trust: exit codes, interrupts, whole files at 0644, --out guards."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from corridor.cli import main
from corridor.data import path as data_path

TINY = str(data_path("examples/tiny"))


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        main(args)
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def umask_022() -> Iterator[None]:
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


@pytest.fixture
def demand(tmp_path: Path) -> Path:
    p = tmp_path / "od.csv"
    p.write_text("origin,destination,teu_year\na,d,100\nd,a,50\n")
    return p


def _mode(p: Path) -> int:
    return stat.S_IMODE(p.stat().st_mode)


# ------------------------------------------------------------------ version, help, codes


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    from corridor import __version__

    code, out, err = run(["--version"], capsys)
    assert code == 0 and out.strip() == f"corridor {__version__}" and err == ""


def test_help_lists_exit_codes_and_every_command_has_an_example(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(["--help"], capsys)
    assert code == 0
    for line in ("0    success", "1    bad input", "2    usage", "3    assign", "130  interrupt"):
        assert line in out
    commands = [
        ["route"],
        ["places"],
        ["scenarios"],
        ["flows"],
        ["assign"],
        ["network"],
        ["network", "info"],
        ["network", "validate"],
        ["scenario"],
        ["scenario", "list"],
        ["scenario", "show"],
        ["scenario", "validate"],
        ["scenario", "diff"],
        ["critical"],
        ["validate-data"],
    ]
    for cmd in commands:
        code, out, _ = run([*cmd, "--help"], capsys)
        assert code == 0
        assert "Examples:\n    corridor " + " ".join(cmd) in out, cmd


def test_readme_lists_the_same_exit_codes() -> None:
    readme = Path(__file__).resolve().parents[2] / "README.md"
    text = readme.read_text(encoding="utf-8")
    for code in ("| 0 |", "| 1 |", "| 2 |", "| 3 |", "| 130 |"):
        assert code in text


def test_internal_names_do_not_leak(capsys: pytest.CaptureFixture[str]) -> None:
    for args in (
        ["assign", "--example", "SiouxFalls", "--gap", "-1"],
        ["assign", "--example", "SiouxFalls", "--time-limit", "-1"],
        ["assign", "--example", "SiouxFalls", "--max-iter", "-1"],
        ["assign", "--example", "SiouxFalls", "--unreachable", "skip"],
    ):
        code, _, err = run(args, capsys)
        assert code == 2, err
        assert "_s" not in err and "time_limit" not in err and "max_iter" not in err, err
        assert err.startswith("error: ") and len(err.strip().splitlines()) == 1


# ------------------------------------------------------------------ interrupts

_INTERRUPT_AT_IMPORT = """
import sys

class Interrupt:
    def find_spec(self, name, path=None, target=None):
        if name == "typer":
            raise KeyboardInterrupt
        return None

sys.meta_path.insert(0, Interrupt())
from corridor.cli import main
main(["route", "almaty", "karachi"])
"""


def test_interrupt_while_modules_import_prints_no_traceback() -> None:
    proc = subprocess.run(
        [sys.executable, "-c", _INTERRUPT_AT_IMPORT],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert proc.returncode == 130
    assert proc.stderr == "interrupted\n"


def test_keyboard_interrupt_in_a_command_is_130(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import corridor.analysis.answer

    def boom(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(corridor.analysis.answer, "route_answer", boom)
    code, out, err = run(["route", "a", "d", "-n", TINY], capsys)
    assert code == 130 and err == "interrupted\n" and out == ""


# ------------------------------------------------------------------ files and --out


def test_flows_out_is_complete_with_usual_permissions(
    tmp_path: Path, demand: Path, capsys: pytest.CaptureFixture[str], umask_022: None
) -> None:
    out = tmp_path / "result"
    code, stdout, err = run(
        ["flows", "-n", TINY, "--demand", str(demand), "-o", str(out), "--json"], capsys
    )
    assert code == 0, err
    doc = json.loads(stdout)
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted(Path(f).name for f in doc["files"])
    assert len(names) == 9 and "flows.png" in names and "summary.json" in names
    assert _mode(out) == 0o755
    assert {_mode(p) for p in out.iterdir()} == {0o644}
    summary = json.loads((out / "summary.json").read_text())
    for key in ("network_as_of", "date", "scenario", "include_planned"):
        assert key in summary and key in doc
    assert sorted(p.name for p in tmp_path.iterdir()) == ["od.csv", "result"]


def test_flows_out_refuses_a_non_empty_folder_before_work_and_force_replaces_it(
    tmp_path: Path, demand: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "result"
    out.mkdir()
    (out / "mine.txt").write_text("keep me")
    args = ["flows", "-n", TINY, "--demand", str(demand), "-o", str(out)]
    code, stdout, err = run(args, capsys)
    assert code == 1 and stdout == ""
    assert err == f"error: {out}: folder exists and is not empty (use --force to replace it)\n"
    assert (out / "mine.txt").read_text() == "keep me"
    code, _, err = run([*args, "--force"], capsys)
    assert code == 0, err
    assert not (out / "mine.txt").exists() and (out / "links.csv").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["od.csv", "result"]


def test_assign_out_file_guard_permissions_and_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], umask_022: None
) -> None:
    out = tmp_path / "flows.csv"
    out.write_text("old")
    base = ["assign", "--example", "SiouxFalls", "--json", "-o", str(out)]
    code, stdout, err = run(base, capsys)
    assert code == 1 and stdout == "" and "a file of that name exists" in err
    assert "--force" in err and out.read_text() == "old"
    code, stdout, err = run([*base, "--force"], capsys)
    assert code == 0, err
    assert out.read_text().startswith("init_node,term_node,flow,cost")
    assert _mode(out) == 0o644
    assert sorted(p.name for p in tmp_path.iterdir()) == ["flows.csv"]
    code, _, err = run(["assign", "--example", "SiouxFalls", "-o", str(tmp_path)], capsys)
    assert code == 1 and "is a folder" in err


# ------------------------------------------------------------------ assign


def test_assign_example_runs_from_package_data(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["assign", "--example", "SiouxFalls", "--gap", "1e-5", "--json"], capsys)
    assert code == 0, err
    doc = json.loads(out)
    assert doc["network"] == "SiouxFalls" and doc["links"] == 76 and doc["converged"]
    assert doc["objective"] == pytest.approx(4231335.287, rel=1e-5)
    assert doc["dropped_pairs"] == 0 and doc["dropped_demand"] == 0.0


def test_assign_not_converged_exits_3_unless_allowed(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["assign", "--example", "SiouxFalls", "--max-iter", "2", "--json"]
    code, out, err = run(args, capsys)
    assert code == 3
    doc = json.loads(out)  # the result is still printed
    assert doc["converged"] is False and doc["iterations"] == 2
    last = err.strip().splitlines()[-1]
    assert last.startswith("error: not converged: relative gap ")
    assert f"{doc['gap']:.3e}" in last and "--allow-unconverged" in last
    code, out, err = run([*args, "--allow-unconverged"], capsys)
    assert code == 0 and json.loads(out)["converged"] is False
    assert "error" not in err


def _disconnected_tntp(folder: Path) -> Path:
    """Three zones: 1 <-> 2 connected, 3 cut off (demand 1 -> 3 cannot be routed)."""
    folder.mkdir()
    (folder / "Cut_net.tntp").write_text(
        "<NUMBER OF ZONES> 3\n<NUMBER OF NODES> 3\n<FIRST THRU NODE> 1\n"
        "<NUMBER OF LINKS> 2\n<END OF METADATA>\n\n"
        "~ init_node term_node capacity length free_flow_time b power speed toll link_type ;\n"
        "1 2 100 1 1 0.15 4 0 0 1 ;\n2 1 100 1 1 0.15 4 0 0 1 ;\n"
    )
    (folder / "Cut_trips.tntp").write_text(
        "<NUMBER OF ZONES> 3\n<TOTAL OD FLOW> 45.0\n<END OF METADATA>\n\n"
        "Origin 1\n 2 : 30.0; 3 : 10.0;\nOrigin 2\n 1 : 5.0;\n"
    )
    return folder


def test_assign_refuses_disconnected_demand_by_default(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _disconnected_tntp(tmp_path / "cut")
    code, out, err = run(["assign", "--tntp", str(folder)], capsys)
    assert code == 1 and out == "" and "cannot reach" in err
    assert "Traceback" not in err


def test_assign_unreachable_drop_reports_dropped_trips(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _disconnected_tntp(tmp_path / "cut")
    code, out, err = run(
        ["assign", "--tntp", str(folder), "--unreachable", "drop", "--json"], capsys
    )
    assert code == 0, err
    doc = json.loads(out)
    assert doc["dropped_pairs"] == 1 and doc["dropped_demand"] == 10.0
    code, out, err = run(["assign", "--tntp", str(folder), "--unreachable", "drop"], capsys)
    assert code == 0, err
    assert "dropped (unreachable) OD pairs" in out and "10" in out
    assert "assigned demand" in out and "35" in out


def test_example_and_tntp_are_exclusive(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["assign"], capsys)
    assert code == 1 and "--tntp FOLDER or --example NAME" in err
    code, _, err = run(["assign", "--example", "Atlantis"], capsys)
    assert code == 1 and "unknown example 'Atlantis'" in err
