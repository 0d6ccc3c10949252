"""Scenarios as files: YAML lists of edits applied to a network, giving a new network.

``load_scenario`` reads a file (and the scenarios it inherits from), ``apply`` makes the new
network (pure), ``describe`` says an edit in words. See docs/scenarios.md.

``apply`` (which needs pandas) is imported on first use, so listing or reading scenario
files stays light.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from corridor._lazy import attach
from corridor.scenarios.edits import EDITS, Edit, describe
from corridor.scenarios.schema import EditEntry, Scenario, load_scenario, resolve, shipped

_LAZY = {"corridor.scenarios.apply": ("apply",)}

if TYPE_CHECKING:  # the same table, for type checkers
    from corridor.scenarios.apply import apply as apply

__getattr__, __dir__, _NAMES = attach(__name__, _LAZY)

__all__ = [
    "EDITS",
    "Edit",
    "EditEntry",
    "Scenario",
    "describe",
    "load_scenario",
    "resolve",
    "shipped",
    *_NAMES,
]
