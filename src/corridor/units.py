"""Unit vocabulary and conversion constants."""

from __future__ import annotations

from enum import StrEnum

EARTH_RADIUS_KM = 6371.0088
"""Mean Earth radius (IUGG), km."""

G_PER_KG = 1000.0
KG_PER_T = 1000.0
HOURS_PER_DAY = 24.0


class Unit(StrEnum):
    """The unit of freight a route or flow is counted in."""

    TEU = "teu"
    TONNE = "tonne"
