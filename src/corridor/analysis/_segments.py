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
