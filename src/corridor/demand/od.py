"""From the trade base to OD demand between places: zones, gateways, scope, fitted scales.

Inputs (``data-sources/demand``, one row per fact with its source):

* ``zones.csv``   a country's trade with a partner split over its zones (place ids) in
  proportion to ``weight`` (partner ``*`` = any other partner; ``transit`` = the ports of a
  transit country);
* ``scope.csv``   the share of a direction's tonnes that uses the network's land, rail and
  Caspian routes (the rest goes by sea or through borders outside the network), optionally
  times a calibrated parameter;
* ``fitted.csv``  the calibrated parameters (written by ``tools/build_demand.py --fit``);
* ``targets.csv`` published crossing volumes the calibration fits or holds out.

``od_demand`` is a pure function of those tables, the trade base and the segments: the
shipped demand file is its output, byte for byte (``tests/demand/test_od.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from corridor.demand.tables import FIGURES, LINE, _choice, _numbers, _read, _unique, records
from corridor.errors import InputError

SETS = ("fit", "holdout", "diagnostic")
UNITS = ("t", "teu")
CONTAINER = "container"

_COLUMNS = {
    "zones": ("zone", "country", "partner", "weight", "year", "source", "figure", "notes"),
    "scope": ("exporter", "importer", "segment", "share", "param", "source", "figure", "notes"),
    "fitted": ("name", "value", "low", "high", "source", "figure", "notes"),
    "targets": (
        "id", "name", "crossings", "unit", "observed", "year", "set", "source", "notes",
    ),
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class DemandTables:
    """The checked tables of ``data-sources/demand``."""

    zones: pd.DataFrame
    scope: pd.DataFrame
    fitted: pd.DataFrame
    targets: pd.DataFrame
    folder: Path

    def params(self) -> dict[str, float]:
        """The fitted parameters by name."""
        return {
            str(k): float(v) for k, v in zip(self.fitted["name"], self.fitted["value"], strict=True)
        }


def read_demand_tables(folder: str | Path) -> DemandTables:
    """Read and check ``zones.csv``, ``scope.csv``, ``fitted.csv`` and ``targets.csv``.

    Raises
    ------
    InputError
        A missing file or column, a bad number or choice, a duplicate key, a scope
        parameter that ``fitted.csv`` does not define, a fitted value outside its bounds.
    """
    root = Path(folder)
    paths = {name: root / f"{name}.csv" for name in _COLUMNS}
    f = {}
    for name, p in paths.items():
        f[name] = _read(p, name, _COLUMNS[name])
    _unique(f["zones"], paths["zones"], ["zone", "country", "partner"])
    _numbers(f["zones"], paths["zones"], ("weight",), required=True)
    _unique(f["scope"], paths["scope"], ["exporter", "importer", "segment"])
    _numbers(f["scope"], paths["scope"], ("share",), required=True)
    _unique(f["fitted"], paths["fitted"], ["name"])
    _numbers(f["fitted"], paths["fitted"], ("value", "low", "high"), required=True)
    _unique(f["targets"], paths["targets"], ["id"])
    _choice(f["targets"], paths["targets"], "unit", UNITS)
    _choice(f["targets"], paths["targets"], "set", SETS)
    _numbers(f["targets"], paths["targets"], ("observed",), required=True)
    for name in ("zones", "scope", "fitted"):
        _choice(f[name], paths[name], "figure", FIGURES)
    known = set(f["fitted"]["name"])
    bad = f["scope"][(f["scope"]["param"] != "") & ~f["scope"]["param"].isin(known)]
    if len(bad):
        msg = f"{paths['scope']} line {bad[LINE].iat[0]}, column param: {bad['param'].iat[0]!r} is not in fitted.csv"
        raise InputError(msg)
    out = f["fitted"][
        (f["fitted"]["value"] < f["fitted"]["low"]) | (f["fitted"]["value"] > f["fitted"]["high"])
    ]
    if len(out):
        msg = f"{paths['fitted']} line {out[LINE].iat[0]}: value outside [low, high]"
        raise InputError(msg)
    return DemandTables(f["zones"], f["scope"], f["fitted"], f["targets"], root)


def _zone_weights(
    zones: pd.DataFrame, country: str, partner: str, *, exports: bool = False
) -> list[tuple[str, float]]:
    """Zones of ``country`` for its trade with ``partner``: the rows for its exports to the
    partner (partner ``>XX``) when ``exports``, else the partner's rows, else ``*``."""
    keys = (f">{partner}", partner, "*") if exports else (partner, "*")
    for key in keys:
        rows = zones[(zones["country"] == country) & (zones["partner"] == key)]
        if len(rows):
            w = rows["weight"].to_numpy(dtype=np.float64)
            return list(zip(rows["zone"].tolist(), (w / w.sum()).tolist(), strict=True))
    msg = f"zones.csv: no zone for country {country!r} (partner {partner!r} or *)"
    raise InputError(msg)


def _scope(scope: pd.DataFrame, exporter: str, importer: str, segment: str) -> tuple[float, str]:
    keys = [
        (a, b, s) for a, b in ((exporter, importer), (importer, exporter)) for s in (segment, "*")
    ]
    for a, b, s in [*keys, ("*", "*", "*")]:
        rows = scope[(scope["exporter"] == a) & (scope["importer"] == b) & (scope["segment"] == s)]
        if len(rows):
            first = records(rows.head(1))[0]
            return float(first["share"]), str(first["param"])
    return 1.0, ""


