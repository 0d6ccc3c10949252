"""Mode choice: the logit between the rail-based and the road chain, fitted on published shares."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import corridor
from corridor import demand
from corridor.demand.modechoice import (
    THETA_BOUNDS,
    asc_rows,
    fit_mode_choice,
    rail_share,
    read_mode_markets,
    read_mode_params,
    read_mode_shares,
    read_theta,
)

DEMAND = Path(__file__).resolve().parents[2] / "data-sources/demand"


def test_logit_by_hand() -> None:
    costs = pd.DataFrame(
        {"cost_rail": [100.0, 100.0, math.inf, 300.0], "cost_road": [200.0, math.inf, 50.0, 300.0]}
    )
    share = rail_share(costs, theta=1.0)
    # rail at 1x the cheaper cost, road at 2x: 1 / (1 + e^-1)
    assert share[0] == pytest.approx(1.0 / (1.0 + math.exp(-1.0)))
    assert share[1] == 1.0 and share[2] == 0.0 and share[3] == pytest.approx(0.5)
    assert rail_share(costs, theta=50.0)[0] > 0.999  # large theta: all or nothing


def test_theta_fitted_on_published_shares_and_the_holdout() -> None:
    seg = demand.segments()
    vot = dict(zip(seg["id"], seg["vot_usd_teu_h"], strict=True))
    shipped = read_mode_params(DEMAND / "mode_fitted.csv")
    m = fit_mode_choice(
        corridor.load(date="undated"),
        demand.region_demand(),
        vot,
        read_mode_shares(DEMAND / "mode_shares.csv"),
        start=shipped,
        markets=read_mode_markets(DEMAND / "mode_markets.csv"),
    )
    assert m.theta == pytest.approx(read_theta(DEMAND / "mode_fitted.csv"), rel=1e-3), (
        "the network's routes changed; run tools/build_demand.py --fit"
    )
    assert set(m.asc_road) == {"container", "bulk", "bulk_afghan"}
    for group, value in m.asc_road.items():
        assert value == pytest.approx(shipped[f"asc_road_{group}"], abs=2e-3)
    assert THETA_BOUNDS[0] <= m.theta <= THETA_BOUNDS[1]
    t = m.table.set_index("id")
    assert t.at["uz_transit", "model"] == pytest.approx(t.at["uz_transit", "rail_share"], rel=0.05)
    assert t.at["termez", "model"] == pytest.approx(t.at["termez", "rail_share"], rel=0.15)
    by = m.by_segment.set_index("segment")
    assert np.all((by["rail_share"] > 0) & (by["rail_share"] < 1))


def test_road_constant_moves_the_share_by_hand() -> None:
    """A road constant a adds a to the road chain's utility: rail share 1 / (1 + e^(a - 1))
    for rail at 1x and road at 2x the cheaper cost (theta 1)."""
    costs = pd.DataFrame({"cost_rail": [100.0], "cost_road": [200.0], "segment": ["container"]})
    for a in (-2.0, 0.0, 1.5):
        asc = asc_rows(costs["segment"], {"container": a, "bulk": 0.0})
        assert rail_share(costs, 1.0, asc)[0] == pytest.approx(1.0 / (1.0 + math.exp(a - 1.0)))


def test_a_market_names_a_fit_share(tmp_path: Path) -> None:
    """Every market's constant is pinned by a published share: a market naming a share
    that is not a fit row, or a malformed country pair, is refused naming the file."""
    from corridor.errors import InputError

    src = (DEMAND / "mode_markets.csv").read_text()
    bad = tmp_path / "mode_markets.csv"
    bad.write_text(src.replace("PK-UZ|", "PK-UZ-KZ|"))
    with pytest.raises(InputError, match="line 3, field pairs"):
        read_mode_markets(bad)
    bad.write_text(src.replace(",bulk,termez,", ",bulk,tm_af,"))
    with pytest.raises(ValueError, match="not a fit row"):
        fit_mode_choice(
            corridor.load(date="undated"),
            demand.region_demand().head(3),
            {s: 1.0 for s in demand.segments()["id"]},
            read_mode_shares(DEMAND / "mode_shares.csv"),
            markets=read_mode_markets(bad),
        )
