"""Routes carry simulated mean/P50/P90; ``--by p90`` finds routes with a smaller P90."""

from __future__ import annotations

import json
from collections.abc import Callable

import numpy as np
import pytest

import corridor
from corridor.graph.model import Graph
from corridor.paths import link_headway_h, robust_route, with_reliability
from corridor.paths.reliable import DEFAULT_SEED, edge_headway_h, p90_edge_time_h

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


def test_tiny_road_route_p50_p90_by_hand(tiny_graph: Graph) -> None:
    # a -> e -> d by road: 5 h moving + the e_road border, lognormal median 2 h, P90 4 h:
    # P50 = 5 + 2 = 7 h and P90 = 5 + 4 = 9 h exactly (a constant plus one lognormal)
    r = with_reliability(tiny_graph, corridor.route(tiny_graph, "a", "d"))
    t = r.totals
    assert t.time_h == 7.0
    assert t.p50_h == pytest.approx(7.0, rel=0.01)
    assert t.p90_h == pytest.approx(9.0, rel=0.01)
    assert t.mean_h is not None and t.mean_h > t.p50_h  # right-skewed
    d = r.to_dict()["totals"]
    assert d["p50_h"] == round(t.p50_h, 3) and d["p90_h"] == round(t.p90_h, 3)
    assert d["p90_days"] == round(t.p90_h / 24, 3)


def test_same_seed_same_numbers_and_default_seed(tiny_graph: Graph) -> None:
    r = corridor.route(tiny_graph, "a", "d", by="cost")
    one, two = with_reliability(tiny_graph, r), with_reliability(tiny_graph, r, seed=DEFAULT_SEED)
    assert one.totals == two.totals
    other = with_reliability(tiny_graph, r, seed=1)
    assert other.totals.p90_h != one.totals.p90_h


@pytest.mark.parametrize(
    ("origin", "destination"),
    [("almaty", "karachi"), ("tashkent", "karachi"), ("kashgar", "karachi"), ("a", "d")],
)
def test_p50_le_p90_and_p90_route_not_worse(
    origin: str, destination: str, tiny_graph: Graph, region_graph: Graph, region: corridor.Network
) -> None:
    graph = tiny_graph if len(origin) == 1 else region_graph
    headway = link_headway_h(graph)
    fastest = with_reliability(
        graph, corridor.route(graph, origin, destination), link_headway=headway
    )
    robust = robust_route(graph, origin, destination, link_headway=headway)
    for r in (fastest, *robust):
        assert r.totals.p50_h is not None and r.totals.p90_h is not None
        assert r.totals.p50_h <= r.totals.p90_h
    assert robust[0].totals.p90_h <= fastest.totals.p90_h
    assert [r.rank for r in robust] == list(range(1, len(robust) + 1))
    p90s = [r.totals.p90_h for r in robust]
    assert p90s == sorted(p90s)
    assert robust[0].objective == "p90" and robust[0].objective_value == robust[0].totals.p90_h


def test_ferry_wait_from_frequency(tiny: corridor.Network, tiny_graph: Graph) -> None:
    links = tiny.links.copy()
    links["frequency_per_week"] = np.where(links["id"] == "df_ferry", 7.0, np.nan)
    net = tiny.replace(links=links)
    if "frequency_per_week" not in net.links.columns:
        pytest.skip("this Network drops columns its schema does not know")
    headway = link_headway_h(corridor.compile(net))
    assert headway is not None
    assert headway[tiny_graph.labels.link_ids.index("df_ferry")] == 24.0
    assert link_headway_h(tiny_graph) is None  # no timetable in the tiny network
    r = corridor.route(tiny_graph, "d", "f")
    plain = with_reliability(tiny_graph, r)
    waited = with_reliability(tiny_graph, r, link_headway=headway)
    assert plain.totals.mean_h is not None and waited.totals.mean_h is not None
    # a uniform wait on [0, 24 h]: the mean grows by 12 h (once, although the ferry link
    # is split at its frontier into two move edges)
    assert waited.totals.mean_h - plain.totals.mean_h == pytest.approx(12.0, abs=0.3)
    per_edge = edge_headway_h(tiny_graph, headway)
    assert per_edge.sum() == 2 * 24.0  # the first edge of each direction of the ferry link
    p90eq = p90_edge_time_h(tiny_graph, headway)
    assert (p90eq >= tiny_graph.edges.criteria[:, 0] - 1e-12).all()


def test_route_cli_by_p90_json(cli: Cli) -> None:
    code, out, _ = cli(["route", "almaty", "karachi", "--by", "p90", "--json"])
    assert code == 0
    doc = json.loads(out)
    t = doc["totals"]
    assert doc["objective"] == "p90"
    assert t["p50_h"] <= t["p90_h"] and t["mean_h"] > 0
    code, out, _ = cli(["route", "almaty", "karachi", "--json"])
    fast = json.loads(out)["totals"]
    assert t["p90_h"] <= fast["p90_h"]
    assert fast["p50_h"] is not None
