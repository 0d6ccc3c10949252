"""``--segment``: a commodity segment's value of time (and demand rows) for a command."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from corridor.paths import RouteOptions

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


def segment_options(options: RouteOptions, segment: str | None) -> RouteOptions:
    """``options`` with the segment's road money per truck (containers and no segment: as
    given): bulk rides 25-t trucks (corridor.analysis._segments.road_truck_factor)."""
    if segment is None:
        return options
    import dataclasses

    from corridor.analysis._segments import road_truck_factor

    return dataclasses.replace(options, road_truck_factor=road_truck_factor(segment))
