"""Scenarios as files: a YAML list of edits applied to a network, giving a new network.

A scenario names its base network (default: the shipped one) and a list of edits, each a
mapping with one key, the edit's kind:

```yaml
name: KTAP built
description: The planned KTAP lines open.
base: default            # or a network folder, relative to this file
edits:
  - open_links: {links: [af_torghundi__af_herat__rail, af_herat__af_kandahar__rail]}
  - scale_crossings: {countries: PK|AF, dwell: 0.5}
  - close_crossings: {countries: PK|AF}
```

``apply(network, scenario)`` is pure: the result is validated again like any network.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from corridor.data import path as data_path
from corridor.errors import InputError, UnknownIdError
from corridor.io.csv_tables import LINE
from corridor.network.model import Network
from corridor.network.schema import ALL_TABLES, TABLES
from corridor.network.validate import validate_tables


class _Edit(BaseModel):
    model_config = ConfigDict(extra="forbid")


class LinksEdit(_Edit):
    """Links by id."""

    links: list[str] = Field(min_length=1)


class SetStatus(_Edit):
    links: list[str] = Field(min_length=1)
    status: Literal["existing", "under_construction", "planned", "closed"]


class CrossingsEdit(_Edit):
    """Crossings by id, or every crossing between two countries (``PK|AF``)."""

    crossings: list[str] | None = None
    countries: str | None = None
    modes: list[str] | None = None


class ScaleCrossings(CrossingsEdit):
    dwell: float = Field(default=1.0, ge=0)
    fee: float = Field(default=1.0, ge=0)
    capacity: float = Field(default=1.0, gt=0)


class CloseCountry(_Edit):
    country: str = Field(min_length=2, max_length=2)


class SetParameter(_Edit):
    mode: str = "*"
    country: str = "*"
    name: str
    value: float
    unit: str = ""
    source: str = "scenario"


class ScaleTransfers(_Edit):
    node: str | None = None
    kind: Literal["gauge", "mode", "all"] = "all"
    time: float = Field(default=1.0, ge=0)
    cost: float = Field(default=1.0, ge=0)


class AddRows(_Edit):
    model_config = ConfigDict(extra="forbid")
    rows: list[dict[str, Any]] = Field(min_length=1)


EDITS: dict[str, type[_Edit]] = {
    "open_links": LinksEdit,
    "close_links": LinksEdit,
    "set_status": SetStatus,
    "close_crossings": CrossingsEdit,
    "open_crossings": CrossingsEdit,
    "close_country": CloseCountry,
    "scale_crossings": ScaleCrossings,
    "set_parameter": SetParameter,
    "scale_transfers": ScaleTransfers,
    "add_nodes": AddRows,
    "add_links": AddRows,
    "add_crossings": AddRows,
    "add_transfers": AddRows,
}


class ScenarioFile(BaseModel):
    """The YAML document."""

    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1)
    description: str = ""
    source: str = ""
    base: str = "default"
    edits: list[dict[str, Any]] = Field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Scenario:
    """A parsed, checked scenario."""

    name: str
    description: str
    source: str
    base: Path
    edits: tuple[tuple[str, _Edit], ...]
    path: str


def shipped() -> list[str]:
    """Names of the scenarios that ship with corridor."""
    return sorted(p.stem for p in data_path("scenarios").glob("*.yaml"))


def resolve(name_or_path: str | Path) -> Path:
    """A scenario file: a path, or the name of a shipped scenario."""
    p = Path(name_or_path)
    if p.suffix in (".yaml", ".yml") or p.exists():
        if not p.is_file():
            msg = f"{p}: scenario file not found"
            raise InputError(msg)
        return p
    candidate = data_path("scenarios") / f"{name_or_path}.yaml"
    if candidate.is_file():
        return candidate
    msg = f"unknown scenario {str(name_or_path)!r}; shipped scenarios: {shipped()} (or give a .yaml path)"
    raise UnknownIdError(msg)


def load_scenario(name_or_path: str | Path) -> Scenario:
    """Read and check a scenario file (its edits' shapes; ids are checked on apply)."""
    path = resolve(name_or_path)
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        msg = f"{path}{where}: not valid YAML ({problem})"
        raise InputError(msg) from None
    except (OSError, UnicodeDecodeError) as exc:
        msg = f"{path}: cannot read ({exc})"
        raise InputError(msg) from None
    if not isinstance(doc, dict):
        msg = f"{path}: a scenario is a mapping with name, description, base and edits"
        raise InputError(msg)
    try:
        top = ScenarioFile.model_validate(doc)
    except ValidationError as exc:
        raise InputError(f"{path}: {_first_error(exc)}") from None
    edits: list[tuple[str, _Edit]] = []
    for i, raw in enumerate(top.edits):
        where = f"{path}: edits[{i}]"
        if not isinstance(raw, dict) or len(raw) != 1:
            msg = f"{where}: each edit is a mapping with one key, one of {sorted(EDITS)}"
            raise InputError(msg)
        ((kind, body),) = raw.items()
        model = EDITS.get(kind)
        if model is None:
            msg = f"{where}: unknown edit {kind!r}; choose from {sorted(EDITS)}"
            raise InputError(msg)
        if model is AddRows and isinstance(body, list):
            body = {"rows": body}
        try:
            edits.append((kind, model.model_validate(body if body is not None else {})))
        except ValidationError as exc:
            raise InputError(f"{where}.{kind}: {_first_error(exc)}") from None
    base = data_path("network") if top.base == "default" else (path.parent / top.base)
    return Scenario(
        name=top.name,
        description=top.description,
        source=top.source,
        base=base,
        edits=tuple(edits),
        path=str(path),
    )


def _first_error(exc: ValidationError) -> str:
    err = exc.errors()[0]
    loc = ".".join(str(x) for x in err["loc"]) or "(top)"
    return f"{loc}: {err['msg']}"


def apply(network: Network, scenario: Scenario) -> Network:
    """The network with the scenario's edits applied (validated again; the input is untouched).

    Examples
    --------
    >>> import corridor
    >>> from corridor.scenarios import apply, load_scenario
    >>> built = apply(corridor.load(), load_scenario("ktap_built"))
    >>> rail = corridor.RouteOptions(modes=("rail",))
    >>> r = corridor.route(built, "almaty", "karachi", options=rail, by="cost")
    >>> "af_herat" in r.vertices
    True
    """
    tables = {name: getattr(network, name).copy() for name in ALL_TABLES}
    for i, (kind, edit) in enumerate(scenario.edits):
        where = f"{scenario.path}: edits[{i}].{kind}"
        _APPLY[kind](tables, edit, where)
    raw = {name: _to_raw(frame) for name, frame in tables.items()}
    label = f"{network.source} + scenario {scenario.name!r}"
    typed, report = validate_tables(raw, Path(label))
    if report.errors:
        msg = f"scenario {scenario.path} makes the network invalid: {report.errors[0]}"
        raise InputError(msg)
    return network.replace(**typed, source=label, warnings=tuple(report.warnings))


def load_with_scenario(scenario: str | Path | None, network: str | Path | None = None) -> Network:
    """The network a command works on: a folder (or the scenario's base) plus the scenario."""
    if scenario is None:
        return Network.from_dir(network if network is not None else data_path("network"))
    sc = load_scenario(scenario)
    base = Network.from_dir(network if network is not None else sc.base)
    return apply(base, sc)


# ---------------------------------------------------------------------------- edits


def _to_raw(frame: pd.DataFrame) -> pd.DataFrame:
    out = pd.DataFrame(index=frame.index)
    for col in frame.columns:
        values = frame[col]
        if values.dtype == bool:
            out[col] = np.where(values.to_numpy(), "true", "false")
        else:
            out[col] = ["" if (isinstance(v, float) and np.isnan(v)) else str(v) for v in values]
    out = out.astype(object).reset_index(drop=True)
    out[LINE] = np.arange(2, len(out) + 2, dtype=np.int64)
    return out


def _need(ids: list[str], have: pd.Series, what: str, where: str) -> None:
    missing = sorted(set(ids) - set(have))
    if missing:
        msg = f"{where}: unknown {what} {missing[:5]}"
        raise UnknownIdError(msg)


def _set_links(status: str) -> Callable[[dict[str, pd.DataFrame], _Edit, str], None]:
    def run(t: dict[str, pd.DataFrame], edit: _Edit, where: str) -> None:
        assert isinstance(edit, LinksEdit)
        _need(edit.links, t["links"]["id"], "link(s)", where)
        t["links"].loc[t["links"]["id"].isin(edit.links), "status"] = status

    return run


def _set_status(t: dict[str, pd.DataFrame], edit: _Edit, where: str) -> None:
    assert isinstance(edit, SetStatus)
    _need(edit.links, t["links"]["id"], "link(s)", where)
    t["links"].loc[t["links"]["id"].isin(edit.links), "status"] = edit.status


def _crossing_mask(t: dict[str, pd.DataFrame], edit: CrossingsEdit, where: str) -> pd.Series:
    x = t["crossings"]
    if edit.crossings is None and edit.countries is None:
        msg = f"{where}: name crossings (ids) or countries (e.g. PK|AF)"
        raise InputError(msg)
    mask = pd.Series(True, index=x.index)
    if edit.crossings is not None:
        _need(edit.crossings, x["id"], "crossing(s)", where)
        mask &= x["id"].isin(edit.crossings)
    if edit.countries is not None:
        pair = frozenset(c.strip().upper() for c in edit.countries.split("|"))
        mask &= x["countries"].map(lambda s: frozenset(s.split("|")) == pair)
        if not mask.any():
            msg = f"{where}: no crossing between {edit.countries}"
            raise InputError(msg)
    if edit.modes is not None:
        mask &= x["modes"].map(lambda s: bool(set(s.split("|")) & set(edit.modes or [])))
    return mask


def _close_crossings(value: bool) -> Callable[[dict[str, pd.DataFrame], _Edit, str], None]:
    def run(t: dict[str, pd.DataFrame], edit: _Edit, where: str) -> None:
        assert isinstance(edit, CrossingsEdit)
        mask = _crossing_mask(t, edit, where)
        t["crossings"].loc[mask, "closed"] = value
        t["crossings"].loc[mask, "status"] = "closed" if value else "open"
        t["crossings"].loc[mask, "closed_modes"] = ""

    return run


def _close_country(t: dict[str, pd.DataFrame], edit: _Edit, where: str) -> None:
    assert isinstance(edit, CloseCountry)
    country = edit.country.upper()
    x = t["crossings"]
    mask = x["countries"].map(lambda s: country in s.split("|"))
    if not mask.any():
        msg = f"{where}: no crossing into {country}"
        raise InputError(msg)
    x.loc[mask, "closed"] = True
    x.loc[mask, "status"] = "closed"


def _scale_crossings(t: dict[str, pd.DataFrame], edit: _Edit, where: str) -> None:
    assert isinstance(edit, ScaleCrossings)
    x = t["crossings"]
    mask = _crossing_mask(t, edit, where)
    for col, factor in (
        ("dwell_median_h", edit.dwell),
        ("dwell_p90_h", edit.dwell),
        ("fee_usd_teu", edit.fee),
        ("capacity_teu_day", edit.capacity),
    ):
        x.loc[mask, col] = x.loc[mask, col] * factor


def _set_parameter(t: dict[str, pd.DataFrame], edit: _Edit, where: str) -> None:
    assert isinstance(edit, SetParameter)
    p = t["parameters"]
    hit = (p["mode"] == edit.mode) & (p["country"] == edit.country) & (p["name"] == edit.name)
    if hit.any():
        p.loc[hit, "value"] = edit.value
        p.loc[hit, "source"] = f"scenario: {edit.source}"
    else:
        row = {
            "mode": edit.mode,
            "country": edit.country,
            "name": edit.name,
            "value": edit.value,
            "unit": edit.unit,
            "source": f"scenario: {edit.source}",
            "notes": "",
        }
        t["parameters"] = pd.concat([p, pd.DataFrame([row])], ignore_index=True)


def _scale_transfers(t: dict[str, pd.DataFrame], edit: _Edit, where: str) -> None:
    assert isinstance(edit, ScaleTransfers)
    tr = t["transfers"]
    mask = pd.Series(True, index=tr.index)
    if edit.node is not None:
        if edit.node not in set(t["nodes"]["id"]):
            msg = f"{where}: unknown node {edit.node!r}"
            raise UnknownIdError(msg)
        mask &= tr["node"] == edit.node
    if edit.kind != "all":
        gauge = tr["from"].str.startswith("rail:") & tr["to"].str.startswith("rail:")
        mask &= gauge if edit.kind == "gauge" else ~gauge
    for col, factor in (
        ("time_median_h", edit.time),
        ("time_p90_h", edit.time),
        ("cost_usd_teu", edit.cost),
    ):
        tr.loc[mask, col] = tr.loc[mask, col] * factor


def _add_rows(table: str) -> Callable[[dict[str, pd.DataFrame], _Edit, str], None]:
    def run(t: dict[str, pd.DataFrame], edit: _Edit, where: str) -> None:
        assert isinstance(edit, AddRows)
        spec = TABLES[table]
        allowed = set(spec.required) | set(spec.optional)
        for j, row in enumerate(edit.rows):
            unknown = sorted(set(row) - allowed)
            if unknown:
                msg = f"{where}.rows[{j}]: unknown column(s) {unknown} for {spec.file}"
                raise InputError(msg)
        new = pd.DataFrame([{k: ("" if v is None else v) for k, v in r.items()} for r in edit.rows])
        t[table] = pd.concat([t[table], new], ignore_index=True)

    return run


_APPLY: dict[str, Callable[[dict[str, pd.DataFrame], _Edit, str], None]] = {
    "open_links": _set_links("existing"),
    "close_links": _set_links("closed"),
    "set_status": _set_status,
    "close_crossings": _close_crossings(True),
    "open_crossings": _close_crossings(False),
    "close_country": _close_country,
    "scale_crossings": _scale_crossings,
    "set_parameter": _set_parameter,
    "scale_transfers": _scale_transfers,
    "add_nodes": _add_rows("nodes"),
    "add_links": _add_rows("links"),
    "add_crossings": _add_rows("crossings"),
    "add_transfers": _add_rows("transfers"),
}
