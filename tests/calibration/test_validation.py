"""Every published figure stays within its tolerance (docs/validation.md justifies them).

The network is the shipped one with the fitted parameters of
data-sources/parameters/v2_calibrated.csv applied (until the build tool merges them into the
shipped parameters table, after which applying them again changes nothing).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import corridor
from corridor.calibration import evaluate, load_figures
from corridor.calibration.evaluate import KNOWN_DATA_ISSUES
from corridor.calibration.figures import COLUMNS, FAMILIES, OPTIONAL_COLUMNS, split_of
from corridor.calibration.fit import apply_parameters, read_parameters

PARAMS = Path(__file__).resolve().parents[2] / "data-sources" / "parameters" / "v2_calibrated.csv"


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    net = corridor.load(date="undated")  # the figures were fitted on the undated tables
    if PARAMS.exists():
        net = apply_parameters(net, read_parameters(str(PARAMS)))
    return evaluate(net)


def test_figures_table() -> None:
    figs = load_figures()
    assert list(figs.columns) == [*COLUMNS, *OPTIONAL_COLUMNS]
    assert figs["id"].is_unique
    # Network v3 (issue 15 item 8): at least 160 figures, each in a corridor family
    assert len(figs) >= 160
    assert set(figs["family"]) <= set(FAMILIES) and (figs["family"] != "").all()
    assert (figs["split"] == figs["id"].map(split_of)).all()
    for kind in ("distance", "time", "price", "border_time", "speed"):
        assert (figs["kind"] == kind).sum() >= 10
    fitted = figs[figs["kind"].isin(["price", "time"])]
    assert 0.15 < (fitted["split"] == "holdout").mean() < 0.35


def test_most_figures_evaluated(table: pd.DataFrame) -> None:
    assert (table["status"] != "skipped").sum() >= 80


def _ids() -> list[str]:
    return list(load_figures()["id"])


@pytest.mark.parametrize("fid", _ids())
def test_within_tolerance(table: pd.DataFrame, fid: str, request: pytest.FixtureRequest) -> None:
    row = table[table["id"] == fid].iloc[0]
    if fid in KNOWN_DATA_ISSUES:
        request.applymarker(pytest.mark.xfail(reason=KNOWN_DATA_ISSUES[fid], strict=True))
    assert row["within"], (
        f"{fid}: model {row['model']:.1f} vs published {row['value']} {row['unit']} "
        f"(log deviation {row['deviation']:+.3f}, tolerance {row['tolerance']:.3f})"
    )


def test_cli_validate_data(capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from corridor.cli import main

    main(["validate-data", "--json", "--kind", "border_time"])
    out = json.loads(capsys.readouterr().out)
    assert out["summary"].startswith("median absolute deviation: border_time")
    assert {r["kind"] for r in out["figures"]} == {"border_time"}
    with pytest.raises(SystemExit) as exc:
        main(["validate-data", "--kind", "nope"])
    assert exc.value.code == 1
