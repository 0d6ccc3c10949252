"""The calibration recovers known parameters from synthetic figures on the tiny network."""

from __future__ import annotations

import math

import pandas as pd
import pytest

import corridor
from corridor.calibration import evaluate
from corridor.calibration.fit import Group, apply_parameters, fit, scaled_parameters

TARIFF: dict[str, Group] = {"rail": ("rail", None), "road": ("road", None)}
SPEED: dict[str, Group] = {"rail": ("rail", None), "road": ("road", None)}
TRUE_T = {"rail": 0.5, "road": 1.4}
TRUE_S = {"rail": 1.3, "road": 0.8}
TRIPS = [
    ("a", "d", "rail"),
    ("a", "c", "rail"),
    ("a", "b", "rail"),
    ("b", "d", "rail"),
    ("a", "d", "road"),
    ("a", "e", "road"),
    ("e", "d", "road"),
]


def synthetic(tiny: corridor.Network) -> pd.DataFrame:
    truth = apply_parameters(
        tiny,
        pd.concat(
            [
                scaled_parameters(tiny, TRUE_T, TARIFF, "tariff_usd_teu_km"),
                scaled_parameters(tiny, TRUE_S, SPEED, "speed_kmh"),
            ]
        ),
    )
    rows = []
    for i, (a, b, mode) in enumerate(TRIPS):
        for kind, unit in (("price", "usd_teu"), ("time", "h")):
            rows.append(
                {
                    "id": f"S{i}-{kind}",
                    "kind": kind,
                    "from": a,
                    "to": b,
                    "modes": mode,
                    "via": "",
                    "corridor": "",
                    "direction": "",
                    "measure": "",
                    "value": 1.0,
                    "unit": unit,
                    "low": math.nan,
                    "high": math.nan,
                    "year": "2024",
                    "source": "synthetic",
                    "confidence": "high",
                    "split": "fit",
                }
            )
    figs = pd.DataFrame(rows)
    figs["value"] = evaluate(truth, figs)["model"].to_numpy()
    assert figs["value"].notna().all()
    return figs


def test_recovers_known_parameters(tiny: corridor.Network) -> None:
    figs = synthetic(tiny)
    res = fit(
        tiny, figs, tariff_groups=TARIFF, speed_groups=SPEED, prior_weight=1e-4, speed_floors=()
    )
    got_t = {g: math.exp(v) for g, v in res.tariff.items()}
    got_s = {g: math.exp(v) for g, v in res.speed.items()}
    assert got_t == pytest.approx(TRUE_T, rel=1e-3)
    assert got_s == pytest.approx(TRUE_S, rel=1e-3)
    assert res.fit_error_after < 1e-3 < res.fit_error_before
    # the default (weak) prior shrinks the estimates towards 1 only a little
    res2 = fit(tiny, figs, tariff_groups=TARIFF, speed_groups=SPEED, speed_floors=())
    assert {g: math.exp(v) for g, v in res2.tariff.items()} == pytest.approx(TRUE_T, rel=0.05)


def test_robust_to_one_outlier(tiny: corridor.Network) -> None:
    figs = synthetic(tiny)
    figs.loc[0, "value"] *= 5.0  # a wild quote
    res = fit(
        tiny, figs, tariff_groups=TARIFF, speed_groups=SPEED, prior_weight=1e-4, speed_floors=()
    )
    # soft-L1: one quote 5x off moves the rail rate about 10 %, not the log-mean 40 %
    assert math.exp(res.tariff["rail"]) == pytest.approx(TRUE_T["rail"], rel=0.15)


def test_measured_moving_speed_is_a_floor(tiny: corridor.Network) -> None:
    # the synthetic road speed is 0.8 x base; with road's base a measured moving speed the
    # fit stops at 1 (longer trips are waiting, not slower running), rail is still recovered
    figs = synthetic(tiny)
    res = fit(
        tiny, figs, tariff_groups=TARIFF, speed_groups=SPEED, prior_weight=1e-4,
        speed_floors=("road",),
    )  # fmt: skip
    assert math.exp(res.speed["road"]) == pytest.approx(1.0, abs=1e-6)
    assert math.exp(res.speed["rail"]) > 1.0


def test_shipped_speeds_stay_plausible() -> None:
    # the shipped (calibrated) speeds: Uzbek rail at least its measured CPMM moving speed,
    # no rail slower than 20 km/h, fitted speeds within x/÷ 1.5 of the base (fit.SPEED_RANGE)
    p = corridor.load(date="undated").parameters
    speed = p[p["name"] == "speed_kmh"].set_index(["mode", "country"])["value"]
    assert speed[("rail", "UZ")] >= 13.1
    others = [k for k in speed.index if k[0] == "rail" and k[1] != "UZ"]
    assert speed[others].min() >= 20.0
    tariff = p[p["name"] == "tariff_usd_teu_km"].set_index(["mode", "country"])["value"]
    for c in ("PK", "UZ"):  # rail cheaper than road per TEU-km
        assert tariff[("rail", c)] < tariff[("road", c)]
