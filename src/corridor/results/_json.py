"""The JSON form of every result, in one place: the CLI's ``--json`` and the web service
print exactly :func:`to_dict` of the result they computed."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from corridor.results.route import Route


def routes_to_dict(routes: Sequence[Route]) -> dict[str, Any]:
    """Several routes of one question (alternatives, ``--by p90`` candidates): the places
    asked and how they were named (``origin_query``, ``origin_match`` ...), the context keys
    of the first, ``include_planned``, and ``routes`` (each :meth:`Route.to_dict`)."""
    if not routes:
        return {"routes": []}
    first = routes[0]
    return {
        "origin": first.origin,
        "destination": first.destination,
        "origin_query": first.origin_query,
        "origin_match": first.origin_match,
        "destination_query": first.destination_query,
        "destination_match": first.destination_match,
        **first.context.to_dict(),
        "include_planned": bool(first.constraints.get("include_planned", False)),
        "routes": [r.to_dict() for r in routes],
    }


def to_dict(result: object) -> dict[str, Any]:
    """The stable JSON form of a result: a :class:`Route`, a list of routes
    (:func:`routes_to_dict`), or any result with a ``to_dict()`` (comparison, Pareto
    front, sensitivity, flows, scenario diff, criticality).

    Examples
    --------
    >>> import corridor
    >>> from corridor.data import path
    >>> r = corridor.route(corridor.load(path("examples/tiny")), "a", "d")
    >>> to_dict(r)["date"], to_dict([r])["routes"][0]["date"]
    ('2025-06-01', '2025-06-01')
    """
    if isinstance(result, Route):
        return result.to_dict()
    if isinstance(result, Sequence) and all(isinstance(r, Route) for r in result):
        return routes_to_dict(list(result))
    method = getattr(result, "to_dict", None)
    if method is None:
        msg = f"{type(result).__name__} has no JSON form"
        raise TypeError(msg)
    out = method()
    assert isinstance(out, dict)
    return out


def to_json(result: object, indent: int | None = 2) -> str:
    """:func:`to_dict` as JSON text (what ``--json`` prints)."""
    return json.dumps(to_dict(result), indent=indent, ensure_ascii=False)


__all__ = ["routes_to_dict", "to_dict", "to_json"]
