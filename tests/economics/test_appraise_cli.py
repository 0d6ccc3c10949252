"""``corridor appraise``: the JSON form on a shipped scenario, bad input exits cleanly."""

from __future__ import annotations

import json

import numpy as np
import pytest

from corridor.cli import main


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        main(args)
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_appraise_json_adds_up(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(
        ["appraise", "cku_railway_built", "--modes", "rail", "--draws", "50", "--json"], capsys
    )
    assert code == 0, err
    doc = json.loads(out)
    assert doc["capex_usd_m"] == pytest.approx(4665)
    assert list(doc["npv_usd_m"]) == ["6%", "9%", "12%"]
    net = np.array([r["net_usd_m"] for r in doc["cash_flows"]])
    npv9 = float(np.dot(net, 1.09 ** -np.arange(net.size)))
    assert doc["npv_usd_m"]["9%"] == pytest.approx(npv9, rel=1e-4)
    assert doc["benefits"]["segments"][0]["hours_saved_year"] > 0  # rail saves time
    q = doc["monte_carlo"]["npv_usd_m"]["9%"]
    assert q["p10"] <= q["p50"] <= q["p90"]
    assert all(p["source"] for p in doc["parameters"])


def test_appraise_bad_input(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["appraise", "middle_corridor_upgrade"], capsys)
    assert code == 1 and err.startswith("error: no project costs") and err.count("\n") == 1
    code, _, err = run(["appraise", "cku_railway_built", "--discount", "nine"], capsys)
    assert code == 2 and "--discount" in err


def test_hubs_cli_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["hubs", "--json"], capsys)
    assert code == 0, err
    doc = json.loads(out)
    kz = doc["kazakhstan"]
    assert kz["transit_teu_year_base"] > 0
    assert kz["transit_t_year_base"] > kz["transit_teu_year_base"] * 10  # bulk: >10 t a slot
    assert doc["after"] is None
    code, _, err = run(["hubs", "--segment", "gold"], capsys)
    assert code == 1 and "choose from" in err
