"""The edits a scenario file may list: one pydantic model per kind, each able to say itself in words.

An edit is a mapping with one key, its kind (``close_crossings: {countries: PK|AF}``). Every
edit accepts an optional ``source`` (where its figure comes from); ``corridor scenario show``
prints it beside the edit.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

LinkStatus = Literal["existing", "under_construction", "planned", "closed"]
DIRECTION_PATTERN = r"^[A-Za-z]{2}>[A-Za-z]{2}$"
MAX_VALUE = 1e12
"""Largest magnitude of any number an edit sets (speeds, tariffs, factors, capacities)."""


def _num(x: float) -> str:
    return f"{x:g}"


class Edit(BaseModel):
    """Base of every edit: unknown fields are errors; ``source`` names the evidence."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)
    source: str = ""

    @field_validator("*", mode="after")
    @classmethod
    def _in_range(cls, value: Any) -> Any:
        if isinstance(value, float) and abs(value) > MAX_VALUE:
            msg = f"{value:g} is out of range (at most {MAX_VALUE:g} in size)"
            raise ValueError(msg)
        return value

    def words(self) -> str:
        """The edit in words (``corridor scenario show``)."""
        raise NotImplementedError


class LinksEdit(Edit):
    """Links by id (``open_links`` sets them existing, ``close_links`` closed)."""

    links: list[str] = Field(min_length=1)

    def words(self) -> str:
        return f"links {', '.join(self.links)}"


class SetStatus(Edit):
    """Set the status of links."""

    links: list[str] = Field(min_length=1)
    status: LinkStatus

    def words(self) -> str:
        return f"set links {', '.join(self.links)} to status {self.status}"


class SetLink(Edit):
    """Set a link's speed, tariff, capacity or status (absolute values or factors)."""

    links: list[str] = Field(min_length=1)
    speed_kmh: float | None = Field(default=None, gt=0)
    speed_factor: float | None = Field(default=None, gt=0)
    tariff_usd_teu_km: float | None = Field(default=None, ge=0)
    tariff_factor: float | None = Field(default=None, ge=0)
    capacity_teu_day: float | None = Field(default=None, gt=0)
    capacity_factor: float | None = Field(default=None, gt=0)
    status: LinkStatus | None = None

    @model_validator(mode="after")
    def _something(self) -> SetLink:
        changes = self.model_dump(exclude={"links", "source"}, exclude_none=True)
        if not changes:
            msg = "give at least one of speed_kmh, speed_factor, tariff_usd_teu_km, tariff_factor, capacity_teu_day, capacity_factor, status"
            raise ValueError(msg)
        for what in ("speed", "tariff", "capacity"):
            absolute = {"speed": self.speed_kmh, "tariff": self.tariff_usd_teu_km}.get(
                what, self.capacity_teu_day
            )
            if absolute is not None and getattr(self, f"{what}_factor") is not None:
                msg = f"give {what} as a value or as a factor, not both"
                raise ValueError(msg)
        return self

    def words(self) -> str:
        parts = []
        if self.speed_kmh is not None:
            parts.append(f"speed {_num(self.speed_kmh)} km/h")
        if self.speed_factor is not None:
            parts.append(f"speed x{_num(self.speed_factor)}")
        if self.tariff_usd_teu_km is not None:
            parts.append(f"tariff US${_num(self.tariff_usd_teu_km)}/TEU-km")
        if self.tariff_factor is not None:
            parts.append(f"tariff x{_num(self.tariff_factor)}")
        if self.capacity_teu_day is not None:
            parts.append(f"capacity {_num(self.capacity_teu_day)} TEU/day")
        if self.capacity_factor is not None:
            parts.append(f"capacity x{_num(self.capacity_factor)}")
        if self.status is not None:
            parts.append(f"status {self.status}")
        return f"links {', '.join(self.links)}: {', '.join(parts)}"


