"""The report a reader can follow (issue 13, item 9): every route visible on the map, rows
that repeat a route say so, the headline names routes in words, reasons name places."""

from __future__ import annotations

import re

import corridor
from corridor.analysis.compare import compare
from corridor.report.map import MapLine, route_map_svg
from corridor.report.page import _place_names, _same_as, in_words


def test_routes_sharing_a_stretch_are_drawn_side_by_side() -> None:
    same = ((69.2, 41.3), (67.0, 24.9))
    lines = [MapLine(n, same, c) for n, c in (("a", "#111"), ("b", "#222"), ("c", "#333"))]
    svg = route_map_svg(lines)
    drawn = re.findall(r'<polyline class="route" points="([^"]+)"', svg)
    assert len(drawn) == 3 and len(set(drawn)) == 3  # three lanes, none under another


def test_rows_that_repeat_a_route_say_so_and_words_name_places(tiny: corridor.Network) -> None:
    g = corridor.compile(tiny)
    c = compare(g, "a", "d")
    same = _same_as(c)
    for label, name in same.items():
        row = c.row(label)
        twin = next(r for r in c.rows if r.kind == "best" and r.name == name)
        assert row.route.edge_path == twin.route.edge_path
    words = in_words(c.rows[0].route)
    assert " - ".join(c.rows[0].route.countries) in words
    assert _place_names("broken between a and d_x; starts near a", g).startswith("broken")
    ids = g.labels.node_ids
    text = f"nearest waypoint {ids[0]}"
    assert _place_names(text, g) in (text, f"nearest waypoint {g.labels.node_names[0]}")


def test_region_reason_names_places() -> None:
    g = corridor.load_graph()
    text = _place_names("broken between af_spin_boldak and pk_chaman", g)
    assert "af_spin_boldak" not in text and "Chaman" in text
