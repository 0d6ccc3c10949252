"""Result values: frozen, with to_frame / to_json / to_geojson."""

from corridor.results.flow import FlowResult
from corridor.results.route import Leg, Route, Totals

__all__ = ["FlowResult", "Leg", "Route", "Totals"]
