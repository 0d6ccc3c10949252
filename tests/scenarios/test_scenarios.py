"""Scenario files: parsing, each edit's effect, bad input, and the shipped scenarios."""

from __future__ import annotations

from pathlib import Path

import pytest

import corridor
from corridor.cli import main
from corridor.data import path as data_path
from corridor.errors import InputError, UnknownIdError
from corridor.paths import RouteOptions
from corridor.scenarios import apply, load_scenario, shipped

TINY = data_path("examples/tiny")


def write(tmp_path: Path, body: str, base: str = str(TINY)) -> Path:
    p = tmp_path / "s.yaml"
    p.write_text(f"name: test\nbase: {base}\n{body}")
    return p


def test_scale_crossings_halves_dwell(tmp_path: Path, tiny: corridor.Network) -> None:
    sc = load_scenario(
        write(
            tmp_path, "edits:\n  - scale_crossings: {countries: AA|BB, modes: [road], dwell: 0.5}\n"
        )
    )
    net = apply(tiny, sc)
    # road a-e-d: 7 h with a 2 h crossing -> 6 h; the rail crossing is unchanged
    assert corridor.route(net, "a", "d").totals.time_h == pytest.approx(6.0)
    assert corridor.route(
        net, "a", "d", options=RouteOptions(modes=("rail",))
    ).totals.time_h == pytest.approx(21.0)
    assert corridor.route(tiny, "a", "d").totals.time_h == pytest.approx(7.0)  # input untouched


def test_close_crossing_country_and_links(tmp_path: Path, tiny: corridor.Network) -> None:
    net = apply(
        tiny, load_scenario(write(tmp_path, "edits:\n  - close_crossings: {crossings: [e_road]}\n"))
    )
    assert corridor.route(net, "a", "d").vertices == ("a", "b", "c", "d")
    net = apply(tiny, load_scenario(write(tmp_path, "edits:\n  - close_country: {country: BB}\n")))
    with pytest.raises(corridor.NoRouteError):
        corridor.route(net, "a", "d", options=RouteOptions(include_planned=True))
    net = apply(
        tiny, load_scenario(write(tmp_path, "edits:\n  - close_links: {links: [cd_rail]}\n"))
    )
    with pytest.raises(corridor.NoRouteError):
        corridor.route(net, "a", "d", options=RouteOptions(modes=("rail",)))


def test_open_planned_link_and_parameters(tmp_path: Path, tiny: corridor.Network) -> None:
    body = (
        "edits:\n"
        "  - open_links: {links: [ad_rail]}\n"
        "  - set_parameter: {mode: rail, name: speed_kmh, value: 100, unit: km/h, source: test}\n"
    )
    net = apply(tiny, load_scenario(write(tmp_path, body)))
    r = corridor.route(net, "a", "d")
    assert r.links == ("ad_rail",)
    assert r.totals.time_h == pytest.approx(2.5 + 3.0)  # 250 km at 100 km/h + 3 h crossing


def test_add_rows_and_transfers(tmp_path: Path, tiny: corridor.Network) -> None:
    body = (
        "edits:\n"
        "  - add_links:\n"
        "      - {id: ec_road, from: e, to: c, mode: road, length_km: 60, length_basis: estimate,\n"
        "         frontier_km: 0, status: existing, source: test estimate}\n"
        "  - scale_transfers: {kind: gauge, time: 0}\n"
    )
    net = apply(tiny, load_scenario(write(tmp_path, body)))
    assert "ec_road" in set(net.links["id"])
    assert corridor.route(net, "a", "d", by="cost").legs[1].time_h == 0.0  # free gauge change


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        (
            "edits:\n  - close_links: {links: [nope]}\n",
            "line 4: edits[0].close_links: unknown link(s) ['nope']",
        ),
        ("edits:\n  - teleport: {}\n", "line 4: edits[0]: unknown edit 'teleport'"),
        (
            "edits:\n  - scale_crossings: {countries: AA|BB, dwel: 2}\n",
            "line 4: edits[0].scale_crossings.dwel: Extra inputs",
        ),
        (
            "edits:\n  - scale_crossings: {countries: AA|BB, dwell: -1}\n",
            "dwell: Input should be greater than or equal to 0",
        ),
        (
            "edits:\n  - add_links: [{id: x, from: a, to: zz, mode: rail}]\n",
            "makes the network invalid",
        ),
        ("edits: [\n", "not valid YAML"),
        ("colour: red\n", "line 3: colour: Extra inputs are not permitted"),
        (
            "edits:\n  - set_link: {links: [ab_rail],\n      speed_kmh: fast}\n",
            "line 5: edits[0].set_link.speed_kmh: Input should be a valid number",
        ),
        (
            "edits:\n  - open_links: {links: [ad_rail]}\n  - close_country: {country: ZZ}\n",
            "line 5: edits[1].close_country: unknown country 'ZZ'",
        ),
    ],
)
def test_bad_scenarios_are_one_line_errors(
    tmp_path: Path, tiny: corridor.Network, body: str, fragment: str
) -> None:
    with pytest.raises((InputError, UnknownIdError)) as err:
        apply(tiny, load_scenario(write(tmp_path, body)))
    assert fragment in str(err.value) and "\n" not in str(err.value)


def test_shipped_scenarios_apply_and_change_what_they_say(region: corridor.Network) -> None:
    assert set(shipped()) >= {
        "ktap_built",
        "trans_afghan_built",
        "pk_af_border_closed",
        "pk_af_clearance_twice_as_fast",
    }
    for name in shipped():
        apply(region, load_scenario(name))  # every shipped scenario is valid
    base = corridor.route(region, "almaty", "karachi")
    closed = apply(region, load_scenario("pk_af_border_closed"))
    r = corridor.route(closed, "almaty", "karachi")
    assert not any(
        c in r.crossings for c in ("torkham_road", "chaman_spin_boldak_road", "kharlachi_road")
    )
    faster = apply(region, load_scenario("pk_af_clearance_twice_as_fast"))
    assert corridor.route(faster, "almaty", "karachi").totals.time_h < base.totals.time_h
    ktap = apply(region, load_scenario("ktap_built"))
    rail = corridor.route(
        ktap, "ashgabat", "karachi", options=RouteOptions(modes=("rail",)), by="cost"
    )
    assert {"af_herat", "af_kandahar", "pk_chaman"} <= set(rail.vertices)
    assert {s for leg in rail.legs for s in leg.statuses} == {"existing"}


def test_cli_route_with_scenario(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["route", "almaty", "karachi", "--scenario", "nope"])
    assert exc.value.code == 1
    assert "unknown scenario 'nope'" in capsys.readouterr().err
    main(
        [
            "route",
            "ashgabat",
            "karachi",
            "--modes",
            "rail",
            "--by",
            "cost",
            "-s",
            "ktap_built",
            "--date",
            "2025-06-01",
            "--json",
        ]
    )
    # the KTAP line reaches Pakistan at Chaman: before the AF-PK closure of 2025-10-12 (on
    # the network's as-of date, the default --date, every AF-PK crossing is closed)
    out = capsys.readouterr().out
    assert '"af_herat"' in out and '"date": "2025-06-01"' in out
