"""The compiler prices a rail link's CO2e by its ``traction`` (issue 10 item 2)."""

from __future__ import annotations

import pandas as pd
import pytest

import corridor
from corridor.data import path
from corridor.graph.model import Criterion, EdgeKind

EXTRA = [
    {"mode": "rail", "country": "*", "name": "co2e_g_tkm_electric", "value": 10.0},
    {"mode": "rail", "country": "*", "name": "co2e_g_tkm_diesel", "value": 40.0},
]


def _tiny(extra: list[dict[str, object]] | None = EXTRA) -> corridor.Network:
    net = corridor.load(path("examples/tiny"), date="undated")
    if not extra:
        return net
    rows = pd.DataFrame([{c: r.get(c, "") for c in net.parameters.columns} for r in extra])
    params = pd.concat([net.parameters, rows], ignore_index=True)
    params["value"] = params["value"].astype(float)
    return net.replace(parameters=params)


def _kg_per_km(graph: corridor.Graph, link: str) -> set[float]:
    """kg CO2e per km of every move edge of one link (both directions, both sides)."""
    lk = list(graph.labels.link_ids).index(link)
    e = (graph.edges.link == lk) & (graph.edges.kind == int(EdgeKind.MOVE))
    crit = graph.edges.criteria[e]
    km = crit[:, Criterion.DISTANCE_KM]
    return {round(float(v), 9) for v in crit[km > 0, Criterion.CO2_KG] / km[km > 0]}


def test_traction_picks_the_factor() -> None:
    g = corridor.compile(_tiny())
    # 10 t per TEU: g/t-km x 10 t / 1000 = kg per TEU-km
    assert _kg_per_km(g, "cd_rail") == {40.0 * 10 / 1000}  # diesel
    assert _kg_per_km(g, "bc_rail") == {10.0 * 10 / 1000}  # electric, both countries
    assert _kg_per_km(g, "ab_rail") == {20.0 * 10 / 1000}  # unknown: co2e_g_tkm
    assert _kg_per_km(g, "ae_road") == {100.0 * 10 / 1000}  # roads ignore traction


def test_electric_vs_diesel_leg_ratio_by_hand() -> None:
    net = _tiny()
    diesel = corridor.route(net, "c", "d", options=corridor.RouteOptions(modes=("rail",)))
    (leg,) = [x for x in diesel.legs if x.kind == "move"]
    assert leg.distance_km == 100.0
    assert leg.co2_kg == pytest.approx(100 * 40.0 * 10 / 1000)  # 40 kg
    electric = corridor.route(net, "b", "c", options=corridor.RouteOptions(modes=("rail",)))
    moves = [x for x in electric.legs if x.kind == "move"]
    assert [x.distance_km for x in moves] == [100.0, 100.0]  # split at the frontier
    per_km = sum(x.co2_kg for x in moves) / sum(x.distance_km for x in moves)
    assert per_km / (leg.co2_kg / leg.distance_km) == pytest.approx(10.0 / 40.0)


def test_missing_traction_rows_fall_back_to_the_mode_factor() -> None:
    g = corridor.compile(_tiny(extra=None))
    assert _kg_per_km(g, "cd_rail") == _kg_per_km(g, "ab_rail") == {0.2}


@pytest.mark.parametrize(
    ("unit", "per_teu"), [("teu", 1.0), ("feu", 2.0), ("truck", 2.0), ("tonne", 0.1)]
)
def test_units_scale_co2_and_cost_alike(unit: str, per_teu: float) -> None:
    net = _tiny()
    opts = corridor.RouteOptions(modes=("rail",))
    base = corridor.route(net, "a", "c", by="cost", options=opts)
    r = corridor.route(net, "a", "c", by="cost", options=opts, unit=unit)
    assert r.unit == unit
    assert r.totals.co2_kg == pytest.approx(base.totals.co2_kg * per_teu)
    assert r.totals.cost_usd == pytest.approx(base.totals.cost_usd * per_teu)
    assert r.totals.time_h == pytest.approx(base.totals.time_h)
    assert r.totals.distance_km == pytest.approx(base.totals.distance_km)
    for a, b in zip(base.legs, r.legs, strict=True):
        assert b.co2_kg == pytest.approx(a.co2_kg * per_teu)


def test_shipped_network_uses_the_emission_rows() -> None:
    net = corridor.load(date="undated")
    links = net.links.set_index("id")
    rail_kz = links[(links["mode"] == "rail") & links.index.str.startswith("kz_")]
    elec = rail_kz[rail_kz["traction"] == "electric"].index
    g = corridor.compile(net)
    params = net.parameters.set_index(["mode", "country", "name"])["value"]
    want = params[("rail", "*", "co2e_g_tkm_electric")] * 10 / 1000
    domestic = [lk for lk in elec if str(links.at[lk, "to"]).startswith("kz_")]
    assert domestic, "the shipped network has electric Kazakh rail links"
    assert _kg_per_km(g, domestic[0]) == {round(want, 9)}
    cn = params[("rail", "CN", "co2e_g_tkm_electric")]
    # EcoTransIT 32.2 Wh per net t-km x China's grid 0.551 kg/kWh x 1.075 losses = 19.1 g
    assert cn == pytest.approx(32.2 * 0.551 * 1.075, abs=0.05)
