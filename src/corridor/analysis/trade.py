"""Trade effects: what a change in transport cost and time does to bilateral trade.

Structural gravity with an iceberg trade cost that has a transport factor
``1 + f + t * d`` (freight cost ``f`` as a share of the cargo's value, ``d`` days in transit
at ``t`` per cent ad valorem per day, Hummels & Schaur 2013) times every other trade cost
(tariffs, language, distance beyond transport), which a transport change leaves alone:

    X_after / X_before = ((1 + f1 + t d1) / (1 + f0 + t d0)) ** (-theta)

per commodity segment, ``theta`` the trade elasticity (Head & Mayer 2014 and its range). The
change is partial equilibrium (multilateral resistance held: a corridor that helps one pair
helps its neighbours too, which this does not count). Routes are the best routes between the
two countries' places of the demand table, weighted by its TEU; parameters come from
``corridor/data/economics/trade_parameters.csv``; the answer is a range over the corners of
the parameter box (elasticity, time cost, value per unit), never a point alone.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

from corridor.analysis._segments import Slot, carried_slots
from corridor.analysis.econ_data import Range
from corridor.errors import InputError


@dataclass(frozen=True, slots=True)
class SegmentCost:
    """One segment's share of a pair's trade, its value and time cost, and the transport
    cost and time of its routes before and after (per unit: TEU or t)."""

    segment: str
    share: float
    """Share of the pair's trade value in this segment."""
    value_usd_unit: Range
    time_cost_pct_day: Range
    freight_usd_unit_before: float
    freight_usd_unit_after: float
    days_before: float
    days_after: float

    def ad_valorem(self, *, after: bool, value: float, pct_day: float) -> tuple[float, float]:
        """(freight part, time part) of the transport trade cost, as fractions of value."""
        freight = self.freight_usd_unit_after if after else self.freight_usd_unit_before
        days = self.days_after if after else self.days_before
        return freight / value, days * pct_day / 100.0

    def ratio(self, *, theta: float, value: float, pct_day: float) -> float:
        """X_after / X_before of this segment at one parameter point."""
        f0, t0 = self.ad_valorem(after=False, value=value, pct_day=pct_day)
        f1, t1 = self.ad_valorem(after=True, value=value, pct_day=pct_day)
        return float(((1.0 + f1 + t1) / (1.0 + f0 + t0)) ** (-theta))

    def to_dict(self) -> dict[str, Any]:
        """JSON form with the central ad-valorem parts before and after."""
        v, p = self.value_usd_unit.central, self.time_cost_pct_day.central
        f0, t0 = self.ad_valorem(after=False, value=v, pct_day=p)
        f1, t1 = self.ad_valorem(after=True, value=v, pct_day=p)
        return {
            "segment": self.segment,
            "share": self.share,
            "value_usd_unit": self.value_usd_unit.to_dict(),
            "time_cost_pct_day": self.time_cost_pct_day.to_dict(),
            "freight_usd_unit_before": self.freight_usd_unit_before,
            "freight_usd_unit_after": self.freight_usd_unit_after,
            "days_before": self.days_before,
            "days_after": self.days_after,
            "freight_pct_before": 100 * f0,
            "freight_pct_after": 100 * f1,
            "time_pct_before": 100 * t0,
            "time_pct_after": 100 * t1,
        }


