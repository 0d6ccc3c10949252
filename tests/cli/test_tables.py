"""Route tables people can read, the JSON context keys, and honest "no route" hints."""

from __future__ import annotations

import itertools
import json
import shutil
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


@pytest.fixture
def cols80(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")


@pytest.mark.parametrize(
    "args",
    [
        ["almaty", "karachi"],
        ["almaty", "karachi", "--ids"],
        ["kashgar", "islamabad", "--modes", "road"],
        ["tashkent", "karachi", "--modes", "rail"],
        ["ashgabat", "karachi", "--modes", "rail", "-s", "ktap_built"],
        ["almaty", "karachi", "-k", "3", "--by", "cost"],
    ],
)
def test_narrow_table_fits_80_columns_and_never_cuts_a_place(
    capsys: pytest.CaptureFixture[str], cols80: None, args: list[str]
) -> None:
    code, out, err = run(["route", *args], capsys)
    assert code == 0, err
    lines = out.splitlines()
    assert max(len(line) for line in lines) <= 80, "\n".join(x for x in lines if len(x) > 80)
    code, js, _ = run(["route", *args, "--json"], capsys)
    doc = json.loads(js)
    routes = doc.get("routes", [doc])
    words = set(out.split())
    if "--ids" in args:
        for r in routes:  # every id shown is whole: first and last place of every move
            for leg in r["legs"]:
                if leg["kind"] == "move":
                    assert leg["places"][0] in words and leg["places"][-1] in words
                if leg["kind"] == "border":
                    assert leg["crossing"] in words
    cut = [w for w in out.split() if "…" in w and w != "…"]
    assert not cut, cut  # an ellipsis only stands alone, for elided places


def test_route_table_shows_names_border_countries_and_context(
    capsys: pytest.CaptureFixture[str], cols80: None
) -> None:
    code, out, _ = run(["route", "almaty", "karachi"], capsys)
    assert code == 0
    assert out.startswith("Almaty → Karachi Port, by time, per TEU\n")
    assert "existing links only" in out and "no scenario" in out
    assert "network as of 20" in out
    assert "kz_almaty" not in out  # names, not ids
    code, js, _ = run(["route", "almaty", "karachi", "--json"], capsys)
    doc = json.loads(js)
    assert doc["network_as_of"] is not None and doc["date"] == doc["network_as_of"]
    moves = [leg for leg in doc["legs"] if leg["kind"] == "move"]
    for before, after in itertools.pairwise(moves):
        if before["country"] != after["country"]:  # border rows say where they lead
            assert f"{before['country']}→{after['country']}" in out
    # the places of a leg are listed when they fit (which places: whatever the shipped,
    # calibrated network routes through today; the route changes with a refit)
    from corridor.cli._render import short_name
    from corridor.data import path as data_path
    from corridor.network import Network

    nodes = Network.from_dir(data_path("network")).nodes
    names = dict(zip(nodes["id"], nodes["name"], strict=True))
    inner = [p for leg in moves for p in leg["places"][1:-1]]
    assert any(short_name(names[p]) in out for p in inner), inner
    t = doc["totals"]
    assert f"{t['borders']} borders, " in out and f"{t['gauge_breaks']} gauge" in out
    assert " days (" in out


def test_short_trip_in_hours_and_plurals(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["route", "a", "d", "--by", "cost", "-n", TINY], capsys)
    assert code == 0
    assert "1 border, 1 transfer, 1 gauge break" in out
    assert " hours: " in out and "0.0 days" not in out
    assert "Alpha → Delta" in out and "Bravo (1520 → 1435 mm)" in out


def test_json_names_scenario_date_and_planned(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["route", "a", "d", "--json", "--include-planned", "-n", TINY], capsys)
    assert code == 0
    doc = json.loads(out)
    for key in ("network_as_of", "date", "scenario", "include_planned"):
        assert key in doc
    assert doc["include_planned"] is True and doc["scenario"] is None
    assert doc["origin"] == "a" and doc["legs"][0]["places"][0] == "a"  # ids in JSON
    code, out, _ = run(["route", "a", "d", "-k", "2", "--json", "-n", TINY], capsys)
    doc = json.loads(out)
    assert {"network_as_of", "date", "scenario", "include_planned", "routes"} <= set(doc)


def test_json_scenario_and_network_date_from_meta(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    net = tmp_path / "net"
    shutil.copytree(TINY, net)
    (net / "meta.csv").write_text("key,value,source,notes\nas_of,2025-06-30,test,\n")
    code, out, _ = run(["route", "a", "d", "--json", "-n", str(net)], capsys)
    assert code == 0
    doc = json.loads(out)
    assert doc["network_as_of"] == "2025-06-30" and doc["date"] == "2025-06-30"
    code, out, _ = run(["route", "a", "d", "-n", str(net)], capsys)
    assert "network as of 2025-06-30" in out


def test_scenario_is_named(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["route", "ashgabat", "karachi", "-s", "ktap_built", "--json"], capsys)
    assert code == 0 and json.loads(out)["scenario"] == "ktap_built"


# ------------------------------------------------------------------ hints


def _error(capsys: pytest.CaptureFixture[str], args: list[str], net: str = TINY) -> str:
    code, out, err = run(["route", *args, "-n", net], capsys)
    assert code == 1 and out == "", out
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: no route from ")
    return lines[0]


def test_hint_suggests_planned_only_when_planned_links_connect(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # a -> d by rail without the b_rail crossing: only the planned ad_rail line connects
    msg = _error(capsys, ["a", "d", "--modes", "rail", "--avoid", "b_rail"])
    assert "--include-planned" in msg
    assert "without avoiding b_rail" in msg and "with all modes" in msg


def test_hint_does_not_suggest_planned_when_it_would_not_help(
    capsys: pytest.CaptureFixture[str],
) -> None:
    msg = _error(capsys, ["a", "f", "--modes", "rail"])  # f is across the water
    assert "--include-planned" not in msg
    assert "with all modes (the best uses ferry and road)" in msg
    msg = _error(capsys, ["a", "g"])  # g is on an island with no link at all
    assert "--include-planned" not in msg and "not connected by the network at all" in msg
    msg = _error(capsys, ["a", "d", "--avoid", "BB"])  # d is in BB
    assert "--include-planned" not in msg and "without avoiding BB" in msg


def test_hint_names_the_closed_element(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    net = tmp_path / "net"
    shutil.copytree(TINY, net)
    rows = (net / "links.csv").read_text().splitlines()
    rows = [r.replace(",existing,", ",closed,") if r.startswith("ed_road,") else r for r in rows]
    (net / "links.csv").write_text("\n".join(rows) + "\n")
    msg = _error(capsys, ["a", "d", "--modes", "road"], str(net))
    assert "if closed elements were open (closed on it: link ed_road)" in msg
    assert "--include-planned" not in msg


def test_no_cache_neither_reads_nor_writes_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    cache = tmp_path / "cache"
    monkeypatch.setenv("CORRIDOR_CACHE_DIR", str(cache))
    code, out, _ = run(["route", "a", "d", "--no-cache", "--json", "-n", TINY], capsys)
    assert code == 0 and json.loads(out)["destination"] == "d"
    assert not cache.exists() or not any(cache.iterdir())
    code, out2, _ = run(["route", "a", "d", "--json", "-n", TINY], capsys)
    assert code == 0 and any(cache.iterdir()) and json.loads(out2) == json.loads(out)


def test_date_names_the_calendar_closure(capsys: pytest.CaptureFixture[str]) -> None:
    # the tiny calendar closes crossing e_road from 2025-10-12 (a truce 24-26 Dec)
    msg = _error(capsys, ["a", "d", "--modes", "road", "--date", "2025-11-01"])
    assert "closed on it: crossing e_road (closed 2025-10-12.." in msg
    assert "--include-planned" not in msg
    code, out, _ = run(
        ["route", "a", "d", "--modes", "road", "--date", "2025-12-25", "--json", "-n", TINY],
        capsys,
    )
    assert code == 0
    doc = json.loads(out)
    assert doc["date"] == "2025-12-25" and doc["network_as_of"] == "2025-06-01"
