"""Write a FreightFlows result to a folder: CSV tables, a JSON summary and the flow map."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from corridor.io.csv_tables import write_table_atomic
from corridor.report.flowmap import flow_map

if TYPE_CHECKING:
    from corridor.analysis.flows import FreightFlows
    from corridor.network.model import Network


def write_flow_outputs(
    result: FreightFlows,
    network: Network,
    folder: str | Path,
    *,
    scenario: str | None = None,
    top: int = 10,
) -> list[Path]:
    """links.csv, crossings.csv, transfers.csv, corridors.csv, bottlenecks.csv,
    unassigned.csv, convergence.csv, summary.json and flows.png in ``folder``."""
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for name in (
        "links",
        "crossings",
        "transfers",
        "corridors",
        "bottlenecks",
        "unassigned",
        "convergence",
    ):
        p = out / f"{name}.csv"
        write_table_atomic(getattr(result, name), p)
        paths.append(p)
    doc = result.to_dict(top=top)
    doc["scenario"] = scenario
    p = out / "summary.json"
    fd, tmp = tempfile.mkstemp(prefix=".summary.", dir=out)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(doc, fh, indent=2, ensure_ascii=False)
    os.replace(tmp, p)
    paths.append(p)
    label = f" - scenario {scenario}" if scenario else ""
    paths.append(
        flow_map(
            network,
            result.links,
            out / "flows.png",
            title=f"Container flows at equilibrium, TEU per year{label}",
            bottlenecks=result.bottlenecks,
        )
    )
    return paths
