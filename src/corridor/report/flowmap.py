"""A static map of freight volumes on the network (matplotlib, no tiles, no internet)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import pandas as pd

    from corridor.network.model import Network


def flow_map(
    network: Network,
    links: pd.DataFrame,
    path: str | Path,
    *,
    column: str = "eq_teu_year",
    title: str = "Container flows (TEU per year)",
    bottlenecks: pd.DataFrame | None = None,
    top: int = 8,
) -> Path:
    """Draw every link as a straight line between its ends, width by volume, colour by
    utilisation; label the busiest links and the top bottlenecks. Written atomically.

    The format follows the suffix (``.png`` or ``.svg``).
    """
    from matplotlib import colormaps
    from matplotlib.cm import ScalarMappable
    from matplotlib.collections import LineCollection
    from matplotlib.colors import Normalize
    from matplotlib.figure import Figure

    from corridor.report.outputs import atomic_file

    out = Path(path)
    pos = network.nodes.set_index("id")[["lon", "lat"]]
    a = pos.loc[links["from"]].to_numpy()
    b = pos.loc[links["to"]].to_numpy()
    vol = links[column].to_numpy(dtype=float)
    util = links["utilisation"].to_numpy(dtype=float)
    vmax = max(float(np.nanmax(vol)), 1.0)
    fig = Figure(figsize=(14, 9), dpi=110)  # no pyplot: the process's backend is left alone
    ax = fig.subplots()
    ax.add_collection(
        LineCollection(list(np.stack([a, b], axis=1)), colors="#d0d0d0", linewidths=0.8, zorder=1)
    )
    used = vol > 0
    widths = 0.8 + 9.0 * np.sqrt(vol[used] / vmax)
    cmap = colormaps["RdYlGn_r"]
    norm = Normalize(vmin=0.0, vmax=1.2)
    colours = [cmap(norm(u)) if np.isfinite(u) else "#3a6ea5" for u in util[used]]
    ax.add_collection(
        LineCollection(
            list(np.stack([a[used], b[used]], axis=1)),
            colors=colours,
            linewidths=widths,
            zorder=2,
            capstyle="round",
        )
    )
    ax.scatter(pos["lon"], pos["lat"], s=6, c="#555555", zorder=3)
    for i in np.argsort(-vol)[:top]:
        if vol[i] <= 0:
            break
        mid = (a[i] + b[i]) / 2
        ax.annotate(
            f"{vol[i] / 1000:,.0f}k", mid, fontsize=7, ha="center", color="#222222", zorder=4
        )
    names = network.nodes.set_index("id")["name"]
    if bottlenecks is not None:
        seen: set[str] = set()
        for row in bottlenecks.itertuples():
            place = str(row.place).split(" - ")[-1]
            if place in seen or place not in pos.index:
                continue
            seen.add(place)
            x, y = pos.loc[place]
            ax.annotate(
                f"{str(names[place]).split(' (')[0]} {row.utilisation:.0%}",
                (x, y),
                xytext=(6, 6 if len(seen) % 2 else -12),
                textcoords="offset points",
                fontsize=7.5,
                color="#b00020",
                zorder=5,
            )
            if len(seen) >= top:
                break
    sm = ScalarMappable(norm=norm, cmap=cmap)
    fig.colorbar(
        sm,
        ax=ax,
        shrink=0.6,
        label="utilisation (peak direction / capacity); blue: no capacity given",
    )
    ax.set_xlabel("longitude")
    ax.set_ylabel("latitude")
    ax.set_title(title)
    ax.set_aspect(1.25)
    ax.autoscale_view()
    ax.grid(alpha=0.2)
    with atomic_file(out) as tmp:
        fig.savefig(tmp, format=(out.suffix[1:] or "png").lower(), bbox_inches="tight")
    return out
