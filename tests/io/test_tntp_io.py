"""TNTP readers: the four shipped networks parse to their README dimensions; malformed
files fail with one line naming the file and line."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from corridor.data import path as data_path
from corridor.errors import InputError
from corridor.io.tntp import (
    NET_COLUMNS,
    read_cost_weights,
    read_flow,
    read_folder,
    read_net,
    read_nodes,
    read_trips,
    write_flow,
)

# SiouxFalls ships with the package (corridor/data/examples/SiouxFalls). The larger networks
# come from github.com/bstabler/TransportationNetworks (commit d1639b4, see
# shared/data/tntp/README.md) and are read from shared/ beside the repository.
TNTP = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "tntp"
needs_tntp = pytest.mark.skipif(
    not TNTP.is_dir(),
    reason=f"the larger TNTP networks (github.com/bstabler/TransportationNetworks, "
    f"see shared/data/tntp/README.md) are not shipped and not found at {TNTP}",
)


def tntp_dir(name: str) -> Path:
    """The shipped SiouxFalls, or a larger network from shared/."""
    return data_path(f"examples/{name}") if name == "SiouxFalls" else TNTP / name


# name: zones, nodes, links, first thru node, total demand (shared/data/tntp/README.md)
DIMENSIONS = {
    "SiouxFalls": (24, 24, 76, 1, 360_600.0),
    "Anaheim": (38, 416, 914, 39, 104_694.4),
    "Barcelona": (110, 1020, 2522, 111, 184_679.561),
    "Winnipeg": (147, 1052, 2836, 148, 64_784.0),
}


@pytest.mark.parametrize(
    "name", [n if n == "SiouxFalls" else pytest.param(n, marks=needs_tntp) for n in DIMENSIONS]
)
def test_folders_match_readme_dimensions(name: str) -> None:
    zones, nodes, links, first_thru, total = DIMENSIONS[name]
    f = read_folder(tntp_dir(name))
    assert f.name == name
    assert (f.net.n_zones, f.net.n_nodes, len(f.net.links), f.net.first_thru_node) == (
        zones,
        nodes,
        links,
        first_thru,
    )
    assert f.trips.flows.sum() == pytest.approx(total, rel=1e-12)
    assert f.trips.total_od_flow == pytest.approx(total, rel=1e-12)
    assert (f.toll_factor, f.distance_factor) == (0.0, 0.0)
    assert f.flow is not None and len(f.flow) == links
    assert (f.nodes is not None) == (name == "SiouxFalls")
    assert f.net.links["init_node"].between(1, nodes).all()


@needs_tntp
def test_power_zero_links_are_kept() -> None:
    links = read_folder(TNTP / "Winnipeg").net.links
    zero = links[links["power"] == 0]
    assert len(zero) > 1000 and (zero["b"] == 0).all()
    assert links["link_type"].dtype == np.int64


def test_first_rows_of_siouxfalls() -> None:
    f = read_folder(tntp_dir("SiouxFalls"))
    row = f.net.links.iloc[0]
    assert (row.init_node, row.term_node) == (1, 2)
    assert row.capacity == pytest.approx(25900.20064)
    assert (row.free_flow_time, row.b, row.power, row.toll, row.link_type) == (6, 0.15, 4, 0, 1)
    first = (f.trips.origins == 1) & (f.trips.destinations == 10)
    assert f.trips.flows[first].tolist() == [1300.0]
    assert f.nodes is not None and f.nodes.iloc[0].tolist() == pytest.approx(
        [1, -96.77041974, 43.61282792]
    )


def _write(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / name
    p.write_text(text)
    return p


NET = """<NUMBER OF ZONES> 2
<NUMBER OF NODES> 3
<FIRST THRU NODE> 3
<NUMBER OF LINKS> 2
<END OF METADATA>

~ init_node term_node capacity length free_flow_time b power speed toll link_type ;
\t1\t3\t100\t2\t1.5\t0.15\t4\t0\t0.5\t1\t;
\t3\t2\t100\t3\t2.5\t0\t0\t0\t0\t2\t;
"""

TRIPS = """<NUMBER OF ZONES> 2
<TOTAL OD FLOW> 30.0
<END OF METADATA>

