"""Read and check the trade base source tables (``data-sources/trade/*.csv``).

Four tables, one row per fact, each with its source (see ``data-sources/trade/README.md``):

* ``flows.csv``    bilateral goods trade: US$ m and/or kt, exporter -> importer (``flow = x``) or a
  pair total (``flow = total``), with ``basis`` = national | mirror | press;
* ``segments.csv`` the commodity segments: value per tonne, tonnes per TEU / wagon / truck,
  modes and services, time cost per day (Hummels & Schaur);
* ``shares.csv``   the share of each segment in the value of a flow;
* ``reexport.csv`` the share of a flow into a hub country that goes on to a third country.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from corridor.errors import InputError

LINE = "line"
BASES = ("national", "mirror", "press")
FLOWS = ("x", "total")
SCOPES = ("all", "rail", "commodity", "transit", "unclear")
FIGURES = ("published", "derived", "estimate")

_COLUMNS = {
    "flows": (
        "id", "flow", "exporter", "importer", "year", "months", "value_usd_m", "tonnes_kt",
        "scope", "basis", "reporter", "figure", "source", "ref", "notes",
    ),
    "segments": (
        "id", "name", "carried", "value_usd_t", "t_per_teu", "t_per_wagon", "t_per_truck",
        "modes", "services", "time_cost_pct_day", "source", "figure", "notes",
    ),
    "shares": (
        "exporter", "importer", "segment", "share", "year", "source", "figure", "ref", "notes",
    ),
    "reexport": (
        "hub", "origin", "destination", "share", "via_place", "year", "source", "figure", "notes",
    ),
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class TradeTables:
    """The four checked source tables of the trade base (numbers as floats, NaN = empty)."""

    flows: pd.DataFrame
    segments: pd.DataFrame
    shares: pd.DataFrame
    reexport: pd.DataFrame
    folder: Path


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows of ``frame`` as plain dicts (column -> value)."""
    return [{str(k): v for k, v in r.items()} for r in frame.to_dict("records")]


def _read(path: Path, name: str, want: tuple[str, ...] | None = None) -> pd.DataFrame:
    """CSV rows as strings with their file line; ``#`` lines are comments."""
    if not path.is_file():
        msg = f"{path}: file not found"
        raise InputError(msg)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        msg = f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})"
        raise InputError(msg) from None
    kept = [(i, ln) for i, ln in enumerate(text.splitlines(), 1) if not ln.lstrip().startswith("#")]
    kept = [(i, ln) for i, ln in kept if ln.strip()]
    if not kept:
        msg = f"{path}: empty file (expected a header row)"
        raise InputError(msg)
    header = [h.strip() for h in next(csv.reader([kept[0][1]]))]
    want = want if want is not None else _COLUMNS[name]
    missing = [c for c in want if c not in header]
    if missing:
        msg = f"{path}: missing column(s) {missing}; required: {list(want)}"
        raise InputError(msg)
    rows, lines = [], []
    for lineno, ln in kept[1:]:
        try:
            (row,) = list(csv.reader(io.StringIO(ln)))
        except (csv.Error, ValueError):
            msg = f"{path} line {lineno}: malformed CSV row"
            raise InputError(msg) from None
        if len(row) != len(header):
            msg = f"{path} line {lineno}: {len(row)} fields, header has {len(header)}"
            raise InputError(msg)
        rows.append([c.strip() for c in row])
        lines.append(lineno)
    frame = pd.DataFrame(rows, columns=header, dtype=object)
    frame[LINE] = pd.Series(lines, dtype="int64")
    return frame


def _numbers(
    frame: pd.DataFrame,
    path: Path,
    cols: tuple[str, ...],
    *,
    required: bool,
    signed: bool = False,
) -> None:
    for col in cols:
        out = []
        for text, line in zip(frame[col], frame[LINE], strict=True):
            if text == "":
                if required:
                    msg = f"{path} line {line}, column {col}: missing value"
                    raise InputError(msg)
                out.append(math.nan)
                continue
            try:
                v = float(text)
            except ValueError:
                msg = f"{path} line {line}, column {col}: {text!r} is not a number"
                raise InputError(msg) from None
            if not math.isfinite(v) or (v < 0 and not signed):
                what = "a finite number" if signed else "a finite number >= 0"
                msg = f"{path} line {line}, column {col}: {text!r} must be {what}"
                raise InputError(msg)
            out.append(v)
        frame[col] = pd.Series(out, index=frame.index, dtype="float64")


def _choice(frame: pd.DataFrame, path: Path, col: str, menu: tuple[str, ...]) -> None:
    bad = frame[~frame[col].isin(menu)]
    if len(bad):
        line, value = bad[LINE].iat[0], bad[col].iat[0]
        msg = f"{path} line {line}, column {col}: {value!r}; choose from {list(menu)}"
        raise InputError(msg)


