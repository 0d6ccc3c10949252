"""Scenarios as files: YAML lists of edits applied to a network, giving a new network.

``load_scenario`` reads a file (and the scenarios it inherits from), ``apply`` makes the new
network (pure), ``describe`` says an edit in words. See docs/scenarios.md.
"""

from corridor.scenarios.apply import apply
from corridor.scenarios.edits import EDITS, Edit, describe
from corridor.scenarios.schema import EditEntry, Scenario, load_scenario, resolve, shipped

__all__ = [
    "EDITS",
    "Edit",
    "EditEntry",
    "Scenario",
    "apply",
    "describe",
    "load_scenario",
    "resolve",
    "shipped",
]
