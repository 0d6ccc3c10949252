"""The trade base: one value per direction (the pick rule), split into commodity segments,
converted to tonnes and vehicles, with re-exports moved on to their final destination.

The pick rule (``pick_values``) for a direction exporter -> importer, over the ``flow = x``
rows of scope ``all`` (annualised: value x 12 / months):

1. statistics before press figures (``basis = press`` only when nothing else exists);
2. then the latest year;
3. then the exporter's own declaration (``national``) before the partner's mirror figure;
4. then the longer period, then published before derived before estimate, then the id.

A direction with no ``x`` row takes a pair total (same order): the total minus the other
direction when that was picked for the same year, else half the total (rule ``even split``).
Tonnes (``pick_tonnes``) follow the same order over rows with ``tonnes_kt``.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from corridor.demand.tables import TradeTables, records

_BASIS_RANK = {"national": 0, "mirror": 1, "press": 2}
_FIGURE_RANK = {"published": 0, "derived": 1, "estimate": 2}


def _ranked(rows: pd.DataFrame) -> pd.DataFrame:
    key = pd.DataFrame(
        {
            "press": (rows["basis"] == "press").astype(int),
            "year": -rows["year"],
            "basis": rows["basis"].map(_BASIS_RANK),
            "months": -rows["months"],
            "figure": rows["figure"].map(_FIGURE_RANK),
            "id": rows["id"],
        },
        index=rows.index,
    )
    order = key.sort_values(["press", "year", "basis", "months", "figure", "id"]).index
    return rows.loc[order]


def _pick(flows: pd.DataFrame, column: str, scope: str = "all") -> pd.DataFrame:
    """First-ranked ``x`` row of each direction, and first-ranked ``total`` row of each pair."""
    rows = flows[(flows["scope"] == scope) & flows[column].notna()].copy()
    rows["annual"] = rows[column] * 12.0 / rows["months"]
    ranked = _ranked(rows)
    direct = ranked[ranked["flow"] == "x"].drop_duplicates(["exporter", "importer"])
    totals = ranked[ranked["flow"] == "total"].copy()
    totals["pair"] = [
        tuple(sorted(p)) for p in zip(totals["exporter"], totals["importer"], strict=True)
    ]
    return pd.concat([direct, totals.drop_duplicates("pair").drop(columns="pair")])


def _from_totals(picked: pd.DataFrame) -> pd.DataFrame:
    """Directions without an ``x`` row, from their pair's total (rule in the module doc)."""
    direct = picked[picked["flow"] == "x"]
    have = set(zip(direct["exporter"], direct["importer"], strict=True))
    by_dir = {(r["exporter"], r["importer"]): r for r in records(direct)}
    out = []
    for row in records(picked[picked["flow"] == "total"]):
        for a, b in ((row["exporter"], row["importer"]), (row["importer"], row["exporter"])):
            if (a, b) in have:
                continue
            back = by_dir.get((b, a))
            if back and back["year"] == row["year"] and back["annual"] < row["annual"]:
                value = row["annual"] - back["annual"]
                rule = f"total {row['id']} minus {back['id']}"
            else:
                value, rule = row["annual"] / 2.0, f"even split of total {row['id']}"
            out.append((a, b, row["year"], value, row["id"], row["basis"], rule))
    return pd.DataFrame(
        out, columns=["exporter", "importer", "year", "annual", "id", "basis", "rule"]
    )


def pick_values(tables: TradeTables, scope: str = "all") -> pd.DataFrame:
    """One trade value per direction (US$ m a year) by the pick rule of the module doc.

    ``scope="transit"`` picks the transit rows instead (goods landed in ``exporter``'s ports
    for ``importer``, e.g. Afghan transit trade through Karachi).

    Returns
    -------
    pandas.DataFrame
        ``exporter, importer, year, value_usd_m, fact, basis, rule`` sorted by exporter and
        importer; ``fact`` is the id of the chosen row of ``flows.csv``.
    """
    picked = _pick(tables.flows, "value_usd_m", scope)
    direct = picked[picked["flow"] == "x"].copy()
    direct["rule"] = "x row"
    cols = ["exporter", "importer", "year", "annual", "id", "basis", "rule"]
    out = pd.concat([direct[cols], _from_totals(picked)], ignore_index=True)
    out = out.rename(columns={"annual": "value_usd_m", "id": "fact"})
    return out.sort_values(["exporter", "importer"], ignore_index=True)


