"""Columns, vocabularies and plausible ranges of the network tables (docs/data-model.md)."""

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


BASIS_SYNONYMS: dict[str, str] = {"source": Basis.PUBLISHED.value}
"""Older spellings of a basis accepted on read (links.length_basis)."""

OperatingStatus = CrossingStatus
"""Whether a crossing (or, in calendar.csv, any element) operates on a day."""


class Traction(StrEnum):
    """What pulls the trains on a rail link."""

    ELECTRIC = "electric"
    DIESEL = "diesel"


class Right(StrEnum):
    """What a carrier country's trucks may do in a country (rights.csv)."""

    TRANSIT = "transit"
    """Drive through to a third country, deliver and collect."""
    DELIVER = "deliver"
    """Deliver and collect, then leave towards home only (no onward transit)."""
    ZONE = "zone"
    """Only the places listed in ``zone`` (a border zone; leave towards home only)."""
    NONE = "none"
    """May not enter: cargo is handed over to another carrier before the border."""


class Element(StrEnum):
    """What a calendar rule applies to."""

    LINK = "link"
    CROSSING = "crossing"


PARAMETER_NAMES: tuple[str, ...] = (
    "speed_kmh",
    "tariff_usd_teu_km",
    "co2e_g_tkm",
    "co2e_g_tkm_electric",
    "co2e_g_tkm_diesel",
    "payload_t_teu",
    "value_of_time_usd_teu_h",
    "carbon_price_usd_t",
)
"""Names a parameters row may carry (``co2e_g_tkm_electric`` / ``_diesel``: rail links whose
``traction`` says; the compiler falls back to ``co2e_g_tkm``)."""

PER_MODE_PARAMETERS: tuple[str, ...] = ("speed_kmh", "tariff_usd_teu_km", "co2e_g_tkm")
"""Parameters every used mode needs at (mode, '*')."""


@dataclass(frozen=True, slots=True)
class Bound:
    """The plausible range of a physical quantity: ``lo`` (< or <=) value <= ``hi``."""

    lo: float
    hi: float
    unit: str
    lo_open: bool = False

    def text(self) -> str:
        """The range as written in docs/data-model.md, e.g. ``(0, 40000] km``."""
        left = "(" if self.lo_open else "["
        return f"{left}{self.lo:g}, {self.hi:g}] {self.unit}".rstrip()


HOURS_MAX = 8760.0
"""One year: no dwell, transfer or extra delay is plausibly longer."""

BOUNDS: dict[str, Bound] = {
    "lat": Bound(-90.0, 90.0, "degrees"),
    "lon": Bound(-180.0, 180.0, "degrees"),
    "length_km": Bound(0.01, 40_000.0, "km"),
    "frontier_km": Bound(0.0, 40_000.0, "km"),
    "speed_kmh": Bound(1.0, 300.0, "km/h"),
    "capacity_teu_day": Bound(1.0, 1_000_000.0, "TEU/day"),
    "dwell_median_h": Bound(0.0, HOURS_MAX, "h"),
    "dwell_p90_h": Bound(0.0, HOURS_MAX, "h"),
    "time_median_h": Bound(0.0, HOURS_MAX, "h"),
    "time_p90_h": Bound(0.0, HOURS_MAX, "h"),
    "fee_usd_teu": Bound(0.0, 100_000.0, "USD/TEU"),
    "block_median_h": Bound(0.0, HOURS_MAX, "h"),
    "block_p90_h": Bound(0.0, HOURS_MAX, "h"),
    "block_fee_usd_teu": Bound(0.0, 100_000.0, "USD/TEU"),
    "cost_usd_teu": Bound(0.0, 100_000.0, "USD/TEU"),
    "year": Bound(1900.0, 2100.0, ""),
    "speed_factor": Bound(0.01, 10.0, ""),
    "dwell_factor": Bound(0.0, 100.0, ""),
    "extra_h": Bound(0.0, HOURS_MAX, "h"),
    "frequency_per_week": Bound(0.0, 500.0, "departures/week", lo_open=True),
}
"""Plausible ranges by column name (frontier_km is also at most the link's length_km)."""

