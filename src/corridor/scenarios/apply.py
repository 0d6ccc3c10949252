"""Applying a scenario: its edits, in order, on copies of the network's tables; the result is validated again.

``apply(network, scenario)`` is pure: the input network is never touched, and when an edit
fails (an unknown id, an edit the network cannot take) nothing is returned or written; the
error names the file and line of the edit.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from corridor.errors import CorridorError, InputError, UnknownIdError
from corridor.io.csv_tables import LINE
from corridor.network.model import Network
from corridor.network.schema import ALL_TABLES, TABLES
from corridor.network.validate import validate_tables
from corridor.scenarios.edits import (
    AddRows,
    CloseCountry,
    CrossingsEdit,
    Edit,
    LinksEdit,
    ScaleCrossings,
    ScaleTransfers,
    SetCrossings,
    SetLink,
    SetParameter,
    SetStatus,
    SetTransfers,
)
from corridor.scenarios.schema import EditEntry, Scenario

Tables = dict[str, pd.DataFrame]
_Apply = Callable[[Tables, Edit, EditEntry, str], None]


def apply(network: Network, scenario: Scenario) -> Network:
    """The network with the scenario's edits applied (validated again; the input is untouched).

    Raises
    ------
    UnknownIdError
        For an id the network does not have (the message names the file, line and edit).
    InputError
        For an edit the network cannot take, or a result that is not a valid network.

    Examples
    --------
    >>> import corridor
    >>> from corridor.scenarios import load_scenario
    >>> built = apply(corridor.load(date="undated"), load_scenario("ktap_built"))
    >>> from corridor.paths import RouteOptions
    >>> rail = RouteOptions(modes=("rail",))
    >>> r = corridor.route(built, "almaty", "karachi", options=rail, by="cost")
    >>> "af_herat" in r.vertices
    True
    """
    tables = {name: getattr(network, name).copy() for name in ALL_TABLES}
    for entry in scenario.edits:
        source = entry.source or scenario.name
        try:
            _APPLY[entry.kind](tables, entry.edit, entry, source)
        except UnknownIdError as exc:
            raise UnknownIdError(f"{entry.where()}: {exc}") from None
        except CorridorError as exc:
            raise InputError(f"{entry.where()}: {exc}") from None
    raw = {name: _to_raw(frame) for name, frame in tables.items()}
    label = f"{network.source} + scenario {scenario.name!r}"
    typed, report = validate_tables(raw, Path(label))
    if report.errors:
        msg = f"scenario {scenario.path} makes the network invalid: {report.errors[0]}"
        raise InputError(msg)
    return _rebuilt(network, typed, label, tuple(report.warnings), scenario.id)


def _rebuilt(
    network: Network, typed: Tables, label: str, warnings: tuple[str, ...], name: str
) -> Network:
    """Adapter: a Network like ``network`` with new tables (keeps any other fields it has),
    recording the scenario's ``name`` (a second scenario on top: ``first+second``).

    The calendar reasons of elements whose status the scenario changed are dropped (the
    scenario, not the calendar, decides their state now).
    """
    reasons = {
        k: v for k, v in network.reasons.items() if _statuses(network, k) == _statuses_in(typed, k)
    }
    scenario = name if network.scenario is None else f"{network.scenario}+{name}"
    return network.replace(
        **typed, source=label, warnings=warnings, reasons=reasons, scenario=scenario
    )


def _statuses(network: Network, element: str) -> tuple[str, ...]:
    return _statuses_in({"links": network.links, "crossings": network.crossings}, element)


def _statuses_in(tables: Tables, element: str) -> tuple[str, ...]:
    out: list[str] = []
    for name in ("links", "crossings"):
        frame = tables[name]
        hit = frame[frame["id"] == element]
        cols = [c for c in ("status", "closed_modes") if c in hit.columns]
        out += sorted("/".join(str(v) for v in row) for row in hit[cols].itertuples(index=False))
    return tuple(out)


def _to_raw(frame: pd.DataFrame) -> pd.DataFrame:
    out = pd.DataFrame(index=frame.index)
    for col in frame.columns:
        values = frame[col]
        if values.dtype == bool:
            out[col] = np.where(values.to_numpy(), "true", "false")
        else:
            out[col] = [_text(v) for v in values]
    out = out.astype(object).reset_index(drop=True)
    out[LINE] = np.arange(2, len(out) + 2, dtype=np.int64)
    return out


def _text(v: object) -> str:
    if v is None or (isinstance(v, float) and np.isnan(v)):
        return ""
    if isinstance(v, (bool, np.bool_)):
        return "true" if v else "false"
    return str(v)


# ---------------------------------------------------------------------------- selection


def _need(ids: list[str], have: pd.Series, what: str) -> None:
    missing = sorted(set(ids) - set(have))
    if missing:
        msg = f"unknown {what} {missing[:5]}"
        raise UnknownIdError(msg)


def _link_mask(t: Tables, links: list[str]) -> pd.Series:
    _need(links, t["links"]["id"], "link(s)")
    return t["links"]["id"].isin(links)


def _pair(text: str, sep: str) -> tuple[str, str]:
    a, b = (c.strip().upper() for c in text.split(sep))
    return a, b


def _crossing_mask(t: Tables, edit: CrossingsEdit) -> pd.Series:
    """Rows of crossings.csv the edit selects (split per direction first if it has one)."""
    x = t["crossings"]
    mask = pd.Series(data=True, index=x.index)
    if edit.crossings is not None:
        _need(edit.crossings, x["id"], "crossing(s)")
        mask &= x["id"].isin(edit.crossings)
    if edit.countries is not None:
        pair = frozenset(_pair(edit.countries, "|"))
        mask &= x["countries"].map(lambda s: frozenset(s.split("|")) == pair)
        if not mask.any():
            msg = f"no crossing between {edit.countries}"
            raise InputError(msg)
    if edit.modes is not None:
        wanted = set(edit.modes)
        mask &= x["modes"].map(lambda s: bool(set(s.split("|")) & wanted))
        if not mask.any():
            msg = f"no selected crossing serves {'/'.join(edit.modes)}"
            raise InputError(msg)
    if edit.direction is not None:
        return _directed(t, mask, _pair(edit.direction, ">"))
    return mask


def _directed(t: Tables, mask: pd.Series, direction: tuple[str, str]) -> pd.Series:
    """Split the selected both-ways rows into one row per direction; select ``direction``."""
    x = t["crossings"]
    if "direction" not in x.columns:
        msg = (
            "direction: this network's crossings.csv has no direction column (network v2); "
            "drop direction: to change both directions"
        )
        raise InputError(msg)
    a, b = direction
    wrong = sorted(
        str(i)
        for i, c in zip(x["id"][mask], x["countries"][mask], strict=True)
        if set(c.split("|")) != {a, b}
    )
    if wrong:
        msg = f"direction {a}>{b}: crossing(s) {wrong[:5]} are not between {a} and {b}"
        raise InputError(msg)
    selected = set(x.loc[mask, "id"])
    both = mask & (x["direction"].fillna("").astype(str) == "")
    if both.any():
        there = x[both].assign(direction=f"{a}>{b}")
        back = x[both].assign(direction=f"{b}>{a}")
        x = pd.concat([x[~both], there, back], ignore_index=True)
        t["crossings"] = x
    return x["id"].isin(selected) & (x["direction"] == f"{a}>{b}")


def _set_closed(x: pd.DataFrame, mask: pd.Series, *, closed: bool) -> None:
    """Adapter for both crossing-status encodings: ``status`` (v2) and ``closed`` (v1)."""
    if "status" in x.columns:
        x.loc[mask, "status"] = "closed" if closed else "open"
    if "closed" in x.columns:
        x.loc[mask, "closed"] = closed
    if "closed_modes" in x.columns:
        x.loc[mask, "closed_modes"] = ""


# ---------------------------------------------------------------------------- edits


def _set_links(status: str) -> _Apply:
    def run(t: Tables, edit: Edit, entry: EditEntry, source: str) -> None:
        assert isinstance(edit, LinksEdit)
        t["links"].loc[_link_mask(t, edit.links), "status"] = status

    return run


def _set_status(t: Tables, edit: Edit, entry: EditEntry, source: str) -> None:
    assert isinstance(edit, SetStatus)
    t["links"].loc[_link_mask(t, edit.links), "status"] = edit.status


def _set_link(t: Tables, edit: Edit, entry: EditEntry, source: str) -> None:
    assert isinstance(edit, SetLink)
    links = t["links"]
    mask = _link_mask(t, edit.links)
    if edit.status is not None:
        links.loc[mask, "status"] = edit.status
    if edit.speed_kmh is not None:
        links.loc[mask, "speed_kmh"] = edit.speed_kmh
    if edit.speed_factor is not None:
        links.loc[mask, "speed_kmh"] = _effective_speed(t, mask) * edit.speed_factor
    if edit.capacity_teu_day is not None:
        links.loc[mask, "capacity_teu_day"] = edit.capacity_teu_day
    if edit.capacity_factor is not None:
        cap = links.loc[mask, "capacity_teu_day"].astype(float)
        if cap.isna().any():
            bad = sorted(links.loc[mask & links["capacity_teu_day"].isna(), "id"])
            msg = f"capacity_factor: link(s) {bad[:5]} have no capacity to scale; give capacity_teu_day"
            raise InputError(msg)
        links.loc[mask, "capacity_teu_day"] = cap * edit.capacity_factor
    if edit.tariff_usd_teu_km is not None or edit.tariff_factor is not None:
        _set_tariff(t, mask, edit)


def _effective_speed(t: Tables, mask: pd.Series) -> pd.Series:
    """Each selected link's speed: its own ``speed_kmh``, else its mode's in its from-country."""
    links = t["links"]
    country = dict(zip(t["nodes"]["id"], t["nodes"]["country"], strict=True))
    p = t["parameters"]
    speeds = p[p["name"] == "speed_kmh"]
    table = {
        (m, c): float(v)
        for m, c, v in zip(speeds["mode"], speeds["country"], speeds["value"], strict=True)
    }
    out: pd.Series = links.loc[mask, "speed_kmh"].astype(float).copy()
    for i in out.index[out.isna()]:
        mode, c = links.at[i, "mode"], country[links.at[i, "from"]]
        out[i] = table.get((mode, c), table.get((mode, "*"), np.nan))
    return out


def _set_tariff(t: Tables, mask: pd.Series, edit: SetLink) -> None:
    links = t["links"]
    if "tariff_usd_teu_km" not in TABLES["links"].optional:
        msg = (
            "tariff: this version's links.csv has no per-link tariff_usd_teu_km column; "
            "use set_parameter on tariff_usd_teu_km for a mode and country"
        )
        raise InputError(msg)
    if edit.tariff_usd_teu_km is not None:
        links.loc[mask, "tariff_usd_teu_km"] = edit.tariff_usd_teu_km
        return
    country = dict(zip(t["nodes"]["id"], t["nodes"]["country"], strict=True))
    p = t["parameters"]
    rows = p[p["name"] == "tariff_usd_teu_km"]
    table = {
        (m, c): float(v)
        for m, c, v in zip(rows["mode"], rows["country"], rows["value"], strict=True)
    }
    own = (
        links["tariff_usd_teu_km"]
        if "tariff_usd_teu_km" in links
        else pd.Series(np.nan, index=links.index)
    )
    for i in links.index[mask]:
        base = (
            float(own[i])
            if pd.notna(own[i])
            else table.get(
                (links.at[i, "mode"], country[links.at[i, "from"]]),
                table.get((links.at[i, "mode"], "*"), np.nan),
            )
        )
        links.loc[i, "tariff_usd_teu_km"] = base * float(edit.tariff_factor or 1.0)


def _close_crossings(*, closed: bool) -> _Apply:
    def run(t: Tables, edit: Edit, entry: EditEntry, source: str) -> None:
        assert isinstance(edit, CrossingsEdit)
        mask = _crossing_mask(t, edit)
        _set_closed(t["crossings"], mask, closed=closed)

    return run


def _close_country(t: Tables, edit: Edit, entry: EditEntry, source: str) -> None:
    assert isinstance(edit, CloseCountry)
    country = edit.country.upper()
    if country not in set(t["nodes"]["country"]):
        msg = f"unknown country {country!r}; the network has {sorted(set(t['nodes']['country']))}"
        raise UnknownIdError(msg)
    x = t["crossings"]
    mask = x["countries"].map(lambda s: country in s.split("|"))
    _set_closed(x, mask, closed=True)
    if edit.internal:
        inside = set(t["nodes"]["id"][t["nodes"]["country"] == country])
        links = t["links"]
        links.loc[links["from"].isin(inside) | links["to"].isin(inside), "status"] = "closed"


def _scale_crossings(t: Tables, edit: Edit, entry: EditEntry, source: str) -> None:
    assert isinstance(edit, ScaleCrossings)
    mask = _crossing_mask(t, edit)
    x = t["crossings"]
    for col, factor in (
        ("dwell_median_h", edit.dwell),
        ("dwell_p90_h", edit.dwell),
        ("fee_usd_teu", edit.fee),
        ("capacity_teu_day", edit.capacity),
        ("block_median_h", edit.dwell),  # a block-train figure (NaN where none) alike
        ("block_p90_h", edit.dwell),
        ("block_fee_usd_teu", edit.fee),
    ):
        if col in x.columns:
            x.loc[mask, col] = x.loc[mask, col].astype(float) * factor


def _set_crossings(t: Tables, edit: Edit, entry: EditEntry, source: str) -> None:
    assert isinstance(edit, SetCrossings)
    mask = _crossing_mask(t, edit)
    x = t["crossings"]
    for col in ("dwell_median_h", "dwell_p90_h", "fee_usd_teu", "capacity_teu_day"):
        value = getattr(edit, col)
        if value is not None:
            x.loc[mask, col] = float(value)
    # the values set hold for every rail service: drop the block-train figures they replace
    for given, cols in (
        (edit.dwell_median_h, ("block_median_h", "block_p90_h")),
        (edit.fee_usd_teu, ("block_fee_usd_teu",)),
    ):
        for col in cols:
            if given is not None and col in x.columns:
                x.loc[mask, col] = float("nan")


def _set_parameter(t: Tables, edit: Edit, entry: EditEntry, source: str) -> None:
    assert isinstance(edit, SetParameter)
    p = t["parameters"]
    hit = (p["mode"] == edit.mode) & (p["country"] == edit.country) & (p["name"] == edit.name)
    if edit.factor is not None:
        if not hit.any():
            msg = f"no parameter {edit.name} for mode {edit.mode!r}, country {edit.country!r} to scale"
            raise UnknownIdError(msg)
        p.loc[hit, "value"] = p.loc[hit, "value"].astype(float) * edit.factor
        p.loc[hit, "source"] = f"scenario: {source}"
        return
    if hit.any():
        p.loc[hit, "value"] = edit.value
        p.loc[hit, "source"] = f"scenario: {source}"
        return
    row = {
        "mode": edit.mode,
        "country": edit.country,
        "name": edit.name,
        "value": edit.value,
        "unit": edit.unit,
        "source": f"scenario: {source}",
        "notes": "",
    }
    t["parameters"] = pd.concat([p, pd.DataFrame([row])], ignore_index=True)


def _scale_transfers(t: Tables, edit: Edit, entry: EditEntry, source: str) -> None:
    assert isinstance(edit, ScaleTransfers)
    tr = t["transfers"]
    mask = pd.Series(data=True, index=tr.index)
    if edit.node is not None:
        _need([edit.node], t["nodes"]["id"], "node")
        mask &= tr["node"] == edit.node
    if edit.kind != "all":
        gauge = tr["from"].str.startswith("rail:") & tr["to"].str.startswith("rail:")
        mask &= gauge if edit.kind == "gauge" else ~gauge
    for col, factor in (
        ("time_median_h", edit.time),
        ("time_p90_h", edit.time),
        ("cost_usd_teu", edit.cost),
    ):
        tr.loc[mask, col] = tr.loc[mask, col].astype(float) * factor


def _set_transfers(t: Tables, edit: Edit, entry: EditEntry, source: str) -> None:
    assert isinstance(edit, SetTransfers)
    _need([edit.node], t["nodes"]["id"], "node")
    tr = t["transfers"]
    mask = tr["node"] == edit.node
    pair = {edit.from_state, edit.to_state} - {None}
    if pair:
        hit = [pair <= {a, b} for a, b in zip(tr["from"], tr["to"], strict=True)]
        mask &= pd.Series(hit, index=tr.index, dtype=bool)
    if not mask.any():
        msg = f"no transfer row at {edit.node} ({edit.from_state or '*'} <-> {edit.to_state or '*'}); add one with add_transfers"
        raise UnknownIdError(msg)
    for col in ("time_median_h", "time_p90_h", "cost_usd_teu", "capacity_teu_day"):
        value = getattr(edit, col)
        if value is not None:
            tr.loc[mask, col] = float(value)
    tr.loc[mask, "source"] = f"scenario: {source}"


def _add_rows(table: str) -> _Apply:
    def run(t: Tables, edit: Edit, entry: EditEntry, source: str) -> None:
        assert isinstance(edit, AddRows)
        spec = TABLES[table]
        allowed = set(spec.required) | set(spec.optional)
        for j, row in enumerate(edit.rows):
            unknown = sorted(set(row) - allowed)
            if unknown:
                msg = f"rows[{j}]: unknown column(s) {unknown} for {spec.file}"
                raise InputError(msg)
        new = pd.DataFrame(
            [
                {k: ("" if v is None else v) for k, v in r.items()}
                | {"source": r.get("source") or source}
                for r in edit.rows
            ]
        )
        t[table] = pd.concat([t[table], new], ignore_index=True)

    return run


_APPLY: dict[str, _Apply] = {
    "open_links": _set_links("existing"),
    "close_links": _set_links("closed"),
    "set_status": _set_status,
    "set_link": _set_link,
    "close_crossings": _close_crossings(closed=True),
    "open_crossings": _close_crossings(closed=False),
    "close_country": _close_country,
    "scale_crossings": _scale_crossings,
    "set_crossings": _set_crossings,
    "set_parameter": _set_parameter,
    "scale_transfers": _scale_transfers,
    "set_transfers": _set_transfers,
    "add_nodes": _add_rows("nodes"),
    "add_links": _add_rows("links"),
    "add_crossings": _add_rows("crossings"),
    "add_transfers": _add_rows("transfers"),
}
