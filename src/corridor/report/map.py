"""A map of routes over country outlines, as one inline SVG string (no tiles, no requests).

The outlines are Natural Earth 1:110m admin-0 countries shipped with corridor
(``corridor/data/geo/admin0_110m.geojson``, public domain; see its README). The projection
is a local equirectangular one: x = lon * cos(mid latitude), y = -lat, fitted to the routes
with a margin, which keeps shapes true enough at corridor scale.
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape, quoteattr

import numpy as np

from corridor.errors import InputError

if TYPE_CHECKING:
    from corridor._types import FloatArray
    from corridor.results.route import Route

OUTLINES_FILE = "geo/admin0_110m.geojson"
SEA_LANES_FILE = "geo/sea_lanes.csv"
WATERS = ("sea", "caspian", "lake")
"""Kinds of water a sea lane crosses (``lake``: inside a country's outline, drawn straight)."""
OUTLINES_SOURCE = (
    "Country outlines: Natural Earth 1:110m Admin 0 - Countries (public domain), "
    "simplified; shipped with corridor."
)

PALETTE = (
    "#1f77b4",
    "#ff7f0e",
    "#2ca02c",
    "#d62728",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#7f7f7f",
    "#bcbd22",
    "#17becf",
)
"""Route colours, in order: matplotlib's tab10 (``C0``..``C9``), as the charts use them."""


@dataclass(frozen=True, slots=True)
class Outline:
    """One country: ISO codes, name and its rings as (n, 2) arrays of (lon, lat)."""

    iso_a2: str
    name: str
    rings: tuple[FloatArray, ...]


@dataclass(frozen=True, slots=True)
class MapLine:
    """One route drawn on the map: its (lon, lat) points in order."""

    name: str
    coords: tuple[tuple[float, float], ...]
    colour: str
    dashed: bool = False
    """Drawn dashed (e.g. a route that needs planned links)."""


@dataclass(frozen=True, slots=True)
class MapPoint:
    """A marked place: ``kind`` is one of :data:`MARKERS`."""

    kind: str
    lon: float
    lat: float
    label: str = ""


# kind -> (legend text, SVG shape drawn at (0, 0))
MARKERS: dict[str, tuple[str, str]] = {
    "origin": (
        "origin",
        '<circle r="6" fill="#222" stroke="#fff" stroke-width="1.5"/>',
    ),
    "destination": (
        "destination",
        '<circle r="6" fill="#fff" stroke="#222" stroke-width="3"/>',
    ),
    "border": (
        "border crossing",
        '<rect x="-4" y="-4" width="8" height="8" fill="#fff" stroke="#222" stroke-width="1.5"/>',
    ),
    "gauge_change": (
        "gauge break",
        '<path d="M0,-6 L6,0 L0,6 L-6,0 Z" fill="#ffd400" stroke="#222" stroke-width="1.5"/>',
    ),
    "handling": (
        "port / ferry handling",
        '<path d="M0,-6 L5.5,4 L-5.5,4 Z" fill="#4aa3df" stroke="#222" stroke-width="1.2"/>',
    ),
    "transfer": (
        "road-rail transfer",
        '<circle r="4" fill="#bbb" stroke="#222" stroke-width="1.2"/>',
    ),
}


def load_outlines(path: str | Path | None = None) -> tuple[Outline, ...]:
    """Read country outlines from a GeoJSON FeatureCollection of (Multi)Polygons.

    Parameters
    ----------
    path
        A GeoJSON file; default: the shipped Natural Earth 1:110m outlines.

    Returns
    -------
    tuple of Outline
        One per feature, with ``iso_a2`` and ``name`` from its properties.

    Examples
    --------
    >>> kz = next(o for o in load_outlines() if o.iso_a2 == "KZ")
    >>> kz.name
    'Kazakhstan'
    """
    from corridor import data

    file = Path(path) if path is not None else data.path(OUTLINES_FILE)
    doc = json.loads(file.read_text(encoding="utf-8"))
    out = []
    for i, feat in enumerate(doc.get("features", [])):
        geom, props = feat.get("geometry") or {}, feat.get("properties") or {}
        kind = geom.get("type")
        if kind == "Polygon":
            polys = [geom["coordinates"]]
        elif kind == "MultiPolygon":
            polys = geom["coordinates"]
        else:
            msg = f"{file}: feature {i} is a {kind}; outlines must be Polygon or MultiPolygon"
            raise InputError(msg)
        rings = tuple(np.asarray(r, dtype=np.float64)[:, :2] for p in polys for r in p if r)
        out.append(Outline(str(props.get("iso_a2", "")), str(props.get("name", "")), rings))
    return tuple(out)


@dataclass(frozen=True, slots=True)
class SeaLane:
    """Where a sea or ferry link runs on the water: waypoints (lon, lat) from the link's
    ``from`` node to its ``to`` node, for drawing only (lengths, times and costs come from
    the network's links)."""

    link: str
    water: str
    """One of :data:`WATERS`."""
    waypoints: tuple[tuple[float, float], ...]
    source: str
    basis: str


def load_sea_lanes(path: str | Path | None = None) -> dict[str, SeaLane]:
    """Read sea lanes (``link,water,waypoints,source,basis,notes``; ``link`` one link id or
    a pipe list of the links sharing the lane, ``waypoints`` a pipe list of ``lon lat``),
    by link id.

    Parameters
    ----------
    path
        A CSV file; default: the shipped ``geo/sea_lanes.csv``.

    Raises
    ------
    InputError
        On a bad row, naming the file, line and field.

    Examples
    --------
    >>> lane = load_sea_lanes()["ir_bandar_abbas__pk_karachi__sea"]
    >>> lane.water, lane.basis, len(lane.waypoints) > 2
    ('sea', 'estimate', True)
    """
    if path is None:
        return _shipped_lanes()
    return _read_lanes(Path(path))


@functools.cache
def _shipped_lanes() -> dict[str, SeaLane]:
    from corridor import data

    return _read_lanes(data.path(SEA_LANES_FILE))


def _read_lanes(file: Path) -> dict[str, SeaLane]:
    import csv

    out: dict[str, SeaLane] = {}
    with file.open(encoding="utf-8", newline="") as fh:
        for line, row in enumerate(csv.DictReader(fh), start=2):
            cell = {k: (v or "").strip() for k, v in row.items() if k is not None}

            def bad(field: str, why: str, line: int = line) -> InputError:
                return InputError(f"{file}: line {line}, field {field}: {why}")

            for field in ("link", "water", "source", "basis"):
                if not cell.get(field):
                    raise bad(field, "empty")
            if cell["water"] not in WATERS:
                raise bad("water", f"{cell['water']!r}; choose from {list(WATERS)}")
            links = [t.strip() for t in cell["link"].split("|")]
            for link in links:
                if not link or link in out:
                    raise bad("link", f"{link!r} empty or given twice")
            pts = []
            for item in filter(None, cell.get("waypoints", "").split("|")):
                try:
                    lon, lat = (float(v) for v in item.split())
                except ValueError:
                    raise bad("waypoints", f"{item!r} is not 'lon lat'") from None
                if not (abs(lon) <= 180 and abs(lat) <= 90):
                    raise bad("waypoints", f"{item!r} is not a longitude and latitude")
                pts.append((lon, lat))
            for link in links:
                out[link] = SeaLane(link, cell["water"], tuple(pts), cell["source"], cell["basis"])
    return out


def _along_lanes(
    segments: Sequence[tuple[tuple[float, float], tuple[float, float], str]],
    lanes: dict[str, SeaLane],
) -> list[tuple[float, float]]:
    """The points of consecutive (start, end, link) segments, each run over one link that
    has a sea lane drawn along the lane's waypoints (in the direction travelled)."""
    out: list[tuple[float, float]] = []
    i = 0
    while i < len(segments):
        link = segments[i][2]
        j = i
        while j + 1 < len(segments) and link and segments[j + 1][2] == link:
            j += 1
        lane = lanes.get(link) if link else None
        start = segments[i][0]
        if lane is not None and lane.waypoints:
            wp = list(lane.waypoints)
            if math.dist(start, wp[-1]) < math.dist(start, wp[0]):
                wp.reverse()
            pts = [start, *wp, segments[j][1]]
        else:
            pts = [start, *(s[1] for s in segments[i : j + 1])]
        for p in pts:
            if not out or out[-1] != p:
                out.append(p)
        i = j + 1
    return out


def lines_from_route(
    route: Route,
    name: str,
    colour: str,
    *,
    dashed: bool = False,
    lanes: dict[str, SeaLane] | None = None,
) -> tuple[MapLine, tuple[MapPoint, ...]]:
    """A route's line (its move legs' points) and its marked stops.

    Sea and ferry links with a sea lane (``lanes``, default :func:`load_sea_lanes`) follow
    its waypoints instead of the straight line between their ports. Borders, gauge
    changes, port handling and road-rail transfers become points of those kinds; the first
    and last points are the origin and destination.
    """
    lanes = load_sea_lanes() if lanes is None else lanes
    segments: list[tuple[tuple[float, float], tuple[float, float], str]] = []
    single: list[tuple[float, float]] = []
    points: list[MapPoint] = []
    for leg in route.legs:
        if leg.kind == "move":
            cs = leg.coords
            links = leg.links if len(leg.links) == len(cs) - 1 else ("",) * (len(cs) - 1)
            segments.extend(zip(cs[:-1], cs[1:], links, strict=True))
            single.extend(cs[:1])
        elif leg.coords and leg.kind in MARKERS:
            lon, lat = leg.coords[0]
            points.append(MapPoint(leg.kind, lon, lat, leg.detail or leg.from_place))
    coords = _along_lanes(segments, lanes) if segments else single[:1]
    if coords:
        points.insert(0, MapPoint("origin", *coords[0], route.origin_name))
        points.append(MapPoint("destination", *coords[-1], route.destination_name))
    return MapLine(name, tuple(coords), colour, dashed), tuple(points)


@dataclass(frozen=True, slots=True)
class _View:
    """The fitted projection: lon/lat box, x scale and the pixel size."""

    lon0: float
    lat1: float
    kx: float
    scale: float
    width: int
    height: int

    def xy(self, lonlat: FloatArray) -> FloatArray:
        x = (lonlat[..., 0] - self.lon0) * self.kx * self.scale
        y = (self.lat1 - lonlat[..., 1]) * self.scale
        return np.stack([x, y], axis=-1)


def _fit(
    pts: FloatArray, width: int, margin_deg: float, min_aspect: float, max_aspect: float
) -> _View:
    lon_a, lat_a = pts.min(axis=0) - margin_deg
    lon_b, lat_b = pts.max(axis=0) + margin_deg
    kx = math.cos(math.radians((lat_a + lat_b) / 2.0))
    span_x, span_y = max((lon_b - lon_a) * kx, 1.0), max(lat_b - lat_a, 1.0)
    aspect = span_y / span_x
    if aspect < min_aspect:  # too flat: grow the latitude span
        grow = (min_aspect * span_x - span_y) / 2.0
        lat_a, lat_b, span_y = lat_a - grow, lat_b + grow, min_aspect * span_x
    elif aspect > max_aspect:  # too tall: grow the longitude span
        grow = (span_y / max_aspect - span_x) / 2.0 / kx
        lon_a, lon_b, span_x = lon_a - grow, lon_b + grow, span_y / max_aspect
    scale = width / span_x
    return _View(lon_a, lat_b, kx, scale, width, round(span_y * scale))


def _path(xy: FloatArray) -> str:
    body = " ".join(f"{x:.1f},{y:.1f}" for x, y in xy)
    return f"M{body}Z"


def _countries(outlines: Iterable[Outline], view: _View) -> list[tuple[Outline, list[FloatArray]]]:
    """The countries in view, each with its rings in pixels (those that meet the view)."""
    out = []
    w, h = view.width, view.height
    for o in outlines:
        rings = [view.xy(r) for r in o.rings]
        inside = [
            r
            for r in rings
            if r[:, 0].max() >= 0
            and r[:, 0].min() <= w
            and r[:, 1].max() >= 0
            and r[:, 1].min() <= h
        ]
        if inside:
            out.append((o, inside))
    return out


def _land(countries: Sequence[tuple[Outline, list[FloatArray]]]) -> list[str]:
    return [
        f'<path class="land" d="{"".join(_path(r) for r in rings)}">'
        f"<title>{escape(o.name)}</title></path>"
        for o, rings in countries
    ]


# --------------------------------------------------------------------------- labels
_CHAR_EM = 0.62
"""Mean advance of a sans-serif glyph, in em (a generous estimate for label boxes)."""


@dataclass(frozen=True, slots=True)
class Label:
    """A text placed on the map: ``(x, y)`` is its baseline anchor (SVG ``text-anchor``)."""

    text: str
    x: float
    y: float
    anchor: str
    size: float
    css: str

    @property
    def box(self) -> tuple[float, float, float, float]:
        """(x0, y0, x1, y1) in px: the room the text takes, from :func:`text_box`."""
        return text_box(self.text, self.x, self.y, self.size, self.anchor)


def text_box(
    text: str, x: float, y: float, size: float, anchor: str = "start"
) -> tuple[float, float, float, float]:
    """The box (x0, y0, x1, y1) a label of ``size`` px at baseline ``(x, y)`` takes.

    >>> text_box("Kashgar", 10.0, 20.0, 10.0)
    (10.0, 11.5, 53.4, 22.5)
    """
    w = round(_CHAR_EM * size * len(text), 1)
    x0 = {"start": x, "middle": x - w / 2.0, "end": x - w}[anchor]
    return (x0, y - 0.85 * size, x0 + w, y + 0.25 * size)


def _overlap(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


_AROUND: tuple[tuple[int, int, str], ...] = (
    (9, -6, "start"),
    (9, 13, "start"),
    (-9, -6, "end"),
    (-9, 13, "end"),
    (0, -10, "middle"),
    (0, 19, "middle"),
)
"""Where a point's label may go, in order: (dx, dy, anchor) from the point, px."""


def _free(label: Label, taken: Sequence[tuple[float, ...]], w: float, h: float) -> bool:
    x0, y0, x1, y1 = label.box
    inside = x0 >= 2 and y0 >= 2 and x1 <= w - 2 and y1 <= h - 2
    return inside and not any(_overlap(label.box, t) for t in taken)


def _label_points(
    wanted: Sequence[tuple[str, float, float, float, str]],
    taken: list[tuple[float, ...]],
    w: float,
    h: float,
) -> list[Label]:
    """Labels for points ``(text, x, y, size, css)``, in order, each at the first place
    around its point that is free (inside the map, clear of ``taken``); a label with no
    free place is left out. ``taken`` grows by the labels placed."""
    out = []
    for text, x, y, size, css in wanted:
        for reach in (1.0, 1.8):
            spots = (
                Label(text, x + dx * reach, y + dy * reach, a, size, css) for dx, dy, a in _AROUND
            )
            label = next((lb for lb in spots if _free(lb, taken, w, h)), None)
            if label is not None:
                out.append(label)
                taken.append(label.box)
                break
    return out


def _label_countries(
    countries: Sequence[tuple[Outline, list[FloatArray]]],
    taken: list[tuple[float, ...]],
    w: float,
    h: float,
) -> list[Label]:
    """A name (else the ISO code) inside each country in view, at the deepest free spot of
    its visible part (so a country that is mostly out of view, China say, is still named)."""
    from matplotlib.path import Path as MPath
    from scipy.ndimage import distance_transform_edt

    step = 6.0
    gx, gy = np.meshgrid(np.arange(step / 2, w, step), np.arange(step / 2, h, step))
    grid = np.column_stack([gx.ravel(), gy.ravel()])
    out: list[Label] = []
    for o, rings in countries:
        mask = np.zeros(grid.shape[0], dtype=bool)
        for r in rings:
            mask ^= MPath(r).contains_points(grid)
        if not mask.any():
            continue
        depth = distance_transform_edt(np.pad(mask.reshape(gx.shape), 1))[1:-1, 1:-1].ravel()
        order = np.argsort(-depth, kind="stable")[:60]
        for text in (o.name, o.iso_a2):
            size = 11.0
            half = _CHAR_EM * size * len(text) / 2.0
            fits = (
                Label(text, grid[k, 0], grid[k, 1] + size / 3.0, "middle", size, "country")
                for k in order
                if depth[k] * step >= half + step and depth[k] * step >= size + step
            )
            label = next((lb for lb in fits if text and _free(lb, taken, w, h)), None)
            if label is not None:
                out.append(label)
                taken.append(label.box)
                break
    return out


def _text(label: Label) -> str:
    anchor = "" if label.anchor == "start" else f' text-anchor="{label.anchor}"'
    return (
        f'<text class="{label.css}" x="{label.x:.1f}" y="{label.y:.1f}"{anchor}>'
        f"{escape(label.text)}</text>"
    )


def _legend(lines: Sequence[MapLine], kinds: Sequence[str], width: int, top: int) -> str:
    """The legend, in a band under the map: routes on the left, marker kinds on the right."""
    parts = [f'<g transform="translate(0,{top})">']
    parts.append(f'<rect class="legend" width="{width}" height="{_legend_height(lines, kinds)}"/>')
    for i, ln in enumerate(lines):
        y = 16 + 18 * i
        dash = ' stroke-dasharray="6 4"' if ln.dashed else ""
        parts.append(
            f'<line x1="10" y1="{y}" x2="40" y2="{y}" stroke={quoteattr(ln.colour)} '
            f'stroke-width="4"{dash}/><text x="48" y="{y + 4}">{escape(ln.name)}</text>'
        )
    x0 = max(int(width * 0.72), width - 220)
    for j, kind in enumerate(kinds):
        y = 16 + 18 * j
        text, shape = MARKERS[kind]
        parts.append(
            f'<g transform="translate({x0 + 14},{y})">{shape}</g>'
            f'<text x="{x0 + 30}" y="{y + 4}">{text}</text>'
        )
    return "".join(parts) + "</g>"


def _legend_height(lines: Sequence[MapLine], kinds: Sequence[str]) -> int:
    return 18 * max(len(lines), len(kinds), 1) + 12


def _marks(
    points: Sequence[MapPoint], view: _View
) -> tuple[list[str], list[str], list[tuple[MapPoint, float, float]]]:
    """The markers (once per kind and place), the kinds shown, and each marked point with
    its pixel position."""
    seen: set[tuple[str, float, float]] = set()
    out: list[str] = []
    kinds: list[str] = []
    at: list[tuple[MapPoint, float, float]] = []
    order = {k: i for i, k in enumerate(MARKERS)}
    for p in sorted(points, key=lambda p: -order.get(p.kind, 0)):
        key = (p.kind, round(p.lon, 3), round(p.lat, 3))
        if key in seen or p.kind not in MARKERS:
            continue
        seen.add(key)
        x, y = view.xy(np.array([p.lon, p.lat]))
        tip = f"<title>{escape(MARKERS[p.kind][0])}: {escape(p.label)}</title>" if p.label else ""
        out.append(f'<g transform="translate({x:.1f},{y:.1f})">{MARKERS[p.kind][1]}{tip}</g>')
        at.append((p, float(x), float(y)))
        if p.kind not in kinds:
            kinds.append(p.kind)
    return out, sorted(kinds, key=lambda k: order[k]), at


def map_labels(
    at: Sequence[tuple[MapPoint, float, float]],
    points: Sequence[MapPoint],
    countries: Sequence[tuple[Outline, list[FloatArray]]],
    size: tuple[float, float],
) -> list[Label]:
    """Every label of the map, none overlapping another or a marker: the origin and the
    destination, then the border crossings (those most routes pass first, by name without
    the countries in brackets), then the countries' names."""
    w, h = size
    taken: list[tuple[float, ...]] = [(x - 7, y - 7, x + 7, y + 7) for _, x, y in at]
    uses: dict[str, int] = {}
    for p in points:
        if p.kind == "border" and p.label:
            uses[p.label] = uses.get(p.label, 0) + 1
    ends = [(p.label, x, y, 12.0, "place") for p, x, y in at if p.kind in ("origin", "destination")]
    border = [
        (p.label.split(" (")[0], x, y, uses.get(p.label, 0)) for p, x, y in at if p.kind == "border"
    ]
    border.sort(key=lambda c: (-c[3], c[0]))
    crossings = [(text, x, y, 10.0, "crossing") for text, x, y, _ in border if text]
    labels = _label_points([e for e in ends if e[0]], taken, w, h)
    labels += _label_points(crossings, taken, w, h)
    return labels + _label_countries(countries, taken, w, h)


_LANE_PX = 3.2
"""Width of a route's line and of its lane beside the others, px."""


def offset_polyline(xy: FloatArray, d: float) -> FloatArray:
    """The polyline ``xy`` (n x 2, px) shifted ``d`` px to its left, each vertex along the
    mean normal of its two segments (mitre limited to 2 x ``d`` at sharp turns).

    >>> offset_polyline(np.array([[0.0, 0.0], [10.0, 0.0]]), 2.0).tolist()
    [[0.0, -2.0], [10.0, -2.0]]
    """
    if d == 0.0 or xy.shape[0] < 2:
        return xy
    seg = np.diff(xy, axis=0)
    length = np.hypot(seg[:, 0], seg[:, 1])
    length[length == 0] = 1.0
    normal = np.column_stack([seg[:, 1], -seg[:, 0]]) / length[:, None]
    at = np.vstack([normal[:1], normal[:-1] + normal[1:], normal[-1:]])
    norm = np.hypot(at[:, 0], at[:, 1])
    norm[norm == 0] = 1.0
    at /= norm[:, None]
    # keep the offset distance from each segment: divide by cos(half turn), capped
    cos = np.ones(xy.shape[0])
    cos[1:-1] = np.einsum("ij,ij->i", at[1:-1], normal[:-1])
    scale = 1.0 / np.clip(cos, 0.5, 1.0)
    return np.asarray(xy + at * (d * scale)[:, None], dtype=np.float64)


def route_map_svg(
    lines: Sequence[MapLine],
    points: Sequence[MapPoint] = (),
    *,
    outlines: Sequence[Outline] | None = None,
    width_px: int = 960,
    margin_deg: float = 2.0,
    title: str = "Compared routes",
) -> str:
    """The routes over the country outlines, as a standalone ``<svg>`` element.

    Routes are drawn side by side, each shifted sideways by its own lane (:func:`offset_polyline`),
    so routes sharing a stretch all stay visible;
    borders, gauge breaks, ports and transfers are marked, with a legend in a band under the
    map. The SVG uses only
    inline styles and generic font families: it makes no request of any kind.

    Parameters
    ----------
    lines
        The routes, each with its colour (e.g. from :data:`PALETTE`).
    points
        Places to mark; repeats of one kind at one place are drawn once.
    outlines
        Country outlines; default: the shipped Natural Earth 1:110m ones.
    width_px
        Width; the height follows the routes' extent (aspect between 0.45 and 1.1).
    margin_deg
        Degrees shown around the routes' extent.
    title
        The SVG's accessible title.

    Raises
    ------
    InputError
        When no line and no point has a coordinate.

    Examples
    --------
    >>> svg = route_map_svg([MapLine("a", ((69.2, 41.3), (67.0, 24.9)), PALETTE[0])])
    >>> svg.startswith("<svg") and "Pakistan" in svg
    True
    """
    pts = [c for ln in lines for c in ln.coords] + [(p.lon, p.lat) for p in points]
    if not pts:
        raise InputError("route map: no route has coordinates")
    view = _fit(np.asarray(pts, dtype=np.float64), width_px, margin_deg, 0.45, 1.1)
    countries = _countries(outlines if outlines is not None else load_outlines(), view)
    routes = []
    for i, ln in enumerate(lines):
        if len(ln.coords) < 2:
            continue
        xy = view.xy(np.asarray(ln.coords, dtype=np.float64))
        # side by side: each route shifted sideways by its own offset, so a stretch
        # shared by several routes shows every colour (none hides under another)
        xy = offset_polyline(xy, (i - (len(lines) - 1) / 2.0) * _LANE_PX)
        sw = _LANE_PX
        dash = ' stroke-dasharray="10 6"' if ln.dashed else ""
        pts_attr = " ".join(f"{x:.1f},{y:.1f}" for x, y in xy)
        routes.append(
            f'<polyline class="route" points="{pts_attr}" stroke={quoteattr(ln.colour)} '
            f'stroke-width="{sw:.1f}"{dash}><title>{escape(ln.name)}</title></polyline>'
        )
    marks, kinds, at = _marks(points, view)
    w, h = view.width, view.height
    labels = map_labels(at, points, countries, (w, h))
    names = "".join(_text(lb) for lb in labels if lb.css == "country")
    texts = "".join(_text(lb) for lb in labels if lb.css != "country")
    total_h = h + _legend_height(lines, kinds)
    style = (
        "<style>.land{fill:#ecebe4;stroke:#9a9a90;stroke-width:.8;stroke-linejoin:round}"
        ".route{fill:none;stroke-linecap:round;stroke-linejoin:round;stroke-opacity:.85}"
        "text{font-family:sans-serif;font-size:12px;fill:#222}"
        ".country{font-size:11px;fill:#77776d}"
        ".crossing{font-size:10px;paint-order:stroke;stroke:#fff;stroke-width:3px}"
        ".place{font-weight:bold;paint-order:stroke;stroke:#fff;stroke-width:3px}"
        ".legend{fill:#fff;stroke:none}</style>"
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="map" viewBox="0 0 {w} {total_h}" '
        f'width="{w}" height="{total_h}" role="img"><title>{escape(title)}</title>{style}'
        f'<rect width="{w}" height="{h}" fill="#d7e7f2"/>'
        f"<g>{''.join(_land(countries))}</g><g>{names}</g><g>{''.join(routes)}</g>"
        f"<g>{''.join(marks)}</g><g>{texts}</g>{_legend(lines, kinds, w, h)}</svg>"
    )
