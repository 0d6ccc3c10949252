"""What a result was computed on: the day, the network's as-of date and the scenario.

Every result of the library (a :class:`~corridor.results.route.Route`, a comparison, a
Pareto front, flows, a scenario diff, a criticality ranking) carries one
:class:`Context`, taken from the network or graph it was computed on
(:func:`corridor.load` sets it; see docs/api.md, "The network of the day").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol


def _iso(value: dt.date | str | None) -> str | None:
    if value is None:
        return None
    return value.isoformat() if isinstance(value, dt.date) else str(value)


@dataclass(frozen=True, slots=True)
class Context:
    """The network of the day a result was computed on.

    ``date`` is the day evaluated (the calendar's closures and seasons of that day; None:
    the undated tables), ``as_of`` the day the network describes (meta.csv), ``scenario``
    the name of the scenario applied after the calendar (None: none).

    Examples
    --------
    >>> Context(date="2026-02-06", as_of="2026-02-06").to_dict()
    {'network_as_of': '2026-02-06', 'date': '2026-02-06', 'scenario': None}
    """

    date: str | None = None
    as_of: str | None = None
    scenario: str | None = None

    @classmethod
    def of(
        cls,
        date: dt.date | str | None,
        as_of: dt.date | str | None,
        scenario: str | None = None,
    ) -> Context:
        """A context from dates given as ``datetime.date`` or text."""
        return cls(_iso(date), _iso(as_of), scenario)

    def to_dict(self) -> dict[str, Any]:
        """The JSON keys every output carries: ``network_as_of``, ``date``, ``scenario``."""
        return {"network_as_of": self.as_of, "date": self.date, "scenario": self.scenario}

    def describe(self) -> str:
        """One line for a table header, e.g. ``network as of 2026-02-06, date 2026-03-01``."""
        if self.as_of is None and self.date is None:
            head = "network date not given"
        else:
            head = f"network as of {self.as_of or 'not stated'}"
            if self.date is None:
                head += " (undated tables)"
            elif self.date != self.as_of:
                head += f", evaluated on {self.date}"
        if self.scenario:
            head += f", scenario {self.scenario}"
        return head


__all__ = ["Context"]


class _Match(Protocol):
    @property
    def query(self) -> str: ...
    @property
    def match(self) -> str: ...


@dataclass(frozen=True, slots=True)
class Naming:
    """How a question named its origin and destination: the texts given (``*_query``) and
    how each named its place (``*_match``: ``exact`` id or name, ``alias``, ``prefix`` word
    start or ``fuzzy`` typo; see :func:`corridor.paths.place_match`). None: not recorded.

    Every result asked between two places carries one (a route has the same four fields),
    so that the CLI's ``--json``, the API and the service say alike when a name was guessed.

    Examples
    --------
    >>> from corridor.network.places import PlaceMatch
    >>> Naming.of([PlaceMatch(3, "almty", "fuzzy"), PlaceMatch(7, "karachi", "alias")]).to_dict()
    {'origin_query': 'almty', 'origin_match': 'fuzzy', 'destination_query': 'karachi', \
'destination_match': 'alias'}
    """

    origin_query: str | None = None
    origin_match: str | None = None
    destination_query: str | None = None
    destination_match: str | None = None

    @classmethod
    def of(cls, matches: Sequence[_Match]) -> Naming:
        """From the matches of the origin and the destination texts (first and last)."""
        if len(matches) < 2:
            return cls()
        a, b = matches[0], matches[-1]
        return cls(a.query, a.match, b.query, b.match)

    def to_dict(self) -> dict[str, Any]:
        """The four JSON keys ``origin_query``, ``origin_match``, ``destination_query``,
        ``destination_match``."""
        return {
            "origin_query": self.origin_query,
            "origin_match": self.origin_match,
            "destination_query": self.destination_query,
            "destination_match": self.destination_match,
        }