def pick_tonnes(tables: TradeTables, scope: str = "all") -> tuple[pd.DataFrame, pd.DataFrame]:
    """Published annual tonnes (kt) of ``scope``: per direction, and per pair total."""
    picked = _pick(tables.flows, "tonnes_kt", scope)
    cols = ["exporter", "importer", "year", "annual", "id"]
    direct = picked[picked["flow"] == "x"][cols].reset_index(drop=True)
    totals = picked[picked["flow"] == "total"][cols].reset_index(drop=True)
    return direct, totals


def _share_rows(shares: pd.DataFrame, exporter: str, importer: str) -> pd.DataFrame:
    for key in ((exporter, importer), (exporter, "*"), ("*", importer), ("*", "*")):
        rows = shares[(shares["exporter"] == key[0]) & (shares["importer"] == key[1])]
        if len(rows):
            return rows
    msg = f"shares.csv: no row for {exporter} -> {importer} and no (*, *) default"
    raise KeyError(msg)


def _split(values: pd.DataFrame, tables: TradeTables, flow: str) -> pd.DataFrame:
    seg = {r["id"]: r for r in records(tables.segments)}
    rows = []
    for v in records(values):
        who = "transit" if flow == "transit" else v["exporter"]
        for s in records(_share_rows(tables.shares, who, v["importer"])):
            value = v["value_usd_m"] * s["share"]
            carried = bool(seg[s["segment"]]["carried"])
            tonnes = value * 1e6 / seg[s["segment"]]["value_usd_t"] if carried else math.nan
            rule = "value / segment value per t" if carried else "not carried"
            rows.append((v["exporter"], v["importer"], "", flow, s["segment"], value, tonnes, v["year"],
                         v["fact"], v["basis"], v["rule"], f"{s['exporter']}>{s['importer']}", rule))  # fmt: skip
    cols = ["exporter", "importer", "via", "flow", "segment", "value_usd_m", "tonnes_year", "year",
            "value_fact", "value_basis", "value_rule", "shares", "tonnes_rule"]  # fmt: skip
    return pd.DataFrame(rows, columns=cols)


def _scale(base: pd.DataFrame, mask: pd.Series, target_t: float, fact: str) -> None:
    """Scale the bulk rows of ``mask`` so the carried tonnes of ``mask`` equal ``target_t``."""
    carried = mask & base["tonnes_year"].notna()
    bulk = carried & (base["segment"] != "container")
    fixed = float(base.loc[carried & ~bulk, "tonnes_year"].sum())
    bulk_t = float(base.loc[bulk, "tonnes_year"].sum())
    if bulk_t > 0 and target_t > fixed:
        base.loc[bulk, "tonnes_year"] *= (target_t - fixed) / bulk_t
        base.loc[bulk, "tonnes_rule"] = f"bulk scaled to {fact}"
    elif fixed + bulk_t > 0:
        base.loc[carried, "tonnes_year"] *= target_t / (fixed + bulk_t)
        base.loc[carried, "tonnes_rule"] = f"scaled to {fact}"


def _calibrate_tonnes(base: pd.DataFrame, tables: TradeTables, scope: str) -> None:
    """Published tonnes override the value-derived tonnes (directions first, then pairs)."""
    direct, totals = pick_tonnes(tables, scope)
    own = set()
    for t in records(direct):
        mask = (base["exporter"] == t["exporter"]) & (base["importer"] == t["importer"])
        _scale(base, mask, t["annual"] * 1e3, t["id"])
        own.add((t["exporter"], t["importer"]))
    for t in records(totals):
        sides = [(t["exporter"], t["importer"]), (t["importer"], t["exporter"])]
        target = t["annual"] * 1e3
        free = []
        for a, b in sides:
            mask = (base["exporter"] == a) & (base["importer"] == b)
            if (a, b) in own:
                target -= float(base.loc[mask, "tonnes_year"].sum())
            else:
                free.append(mask)
        if free and target > 0:
            _scale(base, free[0] | free[-1], target, t["id"])


