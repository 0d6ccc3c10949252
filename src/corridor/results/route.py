"""Route results: frozen, with a stable JSON form, a DataFrame view and GeoJSON."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from corridor.results.context import Context
from corridor.vocab import LegKind

if TYPE_CHECKING:
    import pandas as pd

_DECIMALS = 3


def _r(x: float) -> float:
    return round(float(x), _DECIMALS) + 0.0  # + 0.0 turns -0.0 into 0.0


COST_PARTS = ("line_haul_usd", "border_fees_usd", "handling_usd", "gauge_change_usd", "waiting_usd")
"""Parts of a cost breakdown. The first four are money paid (they sum to ``cost_usd``);
``waiting_usd`` is the value of the hours spent at borders, transfers and port handling."""


_COST_PART = {
    LegKind.MOVE.value: "line_haul_usd",
    LegKind.BORDER.value: "border_fees_usd",
    LegKind.GAUGE_CHANGE.value: "gauge_change_usd",
}


def leg_cost_part(kind: str) -> str:
    """The breakdown part a leg's money belongs to, from its kind (the edge kind it came from).

    ``move`` -> line haul; ``border`` -> border fees; ``gauge_change`` -> gauge change; a
    ``transfer`` between modes and port ``handling`` -> handling.

    >>> leg_cost_part("gauge_change"), leg_cost_part("transfer")
    ('gauge_change_usd', 'handling_usd')
    """
    return _COST_PART.get(str(kind), "handling_usd")


def cost_breakdown(legs: tuple[Leg, ...], value_of_time_usd_h: float) -> dict[str, float]:
    """Sum of the legs' breakdowns; ``total_usd`` = all five parts, ``cost_usd`` = money."""
    out = dict.fromkeys(COST_PARTS, 0.0)
    for leg in legs:
        for k, v in leg.cost_breakdown(value_of_time_usd_h).items():
            out[k] += v
    out["cost_usd"] = sum(out[k] for k in COST_PARTS[:4])
    out["total_usd"] = out["cost_usd"] + out["waiting_usd"]
    return out


@dataclass(frozen=True, slots=True)
class Totals:
    """Sums over a route's edges."""

    distance_km: float
    time_h: float
    cost_usd: float
    co2_kg: float
    borders: int
    transfers: int
    gauge_breaks: int
    border_time_h: float = 0.0
    """Hours at border crossings (part of ``time_h``)."""
    transfer_time_h: float = 0.0
    """Hours changing gauge or mode and in port handling (part of ``time_h``)."""
    mean_h: float | None = None
    """Simulated mean transit time (dwells drawn from their lognormal fits, ferry waits);
    None until a Monte Carlo has run (``corridor.paths.with_reliability``)."""
    p50_h: float | None = None
    """Simulated median (P50) transit time, hours (None: not simulated)."""
    p90_h: float | None = None
    """Simulated 90th-percentile transit time, hours (None: not simulated)."""

    def to_dict(self) -> dict[str, Any]:
        """Stable JSON-ready dict (floats rounded to 3 decimals)."""
        return {
            "distance_km": _r(self.distance_km),
            "time_h": _r(self.time_h),
            "time_days": _r(self.time_h / 24.0),
            "cost_usd": _r(self.cost_usd),
            "co2_kg": _r(self.co2_kg),
            "borders": int(self.borders),
            "transfers": int(self.transfers),
            "gauge_breaks": int(self.gauge_breaks),
            "border_time_h": _r(self.border_time_h),
            "transfer_time_h": _r(self.transfer_time_h),
            "moving_time_h": _r(self.time_h - self.border_time_h - self.transfer_time_h),
            **{
                f"{name}_{u}": None if v is None else _r(v / div)
                for name, v in (("mean", self.mean_h), ("p50", self.p50_h), ("p90", self.p90_h))
                for u, div in (("h", 1.0), ("days", 24.0))
            },
        }


def _shares(shares: dict[str, float] | None) -> dict[str, float] | None:
    return None if shares is None else {k: round(float(v), 4) + 0.0 for k, v in shares.items()}


