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


def test_caspian_rail_chains_are_the_two_services() -> None:
    """Across the Caspian the rail-based chain rolls its wagon onto the Kuryk rail ferry and
    the intermodal chain does without rail ferries: its box is lifted onto the Aktau feeder
    (corridor.analysis._modes.rail_ferry_edges), so the logit splits the pair between the
    services."""
    from corridor.demand.modechoice import chain_costs

    row = pd.DataFrame(
        {"origin": ["kz_almaty"], "destination": ["az_baku"], "via": [""],
         "segment": ["container"], "tonnes_year": [1000.0]}
    )  # fmt: skip
    seg = demand.segments()
    vot = dict(zip(seg["id"], seg["vot_usd_teu_h"], strict=True))
    c = chain_costs(corridor.load(date="2024-07-01"), row, vot).iloc[0]
    assert "kuryk_alat_ferry" in c["crossings_rail"]
    assert "aktau_alat_ferry" in c["crossings_intermodal"]
    assert "kuryk_alat_ferry" not in c["crossings_intermodal"]
    assert math.isfinite(c["cost_rail"]) and math.isfinite(c["cost_intermodal"])


def test_port_share_and_the_intermodal_constant_by_hand() -> None:
    """A container_port row counts the containers over its first crossing against those over
    the others; the intermodal constant b adds b to the intermodal chain's utility: feeder
    share 1 / (1 + e^(0.5 - b)) for a ferry at 1x and a feeder at 1.5x the cheaper cost
    (theta 1). Bulk rows and rows crossing neither are not counted."""
    from corridor.demand.modechoice import chain_shares, masked_share, port_masks

    costs = pd.DataFrame(
        {
            "cost_rail": [100.0, 100.0, 100.0],
            "cost_intermodal": [150.0, 150.0, 150.0],
            "crossings_rail": [frozenset({"kuryk"}), frozenset({"kuryk"}), frozenset({"x"})],
            "crossings_intermodal": [frozenset({"aktau"}), frozenset({"aktau"}), frozenset()],
            "segment": ["container", "dry_bulk", "container"],
        }
    )
    masks = port_masks(costs, {"where": "aktau|kuryk"})
    t = np.array([10.0, 99.0, 99.0])
    for b in (-1.0, 0.0, 2.0):
        asc = asc_rows(costs["segment"], {"container": 0.0, "bulk": 0.0}, None, {"container": b})
        assert asc[2, 1] == b and asc[1, 1] == 0.0
        share = masked_share(t, chain_shares(costs, 1.0, asc), masks)
        assert share == pytest.approx(1.0 / (1.0 + math.exp(0.5 - b)))
