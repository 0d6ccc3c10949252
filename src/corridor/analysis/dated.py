"""Why a route differs on a date: the calendar rules in force that day that touch it.

The caller routes twice, on the network as loaded (no calendar rules: every element as its
table gives it) and on the network of the day (:func:`corridor.network.calendar.on_date`);
:func:`date_changes` compares the two routes and lists, for each element a rule changed that
day (``Network.reasons``):

- ``route changed``: the undated route uses it, the route of the day does not (it is closed
  or slowed that day, so the route went another way);
- ``on route``: the route of the day uses it with the rule's factors (a slowdown, a wait);
- ``nearby``: closed that day, not used, at a border or in a country the route passes, for
  a mode the route uses (e.g. the other Afghanistan-Pakistan crossings).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from corridor.network._table import split_pipe

if TYPE_CHECKING:
    from corridor.network.model import Network
    from corridor.results.route import Route

__all__ = ["DateChange", "date_changes"]

EFFECTS = ("route changed", "on route", "nearby")


@dataclass(frozen=True, slots=True)
class DateChange:
    """One calendar rule (or several on one element) in force on ``date`` near a route."""

    date: str
    element: str
    """``link`` or ``crossing``."""
    id: str
    status: str
    """The element's status that day: ``closed``, ``partly closed``, ``restricted``, ``open``."""
    rule: str
    """The rule(s) in words with their source (:func:`corridor.network.calendar.describe_rule`)."""
    effect: str
    """One of ``route changed``, ``on route``, ``nearby``."""

    def text(self) -> str:
        """One line, e.g. ``on 2025-11-01: torkham_road closed (closed 2025-10-12.. (Dawn))
        — route changed``."""
        return f"on {self.date}: {self.id} {self.status} ({self.rule}) — {self.effect}"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict (the ``date_changes`` entries of a route's JSON)."""
        return {
            "date": self.date,
            "element": self.element,
            "id": self.id,
            "status": self.status,
            "rule": self.rule,
            "effect": self.effect,
            "text": self.text(),
        }


def _crossing_status(rows: list[dict[str, Any]]) -> str:
    closed = [str(r["status"]) == "closed" for r in rows]
    if all(closed):
        return "closed"
    if any(closed) or any(str(r["closed_modes"]) for r in rows):
        return "partly closed"
    if any(str(r["status"]) == "restricted" for r in rows):
        return "restricted"
    return "open"


def _elements(day: Network) -> dict[str, tuple[str, str, set[str], set[str]]]:
    """Element id -> (element, status that day, countries, modes)."""
    country = dict(zip(day.nodes["id"], day.nodes["country"], strict=True))
    out: dict[str, tuple[str, str, set[str], set[str]]] = {}
    slowed = (day.links["speed_factor"].fillna(1.0) != 1.0) | (day.links["extra_h"].fillna(0.0) != 0.0)
    for lid, a, b, mode, status, slow in zip(
        day.links["id"],
        day.links["from"],
        day.links["to"],
        day.links["mode"],
        day.links["status"],
        slowed,
        strict=True,
    ):
        state = "restricted" if slow and status == "existing" else str(status)
        out[str(lid)] = ("link", state, {country[a], country[b]}, {str(mode)})
    rows: dict[str, list[dict[str, Any]]] = {}
    for rec in day.crossings.to_dict("records"):
        rows.setdefault(str(rec["id"]), []).append(rec)
    for cid, recs in rows.items():
        out[cid] = (
            "crossing",
            _crossing_status(recs),
            set(split_pipe(str(recs[0]["countries"]))),
            set(split_pipe(str(recs[0]["modes"]))),
        )
    return out


def date_changes(day: Network, dated: Route, undated: Route | None) -> tuple[DateChange, ...]:
    """The rules in force on ``day.date`` that changed ``dated`` or are near it.

    Parameters
    ----------
    day
        The network of the day (from :func:`corridor.network.calendar.on_date`).
    dated
        The route on ``day``.
    undated
        The same query on the network as loaded (None if it had no route).

    Returns
    -------
    tuple of DateChange
        ``route changed`` entries first, then ``on route``, then ``nearby``; empty when no
        rule is in force that day or the network has no date.

    Examples
    --------
    >>> import corridor
    >>> from corridor.data import path
    >>> from corridor.network.calendar import on_date
    >>> tiny = corridor.load(path("examples/tiny"))
    >>> day = on_date(tiny, "2025-11-01")
    >>> [c.text()[:40] for c in date_changes(
    ...     day, corridor.route(day, "a", "d"), corridor.route(tiny, "a", "d"))]
    ['on 2025-11-01: e_road closed (closed 2025']
    """
    if day.date is None or not day.reasons:
        return ()
    elements = _elements(day)
    used = set(dated.links) | set(dated.crossings)
    before = set() if undated is None else set(undated.links) | set(undated.crossings)
    changed = undated is not None and (
        undated.links != dated.links or undated.crossings != dated.crossings
    )
    countries = set(dated.countries)
    modes = {leg.mode for leg in dated.legs if leg.mode}
    found: list[DateChange] = []
    for eid, rule in day.reasons.items():
        if eid not in elements:
            continue
        element, status, where, serves = elements[eid]
        if changed and eid in before and eid not in used:
            effect = EFFECTS[0]
        elif eid in used:
            effect = EFFECTS[1]
        elif status in ("closed", "partly closed") and where & countries and serves & modes:
            effect = EFFECTS[2]
        else:
            continue
        found.append(DateChange(day.date.isoformat(), element, eid, status, rule, effect))
    return tuple(sorted(found, key=lambda c: (EFFECTS.index(c.effect), c.id)))
