"""Trade base: source tables -> one value per direction -> segments -> tonnes and vehicles."""

from __future__ import annotations

import filecmp
import math
from pathlib import Path

import pandas as pd
import pytest

from corridor import demand
from corridor.errors import InputError

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "data-sources/trade"

FLOWS_HEADER = (
    "id,flow,exporter,importer,year,months,value_usd_m,tonnes_kt,scope,basis,reporter,"
    "figure,source,ref,notes\n"
)
SEGMENTS = """id,name,carried,value_usd_t,t_per_teu,t_per_wagon,t_per_truck,modes,services,time_cost_pct_day,source,figure,notes
container,boxes,true,5000,10,20,20,rail|road,container_train|truck,1.2,test,estimate,
dry_bulk,bulk,true,250,20,50,25,rail|road,wagonload|truck,0.48,test,estimate,
pipeline,pipes,false,,,,,,,,test,estimate,
"""
SHARES = """exporter,importer,segment,share,year,source,figure,ref,notes
AA,BB,container,0.5,2024,test,estimate,,
AA,BB,dry_bulk,0.3,2024,test,estimate,,
AA,BB,pipeline,0.2,2024,test,estimate,,
*,*,container,1.0,2024,test,estimate,,
"""
REEXPORT = """hub,origin,destination,share,via_place,year,source,figure,notes
# a comment line, with a comma
BB,CC,AA,0.25,bb_city,2024,test,derived,
"""


def _folder(tmp: Path, flows: str, shares: str = SHARES, reexport: str = REEXPORT) -> Path:
    (tmp / "flows.csv").write_text(FLOWS_HEADER + flows)
    (tmp / "segments.csv").write_text(SEGMENTS)
    (tmp / "shares.csv").write_text(shares)
    (tmp / "reexport.csv").write_text(reexport)
    return tmp


# three countries AA, BB, CC; every rule of the pick exercised once
THREE = """\
aa_bb_2023_nat,x,AA,BB,2023,12,100,,all,national,AA,published,s,,
aa_bb_2023_mir,x,AA,BB,2023,12,140,,all,mirror,BB,published,s,,
aa_bb_2022_nat,x,AA,BB,2022,12,90,,all,national,AA,published,s,,
aa_bb_2024_press,x,AA,BB,2024,12,500,,all,press,AA,published,s,,
bb_aa_2024_h1,x,BB,AA,2024,6,30,,all,mirror,AA,published,s,,
aa_cc_total,total,AA,CC,2023,12,80,,all,national,AA,published,s,,
cc_aa_2023,x,CC,AA,2023,12,20,,all,national,CC,published,s,,
bb_cc_total,total,BB,CC,2023,12,40,,all,national,BB,published,s,,
cc_bb_2023,x,CC,BB,2023,12,200,,all,national,CC,published,s,,
aa_bb_t,x,AA,BB,2023,12,,64,all,national,AA,published,s,,
cc_bb_transit,x,CC,BB,2023,12,999,,transit,national,CC,published,s,,
"""


def test_three_country_case_trade_in_tonnes_out(tmp_path: Path) -> None:
    tables = demand.read_trade_tables(_folder(tmp_path, THREE))
    v = demand.pick_values(tables).set_index(["exporter", "importer"])
    # statistics before press; latest year; exporter's declaration before the mirror
    assert v.at[("AA", "BB"), "fact"] == "aa_bb_2023_nat"
    # a half year is annualised
    assert v.at[("BB", "AA"), "value_usd_m"] == pytest.approx(60.0)
    # no x row: the total minus the other direction of the same year
    assert v.at[("AA", "CC"), "value_usd_m"] == pytest.approx(60.0)
    assert "minus" in v.at[("AA", "CC"), "rule"]
    # the other direction is larger than the total: even split, said so
    assert v.at[("BB", "CC"), "value_usd_m"] == pytest.approx(20.0)
    assert "even split" in v.at[("BB", "CC"), "rule"]
    # transit rows are not bilateral trade
    assert v.at[("CC", "BB"), "fact"] == "cc_bb_2023"

    base = demand.derive_trade_base(tables)
    ab = base[(base["exporter"] == "AA") & (base["importer"] == "BB")].set_index("segment")
    assert ab["value_usd_m"].to_dict() == pytest.approx(
        {"container": 50.0, "dry_bulk": 30.0, "pipeline": 20.0}
    )
    # containers from value (50 m / 5,000 US$/t = 10,000 t = 1,000 TEU); bulk scaled so the
    # carried total is the published 64 kt; the pipeline share keeps its value, no tonnes
    assert ab.at["container", "tonnes_year"] == pytest.approx(10_000.0)
    assert ab.at["container", "teu_year"] == pytest.approx(1_000.0)
    assert ab.at["dry_bulk", "tonnes_year"] == pytest.approx(54_000.0)
    assert ab.at["dry_bulk", "wagons_year"] == pytest.approx(54_000.0 / 50)
    assert math.isnan(ab.at["dry_bulk", "teu_year"])
    assert math.isnan(ab.at["pipeline", "tonnes_year"])
    assert "bulk scaled to aa_bb_t" in ab.at["dry_bulk", "tonnes_rule"]
    # BB -> AA has no tonnes fact: value / value per t (default shares: all containers)
    ba = base[(base["exporter"] == "BB") & (base["importer"] == "AA")]
    assert ba["tonnes_year"].sum() == pytest.approx(60e6 / 5000)


