"""TNTP input is checked against itself and held to plausible bounds (issue 14, item 2).

Each reproducer of the fuzzing campaign is a case here: a header that asks for 93 GiB, an
empty ``<TOTAL OD FLOW>``, BPR parameters that overflow, and the "cannot reach" error that
numbered vertices from 0. Every one is a one-line error with exit code 1, no traceback, no
NaN or Infinity written anywhere.
"""

from __future__ import annotations

import json
import resource
from pathlib import Path

import pandas as pd
import pytest

from corridor.cli import main
from corridor.errors import InputError
from corridor.io.tntp import read_folder, write_flow

NET = """<NUMBER OF ZONES> 2
<NUMBER OF NODES> 3
<FIRST THRU NODE> 3
<NUMBER OF LINKS> 3
<END OF METADATA>

~ init_node term_node capacity length free_flow_time b power speed toll link_type ;
\t1\t3\t100\t2\t1.5\t0.15\t4\t0\t0\t1\t;
\t3\t2\t100\t3\t2.5\t0.15\t4\t0\t0\t1\t;
\t1\t2\t100\t3\t9.0\t0.15\t4\t0\t0\t1\t;
"""

TRIPS = """<NUMBER OF ZONES> 2
<TOTAL OD FLOW> 30.0
<END OF METADATA>

Origin\t1
    2 :   30.0;
Origin 2
"""


def _folder(tmp_path: Path, net: str = NET, trips: str = TRIPS) -> Path:
    folder = tmp_path / "T"
    folder.mkdir(exist_ok=True)
    (folder / "T_net.tntp").write_text(net)
    (folder / "T_trips.tntp").write_text(trips)
    return folder


def _cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        main(args)
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def _strict_json(text: str) -> object:
    def refuse(name: str) -> object:
        raise AssertionError(f"{name} in JSON output")

    return json.loads(text, parse_constant=refuse)


@pytest.mark.parametrize(
    ("old", "new", "fragment"),
    [
        (
            "<NUMBER OF NODES> 3",
            "<NUMBER OF NODES> 100000000000",
            "T_net.tntp:2: metadata <NUMBER OF NODES> must be an integer in 0..100,000,000",
        ),
        (
            "<NUMBER OF NODES> 3",
            "<NUMBER OF NODES> 1000000000",
            "T_net.tntp:2: metadata <NUMBER OF NODES> must be an integer in 0..100,000,000",
        ),
        (
            "<NUMBER OF NODES> 3",
            "<NUMBER OF NODES> 5000000",
            "T_net.tntp:2: <NUMBER OF NODES> says 5000000, but the links use nodes up to 3",
        ),
        (
            "<NUMBER OF NODES> 3",
            "<NUMBER OF NODES>",
            "T_net.tntp:2: metadata <NUMBER OF NODES> is empty",
        ),
        (
            "<NUMBER OF LINKS> 3",
            "<NUMBER OF LINKS> 3\n<NUMBER OF LINKS> 3",
            "T_net.tntp:5: metadata <NUMBER OF LINKS> given twice (first at line 4)",
        ),
        (
            "\t0.15\t4\t0\t0\t1\t;\n\t3",
            "\t1e308\t4\t0\t0\t1\t;\n\t3",
            "T_net.tntp:8: b must be in 0..1000, got 1e308",
        ),
        (
            "\t0.15\t4\t0\t0\t1\t;\n\t3",
            "\t0.15\t400\t0\t0\t1\t;\n\t3",
            "T_net.tntp:8: power must be in 0..32, got 400",
        ),
        ("\t0\t0\t1\t;\n\t3", "\t0\t0\t1e300\t;\n\t3", "T_net.tntp:8: link_type must be in"),
        ("\t0\t0\t1\t;\n\t3", "\t0\t0\t1.5\t;\n\t3", "T_net.tntp:8: link_type must be an integer"),
        ("\t100\t2\t1.5", "\t1e300\t2\t1.5", "T_net.tntp:8: capacity must be in 0..1e+12"),
        ("\t100\t2\t1.5", "\tnan\t2\t1.5", "T_net.tntp:8: capacity must be finite"),
    ],
)
def test_bad_net_header_or_link_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], old: str, new: str, fragment: str
) -> None:
    assert old in NET
    folder = _folder(tmp_path, NET.replace(old, new, 1))
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    code, out, err = _cli(["assign", "--tntp", str(folder)], capsys)
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss0 < 200_000  # kB
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and err.startswith("error: ") and fragment in err, err


