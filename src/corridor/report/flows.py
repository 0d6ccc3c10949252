"""Write a FreightFlows result to a folder: CSV tables, a JSON summary and the flow map."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from corridor.report.flowmap import flow_map
from corridor.report.outputs import atomic_folder

if TYPE_CHECKING:
    from corridor.analysis.flows import FreightFlows
    from corridor.network.model import Network

TABLES = (
    "links",
    "crossings",
    "transfers",
    "corridors",
    "bottlenecks",
    "unassigned",
    "convergence",
)
"""The CSV tables written, one file each."""


def write_flow_outputs(
    result: FreightFlows,
    network: Network,
    folder: str | Path,
    *,
    top: int = 10,
    replace: bool = False,
) -> list[Path]:
    """links.csv, crossings.csv, transfers.csv, corridors.csv, bottlenecks.csv,
    unassigned.csv, convergence.csv, summary.json and flows.png in ``folder``.

    The folder is written whole or not at all: the files go to a temporary sibling
    folder that is renamed to ``folder`` once the last file is written. An existing
    non-empty ``folder`` is replaced only with ``replace``. summary.json is
    ``result.to_dict(top)`` (its context keys included).
    """
    out = Path(folder)
    names = [*(f"{name}.csv" for name in TABLES), "summary.json", "flows.png"]
    doc = result.to_dict(top=top)
    scenario = result.context.scenario
    label = f" - scenario {scenario}" if scenario else ""
    with atomic_folder(out, replace=replace) as tmp:
        for name in TABLES:
            getattr(result, name).to_csv(tmp / f"{name}.csv", index=False)
        with (tmp / "summary.json").open("w", encoding="utf-8") as fh:
            json.dump(doc, fh, indent=2, ensure_ascii=False)
        flow_map(
            network,
            result.links,
            tmp / "flows.png",
            title=f"Container flows at equilibrium, TEU per year{label}",
            bottlenecks=result.bottlenecks,
        )
    return [out / name for name in names]
