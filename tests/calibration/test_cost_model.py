"""Units, the cost breakdown on route legs and totals (docs/validation.md, issue 8 item 1)."""

from __future__ import annotations

import itertools

import pytest

import corridor
from corridor.results.route import COST_PARTS
from corridor.units import teu_per_unit


def test_unit_conversions_consistent(tiny: corridor.Network) -> None:
    assert teu_per_unit("teu", 10.0) == 1.0
    assert teu_per_unit("feu", 10.0) == 2.0
    assert teu_per_unit("truck", 10.0) == 2.0
    assert teu_per_unit("tonne", 10.0) == pytest.approx(0.1)
    teu = corridor.route(tiny, "a", "d", by="cost")
    for unit, factor in (("feu", 2.0), ("truck", 2.0), ("tonne", 0.1)):
        r = corridor.route(tiny, "a", "d", by="cost", unit=unit)
        assert r.vertices == teu.vertices
        assert r.totals.cost_usd == pytest.approx(teu.totals.cost_usd * factor)
        assert r.totals.co2_kg == pytest.approx(teu.totals.co2_kg * factor)
        assert r.totals.time_h == pytest.approx(teu.totals.time_h)
        assert r.value_of_time_usd_h == pytest.approx(teu.value_of_time_usd_h * factor)
    # an FEU costs exactly two TEU, a tonne a tenth of one (payload 10 t/TEU)
    feu = corridor.route(tiny, "a", "d", by="cost", unit="feu")
    tonne = corridor.route(tiny, "a", "d", by="cost", unit="tonne")
    assert feu.totals.cost_usd == pytest.approx(20 * tonne.totals.cost_usd)


def test_breakdown_by_hand(tiny: corridor.Network) -> None:
    # rail a-b-c-d (see tests/routes/test_tiny_routes.py): line haul 100 + 200 + 100 USD,
    # border at b 50 USD, gauge change at b 100 USD; stops 10 h + 5 h at 10 USD/TEU-h
    r = corridor.route(tiny, "a", "d", by="cost")
    b = r.cost_breakdown
    assert b["line_haul_usd"] == pytest.approx(400.0)
    assert b["border_fees_usd"] == pytest.approx(50.0)
    assert b["gauge_change_usd"] == pytest.approx(100.0)
    assert b["handling_usd"] == pytest.approx(0.0)
    assert b["waiting_usd"] == pytest.approx(150.0)
    assert b["cost_usd"] == pytest.approx(r.totals.cost_usd) == pytest.approx(550.0)
    assert b["total_usd"] == pytest.approx(700.0)
    d = r.to_dict()
    assert d["totals"]["cost_breakdown"]["line_haul_usd"] == 400.0
    assert [leg["cost_breakdown"]["gauge_change_usd"] for leg in d["legs"]].count(100.0) == 1


def test_port_handling_is_handling(tiny: corridor.Network) -> None:
    r = corridor.route(tiny, "a", "f", by="cost")
    assert r.cost_breakdown["handling_usd"] > 0


def test_breakdown_sums_to_total_on_shipped_routes(region: corridor.Network) -> None:
    places = [
        "kz_almaty",
        "pk_karachi",
        "cn_xian",
        "uz_tashkent",
        "az_alat",
        "ir_bandar_abbas",
        "af_kabul",
        "tm_ashgabat",
        "by_brest",
        "pk_gwadar",
    ]
    n = 0
    for a, b in itertools.combinations(places, 2):
        for by in ("time", "cost"):
            try:
                r = corridor.route(region, a, b, by=by)
            except corridor.NoRouteError:
                continue
            parts = r.cost_breakdown
            assert sum(parts[k] for k in COST_PARTS[:4]) == pytest.approx(r.totals.cost_usd)
            assert parts["total_usd"] == pytest.approx(r.totals.cost_usd + parts["waiting_usd"])
            stop_h = r.totals.border_time_h + r.totals.transfer_time_h
            assert parts["waiting_usd"] == pytest.approx(r.value_of_time_usd_h * stop_h)
            legs = [leg.cost_breakdown(r.value_of_time_usd_h) for leg in r.legs]
            for k in COST_PARTS:
                assert sum(x[k] for x in legs) == pytest.approx(parts[k])
            n += 1
    assert n >= 60
