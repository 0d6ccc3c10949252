"""``corridor assign``: progress on stderr, one JSON object on stdout, flows CSV, errors."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from corridor.cli import main
from corridor.data import path as data_path

SIOUX_FALLS = data_path("examples/SiouxFalls")  # shipped with the package


def run(monkeypatch: pytest.MonkeyPatch, *args: str) -> int:
    # main(argv) as a program calls it: the process's signal handlers are put back after
    # (main() with sys.argv is the script's call and left SIGINT ignored once the output
    # was in place, which broke a later signal test in a one-process run)
    try:
        main(["assign", *args])
    except SystemExit as exc:
        return int(exc.code or 0)
    return 0


def test_json_and_csv(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / "flows.csv"
    code = run(
        monkeypatch,
        "--tntp",
        str(SIOUX_FALLS),
        "--gap",
        "1e-5",
        "--json",
        "--out",
        str(out),
    )
    cap = capsys.readouterr()
    assert code == 0
    doc = json.loads(cap.out)  # exactly one JSON object on stdout
    assert list(doc)[:6] == ["algorithm", "gap", "iterations", "seconds", "objective", "links"]
    assert doc["algorithm"] == "gp" and doc["gap"] <= 1e-5 and doc["links"] == 76
    assert doc["objective"] == pytest.approx(4231335.287, rel=1e-6)
    assert doc["kernels"] in ("aot", "jit")
    assert cap.err.count(" gap ") == doc["iterations"] + 1  # one progress line per iterate
    flows = pd.read_csv(out)
    assert flows.columns.tolist() == ["init_node", "term_node", "flow", "cost"]
    assert len(flows) == 76 and flows.iloc[0, :2].tolist() == [1, 2]
    assert flows["flow"].iloc[0] == pytest.approx(4494.66, abs=1.0)  # best known 4494.6576
    # written without pandas: the bytes pandas writes for the same table
    from corridor.assign.tntp import link_ends, solve_tntp
    from corridor.io.tntp import read_folder

    folder = read_folder(SIOUX_FALLS)
    frame = solve_tntp(folder, gap=1e-5).result(link_ends(folder)).to_frame()
    assert out.read_text() == frame.to_csv(index=False, float_format="%.10g", lineterminator="\n")


def test_table_and_options(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    args = [
        "--tntp",
        str(SIOUX_FALLS),
        "--algorithm",
        "bfw",
        "--max-iter",
        "5",
        "--allow-unconverged",
    ]
    assert run(monkeypatch, *args, "--toll-factor", "1", "--distance-factor", "0.5") == 0
    cap = capsys.readouterr()
    assert "relative gap" in cap.out and "bfw" in cap.out
    assert cap.err.count(" gap ") == 6


def test_errors(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert run(monkeypatch, "--tntp", str(tmp_path), "--algorithm", "tapaz") == 1
    err = capsys.readouterr().err
    assert err.startswith("error: unknown algorithm 'tapaz'; choose from") and err.count("\n") == 1
    assert run(monkeypatch, "--tntp", str(tmp_path)) == 1
    assert capsys.readouterr().err == f"error: {tmp_path}: no *_net.tntp file\n"
    (tmp_path / "X_net.tntp").write_text("<NUMBER OF ZONES> x\n<END OF METADATA>\n")
    (tmp_path / "X_trips.tntp").write_text("<NUMBER OF ZONES> 1\n<END OF METADATA>\n")
    assert run(monkeypatch, "--tntp", str(tmp_path)) == 1
    assert "X_net.tntp:1: metadata <NUMBER OF ZONES> is not a number" in capsys.readouterr().err
