"""Light commands stay light: ``python -X importtime`` shows which packages a command
imports, and a light command must not import the heavy ones it does not need (numba and
scipy are the JIT stack; pandas parses tables; typer and pydantic are not needed to print
the version)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HEAVY = {"numba", "scipy", "pandas", "numpy", "pydantic", "typer", "matplotlib", "llvmlite"}
ALLOWED: dict[tuple[str, ...], set[str]] = {
    ("--version",): set(),
    ("--help",): {"typer", "pydantic"},  # typer builds its parameters with pydantic
    ("scenario", "list"): {"typer", "pydantic"},  # scenario files are validated
    ("places", "almaty"): {"typer", "pydantic", "numpy"},  # the cached graph's labels
}


def imported(args: tuple[str, ...], cache: Path) -> set[str]:
    """Top-level packages ``corridor <args>`` imports (from ``-X importtime``)."""
    env = dict(os.environ, CORRIDOR_CACHE_DIR=str(cache))
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT / "src"), env.get("PYTHONPATH")) if p)
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "corridor", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    names = set()
    for line in done.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            names.add(line.rsplit("|", 1)[1].strip().split(".")[0])
    return names


@pytest.mark.parametrize("args", list(ALLOWED))
def test_light_command_imports_no_heavy_package(args: tuple[str, ...], tmp_path: Path) -> None:
    if args[0] == "places":
        imported(args, tmp_path)  # first run: compiles and caches the graph
    heavy = imported(args, tmp_path) & HEAVY
    assert heavy <= ALLOWED[args], f"corridor {' '.join(args)} imports {sorted(heavy)}"


def test_the_check_sees_heavy_imports(tmp_path: Path) -> None:
    """The same parse does see numba and numpy on a command that needs them."""
    assert {"numba", "numpy"} <= imported(("route", "almaty", "karachi"), tmp_path)
