"""The cost model in the units the trade quotes, and its conversion to corridor's per-TEU-km.

corridor prices a move as ``tariff_usd_teu_km x km`` (parameters.csv), a border as the
crossing's ``fee_usd_teu`` (per direction where the table has directions), a gauge change or
a mode change as its transfers row's ``cost_usd_teu`` (per operation), and waiting as the value
of time x the hours at stops. The trade quotes other units; these functions convert them,
so a rates table can be written in the trade's units and derived into parameters.csv:

- rail: USD per container-km (per FEU-km for a 40-ft box on a platform, the unit of ERAI and
  railway container tariffs) -> ``usd_feu_km / 2`` per TEU-km (FEU = 2 TEU of space);
- trucks: USD per truck-km with an empty-backhaul share and the TEU a truck carries ->
  ``usd_truck_km x (1 + empty_share) / teu_per_truck``;
- sea and ferry: USD per box for a crossing -> per TEU-km over the crossing's km;
- an optional risk/insurance surcharge per country as a share of the line haul.

Rail tariffs taper with distance (distance bands) in the trade; a shortest-path model needs
costs that add up edge by edge, so corridor uses one rate per country and mode and the fit
chooses it for the trip lengths the published prices cover (1,000-6,000 km).
"""

from __future__ import annotations

from corridor.units import TEU_PER_FEU, TEU_PER_TRUCK

SCOPE: dict[str, str] = {
    "CPMM TFI3 (cost per 500 km per 20 t)": (
        "Line haul of a 20 t load over a corridor section, from trip logs: carrier charges, "
        "fuel, tolls and en-route payments; excludes border-crossing costs (TFI2, reported "
        "separately). corridor uses it for tariff_usd_teu_km only, never together with TFI2 "
        "on the same km."
    ),
    "CPMM TFI2 (border-crossing cost)": (
        "Official fees plus informal payments per truck or wagon at one BCP (one side); "
        "corridor's fee_usd_teu is the sum of the two sides / 2 TEU per truck or wagon."
    ),
    "CPMM gauge change (US$329 per operation, Dostyk)": (
        "Transshipment or bogie exchange per wagon; in transfers.csv as US$164.5 per TEU, "
        "not in the crossing fee."
    ),
    "ERAI (UTLC ERA index, USD per FEU)": (
        "KZ, RU and BY rail tariffs on the 1520 stretch Dostyk/Altynkol - Brest, platform "
        "use, terminal, forwarding, agency and customs services; excludes the Chinese leg, "
        "the gauge change at the Chinese border and the EU side. corridor compares it with "
        "the model's line haul + crossings + stops between the same two places."
    ),
    "Forwarder door-to-door quotes (China - Europe, Central Asia - Pakistan)": (
        "All-in: every rail/truck leg, gauge changes, borders, terminal handling and the "
        "forwarder's margin; compared with the model's full route money (cost_usd)."
    ),
    "Pakistan Railways per-wagon fares": (
        "Rail freight only, per wagon (one FEU or two TEU), no port or terminal handling."
    ),
    "Truck trip prices (per truck)": (
        "One loaded trip; the empty return is in the carrier's price (empty-backhaul share); "
        "compared with the model's route money for 2 TEU."
    ),
    "ASCO Caspian ferry tariff (per vehicle, one way)": (
        "The sea crossing of one truck (used for a rail wagon too) on a rail/Ro-Ro ferry; "
        "excludes port handling and the wait for a sailing (transfers.csv) and the port "
        "formalities (crossings.csv). corridor uses it for the ferry tariff_usd_teu_km only."
    ),
    "Road market quotes (data-sources/rates)": (
        "One loaded truck: line_haul quotes (a domestic trip) carry no border cost; all_in "
        "quotes (an international trip) have the border costs the network charges at its "
        "crossings taken out before the rate per km is derived, so borders are counted once. "
        "tools/build_default_network.py derives road tariff_usd_teu_km per country from them "
        "(median; countries without a quote take the median of the quoted ones, basis=proxy), "
        "and the road price quotes in published_figures.csv test the result. The rate is per "
        "truck of 2 TEU: a bulk segment's TEU of capacity pays 2 x t_per_teu_eq / t_per_truck "
        "of it in the flows (corridor.analysis._segments.road_truck_factor)."
    ),
    "Through tariffs (interrail.ru, TITR)": (
        "Origin station fees, every railway's tariff, port charges, feeder or ferry, security "
        "and the forwarder's fee; destination station fees excluded. Compared with the "
        "model's full route money (cost_usd)."
    ),
}
"""What each kind of source's figure includes (so nothing is counted twice)."""


def rail_usd_teu_km(usd_feu_km: float) -> float:
    """Per TEU-km from a rail container rate per FEU-km (a 40-ft box = 2 TEU of space).

    >>> rail_usd_teu_km(1.2)
    0.6
    """
    return usd_feu_km / TEU_PER_FEU


def truck_usd_teu_km(
    usd_truck_km: float, empty_share: float = 0.0, teu_per_truck: float = TEU_PER_TRUCK
) -> float:
    """Per TEU-km from a truck rate per loaded km, an empty-backhaul share and TEU per truck.

    ``empty_share`` is empty km per loaded km that the shipper pays for (0.3 = the truck
    returns empty on 30 % of the distance).

    >>> round(truck_usd_teu_km(1.5, empty_share=0.3), 3)
    0.975
    """
    return usd_truck_km * (1.0 + empty_share) / teu_per_truck


def box_usd_teu_km(usd_per_box: float, km: float, teu_per_box: float = TEU_PER_FEU) -> float:
    """Per TEU-km from a per-box sea or ferry rate over a crossing of ``km``.

    >>> box_usd_teu_km(1000.0, 500.0)
    1.0
    """
    return usd_per_box / teu_per_box / km


def with_risk(usd_teu_km: float, surcharge_share: float) -> float:
    """A line-haul rate with a country's risk/insurance surcharge (share of the rate).

    >>> with_risk(1.0, 0.15)
    1.15
    """
    return usd_teu_km * (1.0 + surcharge_share)
