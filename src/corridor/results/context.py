"""What a result was computed on: the day, the network's as-of date and the scenario.

Every result of the library (a :class:`~corridor.results.route.Route`, a comparison, a
Pareto front, flows, a scenario diff, a criticality ranking) carries one
:class:`Context`, taken from the network or graph it was computed on
(:func:`corridor.load` sets it; see docs/api.md, "The network of the day").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any


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
