"""How each commodity segment of the demand model travels on the TEU graph (shared by the
trade, hubs and appraisal answers)."""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Slot:
    """A carried segment: tonnes per TEU slot and its value of time per slot-hour."""

    t_per_slot: float
    """Tonnes per TEU (a wagon counts as two TEU slots where a segment has no TEU)."""
    vot_usd_teu_h: float
    """Value of time per slot-hour (the segment's per t-h value x t per slot)."""


def carried_slots() -> dict[str, Slot]:
    """The carried segments of ``corridor.demand.segments()`` as slots, by id."""
    from corridor import demand

    out = {}
    for sid, r in demand.segments().set_index("id").iterrows():
        if not bool(r["carried"]):
            continue
        per = float(r["t_per_teu"])
        if not math.isfinite(per) or per <= 0:
            per = float(r["t_per_wagon"]) / 2.0
        out[str(sid)] = Slot(per, float(r["vot_usd_t_h"]) * per)
    return out


def road_truck_factor(segment: str) -> float:
    """Truck-TEU per TEU of capacity of ``segment``: road money is per truck (2 TEU, one
    FEU), and a truck carries ``t_per_truck`` tonnes of the segment, so a TEU of capacity
    (``t_per_slot`` tonnes) takes ``2 x t_per_slot / t_per_truck`` truck-TEU (1 for
    containers, 10 t per TEU and 20 t per truck; 1.68 for dry bulk, 21 t per TEU slot and
    25 t per truck). 1 for a segment without a truck load (or not in ``segments.csv``)."""
    from corridor import demand
    from corridor.units import TEU_PER_TRUCK

    seg = demand.segments()
    rows = seg[seg["id"] == segment]
    if rows.empty:
        return 1.0
    per_truck = float(rows["t_per_truck"].to_numpy(dtype=float)[0])
    slot = carried_slots().get(segment)
    if slot is None or not math.isfinite(per_truck) or per_truck <= 0:
        return 1.0
    return TEU_PER_TRUCK * slot.t_per_slot / per_truck
