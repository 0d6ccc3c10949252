"""Checks of the optional rights table (rights.csv): who may drive where.

One row says what trucks registered in ``carrier`` may do in ``country`` (``transit``,
``deliver``, ``zone`` with the places of the zone, or ``none``), from the agreement or rule
named in ``source``, optionally between ``from_date`` and ``until_date``. ``*`` stands for
every foreign carrier or every country; a carrier always has every right at home.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from corridor.network._table import ISO2, Table, parse_date, split_pipe
from corridor.network.schema import Right

RIGHTS_COLUMNS = (
    "carrier",
    "country",
    "right",
    "zone",
    "from_date",
    "until_date",
    "source",
    "basis",
    "notes",
)


def empty_rights() -> pd.DataFrame:
    """A typed rights table with no rows (no restriction: every truck goes everywhere)."""
    return pd.DataFrame({c: pd.Series([], dtype=object) for c in RIGHTS_COLUMNS})


def _codes(t: Table, name: str) -> list[str]:
    values = t.col(name)
    for i, v in enumerate(values):
        if v != "*" and not ISO2.match(v):
            t.error(i, name, f"{v!r} is not an ISO 3166-1 alpha-2 code (e.g. KZ) or *")
    return values


def _zones(
    t: Table, rights: list[str], countries: list[str], node_country: dict[str, str]
) -> list[str]:
    zones = t.col("zone")
    for i, (r, c, z) in enumerate(zip(rights, countries, zones, strict=True)):
        places = split_pipe(z)
        if r == Right.ZONE and not places:
            t.error(i, "zone", "a zone right lists its places (place ids separated by |)")
        elif r != Right.ZONE and places:
            t.error(i, "zone", f"only a zone right lists places (right is {r!r})")
        for p in places:
            if p not in node_country:
                t.error(i, "zone", f"unknown place {p!r} (not in nodes.csv)")
            elif c != "*" and node_country[p] != c:
                t.error(i, "zone", f"place {p!r} is in {node_country[p]}, not {c}")
    return zones


def _dates(t: Table) -> tuple[list[str], list[str]]:
    out = []
    for name in ("from_date", "until_date"):
        values = t.col(name)
        for i, v in enumerate(values):
            if v and parse_date(v) is None:
                t.error(i, name, f"{v!r} is not a date YYYY-MM-DD between 1900 and 2100")
                values[i] = ""
        out.append(values)
    for i, (a, b) in enumerate(zip(*out, strict=True)):
        if a and b and b < a:
            t.error(i, "until_date", f"{b} is before from_date {a}")
    return out[0], out[1]


def check_rights(t: Table, node_country: dict[str, str]) -> pd.DataFrame:
    """The typed rights table, rows in file order."""
    carriers = _codes(t, "carrier")
    countries = _codes(t, "country")
    rights = t.enum("right", tuple(r.value for r in Right))
    for i, (c, y) in enumerate(zip(carriers, countries, strict=True)):
        if c == y and c != "*":
            t.error(i, "country", f"a carrier has every right at home ({c} in {y})")
    zones = _zones(t, rights, countries, node_country)
    from_date, until_date = _dates(t)
    return pd.DataFrame(
        {
            "carrier": carriers,
            "country": countries,
            "right": rights,
            "zone": zones,
            "from_date": from_date,
            "until_date": until_date,
            "source": t.nonempty("source"),
            "basis": t.basis(),
            "notes": t.col("notes"),
        }
    )


def rights_in_force(rights: pd.DataFrame, day: dt.date | None) -> pd.DataFrame:
    """The rows in force on ``day`` (every row when ``day`` is None), in file order."""
    if day is None or rights.empty:
        return rights
    iso = day.isoformat()
    ok = [
        (not a or a <= iso) and (not b or iso <= b)
        for a, b in zip(rights["from_date"].tolist(), rights["until_date"].tolist(), strict=True)
    ]
    return rights[np.array(ok, dtype=bool)].reset_index(drop=True)


Rule = tuple[str, str, str, tuple[str, ...]]
"""One rights row: carrier, country, right, zone places."""


def rules(rights: pd.DataFrame) -> list[Rule]:
    """The rows of a rights table as plain tuples, in file order (for :func:`right_in`)."""
    return [
        (str(c), str(y), str(r), tuple(split_pipe(str(z))))
        for c, y, r, z in zip(
            rights["carrier"], rights["country"], rights["right"], rights["zone"], strict=True
        )
    ]


def right_in(rows: list[Rule], carrier: str, country: str) -> tuple[str, tuple[str, ...]]:
    """(right, zone places) of ``carrier`` trucks in ``country``: home = transit; else the
    most specific row (carrier and country, then ``*`` and country, then carrier and ``*``,
    then ``*`` and ``*``), the later row winning among equals; no row = transit."""
    if carrier == country:
        return Right.TRANSIT.value, ()
    best: tuple[int, int] = (-1, -1)
    for k, (c, y, _, _) in enumerate(rows):
        if c not in (carrier, "*") or y not in (country, "*"):
            continue
        score = (2 if y == country else 0) + (1 if c == carrier else 0)
        if (score, k) >= best:
            best = (score, k)
    if best[1] < 0:
        return Right.TRANSIT.value, ()
    _, _, right, zone = rows[best[1]]
    return right, zone
