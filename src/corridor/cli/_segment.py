"""``--segment``: a commodity segment's value of time (and demand rows) for a command."""

from __future__ import annotations

from typing import Annotated

import typer

SegmentOpt = Annotated[
    str | None,
    typer.Option(
        "--segment",
        help="Commodity segment whose value of time prices time (container, dry_bulk, metals, "
        "liquid_bulk; docs/demand.md); default: containers at the network's value of time.",
    ),
]


def segment_value_of_time(segment: str | None, value_of_time: float | None) -> float | None:
    """``--value-of-time`` if given, else the segment's (US$ per TEU of capacity and hour),
    else None (the network's own, containers)."""
    if value_of_time is not None or segment is None:
        return value_of_time
    from corridor.demand import segment_vot

    return segment_vot(segment)
