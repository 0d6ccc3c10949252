"""Charts and output folders for scenario diffs and criticality (matplotlib Figure, never pyplot)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from corridor.report.outputs import atomic_folder

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from corridor.analysis.criticality import Criticality
    from corridor.analysis.diff import ScenarioDiff


def diff_chart(diff: ScenarioDiff, top: int = 15) -> Figure:
    """Horizontal bars: the pairs whose time changes most (TEU-hours per year when weighted)."""
    from matplotlib.figure import Figure

    ch = diff.changes()
    ch = ch[ch["delta_time_h"].notna()].head(top)
    weighted = diff.weighted
    values = ch["delta_time_h"] * (ch["weight"] if weighted else 1.0)
    labels = [f"{o} -> {d}" for o, d in zip(ch["origin"], ch["destination"], strict=True)]
    fig = Figure(figsize=(9, 0.35 * max(len(labels), 3) + 1.5))
    ax = fig.add_subplot()
    colours = ["#2a9d8f" if v < 0 else "#e76f51" for v in values]
    ax.barh(range(len(labels))[::-1], values, color=colours)
    ax.set_yticks(range(len(labels))[::-1], labels, fontsize=8)
    ax.axvline(0, color="black", lw=0.8)
    unit = "TEU-hours per year" if weighted else "hours per TEU"
    ax.set_xlabel(f"change in time ({unit}); negative = faster")
    ax.set_title(f"{diff.scenario} vs {diff.base}: largest changes in time", fontsize=10)
    fig.tight_layout()
    return fig


def critical_chart(crit: Criticality, top: int = 15) -> Figure:
    """Horizontal bars: the top elements by score, split into cost increase and lost pairs."""
    from matplotlib.figure import Figure

    t = crit.table.head(top)
    labels = [f"{e} ({k})" for e, k in zip(t["element"], t["kind"], strict=True)]
    lost = t["score"] - t["cost_increase"]
    fig = Figure(figsize=(9, 0.35 * max(len(labels), 3) + 1.5))
    ax = fig.add_subplot()
    y = list(range(len(labels)))[::-1]
    ax.barh(y, t["cost_increase"], color="#457b9d", label="cost increase (rerouted pairs)")
    ax.barh(y, lost, left=t["cost_increase"], color="#e63946", label="pairs disconnected")
    ax.set_yticks(y, labels, fontsize=8)
    unit = "US$ per year" if crit.weighted else "US$ per TEU, summed over pairs"
    ax.set_xlabel(f"score ({unit})")
    ax.set_title(f"Most critical elements ({crit.od_label})", fontsize=10)
    ax.legend(fontsize=8, loc="lower right")
    fig.tight_layout()
    return fig


def _write_json(doc: Any, path: Path) -> Path:
    with path.open("w", encoding="utf-8") as fh:
        json.dump(doc, fh, indent=2, ensure_ascii=False)
    return path


def write_diff_outputs(
    diff: ScenarioDiff, folder: str | Path, *, top: int = 15, replace: bool = False
) -> list[Path]:
    """pairs.csv (every pair), summary.json and changes.png in ``folder``, written whole or
    not at all (see :func:`corridor.report.outputs.atomic_folder`)."""
    out = Path(folder)
    with atomic_folder(out, replace=replace) as tmp:
        diff.pairs.to_csv(tmp / "pairs.csv", index=False)
        _write_json(diff.to_dict(), tmp / "summary.json")
        diff_chart(diff, top).savefig(tmp / "changes.png", dpi=120)
    return [out / "pairs.csv", out / "summary.json", out / "changes.png"]


def write_critical_outputs(
    crit: Criticality, folder: str | Path, *, top: int = 15, replace: bool = False
) -> list[Path]:
    """elements.csv, criticality.geojson (map layer), summary.json and critical.png, written
    whole or not at all (see :func:`corridor.report.outputs.atomic_folder`)."""
    out = Path(folder)
    names = ["elements.csv", "criticality.geojson", "summary.json", "critical.png"]
    with atomic_folder(out, replace=replace) as tmp:
        crit.table.to_csv(tmp / "elements.csv", index=False)
        _write_json(crit.to_geojson(), tmp / "criticality.geojson")
        _write_json(crit.to_dict(top=top), tmp / "summary.json")
        critical_chart(crit, top).savefig(tmp / "critical.png", dpi=120)
    return [out / name for name in names]
