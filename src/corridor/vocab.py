"""The one vocabulary of corridor: modes, statuses, gauges, leg kinds, objectives, bases.

Every table, graph array, result and command names these things with the values defined
here. StrEnum members compare equal to their text (``Mode.RAIL == "rail"``), so tables keep
plain strings. This module imports nothing heavy (no numpy, no pandas): the command line
and the schema read it at start-up.
"""

from __future__ import annotations

from enum import IntEnum, StrEnum


class Mode(StrEnum):
    """A mode of moving freight."""

    RAIL = "rail"
    ROAD = "road"
    SEA = "sea"
    FERRY = "ferry"


MODES: tuple[Mode, ...] = tuple(Mode)
"""Modes in code order: the graph's mode arrays hold positions in this tuple (-1: none)."""


class Status(StrEnum):
    """Whether a link exists today (code order: the graph's status arrays index this)."""

    EXISTING = "existing"
    UNDER_CONSTRUCTION = "under_construction"
    PLANNED = "planned"
    CLOSED = "closed"


STATUSES: tuple[Status, ...] = tuple(Status)


class CrossingStatus(StrEnum):
    """Operating status of a border crossing (or, in a calendar rule, of any element)."""

    OPEN = "open"
    CLOSED = "closed"
    RESTRICTED = "restricted"


class Gauge(IntEnum):
    """Track gauges the model knows, in mm."""

    METRE = 1000
    CAPE = 1067
    STANDARD = 1435
    RUSSIAN = 1520
    INDIAN = 1676


GAUGES_MM: tuple[int, ...] = tuple(int(g) for g in Gauge)
"""Track gauges the model knows (metre, Cape, standard, Russian, Indian broad)."""


class LegKind(StrEnum):
    """What one leg of a route is."""

    MOVE = "move"
    """Moving along links in one mode, gauge and country."""
    BORDER = "border"
    """Formalities at a border crossing."""
    TRANSFER = "transfer"
    """A change of land mode at a terminal (truck <-> rail)."""
    GAUGE_CHANGE = "gauge_change"
    """A change of rail gauge (bogie exchange or transshipment between gauges)."""
    HANDLING = "handling"
    """Port handling: a change between sea/ferry and another mode."""


STOP_LEGS: frozenset[LegKind] = frozenset(
    {LegKind.TRANSFER, LegKind.GAUGE_CHANGE, LegKind.HANDLING}
)
"""Leg kinds that change mode or gauge (their hours are a route's transfer time)."""


class Objective(StrEnum):
    """What a route minimises."""

    TIME = "time"
    COST = "cost"
    CO2 = "co2"
    GENERALISED = "generalised"


class Basis(StrEnum):
    """How a figure was obtained."""

    PUBLISHED = "published"
    DERIVED = "derived"
    ESTIMATE = "estimate"


class Service(StrEnum):
    """A rail service: its own border and terminal times (crossings.csv block columns)."""

    BLOCK = "block"
    """Container block trains (scheduled, whole-train border handling)."""
    WAGONLOAD = "wagonload"
    """Single wagons and consignments (CAREC CPMM per-wagon border times)."""


SERVICES: tuple[Service, ...] = tuple(Service)
"""Rail services in code order (``EdgeTable.service``: 0 block, 1 wagonload)."""


def rail_service(segment: str) -> str:
    """The rail service a commodity segment's trains run as (issue 15 item 2): block
    (container) trains for containers, wagonload for the bulk segments."""
    return "block" if segment == "container" else "wagonload"


__all__ = [
    "GAUGES_MM",
    "MODES",
    "SERVICES",
    "STATUSES",
    "STOP_LEGS",
    "Basis",
    "CrossingStatus",
    "Gauge",
    "LegKind",
    "Mode",
    "Objective",
    "Service",
    "Status",
    "rail_service",
]