@pytest.mark.parametrize(
    ("old", "new", "fragment"),
    [
        (
            "<TOTAL OD FLOW> 30.0",
            "<TOTAL OD FLOW>",
            "T_trips.tntp:2: metadata <TOTAL OD FLOW> is empty",
        ),
        (
            "<TOTAL OD FLOW> 30.0",
            "<TOTAL OD FLOW>   \t",
            "T_trips.tntp:2: metadata <TOTAL OD FLOW> is empty",
        ),
        (
            "<TOTAL OD FLOW> 30.0",
            "<TOTAL OD FLOW> 31.0",
            "T_trips.tntp:2: <TOTAL OD FLOW> says 31, the flows of the file sum to 30",
        ),
        (
            "<TOTAL OD FLOW> 30.0",
            "<TOTAL OD FLOW> inf",
            "T_trips.tntp:2: metadata <TOTAL OD FLOW> must be finite",
        ),
        ("2 :   30.0;", "2 :   1e300;", "T_trips.tntp:6: flow must be in 0..1e+12"),
        (
            "<NUMBER OF ZONES> 2",
            "<NUMBER OF ZONES> x",
            "T_trips.tntp:1: metadata <NUMBER OF ZONES> is not a number",
        ),
    ],
)
def test_bad_trips_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], old: str, new: str, fragment: str
) -> None:
    assert old in TRIPS
    folder = _folder(tmp_path, trips=TRIPS.replace(old, new, 1))
    code, out, err = _cli(["assign", "--tntp", str(folder)], capsys)
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and fragment in err, err


def test_costs_that_overflow_are_refused_not_written_as_nan(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # every value within its bounds, but b * (v / c) ** power leaves double precision
    huge = NET.replace("\t100\t", "\t1e-9\t").replace("\t0.15\t4\t", "\t1000\t32\t")
    trips = TRIPS.replace("30.0", "1e12")
    folder = _folder(tmp_path, huge, trips)
    out_csv = tmp_path / "flows.csv"
    for algorithm in ("gp", "bfw", "aon"):
        args = [
            "assign",
            "--tntp",
            str(folder),
            "--json",
            "-o",
            str(out_csv),
            "--algorithm",
            algorithm,
        ]
        code, out, err = _cli(args, capsys)
        assert code == 1 and out == "", (algorithm, out)
        assert err.count("\n") == 1 and "the link costs overflowed" in err, err
        assert not out_csv.exists()
        assert list(tmp_path.glob(".flows.csv*")) == []


def test_unreachable_demand_names_nodes_as_the_file_numbers_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # only link out of node 1 goes to node 3; 3 -> 2 is gone: zone 2 cannot be reached
    net = NET.replace("\t3\t2\t100", "\t3\t1\t100").replace("\t1\t2\t100", "\t3\t1\t100")
    folder = _folder(tmp_path, net)
    code, _, err = _cli(["assign", "--tntp", str(folder)], capsys)
    assert code == 1
    assert "demand from node 1 cannot reach nodes [2]" in err, err
    assert "vertex" not in err


def test_json_and_csv_are_strict_on_a_good_network(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _folder(tmp_path)
    out_csv = tmp_path / "flows.csv"
    code, out, _ = _cli(
        ["assign", "--tntp", str(folder), "--json", "-o", str(out_csv), "--gap", "1e-9"], capsys
    )
    assert code == 0
    doc = _strict_json(out)
    assert isinstance(doc, dict) and doc["links"] == 3
    frame = pd.read_csv(out_csv)
    assert frame.notna().all().all()
    assert frame["init_node"].tolist() == [1, 3, 1]  # file order, file numbering
    assert frame["flow"].sum() == pytest.approx(60.0)  # 30 via node 3 (two links) or direct


def test_write_flow_refuses_nan(tmp_path: Path) -> None:
    frame = pd.DataFrame(
        {"init_node": [1], "term_node": [2], "flow": [float("nan")], "cost": [1.0]}
    )
    with pytest.raises(InputError, match="flows and costs must be finite; bad rows: \\[0\\]"):
        write_flow(tmp_path / "x_flow.tntp", frame)


def test_shipped_and_shared_networks_still_read(tntp_folders: list[Path]) -> None:
    for folder in tntp_folders:
        f = read_folder(folder)
        assert f.net.n_nodes >= int(f.net.links[["init_node", "term_node"]].to_numpy().max())


@pytest.fixture
def tntp_folders() -> list[Path]:
    from corridor.data import path as data_path

    shared = Path(__file__).resolve().parents[3] / "shared" / "data" / "tntp"
    found = [data_path("examples/SiouxFalls")]
    if shared.is_dir():
        found += sorted(p for p in shared.iterdir() if p.is_dir())
    return found
