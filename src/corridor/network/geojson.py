"""A network (of a day, under a scenario) as one GeoJSON FeatureCollection.

Places are Points, links straight LineStrings between their places (the network carries no
link geometry), border crossings Points at their place with the status of the day (a
crossing open one way and closed the other is ``partly closed``) and the calendar rule or
scenario that changed it (``reason``). Coordinates are rounded to 4 decimals (about 10 m).
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from corridor.network.model import Network


def _num(x: object) -> float | None:
    try:
        v = float(x)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if v != v else round(v, 4)


def _crossing_status(statuses: list[str]) -> str:
    if all(s == "closed" for s in statuses):
        return "closed"
    if any(s == "closed" for s in statuses):
        return "partly closed"
    if any(s == "restricted" for s in statuses):
        return "restricted"
    return "open"


def network_geojson(network: Network) -> dict[str, Any]:
    """Places, links and border crossings of ``network`` as GeoJSON.

    Examples
    --------
    >>> import corridor
    >>> doc = network_geojson(corridor.load())
    >>> sorted({f["properties"]["element"] for f in doc["features"]})
    ['crossing', 'link', 'place']
    """
    nodes = network.nodes
    at = {
        str(i): (round(float(lon), 4), round(float(lat), 4))
        for i, lat, lon in zip(nodes["id"], nodes["lat"], nodes["lon"], strict=True)
    }
    reasons = network.reasons
    features: list[dict[str, Any]] = []
    for rec in nodes.to_dict("records"):
        features.append(
            _feature(at[str(rec["id"])], "place", rec, ("id", "name", "country", "kind"))
        )
    for rec in network.links.to_dict("records"):
        a, b = at[str(rec["from"])], at[str(rec["to"])]
        props = {
            "element": "link",
            "id": str(rec["id"]),
            "from": str(rec["from"]),
            "to": str(rec["to"]),
            "mode": str(rec["mode"]),
            "status": str(rec["status"]),
            "length_km": _num(rec["length_km"]),
            "capacity_teu_day": _num(rec.get("capacity_teu_day")),
            "reason": reasons.get(str(rec["id"])),
        }
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "LineString", "coordinates": [list(a), list(b)]},
                "properties": props,
            }
        )
    by_id: dict[str, list[dict[Hashable, Any]]] = {}
    for rec in network.crossings.to_dict("records"):
        by_id.setdefault(str(rec["id"]), []).append(rec)
    for cid, recs in by_id.items():
        node = str(recs[0]["node"])
        props = {
            "element": "crossing",
            "id": cid,
            "node": node,
            "countries": str(recs[0]["countries"]),
            "modes": str(recs[0]["modes"]),
            "status": _crossing_status([str(r["status"]) for r in recs]),
            "reason": reasons.get(cid),
        }
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": list(at[node])},
                "properties": props,
            }
        )
    ctx = {
        "network_as_of": network.as_of.isoformat() if network.as_of is not None else None,
        "date": network.date.isoformat() if network.date is not None else None,
    }
    return {"type": "FeatureCollection", "properties": ctx, "features": features}


def _feature(
    xy: tuple[float, float], element: str, rec: dict[Hashable, Any], keys: tuple[str, ...]
) -> dict[str, Any]:
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": list(xy)},
        "properties": {"element": element, **{k: str(rec[k]) for k in keys}},
    }
