"""Emission factors: the table's arithmetic, lookups and per-leg kg CO2e."""

from __future__ import annotations

import pytest

from corridor.emissions import (
    FACTORS,
    PAYLOAD_T_TEU,
    electric_rail_g_tkm,
    intensity,
    leg_co2e_kg,
    parameter_rows,
)
from corridor.errors import InputError


def test_every_row_is_sourced_and_wtw_is_ttw_plus_wtt() -> None:
    for f in FACTORS:
        assert f.source and f.basis in ("published", "derived", "estimate") and f.year >= 2010
        if f.ttw_g_tkm is not None and f.wtt_g_tkm is not None:
            assert f.wtw_g_tkm == pytest.approx(f.ttw_g_tkm + f.wtt_g_tkm, abs=0.6)
    keys = [(f.mode, f.traction, f.region) for f in FACTORS]
    assert len(keys) == len(set(keys))


def test_research_figures() -> None:
    assert intensity("road").wtw_g_tkm == 123  # 101 x 1.22
    assert intensity("road", country="CN").wtw_g_tkm == 80.86
    assert intensity("rail", "diesel").wtw_g_tkm == pytest.approx(27.79 + 6.91)
    assert intensity("sea").wtw_g_tkm == 39.9
    assert intensity("ferry").wtw_g_tkm == 74.9
    assert electric_rail_g_tkm(0.322, losses=0.0) == pytest.approx(10.4, abs=0.05)
    assert electric_rail_g_tkm(0.900, losses=0.0) == pytest.approx(29.0, abs=0.05)
    assert PAYLOAD_T_TEU == 10.0


def test_traction_defaults() -> None:
    assert intensity("rail", None, "KZ").traction == "diesel"
    assert intensity("rail", "", "cn").traction == "electric"
    assert intensity("rail", "electric", "KZ").region == "*"
    assert intensity("rail", "diesel", "CN").region == "*"
    assert intensity("rail", "electric", "KZ").wtw_g_tkm < intensity("rail", "diesel").wtw_g_tkm


def test_leg_co2e() -> None:
    assert leg_co2e_kg("rail", 1000.0, traction="diesel") == pytest.approx(347.0)
    assert leg_co2e_kg("ferry", 399.0, unit="tonne") == pytest.approx(399 * 74.9 / 1000)
    assert leg_co2e_kg("road", 0.0) == 0.0
    assert leg_co2e_kg("sea", 100.0, payload_t_teu=20.0) == pytest.approx(79.8)


@pytest.mark.parametrize(
    ("args", "kwargs", "match"),
    [
        (("air", 10.0), {}, "unknown mode"),
        (("rail", 10.0), {"traction": "steam"}, "unknown traction"),
        (("rail", -1.0), {}, "km must be"),
        (("rail", 1.0), {"unit": "feu"}, "unknown unit"),
    ],
)
def test_bad_input(args: tuple[str, float], kwargs: dict[str, str], match: str) -> None:
    with pytest.raises(InputError, match=match):
        leg_co2e_kg(*args, **kwargs)  # type: ignore[arg-type]


def test_parameter_rows_follow_parameters_csv() -> None:
    rows = parameter_rows()
    got = {(r["mode"], r["country"], r["name"]): r["value"] for r in rows}
    assert got[("rail", "*", "co2e_g_tkm")] == pytest.approx(34.7)
    assert got[("rail", "*", "co2e_g_tkm_electric")] == pytest.approx(31.2)
    assert got[("rail", "CN", "co2e_g_tkm")] == got[("rail", "CN", "co2e_g_tkm_electric")]
    assert got[("road", "CN", "co2e_g_tkm")] == 80.86
    assert got[("ferry", "*", "co2e_g_tkm")] == 74.9
    assert all(set(r) == {"mode", "country", "name", "value", "unit", "source", "notes"}
               for r in rows)  # fmt: skip
