"""The Network: six validated tables, immutable once loaded."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from corridor.data import path as data_path
from corridor.errors import InputError
from corridor.io.csv_tables import read_raw_table
from corridor.network.schema import TABLES
from corridor.network.validate import Report, validate_tables


@dataclass(frozen=True, slots=True, weakref_slot=True, eq=False)
class Network:
    """A multimodal freight network (see docs/data-model.md).

    Build it with :meth:`Network.from_dir` or :func:`corridor.load`; the tables are checked
    once there and trusted afterwards.
    """

    nodes: pd.DataFrame
    links: pd.DataFrame
    crossings: pd.DataFrame
    transfers: pd.DataFrame
    parameters: pd.DataFrame
    corridors: pd.DataFrame
    source: str = "<memory>"
    warnings: tuple[str, ...] = field(default=())

    @classmethod
    def from_dir(cls, folder: str | Path) -> Network:
        """Load and validate the six CSV tables in ``folder``.

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
        return cls(**tables, source=str(folder), warnings=tuple(report.warnings))

    @classmethod
    def from_tables(cls, source: str = "<memory>", **tables: pd.DataFrame) -> Network:
        """Build a network from in-memory raw string tables (same checks as ``from_dir``)."""
        from corridor.io.csv_tables import LINE

        raw = {}
        for name in TABLES:
            if name not in tables:
                msg = f"{source}: missing table {name!r}"
                raise InputError(msg)
            frame = tables[name].astype(str).fillna("").copy()
            frame[LINE] = range(2, len(frame) + 2)
            raw[name] = frame
        typed, report = validate_tables(raw, Path(source))
        if report.errors:
            raise InputError(report.errors[0])
        return cls(**typed, source=source, warnings=tuple(report.warnings))

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
            "crossings": len(self.crossings),
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
    return validate_tables(raw, folder)


def check_dir(folder: str | Path) -> Report:
    """Every problem and warning of the network in ``folder`` (loads nothing else)."""
    _, report = _load(Path(folder))
    return report


def load(folder: str | Path | None = None) -> Network:
    """Load a network folder, or the shipped default network of the region.

    Examples
    --------
    >>> import corridor
    >>> net = corridor.load()
    >>> "kz_almaty" in set(net.nodes["id"])
    True
    """
    return Network.from_dir(data_path("network") if folder is None else folder)
