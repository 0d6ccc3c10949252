"""Request checks of the service: each failure names the query field it is about."""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from corridor.errors import InputError

if TYPE_CHECKING:
    from corridor.graph.model import Graph


class FieldError(InputError):
    """A bad value of one request field (HTTP 422 naming ``field``)."""

    def __init__(self, field: str, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.field = field
        self.extra = extra


class PlaceNotFound(FieldError):
    """No place matches (HTTP 404, with the closest places as ``suggestions``)."""


@dataclass(frozen=True, slots=True)
class Limits:
    """Bounds on the work one request may ask for (past them: HTTP 422 naming the field,
    413/414 for the request's size)."""

    max_alternatives: int = 10
    max_pairs: int = 60
    max_top: int = 200
    max_labels: int = 500_000
    max_labels_per_vertex: int = 5_000
    max_url_chars: int = 4_096
    max_body_bytes: int = 16_384
    max_place_chars: int = 100
    heavy_timeout_s: float = 300.0


def check_date(date: str | None) -> str | None:
    """``date`` if it is a day YYYY-MM-DD (None: the network's as-of date)."""
    if date is None or date == "":
        return None
    try:
        day = dt.date.fromisoformat(date)
    except ValueError:
        day = None
    if day is None or len(date) != 10 or not 1900 <= day.year <= 2100:
        msg = f"date {date!r} is not a day YYYY-MM-DD between 1900 and 2100"
        raise FieldError("date", msg)
    return date


def check_scenario(name: str | None, field: str = "scenario") -> str | None:
    """A shipped scenario name (a request never names a file)."""
    if name is None or name == "":
        return None
    from corridor.scenarios import shipped

    menu = shipped()
    if name not in menu:
        msg = f"unknown scenario {name!r}; choose from {menu}"
        raise FieldError(field, msg, choices=menu)
    return name


def check_choices(field: str, text: str | None, menu: list[str], *, most: int = 99) -> None:
    """Every comma-separated item of ``text`` is in ``menu``."""
    if not text:
        return
    items = [p.strip() for p in text.split(",") if p.strip()]
    bad = [p for p in items if p not in menu]
    if bad:
        msg = f"{field}: unknown {bad[0]!r}; choose from {menu}"
        raise FieldError(field, msg, choices=menu)
    if len(items) > most:
        msg = f"{field}: at most {most} items"
        raise FieldError(field, msg)


def check_pairs(pairs: str | None, limit: int) -> str | None:
    """``a:b,c:d`` with at most ``limit`` pairs."""
    if not pairs:
        return None
    items = [p for p in pairs.split(",") if p.strip()]
    if any(p.count(":") != 1 or "" in [s.strip() for s in p.split(":")] for p in items):
        msg = "pairs: write origin:destination pairs separated by commas"
        raise FieldError("pairs", msg)
    if len(items) > limit:
        msg = f"pairs: {len(items)} pairs asked, at most {limit} per request"
        raise FieldError("pairs", msg, limit=limit)
    return pairs


def suggestions(graph: Graph, text: str, n: int = 5) -> list[dict[str, str]]:
    """The places closest to ``text`` (word starts first, then spelling)."""
    from corridor.network.places import normalise

    lab = graph.labels
    q = normalise(text)
    countries = [lab.countries[c] for c in lab.node_country]
    owner: dict[str, int] = {}
    for i, pid in enumerate(lab.node_ids):
        keys = {normalise(pid), normalise(lab.node_names[i])}
        keys |= {normalise(a) for a in lab.node_aliases[i]}
        for k in keys:
            owner.setdefault(k, i)
    hits = [i for k, i in owner.items() if q and q[:3] in k]
    hits += [owner[k] for k in difflib.get_close_matches(q, list(owner), n=n, cutoff=0.5)]
    picked = list(dict.fromkeys(hits))[:n]
    return [
        {"id": lab.node_ids[i], "name": lab.node_names[i], "country": countries[i]} for i in picked
    ]


def resolve(graph: Graph, text: str, field: str, *, strict: bool = False) -> str | None:
    """Check that ``text`` names one place; return the notice when it was read as a guess
    (a word start or a typo: "'almati' read as Almaty (kz_almaty)"), None when exact or
    an alias (:func:`corridor.paths.place_match`).

    Raises PlaceNotFound (404, with suggestions; also a guess under ``strict``) or
    FieldError (422: ambiguous, with ``candidates``)."""
    from corridor.errors import AmbiguousPlaceError, UnknownIdError
    from corridor.paths import graph_places, place_match

    try:
        m = place_match(graph, text, strict=strict)
    except AmbiguousPlaceError as exc:
        raise FieldError(field, f"{field}: {exc}", candidates=list(exc.candidates)) from None
    except UnknownIdError as exc:
        found = suggestions(graph, text)
        raise PlaceNotFound(field, f"{field}: {exc}", suggestions=found) from None
    return graph_places(graph).describe(m) if m.match in ("prefix", "fuzzy") else None