def test_reexport_moves_value_and_tonnes_on_conserving_them(tmp_path: Path) -> None:
    tables = demand.read_trade_tables(_folder(tmp_path, THREE))
    base = demand.derive_trade_base(tables)
    cb = base[(base["exporter"] == "CC") & (base["importer"] == "BB") & (base["flow"] == "trade")]
    on = base[(base["exporter"] == "CC") & (base["importer"] == "AA") & (base["via"] == "BB")]
    assert cb["value_usd_m"].sum() == pytest.approx(150.0)
    assert on["value_usd_m"].sum() == pytest.approx(50.0)
    assert (cb["tonnes_year"].sum() + on["tonnes_year"].sum()) == pytest.approx(200e6 / 5000)


def test_segments_conserve_value_and_tonnes_on_the_shipped_base() -> None:
    tables = demand.read_trade_tables(SOURCE)
    picked = demand.pick_values(tables).set_index(["exporter", "importer"])["value_usd_m"]
    base = demand.derive_trade_base(tables)
    transit = base[base["flow"] == "transit"]
    assert transit["teu_year"].sum() == pytest.approx(13_860, abs=1)
    base = base[base["flow"] != "transit"]
    by_origin = base.groupby(["exporter"])["value_usd_m"].sum()
    assert by_origin.sum() == pytest.approx(picked.sum())
    for (exp, imp), value in picked.items():
        direct = (base["importer"] == imp) & (base["via"] == "")
        rows = base[(base["exporter"] == exp) & (direct | (base["via"] == imp))]
        assert rows["value_usd_m"].sum() == pytest.approx(value), (exp, imp)
    carried = base[base["tonnes_year"].notna()]
    assert (carried["tonnes_year"] > 0).all()
    assert set(base.loc[base["tonnes_year"].isna(), "segment"]) == {"pipeline", "non_surface"}


def test_shipped_trade_base_is_the_derivation_byte_for_byte(tmp_path: Path) -> None:
    written = demand.write_trade_base(SOURCE, tmp_path)
    for p in written:
        shipped = ROOT / "src/corridor/data/demand" / p.name
        assert filecmp.cmp(p, shipped, shallow=False), f"{p.name}: run tools/build_trade_base.py"


def test_segment_value_of_time_is_value_per_tonne_times_hummels_schaur() -> None:
    seg = demand.segments().set_index("id")
    # 4,370 US$/t x 1.35 %/day / 24 h = 2.458 US$/t-h; x 10 t/TEU = the network's ~25 US$/TEU-h
    assert seg.at["container", "vot_usd_t_h"] == pytest.approx(4370 * 0.0135 / 24, abs=1e-4)
    assert seg.at["container", "vot_usd_teu_h"] == pytest.approx(24.58, abs=0.01)
    assert seg.at["dry_bulk", "vot_usd_t_h"] < seg.at["container", "vot_usd_t_h"] / 10
    assert not seg.at["pipeline", "carried"]
    tb = demand.trade_base()
    assert {"KG", "TJ"} <= set(tb["exporter"]) & set(tb["importer"])


def test_mirror_gap_rows_both_kept_and_the_rule_picks_one() -> None:
    flows = demand.read_trade_tables(SOURCE).flows
    kg = flows[(flows["exporter"] == "CN") & (flows["importer"] == "KG")]
    assert set(kg["basis"]) == {"national", "mirror"}
    v = demand.pick_values(demand.read_trade_tables(SOURCE)).set_index(["exporter", "importer"])
    assert v.at[("CN", "KG"), "basis"] == "national"


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda f: f.replace("AA,BB,dry_bulk,0.3", "AA,BB,dry_bulk,0.4"), "add up to 1.1000"),
        (lambda f: f.replace("AA,BB,container", "AA,BB,boxes"), "column segment"),
    ],
)
def test_bad_shares_name_the_file(tmp_path: Path, edit, message: str) -> None:  # type: ignore[no-untyped-def]
    folder = _folder(tmp_path, THREE, shares=edit(SHARES))
    with pytest.raises(InputError, match=message):
        demand.read_trade_tables(folder)


def test_bad_flow_row_names_file_line_and_column(tmp_path: Path) -> None:
    folder = _folder(
        tmp_path,
        THREE.replace("aa_bb_2022_nat,x,AA,BB,2022,12,90", "aa_bb_2022_nat,x,AA,BB,2022,12,ninety"),
    )
    with pytest.raises(InputError, match=r"flows.csv line 4, column value_usd_m: 'ninety'"):
        demand.read_trade_tables(folder)
    folder = _folder(tmp_path, THREE.replace(",national,AA,", ",official,AA,", 1))
    with pytest.raises(InputError, match=r"column basis: 'official'"):
        demand.read_trade_tables(folder)


def test_frame_types() -> None:
    tb = demand.trade_base()
    assert isinstance(tb, pd.DataFrame)
    assert tb["year"].dtype.kind == "i"
