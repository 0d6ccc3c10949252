"""Well-to-wheel emission intensities by mode and traction (ISO 14083 / GLEC), with sources.

One small typed table, :data:`FACTORS`: g CO2e per tonne-km, well-to-wheel (WTW =
tank-to-wheel + well-to-tank), by mode, traction and region (``*`` = default, or an ISO2
country code where a source gives its own figure). Figures and arithmetic come from the
project's research notes (corridor-facts-2.md section 1); every row names its source,
year and basis (``published`` | ``derived`` | ``estimate``).

:func:`intensity` looks a factor up; :func:`leg_co2e_kg` turns a leg's mode, traction,
distance and unit into kg CO2e (tonne-km = km x tonnes per unit, 10 t per loaded TEU by the
IMO convention). :func:`parameter_rows` gives the rows in the layout of
``parameters.csv`` (name ``co2e_g_tkm``, and ``co2e_g_tkm_electric`` /
``co2e_g_tkm_diesel`` for rail) for the compiler.

Handling, transhipment and gauge-change emissions: no sourced per-TEU or per-tonne factor
was found (GLEC hub defaults not read in a citable copy), so none is shipped; these stops
count 0 kg until a source is added here.
"""

from __future__ import annotations

from dataclasses import dataclass

from corridor.errors import InputError
from corridor.units import G_PER_KG

PAYLOAD_T_TEU = 10.0
"""Tonnes of cargo per loaded TEU when only TEU counts are known (IMO MEPC circular on
operational indicators; also the GLEC/ISO 14083 calculator default)."""
EMPTY_TEU_T = 2.0
"""Tonnes per empty TEU (same IMO guidance)."""

EU_ELECTRIC_TRAIN_WH_NTKM = 32.2
"""Final energy of an average electric freight train (1,000 t gross), average cargo,
Wh per net tonne-km (EcoTransIT World methodology, IFEU 2010, Table 23)."""
GRID_LOSSES = 0.075
"""Transmission and catenary losses added to train energy: mid-point of 5-10 %, an
estimate (no source found)."""

MODES = ("rail", "road", "sea", "ferry")
TRACTIONS = ("electric", "diesel", "")


@dataclass(frozen=True, slots=True)
class EmissionFactor:
    """One WTW intensity, g CO2e per tonne-km of cargo."""

    mode: str
    traction: str
    """``electric`` | ``diesel`` | ``""`` (ships: their fuel is implied by the class)."""
    region: str
    """``*`` or an ISO2 country code."""
    wtw_g_tkm: float
    ttw_g_tkm: float | None
    wtt_g_tkm: float | None
    vehicle: str
    source: str
    year: int
    basis: str
    notes: str = ""


def electric_rail_g_tkm(
    grid_kg_kwh: float,
    wh_per_ntkm: float = EU_ELECTRIC_TRAIN_WH_NTKM,
    losses: float = GRID_LOSSES,
) -> float:
    """WTW g CO2e/t-km of an electric train on a grid of ``grid_kg_kwh`` kg CO2e/kWh.

    ``wh_per_ntkm x grid x (1 + losses)``; TTW is 0.

    Examples
    --------
    >>> round(electric_rail_g_tkm(0.551), 1)  # China's grid
    19.1
    """
    if grid_kg_kwh < 0 or wh_per_ntkm < 0 or losses < 0:
        msg = "grid_kg_kwh, wh_per_ntkm and losses must be >= 0"
        raise InputError(msg)
    return wh_per_ntkm * grid_kg_kwh * (1.0 + losses)


_ASIA_UPLIFT = 1.22  # GLEC v3.1: vehicles > 3.5 t in Asia (except China) and Africa

