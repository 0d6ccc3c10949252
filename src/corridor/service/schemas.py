"""Query parameters of the service's endpoints (the CLI's options by the same names)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

Unit = Literal["teu", "feu", "truck", "tonne"]
By = Literal["time", "cost", "co2", "generalised", "p90"]

_DAY = (
    "The day YYYY-MM-DD (closures and seasons of the calendar); default: the network's as-of date."
)
_SCENARIO = "A shipped scenario name (GET /api/scenarios); default: none."


class Day(BaseModel):
    """The network of a day under a scenario."""

    model_config = ConfigDict(extra="forbid")

    date: str | None = Field(None, description=_DAY, max_length=10)
    scenario: str | None = Field(None, description=_SCENARIO, max_length=80)


class Pair(Day):
    """Two places on a day under a scenario."""

    origin: str = Field(..., min_length=1, max_length=100, description="From: place id or name.")
    destination: str = Field(..., min_length=1, max_length=100, description="To: place id or name.")
    include_planned: bool = Field(False, description="Also use planned and building links.")
    unit: Unit = Field("teu", description="Count money and CO2 per TEU, FEU, truck or tonne.")


Carrier = Annotated[
    str,
    Field(
        pattern=r"^(origin|any|[A-Za-z]{2})$",
        description="Whose trucks drive: origin, any, or a country code (ISO2).",
    ),
]
Service = Annotated[Literal["block", "wagonload"], Field(description="Rail service.")]


class RouteQuery(Pair):
    """``corridor route`` options."""

    by: By = Field("time", description="What to minimise (p90: simulated P90 transit time).")
    modes: str | None = Field(None, max_length=40, description="rail,road,sea,ferry")
    avoid: str | None = Field(
        None, max_length=400, description="Countries (ISO2), crossings, links or places."
    )
    alternatives: int = Field(1, ge=1, le=10, description="Number of different routes (max 10).")
    max_stretch: float | None = Field(None, ge=1.0, le=100.0)
    value_of_time: float | None = Field(None, ge=0, le=1e6, description="USD per TEU-hour.")
    carbon_price: float | None = Field(None, ge=0, le=1e6, description="USD per tonne CO2e.")
    strict_places: bool = Field(False, description="Only exact ids or names; no guessing.")
    allow_revisits: bool = Field(False, description="Keep alternatives re-entering a country.")
    segment: Literal["container", "dry_bulk", "metals", "liquid_bulk"] | None = Field(
        None, description="Commodity segment whose value of time prices time."
    )
    carrier: Carrier = "origin"
    service: Service = "block"


class CompareQuery(Pair):
    """``corridor compare`` options."""

    carrier: Carrier = "origin"
    service: Service = "block"


class ParetoQuery(Pair):
    """``corridor pareto`` options."""

    criteria: str = Field("time,cost,co2", max_length=40, description="2-4 of time,cost,co2,p90")
    eps: float = Field(0.0, ge=0.0, le=1.0)
    max_labels_per_vertex: int = Field(2_000, ge=1, le=2_000)
    max_labels: int = Field(2_000_000, ge=1, le=2_000_000)


class SensitivityQuery(Pair):
    """``corridor sensitivity`` options."""

    by: Literal["generalised", "time"] = "generalised"


class DiffQuery(BaseModel):
    """``corridor scenario diff`` options (the scenario is in the path)."""

    model_config = ConfigDict(extra="forbid")

    date: str | None = Field(None, description=_DAY, max_length=10)
    base: str | None = Field(None, max_length=80, description="Compare against this scenario.")
    pairs: str | None = Field(
        None, max_length=2_000, description="a:b,c:d (at most 60); default: the region's set."
    )
    by: Literal["time", "cost", "generalised", "p90"] = "time"
    modes: str | None = Field(None, max_length=40)
    demand: Literal["region"] | None = Field(None, description="Weight by the shipped demand.")
    top: int = Field(15, ge=1, le=200)
    segment: Literal["container", "dry_bulk", "metals", "liquid_bulk"] | None = Field(
        None, description="Weights: the segment's demand rows; routes at its value of time."
    )


class CriticalQuery(Day):
    """``corridor critical`` options."""

    what: Literal["links", "crossings", "both"] = "both"
    pairs: str | None = Field(None, max_length=2_000, description="a:b,c:d (at most 60).")
    demand: Literal["region"] | None = None
    top: int = Field(15, ge=1, le=200)
    lost_pair_factor: float = Field(1.0, ge=0.0, le=1e3)


class FlowsQuery(Day):
    """``corridor flows`` options (the shipped 2024 demand)."""

    include_planned: bool = False
    by: Literal["generalised", "time"] = "generalised"
    algorithm: Literal["gp", "bfw", "cfw", "fw"] = "gp"
    gap: float = Field(1e-6, ge=1e-9, le=0.1)
    top: int = Field(10, ge=1, le=200)
    segment: Literal["container", "dry_bulk", "metals", "liquid_bulk", "all"] = Field(
        "container",
        description="Commodity segment: its demand rows and value of time; 'all': every "
        "segment in one equilibrium sharing capacity (with elastic: all of them elastic).",
    )
    elastic: bool = Field(False, description="Demand responds to generalised cost.")
    elasticity: float | None = Field(None, ge=0.0, le=10.0, description="With elastic.")
    carrier: Carrier = "origin"
    service: Service | None = Field(None, description="Default: the segment's rail service.")


class PlacesQuery(BaseModel):
    """``corridor places`` (and a ``limit`` for type-ahead)."""

    model_config = ConfigDict(extra="forbid")

    q: str = Field("", max_length=100, description="Part of an id, name or alias.")
    limit: int | None = Field(None, ge=1, le=500, description="At most this many places.")


class NetworkQuery(Day):
    """The network of the day as GeoJSON."""


class HubsQuery(Day):
    """``corridor hubs`` options (the scenario is compared with no scenario)."""

    segment: str | None = Field(None, max_length=40, description="Commodity segment.")


class TradeQuery(Day):
    """``corridor trade`` options."""

    pairs: str | None = Field(
        None, max_length=400, description="Country pairs KZ:PK,UZ:PK (at most 30)."
    )


class AppraiseQuery(BaseModel):
    """``corridor appraise`` options (the scenario is in the path)."""

    model_config = ConfigDict(extra="forbid")

    date: str | None = Field(None, description=_DAY, max_length=10)
    base: str | None = Field(None, max_length=80, description="Appraise against this scenario.")
    horizon: int | None = Field(None, ge=1, le=200, description="Operating years (default 30).")
    discount: str | None = Field(None, max_length=40, description="Rates in percent: 6,9,12.")
    modes: str | None = Field(None, max_length=40)
    carbon_path: str | None = Field(None, max_length=40, description="A shipped carbon path.")
    draws: int | None = Field(None, ge=0, le=5_000, description="Monte Carlo draws.")
