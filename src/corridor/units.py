"""Unit vocabulary and conversion constants."""

from __future__ import annotations

from enum import StrEnum

EARTH_RADIUS_KM = 6371.0088
"""Mean Earth radius (IUGG), km."""

G_PER_KG = 1000.0
KG_PER_T = 1000.0
HOURS_PER_DAY = 24.0

TEU_PER_FEU = 2.0
"""A 40-ft box (FEU) is two TEU of space; corridor also prices it as two TEU (see below)."""
TEU_PER_TRUCK = 2.0
"""A container truck carries one FEU or two loaded 20-ft boxes (the CPMM per-truck convention
the crossing fees use: cost per truck / 2 TEU)."""


class Unit(StrEnum):
    """The unit of freight a route or flow is counted in.

    corridor keeps every cost per TEU of space and converts: an FEU and a truck are two TEU,
    a tonne is ``1 / payload_t_teu`` TEU. Market per-box rates are not proportional to space
    (a 20-ft box shipped alone usually pays 55-75 % of a 40-ft rate, because the wagon slot
    or the truck is what is paid for): a corridor "per TEU" figure is half an FEU rate, and a
    lone 20-ft box would pay more. Published FEU prices are therefore compared at 2 TEU.
    """

    TEU = "teu"
    FEU = "feu"
    TRUCK = "truck"
    TONNE = "tonne"


def teu_per_unit(unit: str, payload_t_teu: float) -> float:
    """TEU of space in one ``unit`` (teu 1, feu 2, truck 2, tonne ``1 / payload_t_teu``).

    Multiply a per-TEU cost, CO2 or value of time by this to get it per ``unit``.

    Examples
    --------
    >>> teu_per_unit("feu", 10.0), teu_per_unit("tonne", 10.0)
    (2.0, 0.1)
    """
    u = Unit(unit)
    if u is Unit.TONNE:
        return 1.0 / payload_t_teu
    if u is Unit.FEU:
        return TEU_PER_FEU
    if u is Unit.TRUCK:
        return TEU_PER_TRUCK
    return 1.0
