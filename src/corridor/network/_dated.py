"""Checks of the optional dated tables: calendar.csv (rules by date and month) and meta.csv."""

from __future__ import annotations

import numpy as np
import pandas as pd

from corridor.network._table import DIRECTION, SLUG, Table, parse_date, split_pipe
from corridor.network.schema import BOUNDS, Element, Mode, OperatingStatus

_ONLY = {"speed_factor": Element.LINK, "dwell_factor": Element.CROSSING}


def _dates(t: Table) -> tuple[list[str], list[str]]:
    out: dict[str, list[str]] = {}
    for name in ("from_date", "until_date"):
        out[name] = t.col(name)
        for i, text in enumerate(out[name]):
            if text and parse_date(text) is None:
                t.error(i, name, f"{text!r} is not a date YYYY-MM-DD between 1900 and 2100")
                out[name][i] = ""
    for i, (a, b) in enumerate(zip(out["from_date"], out["until_date"], strict=True)):
        if a and b and b < a:
            t.error(i, "until_date", f"{b} is before from_date {a}")
    return out["from_date"], out["until_date"]


def _months(t: Table) -> list[str]:
    values = t.col("months")
    for i, text in enumerate(values):
        parts = split_pipe(text)
        ok = all(p.isascii() and p.isdigit() and len(p) <= 2 and 1 <= int(p) <= 12 for p in parts)
        if not ok or len(set(parts)) != len(parts):
            t.error(
                i, "months", f"{text!r} must be month numbers 1..12 separated by |, e.g. 12|1|2"
            )
            values[i] = ""
    return values


def _weekdays(t: Table) -> list[str]:
    values = t.col("weekdays")
    for i, text in enumerate(values):
        parts = split_pipe(text)
        ok = all(p.isascii() and p.isdigit() and 1 <= int(p) <= 7 for p in parts)
        if not ok or len(set(parts)) != len(parts):
            t.error(
                i,
                "weekdays",
                f"{text!r} must be ISO weekdays 1..7 (Monday = 1) separated by |, e.g. 6|7",
            )
            values[i] = ""
    return values


def _targets(
    t: Table, elements: list[str], links: pd.DataFrame, crossings: pd.DataFrame
) -> tuple[list[str], list[str]]:
    """Check id, modes and direction against the element each rule names."""
    link_mode = dict(zip(links["id"].tolist(), links["mode"].tolist(), strict=True))
    cross: dict[str, tuple[str, str]] = {}
    for cid, countries, modes in zip(
        *(crossings[c].tolist() for c in ("id", "countries", "modes")), strict=True
    ):
        cross.setdefault(cid, (countries, modes))
    ids, modes, dirs = t.col("id"), t.col("modes"), t.col("direction")
    all_modes = tuple(m.value for m in Mode)
    for i, (el, eid, m, d) in enumerate(zip(elements, ids, modes, dirs, strict=True)):
        parts = split_pipe(m)
        if any(p not in all_modes for p in parts) or len(set(parts)) != len(parts):
            t.error(i, "modes", f"{m!r}: choose modes from {list(all_modes)} separated by |")
            continue
        if el == Element.LINK:
            if eid not in link_mode:
                t.error(i, "id", f"unknown link {eid!r} (not in links.csv)")
            elif parts and link_mode[eid] not in parts:
                t.error(i, "modes", f"link {eid!r} is {link_mode[eid]}: the rule never applies")
            if d:
                t.error(i, "direction", "only crossing rules have a direction")
        elif el == Element.CROSSING:
            if eid not in cross:
                t.error(i, "id", f"unknown crossing {eid!r} (not in crossings.csv)")
                continue
            countries, have = cross[eid]
            if parts and not set(parts) & set(split_pipe(have)):
                t.error(i, "modes", f"crossing {eid!r} serves {have}: the rule never applies")
            match = DIRECTION.match(d)
            if d and (match is None or {match[1], match[2]} != set(split_pipe(countries))):
                a, b = [*split_pipe(countries), "XX", "YY"][:2]
                t.error(i, "direction", f"{d!r} must be {a}>{b}, {b}>{a} or empty")
    return modes, dirs


def _factors(t: Table, elements: list[str], status: list[str]) -> dict[str, np.ndarray]:
    out = {}
    for name in CALENDAR_FLOATS:
        out[name] = t.floats(name, required=False, bound=BOUNDS[name])
        for i in np.flatnonzero(~np.isnan(out[name])):
            only = _ONLY.get(name)
            if status[i] != OperatingStatus.RESTRICTED:
                t.error(int(i), name, f"factors apply to status restricted, not {status[i]!r}")
            elif only is not None and elements[i] != only:
                t.error(int(i), name, f"{name} applies to {only} rules only")
    return out


def check_calendar(t: Table, links: pd.DataFrame, crossings: pd.DataFrame) -> pd.DataFrame:
    """The typed calendar: rules in file order, dates as ISO text (empty = unbounded)."""
    elements = t.enum("element", tuple(e.value for e in Element))
    status = t.enum("status", tuple(s.value for s in OperatingStatus))
    from_date, until_date = _dates(t)
    months = _months(t)
    weekdays = _weekdays(t)
    modes, dirs = _targets(t, elements, links, crossings)
    factors = _factors(t, elements, status)
    return pd.DataFrame(
        {
            "element": elements,
            "id": t.col("id"),
            "status": status,
            "from_date": from_date,
            "until_date": until_date,
            "months": months,
            "weekdays": weekdays,
            "modes": modes,
            "direction": dirs,
            **factors,
            "source": t.nonempty("source"),
            "basis": t.basis(),
            "notes": t.col("notes"),
        }
    )


def check_meta(t: Table) -> pd.DataFrame:
    """The typed meta table (key, value); ``as_of`` must be a date."""
    keys, values = t.col("key"), t.col("value")
    first: dict[str, int] = {}
    for i, (k, v) in enumerate(zip(keys, values, strict=True)):
        if not SLUG.match(k):
            t.error(i, "key", f"{k!r} is not a lower_snake key, e.g. as_of")
        elif k in first:
            t.error(i, "key", f"duplicate key {k!r} (first on line {t.lines[first[k]]})")
        first.setdefault(k, i)
        if k == "as_of" and parse_date(v) is None:
            t.error(i, "value", f"as_of {v!r} is not a date YYYY-MM-DD between 1900 and 2100")
    return pd.DataFrame(
        {"key": keys, "value": values, "source": t.col("source"), "notes": t.col("notes")}
    )


CALENDAR_FLOATS = ("speed_factor", "dwell_factor", "extra_h")
CALENDAR_TEXT = (
    "element",
    "id",
    "status",
    "from_date",
    "until_date",
    "months",
    "weekdays",
    "modes",
    "direction",
)


def empty_calendar() -> pd.DataFrame:
    """A typed calendar with no rules."""
    cols = [*CALENDAR_TEXT, *CALENDAR_FLOATS, "source", "basis", "notes"]
    return pd.DataFrame(
        {c: pd.Series([], dtype=np.float64 if c in CALENDAR_FLOATS else object) for c in cols}
    )


def empty_meta() -> pd.DataFrame:
    """A typed meta table with no keys."""
    return pd.DataFrame(
        {c: pd.Series([], dtype=object) for c in ("key", "value", "source", "notes")}
    )
