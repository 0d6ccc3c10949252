"""Rail services (issue 15 item 2): block trains and wagonload cross borders with their own
times; the default for containers is block, chosen per trip."""

from __future__ import annotations

import math

import pandas as pd
import pytest

import corridor
from corridor.calibration.evaluate import deviation_log, tolerance_log
from corridor.data import path as data_path

RAIL = {s: corridor.RouteOptions(modes=("rail",), service=s) for s in ("block", "wagonload")}


def test_block_train_urumqi_almaty_within_its_published_tolerance(
    region: corridor.Network,
) -> None:
    figures = pd.read_csv(data_path("validation/published_figures.csv"), dtype=str)
    n21 = figures[figures["id"] == "N21"].iloc[0]  # Xinhua 2019: 48 h, medium confidence
    published = float(n21["value"])
    block = corridor.route(region, "urumqi", "almaty", options=RAIL["block"])
    dev = deviation_log(block.totals.time_h, published, math.nan, math.nan)
    assert abs(dev) <= tolerance_log("time", str(n21["confidence"]))
    # the default is the block train; wagonload keeps CPMM's per-wagon days at Altynkol
    assert (
        corridor.route(
            region, "urumqi", "almaty", options=corridor.RouteOptions(modes=("rail",))
        ).totals.time_h
        == block.totals.time_h
    )
    wagon = corridor.route(region, "urumqi", "almaty", options=RAIL["wagonload"])
    assert wagon.crossings == block.crossings == ("altynkol_khorgos_rail",)
    x = region.crossings.set_index(["id", "direction"])
    cpmm = x.loc[("altynkol_khorgos_rail", "CN>KZ"), "dwell_median_h"]
    fast = x.loc[("altynkol_khorgos_rail", "CN>KZ"), "block_median_h"]
    assert wagon.totals.time_h - block.totals.time_h == pytest.approx(cpmm - fast)


def test_block_trains_pay_no_per_wagon_border_fee(region: corridor.Network) -> None:
    block = corridor.route(region, "xian", "duisburg", options=RAIL["block"])
    wagon = corridor.route(region, "xian", "duisburg", options=RAIL["wagonload"])
    fees = [leg.cost_usd for leg in block.legs if leg.kind == "border"]
    assert fees and max(fees) == 0.0
    assert sum(leg.cost_usd for leg in wagon.legs if leg.kind == "border") > 0


def test_crossings_without_a_block_figure_serve_both_services(region: corridor.Network) -> None:
    a = corridor.route(region, "tashkent", "termez", options=RAIL["block"])
    b = corridor.route(region, "tashkent", "termez", options=RAIL["wagonload"])
    assert a.totals.time_h == b.totals.time_h


def test_scenario_scaling_dwell_scales_the_block_figure_too(region: corridor.Network) -> None:
    from corridor.scenarios import apply, load_scenario

    sc = load_scenario("border_facilitation")
    after = apply(region, sc)
    x0 = region.crossings.set_index(["id", "direction"])
    x1 = after.crossings.set_index(["id", "direction"])
    key = ("altynkol_khorgos_rail", "CN>KZ")
    r0 = x1.loc[key, "dwell_median_h"] / x0.loc[key, "dwell_median_h"]
    r1 = x1.loc[key, "block_median_h"] / x0.loc[key, "block_median_h"]
    assert r1 == pytest.approx(r0)


def test_unknown_service_is_an_input_error() -> None:
    with pytest.raises(corridor.InputError, match="wagonload"):
        corridor.RouteOptions(service="express")