def trade_change(baseline_usd_m: float, segments: list[SegmentCost], theta: Range) -> Range:
    """Change in the pair's trade (US$ m per year): central at the central parameters, low and
    high the extremes over the corners of the parameter box (elasticity, time cost per day,
    value per unit; each segment's parameters move together).

    Examples
    --------
    >>> seg = SegmentCost("c", 1.0, Range.point(100.0), Range.point(1.0), 20, 20, 10, 5)
    >>> r = trade_change(100.0, [seg], Range(4, 5, 6))  # transport cost 1.30 -> 1.25
    >>> round(r.central, 2), r.low < r.central < r.high
    (21.67, True)
    """
    if not baseline_usd_m >= 0:
        msg = f"baseline trade must be >= 0, got {baseline_usd_m}"
        raise InputError(msg)

    def at(th: float, which: tuple[str, str]) -> float:
        total = 0.0
        for s in segments:
            v = getattr(s.value_usd_unit, which[0])
            p = getattr(s.time_cost_pct_day, which[1])
            total += s.share * (s.ratio(theta=th, value=v, pct_day=p) - 1.0)
        return baseline_usd_m * total

    central = at(theta.central, ("central", "central"))
    corners = [
        at(th, (v, p))
        for th, v, p in itertools.product((theta.low, theta.high), ("low", "high"), ("low", "high"))
    ]
    return Range(min(*corners, central), central, max(*corners, central))


@dataclass(frozen=True, slots=True)
class Direction:
    """One direction of a pair: its baseline trade and segments."""

    exporter: str
    importer: str
    baseline_usd_m: float
    basis: str
    """Whose statistics the value is (national: exporter's; mirror: partner's)."""
    fact: str
    """Id of the trade-base fact (data-sources/trade/flows.csv)."""
    year: int | None
    segments: tuple[SegmentCost, ...]
    places: int
    """Place pairs whose routes are averaged."""

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {
            "exporter": self.exporter,
            "importer": self.importer,
            "baseline_usd_m": self.baseline_usd_m,
            "basis": self.basis,
            "fact": self.fact,
            "year": self.year,
            "place_pairs": self.places,
            "segments": [s.to_dict() for s in self.segments],
        }


@dataclass(frozen=True, slots=True)
class Target:
    """A stated bilateral trade target (US$ m a year), sourced."""

    a: str
    b: str
    low_usd_m: float
    high_usd_m: float
    by_year: int | None
    stated_baseline_usd_m: float | None
    stated_baseline_year: int | None
    source: str
    notes: str


@dataclass(frozen=True, slots=True)
class PairEffect:
    """The trade effect of a scenario on one country pair."""

    a: str
    b: str
    directions: tuple[Direction, ...]
    change_usd_m: Range
    target: Target | None

    @property
    def baseline_usd_m(self) -> float:
        """Both directions' trade (US$ m a year)."""
        return sum(d.baseline_usd_m for d in self.directions)

    def target_share(self) -> Range | None:
        """Share of the gap from the baseline to the (lower) target the change would close."""
        if self.target is None:
            return None
        gap = self.target.low_usd_m - self.baseline_usd_m
        if gap <= 0:
            return None
        c = self.change_usd_m
        return Range(c.low / gap, c.central / gap, c.high / gap)

    def summary(self) -> dict[str, float]:
        """Trade-weighted central ad-valorem parts before/after over carried segments."""
        keys = ("freight_pct", "time_pct", "days")
        acc = dict.fromkeys([f"{k}_{w}" for k in keys for w in ("before", "after")], 0.0)
        total = 0.0
        for d in self.directions:
            for s in d.segments:
                w = d.baseline_usd_m * s.share
                row = s.to_dict()
                for k in acc:
                    acc[k] += w * float(row[k])
                total += w
        return {k: v / total for k, v in acc.items()} if total > 0 else acc

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        share = self.target_share()
        t = self.target
        c = self.change_usd_m
        base = self.baseline_usd_m
        return {
            "pair": f"{self.a}:{self.b}",
            "baseline_usd_m": base,
            "directions": [d.to_dict() for d in self.directions],
            "transport_cost": self.summary(),
            "change_usd_m": c.to_dict(),
            "change_pct": None if base <= 0 else c.scaled(100 / base).to_dict(),
            "target": None
            if t is None
            else {
                "low_usd_m": t.low_usd_m,
                "high_usd_m": t.high_usd_m,
                "by_year": t.by_year,
                "stated_baseline_usd_m": t.stated_baseline_usd_m,
                "stated_baseline_year": t.stated_baseline_year,
                "source": t.source,
                "notes": t.notes,
                "gap_usd_m": t.low_usd_m - base,
            },
            "target_share_closed": None if share is None else share.to_dict(),
        }


