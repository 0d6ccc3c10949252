"""Fit the free rate parameters (line-haul tariffs and speeds) to published prices and times.

The free parameters are log-multipliers on the network's ``tariff_usd_teu_km`` and
``speed_kmh`` rows, one per group of (mode, countries). For fixed routes the model value of a
figure is linear in the multipliers' exponentials: money = stops + sum over groups of
(line haul in the group) x exp(theta), hours = stops + sum of (moving hours in the group) x
exp(-phi). The fit minimises the robust (soft-L1) sum of squared log deviations over the
``fit`` split (zero inside a published range), weighted by confidence, plus a weak prior
pulling each log-multiplier to 0 (so a group no figure touches stays put); routes are then
recomputed on the fitted network and the fit repeated until they settle.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from corridor.network.model import Network
from corridor.results.route import Route

from .evaluate import KNOWN_DATA_ISSUES, PER_UNIT_TEU, deviation_log, evaluate, records
from .figures import FITTED_KINDS, load_figures

Group = tuple[str, tuple[str, ...] | None]
"""(mode, countries) - ``None`` countries: every country no other group of the mode names."""

TARIFF_GROUPS: dict[str, Group] = {
    "rail_cn": ("rail", ("CN",)),
    "rail_1520": ("rail", ("KZ", "RU", "BY", "UZ", "TM", "AZ", "GE", "AF", "KG", "TJ")),
    "rail_pk": ("rail", ("PK",)),
    "rail_other": ("rail", None),
    "sea": ("sea", None),
}
"""Tariff multiplier groups for the shipped network (1520 railways priced alike). Road and
ferry tariffs are not fitted: road rates are market quotes per country (data-sources/rates,
issue 15 item 4) and the ferry rate the published ASCO tariff (data-sources/parameters/
v3_ports.csv); the published figures test them instead (corridor.calibration.rates)."""
SPEED_GROUPS: dict[str, Group] = {
    "rail_cn": ("rail", ("CN",)),
    "rail_kz_ru_by": ("rail", ("KZ", "RU", "BY")),
    "rail_uz": ("rail", ("UZ",)),
    "rail_pk": ("rail", ("PK",)),
    "rail_tm_ir_af": ("rail", ("TM", "IR", "AF")),
    "rail_other": ("rail", None),
    "road": ("road", None),
}
"""Speed multiplier groups (ferries and sea legs keep their own link speeds)."""
SPEED_RANGE = 1.5
"""A fitted running speed stays within x/÷ 1.5 of its sourced base value: a published trip
time further off is waiting (yards, transhipment, ports, train formation) that the model
carries as dwell or lacks, not slower running; the misfit is left as a residual."""
MEASURED_MOVING_SPEED = ("rail_uz", "road")
"""Groups whose base speeds are measured CPMM 'speeds without delay' (rail UZ 13.1 km/h; road
KZ/UZ/PK/AF and the CAREC average): the model cannot run slower than the measured moving
speed, so their multiplier is at least 1."""
TARIFF_RANGE = 4.0
"""A fitted tariff stays within x/÷ 4 of its base (CPMM or a proxy)."""


def log_bounds(
    names_t: Sequence[str],
    names_s: Sequence[str],
    floors: Sequence[str] = MEASURED_MOVING_SPEED,
) -> tuple[np.ndarray, np.ndarray]:
    """Lower and upper bounds of the log-multipliers (tariffs first, then speeds).

    >>> lo, hi = log_bounds(["rail_cn"], ["rail_uz", "rail_cn"])
    >>> [round(float(x), 3) for x in lo], [round(float(x), 3) for x in hi]
    ([-1.386, 0.0, -0.405], [1.386, 0.405, 0.405])
    """
    t, v = math.log(TARIFF_RANGE), math.log(SPEED_RANGE)
    lo = [-t] * len(names_t) + [0.0 if g in floors else -v for g in names_s]
    hi = [t] * len(names_t) + [v] * len(names_s)
    return np.array(lo), np.array(hi)


CONFIDENCE_WEIGHT = {"high": 1.0, "medium": 0.75, "low": 0.5}
PRIOR_WEIGHT = 0.1
"""Weight of the prior residual on each log-multiplier (a 1.0 log change costs like a
tenth of a log unit of misfit on one high-confidence figure). 0.25 until Network v2: it held
the Chinese rail tariff against the three China - Europe prices (Xi'an - Duisburg came out
at US$9,000/FEU, above the 2023-25 market band); at 0.1 the held-out error is also lower
(0.172 -> 0.164 median |log ratio|)."""


def group_of(mode: str, country: str, groups: Mapping[str, Group]) -> str | None:
    """The group a (mode, country) belongs to: a group naming the country first, then ``None``.

    >>> group_of("rail", "KZ", TARIFF_GROUPS), group_of("rail", "IR", TARIFF_GROUPS)
    ('rail_1520', 'rail_other')
    """
    for name, (m, countries) in groups.items():
        if m == mode and countries is not None and country in countries:
            return name
    for name, (m, countries) in groups.items():
        if m == mode and countries is None:
            return name
    return None


@dataclass(frozen=True, slots=True)
class _Row:
    """One fit figure decomposed along its route."""

    id: str
    kind: str
    value: float
    low: float
    high: float
    weight: float
    per_unit: float
    fixed: float
    parts: dict[str, float]
    km: float


def _decompose(
    fig: Mapping[str, object], route: Route, tariff: Mapping[str, Group], speed: Mapping[str, Group]
) -> _Row:
    kind = str(fig["kind"])
    moving_only = fig["measure"] in ("moving", "line_haul")
    fixed = 0.0
    parts: dict[str, float] = {}
    for leg in route.legs:
        mode = str(leg.mode)
        if kind == "price":
            g = group_of(mode, leg.country, tariff) if leg.kind == "move" else None
            amount = leg.cost_usd
            if leg.kind != "move" and moving_only:
                continue
        else:
            g = group_of(mode, leg.country, speed) if leg.kind == "move" else None
            amount = leg.time_h
            if leg.kind != "move" and moving_only:
                continue
        if g is None:
            fixed += amount
        else:
            parts[g] = parts.get(g, 0.0) + amount
    per_unit = PER_UNIT_TEU.get(str(fig["unit"]), 1.0)
    if kind == "time" and fig["unit"] == "days":
        per_unit = 1.0 / 24.0
    return _Row(
        id=str(fig["id"]),
        kind=kind,
        value=float(fig["value"]),  # type: ignore[arg-type]
        low=float(fig["low"]),  # type: ignore[arg-type]
        high=float(fig["high"]),  # type: ignore[arg-type]
        weight=CONFIDENCE_WEIGHT[str(fig["confidence"])],
        per_unit=per_unit,
        fixed=fixed,
        parts=parts,
        km=route.totals.distance_km,
    )


def _model(row: _Row, theta: Mapping[str, float], phi: Mapping[str, float]) -> float:
    if row.kind == "price":
        money = row.fixed + sum(v * math.exp(theta.get(g, 0.0)) for g, v in row.parts.items())
        return money * row.per_unit
    hours = row.fixed + sum(v * math.exp(-phi.get(g, 0.0)) for g, v in row.parts.items())
    if row.kind == "speed":
        return row.km / hours
    return hours * row.per_unit


@dataclass(frozen=True, slots=True)
class FitResult:
    """Fitted log-multipliers (relative to the starting network), residuals and errors."""

    tariff: dict[str, float]
    speed: dict[str, float]
    residuals: pd.DataFrame
    """Per figure: id, kind, split, value, model_before, model_after, deviation_before,
    deviation_after (log)."""
    holdout_error_before: float
    holdout_error_after: float
    """Median |log deviation| of the held-out price/time/speed figures."""
    fit_error_before: float
    fit_error_after: float
    n_fit: int
    n_holdout: int
    network: Network
    """The starting network with the fitted parameters applied."""

    def multipliers(self) -> pd.DataFrame:
        """One row per parameter group: name, kind (tariff/speed), multiplier."""
        rows = [
            {"parameter": "tariff_usd_teu_km", "group": g, "multiplier": math.exp(v)}
            for g, v in self.tariff.items()
        ] + [
            {"parameter": "speed_kmh", "group": g, "multiplier": math.exp(v)}
            for g, v in self.speed.items()
        ]
        return pd.DataFrame(rows)


def _countries_by_mode(network: Network) -> dict[str, set[str]]:
    country = dict(zip(network.nodes["id"], network.nodes["country"], strict=True))
    out: dict[str, set[str]] = {}
    for a, b, m in zip(
        network.links["from"], network.links["to"], network.links["mode"], strict=True
    ):
        out.setdefault(str(m), set()).update((country[a], country[b]))
    return out


def _lookup(params: pd.DataFrame, mode: str, country: str, name: str) -> float | None:
    for m, c in ((mode, country), (mode, "*"), ("*", country), ("*", "*")):
        hit = params[(params["mode"] == m) & (params["country"] == c) & (params["name"] == name)]
        if not hit.empty:
            return float(hit["value"].iloc[0])
    return None


def scaled_parameters(
    network: Network,
    multipliers: Mapping[str, float],
    groups: Mapping[str, Group],
    name: str,
) -> pd.DataFrame:
    """Explicit parameter rows (mode, country, name, value) = current value x multiplier.

    Every country of a group (and ``*`` for a ``None`` group) gets its own row, so the
    result does not depend on which fallback row the network had.
    """
    by_mode = _countries_by_mode(network)
    rows = []
    for g, (mode, countries) in groups.items():
        m = multipliers.get(g, 1.0)
        members = sorted(c for c in by_mode.get(mode, set()) if group_of(mode, c, groups) == g) + (
            [] if countries is not None else ["*"]
        )
        for c in members:
            base = _lookup(network.parameters, mode, c, name)
            if base is None:
                continue
            rows.append({"mode": mode, "country": c, "name": name, "value": base * m, "group": g})
    return pd.DataFrame(rows)


def apply_parameters(network: Network, table: pd.DataFrame) -> Network:
    """The network with these (mode, country, name, value) rows replacing or adding rows.

    Other columns of ``table`` (unit, source, basis, year, notes) are carried when present,
    converted to the dtype of the network's column (a ``year`` read as text goes into the
    float ``year`` column as a number; an empty cell as NaN).
    """
    params = network.parameters.copy()
    key = params["mode"] + "|" + params["country"] + "|" + params["name"]
    new_rows = []
    for row in table.to_dict("records"):
        k = f"{row['mode']}|{row['country']}|{row['name']}"
        hit = key == k
        if hit.any():
            for col in ("value", "source", "notes", "basis", "year"):
                if col in row and col in params.columns:
                    params.loc[hit, col] = _cell(params[col], row[col])
        else:
            new_rows.append({c: _cell(params[c], row.get(c, "")) for c in params.columns})
    if new_rows:
        added = pd.DataFrame(new_rows).astype(params.dtypes.to_dict())
        params = pd.concat([params, added], ignore_index=True)
    params["value"] = params["value"].astype(float)
    return network.replace(parameters=params)


def _cell(column: pd.Series, value: object) -> float | str:
    """``value`` as ``column`` holds it: a float (NaN if empty) in a numeric column, else text."""
    if pd.api.types.is_numeric_dtype(column.dtype):
        return float(pd.to_numeric(pd.Series([value]), errors="coerce").iloc[0])
    return "" if value is None or (isinstance(value, float) and math.isnan(value)) else str(value)


def _with(
    network: Network,
    theta: Mapping[str, float],
    phi: Mapping[str, float],
    tariff: Mapping[str, Group],
    speed: Mapping[str, Group],
) -> Network:
    t = scaled_parameters(
        network, {g: math.exp(v) for g, v in theta.items()}, tariff, "tariff_usd_teu_km"
    )
    s = scaled_parameters(network, {g: math.exp(v) for g, v in phi.items()}, speed, "speed_kmh")
    return apply_parameters(network, pd.concat([t, s], ignore_index=True))


def _solve(
    rows: Sequence[_Row],
    names_t: list[str],
    names_s: list[str],
    theta0: np.ndarray,
    prior0: np.ndarray,
    prior_weight: float,
    floors: Sequence[str] = MEASURED_MOVING_SPEED,
) -> np.ndarray:
    from scipy.optimize import least_squares

    nt = len(names_t)

    def residuals(x: np.ndarray) -> np.ndarray:
        theta = dict(zip(names_t, x[:nt], strict=True))
        phi = dict(zip(names_s, x[nt:], strict=True))
        res = [
            r.weight * deviation_log(_model(r, theta, phi), r.value, r.low, r.high) for r in rows
        ]
        return np.concatenate([np.array(res), prior_weight * (x + prior0)])

    lo, hi = log_bounds(names_t, names_s, floors)
    lb, ub = lo - prior0, hi - prior0  # the step x moves the running total prior0 + x
    x0 = np.clip(theta0, lb + 1e-9, ub - 1e-9)
    sol = least_squares(
        residuals, x0, loss="soft_l1", f_scale=0.3, method="trf", bounds=(lb - 1e-12, ub + 1e-12)
    )
    return np.asarray(sol.x, dtype=np.float64)


def fit(
    network: Network,
    figures: pd.DataFrame | None = None,
    *,
    tariff_groups: Mapping[str, Group] = TARIFF_GROUPS,
    speed_groups: Mapping[str, Group] = SPEED_GROUPS,
    rounds: int = 3,
    prior_weight: float = PRIOR_WEIGHT,
    speed_floors: Sequence[str] = MEASURED_MOVING_SPEED,
) -> FitResult:
    """Fit tariff and speed multipliers to the ``fit`` split; report residuals and hold-out error.

    Figures listed in ``KNOWN_DATA_ISSUES`` (off for a documented data reason, e.g. an operator
    target that market reports contradict) do not steer the fit; they are still evaluated.

    Examples
    --------
    >>> import corridor
    >>> res = fit(corridor.load(date="undated"), rounds=1)
    >>> bool(res.multipliers()["multiplier"].gt(0).all())
    True
    """
    figs = load_figures() if figures is None else figures
    figs = figs[figs["kind"].isin(FITTED_KINDS)].reset_index(drop=True)
    names_t, names_s = list(tariff_groups), list(speed_groups)
    total = np.zeros(len(names_t) + len(names_s))
    before = evaluate(network, figs)
    current = network
    for _ in range(rounds):
        table = evaluate(current, figs, keep_routes=True)
        use = table[
            (table["status"] != "skipped")
            & (table["split"] == "fit")
            & ~table["id"].isin(list(KNOWN_DATA_ISSUES))
        ]
        rows = [
            _decompose(fig, route, tariff_groups, speed_groups)
            for fig, route in zip(records(use), use["route"], strict=True)
        ]
        step = _solve(
            rows, names_t, names_s, np.zeros_like(total), total, prior_weight, speed_floors
        )
        total = total + step
        current = _with(
            network,
            dict(zip(names_t, total[: len(names_t)], strict=True)),
            dict(zip(names_s, total[len(names_t) :], strict=True)),
            tariff_groups,
            speed_groups,
        )
        if np.max(np.abs(step)) < 1e-4:
            break
    after = evaluate(current, figs)
    res = before[["id", "kind", "split", "value", "unit"]].copy()
    res["model_before"] = before["model"]
    res["model_after"] = after["model"]
    res["deviation_before"] = before["deviation"]
    res["deviation_after"] = after["deviation"]

    def err(table: pd.DataFrame, split: str) -> float:
        d = table[(table["split"] == split) & (table["status"] != "skipped")]["deviation"]
        return float(np.median(np.abs(d))) if len(d) else math.nan

    return FitResult(
        tariff=dict(zip(names_t, total[: len(names_t)].tolist(), strict=True)),
        speed=dict(zip(names_s, total[len(names_t) :].tolist(), strict=True)),
        residuals=res,
        holdout_error_before=err(before, "holdout"),
        holdout_error_after=err(after, "holdout"),
        fit_error_before=err(before, "fit"),
        fit_error_after=err(after, "fit"),
        n_fit=int(((after["split"] == "fit") & (after["status"] != "skipped")).sum()),
        n_holdout=int(((after["split"] == "holdout") & (after["status"] != "skipped")).sum()),
        network=current,
    )


PARAMETER_UNITS = {"tariff_usd_teu_km": "USD/TEU-km", "speed_kmh": "km/h"}


def fitted_parameters(
    start: Network, result: FitResult, *, year: int, figures_label: str
) -> pd.DataFrame:
    """The fitted rows for a parameters source table (``basis=derived``, the fit named as source).

    Columns: mode, country, name, value, unit, source, basis, year, notes.
    """
    out = []
    for name, groups, mult in (
        ("tariff_usd_teu_km", TARIFF_GROUPS, result.tariff),
        ("speed_kmh", SPEED_GROUPS, result.speed),
    ):
        table = scaled_parameters(start, {g: math.exp(v) for g, v in mult.items()}, groups, name)
        for row in table.to_dict("records"):
            m = math.exp(mult.get(row["group"], 0.0))
            if abs(m - 1.0) < 1e-6:
                continue
            base = row["value"] / m
            out.append(
                {
                    "mode": row["mode"],
                    "country": row["country"],
                    "name": name,
                    "value": round(float(row["value"]), 4),
                    "unit": PARAMETER_UNITS[name],
                    "source": (
                        f"corridor calibration fit (tools/calibrate.py --write, robust least squares "
                        f"on log ratios) to {result.n_fit} published figures in {figures_label}"
                    ),
                    "basis": "derived",
                    "year": year,
                    "notes": (
                        f"{base:.4g} (base row, data-sources/parameters/base.csv) x {m:.4f} "
                        f"(group {row['group']}); "
                        f"fit error {result.fit_error_before:.3f} -> {result.fit_error_after:.3f}, "
                        f"hold-out error {result.holdout_error_before:.3f} -> "
                        f"{result.holdout_error_after:.3f} (median |log ratio|)"
                    ),
                }
            )
    return pd.DataFrame(out)


def read_parameters(path: str) -> pd.DataFrame:
    """A parameters source table (CSV) with a float ``value`` column."""
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    table["value"] = table["value"].astype(float)
    return table
