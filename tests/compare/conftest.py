"""Fixtures for the comparison tests: the CLI runner and the compiled networks."""

from __future__ import annotations

from collections.abc import Callable

import pytest

import corridor
from corridor.cli import main
from corridor.graph.model import Graph

Cli = Callable[[list[str]], tuple[int, str, str]]


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Cli:
    """Run the CLI in-process: args -> (exit code, stdout, stderr)."""

    def run(args: list[str]) -> tuple[int, str, str]:
        try:
            main(args)
            code = 0
        except SystemExit as exc:
            code = int(exc.code or 0)
        out, err = capsys.readouterr()
        return code, out, err

    return run


@pytest.fixture(autouse=True)
def wide_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "160")


@pytest.fixture(scope="session")
def tiny_graph(tiny: corridor.Network) -> Graph:
    return corridor.compile(tiny)


@pytest.fixture(scope="session")
def region_graph(region: corridor.Network) -> Graph:
    return corridor.compile(region)
