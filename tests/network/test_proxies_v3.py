"""Borrowed figures say so (issue 15 item 7): a row whose figure comes from another place,
a national or CAREC average or another service carries ``basis=proxy: <what>`` in its notes
and is an estimate; ``corridor network info`` reports the proxy share by country."""

from __future__ import annotations

import json
import re

import pytest

import corridor
from corridor.cli import main
from corridor.network.coverage import coverage

PROXY = re.compile(r"basis=proxy:\s*([^.;]+)")


def test_every_proxy_row_names_its_proxy_and_is_an_estimate(region: corridor.Network) -> None:
    seen = 0
    for name in ("crossings", "transfers", "links"):
        table = getattr(region, name)
        for rec in table.to_dict("records"):
            notes = str(rec.get("notes") or "")
            if "basis=proxy" not in notes:
                continue
            seen += 1
            match = PROXY.search(notes)
            assert match and len(match.group(1).strip()) >= 4, (name, rec.get("id"), notes)
            if name != "links":  # a link's basis is its existence; its capacity says proxy
                assert rec["basis"] == "estimate", (name, rec.get("id") or rec.get("node"))
    assert seen > 50


def test_the_rows_named_in_the_issue_say_what_they_borrow(region: corridor.Network) -> None:
    x = region.crossings.drop_duplicates("id").set_index("id")["notes"]
    assert "CAREC rail average" in x["brest_terespol_rail"]
    for cid in ("kuryk_alat_ferry", "aktau_alat_ferry", "boyuk_kasik_gardabani_rail"):
        assert "KZ national rail average" in x[cid], cid
    assert "CAREC road average" in x["khunjerab_road"]


def test_network_info_reports_proxy_share_by_country(
    region: corridor.Network, capsys: pytest.CaptureFixture[str]
) -> None:
    cov = coverage(region)
    assert {"proxy_crossings", "proxy_share"} <= set(cov.columns)
    assert (cov["proxy_crossings"] <= cov["crossings"]).all()
    assert cov.loc["DE", "proxy_share"] == 0.0  # EU internal borders borrow nothing
    main(["network", "info", "--json"])
    doc = json.loads(capsys.readouterr().out)
    assert doc["coverage"]["KZ"]["proxy_share"] > 0.5