@dataclass(frozen=True, slots=True)
class Leg:
    """A stretch of one mode in one country, or one stop (border, transfer, handling)."""

    kind: str
    """A :class:`corridor.vocab.LegKind`: ``move``, ``border``, ``transfer`` (land-mode
    change), ``gauge_change`` or ``handling`` (port)."""
    from_place: str
    to_place: str
    mode: str | None
    gauge_mm: int | None
    country: str
    distance_km: float
    time_h: float
    cost_usd: float
    co2_kg: float
    places: tuple[str, ...] = ()
    links: tuple[str, ...] = ()
    crossing: str | None = None
    detail: str | None = None
    statuses: tuple[str, ...] = ()
    coords: tuple[tuple[float, float], ...] = field(default=(), repr=False)
    estimate_share: dict[str, float] | None = None
    """Share of this leg's km, hours and cost resting on ``estimate`` figures (or None)."""

    def cost_breakdown(self, value_of_time_usd_h: float) -> dict[str, float]:
        """This leg's money in its breakdown part; waiting = value of time x stop hours."""
        out = dict.fromkeys(COST_PARTS, 0.0)
        out[leg_cost_part(self.kind)] = self.cost_usd
        if self.kind != "move":
            out["waiting_usd"] = value_of_time_usd_h * self.time_h
        return out

    def to_dict(self) -> dict[str, Any]:
        """Stable JSON-ready dict."""
        return {
            "kind": self.kind,
            "from": self.from_place,
            "to": self.to_place,
            "mode": self.mode,
            "gauge_mm": self.gauge_mm,
            "country": self.country,
            "distance_km": _r(self.distance_km),
            "time_h": _r(self.time_h),
            "cost_usd": _r(self.cost_usd),
            "co2_kg": _r(self.co2_kg),
            "places": list(self.places),
            "links": list(self.links),
            "crossing": self.crossing,
            "detail": self.detail,
            "statuses": list(self.statuses),
        }