class CrossingsEdit(Edit):
    """Crossings by id and/or every crossing between two countries (``PK|AF``).

    ``modes`` narrows to crossings serving those modes; ``direction`` (``XX>YY``) to traffic
    leaving XX into YY (a crossing given for both directions is split into one row per
    direction first; this needs a network with ``crossings.direction``).
    """

    crossings: list[str] | None = None
    countries: str | None = Field(default=None, pattern=r"^[A-Za-z]{2}\|[A-Za-z]{2}$")
    modes: list[Literal["rail", "road", "sea", "ferry"]] | None = None
    direction: str | None = Field(default=None, pattern=DIRECTION_PATTERN)

    @model_validator(mode="after")
    def _which(self) -> CrossingsEdit:
        if self.crossings is None and self.countries is None:
            msg = "name crossings (ids) or countries (e.g. PK|AF)"
            raise ValueError(msg)
        return self

    def which(self) -> str:
        """The selected crossings in words."""
        parts = []
        if self.crossings is not None:
            parts.append(f"crossings {', '.join(self.crossings)}")
        if self.countries is not None:
            a, b = self.countries.upper().split("|")
            parts.append(f"every crossing between {a} and {b}")
        if self.modes is not None:
            parts.append(f"({'/'.join(self.modes)})")
        if self.direction is not None:
            a, b = self.direction.upper().split(">")
            parts.append(f"for traffic from {a} into {b}")
        return " ".join(parts)

    def words(self) -> str:
        return self.which()


class ScaleCrossings(CrossingsEdit):
    """Multiply crossings' dwell (median and P90), fee and capacity by factors."""

    dwell: float = Field(default=1.0, ge=0)
    fee: float = Field(default=1.0, ge=0)
    capacity: float = Field(default=1.0, gt=0)

    def words(self) -> str:
        parts = [
            f"{what} x{_num(f)}"
            for what, f in (("dwell", self.dwell), ("fee", self.fee), ("capacity", self.capacity))
            if f != 1.0
        ]
        return f"{self.which()}: {', '.join(parts) or 'unchanged'}"


class SetCrossings(CrossingsEdit):
    """Set crossings' dwell (median, P90), fee and capacity to values."""

    dwell_median_h: float | None = Field(default=None, ge=0)
    dwell_p90_h: float | None = Field(default=None, ge=0)
    fee_usd_teu: float | None = Field(default=None, ge=0)
    capacity_teu_day: float | None = Field(default=None, gt=0)

    @model_validator(mode="after")
    def _consistent(self) -> SetCrossings:
        values = (self.dwell_median_h, self.dwell_p90_h, self.fee_usd_teu, self.capacity_teu_day)
        if all(v is None for v in values):
            msg = "give at least one of dwell_median_h, dwell_p90_h, fee_usd_teu, capacity_teu_day"
            raise ValueError(msg)
        if (self.dwell_median_h is None) != (self.dwell_p90_h is None):
            msg = "give dwell_median_h and dwell_p90_h together"
            raise ValueError(msg)
        if self.dwell_median_h is not None and self.dwell_p90_h is not None:
            if self.dwell_p90_h < self.dwell_median_h:
                msg = "dwell_p90_h must be >= dwell_median_h"
                raise ValueError(msg)
        return self

    def words(self) -> str:
        parts = []
        if self.dwell_median_h is not None:
            parts.append(
                f"dwell median {_num(self.dwell_median_h)} h, P90 {_num(self.dwell_p90_h or 0)} h"
            )
        if self.fee_usd_teu is not None:
            parts.append(f"fee US${_num(self.fee_usd_teu)}/TEU")
        if self.capacity_teu_day is not None:
            parts.append(f"capacity {_num(self.capacity_teu_day)} TEU/day")
        return f"{self.which()}: {', '.join(parts)}"


class CloseCountry(Edit):
    """Close every crossing into a country (and, with ``internal``, its own links)."""

    country: str = Field(pattern=r"^[A-Za-z]{2}$")
    internal: bool = False

    def words(self) -> str:
        more = " and every link inside it" if self.internal else ""
        return f"close every crossing into {self.country.upper()}{more}"


class SetParameter(Edit):
    """Set a parameter (parameters.csv) to a value, or multiply it by a factor."""

    mode: str = "*"
    country: str = "*"
    name: str
    value: float | None = None
    factor: float | None = Field(default=None, ge=0)
    unit: str = ""

    @model_validator(mode="after")
    def _one(self) -> SetParameter:
        if (self.value is None) == (self.factor is None):
            msg = "give value or factor (one of them)"
            raise ValueError(msg)
        return self

    def words(self) -> str:
        what = f"{self.name} for mode {self.mode}, country {self.country}"
        if self.value is not None:
            unit = f" {self.unit}" if self.unit else ""
            return f"set {what} to {_num(self.value)}{unit}"
        return f"multiply {what} by {_num(self.factor or 0)}"


