"""OD sets for region-wide questions: the shipped set of capitals, gateways and ports, a file, or pairs.

An OD set is a list of (origin, destination) place pairs with a weight each: 1 per pair, or
TEU per year from a demand table (pairs of the demand table outside the set are added, so a
demand-weighted answer covers all of the demand).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from corridor._types import FloatArray, IntArray
from corridor.data import path as data_path
from corridor.errors import InputError, UnknownIdError
from corridor.io.csv_tables import LINE, read_raw_table
from corridor.io.demand_csv import read_demand_csv

DEFAULT_PLACES = "od/region_places.csv"
"""The shipped OD set: every ordered pair of the places listed (package data)."""
DEFAULT_DEMAND = "demand/region_demand_2024.csv"
"""The shipped OD demand (one row per segment; TEU of capacity per year, tonnes per year)."""


@dataclass(frozen=True, slots=True)
class ODSet:
    """Ordered place pairs (place indices of a graph) with weights, grouped by origin."""

    orig: IntArray
    dest: IntArray
    weight: FloatArray
    weighted: bool
    """True when the weights are TEU per year from a demand table."""
    label: str

    @property
    def n_pairs(self) -> int:
        """Number of pairs."""
        return int(self.orig.shape[0])

    def origins(self) -> IntArray:
        """The distinct origins."""
        return np.unique(self.orig)


def default_places(node_ids: Sequence[str]) -> list[str]:
    """The shipped set's places present in the network (``required`` ones must be)."""
    raw = read_raw_table(data_path(DEFAULT_PLACES))
    have = set(node_ids)
    out = []
    for pid, req, line in zip(raw["id"], raw["required"], raw[LINE], strict=True):
        if pid in have:
            out.append(str(pid))
        elif req.strip().lower() == "true":
            msg = f"{data_path(DEFAULT_PLACES)} line {line}: place {pid!r} is not in the network"
            raise UnknownIdError(msg)
    return out


def od_set(
    node_ids: Sequence[str],
    resolve: Callable[[str], int],
    *,
    od_file: str | Path | None = None,
    pairs: str | Sequence[tuple[str, str]] | None = None,
    demand: str | Path | pd.DataFrame | None = None,
    segment: str = "container",
) -> ODSet:
    """Build an OD set.

    Parameters
    ----------
    node_ids
        The graph's place ids (indices are positions in it).
    resolve
        ``resolve(text) -> index`` for place names and aliases (e.g. ``paths.route.place_index``
        bound to a graph).
    od_file
        A CSV with ``origin,destination`` columns (pairs) or an ``id`` column (places: every
        ordered pair of them).
    pairs
        ``"a:b,c:d"`` or a list of (origin, destination).
    demand
        A demand table (path or frame with origin, destination, teu_year) for weights.
    segment
        The commodity segment whose rows weigh, when the demand file has a ``segment``
        column.
    """
    find = resolve
    label = "default OD set (region capitals, gateways, ports)"
    if pairs is not None and od_file is not None:
        msg = "give --od or --pairs, not both"
        raise InputError(msg)
    if pairs is not None:
        plist = _parse_pairs(pairs)
        label = f"{len(plist)} pair(s)"
    elif od_file is not None:
        plist = _read_od_file(Path(od_file))
        label = str(od_file)
    else:
        places = default_places(node_ids)
        plist = [(a, b) for a in places for b in places if a != b]
    idx = [(int(find(a)), int(find(b))) for a, b in plist]
    weights: dict[tuple[int, int], float] = {}
    for a, b in idx:
        if a != b:
            weights.setdefault((a, b), 1.0)
    weighted = demand is not None
    if demand is not None:
        frame = demand if isinstance(demand, pd.DataFrame) else read_demand_csv(demand, segment)
        weights = dict.fromkeys(weights, 0.0)
        for o, d, teu in zip(frame["origin"], frame["destination"], frame["teu_year"], strict=True):
            key = (int(find(str(o))), int(find(str(d))))
            if key[0] != key[1]:
                weights[key] = weights.get(key, 0.0) + float(teu)
        label += " weighted by demand (TEU/year)"
    keys = sorted(weights)
    if not keys:
        msg = "the OD set is empty"
        raise InputError(msg)
    return ODSet(
        orig=np.array([k[0] for k in keys], dtype=np.int64),
        dest=np.array([k[1] for k in keys], dtype=np.int64),
        weight=np.array([weights[k] for k in keys], dtype=np.float64),
        weighted=weighted,
        label=label,
    )


def _parse_pairs(pairs: str | Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    if not isinstance(pairs, str):
        return [(str(a), str(b)) for a, b in pairs]
    out = []
    for item in (p.strip() for p in pairs.split(",")):
        if not item:
            continue
        a, sep, b = item.partition(":")
        if not sep or not a.strip() or not b.strip():
            msg = f"--pairs: {item!r} is not origin:destination"
            raise InputError(msg)
        out.append((a.strip(), b.strip()))
    if not out:
        msg = "--pairs: no pair given"
        raise InputError(msg)
    return out


def _read_od_file(path: Path) -> list[tuple[str, str]]:
    raw = read_raw_table(path)
    if {"origin", "destination"} <= set(raw.columns):
        return list(zip(raw["origin"], raw["destination"], strict=True))
    if "id" in raw.columns:
        places = [p for p in raw["id"] if p]
        return [(a, b) for a in places for b in places if a != b]
    msg = f"{path}: an OD file has origin,destination columns (pairs) or an id column (places)"
    raise InputError(msg)
