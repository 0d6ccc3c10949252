"""Coverage of a network by country: places, links, km by mode and by length basis, crossings.

A link inside one country counts there with all its km. A cross-border link counts in both
countries (one link each) and its km are split at its frontier point: ``frontier_km`` in the
``from`` node's country, the rest in the ``to`` node's country (as the graph compiler prices
them). A crossing counts in each of its countries. km are over operating links (status
``existing``; ``closed`` links exist and count too); planned and under-construction km are a
separate column.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from corridor.network._table import split_pipe
from corridor.network.model import Network
from corridor.network.schema import Basis, Mode, Status

__all__ = ["coverage"]

_FUTURE = (Status.PLANNED.value, Status.UNDER_CONSTRUCTION.value)


def _link_shares(network: Network) -> pd.DataFrame:
    """One row per (link, country) with the link's km in that country."""
    links = network.links
    country = dict(zip(network.nodes["id"], network.nodes["country"], strict=True))
    a = links["from"].map(country)
    b = links["to"].map(country)
    length = links["length_km"].to_numpy(dtype=np.float64)
    frontier = links["frontier_km"].to_numpy(dtype=np.float64)
    cross = (a != b).to_numpy()
    from_km = np.where(
        cross & np.isfinite(frontier), frontier, np.where(cross, length / 2.0, length)
    )
    basis = links["length_basis"].replace({"source": Basis.PUBLISHED.value})
    common = {
        "link": links["id"],
        "mode": links["mode"],
        "basis": basis,
        "future": links["status"].isin(_FUTURE),
    }
    from_side = pd.DataFrame({**common, "country": a, "km": from_km})
    to_side = pd.DataFrame({**common, "country": b, "km": length - from_km})[cross]
    return pd.concat([from_side, to_side], ignore_index=True)


def coverage(network: Network) -> pd.DataFrame:
    """Per-country coverage of ``network``, one row per country (sorted), with columns
    ``nodes``, ``links``, ``crossings``, ``km`` (operating links), ``km_<mode>`` for every
    mode, ``km_<basis>`` for published/derived/estimate, ``estimate_share`` (of ``km``),
    ``proxy_crossings`` and ``proxy_share`` (crossings whose figures are borrowed from another
    post, a national or CAREC average: ``basis=proxy`` in their notes) and ``km_planned``
    (planned and under construction).

    Examples
    --------
    >>> from corridor.data import path
    >>> from corridor.network import Network
    >>> cov = coverage(Network.from_dir(path("examples/tiny")))
    >>> int(cov.loc["AA", "nodes"])
    3
    """
    shares = _link_shares(network)
    now = shares[~shares["future"]]
    countries = sorted(
        set(network.nodes["country"])
        | {c for cs in network.crossings["countries"] for c in split_pipe(str(cs))}
    )
    out = pd.DataFrame(index=pd.Index(countries, name="country"))
    out["nodes"] = network.nodes.groupby("country").size()
    out["links"] = shares.groupby("country")["link"].nunique()
    crossing_country = [
        (cid, c)
        for cid, cs in zip(network.crossings["id"], network.crossings["countries"], strict=True)
        for c in split_pipe(str(cs))
    ]
    cc = pd.DataFrame(crossing_country, columns=["id", "country"]).drop_duplicates()
    out["crossings"] = cc.groupby("country").size()
    proxied = set(
        network.crossings.loc[
            network.crossings["notes"].astype(str).str.contains("basis=proxy", regex=False), "id"
        ]
    )
    out["proxy_crossings"] = cc[cc["id"].isin(proxied)].groupby("country").size()
    out["km"] = now.groupby("country")["km"].sum()
    for mode in Mode:
        out[f"km_{mode.value}"] = now[now["mode"] == mode.value].groupby("country")["km"].sum()
    for basis in Basis:
        out[f"km_{basis.value}"] = now[now["basis"] == basis.value].groupby("country")["km"].sum()
    out = out.fillna(0.0)
    for col in ("nodes", "links", "crossings", "proxy_crossings"):
        out[col] = out[col].astype(np.int64)
    km = out["km"].to_numpy(dtype=np.float64)
    est = out[f"km_{Basis.ESTIMATE.value}"].to_numpy(dtype=np.float64)
    out["estimate_share"] = np.divide(est, km, out=np.zeros_like(km), where=km > 0).round(3)
    n_x = out["crossings"].to_numpy(dtype=np.float64)
    n_p = out["proxy_crossings"].to_numpy(dtype=np.float64)
    out["proxy_share"] = np.divide(n_p, n_x, out=np.zeros_like(n_x), where=n_x > 0).round(3)
    out["km_planned"] = shares[shares["future"]].groupby("country")["km"].sum()
    out["km_planned"] = out["km_planned"].fillna(0.0)
    km_cols = [c for c in out.columns if c.startswith("km")]
    out[km_cols] = out[km_cols].round(1)
    return out