FACTORS: tuple[EmissionFactor, ...] = (
    EmissionFactor(
        "road", "diesel", "*", round(101 * _ASIA_UPLIFT), 95.0, 28.0,
        "articulated truck 34-40 t GVW, average/mixed load",
        "GLEC Framework v3.1 (Smart Freight Centre 2024) Module 2 Table 8 (Europe: WTT 23, "
        "TTW 78, WTW 101) x 1.22 GLEC uplift for Asia except China", 2024, "derived",
        "101 x 1.22 = 123 g WTW; read from a third-party OCR transcription of the GLEC "
        "tables (github.com/Sahilcoder4/greenroute_repo). GLEC road values include the +5 % "
        "distance adjustment: add no circuity factor.",
    ),
    EmissionFactor(
        "road", "diesel", "CN", 80.86, 62.02, 18.84,
        "China articulated HDV 35-40 t, diesel",
        "GLEC Framework v3.1 Table 12 (China Default GHG Emission Values v1.0, 2024)", 2024,
        "published",
    ),
    EmissionFactor(
        "rail", "diesel", "*", 34.70, 27.79, 6.91, "freight train (UK traction mix)",
        "UK DESNZ GHG conversion factors 2025, 'Rail - Freight train': TTW 27.79 + WTT 6.91",
        2025, "derived",
        "Diesel-rail proxy (GLEC rail defaults not found); used where traction is diesel "
        "or unknown outside China.",
    ),
    EmissionFactor(
        "rail", "electric", "CN", round(electric_rail_g_tkm(0.551), 1), 0.0, None,
        "average electric freight train, average cargo",
        "EcoTransIT World methodology (IFEU 2010) Table 23: 32.2 Wh/net t-km x China grid "
        "0.551 kg CO2e/kWh (third-party dataset citing IEA, 2024; low confidence) x 1.075 "
        "losses", 2024, "derived",
        "32.2 x 0.551 x 1.075 = 19.1 g WTW; China's main freight lines are electrified, so "
        "this is also China's default when traction is unknown.",
    ),
    EmissionFactor(
        "rail", "electric", "*", round(electric_rail_g_tkm(0.900), 1), 0.0, None,
        "average electric freight train, average cargo",
        "EcoTransIT World methodology (IFEU 2010) Table 23: 32.2 Wh/net t-km x 900 g/kWh "
        "(NTM rail baseline for coal/oil generation, 2022) x 1.075 losses", 2022, "estimate",
        "32.2 x 0.900 x 1.075 = 31.2 g WTW. Grid factors for KZ/UZ/TM/PK/IR were not found; "
        "the region's grids are coal- and gas-heavy, so the NTM coal/oil reference is used "
        "(at the EU 2020 average of 322 g/kWh it would be 11.1 g).",
    ),
    EmissionFactor(
        "sea", "", "*", 39.9, 32.50, 7.37, "container ship 1,000-1,999 TEU (regional feeder)",
        "UK DESNZ GHG conversion factors 2025, 'Cargo ship - Container ship 1,000-1,999 TEU':"
        " TTW 32.50 + WTT 7.37", 2025, "derived",
        "Gulf/Arabian Sea feeders are ~1,100 TEU ships; the DESNZ all-ship average (19.8 g) "
        "fits deep-sea mainliners, not these legs.",
    ),
    EmissionFactor(
        "ferry", "", "*", 74.9, 61.05, 13.84, "RoRo ferry 0-1,999 lane-metres",
        "UK DESNZ GHG conversion factors 2025, 'Cargo ship - RoRo-Ferry 0-1,999 LM': "
        "TTW 61.05 + WTT 13.84", 2025, "derived",
        "Caspian rail/Ro-Ro ferries carry wagons, not passengers: the cargo-only class is the "
        "closest. GLEC RoPax 10-20 kGT MDO (124.8 g WTW, v3.0 Table 14) is an upper case.",
    ),
)  # fmt: skip


def _default_traction(mode: str, region: str) -> str:
    """Traction assumed when a rail link does not say: electric in China, else diesel."""
    if mode != "rail":
        return ""
    return "electric" if region == "CN" else "diesel"


