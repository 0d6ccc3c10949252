"""Network v2: typed columns and defaults, old spellings, meta, immutability, bounds in docs."""

from __future__ import annotations

import datetime as dt
import pickle
import re
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import corridor
from corridor.network.schema import BOUNDS, PARAMETER_BOUNDS

DOCS = Path(__file__).resolve().parents[2] / "docs" / "data-model.md"


def test_v2_columns_and_defaults(tiny: corridor.Network) -> None:
    links = tiny.links.set_index("id")
    assert links.loc["bc_rail", "frontier_km"] == 100.0
    assert np.isnan(links.loc["ab_rail", "frontier_km"])  # domestic: no frontier
    assert links.loc["bc_rail", "traction"] == "electric"
    assert set(links["length_basis"]) == {"published", "estimate"}
    assert (links["speed_factor"] == 1.0).all() and (links["extra_h"] == 0.0).all()
    x = tiny.crossings
    assert list(x.loc[x["id"] == "h_road", "direction"]) == ["CC>DD", "DD>CC"]
    assert set(x["status"]) == {"open"} and not x["closed"].any()
    assert set(x["closed_modes"]) == {""}
    assert tiny.as_of == dt.date(2025, 6, 1)
    assert len(tiny.calendar) == 6 and tiny.date is None and dict(tiny.reasons) == {}


def test_old_spellings_are_read(tiny_copy: Callable[[str, str, str], Path]) -> None:
    folder = tiny_copy("links.csv", "1520,100,,published", "1520,100,,source")
    text = (folder / "crossings.csv").read_text()
    text = text.replace("direction,status,basis", "direction,closed,basis")
    text = text.replace(
        "e_road,e,AA|BB,road,2,4,20,,hand-made,,,open",
        "e_road,e,AA|BB,road,2,4,20,,hand-made,,,true",
    )
    text = text.replace(",open,", ",,")
    (folder / "crossings.csv").write_text(text)
    net = corridor.load(folder, date="undated")
    assert net.links.set_index("id").loc["ab_rail", "length_basis"] == "published"
    x = net.crossings.set_index("id")
    assert x.loc["e_road", "status"] == "closed" and bool(x.loc["e_road", "closed"])
    assert x.loc["b_rail", "status"] == "open"
    assert corridor.route(net, "a", "d").vertices == ("a", "b", "c", "d")


def test_calendar_and_meta_are_optional(tiny_copy: Callable[[str, str, str], Path]) -> None:
    folder = tiny_copy("meta.csv", "as_of", "as_of")
    (folder / "calendar.csv").unlink()
    (folder / "meta.csv").unlink()
    net = corridor.load(folder, date="undated")
    assert net.as_of is None and len(net.calendar) == 0 and len(net.meta) == 0


def test_tables_cannot_be_edited_behind_a_compiled_graph(tiny: corridor.Network) -> None:
    before = corridor.route(tiny, "a", "d").vertices
    links = tiny.links
    links.loc[links["id"] == "ae_road", "status"] = "closed"  # edits a copy only
    with pytest.raises(ValueError, match="read-only"):
        tiny.crossings["dwell_median_h"].to_numpy()[0] = 99.0
    with pytest.raises(AttributeError):
        tiny.links = links  # type: ignore[misc]
    assert (tiny.links["status"] == "existing").sum() == 8
    assert corridor.route(tiny, "a", "d").vertices == before
    edited = tiny.replace(links=links)
    assert edited is not tiny and corridor.route(edited, "a", "d").vertices != before
    assert tiny.replace().as_of == tiny.as_of


def test_network_pickles(tiny: corridor.Network) -> None:
    back = pickle.loads(pickle.dumps(tiny))
    pd.testing.assert_frame_equal(back.links, tiny.links)
    assert back.as_of == tiny.as_of and back.source == tiny.source


def test_every_bound_is_documented() -> None:
    text = DOCS.read_text()
    plausible = text[text.index("## Plausible ranges") :]
    for name, bound in {**BOUNDS, **PARAMETER_BOUNDS}.items():
        assert name in plausible, name
        row = next(ln for ln in plausible.splitlines() if re.search(rf"\b{name}\b", ln))
        hi = "length_km" if name == "frontier_km" else f"{bound.hi:.0f}"
        assert re.search(rf"[\[(]{bound.lo:g}, {hi}\]", row), (name, row)


@pytest.mark.parametrize(
    ("file", "old", "new", "fragment"),
    [
        (
            "links.csv",
            "1520,100,,",
            "1520,1e308,,",
            "column length_km: 1e+308 is out of range [0.01, 40000] km",
        ),
        ("links.csv", "1520,100,,", "1520,inf,,", "column length_km: 'inf' is not a finite number"),
        ("links.csv", "1520,100,,", "1520,NaN,,", "column length_km: 'NaN' is not a finite number"),
        ("links.csv", "1520,100,,", "1520," + "9" * 400 + ",,", "is not a finite number"),
        (
            "crossings.csv",
            "rail,10,20,50",
            "rail,10,1e9,50",
            "column dwell_p90_h: 1e+09 is out of range [0, 8760] h",
        ),
        (
            "crossings.csv",
            "rail,10,20,50",
            "rail,10,20,1e12",
            "column fee_usd_teu: 1e+12 is out of range",
        ),
        ("transfers.csv", "5,8,100", "5,8,1e6", "column cost_usd_teu: 1e+06 is out of range"),
        (
            "parameters.csv",
            "road,*,speed_kmh,60",
            "road,*,speed_kmh,6000",
            "speed_kmh 6000 is out of range [1, 300] km/h",
        ),
        (
            "parameters.csv",
            "*,*,payload_t_teu,10",
            "*,*,payload_t_teu,0",
            "payload_t_teu 0 must be > 0",
        ),
        ("links.csv", "1520,100,,", "1520,100,,", ""),
    ],
)
def test_implausible_values_are_one_line_errors(
    tiny_copy: Callable[[str, str, str], Path], file: str, old: str, new: str, fragment: str
) -> None:
    folder = tiny_copy(file, old, new)
    if not fragment:
        corridor.load(folder, date="undated")
        return
    with pytest.raises(corridor.InputError) as err:
        corridor.load(folder, date="undated")
    assert fragment in str(err.value) and "\n" not in str(err.value)


@pytest.mark.parametrize(("value", "ok"), [("14", True), ("", True), ("0", False), ("501", False)])
def test_frequency_per_week_is_kept_and_bounded(
    tiny_copy: Callable[[str, str, str], Path], value: str, ok: bool
) -> None:
    folder = tiny_copy(
        "links.csv", "traction,source,notes", "traction,source,notes,frequency_per_week"
    )
    links = folder / "links.csv"
    lines = links.read_text().splitlines()
    lines = [lines[0]] + [
        ln + "," + (value if ln.startswith("df_ferry,") else "") for ln in lines[1:]
    ]
    links.write_text("\n".join(lines) + "\n")
    if not ok:
        with pytest.raises(corridor.InputError, match="column frequency_per_week"):
            corridor.load(folder, date="undated")
        return
    got = corridor.load(folder, date="undated").links.set_index("id")["frequency_per_week"]
    assert (got["df_ferry"] == float(value)) if value else np.isnan(got["df_ferry"])
    assert np.isnan(got["ab_rail"])
