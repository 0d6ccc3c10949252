"""The sources behind a set of routes: each source text with the elements that cite it."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

    from corridor.network.model import Network
    from corridor.results.route import Route


def _add(out: dict[str, list[str]], source: object, element: str) -> None:
    text = "" if source is None else str(source).strip()
    if not text or text.lower() == "nan":
        return
    cited = out.setdefault(text, [])
    if element not in cited:
        cited.append(element)


def _by(table: pd.DataFrame, column: str) -> dict[str, list[object]]:
    out: dict[str, list[object]] = {}
    if column not in table.columns or "source" not in table.columns:
        return out
    for key, src in zip(table[column].astype(str), table["source"], strict=True):
        out.setdefault(key, []).append(src)
    return out


def route_sources(network: Network, routes: Iterable[Route]) -> list[tuple[str, list[str]]]:  # noqa: C901 (one branch per kind of route element)
    """(source text, elements citing it) for the links, crossings, terminals, parameters
    and end places the routes use, in order of first use.

    Examples
    --------
    >>> import corridor
    >>> from corridor.data import path
    >>> net = corridor.load(path("examples/tiny"))
    >>> found = route_sources(net, [corridor.route(net, "a", "d")])
    >>> all(text and elements for text, elements in found)
    True
    """
    links, crossings = _by(network.links, "id"), _by(network.crossings, "id")
    terminals, nodes = _by(network.transfers, "node"), _by(network.nodes, "id")
    params = network.parameters
    out: dict[str, list[str]] = {}
    for r in routes:
        for place in (r.origin, r.destination):
            for src in nodes.get(place, []):
                _add(out, src, f"place {place}")
        for leg in r.legs:
            if leg.kind == "move":
                for lk in leg.links:
                    for src in links.get(lk, []):
                        _add(out, src, f"link {lk}")
                if "source" in params.columns and leg.mode:
                    rows = params[
                        (params["mode"].astype(str) == leg.mode)
                        & params["country"].astype(str).isin([leg.country, "*"])
                    ]
                    for name, src in zip(rows["name"], rows["source"], strict=True):
                        _add(out, src, f"{leg.mode} {name}")
            elif leg.kind == "border" and leg.crossing:
                for src in crossings.get(leg.crossing, []):
                    _add(out, src, f"crossing {leg.crossing}")
            else:
                for src in terminals.get(leg.from_place, []):
                    _add(out, src, f"terminal {leg.from_place}")
    return list(out.items())
