"""Issue 13 item 9, the report a reader can follow: sea legs along sea lanes, China and the
key crossings named on the map, Pareto points numbered and matched to a table with no
overlapping labels, axes that end near the data."""

from __future__ import annotations

import csv
import html
import itertools
import re
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import corridor
from corridor.analysis.report_data import ReportData, report_data
from corridor.data import path as data_path
from corridor.errors import InputError
from corridor.graph.model import Graph
from corridor.report.charts import FIT_PAD, content_limits, pareto_chart
from corridor.report.map import (
    PALETTE,
    lines_from_route,
    load_outlines,
    load_sea_lanes,
    route_map_svg,
    text_box,
)
from corridor.report.page import comparison_document, comparison_figures

NETWORK = data_path("network")
EARTH_KM = 6371.0088


def _km(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    la1, lo1, la2, lo2 = (np.radians(v) for v in (a[..., 1], a[..., 0], b[..., 1], b[..., 0]))
    h = np.sin((la2 - la1) / 2) ** 2 + np.cos(la1) * np.cos(la2) * np.sin((lo2 - lo1) / 2) ** 2
    return np.asarray(2 * EARTH_KM * np.arcsin(np.sqrt(h)))


def _on_land(polyline: np.ndarray, clear_km: float = 25.0) -> list[tuple[str, float, float]]:
    """Points every ~1/60 of each segment that lie in a country's outline, away from the
    two ends (ports sit on the coast, which the 1:110m outlines draw coarsely)."""
    from matplotlib.path import Path as MPath

    t = np.linspace(0.0, 1.0, 61)[:, None]
    pts = np.concatenate([a + (b - a) * t for a, b in itertools.pairwise(polyline)])
    far = np.minimum(_km(pts, polyline[0]), _km(pts, polyline[-1])) > clear_km
    out = []
    for o in load_outlines():
        for ring in o.rings:
            hit = MPath(ring).contains_points(pts) & far
            out += [(o.iso_a2, float(x), float(y)) for x, y in pts[hit][:2]]
    return out


def _table(name: str) -> list[dict[str, str]]:
    with (NETWORK / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _sea_links() -> list[tuple[str, np.ndarray, np.ndarray]]:
    nodes = {n["id"]: (float(n["lon"]), float(n["lat"])) for n in _table("nodes.csv")}
    return [
        (r["id"], np.array(nodes[r["from"]]), np.array(nodes[r["to"]]))
        for r in _table("links.csv")
        if r["mode"] in ("sea", "ferry")
    ]


# --------------------------------------------------------------------------- sea lanes
def test_every_sea_and_ferry_link_has_a_sourced_lane_on_the_water() -> None:
    lanes = load_sea_lanes()
    links = _sea_links()
    assert links, "the shipped network has sea and ferry links"
    crossing_land = 0
    for link, a, b in links:
        assert link in lanes, f"{link}: no sea lane in geo/sea_lanes.csv"
        lane = lanes[link]
        assert lane.source and lane.basis in ("published", "derived", "estimate")
        straight = np.array([a, b])
        if lane.water == "lake":  # inside a country's outline: drawn straight
            assert not lane.waypoints
            continue
        crossing_land += bool(_on_land(straight))
        drawn = np.array([a, *lane.waypoints, b])
        assert not _on_land(drawn), (link, _on_land(drawn)[:3])
    # the check can fail: drawn straight, these lanes would cross land (Makran coast,
    # Musandam, Absheron)
    assert crossing_land >= 5


def test_a_route_by_sea_is_drawn_along_its_lane() -> None:
    """mashhad -> karachi by cost goes by sea from Bandar Abbas: the line on the map runs
    through the lane's waypoints, and none of its sea part is on land. (Almaty -> Karachi
    did until the market road prices of Dec 2026 made the road over the Khunjerab cheaper.)"""
    graph = corridor.load_graph()
    r = corridor.route(graph, "mashhad", "karachi", by="cost")
    assert "ir_bandar_abbas__pk_karachi__sea" in r.links
    line, _ = lines_from_route(r, "cheapest", PALETTE[1])
    lane = load_sea_lanes()["ir_bandar_abbas__pk_karachi__sea"]
    coords = list(line.coords)
    at = [coords.index(p) for p in lane.waypoints]
    assert at == sorted(at) and at[-1] - at[0] == len(lane.waypoints) - 1
    sea = np.array(coords[at[0] - 1 : at[-1] + 2])
    assert not _on_land(sea)
    assert line.coords[-1] == (r.legs[-1].coords[-1])  # still ends at Karachi


@pytest.mark.parametrize(
    ("row", "field"),
    [
        (",sea,50 40,src,estimate,", "link"),
        ("x,ocean,50 40,src,estimate,", "water"),
        ("x,sea,50 40|fifty 40,src,estimate,", "waypoints"),
        ("x,sea,50 140,src,estimate,", "waypoints"),
        ("x,sea,50 40,,estimate,", "source"),
    ],
)
def test_a_bad_sea_lane_row_names_file_line_and_field(tmp_path: Path, row: str, field: str) -> None:
    f = tmp_path / "lanes.csv"
    f.write_text("link,water,waypoints,source,basis,notes\ny,sea,,s,estimate,\n" + row + "\n")
    with pytest.raises(InputError, match=rf"lanes.csv: line 3, field {field}: "):
        load_sea_lanes(f)


# --------------------------------------------------------------------------- the report
@pytest.fixture(scope="module")
def almaty_karachi() -> tuple[ReportData, Graph, dict[str, Any]]:
    graph = corridor.load_graph()
    data = report_data(graph, "almaty", "karachi", n_samples=2_000)
    return data, graph, comparison_figures(data)


def _map_svg(data: ReportData, graph: Graph, figures: dict[str, Any]) -> str:
    doc = comparison_document(data, graph, figures)
    section = next(s for s in doc.sections if s.id == "map")
    return section.body_html


def _texts(svg: str) -> list[tuple[str, str, float, float, str]]:
    """(class, anchor, x, y, text) of every labelled text drawn on the map."""
    out = []
    pattern = (
        r'<text class="(\w+)" x="([-\d.]+)" y="([-\d.]+)"(?: text-anchor="(\w+)")?>([^<]*)</text>'
    )
    for css, x, y, anchor, text in re.findall(pattern, svg):
        out.append((css, anchor or "start", float(x), float(y), html.unescape(text)))
    return out


def test_the_map_names_china_and_the_key_crossings_without_overlap(
    almaty_karachi: tuple[ReportData, Graph, dict[str, Any]],
) -> None:
    data, graph, figures = almaty_karachi
    svg = _map_svg(data, graph, figures)
    texts = _texts(svg)
    names = {t[4] for t in texts}
    crossings = {t[4] for t in texts if t[0] == "crossing"}
    # China by name, though most of it lies east of the map
    china = [t for t in texts if t[0] == "country" and t[4] == "China"]
    assert china, sorted(names)
    # the crossings of the fastest and cheapest routes are named (without the brackets)
    for row in data.comparison.rows[:2]:
        for leg in row.route.legs:
            if leg.kind == "border" and leg.detail:
                assert leg.detail.split(" (")[0] in crossings, (leg.detail, crossings)
    assert {"Khunjerab", "Irkeshtam"} <= crossings
    assert {"Almaty", "Karachi Port"} <= {t[4] for t in texts if t[0] == "place"}
    # no label overlaps another
    size = {"country": 11.0, "crossing": 10.0, "place": 12.0}
    boxes = [text_box(text, x, y, size[css], anchor) for css, anchor, x, y, text in texts]
    for (i, a), (j, b) in itertools.combinations(enumerate(boxes), 2):
        apart = a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]
        assert apart, (texts[i], texts[j])


def test_a_country_mostly_out_of_view_is_named_inside_its_visible_part() -> None:
    """China's centre lies far east of a Central Asian map: the name goes in the part
    that is in view (before, a country was labelled at its outline's centre, if in view)."""
    from corridor.report.map import MapLine, Outline

    ring = np.array([[66.0, 30.0], [120.0, 30.0], [120.0, 50.0], [66.0, 50.0], [66.0, 30.0]])
    big = Outline("BG", "Bigland", (ring,))
    line = MapLine("r", ((60.0, 40.0), (69.0, 40.0)), PALETTE[0])
    svg = route_map_svg([line], outlines=[big], margin_deg=2.0, width_px=600)
    (label,) = [t for t in _texts(svg) if t[0] == "country"]
    width = float(re.search(r'width="(\d+)"', svg).group(1))  # type: ignore[union-attr]
    x0, _, x1, _ = text_box(label[4], label[2], label[3], 11.0, label[1])
    west_edge = (66.0 - 58.0) / (71.0 - 58.0) * width  # the view spans lon 58..71
    assert label[4] == "Bigland" and west_edge <= x0 and x1 <= width


def test_overlapping_labels_are_left_out_not_drawn_on_each_other() -> None:
    """Ten crossings at almost one place: each label that is drawn is clear of the others
    (some are left out, the markers keep their tooltips)."""
    from corridor.report.map import MapLine, MapPoint

    line = MapLine("r", ((60.0, 40.0), (61.0, 40.0)), PALETTE[0])
    pts = [MapPoint("border", 60.5, 40.0 + i * 0.01, f"Crossing {i} (AA-BB)") for i in range(10)]
    svg = route_map_svg([line], pts, outlines=[], width_px=400)
    texts = [t for t in _texts(svg) if t[0] == "crossing"]
    assert 1 <= len(texts) < 10
    boxes = [text_box(text, x, y, 10.0, anchor) for _, anchor, x, y, text in texts]
    for a, b in itertools.combinations(boxes, 2):
        assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]
    assert svg.count("border crossing: Crossing") == 10


