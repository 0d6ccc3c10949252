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

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from corridor.day import Day
    from corridor.graph.model import Graph
    from corridor.network.calendar import DayFact
    from corridor.network.model import Network
    from corridor.results.route import Route

__all__ = ["DateChange", "changes_from_facts", "changes_on_day", "date_changes"]

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
        """One line: ``on DATE: ID STATUS (RULE (SOURCE)) — EFFECT``."""
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


def changes_from_facts(
    date: str, facts: Mapping[str, DayFact], dated: Route, undated: Route | None
) -> tuple[DateChange, ...]:
    """:func:`date_changes` from :func:`corridor.network.calendar.day_facts` (what the CLI
    keeps beside a cached graph of the day)."""
    used = set(dated.links) | set(dated.crossings)
    before = set() if undated is None else set(undated.links) | set(undated.crossings)
    changed = undated is not None and (
        undated.links != dated.links or undated.crossings != dated.crossings
    )
    countries = set(dated.countries)
    modes = {leg.mode for leg in dated.legs if leg.mode}
    found: list[DateChange] = []
    for eid, (element, status, where, serves, rule) in facts.items():
        if changed and eid in before and eid not in used:
            effect = EFFECTS[0]
        elif eid in used:
            effect = EFFECTS[1]
        elif (
            status in ("closed", "partly closed")
            and countries.intersection(where)
            and modes.intersection(serves)
        ):
            effect = EFFECTS[2]
        else:
            continue
        found.append(DateChange(date, element, eid, status, rule, effect))
    return tuple(sorted(found, key=lambda c: (EFFECTS.index(c.effect), c.id)))


def changes_on_day(
    day: Day, dated: Route, query: Callable[[Graph | Network], Route]
) -> tuple[DateChange, ...]:
    """The rules of ``day`` (:func:`corridor.day.open_day`) that changed ``dated`` or lie
    near it; ``query`` asks the same question of the undated network (the "before")."""
    from corridor.errors import NoRouteError

    if day.date is None or not day.facts or day.undated is None:
        return ()
    try:
        before: Route | None = query(day.undated())
    except NoRouteError:
        before = None
    return changes_from_facts(day.date, day.facts, dated, before)


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
    >>> tiny = corridor.load(path("examples/tiny"), date="undated")
    >>> day = on_date(tiny, "2025-11-01")
    >>> [c.text()[:40] for c in date_changes(
    ...     day, corridor.route(day, "a", "d"), corridor.route(tiny, "a", "d"))]
    ['on 2025-11-01: e_road closed (closed 202']
    """
    from corridor.network.calendar import day_facts

    if day.date is None:
        return ()
    return changes_from_facts(day.date.isoformat(), day_facts(day), dated, undated)