@dataclass(frozen=True, slots=True)
class Route:
    """One route between two places: legs, visited places and totals."""

    origin: str
    destination: str
    origin_name: str
    destination_name: str
    objective: str
    objective_value: float
    unit: str
    constraints: dict[str, Any]
    legs: tuple[Leg, ...]
    vertices: tuple[str, ...]
    totals: Totals
    gauge_breaks: tuple[dict[str, Any], ...] = ()
    rank: int = 1
    context: Context = field(default_factory=Context)
    """The network of the day the route was computed on: the day, the network's as-of
    date and the scenario (from the graph it was built on)."""
    value_of_time_usd_h: float = 0.0
    """Value of time per unit of freight and hour, for the ``waiting_usd`` cost part."""
    estimate_share: dict[str, float] | None = None
    """Share of km, hours and cost resting on ``estimate`` figures (None: not computed)."""
    sources: tuple[str, ...] = ()
    """Sources of the figures this route rests on (empty: not computed)."""
    date_changes: tuple[dict[str, Any], ...] = ()
    """Calendar rules in force on ``date`` that changed this route or lie near it
    (:func:`corridor.analysis.dated.date_changes`; empty: none, or not computed)."""
    origin_query: str | None = None
    """The text that named the origin (None: not recorded)."""
    origin_match: str | None = None
    """How it named it: ``exact`` (id or name), ``alias``, ``prefix`` or ``fuzzy``."""
    destination_query: str | None = None
    destination_match: str | None = None
    edge_path: tuple[int, ...] = field(default=(), repr=False, compare=False)
    """Edge indices of the path in the graph it was built on (for post-steps such as the
    transit-time Monte Carlo; not part of the JSON form)."""

    @property
    def date(self) -> str | None:
        """The day the route was computed for (statuses and seasons of that day), if known."""
        return self.context.date

    @property
    def network_as_of(self) -> str | None:
        """The date (YYYY-MM-DD) the network describes (its ``meta.csv`` ``as_of``), if known."""
        return self.context.as_of

    @property
    def scenario(self) -> str | None:
        """Name of the scenario applied to the network, if any."""
        return self.context.scenario

    @property
    def cost_breakdown(self) -> dict[str, float]:
        """Money by part (line haul, border fees, handling, gauge change) plus waiting."""
        return cost_breakdown(self.legs, self.value_of_time_usd_h)

    @property
    def links(self) -> tuple[str, ...]:
        """Ids of the physical links used, in order."""
        out: list[str] = []
        for leg in self.legs:
            for lk in leg.links:
                if not out or out[-1] != lk:
                    out.append(lk)
        return tuple(out)

    @property
    def crossings(self) -> tuple[str, ...]:
        """Ids of the border crossings passed, in order."""
        return tuple(
            leg.crossing for leg in self.legs if leg.kind == LegKind.BORDER and leg.crossing
        )

    @property
    def countries(self) -> tuple[str, ...]:
        """Countries passed, in order, without repeats in a row."""
        out: list[str] = []
        for leg in self.legs:
            if leg.kind == LegKind.MOVE and (not out or out[-1] != leg.country):
                out.append(leg.country)
        return tuple(out)

    def to_dict(self) -> dict[str, Any]:
        """The stable JSON form (the CLI's ``--json`` prints exactly this)."""
        return {
            "origin": self.origin,
            "destination": self.destination,
            "origin_name": self.origin_name,
            "destination_name": self.destination_name,
            "origin_query": self.origin_query,
            "origin_match": self.origin_match,
            "destination_query": self.destination_query,
            "destination_match": self.destination_match,
            "objective": self.objective,
            "objective_value": _r(self.objective_value),
            "unit": self.unit,
            "rank": self.rank,
            "scenario": self.context.scenario,
            "network_as_of": self.context.as_of,
            "date": self.context.date,
            "include_planned": bool(self.constraints.get("include_planned", False)),
            "constraints": self.constraints,
            "totals": {
                **self.totals.to_dict(),
                "cost_breakdown": {k: _r(v) for k, v in self.cost_breakdown.items()},
            },
            "countries": list(self.countries),
            "crossings": list(self.crossings),
            "gauge_breaks": list(self.gauge_breaks),
            "vertices": list(self.vertices),
            "links": list(self.links),
            "legs": [
                {
                    **leg.to_dict(),
                    "cost_breakdown": {
                        k: _r(v) for k, v in leg.cost_breakdown(self.value_of_time_usd_h).items()
                    },
                    "estimate_share": _shares(leg.estimate_share),
                }
                for leg in self.legs
            ],
            "estimate_share": _shares(self.estimate_share),
            "sources": list(self.sources),
            "date_changes": list(self.date_changes),
        }

    def to_json(self, indent: int | None = 2) -> str:
        """``to_dict`` as JSON text."""
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    def to_frame(self) -> pd.DataFrame:
        """One row per leg."""
        import pandas as pd

        rows = [leg.to_dict() for leg in self.legs]
        frame = pd.DataFrame(rows)
        if not frame.empty:
            frame["places"] = frame["places"].map(lambda v: "|".join(v))
            frame["links"] = frame["links"].map(lambda v: "|".join(v))
            frame["statuses"] = frame["statuses"].map(lambda v: "|".join(v))
        return frame

    def to_geojson(self) -> dict[str, Any]:
        """A GeoJSON FeatureCollection: a LineString per move leg, a Point per stop."""
        features: list[dict[str, Any]] = []
        for i, leg in enumerate(self.legs):
            props = {
                "leg": i,
                **{k: v for k, v in leg.to_dict().items() if k not in ("places", "links")},
            }
            props["links"] = "|".join(leg.links)
            if leg.kind == LegKind.MOVE:
                geom: dict[str, Any] = {
                    "type": "LineString",
                    "coordinates": [[lon, lat] for lon, lat in leg.coords],
                }
            else:
                lon, lat = leg.coords[0]
                geom = {"type": "Point", "coordinates": [lon, lat]}
            features.append({"type": "Feature", "geometry": geom, "properties": props})
        return {
            "type": "FeatureCollection",
            "properties": {
                "origin": self.origin,
                "destination": self.destination,
                "objective": self.objective,
                "unit": self.unit,
                "totals": self.totals.to_dict(),
            },
            "features": features,
        }