def _label_boxes(fig: Any) -> list[tuple[str, tuple[float, float, float, float]]]:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = FigureCanvasAgg(fig)
    fig.draw_without_rendering()
    renderer = canvas.get_renderer()
    ax = fig.axes[0]
    out = []
    for t in ax.texts:
        bb = t.get_window_extent(renderer)
        out.append((t.get_text(), (bb.x0, bb.y0, bb.x1, bb.y1)))
    return out


def test_pareto_points_are_numbered_without_overlap_and_match_the_table(
    almaty_karachi: tuple[ReportData, Graph, dict[str, Any]],
) -> None:
    data, graph, figures = almaty_karachi
    front = data.pareto
    assert front is not None and len(front.routes) >= 5
    labels = _label_boxes(figures["pareto"])
    assert [text for text, _ in labels] == [str(i + 1) for i in range(len(front.routes))]
    for (ta, a), (tb, b) in itertools.combinations(labels, 2):
        assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1], (ta, tb)
    # each number's point is that route's (days, USD), and the table's row says so
    ax = figures["pareto"].axes[0]
    for ann, cost in zip(ax.texts, front.costs, strict=True):
        assert ann.xy == pytest.approx((cost[0] / 24.0, cost[1]))
    doc = comparison_document(data, graph, figures)
    body = next(s for s in doc.sections if s.id == "pareto").body_html
    table = body[body.index("<table") :]
    rows = re.findall(r"<tr>(.*?)</tr>", table, flags=re.S)[1:]
    assert len(rows) == len(front.routes)
    for i, (tr, cost) in enumerate(zip(rows, front.costs, strict=True)):
        cells = [
            html.unescape(re.sub(r"<[^>]+>", "", c)) for c in re.findall(r"<td[^>]*>(.*?)</td>", tr)
        ]
        assert cells[0] == str(i + 1)
        assert float(cells[1]) == pytest.approx(cost[0] / 24.0, abs=0.05)
        assert float(cells[2].replace(",", "")) == pytest.approx(cost[1], abs=0.5)
        assert " - ".join(front.routes[i].countries) in cells[-1]


