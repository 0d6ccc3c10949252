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


@pytest.fixture(scope="session")
def tiny() -> corridor.Network:
    return corridor.load(TINY)


@pytest.fixture(scope="session")
def region() -> corridor.Network:
    return corridor.load()


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