PARAMETER_BOUNDS: dict[str, Bound] = {
    "speed_kmh": Bound(1.0, 300.0, "km/h"),
    "tariff_usd_teu_km": Bound(0.0, 100.0, "USD/TEU-km"),
    "co2e_g_tkm": Bound(0.0, 10_000.0, "g/t-km"),
    "co2e_g_tkm_electric": Bound(0.0, 10_000.0, "g/t-km"),
    "co2e_g_tkm_diesel": Bound(0.0, 10_000.0, "g/t-km"),
    "payload_t_teu": Bound(1.0, 40.0, "t/TEU"),
    "value_of_time_usd_teu_h": Bound(0.0, 100_000.0, "USD/TEU-h"),
    "carbon_price_usd_t": Bound(0.0, 10_000.0, "USD/t"),
}
"""Plausible ranges of parameters.csv values by name."""

DATE_MIN = "1900-01-01"
DATE_MAX = "2100-12-31"
"""Dates in calendar.csv and meta.csv lie in this range."""


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
    ("aliases", "basis", "notes"),
    ("lat", "lon"),
)
LINKS = TableSpec(
    "links.csv",
    ("id", "from", "to", "mode", "length_km", "length_basis", "status", "source"),
    (
        "gauge_mm",
        "frontier_km",
        "oneway",
        "speed_kmh",
        "capacity_teu_day",
        "traction",
        "speed_factor",
        "extra_h",
        "frequency_per_week",
        "basis",
        "notes",
    ),
    (
        "length_km",
        "frontier_km",
        "speed_kmh",
        "capacity_teu_day",
        "speed_factor",
        "extra_h",
        "frequency_per_week",
    ),
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
    (
        "direction",
        "capacity_teu_day",
        "status",
        "closed",
        "closed_modes",
        "block_median_h",
        "block_p90_h",
        "block_fee_usd_teu",
        "basis",
        "notes",
        "name",
    ),
    (
        "dwell_median_h",
        "dwell_p90_h",
        "fee_usd_teu",
        "capacity_teu_day",
        "block_median_h",
        "block_p90_h",
        "block_fee_usd_teu",
    ),
)
TRANSFERS = TableSpec(
    "transfers.csv",
    ("node", "from", "to", "time_median_h", "time_p90_h", "cost_usd_teu", "source"),
    ("capacity_teu_day", "basis", "year", "notes"),
    ("time_median_h", "time_p90_h", "cost_usd_teu", "capacity_teu_day"),
)
PARAMETERS = TableSpec(
    "parameters.csv",
    ("mode", "country", "name", "value", "unit", "source"),
    ("basis", "year", "notes"),
    ("value",),
)
CORRIDORS = TableSpec(
    "corridors.csv",
    ("id", "name", "waypoints", "description", "source"),
    ("modes", "include_planned"),
    (),
)
CALENDAR = TableSpec(
    "calendar.csv",
    ("element", "id", "status", "source"),
    (
        "from_date",
        "until_date",
        "months",
        "weekdays",
        "modes",
        "direction",
        "speed_factor",
        "dwell_factor",
        "extra_h",
        "basis",
        "notes",
    ),
    ("speed_factor", "dwell_factor", "extra_h"),
)
META = TableSpec("meta.csv", ("key", "value"), ("source", "notes"), ())
RIGHTS = TableSpec(
    "rights.csv",
    ("carrier", "country", "right", "source"),
    ("zone", "from_date", "until_date", "basis", "year", "notes"),
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
"""The six tables every network folder has."""

OPTIONAL_TABLES: dict[str, TableSpec] = {"calendar": CALENDAR, "meta": META, "rights": RIGHTS}
"""Tables a network folder may have (an absent file is an empty table)."""

ALL_TABLES: dict[str, TableSpec] = {**TABLES, **OPTIONAL_TABLES}
"""Every table of a Network, in the order they are checked."""