@dataclass(frozen=True, slots=True)
class TradeEffects:
    """Trade effects of a scenario (or none: the baseline) on country pairs."""

    scenario: str | None
    date: str | None
    network_as_of: str | None
    trade_base: str
    """Which trade base the baselines come from."""
    theta: Range
    pairs: tuple[PairEffect, ...]
    parameters: tuple[dict[str, Any], ...]

    def to_dict(self) -> dict[str, Any]:
        """The stable JSON form (``corridor trade --json``)."""
        return {
            "scenario": self.scenario,
            "date": self.date,
            "network_as_of": self.network_as_of,
            "trade_base": self.trade_base,
            "trade_elasticity": self.theta.to_dict(),
            "pairs": [p.to_dict() for p in self.pairs],
            "parameters": list(self.parameters),
        }


@dataclass(frozen=True, slots=True)
class TradeRequest:
    """Which pairs, network, day and scenario ``trade_effects`` answers for."""

    pairs: tuple[tuple[str, str], ...] = ()
    """Country pairs (ISO codes); default: the pairs with a stated target."""
    scenario: str | None = None
    network: str | None = None
    date: str | None = None


def parse_pairs(texts: list[str] | tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """``["KZ:PK", "uz:pk"]`` -> (("KZ", "PK"), ("UZ", "PK")); a bad pair is an InputError."""
    out = []
    for t in texts:
        for item in (x.strip() for x in t.split(",")):
            a, sep, b = item.partition(":")
            if not sep or len(a.strip()) != 2 or len(b.strip()) != 2 or a.strip() == b.strip():
                msg = f"--pair: {item!r} is not two different country codes like KZ:PK"
                raise InputError(msg)
            out.append((a.strip().upper(), b.strip().upper()))
    return tuple(out)


def read_targets(path: str | None = None) -> dict[frozenset[str], Target]:
    """The stated trade targets by (unordered) country pair."""
    from corridor.analysis.econ_data import ECONOMICS, _number
    from corridor.data import path as data_path
    from corridor.io.csv_tables import LINE, read_raw_table

    p = path or data_path(f"{ECONOMICS}/trade_targets.csv")
    raw = read_raw_table(p)  # type: ignore[arg-type]
    out = {}
    for r in raw.to_dict("records"):
        where = f"{p} line {r[LINE]}"

        def num(col: str, r: dict[Any, Any] = r, where: str = where) -> float | None:
            return _number(r[col], where, col) if r[col] else None

        low, high = num("target_low_usd_m"), num("target_high_usd_m")
        if low is None or high is None or not 0 < low <= high:
            msg = f"{where}: need 0 < target_low_usd_m <= target_high_usd_m"
            raise InputError(msg)
        by, sb, sy = num("by_year"), num("stated_baseline_usd_m"), num("stated_baseline_year")
        out[frozenset((r["country_a"], r["country_b"]))] = Target(
            str(r["country_a"]),
            str(r["country_b"]),
            low,
            high,
            None if by is None else int(by),
            sb,
            None if sy is None else int(sy),
            str(r["source"]),
            str(r["notes"]),
        )
    return out


def trade_effects(req: TradeRequest) -> TradeEffects:
    """Trade effects of ``req.scenario`` on country pairs over the network of the day (see
    the module docstring); without a scenario, the baseline costs and a zero change.

    Raises
    ------
    InputError
        For a country without places in the network, or a pair with no route.
    """
    from corridor import demand
    from corridor.analysis.econ_data import trade_parameters
    from corridor.day import load
    from corridor.graph.compiler import compile as compile_graph
    from corridor.scenarios import load_scenario

    params = trade_parameters()
    targets = read_targets()
    pairs = req.pairs or tuple((t.a, t.b) for t in targets.values())
    sc = load_scenario(req.scenario) if req.scenario is not None else None
    folder = req.network if req.network is not None else (sc.network if sc else None)
    plain = load(folder, date=req.date)
    g0 = compile_graph(plain)
    g1 = compile_graph(load(folder, date=req.date, scenario=sc)) if sc is not None else g0
    base = demand.trade_base()
    segs = demand.segments().set_index("id")
    slots = carried_slots()
    routes = _PairRoutes.build(g0, g1, plain, pairs, slots)
    effects = []
    for a, b in pairs:
        dirs = tuple(
            _direction(x, y, base, segs, routes, params, slots) for x, y in ((a, b), (b, a))
        )
        ranges = [
            trade_change(d.baseline_usd_m, list(d.segments), params["trade_elasticity"].value)
            for d in dirs
        ]
        total = Range(*(sum(getattr(r, k) for r in ranges) for k in ("low", "central", "high")))
        effects.append(PairEffect(a, b, dirs, total, targets.get(frozenset((a, b)))))
    return TradeEffects(
        scenario=None if sc is None else sc.id,
        date=None if plain.date is None else plain.date.isoformat(),
        network_as_of=None if plain.as_of is None else plain.as_of.isoformat(),
        trade_base="corridor.demand.trade_base() (data-sources/trade, picked per direction)",
        theta=params["trade_elasticity"].value,
        pairs=tuple(effects),
        parameters=tuple(p.to_dict() for p in params.numbers.values()),
    )


@dataclass(frozen=True, slots=True)
class _PairRoutes:
    """Mean freight cost (US$ per TEU slot) and days of each direction's place pairs for
    each segment's objective (generalised cost at the segment's value of time), before and
    after."""

    cost_before: dict[tuple[str, str, str], float]
    cost_after: dict[tuple[str, str, str], float]
    days_before: dict[tuple[str, str, str], float]
    days_after: dict[tuple[str, str, str], float]
    places: dict[tuple[str, str], int]

    @classmethod
    def build(
        cls,
        g0: Any,
        g1: Any,
        network: Any,
        pairs: tuple[tuple[str, str], ...],
        slots: dict[str, Slot],
    ) -> _PairRoutes:
        import numpy as np

        from corridor.analysis._graph_view import objective_cost, view
        from corridor.analysis.hubs import _route_all
        from corridor.analysis.od import ODSet

        place_pairs, owner = _place_pairs(g0, network, pairs)
        ids = {pid: i for i, pid in enumerate(g0.labels.node_ids)}
        od = ODSet(
            orig=np.array([ids[o] for o, _, _ in place_pairs], dtype=np.int64),
            dest=np.array([ids[d] for _, d, _ in place_pairs], dtype=np.int64),
            weight=np.array([w for _, _, w in place_pairs], dtype=np.float64),
            weighted=True,
            label="trade pairs",
        )
        every = np.arange(od.n_pairs)
        out: dict[str, dict[tuple[str, str, str], float]] = {
            k: {} for k in ("cb", "ca", "db", "da")
        }
        places: dict[tuple[str, str], int] = {}
        for seg, slot in slots.items():
            vot = slot.vot_usd_teu_h
            r0 = _route_all(
                view(g0), objective_cost(g0, "generalised", value_of_time_usd_teu_h=vot), od, every
            )
            r1 = _route_all(
                view(g1), objective_cost(g1, "generalised", value_of_time_usd_teu_h=vot), od, every
            )
            for key in sorted(set(owner)):
                idx = np.array([i for i, k in enumerate(owner) if k == key], dtype=np.int64)
                ok = np.isfinite(r0.cost_usd[idx]) & np.isfinite(r1.cost_usd[idx])
                if not ok.any():
                    msg = f"no route from {key[0]} to {key[1]} before and after on this day"
                    raise InputError(msg)
                sel = idx[ok]
                w = od.weight[sel] / od.weight[sel].sum()
                k3 = (*key, seg)
                out["cb"][k3] = float(r0.cost_usd[sel] @ w)
                out["ca"][k3] = float(r1.cost_usd[sel] @ w)
                out["db"][k3] = float(r0.time_h[sel] @ w) / 24
                out["da"][k3] = float(r1.time_h[sel] @ w) / 24
                places[key] = int(ok.sum())
        return cls(out["cb"], out["ca"], out["db"], out["da"], places)


def _place_pairs(
    graph: Any, network: Any, pairs: tuple[tuple[str, str], ...]
) -> tuple[list[tuple[str, str, float]], list[tuple[str, str]]]:
    """Place pairs of each direction, weighted by the region demand's TEU (every pair of the
    shipped OD places of the two countries, weight 1, where the demand has none)."""
    from corridor.analysis.od import DEFAULT_DEMAND, default_places
    from corridor.data import path as data_path
    from corridor.io.demand_csv import read_demand_csv

    country = dict(zip(network.nodes["id"], network.nodes["country"], strict=True))
    have = set(graph.labels.node_ids)
    dem = read_demand_csv(data_path(DEFAULT_DEMAND))
    od_places = default_places(graph.labels.node_ids)
    out: list[tuple[str, str, float]] = []
    owner: list[tuple[str, str]] = []
    for a, b in pairs:
        for x, y in ((a, b), (b, a)):
            rows = [
                (str(o), str(d), float(t))
                for o, d, t in zip(dem["origin"], dem["destination"], dem["teu_year"], strict=True)
                if country.get(o) == x and country.get(d) == y and o in have and d in have
            ]
            if not rows or sum(r[2] for r in rows) <= 0:
                px = [p for p in od_places if country.get(p) == x]
                py = [p for p in od_places if country.get(p) == y]
                if not px or not py:
                    missing = x if not px else y
                    msg = f"--pair {a}:{b}: the network has no place in {missing}"
                    raise InputError(msg)
                rows = [(o, d, 1.0) for o in px for d in py]
            out.extend(rows)
            owner.extend([(x, y)] * len(rows))
    return out, owner


def _direction(
    x: str, y: str, base: Any, segs: Any, routes: _PairRoutes, params: Any, slots: dict[str, Slot]
) -> Direction:
    rows = base[(base["exporter"] == x) & (base["importer"] == y) & (base["via"] == "")]
    total = float(rows["value_usd_m"].sum())
    value_teu = params["value_usd_teu"].value
    pct = params["time_cost_pct_day"].value
    out = []
    for r in rows.to_dict("records"):
        seg = str(r["segment"])
        if seg not in slots or total <= 0:
            continue
        v_t = float(segs.at[seg, "value_usd_t"])
        if seg == "container":  # the box value range of trade_parameters.csv, per tonne
            value = value_teu.scaled(v_t / value_teu.central)
            time_pct = pct
        else:
            value = Range.point(v_t)
            time_pct = Range.point(float(segs.at[seg, "time_cost_pct_day"]))
        key = (x, y, seg)
        per_t = 1.0 / slots[seg].t_per_slot
        out.append(
            SegmentCost(
                segment=seg,
                share=float(r["value_usd_m"]) / total,
                value_usd_unit=value,
                time_cost_pct_day=time_pct,
                freight_usd_unit_before=routes.cost_before[key] * per_t,
                freight_usd_unit_after=routes.cost_after[key] * per_t,
                days_before=routes.days_before[key],
                days_after=routes.days_after[key],
            )
        )
    first = rows.iloc[0] if len(rows) else None
    return Direction(
        exporter=x,
        importer=y,
        baseline_usd_m=total,
        basis="" if first is None else str(first["value_basis"]),
        fact="" if first is None else str(first["value_fact"]),
        year=None if first is None else int(first["year"]),
        segments=tuple(out),
        places=routes.places.get((x, y), 0),
    )
