"""What compile builds on the tiny network, counted and checked edge by edge.

The tiny network (src/corridor/data/examples/tiny): 9 places a..i in AA, BB, CC, DD.
States (place, mode, gauge): rail 1520 at a, b, d (ab_rail and the planned ad_rail);
rail 1435 at b, c, d; road at a, e, d, g, h, i; ferry at d, f: 14 state vertices.
Border links: bc_rail (AA->BB, crossing b_rail), ed_road (e_road), ad_rail (d_rail),
df_ferry (BB->CC, d_ferry) and hi_road (CC->DD, h_road given per direction), all two-way:
10 directed rows, each with one crossing row that applies to its direction, so two
frontier vertices each (20) and one border edge each (10).
"""

from __future__ import annotations

import numpy as np
import pytest

import corridor
from corridor.graph import Criterion, EdgeKind, Graph, VertexKind


@pytest.fixture(scope="module")
def g(tiny: corridor.Network) -> Graph:
    return corridor.compile(tiny)


def _count(a: np.ndarray, kinds: type[EdgeKind] | type[VertexKind]) -> dict[str, int]:
    return {k.name: int((a == k).sum()) for k in kinds}


def test_vertex_and_edge_counts_per_kind(g: Graph) -> None:
    assert _count(g.csr.vertex_kind, VertexKind) == {
        "DEPARTURE": 9,
        "ARRIVAL": 9,
        "STATE": 14,
        "FRONTIER": 20,
    }
    # moves: 4 domestic two-way links (ab, cd, ae, gh) = 8 edges; 10 border rows x 2 parts
    # transfers at a (rail1520/road), d (rail1520/road, rail1435/road): 3 pairs x 2;
    # gauge changes at b and d (1520/1435): 2 x 2; handling at d (ferry with rail 1520,
    # rail 1435, road) and none at f (one state): 3 x 2; access: 14 x 2
    assert _count(g.edges.kind, EdgeKind) == {
        "MOVE": 28,
        "TRANSFER": 6,
        "BORDER": 10,
        "HANDLING": 6,
        "ACCESS": 28,
        "GAUGE_CHANGE": 4,
    }
    assert g.n_vertices == 52 and g.n_edges == 82
    assert np.all(np.diff(g.csr.tails) >= 0)  # CSR: sorted by tail
    assert np.array_equal(np.repeat(np.arange(g.n_vertices), np.diff(g.csr.indptr)), g.csr.tails)


def _edge(g: Graph, kind: EdgeKind, **where: int) -> int:
    sel = g.edges.kind == kind
    for col, value in where.items():
        sel &= getattr(g.edges, col) == value
    (found,) = np.flatnonzero(sel)
    return int(found)


def test_one_edge_of_each_kind(g: Graph) -> None:
    lab, e, csr = g.labels, g.edges, g.csr
    link = lab.link_ids.index
    node = lab.node_index
    aa, bb = lab.countries.index("AA"), lab.countries.index("BB")
    # a move: a -> b on ab_rail, 100 km at 50 km/h, 1 USD/TEU-km, 20 g/t-km x 10 t
    m = _edge(g, EdgeKind.MOVE, link=link("ab_rail"), direction=1)
    assert tuple(e.criteria[m]) == pytest.approx((2.0, 100.0, 20.0, 100.0, 0.0, 0.0))
    assert (csr.vertex_node[csr.tails[m]], csr.vertex_node[csr.indices[m]]) == (
        node("a"),
        node("b"),
    )
    assert (e.country[m], e.gauge[m]) == (aa, 1520)
    # a border link: e -> d, the road part in AA (75 km), crossing e_road, the rest in BB
    first = _edge(g, EdgeKind.MOVE, link=link("ed_road"), direction=1, country=aa)
    border = _edge(g, EdgeKind.BORDER, link=link("ed_road"), direction=1)
    last = _edge(g, EdgeKind.MOVE, link=link("ed_road"), direction=1, country=bb)
    assert csr.indices[first] == csr.tails[border] and csr.indices[border] == csr.tails[last]
    assert csr.vertex_kind[csr.tails[border]] == VertexKind.FRONTIER
    assert e.criteria[first, Criterion.DISTANCE_KM] == e.criteria[last, Criterion.DISTANCE_KM] == 75
    assert lab.crossing_ids[e.crossing[border]] == "e_road"
    assert tuple(e.criteria[border, [Criterion.TIME_H, Criterion.COST_USD, Criterion.BORDERS]]) == (
        2.0,
        20.0,
        1.0,
    )
    # a gauge change at b, 1520 -> 1435: 5 h, 100 USD, one transfer
    gc = _edge(g, EdgeKind.GAUGE_CHANGE, node=node("b"), gauge=1435)
    assert csr.vertex_gauge[csr.tails[gc]] == 1520
    assert tuple(e.criteria[gc, [Criterion.TIME_H, Criterion.COST_USD, Criterion.TRANSFERS]]) == (
        5.0,
        100.0,
        1.0,
    )
    # a transfer rail -> road at a (4 h, 60 USD) and handling road -> ferry at d (3 h, 30)
    road = corridor.vocab.MODES.index(corridor.vocab.Mode.ROAD)
    ferry = corridor.vocab.MODES.index(corridor.vocab.Mode.FERRY)
    tr = _edge(g, EdgeKind.TRANSFER, node=node("a"), mode=road)
    assert tuple(e.criteria[tr, :2]) == (4.0, 60.0)
    into_ferry = (e.kind == EdgeKind.HANDLING) & (e.node == node("d")) & (e.mode == ferry)
    (ho,) = np.flatnonzero(into_ferry & (csr.vertex_mode[csr.tails] == road))
    assert tuple(e.criteria[ho, :2]) == (3.0, 30.0)
    # access: departure vertex of a -> its road state, free
    (ac,) = np.flatnonzero(
        (e.kind == EdgeKind.ACCESS) & (e.mode == road) & (csr.tails == csr.dep_vertex[node("a")])
    )
    assert csr.vertex_kind[csr.tails[ac]] == VertexKind.DEPARTURE
    assert not e.criteria[ac].any()


