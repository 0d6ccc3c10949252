"""Scenario diffs: empty against itself, exactly the affected pairs, demand weights, the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import corridor
from corridor.analysis.diff import scenario_diff
from corridor.analysis.od import od_set
from corridor.cli import main
from corridor.paths import place_index
from corridor.scenarios import apply, load_scenario

PLACES = ["a", "b", "c", "d", "e", "f"]


def od_for(net: corridor.Network, pairs: str | None = None, demand: object = None):  # type: ignore[no-untyped-def]
    g = corridor.compile(net)
    return od_set(g.labels.node_ids, lambda p: place_index(g, p), pairs=pairs, demand=demand)  # type: ignore[arg-type]


def test_diff_against_itself_is_empty(region: corridor.Network) -> None:
    built = apply(region, load_scenario("ktap_built"))
    d = scenario_diff(built, built, od_for(region))
    assert d.changes().empty
    assert d.summary["pairs_changed"] == d.summary["pairs_gained"] == d.summary["pairs_lost"] == 0


def test_closing_a_crossing_changes_exactly_the_pairs_using_it(
    tmp_path: Path, tiny: corridor.Network
) -> None:
    p = tmp_path / "close.yaml"
    p.write_text("name: close\nedits:\n  - close_crossings: {crossings: [e_road]}\n")
    closed = apply(tiny, load_scenario(p))
    pairs = ",".join(f"{x}:{y}" for x in PLACES for y in PLACES if x != y)
    d = scenario_diff(tiny, closed, od_for(tiny, pairs))
    used = set()
    for x in PLACES:
        for y in PLACES:
            if x != y and "e_road" in corridor.route(tiny, x, y).crossings:
                used.add((x, y))
    changed = set(zip(d.changes()["origin"], d.changes()["destination"], strict=True))
    assert used and changed == used
    row = d.pairs.set_index(["origin", "destination"]).loc[("a", "d")]
    assert row["delta_time_h"] == pytest.approx(21.0 - 7.0)  # rail instead of road
    assert row["corridor_after"] == "rail_line"


def test_gain_and_lose_a_connection_and_demand(
    region: corridor.Network, tiny: corridor.Network
) -> None:
    closed = apply(region, load_scenario("pk_af_border_closed"))
    import pandas as pd

    demand = pd.DataFrame(
        {
            "origin": ["af_kabul", "kz_almaty"],
            "destination": ["pk_peshawar", "pk_karachi"],
            "teu_year": [100.0, 10.0],
        }
    )
    od = od_for(region, "af_kabul:pk_peshawar,kz_almaty:pk_karachi", demand)
    d = scenario_diff(region, closed, od)
    s = d.summary
    status = dict(zip(d.pairs["origin"], d.pairs["status"], strict=True))
    assert status["af_kabul"] in ("lost", "changed")
    back = scenario_diff(closed, region, od)
    assert (back.pairs["status"] == "gained").sum() == (d.pairs["status"] == "lost").sum()
    assert s["teu_year"] == pytest.approx(110.0)


def test_diff_by_p90(tmp_path: Path, tiny: corridor.Network, region: corridor.Network) -> None:
    """P90 columns are simulated per pair (seeded); halving a crossing's dwell median and P90
    lowers the P90 of the pairs through it; a scenario against itself changes nothing."""
    p = tmp_path / "fast.yaml"
    p.write_text("name: fast\nedits:\n  - scale_crossings: {crossings: [e_road], dwell: 0.5}\n")
    fast = apply(tiny, load_scenario(p))
    pairs = ",".join(f"{x}:{y}" for x in PLACES for y in PLACES if x != y)
    d = scenario_diff(tiny, fast, od_for(tiny, pairs), by="p90")
    assert d.pairs["p90_h_before"].notna().any()
    changed = d.pairs[d.pairs["status"] == "changed"]
    assert not changed.empty and (changed["delta_p90_h"] < 0).all()
    again = scenario_diff(tiny, fast, od_for(tiny, pairs), by="p90")
    assert again.pairs["p90_h_after"].equals(d.pairs["p90_h_after"])  # same seed, same numbers
    same = scenario_diff(region, region, od_for(region, "almaty:karachi"), by="p90")
    assert same.changes().empty and same.pairs.loc[0, "delta_p90_h"] == 0.0


def test_cli_diff(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "diff"
    main(
        [
            "scenario",
            "diff",
            "pk_af_clearance_twice_as_fast",
            "--pairs",
            "almaty:karachi,kabul:karachi",
            "--demand",
            "region",
            "--json",
            "-o",
            str(out),
        ]
    )
    doc = json.loads(capsys.readouterr().out)
    assert doc["weighted"] and doc["summary"]["teu_hours_saved_year"] > 0
    assert {p.name for p in out.iterdir()} == {"pairs.csv", "summary.json", "changes.png"}
    main(["scenario", "diff", "ktap_built", "--base", "ktap_built", "--pairs", "almaty:karachi"])
    assert "no pair changes" in capsys.readouterr().out
