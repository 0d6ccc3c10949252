"""Columns, dtypes and vocabularies of the six network tables (docs/data-model.md)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

# the vocabulary lives in corridor.vocab; re-exported here so schema names stay
from corridor.vocab import GAUGES_MM as GAUGES_MM
from corridor.vocab import Basis as Basis
from corridor.vocab import CrossingStatus as CrossingStatus
from corridor.vocab import Mode as Mode
from corridor.vocab import Status as Status


class NodeKind(StrEnum):
    """What a place is."""

    CITY = "city"
    TERMINAL = "terminal"
    SEAPORT = "seaport"
    DRY_PORT = "dry_port"
    FERRY_PORT = "ferry_port"
    BORDER_CROSSING = "border_crossing"


class LengthBasis(StrEnum):
    """Where a link length comes from."""

    SOURCE = "source"
    DERIVED = "derived"
    ESTIMATE = "estimate"


PARAMETER_NAMES: tuple[str, ...] = (
    "speed_kmh",
    "tariff_usd_teu_km",
    "co2e_g_tkm",
    "payload_t_teu",
    "value_of_time_usd_teu_h",
    "carbon_price_usd_t",
)
"""Names a parameters row may carry."""

PER_MODE_PARAMETERS: tuple[str, ...] = ("speed_kmh", "tariff_usd_teu_km", "co2e_g_tkm")
"""Parameters every used mode needs at (mode, '*')."""


@dataclass(frozen=True, slots=True)
class TableSpec:
    """The columns of one table: required, optional, and their kinds."""

    file: str
    required: tuple[str, ...]
    optional: tuple[str, ...]
    floats: tuple[str, ...] = ()


NODES = TableSpec(
    "nodes.csv",
    ("id", "name", "country", "lat", "lon", "kind", "source"),
    ("aliases", "notes"),
    ("lat", "lon"),
)
LINKS = TableSpec(
    "links.csv",
    ("id", "from", "to", "mode", "length_km", "length_basis", "status", "source"),
    ("gauge_mm", "oneway", "speed_kmh", "capacity_teu_day", "notes"),
    ("length_km", "speed_kmh", "capacity_teu_day"),
)
CROSSINGS = TableSpec(
    "crossings.csv",
    (
        "id",
        "node",
        "countries",
        "modes",
        "dwell_median_h",
        "dwell_p90_h",
        "fee_usd_teu",
        "source",
    ),
    ("capacity_teu_day", "closed", "notes"),
    ("dwell_median_h", "dwell_p90_h", "fee_usd_teu", "capacity_teu_day"),
)
TRANSFERS = TableSpec(
    "transfers.csv",
    ("node", "from", "to", "time_median_h", "time_p90_h", "cost_usd_teu", "source"),
    ("capacity_teu_day", "notes"),
    ("time_median_h", "time_p90_h", "cost_usd_teu", "capacity_teu_day"),
)
PARAMETERS = TableSpec(
    "parameters.csv",
    ("mode", "country", "name", "value", "unit", "source"),
    ("notes",),
    ("value",),
)
CORRIDORS = TableSpec(
    "corridors.csv",
    ("id", "name", "waypoints", "description", "source"),
    ("modes", "include_planned"),
    (),
)

TABLES: dict[str, TableSpec] = {
    "nodes": NODES,
    "links": LINKS,
    "crossings": CROSSINGS,
    "transfers": TRANSFERS,
    "parameters": PARAMETERS,
    "corridors": CORRIDORS,
}