def test_compiled_and_shared_cost_arrays_are_read_only(g: Graph) -> None:
    from corridor.paths import RouteOptions, masked_cost

    with pytest.raises(ValueError, match="read-only"):
        g.edges.criteria[0, 0] = 1.0
    with pytest.raises(ValueError, match="read-only"):
        g.csr.indptr[0] = 1
    with pytest.raises(ValueError, match="read-only"):
        g.labels.node_lat[0] = 0.0
    cost = masked_cost(g, "time", RouteOptions())
    with pytest.raises(ValueError, match="read-only"):
        cost[0] = 0.0


def test_memory_cache_cannot_go_stale(tiny: corridor.Network) -> None:
    g = corridor.compile(tiny)
    assert corridor.compile(tiny) is g
    links = tiny.links  # a copy: editing it never reaches the network or its graph
    links.loc[links["id"] == "ae_road", "length_km"] = 300.0
    assert corridor.compile(tiny) is g
    assert corridor.route(tiny, "a", "d").totals.distance_km == 300.0
    edited = tiny.replace(links=links)  # an edited network is a new one, compiled anew
    assert corridor.compile(edited) is not g
    assert corridor.route(edited, "a", "d").totals.distance_km == 450.0


def test_border_link_is_split_at_its_frontier_km(tiny: corridor.Network) -> None:
    # hi_road: 80 km, frontier 30 km from h: 30 km priced in CC, 50 km in DD, both ways
    for a, b in (("h", "i"), ("i", "h")):
        r = corridor.route(tiny, a, b)
        km = {leg.country: leg.distance_km for leg in r.legs if leg.kind == "move"}
        assert km == {"CC": 30.0, "DD": 50.0}


def test_per_direction_crossing_times_differ(tiny: corridor.Network) -> None:
    # h_road: CC>DD 1 h and 10 USD, DD>CC 4 h and 15 USD; road 60 km/h, 2 USD/TEU-km
    out, back = corridor.route(tiny, "h", "i"), corridor.route(tiny, "i", "h")
    assert out.totals.border_time_h == 1.0 and back.totals.border_time_h == 4.0
    assert out.totals.time_h == pytest.approx(80 / 60 + 1)
    assert back.totals.time_h == pytest.approx(80 / 60 + 4)
    assert (out.totals.cost_usd, back.totals.cost_usd) == (170.0, 175.0)


def test_a_crossing_closed_one_way_closes_only_that_way(tiny: corridor.Network) -> None:
    from corridor.errors import NoRouteError

    x = tiny.crossings
    x.loc[(x["id"] == "h_road") & (x["direction"] == "DD>CC"), "status"] = "closed"
    one_way = tiny.replace(crossings=x)
    assert corridor.route(one_way, "h", "i").totals.time_h == pytest.approx(80 / 60 + 1)
    with pytest.raises(NoRouteError):
        corridor.route(one_way, "i", "h")


def test_kashgar_khunjerab_puts_all_its_km_in_china(region: corridor.Network) -> None:
    road = corridor.RouteOptions(modes=("road",))
    r = corridor.route(region, "cn_kashgar", "pk_sost", options=road)
    assert r.links == ("cn_kashgar__pk_khunjerab__road", "pk_khunjerab__pk_sost__road")
    km = {leg.country: leg.distance_km for leg in r.legs if leg.kind == "move"}
    assert km == {"CN": 420.0, "PK": 75.0}  # the frontier is at the pass, not mid-link
    back = corridor.route(region, "pk_sost", "cn_kashgar", options=road)
    assert {leg.country: leg.distance_km for leg in back.legs if leg.kind == "move"} == km


def test_border_link_without_frontier_km_is_an_error(tiny: corridor.Network) -> None:
    from corridor.errors import InputError

    links = tiny.links.drop(columns=["frontier_km"])
    with pytest.raises(InputError, match=r"frontier_km is required .* \['ad_rail', 'bc_rail'"):
        corridor.compile(tiny.replace(links=links))


def test_a_days_slowdown_and_extra_hours_on_a_link(tiny: corridor.Network) -> None:
    # on_date bakes restricted rules into links.speed_factor and links.extra_h
    links = tiny.links
    slow = links["id"] == "ae_road"
    links.loc[slow, "speed_factor"] = 0.5
    links.loc[slow, "extra_h"] = 3.0
    r = corridor.route(tiny.replace(links=links), "a", "e")
    assert r.totals.time_h == pytest.approx(150 / 30 + 3.0)
