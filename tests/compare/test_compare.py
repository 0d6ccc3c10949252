"""``corridor compare`` on the tiny network (columns checked by hand) and the region."""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import corridor
from corridor.analysis.compare import (
    BEST_COLUMNS,
    COLUMNS,
    Comparison,
    ComparisonRow,
    best_map,
    compare,
    corridor_plan,
)
from corridor.data import path as data_path
from corridor.graph.model import Graph
from corridor.paths import RouteOptions

Cli = Callable[[list[str]], tuple[int, str, str]]  # the `cli` fixture (tests/conftest.py)


@pytest.fixture
def columns() -> int:
    return 160  # tables as a wide terminal gets them


@pytest.fixture(scope="module")
def tiny_graph(tiny: corridor.Network) -> Graph:
    return corridor.compile(tiny)


@pytest.fixture(scope="module")
def region_graph(region: corridor.Network) -> Graph:
    return corridor.compile(region)


TINY = str(data_path("examples/tiny"))


@pytest.fixture(scope="module")
def tiny_cmp(tiny: corridor.Network) -> Comparison:
    return compare(tiny, "a", "d")


def test_tiny_rows_by_hand(tiny_cmp: Comparison) -> None:
    # fastest = most reliable: a -> e -> d by road; cheapest = the rail line a-b-c-d
    assert [r.label for r in tiny_cmp.rows] == ["best_time+best_p90", "best_cost", "rail_line"]
    road = tiny_cmp.row("best_time+best_p90").values()
    assert road["distance_km"] == 300.0  # 150 + 150 km
    assert road["cost_usd"] == 620.0  # 300 km x 2 USD + 20 USD border fee
    assert (road["line_haul_usd"], road["border_fees_usd"]) == (600.0, 20.0)
    assert road["co2_kg"] == pytest.approx(300.0)  # 10 t x 300 km x 100 g/t-km
    assert (road["borders"], road["gauge_breaks"], road["transfers"]) == (1, 0, 0)
    assert road["countries"] == "AA-BB" and road["needs_planned"] is False
    # 5 h moving + border median 2 h / P90 4 h: P50 7 h, P90 9 h
    assert road["p50_days"] * 24 == pytest.approx(7.0, rel=0.01)
    assert road["p90_days"] * 24 == pytest.approx(9.0, rel=0.01)
    rail = tiny_cmp.row("rail_line").values()
    assert rail["distance_km"] == 400.0
    assert rail["cost_usd"] == 550.0  # 400 km x 1 USD + 50 border + 100 gauge change
    assert (rail["line_haul_usd"], rail["border_fees_usd"], rail["gauge_change_usd"]) == (
        400.0,
        50.0,
        100.0,
    )
    assert rail["co2_kg"] == pytest.approx(80.0)  # 10 t x 400 km x 20 g/t-km
    assert (rail["borders"], rail["gauge_breaks"], rail["transfers"]) == (1, 1, 1)
    assert tiny_cmp.row("rail_line").waypoints == ("a", "b", "c", "d")
    assert tiny_cmp.unconnected == ()


def test_best_per_column(tiny_cmp: Comparison) -> None:
    best = tiny_cmp.best
    assert best["distance_km"] == ("best_time+best_p90",)
    assert best["p90_days"] == ("best_time+best_p90",)
    assert best["cost_usd"] == ("best_cost", "rail_line")
    assert best["co2_kg"] == ("best_cost", "rail_line")
    assert best["borders"] == ("best_time+best_p90", "best_cost", "rail_line")  # a tie
    assert best["gauge_breaks"] == ("best_time+best_p90",)
    assert set(best) == set(BEST_COLUMNS)
    # independent check: the minimum of each column, by brute force over the frame
    frame = tiny_cmp.to_frame()
    for col in BEST_COLUMNS:
        low = frame[col].astype(float).round(3).min()
        assert set(frame.loc[frame[col].astype(float).round(3) == low, "label"]) == set(best[col])


def test_best_map_skips_nan(tiny_cmp: Comparison) -> None:
    import dataclasses

    row = tiny_cmp.rows[0]
    blank = dataclasses.replace(
        row.route, totals=dataclasses.replace(row.route.totals, p50_h=None, p90_h=None, mean_h=None)
    )
    rows = [ComparisonRow("x", "best", "x", blank), *tiny_cmp.rows[1:]]
    assert "x" not in best_map(rows)["p90_days"]


def test_to_dict_and_frame(tiny_cmp: Comparison) -> None:
    d = tiny_cmp.to_dict()
    for key in ("network_as_of", "date", "scenario", "include_planned", "rows", "best"):
        assert key in d
    assert d["columns"] == list(COLUMNS)
    assert d["rows"][0]["route"]["totals"]["p90_h"] is not None
    json.dumps(d)
    frame = tiny_cmp.to_frame()
    assert isinstance(frame, pd.DataFrame)
    assert list(frame.columns) == ["label", "kind", "name", *COLUMNS]
    assert len(frame) == 3


