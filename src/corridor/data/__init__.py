"""Shipped data: the default network of the region, scenarios, tiny example networks."""

from __future__ import annotations

from pathlib import Path

_ROOT = Path(__file__).resolve().parent


def path(name: str = "") -> Path:
    """Absolute path of a shipped data file or folder, e.g. ``path("network")``."""
    return _ROOT / name
