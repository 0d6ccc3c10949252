"""The route map: shipped outlines, projection, markers, legend; no outside reference."""

from __future__ import annotations

import json
import re

import numpy as np
import pytest

import corridor
from corridor.data import path as data_path
from corridor.errors import InputError
from corridor.report.map import (
    PALETTE,
    MapLine,
    MapPoint,
    Outline,
    lines_from_route,
    load_outlines,
    route_map_svg,
)

GEO = data_path("geo/admin0_110m.geojson")


def test_shipped_outlines_are_small_sourced_and_cover_the_network() -> None:
    assert GEO.stat().st_size < 300_000
    readme = (GEO.parent / "README.md").read_text()
    assert "Natural Earth" in readme and "public domain" in readme
    doc = json.loads(GEO.read_text())
    assert "Natural Earth" in doc["properties"]["source"]
    codes = {o.iso_a2 for o in load_outlines()}
    shipped = set(corridor.load(date="undated").nodes["country"])
    assert shipped <= codes, shipped - codes


def test_outline_rings_are_closed_lon_lat() -> None:
    for o in load_outlines():
        for ring in o.rings:
            assert ring.shape[1] == 2 and len(ring) >= 4
            assert np.array_equal(ring[0], ring[-1])
            assert (np.abs(ring[:, 0]) <= 180).all() and (np.abs(ring[:, 1]) <= 90).all()


def _square(iso: str, lon: float, lat: float, half: float) -> Outline:
    ring = np.array(
        [
            [lon - half, lat - half],
            [lon + half, lat - half],
            [lon + half, lat + half],
            [lon - half, lat + half],
            [lon - half, lat - half],
        ]
    )
    return Outline(iso, f"land {iso}", (ring,))


def test_projection_keeps_east_right_and_north_up() -> None:
    line = MapLine("r", ((60.0, 40.0), (70.0, 40.0), (70.0, 30.0)), PALETTE[0])
    svg = route_map_svg([line], outlines=[_square("XX", 65.0, 35.0, 2.0)], margin_deg=1.0)
    pts = re.search(r'<polyline class="route" points="([^"]+)"', svg)
    assert pts is not None
    xy = np.array([[float(v) for v in p.split(",")] for p in pts.group(1).split()])
    assert xy[1, 0] > xy[0, 0]  # east is right
    assert xy[2, 1] > xy[1, 1]  # south is down
    assert xy[0, 1] == pytest.approx(xy[1, 1])  # one latitude, one row
    # local equirectangular: 10 deg of longitude at ~35N are cos(35) of 10 deg of latitude
    ratio = (xy[1, 0] - xy[0, 0]) / (xy[2, 1] - xy[1, 1])
    assert ratio == pytest.approx(np.cos(np.radians(35.0)), rel=1e-2)
    assert "land XX" in svg


def test_markers_once_per_place_and_kind_with_a_legend() -> None:
    pts = [
        MapPoint("border", 66.0, 31.0, "Chaman"),
        MapPoint("border", 66.0, 31.0, "Chaman"),
        MapPoint("gauge_change", 80.0, 45.0, "Dostyk"),
        MapPoint("unknown", 1.0, 1.0),
    ]
    line = MapLine("a", ((66.0, 31.0), (80.0, 45.0)), "#123456", dashed=True)
    svg = route_map_svg([line], pts, outlines=[])
    assert svg.count("border crossing: Chaman") == 1
    assert "gauge break: Dostyk" in svg
    assert 'stroke-dasharray="10 6"' in svg  # the planned route is dashed
    assert ">border crossing<" in svg and ">gauge break<" in svg  # legend entries


def test_empty_map_is_an_input_error() -> None:
    with pytest.raises(InputError, match="no route"):
        route_map_svg([], outlines=[])


def test_route_line_runs_origin_to_destination(tiny: corridor.Network) -> None:
    r = corridor.route(tiny, "a", "d")
    line, points = lines_from_route(r, "fastest", PALETTE[0])
    nodes = tiny.nodes.set_index("id")
    assert line.coords[0] == (nodes.at["a", "lon"], nodes.at["a", "lat"])
    assert line.coords[-1] == (nodes.at["d", "lon"], nodes.at["d", "lat"])
    assert points[0].kind == "origin" and points[-1].kind == "destination"
    kinds = {p.kind for p in points}
    assert ("border" in kinds) == bool(r.crossings)


def test_region_map_draws_the_countries_passed() -> None:
    r = corridor.route(corridor.load(date="undated"), "almaty", "karachi")
    line, points = lines_from_route(r, "fastest", PALETTE[0])
    svg = route_map_svg([line], points)
    for name in ("Kazakhstan", "Afghanistan", "Pakistan"):
        assert f"<title>{name}</title>" in svg
    assert "http" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")


def test_palette_is_matplotlib_default_cycle() -> None:
    from matplotlib import rcParams
    from matplotlib.colors import to_hex

    cycle = [to_hex(c["color"]) for c in rcParams["axes.prop_cycle"]]
    assert list(PALETTE) == cycle[: len(PALETTE)]
