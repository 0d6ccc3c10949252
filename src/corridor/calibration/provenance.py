"""Provenance of an answer: the share of km, hours and cost resting on estimates, and sources.

Every figure of the network has a basis: ``published``, ``derived`` or ``estimate``. A link's
km rest on ``links.length_basis``; its hours on that and the speed (the link's own
``speed_kmh`` or the parameters row used); its cost on the length and the tariff row. A
border stop rests on its crossings row, a transfer or port stop on its transfers row. Where
a table has no ``basis`` column yet, the basis is read from the ``source`` text (``ESTIMATE``
-> estimate, ``DERIVED`` -> derived, otherwise published).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

import pandas as pd

from corridor.network.model import Network
from corridor.results.route import Leg, Route

from .evaluate import records

BASES = ("published", "derived", "estimate")


def basis_of(basis: object, source: object) -> str:
    """Normalised basis of one row from its ``basis`` cell, else from its ``source`` text.

    Examples
    --------
    >>> basis_of("", "ESTIMATE from proxies"), basis_of("source", ""), basis_of(None, "CPMM")
    ('estimate', 'published', 'published')
    """
    text = "" if basis is None or (isinstance(basis, float) and pd.isna(basis)) else str(basis)
    text = text.strip().lower()
    if text == "source":
        return "published"
    if text in BASES:
        return text
    src = str(source or "").strip().upper()
    if src.startswith("ESTIMATE"):
        return "estimate"
    if src.startswith("DERIVED"):
        return "derived"
    return "published"


@dataclass(frozen=True, slots=True)
class _Part:
    """One piece of a leg: km, hours, money, whether each rests on an estimate, its sources."""

    km: float
    h: float
    usd: float
    est_km: bool
    est_h: bool
    est_usd: bool
    sources: tuple[str, ...]


class _Tables:
    """Row lookups by id (one small adapter over the network tables)."""

    def __init__(self, network: Network) -> None:
        nodes = network.nodes
        self.country = dict(zip(nodes["id"], nodes["country"], strict=True))
        self.links = network.links.set_index("id", drop=False)
        self.crossings = network.crossings
        self.transfers = network.transfers
        p = network.parameters
        self.params = {
            (m, c, n): (float(v), basis_of(_get(row, "basis"), s))
            for row, m, c, n, v, s in zip(
                p.to_dict("records"),
                p["mode"],
                p["country"],
                p["name"],
                p["value"],
                p["source"],
                strict=True,
            )
        }
        self.param_source = {
            (m, c, n): str(s)
            for m, c, n, s in zip(p["mode"], p["country"], p["name"], p["source"], strict=True)
        }

    def param(self, mode: str, country: str, name: str) -> tuple[float, str, str]:
        """(value, basis, source) with the compiler's order (mode, country) ... (*, *)."""
        for key in (
            (mode, country, name),
            (mode, "*", name),
            ("*", country, name),
            ("*", "*", name),
        ):
            if key in self.params:
                value, basis = self.params[key]
                return value, basis, self.param_source[key]
        return float("nan"), "estimate", ""


def _get(row: dict[str, object], col: str) -> object:
    return row.get(col, "")


def _move_parts(t: _Tables, leg: Leg) -> list[_Part]:
    mode = str(leg.mode)
    speed, speed_basis, speed_src = t.param(mode, leg.country, "speed_kmh")
    _, tariff_basis, tariff_src = t.param(mode, leg.country, "tariff_usd_teu_km")
    raw: list[tuple[float, float, bool, bool, bool, tuple[str, ...]]] = []
    for lid in leg.links:
        row = t.links.loc[lid].to_dict()
        length = float(row["length_km"])
        km = length
        a, b = t.country[row["from"]], t.country[row["to"]]
        if a != b:  # a border link: only the part in this leg's country
            fk = row.get("frontier_km")
            front = float(fk) if fk is not None and pd.notna(fk) and fk != "" else length / 2.0
            km = front if leg.country == a else length - front
        est_len = basis_of(row.get("length_basis"), "") == "estimate"
        over = row.get("speed_kmh")
        own_speed = over is not None and pd.notna(over) and over != ""
        v = float(str(over)) if own_speed else speed
        est_speed = est_len if own_speed else speed_basis == "estimate"
        srcs = (str(row["source"]), tariff_src) + (() if own_speed else (speed_src,))
        raw.append(
            (km, km / v, est_len, est_len or est_speed, est_len or tariff_basis == "estimate", srcs)
        )
    km_sum = sum(r[0] for r in raw) or 1.0
    h_sum = sum(r[1] for r in raw) or 1.0
    return [
        _Part(
            km=leg.distance_km * km / km_sum,
            h=leg.time_h * h / h_sum,
            usd=leg.cost_usd * km / km_sum,
            est_km=ek,
            est_h=eh,
            est_usd=eu,
            sources=srcs,
        )
        for km, h, ek, eh, eu, srcs in raw
    ]