class ScaleTransfers(Edit):
    """Multiply transfer time (median, P90) and cost at a node or everywhere."""

    node: str | None = None
    kind: Literal["gauge", "mode", "all"] = "all"
    time: float = Field(default=1.0, ge=0)
    cost: float = Field(default=1.0, ge=0)

    def words(self) -> str:
        where = f"at {self.node}" if self.node else "everywhere"
        kinds = {"gauge": "gauge changes", "mode": "mode changes and port handling"}
        return (
            f"{kinds.get(self.kind, 'all transfers')} {where}: time x{_num(self.time)}, "
            f"cost x{_num(self.cost)}"
        )


class SetTransfers(Edit):
    """Set the time (median, P90), cost or capacity of a node's transfer rows."""

    node: str
    from_state: str | None = Field(default=None, alias="from")
    to_state: str | None = Field(default=None, alias="to")
    time_median_h: float | None = Field(default=None, ge=0)
    time_p90_h: float | None = Field(default=None, ge=0)
    cost_usd_teu: float | None = Field(default=None, ge=0)
    capacity_teu_day: float | None = Field(default=None, gt=0)

    @model_validator(mode="after")
    def _consistent(self) -> SetTransfers:
        if (self.time_median_h is None) != (self.time_p90_h is None):
            msg = "give time_median_h and time_p90_h together"
            raise ValueError(msg)
        if self.time_median_h is not None and (self.time_p90_h or 0) < self.time_median_h:
            msg = "time_p90_h must be >= time_median_h"
            raise ValueError(msg)
        if all(v is None for v in (self.time_median_h, self.cost_usd_teu, self.capacity_teu_day)):
            msg = "give at least one of time_median_h/time_p90_h, cost_usd_teu, capacity_teu_day"
            raise ValueError(msg)
        return self

    def words(self) -> str:
        rows = f"{self.from_state or '*'} <-> {self.to_state or '*'}"
        parts = []
        if self.time_median_h is not None:
            parts.append(
                f"time median {_num(self.time_median_h)} h, P90 {_num(self.time_p90_h or 0)} h"
            )
        if self.cost_usd_teu is not None:
            parts.append(f"cost US${_num(self.cost_usd_teu)}/TEU")
        if self.capacity_teu_day is not None:
            parts.append(f"capacity {_num(self.capacity_teu_day)} TEU/day")
        return f"set transfers at {self.node} ({rows}): {', '.join(parts)}"


class AddRows(Edit):
    """Rows to add to a table (nodes, links, crossings or transfers), as in its CSV file."""

    rows: list[dict[str, Any]] = Field(min_length=1)

    def words(self) -> str:
        ids = [
            str(r.get("id") or f"{r.get('node')}: {r.get('from')} -> {r.get('to')}")
            for r in self.rows
        ]
        return ", ".join(ids)


EDITS: dict[str, type[Edit]] = {
    "open_links": LinksEdit,
    "close_links": LinksEdit,
    "set_status": SetStatus,
    "set_link": SetLink,
    "close_crossings": CrossingsEdit,
    "open_crossings": CrossingsEdit,
    "scale_crossings": ScaleCrossings,
    "set_crossings": SetCrossings,
    "close_country": CloseCountry,
    "set_parameter": SetParameter,
    "scale_transfers": ScaleTransfers,
    "set_transfers": SetTransfers,
    "add_nodes": AddRows,
    "add_links": AddRows,
    "add_crossings": AddRows,
    "add_transfers": AddRows,
}
"""Edit kinds and their models (a registry: an unknown kind fails with this menu)."""

_VERBS = {
    "open_links": "open",
    "close_links": "close",
    "close_crossings": "close",
    "open_crossings": "open",
    "scale_crossings": "scale",
    "set_crossings": "set",
    "add_nodes": "add places",
    "add_links": "add links",
    "add_crossings": "add crossings",
    "add_transfers": "add transfers",
}


def describe(kind: str, edit: Edit) -> str:
    """One edit in words, e.g. ``close every crossing between PK and AF``."""
    verb = _VERBS.get(kind)
    text = edit.words()
    return f"{verb} {text}" if verb else text
