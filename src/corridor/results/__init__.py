"""Result values: frozen, with to_frame / to_json / to_geojson."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from corridor.results._json import routes_to_dict, to_dict, to_json
from corridor.results.context import Context, Naming
from corridor.results.route import Leg, Route, Totals

if TYPE_CHECKING:
    from corridor.results.flow import FlowResult


def __getattr__(name: str) -> Any:
    if name == "FlowResult":  # imports pandas: only on first use
        from corridor.results.flow import FlowResult

        return FlowResult
    msg = f"module 'corridor.results' has no attribute {name!r}"
    raise AttributeError(msg)


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