def test_corridor_rule_reasons(tiny: corridor.Network, tiny_graph: Graph) -> None:
    g, ids = tiny_graph, tiny_graph.labels.node_ids
    a, d = ids.index("a"), ids.index("d")
    plan, why = corridor_plan(g, ["d", "c", "b", "a"], a, d)  # a corridor written the other way
    assert why is None and [ids[p] for p in plan] == ["a", "b", "c", "d"]
    plan, why = corridor_plan(g, ["a", "b"], a, d)  # a, b are both nearer a than d... b ends far
    assert plan == () and why is not None
    plan, why = corridor_plan(g, ["e"], a, d)
    assert plan == () and "touches" in (why or "")
    island = {
        **tiny.corridors.iloc[0].to_dict(),
        "id": "island",
        "name": "Island road",
        "waypoints": "g|h|i",
        "modes": "road",
    }
    corridors = pd.concat([tiny.corridors, pd.DataFrame([island])], ignore_index=True)
    links = tiny.links.copy()
    links.loc[links["id"] == "cd_rail", "status"] = "planned"  # the rail line now needs it
    links = links[links["id"] != "ad_rail"]  # and cannot double back over the planned a-d
    net = tiny.replace(corridors=corridors, links=links)
    c = compare(net, "a", "d")
    reasons = {u.corridor: u.reason for u in c.unconnected}
    assert reasons["rail_line"] == "needs planned links (try --include-planned)"
    assert "touches" in reasons["island"] or "starts" in reasons["island"]
    c2 = compare(net, "a", "d", options=RouteOptions(include_planned=True))
    planned = c2.row("rail_line")
    assert planned.values()["needs_planned"] is True
    assert planned.values()["distance_km"] == 400.0


def test_region_almaty_karachi(region: corridor.Network, region_graph: Graph) -> None:
    c = compare(region_graph, "almaty", "karachi")
    labels = [r.label for r in c.rows]
    assert labels[0].startswith("best_time")
    kinds = {r.kind for r in c.rows}
    assert kinds == {"best", "corridor"}
    names = {u.corridor for u in c.unconnected} | {r.label for r in c.rows}
    assert set(region.corridors["id"]) <= names
    fastest = c.row(labels[0]).route
    for r in c.rows:
        assert r.route.totals.time_h >= fastest.totals.time_h - 1e-9
        v = r.values()
        assert v["p50_days"] <= v["p90_days"]
        parts = sum(
            v[k] for k in ("line_haul_usd", "border_fees_usd", "handling_usd", "gauge_change_usd")
        )
        assert parts == pytest.approx(v["cost_usd"])
    for u in c.unconnected:
        assert u.reason and "\n" not in u.reason


def _lines(out: str) -> list[str]:
    return out.splitlines()


def test_cli_compare_table_80_columns(cli: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    code, out, _ = cli(["compare", "almaty", "karachi", "--include-planned"])
    assert code == 0
    assert max(len(line) for line in _lines(out)) <= 80
    assert "P90 d" in out and "countries" in out and "Not connecting:" in out
    assert "fastest" in out and "ktap" in out


def test_cli_compare_json_and_outputs(cli: Any, tmp_path: Path) -> None:
    code, out, _ = cli(["compare", "a", "d", "-n", TINY, "--json"])
    assert code == 0
    doc = json.loads(out)
    assert doc["network_as_of"] == "2025-06-01" and doc["include_planned"] is False
    assert doc["best"]["cost_usd"] == ["best_cost", "rail_line"]
    assert doc["rows"][0]["p50_days"] <= doc["rows"][0]["p90_days"]
    target = tmp_path / "c.csv"
    code, _, _ = cli(["compare", "a", "d", "-n", TINY, "-o", str(target)])
    assert code == 0 and len(pd.read_csv(target)) == 3
    code, _, err = cli(["compare", "a", "d", "-n", TINY, "-o", str(target)])
    assert code == 1 and "exists" in err  # refused without --force
    code, _, err = cli(["compare", "a", "d", "-n", TINY, "-o", str(tmp_path / "c.txt")])
    assert code == 1 and err.startswith("error:")
    assert math.isfinite(doc["rows"][1]["cost_usd"])


def test_broken_corridor_is_listed(tiny: corridor.Network) -> None:
    # a road corridor a|e|d whose border crossing at e is closed: the network can only go
    # round (e -> a -> rail or the planned line -> d), far longer than e and d are apart
    corridors = pd.DataFrame(
        [
            {
                **tiny.corridors.iloc[0].to_dict(),
                "id": "road_line",
                "name": "Road line",
                "waypoints": "a|e|d",
                "modes": "",
            }
        ]
    )
    crossings = tiny.crossings.copy()
    crossings.loc[crossings["id"] == "e_road", "status"] = "closed"
    net = tiny.replace(corridors=corridors, crossings=crossings)
    c = compare(net, "a", "d")
    reasons = {u.corridor: u.reason for u in c.unconnected}
    assert reasons["road_line"].startswith("broken between e and d")


def test_compare_on_a_graph_carries_its_corridors_and_day(tiny: corridor.Network) -> None:
    """The named corridors and the day are compiled into the graph: comparing on the graph
    alone gives the comparison on the network."""
    on_net = compare(tiny, "a", "d").to_dict()
    on_graph = compare(corridor.compile(tiny), "a", "d").to_dict()
    assert on_graph == on_net
    assert [r["label"] for r in on_graph["rows"]][-1] == "rail_line"


def test_cli_compare_warm_imports_no_pandas() -> None:
    import subprocess
    import sys

    code = (
        "import contextlib, io, sys\n"
        "from corridor.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    main(['compare', 'a', 'd', '-n', {TINY!r}])\n"
        "print('pandas' in sys.modules, file=sys.stderr)\n"
    )
    for _ in range(2):  # the first run may compile and cache the graph (with pandas)
        proc = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
    assert proc.stderr.strip() == "False"


def test_cli_compare_per_tonne(cli: Cli) -> None:
    code, out, _ = cli(["compare", "a", "d", "-n", TINY, "--unit", "tonne", "--json"])
    assert code == 0
    doc = json.loads(out)
    assert doc["unit"] == "tonne"
    rail = next(r for r in doc["rows"] if r["label"] == "rail_line")
    assert rail["cost_usd"] == pytest.approx(55.0)  # 550 USD per TEU / 10 t per TEU
    code, _, _ = cli(["sensitivity", "a", "d", "-n", TINY, "--unit", "tonne", "--json"])
    assert code == 0
