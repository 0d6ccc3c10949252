"""A report of the tiny network, built once per session (small and quick)."""

from __future__ import annotations

import pytest

import corridor
from corridor.analysis.report_data import report_data
from corridor.data import path as data_path
from corridor.paths import as_graph
from corridor.report.page import comparison_report


@pytest.fixture(scope="session")
def tiny_report() -> str:
    net = corridor.load(data_path("examples/tiny"), date="undated")
    graph = as_graph(net, "teu")
    data = report_data(graph, "a", "d", n_samples=2_000, extras=False)
    return comparison_report(data, graph, network=net)