def test_pareto_labels_of_crowded_points_do_not_overlap() -> None:
    """Twelve points within a label's width of each other: no two labels overlap."""
    rng = np.random.default_rng(7)
    costs = np.column_stack([10 + rng.random(12) * 0.3, 3000 + rng.random(12) * 30, rng.random(12)])
    fig = pareto_chart(costs, ["days", "USD", "t"], labels=[str(i + 1) for i in range(12)])
    boxes = _label_boxes(fig)
    assert len(boxes) == 12
    for (ta, a), (tb, b) in itertools.combinations(boxes, 2):
        assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1], (ta, tb)


def test_every_chart_of_the_report_ends_near_its_data(
    almaty_karachi: tuple[ReportData, Graph, dict[str, Any]],
) -> None:
    """Each axis ends within a few per cent of what it draws (lines, points, bars and
    their value labels) on both sides, and nothing drawn is cut off by it."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    _, _, figures = almaty_karachi
    assert {"time-cost-distance", "reliability", "breakdown", "pareto", "sensitivity"} <= set(
        figures
    )
    checked = 0
    for key, fig in figures.items():
        canvas = FigureCanvasAgg(fig)
        fig.draw_without_rendering()
        for ax in fig.axes:
            if hasattr(ax, "_colorbar"):
                continue
            ranges = content_limits(ax, canvas.get_renderer())
            assert ranges is not None, key
            for (lo, hi), (a, b), axis in zip(
                ranges, (ax.get_xlim(), ax.get_ylim()), "xy", strict=True
            ):
                span = hi - lo
                room = 2 * FIT_PAD * span
                assert a >= lo - room and b <= hi + room, (key, axis, (lo, hi), (a, b))
                assert a <= lo + 0.02 * span and b >= hi - 0.02 * span, (
                    key,
                    axis,
                    (lo, hi),
                    (a, b),
                )
                checked += 1
    assert checked >= 14
