"""Build the shipped country outlines (src/corridor/data/geo/admin0_110m.geojson).

Build time only; nothing here runs when corridor is used, and nothing is downloaded.

Source: Natural Earth 1:110m Cultural Vectors, Admin 0 - Countries (public domain), in the
copy GeoPandas redistributed as ``naturalearth_lowres`` and that the pyogrio wheel ships as a
test fixture (``pyogrio/tests/fixtures/naturalearth_lowres/naturalearth_lowres.shp``; MIT
package, the data itself public domain per the fixture's README).

Steps: read the shapefile (pyshp), keep the countries whose bounding box meets the region
box (Europe, the Middle East, Central, South and East Asia), simplify each polygon with
shapely's Douglas-Peucker (``preserve_topology``) at ``--tolerance`` degrees, round
coordinates to ``--decimals`` and write a GeoJSON FeatureCollection with ``iso_a2``,
``iso_a3`` and ``name``. ISO 3166-1 alpha-2 codes come from pycountry; the few rows this
copy marks ``-99`` get theirs by name.

Usage (in a throw-away venv: ``pip install pyogrio pyshp shapely pycountry``)::

    python tools/build_outlines.py            # finds the fixture in the installed pyogrio
    python tools/build_outlines.py --shp path/to/ne_110m_admin_0_countries.shp
"""

from __future__ import annotations

import argparse
import importlib.util
import json
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parents[1] / "src/corridor/data/geo/admin0_110m.geojson"
REGION = (-12.0, 0.0, 150.0, 80.0)  # lon_min, lat_min, lon_max, lat_max
# rows the naturalearth_lowres copy marks ISO_A3 = -99
BY_NAME = {
    "Norway": ("NO", "NOR"),
    "France": ("FR", "FRA"),
    "Kosovo": ("XK", "XKX"),
    "N. Cyprus": ("", ""),
    "Somaliland": ("", ""),
}


def _fixture() -> Path:
    spec = importlib.util.find_spec("pyogrio")
    if spec is None or spec.origin is None:
        raise SystemExit("pyogrio is not installed; pass --shp")
    return Path(spec.origin).parent / "tests/fixtures/naturalearth_lowres/naturalearth_lowres.shp"


def _codes(name: str, iso_a3: str) -> tuple[str, str]:
    import pycountry

    if name in BY_NAME:
        return BY_NAME[name]
    country = pycountry.countries.get(alpha_3=iso_a3)
    return (country.alpha_2 if country else "", iso_a3)


def _round(geom: Any, decimals: int) -> list[Any]:
    polys = list(geom.geoms) if geom.geom_type == "MultiPolygon" else [geom]
    out = []
    for poly in polys:
        rings = [poly.exterior, *poly.interiors]
        out.append([[[round(x, decimals), round(y, decimals)] for x, y in r.coords] for r in rings])
    return out


def build(shp: Path, tolerance: float, decimals: int) -> dict[str, Any]:
    """The FeatureCollection of the region's countries, simplified."""
    import shapefile
    from shapely.geometry import box, shape

    region = box(*REGION)
    features = []
    reader = shapefile.Reader(str(shp))
    for rec in reader.iterShapeRecords():
        geom = shape(rec.shape.__geo_interface__)
        if not geom.intersects(region):
            continue
        name = str(rec.record["name"])
        iso_a2, iso_a3 = _codes(name, str(rec.record["iso_a3"]))
        simple = geom.simplify(tolerance, preserve_topology=True)
        features.append(
            {
                "type": "Feature",
                "properties": {"iso_a2": iso_a2, "iso_a3": iso_a3, "name": name},
                "geometry": {"type": "MultiPolygon", "coordinates": _round(simple, decimals)},
            }
        )
    features.sort(key=lambda f: f["properties"]["name"])
    return {
        "type": "FeatureCollection",
        "properties": {
            "source": "Natural Earth 1:110m Cultural Vectors, Admin 0 - Countries "
            "(naturalearth_lowres copy shipped in the pyogrio wheel's test fixtures)",
            "licence": "public domain (Natural Earth terms of use)",
            "processing": f"region box {REGION}; Douglas-Peucker {tolerance} deg; "
            f"{decimals} decimals; tools/build_outlines.py",
        },
        "features": features,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shp", type=Path, default=None)
    parser.add_argument("--tolerance", type=float, default=0.05)
    parser.add_argument("--decimals", type=int, default=2)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    fc = build(args.shp or _fixture(), args.tolerance, args.decimals)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(fc, separators=(",", ":"), ensure_ascii=False)
    args.out.write_text(text + "\n", encoding="utf-8")
    print(f"{args.out}: {len(fc['features'])} countries, {len(text) / 1024:.0f} KB")


if __name__ == "__main__":
    main()