Origin\t1
    2 :   30.0;
Origin 2
"""


def test_small_folder_and_weights(tmp_path: Path) -> None:
    _write(tmp_path, "T_net.tntp", NET)
    _write(tmp_path, "T_trips.tntp", TRIPS)
    _write(tmp_path, "README.md", "# T\n## Generalized Cost Weights\nToll: 0.02\nDistance: 0.04\n")
    f = read_folder(tmp_path)
    assert (f.toll_factor, f.distance_factor) == (0.02, 0.04)
    assert f.flow is None and f.nodes is None
    assert f.trips.origins.tolist() == [1] and f.trips.flows.tolist() == [30.0]
    g = read_folder(tmp_path, toll_factor=1.0, distance_factor=0.0)
    assert (g.toll_factor, g.distance_factor) == (1.0, 0.0)


def test_cost_weights_sections(tmp_path: Path) -> None:
    fixme = _write(tmp_path, "a.md", "## Generalized Cost Weights\nFIXME\nToll: 0\nDistance: 0\n")
    assert read_cost_weights(fixme) == (0.0, 0.0)
    none = _write(tmp_path, "b.md", "## Units\nToll: 3\n")
    assert read_cost_weights(none) is None
    assert read_cost_weights(tmp_path / "missing.md") is None
    bad = _write(tmp_path, "c.md", "## Generalized Cost Weights\nToll: abc\n")
    with pytest.raises(InputError, match=r"c\.md:2: Toll weight is not a number"):
        read_cost_weights(bad)


@pytest.mark.parametrize(
    ("old", "new", "pattern"),
    [
        ("\t3\t2\t100", "\t3\t9\t100", r"T_net\.tntp:9: term_node must be an integer in 1\.\.3"),
        ("\t0.15\t4", "\tx\t4", r"T_net\.tntp:8: b is not a number: 'x'"),
        ("\t1\t;\n", "\t;\n", r"T_net\.tntp:8: expected 10 link fields, got 9"),
        ("<NUMBER OF LINKS> 2", "<NUMBER OF LINKS> 3", r"NUMBER OF LINKS> says 3, file has 2"),
        ("<END OF METADATA>", "", r"T_net\.tntp:\d+: "),
        ("<NUMBER OF NODES> 3\n", "", r"metadata <NUMBER OF NODES> is missing"),
        (
            "\t1.5\t0.15",
            "\t-1.5\t0.15",
            r"T_net\.tntp:8: free_flow_time must be in 0\.\.1e\+06, got -1\.5",
        ),
    ],
)
def test_malformed_net(tmp_path: Path, old: str, new: str, pattern: str) -> None:
    assert old in NET
    p = _write(tmp_path, "T_net.tntp", NET.replace(old, new, 1))
    with pytest.raises(InputError, match=pattern) as info:
        read_net(p)
    assert "\n" not in str(info.value)


@pytest.mark.parametrize(
    ("old", "new", "pattern"),
    [
        ("2 :   30.0;", "2 :   -1;", r"T_trips\.tntp:6: flow must be in 0\.\.1e\+12, got -1"),
        ("2 :   30.0;", "5 :   1;", r"T_trips\.tntp:6: destination must be an integer in 1\.\.2"),
        ("2 :   30.0;", "2 = 30;", r"T_trips\.tntp:6: expected 'destination : flow'"),
        ("2 :   30.0;", "2 :   3-0;", r"T_trips\.tntp:6: flow is not a number: '3-0'"),
        ("Origin\t1", "Origin", r"T_trips\.tntp:5: expected 'Origin <zone>'"),
        ("Origin\t1", "", r"T_trips\.tntp:6: destination flows before the first 'Origin'"),
    ],
)
def test_malformed_trips(tmp_path: Path, old: str, new: str, pattern: str) -> None:
    p = _write(tmp_path, "T_trips.tntp", TRIPS.replace(old, new, 1))
    with pytest.raises(InputError, match=pattern):
        read_trips(p)


def test_folder_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not a folder"):
        read_folder(tmp_path / "nope")
    with pytest.raises(InputError, match=r"no \*_net\.tntp file"):
        read_folder(tmp_path)
    _write(tmp_path, "T_net.tntp", NET)
    _write(tmp_path, "T_trips.tntp", TRIPS.replace("ZONES> 2", "ZONES> 3"))
    with pytest.raises(InputError, match=r"T_trips\.tntp:1: <NUMBER OF ZONES> 3 differs"):
        read_folder(tmp_path)


def test_flow_and_node_tables(tmp_path: Path) -> None:
    frame = pd.DataFrame(
        {"init_node": [1, 3], "term_node": [3, 2], "flow": [30.0, 1 / 3], "cost": [2.0, 2.5]}
    )
    out = tmp_path / "T_flow.tntp"
    write_flow(out, frame)
    back = read_flow(out)
    assert back["init_node"].tolist() == [1, 3]
    assert back["volume"].tolist() == [30.0, 1 / 3]  # repr round-trips exactly
    bad = _write(tmp_path, "x_flow.tntp", "From To Volume Cost\n1 2 3\n")
    with pytest.raises(InputError, match=r"x_flow\.tntp:2: expected 4 fields, got 3"):
        read_flow(bad)
    nodes = _write(tmp_path, "x_node.tntp", "Node\tX\tY\t;\n1\t2.5\t3\t;\n")
    assert read_nodes(nodes).to_numpy().tolist() == [[1, 2.5, 3]]


BULK_VARIANTS = [
    ("", ""),  # as written
    ("Origin\t1\n", "~ a comment\n\nOrigin\t1\n"),  # comments before the first origin
    ("30.0;", "30.0"),  # no ';' after the last pair: read line by line
    ("Origin 2\n", "Origin 2\n~ comment inside\n"),  # a comment inside: line by line
    ("Origin 2\n", "Origin 2\n    1 :  0.0;    2 : 0e0;\n"),  # zero flows are dropped
    ("Origin 2\n", "ORIGIN 2\n 1 : 0 ; ; \n"),  # an empty pair: line by line
]


@pytest.mark.parametrize(("old", "new"), BULK_VARIANTS)
def test_bulk_trips_reader_equals_the_line_reader(tmp_path: Path, old: str, new: str) -> None:
    """Files the bulk reader takes give the same arrays as the line-by-line reader; the
    others are read line by line (None from the bulk reader), with the same result."""
    from corridor.io import tntp

    assert old in TRIPS
    p = _write(tmp_path, "T_trips.tntp", TRIPS.replace(old, new, 1))
    lines = tntp._lines(p)
    start = tntp._header(p, lines).start
    rows = tntp._trip_rows(p, lines, start, 2)
    bulk = tntp._trips_bulk(lines, start, 2)
    if bulk is not None:
        assert all(
            np.array_equal(a, b) and a.dtype == b.dtype for a, b in zip(bulk, rows, strict=True)
        )
    trips = read_trips(p)
    got = (trips.origins, trips.destinations, trips.flows)
    assert all(np.array_equal(a, b) for a, b in zip(got, rows, strict=True))


@pytest.mark.parametrize(
    "name", [n if n == "SiouxFalls" else pytest.param(n, marks=needs_tntp) for n in DIMENSIONS]
)
def test_published_files_are_read_in_bulk_with_the_same_values(name: str) -> None:
    """The published networks take the bulk readers (the fast path is the one used), and
    they give exactly what the line-by-line readers give."""
    from corridor.io import tntp

    folder = tntp_dir(name)
    net_path, trips_path = next(folder.glob("*_net.tntp")), next(folder.glob("*_trips.tntp"))
    lines = tntp._lines(net_path)
    start = tntp._header(net_path, lines).start
    n_nodes = DIMENSIONS[name][1]
    bulk = tntp._net_bulk(lines, start, n_nodes)
    assert bulk is not None
    assert np.array_equal(bulk, np.array(tntp._net_rows(net_path, lines, start, n_nodes)))
    lines = tntp._lines(trips_path)
    start = tntp._header(trips_path, lines).start
    n_zones = DIMENSIONS[name][0]
    trips = tntp._trips_bulk(lines, start, n_zones)
    assert trips is not None
    rows = tntp._trip_rows(trips_path, lines, start, n_zones)
    assert all(
        np.array_equal(a, b) and a.dtype == b.dtype for a, b in zip(trips, rows, strict=True)
    )
    for path, names, ints in [
        *((p, tntp._FLOW, 2) for p in folder.glob("*_flow.tntp")),
        *((p, tntp._NODES, 1) for p in folder.glob("*_node.tntp")),
    ]:
        lines = tntp._lines(path)
        table = tntp._table_bulk(lines, len(names), ints)
        assert table is not None
        assert np.array_equal(table, tntp._table_rows(path, lines, names, ints))


@pytest.mark.parametrize(
    ("text", "pattern"),
    [
        ("From To Volume Cost\n1 2 3 4\n1 2.5 3 4\n", r"x_flow\.tntp:3: term_node must be an int"),
        ("From To Volume Cost\n1 2 3 4\n0 2 3 4\n", r"x_flow\.tntp:3: init_node must be an int"),
        ("From To Volume Cost\n1 2 3 4\n1 2 nan 4\n", r"x_flow\.tntp:3: volume must be finite"),
        ("From To Volume Cost\n1 2 3 4 ;\n1 2 3 x\n", r"x_flow\.tntp:3: cost is not a number"),
        ("~ c\nFrom To Volume Cost\n\n1 2 3\n", r"x_flow\.tntp:4: expected 4 fields, got 3"),
    ],
)
def test_a_bad_table_row_is_named_by_the_line_reader(
    tmp_path: Path, text: str, pattern: str
) -> None:
    """The bulk table reader gives up on anything not plainly valid, and the line reader
    then names the line."""
    from corridor.io import tntp

    bad = _write(tmp_path, "x_flow.tntp", text)
    assert tntp._table_bulk(tntp._lines(bad), 4, 2) is None
    with pytest.raises(InputError, match=pattern):
        read_flow(bad)


def test_tables_are_numpy_until_a_dataframe_is_asked_for() -> None:
    folder = read_folder(tntp_dir("SiouxFalls"))
    assert folder.net.table.column("capacity").dtype == np.float64
    links = folder.net.links
    assert links is folder.net.links and list(links.columns) == list(NET_COLUMNS)
    assert links["init_node"].dtype == np.int64 and links["capacity"].dtype == np.float64
    links.loc[0, "capacity"] = 1.0  # an edit of the DataFrame is what is read afterwards
    assert folder.net.table.column("capacity")[0] == 1.0


@pytest.mark.parametrize(
    ("old", "new", "bulk"),
    [
        ("", "", True),
        ("\t100\t2\t1.5", "\t1_00\t2\t1.5", False),  # Python reads 1_00; the bulk reader not
        ("\t100\t2\t1.5", "\t1e2;2\t1.5", True),  # ';' separates fields too
        ("\t0.5\t1\t;", "\t.5E0\t+1\t;", True),
    ],
)
def test_bulk_net_reader_equals_the_line_reader(
    tmp_path: Path, old: str, new: str, bulk: bool
) -> None:
    from corridor.io import tntp

    assert old in NET
    p = _write(tmp_path, "T_net.tntp", NET.replace(old, new, 1))
    lines = tntp._lines(p)
    start = tntp._header(p, lines).start
    rows = np.array(tntp._net_rows(p, lines, start, 3))
    fast = tntp._net_bulk(lines, start, 3)
    assert (fast is not None) == bulk
    if fast is not None:
        assert np.array_equal(fast, rows)
    links = read_net(p).links
    assert np.array_equal(links[list(NET_COLUMNS)].to_numpy(np.float64), rows)
