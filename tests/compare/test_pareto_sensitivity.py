"""``corridor pareto`` JSON, and sensitivity switching values on a hand-made case."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import corridor
from corridor.analysis.sensitivity import Setting, scaled_criteria, sensitivity
from corridor.data import path as data_path
from corridor.graph.model import Criterion, Graph


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


def test_pareto_cli_json_tiny(cli: Any) -> None:
    code, out, _ = cli(["pareto", "a", "d", "-n", TINY, "--criteria", "time,cost", "--json"])
    assert code == 0
    doc = json.loads(out)
    assert doc["criteria"] == ["time", "cost"] and doc["capped"] is False and doc["eps"] == 0
    # road: 7 h, 620 USD; rail: 21 h, 550 USD -- neither dominates the other
    assert [(r["time"], r["cost"]) for r in doc["routes"]] == [(7.0, 620.0), (21.0, 550.0)]
    for r in doc["routes"]:
        assert r["time"] == r["route"]["totals"]["time_h"]
        assert r["cost"] == r["route"]["totals"]["cost_usd"]
        assert r["p50_h"] <= r["p90_h"]
    for key in ("network_as_of", "date", "scenario", "include_planned"):
        assert key in doc


def test_pareto_cli_region_four_criteria(cli: Any, tmp_path: Path) -> None:
    chart = tmp_path / "front.png"
    args = ["pareto", "almaty", "karachi", "--criteria", "time,cost,co2,p90"]
    code, out, _ = cli([*args, "--json", "-o", str(chart)])
    assert code == 0 and chart.exists()
    doc = json.loads(out)
    costs = np.array([[r[c] for c in doc["criteria"]] for r in doc["routes"]])
    assert len(costs) >= 2
    for i in range(len(costs)):  # no listed route dominates another
        for j in range(len(costs)):
            if i != j:
                assert not ((costs[i] <= costs[j]).all() and (costs[i] < costs[j]).any())
    code, out, _ = cli(args)
    assert code == 0 and "non-dominated" in out and "labels" in out
    code, _, err = cli(["pareto", "a", "d", "-n", TINY, "--criteria", "time,speed"])
    assert code == 2 and "criteria" in err


def test_scaled_criteria_is_pure(tiny_graph: Graph) -> None:
    before = tiny_graph.edges.criteria.copy()
    crit = scaled_criteria(tiny_graph, Setting(line_haul=2.0, border_time=3.0))
    assert (tiny_graph.edges.criteria == before).all()
    kind = tiny_graph.edges.kind
    move, border = kind == 0, kind == 2
    assert np.allclose(crit[move, Criterion.COST_USD], 2 * before[move, Criterion.COST_USD])
    assert np.allclose(crit[border, Criterion.TIME_H], 3 * before[border, Criterion.TIME_H])
    assert np.allclose(crit[~move, Criterion.COST_USD], before[~move, Criterion.COST_USD])


def test_switching_values_by_hand(tiny: corridor.Network) -> None:
    # Generalised cost a -> d (value of time 10 USD/TEU-h, carbon 100 USD/t on the tiny
    # network): road = 600 f + 20 + 7 h x 10 + 0.3 t x 100 = 600 f + 120;
    # rail = 400 f + 150 + 21 h x 10 + 0.08 t x 100 = 400 f + 368, f = line-haul factor.
    # Rail becomes best at f = 248 / 200 = 1.24.
    s = sensitivity(tiny, "a", "d", by="generalised")
    assert s.base_objective == pytest.approx(720.0)
    lh = [x for x in s.switches if x.factor == "line_haul"]
    assert len(lh) == 1 and lh[0].value == pytest.approx(1.24, abs=1e-6)
    assert lh[0].from_route != lh[0].to_route
    # value of time v: road 620 + 7 v + 30 = rail 550 + 21 v + 8 at v = 92 / 14
    vot = [x for x in s.switches if x.factor == "value_of_time"]
    assert len(vot) == 1 and vot[0].value == pytest.approx(92 / 14, abs=1e-6)
    # the tornado: objective at the ends of the line-haul range (x0.7: road 540; x1.3: rail 888)
    bars = dict((label.split(" (")[0], (lo, hi)) for label, lo, hi in s.tornado())
    assert bars["line-haul rates"] == pytest.approx((540.0, 888.0))
    assert not [x for x in s.switches if x.factor == "carbon_price"]
    json.dumps(s.to_dict())


def test_sensitivity_cli(cli: Any, tmp_path: Path) -> None:
    chart = tmp_path / "tornado.svg"
    code, out, _ = cli(["sensitivity", "a", "d", "-n", TINY, "--json", "-o", str(chart)])
    assert code == 0 and chart.exists()
    doc = json.loads(out)
    first = next(sw for f in doc["factors"] for sw in f["switches"])
    assert round(first["value"], 4) == 1.24
    code, out, _ = cli(["sensitivity", "a", "d", "-n", TINY, "--by", "time"])
    assert (code == 0 and "Switching" in out) or "No switching" in out
    code, _, err = cli(["sensitivity", "a", "d", "-n", TINY, "--by", "speed"])
    assert code == 2 and "generalised" in err