def t_per_teu_eq(segments: pd.DataFrame) -> dict[str, float]:
    """Tonnes filling one TEU of capacity per carried segment (``derive_segments``)."""
    carried = segments[segments["carried"]]
    return {str(k): float(v) for k, v in zip(carried["id"], carried["t_per_teu_eq"], strict=True)}


def od_base(
    trade: pd.DataFrame, segments: pd.DataFrame, tables: DemandTables, via_places: pd.DataFrame
) -> pd.DataFrame:
    """OD rows before the fitted scales: ``origin, destination, via, segment, tonnes_base``,
    the scope parameter (``param``, empty if none) and the trade row they come from.

    ``via_places`` is ``reexport.csv`` (hub, destination, via_place): a re-exported row is
    forced through the hub's place.
    """
    carried = set(segments.loc[segments["carried"], "id"])
    via_of = {(r["hub"], r["destination"]): r["via_place"] for r in records(via_places)}
    rows = []
    for t in records(trade[trade["segment"].isin(carried)]):
        share, param = _scope(tables.scope, t["exporter"], t["importer"], t["segment"])
        if share <= 0 or not t["tonnes_year"] > 0:
            continue
        side = "transit" if t["flow"] == "transit" else t["importer"]
        origins = _zone_weights(tables.zones, t["exporter"], side, exports=True)
        dests = _zone_weights(tables.zones, t["importer"], t["exporter"])
        via = via_of.get((t["via"], t["importer"]), "") if t["flow"] == "reexport" else ""
        anchored = "scaled to" in t["tonnes_rule"]
        for o, wo in origins:
            for d, wd in dests:
                tonnes = t["tonnes_year"] * share * wo * wd
                rows.append((o, d, via, t["segment"], tonnes, param, anchored, t["exporter"],
                             t["importer"], t["flow"], t["value_fact"]))  # fmt: skip
    cols = ["origin", "destination", "via", "segment", "tonnes_base", "param", "anchored",
            "exporter", "importer", "flow", "fact"]  # fmt: skip
    return pd.DataFrame(rows, columns=cols)


def scale(base: pd.DataFrame, params: dict[str, float]) -> np.ndarray:
    """Multiplier of each OD row: its scope parameter times its segment's scale (1 for rows
    whose tonnes are anchored to a published tonnage: the scales calibrate unit values)."""
    seg = np.where(base["segment"] == CONTAINER, params["container_scale"], params["bulk_scale"])
    seg = np.where(base["anchored"].to_numpy(dtype=bool), 1.0, seg)
    scope = np.array([params[p] if p else 1.0 for p in base["param"].tolist()])
    return np.asarray(seg * scope, dtype=np.float64)


MIN_TONNES = 100.0
"""OD rows below this many tonnes a year are left out of the file (their total is reported)."""


def od_demand(
    trade: pd.DataFrame, segments: pd.DataFrame, tables: DemandTables, via_places: pd.DataFrame
) -> pd.DataFrame:
    """The OD demand by segment: tonnes a year and TEU(-equivalents) a year between places.

    Returns
    -------
    pandas.DataFrame
        ``origin, destination, segment, tonnes_year, teu_year, via, flow, basis, source,
        notes`` sorted by segment, origin, destination, via; rows under ``MIN_TONNES`` are
        dropped. ``teu_year`` for a bulk segment counts TEU of capacity (``t_per_teu_eq``).
    """
    base = od_base(trade, segments, tables, via_places)
    base["tonnes_year"] = base["tonnes_base"] * scale(base, tables.params())
    keys = ["segment", "origin", "destination", "via", "flow"]
    agg = base.groupby(keys, sort=True).agg(
        tonnes_year=("tonnes_year", "sum"),
        exporter=("exporter", "first"),
        importer=("importer", "first"),
        param=("param", "first"),
        anchored=("anchored", "all"),
        facts=("fact", lambda s: "|".join(sorted(set(s)))),
    )
    agg = agg.reset_index()
    agg = agg[agg["tonnes_year"] >= MIN_TONNES].reset_index(drop=True)
    per_teu = t_per_teu_eq(segments)
    agg["teu_year"] = agg["tonnes_year"] / agg["segment"].map(per_teu)
    agg["basis"] = "trade"
    agg["source"] = (
        "trade base " + agg["exporter"] + ">" + agg["importer"] + " (" + agg["facts"] + ")"
    )
    scales = np.where(agg["param"] != "", " x " + agg["param"], "")
    seg_scale = np.where(agg["segment"] == CONTAINER, " x container_scale", " x bulk_scale")
    seg_scale = np.where(agg["anchored"], " (published tonnes)", seg_scale)
    agg["notes"] = agg["flow"] + "; zones.csv weights; scope.csv share" + scales + seg_scale
    cols = ["origin", "destination", "segment", "tonnes_year", "teu_year", "via", "flow",
            "basis", "source", "notes"]  # fmt: skip
    out = agg[cols].round({"tonnes_year": 0, "teu_year": 1})
    return out.sort_values(["segment", "origin", "destination", "via", "flow"], ignore_index=True)