def _state(text: str) -> tuple[str, str]:
    mode, _, gauge = text.strip().partition(":")
    return mode, gauge


def _transfer_row(t: _Tables, place: str, detail: str) -> dict[str, Any] | None:
    a, _, b = (detail or "").partition("->")
    sa, sb = _state(a), _state(b)
    best: dict[str, Any] | None = None
    best_score = -1
    for row in records(t.transfers):
        if row["node"] not in ("*", place):
            continue
        ra, rb = _state(str(row["from"])), _state(str(row["to"]))
        for x, y in ((ra, rb), (rb, ra)):
            if x[0] != sa[0] or y[0] != sb[0]:
                continue
            if (x[1] and x[1] != sa[1]) or (y[1] and y[1] != sb[1]):
                continue
            score = (10 if row["node"] == place else 0) + bool(x[1]) + bool(y[1])
            if score > best_score:
                best, best_score = row, score
    return best


def _crossing_row(t: _Tables, leg: Leg, direction: str) -> dict[str, Any] | None:
    """The crossings row the border leg used: the one for its direction, else the
    both-directions row (a crossing has one or the other, see CONTRACT.md)."""
    rows = records(t.crossings[t.crossings["id"] == leg.crossing])
    by_direction = {str(r.get("direction") or ""): r for r in rows}
    return by_direction.get(direction) or by_direction.get("") or (rows[0] if rows else None)


def _stop_part(t: _Tables, leg: Leg, direction: str = "") -> _Part:
    row: dict[str, Any] | None
    if leg.kind == "border":
        row = _crossing_row(t, leg, direction)
    else:
        row = _transfer_row(t, leg.from_place, leg.detail or "")
    est = row is None or basis_of(row.get("basis"), row.get("source")) == "estimate"
    src = () if row is None else (str(row["source"]),)
    return _Part(0.0, leg.time_h, leg.cost_usd, est_km=False, est_h=est, est_usd=est, sources=src)


def _direction(legs: tuple[Leg, ...], i: int) -> str:
    """``XX>YY`` of the stop ``legs[i]``: the countries of the moves before and after it."""
    before = next((g.country for g in reversed(legs[:i]) if g.kind == "move"), "")
    after = next((g.country for g in legs[i + 1 :] if g.kind == "move"), "")
    return f"{before}>{after}" if before and after and before != after else ""


def _shares(parts: list[_Part]) -> dict[str, float]:
    def share(total: float, est: float) -> float:
        return est / total if total > 0 else 0.0

    return {
        "km": share(sum(p.km for p in parts), sum(p.km for p in parts if p.est_km)),
        "hours": share(sum(p.h for p in parts), sum(p.h for p in parts if p.est_h)),
        "cost": share(sum(p.usd for p in parts), sum(p.usd for p in parts if p.est_usd)),
    }


def with_provenance(network: Network, route: Route) -> Route:
    """The route with ``estimate_share`` (route and legs) and ``sources`` filled in.

    Parameters
    ----------
    network
        The network the route was computed on.
    route
        A route from :func:`corridor.route` and friends.

    Returns
    -------
    Route
        A copy; ``estimate_share`` is ``{"km", "hours", "cost"}`` shares in [0, 1].

    Examples
    --------
    >>> import corridor
    >>> from corridor.data import path
    >>> net = corridor.load(path("examples/tiny"))
    >>> from corridor.paths import RouteOptions
    >>> planned = RouteOptions(include_planned=True)
    >>> r = with_provenance(net, corridor.route(net, "a", "d", options=planned))
    >>> r.estimate_share["km"]
    1.0
    """
    t = _Tables(network)
    legs: list[Leg] = []
    every: list[_Part] = []
    for i, leg in enumerate(route.legs):
        if leg.kind == "move":
            parts = _move_parts(t, leg)
        else:
            parts = [_stop_part(t, leg, _direction(route.legs, i))]
        every += parts
        legs.append(dataclasses.replace(leg, estimate_share=_shares(parts)))
    sources = sorted({s for p in every for s in p.sources if s})
    return dataclasses.replace(
        route, legs=tuple(legs), estimate_share=_shares(every), sources=tuple(sources)
    )