def _reexport(base: pd.DataFrame, tables: TradeTables) -> pd.DataFrame:
    """Move the re-exported share of origin -> hub on to origin -> destination via hub."""
    moved = []

    def _into(origin: str, hub: str) -> pd.Series:
        return (base["exporter"] == origin) & (base["importer"] == hub) & (base["via"] == "")

    for r in records(tables.reexport):
        part = base[_into(r["origin"], r["hub"])].copy()
        part[["value_usd_m", "tonnes_year"]] *= r["share"]
        part["importer"], part["via"], part["flow"] = r["destination"], r["hub"], "reexport"
        part["tonnes_rule"] = part["tonnes_rule"] + f"; re-export share {r['share']:g}"
        moved.append(part)
    kept = tables.reexport.groupby(["hub", "origin"], sort=True)[["share"]].sum().reset_index()
    for r in records(kept):
        base.loc[_into(r["origin"], r["hub"]), ["value_usd_m", "tonnes_year"]] *= 1.0 - r["share"]
    return pd.concat([base, *moved], ignore_index=True)


def _vehicles(base: pd.DataFrame, tables: TradeTables) -> pd.DataFrame:
    seg = tables.segments.set_index("id")
    for unit, col in (
        ("teu_year", "t_per_teu"),
        ("wagons_year", "t_per_wagon"),
        ("trucks_year", "t_per_truck"),
    ):
        base[unit] = base["tonnes_year"] / base["segment"].map(seg[col])
    base.loc[base["segment"] != "container", "teu_year"] = np.nan
    return base


def derive_trade_base(tables: TradeTables) -> pd.DataFrame:
    """Trade by direction and segment: US$ m, tonnes, TEU (containers), wagons and trucks a year.

    Steps: ``pick_values`` (one value per direction), the segment shares of ``shares.csv``
    (transit rows: the shares of exporter ``transit``),
    tonnes = value / the segment's value per tonne, published tonnes override (bulk rows
    scaled), re-exports moved on (``via`` = the hub), vehicles from the segment's loads.
    Segments not carried (pipeline, non-surface) keep their value and have no tonnes, so
    their share is visible. Wagons and trucks are the count if all went by that vehicle.

    Returns
    -------
    pandas.DataFrame
        ``exporter, importer, via, flow, segment, value_usd_m, tonnes_year, teu_year, wagons_year,
        trucks_year, year, value_fact, value_basis, value_rule, shares, tonnes_rule``.
    """
    base = _split(pick_values(tables), tables, "trade")
    _calibrate_tonnes(base, tables, "all")
    transit = _split(pick_values(tables, "transit"), tables, "transit")
    _calibrate_tonnes(transit, tables, "transit")
    base = _vehicles(pd.concat([_reexport(base, tables), transit], ignore_index=True), tables)
    cols = ["exporter", "importer", "via", "flow", "segment", "value_usd_m", "tonnes_year",
            "teu_year", "wagons_year", "trucks_year", "year", "value_fact", "value_basis",
            "value_rule", "shares", "tonnes_rule"]  # fmt: skip
    base["year"] = base["year"].astype("int64")
    keys = ["exporter", "importer", "via", "flow", "segment"]
    return base[cols].sort_values(keys, ignore_index=True)


def derive_segments(tables: TradeTables) -> pd.DataFrame:
    """The segments with their value of time: value per t x time cost per day / 24.

    Returns
    -------
    pandas.DataFrame
        The columns of ``segments.csv`` (less ``line``) plus ``t_per_teu_eq`` (tonnes filling
        one TEU of capacity: ``t_per_teu``, else half a wagon's load, as a wagon takes the
        train length of about two TEU), ``vot_usd_t_h`` and ``vot_usd_teu_h`` (per TEU of
        capacity; NaN for segments not carried).
    """
    seg = tables.segments.drop(columns="line").copy()
    seg["t_per_teu_eq"] = seg["t_per_teu"].fillna(seg["t_per_wagon"] / 2.0)
    seg["vot_usd_t_h"] = seg["value_usd_t"] * seg["time_cost_pct_day"] / 100.0 / 24.0
    seg["vot_usd_teu_h"] = seg["vot_usd_t_h"] * seg["t_per_teu_eq"]
    # the flows' capacities are TEU of container wagons; a wagon of any kind takes the
    # place of a 40-ft flat carrying two TEU (train length, ferry deck, interchange)
    seg["capacity_teu_per_teu_eq"] = 2.0 * seg["t_per_teu_eq"] / seg["t_per_wagon"]
    return seg
