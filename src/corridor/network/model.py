"""The Network: validated tables, immutable once loaded."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import FrozenInstanceError, dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pandas as pd

from corridor.errors import InputError
from corridor.io.csv_tables import read_raw_table
from corridor.network._dated import empty_calendar, empty_meta
from corridor.network._rights import empty_rights
from corridor.network._table import parse_date
from corridor.network.schema import ALL_TABLES, OPTIONAL_TABLES, TABLES
from corridor.network.validate import Report, validate_tables
from corridor.results.context import Context

_COW = int(pd.__version__.split(".")[0]) >= 3
"""pandas >= 3 copies on write: a shallow copy never shares later edits either way."""


def _private(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` that no edit of ``frame`` (or of any copy handed out) can reach."""
    return frame.copy(deep=not _COW)


@dataclass(slots=True, weakref_slot=True, eq=False, init=False, repr=False)
class Network:
    """A multimodal freight network (see docs/data-model.md).

    Build it with :meth:`Network.from_dir` or :func:`corridor.load`; the tables are checked
    once there and trusted afterwards. The network is immutable: every table attribute
    (``nodes``, ``links``, ``crossings``, ``transfers``, ``parameters``, ``corridors``,
    ``calendar``, ``meta``) returns a copy-on-write copy, so editing it never changes the
    network (pandas warns about such chained assignment) and a graph compiled from the
    network cannot go stale. Use :meth:`replace` to make an edited network.

    ``date`` is the day the tables describe after :func:`corridor.network.calendar.on_date`
    (None for the network as loaded), ``reasons`` maps a link or crossing id to the
    calendar rule(s) that changed it that day, ``as_of`` is the date in meta.csv and
    ``scenario`` the name of the scenario applied (:func:`corridor.scenarios.apply`).
    ``context`` bundles the three for the results built on the network.
    """

    _tables: dict[str, pd.DataFrame]
    source: str
    warnings: tuple[str, ...]
    date: dt.date | None
    scenario: str | None
    _reasons: tuple[tuple[str, str], ...]

    def __init__(  # noqa: PLR0913 (the eight tables of a network)
        self,
        nodes: pd.DataFrame,
        links: pd.DataFrame,
        crossings: pd.DataFrame,
        transfers: pd.DataFrame,
        parameters: pd.DataFrame,
        corridors: pd.DataFrame,
        calendar: pd.DataFrame | None = None,
        meta: pd.DataFrame | None = None,
        rights: pd.DataFrame | None = None,
        *,
        source: str = "<memory>",
        warnings: tuple[str, ...] = (),
        date: dt.date | None = None,
        reasons: Mapping[str, str] | None = None,
        scenario: str | None = None,
    ) -> None:
        given = {
            "nodes": nodes,
            "links": links,
            "crossings": crossings,
            "transfers": transfers,
            "parameters": parameters,
            "corridors": corridors,
            "calendar": empty_calendar() if calendar is None else calendar,
            "meta": empty_meta() if meta is None else meta,
            "rights": empty_rights() if rights is None else rights,
        }
        setattr_ = object.__setattr__
        setattr_(self, "_tables", {k: _private(v) for k, v in given.items()})
        setattr_(self, "source", source)
        setattr_(self, "warnings", tuple(warnings))
        setattr_(self, "date", date)
        setattr_(self, "scenario", scenario)
        setattr_(self, "_reasons", tuple(sorted((reasons or {}).items())))

    # frozen by hand: dataclass(frozen=True) with slots and a custom __init__ raises TypeError
    # instead of FrozenInstanceError on unknown names (CPython 3.11)
    def __setattr__(self, name: str, value: object) -> None:
        msg = f"cannot assign to field {name!r}: a Network is immutable (use .replace())"
        raise FrozenInstanceError(msg)

    def __delattr__(self, name: str) -> None:
        msg = f"cannot delete field {name!r}: a Network is immutable"
        raise FrozenInstanceError(msg)

    def __getstate__(self) -> tuple[object, ...]:
        return (self._tables, self.source, self.warnings, self.date, self.scenario, self._reasons)

    def __setstate__(self, state: tuple[object, ...]) -> None:
        for name, value in zip(
            ("_tables", "source", "warnings", "date", "scenario", "_reasons"), state, strict=True
        ):
            object.__setattr__(self, name, value)

    def __repr__(self) -> str:
        size = ", ".join(f"{len(v)} {k}" for k, v in self._tables.items() if len(v))
        day = f", date={self.date.isoformat()}" if self.date else ""
        if self.scenario:
            day += f", scenario={self.scenario!r}"
        return f"Network({self.source!r}: {size}{day})"

    def _get(self, name: str) -> pd.DataFrame:
        return self._tables[name].copy(deep=not _COW)

    @property
    def nodes(self) -> pd.DataFrame:
        """Places (nodes.csv)."""
        return self._get("nodes")

    @property
    def links(self) -> pd.DataFrame:
        """Physical segments (links.csv)."""
        return self._get("links")

    @property
    def crossings(self) -> pd.DataFrame:
        """Border crossing points, per direction where the data is (crossings.csv)."""
        return self._get("crossings")

    @property
    def transfers(self) -> pd.DataFrame:
        """Changes of gauge or mode at a node (transfers.csv)."""
        return self._get("transfers")

    @property
    def parameters(self) -> pd.DataFrame:
        """Defaults by mode and country (parameters.csv)."""
        return self._get("parameters")

    @property
    def corridors(self) -> pd.DataFrame:
        """Named corridors (corridors.csv)."""
        return self._get("corridors")

    @property
    def calendar(self) -> pd.DataFrame:
        """Dated and seasonal rules (calendar.csv; empty if absent)."""
        return self._get("calendar")

    @property
    def meta(self) -> pd.DataFrame:
        """Facts about the network: as_of, name, version (meta.csv; empty if absent)."""
        return self._get("meta")

    @property
    def rights(self) -> pd.DataFrame:
        """Who may drive where: carrier country x country (rights.csv; empty if absent)."""
        return self._get("rights")

    @property
    def reasons(self) -> Mapping[str, str]:
        """Link or crossing id -> why the calendar changed it on ``date`` (read-only)."""
        return MappingProxyType(dict(self._reasons))

    @property
    def as_of(self) -> dt.date | None:
        """The date the network describes (meta.csv key ``as_of``), or None."""
        meta = self._tables["meta"]
        values = meta.loc[meta["key"] == "as_of", "value"].tolist()
        return parse_date(str(values[0])) if values else None

    @property
    def context(self) -> Context:
        """The day, as-of date and scenario of this network: what every result built on it
        carries (:class:`corridor.results.Context`)."""
        return Context.of(self.date, self.as_of, self.scenario)

    def replace(self, **changes: Any) -> Network:
        """A new network with some tables or attributes replaced (the tables are checked
        by the caller; :func:`corridor.scenarios.apply` validates its result).
        """
        current: dict[str, Any] = {
            **self._tables,
            "source": self.source,
            "warnings": self.warnings,
            "date": self.date,
            "reasons": dict(self._reasons),
            "scenario": self.scenario,
        }
        unknown = sorted(set(changes) - set(current))
        if unknown:
            msg = f"Network has no table or attribute {unknown}; choose from {sorted(current)}"
            raise InputError(msg)
        return Network(**{**current, **changes})

    @classmethod
    def _typed(
        cls, tables: dict[str, pd.DataFrame], *, source: str, warnings: tuple[str, ...]
    ) -> Network:
        t = tables
        return cls(
            t["nodes"],
            t["links"],
            t["crossings"],
            t["transfers"],
            t["parameters"],
            t["corridors"],
            t.get("calendar"),
            t.get("meta"),
            t.get("rights"),
            source=source,
            warnings=warnings,
        )

    @classmethod
    def from_dir(cls, folder: str | Path) -> Network:
        """Load and validate the CSV tables in ``folder`` (calendar.csv, meta.csv optional).

        Raises
        ------
        InputError
            On the first problem found (the message names file, line and column); use
            :func:`check_dir` to get every problem.

        Examples
        --------
        >>> from corridor.data import path
        >>> net = Network.from_dir(path("examples/tiny"))
        >>> len(net.nodes) > 0
        True
        """
        tables, report = _load(Path(folder))
        if report.errors:
            more = len(report.errors) - 1
            suffix = (
                f" (and {more} more problem(s); run 'corridor network validate')" if more else ""
            )
            raise InputError(report.errors[0] + suffix)
        return cls._typed(tables, source=str(folder), warnings=tuple(report.warnings))

    @classmethod
    def from_tables(cls, source: str = "<memory>", **tables: pd.DataFrame) -> Network:
        """Build a network from in-memory raw string tables (same checks as ``from_dir``)."""
        from corridor.io.csv_tables import LINE

        raw = {}
        for name in ALL_TABLES:
            if name not in tables:
                if name in OPTIONAL_TABLES:
                    continue
                msg = f"{source}: missing table {name!r}"
                raise InputError(msg)
            frame = tables[name].astype(str).fillna("").copy()
            frame[LINE] = range(2, len(frame) + 2)
            raw[name] = frame
        typed, report = validate_tables(raw, Path(source))
        if report.errors:
            raise InputError(report.errors[0])
        return cls._typed(typed, source=source, warnings=tuple(report.warnings))

    def summary(self) -> dict[str, object]:
        """Counts by country, mode and status, and total km by mode and status."""
        links = self.links
        km = links.groupby(["mode", "status"])["length_km"].sum().round(1)
        country = dict(zip(self.nodes["id"], self.nodes["country"], strict=True))
        a, b = links["from"].map(country), links["to"].map(country)
        # a link inside one country counts there; a border link as "A-B" (sorted)
        where = a.where(a == b, [f"{min(x, y)}-{max(x, y)}" for x, y in zip(a, b, strict=True)])
        by_country = links.assign(country=where).groupby("country")
        return {
            "source": self.source,
            "nodes": len(self.nodes),
            "links": len(links),
            "crossings": int(self.crossings["id"].nunique()),
            "crossing_rows": len(self.crossings),
            "transfers": len(self.transfers),
            "corridors": len(self.corridors),
            "nodes_by_country": self.nodes["country"].value_counts().sort_index().to_dict(),
            "nodes_by_kind": self.nodes["kind"].value_counts().sort_index().to_dict(),
            "links_by_country": by_country.size().to_dict(),
            "km_by_country": by_country["length_km"].sum().round(1).to_dict(),
            "links_by_mode": links["mode"].value_counts().sort_index().to_dict(),
            "links_by_status": links["status"].value_counts().sort_index().to_dict(),
            "km_by_mode_status": {
                f"{m}/{s}": float(v) for (m, s), v in zip(km.index, km, strict=True)
            },
            "km_by_mode": links.groupby("mode")["length_km"].sum().round(1).to_dict(),
            "km_by_status": links.groupby("status")["length_km"].sum().round(1).to_dict(),
            "length_basis": links["length_basis"].value_counts().sort_index().to_dict(),
        }


def _load(folder: Path) -> tuple[dict[str, pd.DataFrame], Report]:
    if not folder.is_dir():
        msg = f"{folder}: not a network folder (expected {', '.join(s.file for s in TABLES.values())})"
        raise InputError(msg)
    raw = {name: read_raw_table(folder / spec.file) for name, spec in TABLES.items()}
    for name, spec in OPTIONAL_TABLES.items():
        if (folder / spec.file).exists():
            raw[name] = read_raw_table(folder / spec.file)
    return validate_tables(raw, folder)


def check_dir(folder: str | Path) -> Report:
    """Every problem and warning of the network in ``folder`` (loads nothing else)."""
    _, report = _load(Path(folder))
    return report
