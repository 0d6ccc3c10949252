"""Road rates against market quotes, per country (issue 15 item 4).

The network's road ``tariff_usd_teu_km`` per country comes from market quotes
(data-sources/rates, tools/build_default_network.py). The check here is independent of that
derivation: every road price in ``published_figures.csv`` (a truck quote for a trip, line
haul only or all in) is routed on the network and compared with the model's price for the
same trip; each country whose roads carry at least :data:`MIN_SHARE` of the trip's road km is
answerable for the quote. A country passes when the median deviation of its quotes is within
:data:`WITHIN` (issue 15: no country's road rate more than ±30 % from its market quotes).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from corridor.network.model import Network
from corridor.vocab import LegKind

from .evaluate import evaluate, records
from .figures import load_figures

MIN_SHARE = 0.2
"""A country answers for a quote when its roads carry at least this share of the trip's road km."""
WITHIN = 0.30
"""Allowed |model / quotes - 1| of a country's median quote deviation."""


def _rate(network: Network, country: str) -> float:
    p = network.parameters
    for c in (country, "*"):
        hit = p[(p["mode"] == "road") & (p["country"] == c) & (p["name"] == "tariff_usd_teu_km")]
        if not hit.empty:
            return float(hit["value"].iloc[0])
    return math.nan


def road_quotes(network: Network, figures: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per road price quote: id, what it includes, published, model, deviation (%),
    the countries answering for it (pipe list, by road km share)."""
    figs = load_figures() if figures is None else figures
    road = figs[(figs["kind"] == "price") & (figs["modes"] == "road")]
    table = evaluate(network, road, keep_routes=True)
    rows: list[dict[str, Any]] = []
    for r in records(table):
        if r["status"] == "skipped" or r["route"] is None:
            continue
        km: dict[str, float] = {}
        for leg in r["route"].legs:
            if leg.kind == LegKind.MOVE.value and str(leg.mode) == "road":
                km[leg.country] = km.get(leg.country, 0.0) + float(leg.distance_km)
        total = sum(km.values()) or 1.0
        countries = sorted(c for c, v in km.items() if v / total >= MIN_SHARE)
        rows.append(
            {
                "id": r["id"],
                "trip": f"{r['from']} -> {r['to']}",
                "includes": "line haul" if r["measure"] == "line_haul" else "all in",
                "published": r["value"],
                "low": r["low"],
                "high": r["high"],
                "unit": r["unit"],
                "model": r["model"],
                "deviation_pct": 100.0 * (math.exp(r["deviation"]) - 1.0),
                "countries": "|".join(countries),
            }
        )
    return pd.DataFrame(rows)


def road_rate_table(network: Network, figures: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per country answering for at least one quote: its road tariff (US$/TEU-km), the
    quotes, their median deviation (%) and whether it is within :data:`WITHIN`."""
    quotes = road_quotes(network, figures)
    out = []
    by: dict[str, list[dict[str, Any]]] = {}
    for q in records(quotes):
        for c in str(q["countries"]).split("|"):
            if c:
                by.setdefault(c, []).append(q)
    for c in sorted(by):
        devs = [float(q["deviation_pct"]) for q in by[c]]
        med = float(np.median(devs))
        out.append(
            {
                "country": c,
                "tariff_usd_teu_km": _rate(network, c),
                "usd_truck_km": 2.0 * _rate(network, c),
                "quotes": ", ".join(str(q["id"]) for q in by[c]),
                "n": len(devs),
                "median_deviation_pct": med,
                "within": abs(med) <= 100.0 * WITHIN + 1e-9,
            }
        )
    return pd.DataFrame(out)
