"""Trade effects: zero change gives zero, direction and size follow the elasticity on a
hand-made two-country case, ranges are ordered and contain the central value."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from corridor.analysis.econ_data import Range
from corridor.analysis.trade import (
    SegmentCost,
    TradeRequest,
    parse_pairs,
    read_targets,
    trade_change,
    trade_effects,
)
from corridor.cli import main
from corridor.errors import InputError


def seg(f0: float, f1: float, d0: float, d1: float, share: float = 1.0) -> SegmentCost:
    """Cargo worth 100 a unit, 1 % of value per day in transit."""
    return SegmentCost("c", share, Range.point(100.0), Range.point(1.0), f0, f1, d0, d1)


def test_zero_change_gives_zero() -> None:
    r = trade_change(404.0, [seg(20, 20, 10, 10)], Range(3, 5, 6))
    assert (r.low, r.central, r.high) == (0.0, 0.0, 0.0)


def test_two_country_case_follows_the_elasticity() -> None:
    # transport factor 1 + 0.20 + 10 x 1 % = 1.30 before, 1 + 0.20 + 5 x 1 % = 1.25 after
    for theta in (3.0, 5.0, 6.0):
        r = trade_change(100.0, [seg(20, 20, 10, 5)], Range.point(theta))
        assert r.central == pytest.approx(100 * ((1.25 / 1.30) ** -theta - 1))
        # log change = -theta x log change of the transport factor
        assert math.log1p(r.central / 100) == pytest.approx(-theta * math.log(1.25 / 1.30))
    up = trade_change(100.0, [seg(20, 30, 10, 10)], Range.point(5))  # freight up: trade falls
    assert up.central == pytest.approx(100 * ((1.40 / 1.30) ** -5 - 1)) and up.central < 0
    # half the trade in a segment whose cost does not move: half the change
    half = trade_change(100.0, [seg(20, 20, 10, 5, 0.5), seg(20, 20, 10, 10, 0.5)], Range.point(5))
    assert half.central == pytest.approx(50 * ((1.25 / 1.30) ** -5 - 1))


def test_ranges_are_ordered_and_contain_the_central_value() -> None:
    rng = np.random.default_rng(7)
    for _ in range(200):
        segs = [
            SegmentCost(
                "c",
                0.5,
                Range(*sorted(rng.uniform(50, 500, 3))),
                Range(*sorted(rng.uniform(0.3, 3, 3))),
                *rng.uniform(0, 80, 2),
                *rng.uniform(1, 30, 2),
            )
            for _ in range(2)
        ]
        r = trade_change(float(rng.uniform(1, 1000)), segs, Range(3, 5, 6))
        assert r.low <= r.central <= r.high


def test_pairs_parse_and_targets_are_sourced() -> None:
    assert parse_pairs(["kz:pk", "UZ:PK,KZ:CN"]) == (("KZ", "PK"), ("UZ", "PK"), ("KZ", "CN"))
    for bad in ("KZPK", "KZ:KZ", "KAZ:PK"):
        with pytest.raises(InputError, match="--pair"):
            parse_pairs([bad])
    t = read_targets()
    kz = t[frozenset(("KZ", "PK"))]
    assert (kz.low_usd_m, kz.stated_baseline_usd_m) == (1000, 250) and kz.source
    assert t[frozenset(("UZ", "PK"))].high_usd_m == 2000


def test_shipped_pairs_without_scenario_have_zero_change() -> None:
    from corridor import demand

    e = trade_effects(TradeRequest(date="2025-06-01"))
    assert [p.a + p.b for p in e.pairs] == ["KZPK", "UZPK"]
    tb = demand.trade_base()
    for p in e.pairs:
        c = p.change_usd_m
        assert (c.low, c.central, c.high) == (0.0, 0.0, 0.0)
        rows = tb[tb["exporter"].isin([p.a, p.b]) & tb["importer"].isin([p.a, p.b])]
        assert p.baseline_usd_m == pytest.approx(rows[rows["via"] == ""]["value_usd_m"].sum())


def test_trade_cli_json_and_bad_pair(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["trade", "--pair", "KZ"])
    assert exc.value.code == 2
    capsys.readouterr()
    main(["trade", "-s", "pk_af_crossings_open", "--pair", "UZ:PK", "--json"])
    doc = json.loads(capsys.readouterr().out)
    (p,) = doc["pairs"]
    c = p["change_usd_m"]
    assert 0 < c["low"] <= c["central"] <= c["high"]  # reopening the border helps UZ-PK
    assert p["transport_cost"]["freight_pct_after"] < p["transport_cost"]["freight_pct_before"]
    assert p["target_share_closed"]["central"] == pytest.approx(
        c["central"] / p["target"]["gap_usd_m"]
    )


def test_report_gains_trade_hubs_appraisal_sections(
    tmp_path: object, capsys: pytest.CaptureFixture[str]
) -> None:
    from pathlib import Path

    out = Path(str(tmp_path)) / "r.html"
    main(["report", "almaty", "karachi", "-s", "pk_af_crossings_open", "-o", str(out)])
    text = out.read_text()
    order = [
        text.index(f'<section id="{k}"') for k in ("trade", "hubs", "appraisal", "assumptions")
    ]
    assert order == sorted(order)
    assert "KZ:PK" in text and "Transit and dependence" in text
    assert "Not appraised: no project costs" in text  # reopening a border has no capex row
    capsys.readouterr()