def _unique(frame: pd.DataFrame, path: Path, keys: list[str]) -> None:
    dup = frame[frame.duplicated(keys, keep="first")]
    if len(dup):
        msg = f"{path} line {dup[LINE].iat[0]}: duplicate {keys} {tuple(dup[keys].iloc[0])}"
        raise InputError(msg)


def _check_flows(flows: pd.DataFrame, path: Path) -> None:
    _unique(flows, path, ["id"])
    _choice(flows, path, "flow", FLOWS)
    _choice(flows, path, "basis", BASES)
    _choice(flows, path, "scope", SCOPES)
    _choice(flows, path, "figure", FIGURES)
    _numbers(flows, path, ("year", "months"), required=True)
    _numbers(flows, path, ("value_usd_m", "tonnes_kt"), required=False)
    for row in records(flows):
        where = f"{path} line {row['line']}"
        if math.isnan(row["value_usd_m"]) and math.isnan(row["tonnes_kt"]):
            msg = f"{where}: neither value_usd_m nor tonnes_kt given"
            raise InputError(msg)
        if not 1 <= row["months"] <= 12:
            msg = f"{where}, column months: {row['months']:g} not in 1..12"
            raise InputError(msg)
        if row["exporter"] == row["importer"]:
            msg = f"{where}: exporter and importer are both {row['exporter']!r}"
            raise InputError(msg)
        if row["reporter"] not in (row["exporter"], row["importer"]):
            msg = f"{where}, column reporter: {row['reporter']!r} is neither side"
            raise InputError(msg)
        if row["source"] == "":
            msg = f"{where}, column source: missing value"
            raise InputError(msg)


def _check_segments(seg: pd.DataFrame, path: Path) -> None:
    _unique(seg, path, ["id"])
    _choice(seg, path, "carried", ("true", "false"))
    _choice(seg, path, "figure", FIGURES)
    seg["carried"] = seg["carried"] == "true"
    cols = ("value_usd_t", "t_per_teu", "t_per_wagon", "t_per_truck", "time_cost_pct_day")
    _numbers(seg, path, cols, required=False)
    for row in records(seg[seg["carried"]]):
        for col in ("value_usd_t", "t_per_wagon", "t_per_truck", "time_cost_pct_day"):
            if not row[col] > 0:
                msg = (
                    f"{path} line {row['line']}, column {col}: a carried segment needs a value > 0"
                )
                raise InputError(msg)
        if row["modes"] == "":
            msg = f"{path} line {row['line']}, column modes: a carried segment needs modes"
            raise InputError(msg)


def _check_shares(shares: pd.DataFrame, path: Path, segments: set[str]) -> None:
    _unique(shares, path, ["exporter", "importer", "segment"])
    _choice(shares, path, "segment", tuple(sorted(segments)))
    _choice(shares, path, "figure", FIGURES)
    _numbers(shares, path, ("share",), required=True)
    sums = shares.groupby(["exporter", "importer"], sort=True)["share"].sum()
    bad = sums[(sums - 1.0).abs() > 1e-6]
    if len(bad):
        (exp, imp), total = bad.index[0], bad.iat[0]
        msg = f"{path}: shares of {exp} -> {imp} add up to {total:.4f}, not 1"
        raise InputError(msg)


def _check_reexport(reexport: pd.DataFrame, path: Path) -> None:
    _unique(reexport, path, ["hub", "origin", "destination"])
    _choice(reexport, path, "figure", FIGURES)
    _numbers(reexport, path, ("share",), required=True)
    sums = reexport.groupby(["hub", "origin"], sort=True)["share"].sum()
    bad = sums[sums > 1.0 + 1e-9]
    if len(bad):
        (hub, origin), total = bad.index[0], bad.iat[0]
        msg = f"{path}: re-export shares of {origin} via {hub} add up to {total:.4f} > 1"
        raise InputError(msg)


def read_trade_tables(folder: str | Path) -> TradeTables:
    """Read and check ``flows.csv``, ``segments.csv``, ``shares.csv`` and ``reexport.csv``.

    Parameters
    ----------
    folder
        The trade source folder, e.g. ``data-sources/trade`` of a checkout.

    Returns
    -------
    TradeTables
        Numbers as floats (empty cells NaN), ``segments.carried`` as bool, ``line`` columns.

    Raises
    ------
    InputError
        A missing file or column, a bad number or choice, duplicate keys, segment shares of
        a pair not adding up to 1 — naming the file, line and column.
    """
    root = Path(folder)
    paths = {name: root / f"{name}.csv" for name in _COLUMNS}
    frames = {name: _read(p, name) for name, p in paths.items()}
    _check_flows(frames["flows"], paths["flows"])
    _check_segments(frames["segments"], paths["segments"])
    _check_shares(frames["shares"], paths["shares"], set(frames["segments"]["id"]))
    _check_reexport(frames["reexport"], paths["reexport"])
    return TradeTables(
        flows=frames["flows"],
        segments=frames["segments"],
        shares=frames["shares"],
        reexport=frames["reexport"],
        folder=root,
    )
