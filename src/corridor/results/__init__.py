"""Result values: frozen, with to_frame / to_json / to_geojson.

Imported on first use (``corridor.assign`` reads :mod:`corridor.results.flow` without the
route results and their JSON helpers).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from corridor._lazy import attach

_LAZY = {
    "corridor.results._json": ("routes_to_dict", "to_dict", "to_json"),
    "corridor.results.context": ("Context", "Naming"),
    "corridor.results.flow": ("FlowResult",),
    "corridor.results.route": ("Leg", "Route", "Totals"),
}

if TYPE_CHECKING:  # the same table, for type checkers (tests/test_lazy.py checks it)
    from corridor.results._json import routes_to_dict as routes_to_dict
    from corridor.results._json import to_dict as to_dict
    from corridor.results._json import to_json as to_json
    from corridor.results.context import Context as Context
    from corridor.results.context import Naming as Naming
    from corridor.results.flow import FlowResult as FlowResult
    from corridor.results.route import Leg as Leg
    from corridor.results.route import Route as Route
    from corridor.results.route import Totals as Totals

__getattr__, __dir__, _NAMES = attach(__name__, _LAZY)

__all__ = [
    "Context",
    "FlowResult",
    "Leg",
    "Naming",
    "Route",
    "Totals",
    "routes_to_dict",
    "to_dict",
    "to_json",
]