def intensity(mode: str, traction: str | None = None, country: str | None = None) -> EmissionFactor:
    """The WTW factor for a mode, traction and country (country row, else ``*``).

    ``traction`` None or ``""`` means unknown: rail then counts as electric in China and
    diesel elsewhere; road is diesel; ships have no traction.

    Raises
    ------
    InputError
        An unknown mode or traction, or a combination the table does not have.

    Examples
    --------
    >>> intensity("rail", "electric", "KZ").wtw_g_tkm
    31.2
    >>> intensity("rail", None, "CN").traction
    'electric'
    """
    if mode not in MODES:
        msg = f"unknown mode {mode!r}; choose from {list(MODES)}"
        raise InputError(msg)
    tr = traction or ""
    if tr not in TRACTIONS:
        msg = f"unknown traction {traction!r}; choose from {list(TRACTIONS)}"
        raise InputError(msg)
    region = (country or "*").upper()
    if mode == "road" and tr == "":
        tr = "diesel"
    for reg in (region, "*"):
        t = tr or _default_traction(mode, reg)
        for f in FACTORS:
            if f.mode == mode and f.traction == t and f.region == reg:
                return f
    msg = f"no emission factor for mode {mode!r} with traction {traction!r}"
    raise InputError(msg)


def leg_co2e_kg(
    mode: str,
    km: float,
    *,
    traction: str | None = None,
    country: str | None = None,
    unit: str = "teu",
    payload_t_teu: float = PAYLOAD_T_TEU,
) -> float:
    """kg CO2e (WTW) to move one unit of freight ``km`` kilometres by one mode.

    ``unit`` is ``teu`` (``payload_t_teu`` tonnes of cargo) or ``tonne``.

    Examples
    --------
    >>> leg_co2e_kg("rail", 1000.0, traction="diesel")  # 1,000 km x 10 t x 34.7 g
    347.0
    >>> round(leg_co2e_kg("road", 100.0, unit="tonne"), 2)
    12.3
    """
    if not km >= 0.0:
        msg = f"km must be >= 0; got {km}"
        raise InputError(msg)
    if unit == "teu":
        tonnes = payload_t_teu
    elif unit == "tonne":
        tonnes = 1.0
    else:
        msg = f"unknown unit {unit!r}; choose from ['teu', 'tonne']"
        raise InputError(msg)
    return intensity(mode, traction, country).wtw_g_tkm * km * tonnes / G_PER_KG


def parameter_rows() -> list[dict[str, str | float]]:
    """The factors as ``parameters.csv`` rows (mode, country, name, value, unit, source, notes).

    ``co2e_g_tkm`` is the factor for unknown traction (the compiler's default); rail adds
    ``co2e_g_tkm_electric`` and ``co2e_g_tkm_diesel`` for links whose ``traction`` says.
    """
    rows: list[dict[str, str | float]] = []
    regions = sorted({f.region for f in FACTORS}, key=lambda r: (r != "*", r))
    for mode in MODES:
        for reg in regions:
            names: list[tuple[str, EmissionFactor]] = []
            own = [f for f in FACTORS if f.mode == mode and f.region == reg]
            if not own:
                continue
            default = intensity(mode, None, reg)
            if default.region == reg:
                names.append(("co2e_g_tkm", default))
            if mode == "rail":
                names += [(f"co2e_g_tkm_{f.traction}", f) for f in own]
            for name, f in names:
                rows.append({
                    "mode": mode, "country": reg, "name": name, "value": f.wtw_g_tkm,
                    "unit": "g CO2e/t-km", "source": f.source, "notes": f.notes,
                })  # fmt: skip
    return rows


__all__ = [
    "EMPTY_TEU_T",
    "FACTORS",
    "PAYLOAD_T_TEU",
    "EmissionFactor",
    "electric_rail_g_tkm",
    "intensity",
    "leg_co2e_kg",
    "parameter_rows",
]
