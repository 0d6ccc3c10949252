"""Each edit type on the tiny network with a hand-computed effect; inheritance; the CLI group.

Tiny network by time, a -> d: road a-e-d is 150 km at 60 km/h (2.5 h) + the e_road crossing
(2 h) + 150 km at 60 km/h (2.5 h) = 7 h. By cost the rail line wins: 400 km at US$1 + the
gauge change at b (US$100) + the b_rail fee (US$50) = US$550 (road: 300 km x 2 + 20 = 620).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import corridor
from corridor.cli import main
from corridor.data import path as data_path
from corridor.errors import InputError, UnknownIdError
from corridor.scenarios import apply, load_scenario, shipped
from corridor.scenarios.apply import _directed

TINY = data_path("examples/tiny")


def scenario(tmp_path: Path, edits: str, name: str = "s", base: str = str(TINY)) -> Path:
    p = tmp_path / f"{name}.yaml"
    p.write_text(f"name: {name}\nbase: {base}\nedits:\n{edits}")
    return p


def run(tiny: corridor.Network, tmp_path: Path, edits: str) -> corridor.Network:
    return apply(tiny, load_scenario(scenario(tmp_path, edits)))


def hours(net: corridor.Network, a: str = "a", b: str = "d", **kw: object) -> float:
    return corridor.route(net, a, b, **kw).totals.time_h  # type: ignore[arg-type]


def usd(net: corridor.Network, a: str = "a", b: str = "d") -> float:
    return corridor.route(net, a, b, by="cost").totals.cost_usd


@pytest.mark.parametrize(
    ("edit", "expected_h"),
    [
        ("  - set_link: {links: [ae_road], speed_kmh: 150}\n", 1.0 + 2.0 + 2.5),
        ("  - set_link: {links: [ae_road], speed_factor: 2}\n", 1.25 + 2.0 + 2.5),
        # road closed: the rail line, 2 + 5 (gauge) + 10 (border) + 2 + 1 + 1 h
        ("  - set_link: {links: [ae_road], status: closed}\n", 21.0),
        ("  - set_status: {links: [ed_road], status: planned}\n", 21.0),
        ("  - set_crossings: {crossings: [e_road], dwell_median_h: 1, dwell_p90_h: 2}\n", 6.0),
        ("  - scale_crossings: {countries: AA|BB, modes: [road], dwell: 2}\n", 9.0),
        ("  - set_parameter: {mode: road, name: speed_kmh, factor: 2}\n", 1.25 + 2.0 + 1.25),
        (
            "  - close_crossings: {crossings: [e_road]}\n  - open_crossings: {crossings: [e_road]}\n",
            7.0,
        ),
    ],
)
def test_time_edits(tmp_path: Path, tiny: corridor.Network, edit: str, expected_h: float) -> None:
    assert hours(run(tiny, tmp_path, edit)) == pytest.approx(expected_h)
    assert hours(tiny) == pytest.approx(7.0)  # the input network is untouched


@pytest.mark.parametrize(
    ("edit", "expected_usd"),
    [
        ("  - set_crossings: {crossings: [b_rail], fee_usd_teu: 0}\n", 500.0),
        ("  - scale_crossings: {crossings: [b_rail], fee: 2}\n", 600.0),
        ("  - set_parameter: {mode: rail, name: tariff_usd_teu_km, factor: 0.5}\n", 350.0),
        (
            # free rail in BB: only the 200 rail km in AA pay (ab, and bc up to the midpoint)
            "  - set_parameter: {mode: rail, country: BB, name: tariff_usd_teu_km, value: 0}\n",
            350.0,
        ),
        ("  - scale_transfers: {kind: gauge, cost: 0}\n", 450.0),
        (
            "  - add_transfers:\n"
            "      - {node: b, from: 'rail:1520', to: 'rail:1435', time_median_h: 1,\n"
            "         time_p90_h: 1, cost_usd_teu: 10}\n"
            "  - set_transfers: {node: b, from: 'rail:1520', cost_usd_teu: 20}\n",
            470.0,
        ),
    ],
)
def test_cost_edits(tmp_path: Path, tiny: corridor.Network, edit: str, expected_usd: float) -> None:
    assert usd(run(tiny, tmp_path, edit)) == pytest.approx(expected_usd)
    assert usd(tiny) == pytest.approx(550.0)


def test_capacity_and_close_country(tmp_path: Path, tiny: corridor.Network) -> None:
    net = run(
        tiny,
        tmp_path,
        "  - set_link: {links: [ab_rail], capacity_teu_day: 100}\n"
        "  - set_link: {links: [ab_rail], capacity_factor: 1.5}\n"
        "  - set_crossings: {crossings: [d_ferry], capacity_teu_day: 40}\n",
    )
    assert net.links.set_index("id").loc["ab_rail", "capacity_teu_day"] == pytest.approx(150.0)
    assert net.crossings.set_index("id").loc["d_ferry", "capacity_teu_day"] == pytest.approx(40.0)
    net = run(tiny, tmp_path, "  - close_country: {country: CC}\n")
    with pytest.raises(corridor.NoRouteError):
        corridor.route(net, "a", "f")
    assert hours(net) == pytest.approx(7.0)
    net = run(tiny, tmp_path, "  - close_country: {country: cc, internal: true}\n")
    assert net.links.set_index("id").loc["gh_road", "status"] == "closed"


def test_add_nodes_links_crossings(tmp_path: Path, tiny: corridor.Network) -> None:
    net = run(
        tiny,
        tmp_path,
        "  - add_nodes:\n"
        "      - {id: k, name: Kilo, country: CC, lat: 40.5, lon: 60.5, kind: city}\n"
        "  - add_links:\n"
        "      - {id: fk_road, from: f, to: k, mode: road, length_km: 60,\n"
        "         length_basis: estimate, status: existing}\n",
    )
    # a -> f by time: 7 h to d, ferry handling road->ferry 3 h + crossing 1 h + 200 km at
    # 20 km/h (10 h) + handling 3 h + 60 km at 60 km/h (1 h)
    assert hours(net, "a", "k") == pytest.approx(7 + 3 + 1 + 10 + 3 + 1)
    assert net.links.set_index("id").loc["fk_road", "source"] == "s"  # the scenario's name


def test_direction_edit_applies_to_one_direction(tmp_path: Path, tiny: corridor.Network) -> None:
    # e_road has one row for both directions (dwell 2 h). Halving AA>BB splits it: a -> d
    # (AA into BB) is 2.5 + 1 + 2.5 = 6 h; d -> a (BB into AA) keeps 2.5 + 2 + 2.5 = 7 h.
    net = run(
        tiny, tmp_path, "  - scale_crossings: {crossings: [e_road], direction: AA>BB, dwell: 0.5}\n"
    )
    rows = net.crossings[net.crossings["id"] == "e_road"].set_index("direction")
    assert sorted(rows.index) == ["AA>BB", "BB>AA"]
    assert rows.loc["AA>BB", "dwell_median_h"] == pytest.approx(1.0)
    assert rows.loc["BB>AA", "dwell_median_h"] == pytest.approx(2.0)
    assert hours(net, "a", "d") == pytest.approx(6.0)
    assert hours(net, "d", "a") == pytest.approx(7.0)
    # h_road already has a row per direction: doubling CC>DD (1 h -> 2 h) changes h -> i
    # (30 km at 60 + 1 h + 50 km at 60 = 2.33 h -> 3.33 h), not i -> h (80 km + 4 h)
    net = run(
        tiny, tmp_path, "  - scale_crossings: {crossings: [h_road], direction: CC>DD, dwell: 2}\n"
    )
    assert hours(net, "h", "i") == pytest.approx(80 / 60 + 2.0)
    assert hours(net, "i", "h") == pytest.approx(80 / 60 + 4.0)
    assert hours(tiny, "h", "i") == pytest.approx(80 / 60 + 1.0)


def test_directed_splits_both_direction_rows() -> None:
    x = pd.DataFrame(
        {
            "id": ["e_road", "b_rail"],
            "countries": ["AA|BB", "AA|BB"],
            "direction": ["", ""],
            "dwell_median_h": [2.0, 10.0],
        }
    )
    tables = {"crossings": x}
    mask = _directed(tables, pd.Series([True, False]), ("AA", "BB"))
    out = tables["crossings"]
    assert sorted(out["direction"]) == ["", "AA>BB", "BB>AA"]
    assert list(out.loc[mask, "id"]) == ["e_road"]
    assert list(out.loc[mask, "direction"]) == ["AA>BB"]


def test_inheritance_diamond_and_cycles(tmp_path: Path, tiny: corridor.Network) -> None:
    scenario(tmp_path, "  - scale_crossings: {crossings: [e_road], dwell: 0.5}\n", "root")
    left = "  - set_link: {links: [ae_road], speed_kmh: 150}\n"
    scenario(tmp_path, left, "left", base="root")
    scenario(tmp_path, "  - open_links: {links: [ad_rail]}\n", "right", base="root")
    child = load_scenario(scenario(tmp_path, "  []\n", "child", base="[left, right]"))
    assert [e.scenario for e in child.edits] == ["root", "left", "right"]  # root once
    assert child.bases == ("left", "right")
    assert child.network == TINY
    net = apply(tiny, child)
    assert hours(net) == pytest.approx(1.0 + 1.0 + 2.5)  # dwell halved once, not twice
    scenario(tmp_path, "  []\n", "a", base="b")
    scenario(tmp_path, "  []\n", "b", base="a")
    with pytest.raises(InputError, match=r"b\.yaml line 2: base: inheritance cycle a -> b -> a"):
        load_scenario(tmp_path / "a.yaml")
    with pytest.raises(InputError, match="line 2: base: 'nowhere' is neither"):
        load_scenario(scenario(tmp_path, "  []\n", "x", base="nowhere"))


def test_shipped_both_railways_inherits(region: corridor.Network) -> None:
    both = load_scenario("both_railways_built")
    assert both.bases == ("ktap_built", "trans_afghan_built")
    links = {lk for e in both.edits for lk in getattr(e.edit, "links", [])}
    ids = [e.edit for e in load_scenario("ktap_built").edits] + [
        e.edit for e in load_scenario("trans_afghan_built").edits
    ]
    assert links == {lk for edit in ids for lk in getattr(edit, "links", [])}


@pytest.mark.parametrize("name", shipped())
def test_every_shipped_scenario_validates_and_applies(
    name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["scenario", "validate", name])
    assert capsys.readouterr().out.startswith("ok: ")
    sc = load_scenario(name)
    assert sc.description and sc.source
    assert all(e.source for e in sc.edits)


def test_cli_list_alias_show_and_bad_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["scenario", "list", "--json"])
    listed = capsys.readouterr().out
    main(["scenarios", "--json"])
    assert capsys.readouterr().out == listed
    main(["scenario", "show", "border_facilitation"])
    out = capsys.readouterr().out
    assert "dwell x0.5, fee x0.75" in out and "source: Oxford Economics" in out
    bad = scenario(tmp_path, "  - close_links: {links: [nope]}\n")
    with pytest.raises(SystemExit) as exc:
        main(["scenario", "validate", str(bad)])
    assert exc.value.code == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"{bad} line 4: edits[0].close_links: unknown link(s)" in err


def test_nothing_written_when_an_edit_fails(tmp_path: Path) -> None:
    bad = scenario(tmp_path, "  - close_links: {links: [nope]}\n", base="default")
    out = tmp_path / "out"
    with pytest.raises(SystemExit):
        main(["scenario", "diff", str(bad), "--pairs", "almaty:karachi", "-o", str(out)])
    assert not out.exists()


def test_unknown_ids_name_the_line(tmp_path: Path, tiny: corridor.Network) -> None:
    with pytest.raises(UnknownIdError, match=r"line 5: edits\[1\]\.set_transfers: unknown node"):
        run(
            tiny,
            tmp_path,
            "  - open_links: {links: [ad_rail]}\n  - set_transfers: {node: zz, cost_usd_teu: 1}\n",
        )
