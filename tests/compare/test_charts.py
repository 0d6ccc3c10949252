"""The time/cost-distance series ends at the route totals; charts are Figures saved atomically."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
from matplotlib.figure import Figure

import corridor
from corridor.analysis.compare import compare
from corridor.errors import InputError
from corridor.graph.model import Graph
from corridor.paths import RouteOptions, with_reliability
from corridor.report.charts import (
    cumulative_series,
    distribution_chart,
    figure_svg,
    pareto_chart,
    save_figure,
    time_cost_distance_chart,
    tornado_chart,
)


@pytest.fixture
def columns() -> int:
    return 160  # tables as a wide terminal gets them


@pytest.fixture(scope="module")
def tiny_graph(tiny: corridor.Network) -> Graph:
    return corridor.compile(tiny)


@pytest.fixture(scope="module")
def region_graph(region: corridor.Network) -> Graph:
    return corridor.compile(region)


def test_series_totals_equal_route_totals(region: corridor.Network, region_graph: Graph) -> None:
    c = compare(region_graph, "almaty", "karachi", options=RouteOptions(include_planned=True))
    assert len(c.rows) >= 5
    for row in c.rows:
        r, s = row.route, cumulative_series(row.route)
        t = r.totals
        assert s.distance_km[-1] == pytest.approx(t.distance_km, abs=1e-6)
        assert s.time_h[-1] == pytest.approx(t.time_h, abs=1e-6)
        assert s.cost_usd[-1] == pytest.approx(t.cost_usd, abs=1e-6)
        assert s.band_low_h[-1] == pytest.approx(t.p50_h, abs=1e-6)
        assert s.band_high_h[-1] == pytest.approx(t.p90_h, abs=1e-6)
        for arr in (s.distance_km, s.time_h, s.cost_usd):
            assert (np.diff(arr) >= -1e-12).all()  # cumulative: never goes down
        # the steps are the stops: one per border, transfer, gauge change and handling
        assert len(s.steps) == sum(1 for leg in r.legs if leg.kind != "move")
        assert sum(st.time_h for st in s.steps) == pytest.approx(
            t.border_time_h + t.transfer_time_h
        )
        assert sum(1 for st in s.steps if st.kind == "border") == t.borders


def test_series_by_hand(tiny_graph: Graph) -> None:
    r = with_reliability(tiny_graph, corridor.route(tiny_graph, "a", "d", by="cost"))
    s = cumulative_series(r)
    # a -1520- b | gauge change 5 h 100 USD | b -> frontier | border 10 h 50 USD | -> c -> d
    assert s.distance_km.tolist() == [0.0, 100.0, 100.0, 200.0, 200.0, 400.0]
    assert s.time_h.tolist() == [0.0, 2.0, 7.0, 9.0, 19.0, 21.0]
    assert s.cost_usd.tolist() == [0.0, 100.0, 200.0, 300.0, 350.0, 550.0]
    assert [st.kind for st in s.steps] == ["gauge_change", "border"]
    unsimulated = cumulative_series(corridor.route(tiny_graph, "a", "d"))
    assert (unsimulated.band_low_h == unsimulated.time_h).all()


def test_figures_and_atomic_save(tiny_graph: Graph, tmp_path: Path) -> None:
    r = with_reliability(tiny_graph, corridor.route(tiny_graph, "a", "d"))
    fig = time_cost_distance_chart([("road", r)], title="a -> d")
    assert isinstance(fig, Figure) and len(fig.axes) == 2
    svg = save_figure(fig, tmp_path / "c.svg")
    assert svg.read_text().lstrip().startswith("<?xml")
    png = save_figure(fig, tmp_path / "c.png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    with pytest.raises(InputError, match="suffix"):
        save_figure(fig, tmp_path / "c.pdf")
    assert "<svg" in figure_svg(fig)
    costs = np.array([[7.0, 620.0, 300.0], [21.0, 550.0, 80.0]])
    assert isinstance(pareto_chart(costs, ["h", "USD", "kg"], labels=["1", "2"]), Figure)
    assert isinstance(tornado_chart([("x", 1.0, 3.0)], base=2.0, xlabel="USD"), Figure)
    q = np.linspace(100.0, 200.0, 1001)
    assert isinstance(distribution_chart([("r", q)]), Figure)
    with pytest.raises(InputError):
        time_cost_distance_chart([])


def test_cli_chart(cli: Any, tmp_path: Path) -> None:
    from corridor.data import path as data_path

    target = tmp_path / "chart.svg"
    code, out, _ = cli(
        ["chart", "a", "d", "-n", str(data_path("examples/tiny")), "-o", str(target)]
    )
    assert code == 0 and target.exists() and "wrote" in out
    code, _, err = cli(["chart", "a", "d", "-o", str(tmp_path / "x.gif")])
    assert code == 1 and err.startswith("error:")
