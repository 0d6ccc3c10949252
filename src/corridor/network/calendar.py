"""The network on a given day: calendar.csv's rules in force baked into the tables.

A rule is in force on day D when ``from_date <= D <= until_date`` (an empty bound is open),
``months`` is empty or names D's month and ``weekdays`` is empty or names D's ISO weekday
(Monday = 1, Sunday = 7: a weekly closing day). Rules in force apply in file order, so a later
rule wins over an earlier one for the status of what they both cover:

- ``closed``: the link (status ``closed``) or the crossing's modes (status ``closed``, or
  ``closed_modes`` when the rule names only some of its modes) are not routable that day;
- ``open``: the element operates with the figures of its table (a link becomes
  ``existing``; earlier factors on it are undone);
- ``restricted``: the element operates with the rule's factors, which accumulate over the
  restricted rules in force: ``speed_factor`` and ``extra_h`` on links (new columns the graph
  compiler applies), ``dwell_factor`` and ``extra_h`` baked into a crossing's
  ``dwell_median_h`` and ``dwell_p90_h``.

A crossing rule with a ``direction`` (``XX>YY``) on a crossing given for both directions
splits that crossing into one row per direction first.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from corridor.errors import InputError
from corridor.network._table import parse_date, split_pipe
from corridor.network.model import Network
from corridor.network.schema import Element, OperatingStatus, Status

__all__ = ["DayFact", "day_facts", "describe_rule", "on_date", "on_day", "rules_in_force"]


def _day(date: dt.date | str) -> dt.date:
    if isinstance(date, dt.datetime):
        return date.date()
    if isinstance(date, dt.date):
        return date
    day = parse_date(str(date).strip())
    if day is None:
        msg = f"date {date!r} is not a day YYYY-MM-DD between 1900 and 2100"
        raise InputError(msg)
    return day


def rules_in_force(calendar: pd.DataFrame, date: dt.date | str) -> pd.DataFrame:
    """The calendar rules in force on ``date``, in file order."""
    day = _day(date)
    iso = day.isoformat()
    month, weekday = str(day.month), str(day.isoweekday())
    weekdays = (
        calendar["weekdays"].astype(str)
        if "weekdays" in calendar.columns
        else pd.Series([""] * len(calendar), dtype=object)
    )
    ok = [
        (not a or a <= iso)
        and (not b or iso <= b)
        and (not m or month in split_pipe(m))
        and (not w or weekday in split_pipe(w))
        for a, b, m, w in zip(
            calendar["from_date"].astype(str),
            calendar["until_date"].astype(str),
            calendar["months"].astype(str),
            weekdays,
            strict=True,
        )
    ]
    return calendar[np.array(ok, dtype=bool)].reset_index(drop=True)


def describe_rule(rule: pd.Series) -> str:
    """A rule in a few words with its source, e.g. ``closed 2025-10-12.. (Dawn 2025-10-13)``."""
    parts = [str(rule["status"])]
    if rule["from_date"] or rule["until_date"]:
        parts.append(f"{rule['from_date']}..{rule['until_date']}")
    if rule["months"]:
        parts.append(f"months {rule['months']}")
    if rule.get("weekdays", ""):
        parts.append(f"weekdays {rule['weekdays']}")
    if rule["modes"]:
        parts.append(f"{rule['modes']} only")
    if rule["direction"]:
        parts.append(str(rule["direction"]))
    for col, fmt in (("speed_factor", "speed x{:g}"), ("dwell_factor", "dwell x{:g}")):
        if np.isfinite(rule[col]):
            parts.append(fmt.format(rule[col]))
    if np.isfinite(rule["extra_h"]):
        parts.append(f"+{rule['extra_h']:g} h")
    return " ".join(parts) + f" ({rule['source']})"


def _factor(rule: pd.Series, col: str, neutral: float) -> float:
    value = float(rule[col])
    return value if np.isfinite(value) else neutral


def _apply_links(links: pd.DataFrame, rules: pd.DataFrame) -> pd.DataFrame:
    links = links.copy()
    row = {lid: i for i, lid in enumerate(links["id"])}
    status = links["status"].tolist()
    speed = links["speed_factor"].to_numpy(dtype=np.float64).copy()
    extra = links["extra_h"].to_numpy(dtype=np.float64).copy()
    base_speed, base_extra = speed.copy(), extra.copy()
    for _, rule in rules[rules["element"] == Element.LINK].iterrows():
        i = row.get(str(rule["id"]))
        if i is None:
            continue
        if rule["status"] == OperatingStatus.CLOSED:
            status[i] = Status.CLOSED.value
            continue
        status[i] = Status.EXISTING.value
        if rule["status"] == OperatingStatus.OPEN:
            speed[i], extra[i] = base_speed[i], base_extra[i]
        else:
            speed[i] *= _factor(rule, "speed_factor", 1.0)
            extra[i] += _factor(rule, "extra_h", 0.0)
    links["status"] = status
    links["speed_factor"] = speed
    links["extra_h"] = extra
    return links


def _split_directions(crossings: pd.DataFrame, rules: pd.DataFrame) -> pd.DataFrame:
    """One row per direction for every two-way crossing a directed rule names."""
    directed = rules[(rules["element"] == Element.CROSSING) & (rules["direction"] != "")]
    split = set(directed["id"])
    rows = []
    for rec in crossings.to_dict("records"):
        if rec["id"] in split and rec["direction"] == "":
            a, b = split_pipe(str(rec["countries"]))
            rows += [{**rec, "direction": f"{a}>{b}"}, {**rec, "direction": f"{b}>{a}"}]
        else:
            rows.append(rec)
    return pd.DataFrame(rows, columns=crossings.columns)


@dataclass
class _CrossingState:
    """What the rules in force did to one crossing row."""

    modes: list[str]
    closed: set[str]
    restricted: bool
    dwell_factor: float = 1.0
    extra_h: float = 0.0
    touched: bool = field(default=False)

    def apply(self, rule: pd.Series) -> None:
        covered = set(split_pipe(str(rule["modes"]))) or set(self.modes)
        self.touched = True
        if rule["status"] == OperatingStatus.CLOSED:
            self.closed |= covered & set(self.modes)
            return
        self.closed -= covered
        if rule["status"] == OperatingStatus.OPEN:
            if covered >= set(self.modes):
                self.restricted, self.dwell_factor, self.extra_h = False, 1.0, 0.0
            return
        self.restricted = True
        self.dwell_factor *= _factor(rule, "dwell_factor", 1.0)
        self.extra_h += _factor(rule, "extra_h", 0.0)

    def status(self) -> tuple[str, str]:
        """(status, closed_modes) of the row after the rules."""
        if self.closed >= set(self.modes):
            return OperatingStatus.CLOSED.value, ""
        partial = "|".join(m for m in self.modes if m in self.closed)
        return (
            OperatingStatus.RESTRICTED if self.restricted else OperatingStatus.OPEN
        ).value, partial


def _apply_crossings(crossings: pd.DataFrame, rules: pd.DataFrame) -> pd.DataFrame:
    x = _split_directions(crossings, rules).reset_index(drop=True)
    states = [
        _CrossingState(
            modes=split_pipe(str(m)),
            closed=set(split_pipe(str(m)))
            if s == OperatingStatus.CLOSED
            else set(split_pipe(str(c))),
            restricted=s == OperatingStatus.RESTRICTED,
        )
        for m, s, c in zip(x["modes"], x["status"], x["closed_modes"], strict=True)
    ]
    ids, dirs = x["id"].tolist(), x["direction"].tolist()
    for _, rule in rules[rules["element"] == Element.CROSSING].iterrows():
        for i, (cid, d) in enumerate(zip(ids, dirs, strict=True)):
            if cid == rule["id"] and (rule["direction"] == "" or rule["direction"] == d):
                states[i].apply(rule)
    result = [
        st.status() if st.touched else (s, c)
        for st, s, c in zip(states, x["status"], x["closed_modes"], strict=True)
    ]
    factor = np.array([st.dwell_factor for st in states], dtype=np.float64)
    extra = np.array([st.extra_h for st in states], dtype=np.float64)
    x["status"] = [s for s, _ in result]
    x["closed_modes"] = [c for _, c in result]
    x["closed"] = x["status"] == OperatingStatus.CLOSED
    for col in ("dwell_median_h", "dwell_p90_h", "block_median_h", "block_p90_h"):
        if col in x.columns:  # a block-train figure (NaN where none) changes alike
            x[col] = x[col].to_numpy(dtype=np.float64) * factor + extra
    return x


def _reasons(rules: pd.DataFrame) -> dict[str, str]:
    out: dict[str, list[str]] = {}
    for _, rule in rules.iterrows():
        out.setdefault(str(rule["id"]), []).append(describe_rule(rule))
    return {k: "; ".join(v) for k, v in out.items()}


def on_date(network: Network, date: dt.date | str) -> Network:
    """The network as it operates on ``date`` (pure: ``network`` is not changed).

    The statuses and factors of the calendar rules in force that day are baked into the
    links and crossings tables; the result records ``date`` and ``reasons`` (element id ->
    the rules that applied, each with its source).

    Raises
    ------
    InputError
        If ``date`` is not a day ``YYYY-MM-DD``, or ``network`` was already evaluated on
        another day (evaluate the network as loaded instead).

    Examples
    --------
    >>> from corridor.data import path
    >>> from corridor.network import Network
    >>> day = on_date(Network.from_dir(path("examples/tiny")), "2025-11-01")
    >>> day.reasons["e_road"]
    'closed 2025-10-12.. (hand-made: a closure like the AF-PK one)'
    """
    day = _day(date)
    if network.date is not None:
        if network.date == day:
            return network
        msg = (
            f"network already evaluated on {network.date.isoformat()}; "
            f"evaluate the network as loaded for {day.isoformat()}"
        )
        raise InputError(msg)
    rules = rules_in_force(network.calendar, day)
    return network.replace(
        links=_apply_links(network.links, rules),
        crossings=_apply_crossings(network.crossings, rules),
        date=day,
        reasons=_reasons(rules),
    )


def on_day(network: Network, date: dt.date | str | None = None) -> Network:
    """The network on ``date``, by default on the day it describes (``network.as_of``).

    A network without an ``as_of`` date (no meta.csv) and no ``date`` is returned as
    loaded. This is what the CLI routes on: ``--date`` or, without it, the as-of date.

    Examples
    --------
    >>> from corridor.data import path
    >>> from corridor.network import Network
    >>> net = Network.from_dir(path("network"))
    >>> on_day(net).date == net.as_of
    True
    """
    if date is None:
        date = network.as_of
    return network if date is None else on_date(network, date)


DayFact = tuple[str, str, tuple[str, ...], tuple[str, ...], str]
"""(element ``link|crossing``, status that day, countries, modes, rule text) of one element
a calendar rule changed on the day."""


def _crossing_status(rows: list[dict[str, object]]) -> str:
    closed = [str(r["status"]) == OperatingStatus.CLOSED for r in rows]
    if all(closed):
        return "closed"
    if any(closed) or any(str(r["closed_modes"]) for r in rows):
        return "partly closed"
    if any(str(r["status"]) == OperatingStatus.RESTRICTED for r in rows):
        return "restricted"
    return "open"


def day_facts(day: Network) -> dict[str, DayFact]:
    """What the calendar did on ``day.date`` to each element it changed (``day.reasons``):
    plain tuples (JSON-ready, no pandas needed to read them back).

    A link is ``closed``, ``restricted`` (open with a slowdown or a wait) or its table
    status; a crossing ``closed``, ``partly closed`` (some modes or one direction),
    ``restricted`` or ``open``.
    """
    reasons = day.reasons
    if not reasons:
        return {}
    country = dict(zip(day.nodes["id"], day.nodes["country"], strict=True))
    out: dict[str, DayFact] = {}
    links = day.links[day.links["id"].isin(list(reasons))]
    for rec in links.to_dict("records"):
        slow = float(rec["speed_factor"]) != 1.0 or float(rec["extra_h"]) != 0.0
        status = str(rec["status"])
        state = "restricted" if slow and status == Status.EXISTING else status
        where = tuple(sorted({country[rec["from"]], country[rec["to"]]}))
        out[str(rec["id"])] = ("link", state, where, (str(rec["mode"]),), reasons[rec["id"]])
    rows: dict[str, list[dict[str, object]]] = {}
    crossings = day.crossings[day.crossings["id"].isin(list(reasons))]
    for rec in crossings.to_dict("records"):
        rows.setdefault(str(rec["id"]), []).append({str(k): v for k, v in rec.items()})
    for cid, recs in rows.items():
        out[cid] = (
            "crossing",
            _crossing_status(recs),
            tuple(split_pipe(str(recs[0]["countries"]))),
            tuple(split_pipe(str(recs[0]["modes"]))),
            reasons[cid],
        )
    return out
