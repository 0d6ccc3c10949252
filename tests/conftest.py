"""Shared fixtures: the tiny hand-made network and a way to break copies of it.

The suite never writes to the user's cache folder: compiled graphs go to a temporary folder
made for this run (``CORRIDOR_CACHE_DIR``, inherited by the commands tests start), removed
at the end.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest

import corridor
from corridor.data import path as data_path

TINY = data_path("examples/tiny")

_CACHE = tempfile.mkdtemp(prefix="corridor-test-cache-")
os.environ["CORRIDOR_CACHE_DIR"] = _CACHE
atexit.register(shutil.rmtree, _CACHE, ignore_errors=True)


def pytest_unconfigure(config: pytest.Config) -> None:
    """Remove this process's cache folder (pytest-xdist's workers end without atexit)."""
    shutil.rmtree(_CACHE, ignore_errors=True)


Cli = Callable[[list[str]], tuple[int, str, str]]
"""Run the command line in-process: args -> (exit code, stdout, stderr)."""


@pytest.fixture(scope="session")
def tiny() -> corridor.Network:
    """The tiny network's undated tables (tests evaluate the days they need)."""
    return corridor.load(TINY, date="undated")


@pytest.fixture(scope="session")
def region() -> corridor.Network:
    """The shipped network's undated tables (tests evaluate the days they need)."""
    return corridor.load(date="undated")


@pytest.fixture
def columns() -> int:
    """The terminal width the ``cli`` fixture runs at (override it in a module)."""
    return 80


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, columns: int) -> Cli:
    """The command line in-process (the one CLI fixture of the suite), on a terminal
    ``columns`` wide whatever the runner's (80 unless a module overrides ``columns``)."""
    from corridor.cli import main

    monkeypatch.setenv("COLUMNS", str(columns))

    def run(args: list[str]) -> tuple[int, str, str]:
        try:
            main(args)
            code = 0
        except SystemExit as exc:
            code = int(exc.code or 0)
        out, err = capsys.readouterr()
        return code, out, err

    return run


@pytest.fixture
def tiny_copy(tmp_path: Path) -> Callable[[str, str, str], Path]:
    """Copy the tiny network and replace text in one of its files."""

    def make(file: str, old: str, new: str) -> Path:
        folder = tmp_path / "net"
        if not folder.exists():
            shutil.copytree(TINY, folder)
        target = folder / file
        text = target.read_text()
        assert old in text, f"{old!r} not in {file}"
        target.write_text(text.replace(old, new, 1))
        return folder

    return make
