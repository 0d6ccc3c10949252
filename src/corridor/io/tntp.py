"""Read and write TNTP files (the Transportation Networks for Research format).

A TNTP folder holds ``<Name>_net.tntp`` (links with BPR parameters), ``<Name>_trips.tntp``
(the OD matrix), optionally ``<Name>_flow.tntp`` (best-known equilibrium flows),
``<Name>_node.tntp`` (coordinates) and a ``README.md`` whose "Generalized Cost Weights"
section gives the toll and distance factors of the generalised link cost
``t(v) + toll_factor * toll + distance_factor * length``.

Every reader returns plain tables and numbers; malformed files raise
:class:`~corridor.errors.InputError` with a one-line ``file:line: message``. Tables are
numpy columns (:class:`Table`), given as pandas DataFrames on first use (``net.links``,
``folder.flow``, ``folder.nodes``), so that reading and assigning a network
(``corridor assign``) does not import pandas.

A valid file is read in bulk (numpy, and the C parts of :mod:`re` and ``str``); a file
the bulk reader does not accept as it stands is read line by line, which checks every
field and names the first bad line, so errors are the same either way.
"""

from __future__ import annotations

import math
import re
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from corridor._types import FloatArray, IntArray
from corridor.errors import InputError

if TYPE_CHECKING:
    import pandas as pd

NET_COLUMNS = (
    "init_node",
    "term_node",
    "capacity",
    "length",
    "free_flow_time",
    "b",
    "power",
    "speed",
    "toll",
    "link_type",
)

_META = re.compile(r"^\s*<([^>]+)>(.*)$")

MAX_FILE_BYTES = 256 * 2**20
"""Largest TNTP file read (the largest published networks' files are a few tens of MB)."""
BOUNDS: dict[str, tuple[float, float]] = {
    "capacity": (0.0, 1e12),
    "length": (0.0, 1e9),
    "free_flow_time": (0.0, 1e6),
    "b": (0.0, 1e3),
    "power": (0.0, 32.0),
    "speed": (-1e9, 1e9),
    "toll": (-1e9, 1e9),
    "link_type": (-(2.0**31), 2.0**31),
}
"""Plausible ranges of the link fields (inclusive). Published networks use b 1e-9 to 1 and
power 1 to 17 (Barcelona); a BPR term beyond these overflows double precision."""
MAX_FLOW = 1e12
"""Largest OD flow of one pair."""
MAX_NODES = 100_000_000
"""Largest node or zone count (a net file of that many nodes would be gigabytes)."""


class Table:
    """Named numpy columns of equal length, as a pandas DataFrame on first use.

    :meth:`column` reads the DataFrame once it has been made (so an edit to it counts),
    else the array as read.
    """

    __slots__ = ("_columns", "_frame")

    def __init__(self, columns: dict[str, np.ndarray]) -> None:
        self._columns = columns
        self._frame: pd.DataFrame | None = None

    def __len__(self) -> int:
        return len(next(iter(self._columns.values()))) if self._columns else 0

    def column(self, name: str) -> np.ndarray:
        """One column as a numpy array."""
        if self._frame is not None:
            return self._frame[name].to_numpy()
        return self._columns[name]

    def frame(self) -> pd.DataFrame:
        """The columns as a DataFrame (made once; pandas is imported then)."""
        if self._frame is None:
            import pandas as pd

            self._frame = pd.DataFrame(self._columns)
        return self._frame


@dataclass(frozen=True, slots=True)
class TntpNet:
    """A TNTP network file: metadata and one row per directed link (file order kept)."""

    n_zones: int
    n_nodes: int
    first_thru_node: int
    table: Table  # NET_COLUMNS; node numbers are 1-based as in the file
    metadata: dict[str, str]

    @property
    def links(self) -> pd.DataFrame:
        """The links as a DataFrame, columns :data:`NET_COLUMNS` (init_node, term_node and
        link_type int64, the rest float64)."""
        return self.table.frame()


@dataclass(frozen=True, slots=True)
class TntpTrips:
    """A TNTP trips file as OD triplets (1-based zone numbers, positive flows only)."""

    n_zones: int
    total_od_flow: float
    origins: IntArray
    destinations: IntArray
    flows: FloatArray


@dataclass(frozen=True, slots=True)
class TntpFolder:
    """Everything one TNTP folder holds, with the cost weights already resolved."""

    name: str
    net: TntpNet
    trips: TntpTrips
    flow_table: Table | None  # init_node, term_node, volume, cost
    node_table: Table | None  # node, x, y
    toll_factor: float
    distance_factor: float

    @property
    def flow(self) -> pd.DataFrame | None:
        """The best-known flows (``*_flow.tntp``): init_node, term_node, volume, cost."""
        return None if self.flow_table is None else self.flow_table.frame()

    @property
    def nodes(self) -> pd.DataFrame | None:
        """The node coordinates (``*_node.tntp``): node, x, y."""
        return None if self.node_table is None else self.node_table.frame()


def _fail(path: Path, lineno: int, msg: str) -> InputError:
    return InputError(f"{path}:{lineno}: {msg}")


def _lines(path: Path) -> list[str]:
    try:
        with path.open("rb") as fh:
            data = fh.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None
    if len(data) > MAX_FILE_BYTES:
        raise InputError(f"{path}: larger than {MAX_FILE_BYTES:,} bytes")
    return data.decode("utf-8", errors="replace").splitlines()


@dataclass(frozen=True, slots=True)
class _Header:
    """The ``<KEY> value`` lines of a file: values, their line numbers, the first body line."""

    meta: dict[str, str]
    lines: dict[str, int]
    start: int


def _header(path: Path, lines: list[str]) -> _Header:
    """Parse the ``<KEY> value`` header (a key given twice is an error naming both lines)."""
    meta: dict[str, str] = {}
    where: dict[str, int] = {}
    for i, raw in enumerate(lines):
        line = raw.strip()
        if not line or line.startswith("~"):
            continue
        m = _META.match(line)
        if m is None:
            raise _fail(path, i + 1, f"expected '<KEY> value' metadata, got {line[:40]!r}")
        key = m.group(1).strip().upper()
        if key == "END OF METADATA":
            return _Header(meta, where, i + 1)
        if key in meta:
            raise _fail(path, i + 1, f"metadata <{key}> given twice (first at line {where[key]})")
        meta[key] = m.group(2).strip()
        where[key] = i + 1
    raise _fail(path, len(lines), "no <END OF METADATA> line")


def _meta_number(path: Path, head: _Header, key: str) -> float:
    """The number of metadata ``key`` (which must be present and not empty)."""
    if key not in head.meta:
        raise _fail(path, 1, f"metadata <{key}> is missing")
    words = head.meta[key].split()
    if not words:
        raise _fail(path, head.lines[key], f"metadata <{key}> is empty")
    return _number(path, head.lines[key], words[0], f"metadata <{key}>")


def _meta_int(path: Path, head: _Header, key: str, default: int | None = None) -> int:
    if key not in head.meta and default is not None:
        return default
    value = _meta_number(path, head, key)
    if not value.is_integer() or not 0 <= value <= MAX_NODES:
        msg = f"metadata <{key}> must be an integer in 0..{MAX_NODES:,}, got {head.meta[key].split()[0]}"
        raise _fail(path, head.lines[key], msg)
    return int(value)


def _number(path: Path, lineno: int, text: str, what: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise _fail(path, lineno, f"{what} is not a number: {text!r}") from None
    if not math.isfinite(value):
        raise _fail(path, lineno, f"{what} must be finite, got {text}")
    return value


def _node(path: Path, lineno: int, text: str, what: str, n_max: int) -> int:
    value = _number(path, lineno, text, what)
    if not value.is_integer() or not 1 <= value <= n_max:
        raise _fail(path, lineno, f"{what} must be an integer in 1..{n_max}, got {text}")
    return int(value)


def read_net(path: str | Path) -> TntpNet:
    """Read a ``*_net.tntp`` file.

    Parameters
    ----------
    path
        The net file.

    Returns
    -------
    TntpNet
        Metadata and a links table with columns :data:`NET_COLUMNS` in file order.

    Raises
    ------
    InputError
        On a malformed header or row (the message names the file and line).
    """
    path = Path(path)
    lines = _lines(path)
    head = _header(path, lines)
    n_zones = _meta_int(path, head, "NUMBER OF ZONES")
    n_nodes = _meta_int(path, head, "NUMBER OF NODES")
    n_links = _meta_int(path, head, "NUMBER OF LINKS")
    first_thru = _meta_int(path, head, "FIRST THRU NODE", default=1)
    if n_zones > n_nodes:
        msg = f"<NUMBER OF ZONES> {n_zones} exceeds <NUMBER OF NODES> {n_nodes}"
        raise _fail(path, head.lines["NUMBER OF ZONES"], msg)
    arr = _net_bulk(lines, head.start, n_nodes)
    if arr is None:  # not accepted as it stands: every line checked, the first bad one named
        arr = np.array(_net_rows(path, lines, head.start, n_nodes), dtype=np.float64)
        arr = arr.reshape(-1, len(NET_COLUMNS))
    if arr.shape[0] != n_links:
        msg = f"<NUMBER OF LINKS> says {n_links}, file has {arr.shape[0]}"
        raise _fail(path, head.lines["NUMBER OF LINKS"], msg)
    used = int(arr[:, :2].max()) if arr.shape[0] else 0
    if n_nodes > 2 * max(used, n_zones) + 1000:  # a few isolated nodes are fine, 1e9 is not
        msg = (
            f"<NUMBER OF NODES> says {n_nodes}, but the links use nodes up to {used} "
            f"and there are {n_zones} zones"
        )
        raise _fail(path, head.lines["NUMBER OF NODES"], msg)
    columns = {name: np.ascontiguousarray(arr[:, k]) for k, name in enumerate(NET_COLUMNS)}
    for col in ("init_node", "term_node", "link_type"):
        columns[col] = columns[col].astype(np.int64)
    return TntpNet(n_zones, n_nodes, first_thru, Table(columns), head.meta)


def _body(lines: list[str], start: int) -> list[str]:
    """The stripped lines from ``start`` on that are neither empty nor comments."""
    out = []
    for raw in lines[start:]:
        line = raw.strip()
        if line and not line.startswith("~"):
            out.append(line)
    return out


_NUMERIC = str.maketrans("", "", "0123456789.eE+-")
_SEPARATORS = str.maketrans(":;", "  ")
_NET_LO = np.array([1.0, 1.0] + [BOUNDS[c][0] for c in NET_COLUMNS[2:]])
_NET_HI = np.array([np.inf, np.inf] + [BOUNDS[c][1] for c in NET_COLUMNS[2:]])


def _numbers(text: str) -> FloatArray | None:
    """The blank-separated numbers of ``text`` (numpy's text parser), or None if any field
    is not a number (numpy raises, or warns in older versions)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        try:
            return np.fromstring(text, dtype=np.float64, sep=" ")
        except (ValueError, Warning):
            return None


def _grid(rows: list[str], width: int) -> FloatArray | None:
    """``rows`` of ``width`` numbers each, separated by blanks or ``;``, as an array of
    ``width`` columns (numpy's text parser), or None when any row has another count of
    fields or a character other than digits, ``.``, ``e``, ``+`` and ``-`` (inf, nan,
    1_000, ...: the line readers decide). With ``width`` fields a row and none read as
    zero numbers (an error), the count of numbers proves that each field was one number.
    No Python object is kept per field."""
    if any(len(row.replace(";", " ").split()) != width for row in rows):
        return None
    text = "\n".join(rows).translate(_SEPARATORS)
    if text.translate(_NUMERIC).strip():
        return None
    arr = _numbers(text)
    if arr is None or arr.shape[0] != width * len(rows):
        return None
    return arr.reshape(-1, width)


def _net_bulk(lines: list[str], start: int, n_nodes: int) -> FloatArray | None:
    """The link rows of a net file read in bulk, or None when any row is not plainly valid
    (then :func:`_net_rows` reads it line by line and names the bad line). Accepts a
    subset of what :func:`_net_rows` accepts: rows of ten fields separated by blanks or
    ``;``, written with digits, ``.``, ``e``, ``+`` and ``-`` only; numpy's text parser
    reads the numbers (as Python's float does: correctly rounded). With ten fields a row
    and none read as zero numbers (an error), the count of numbers proves that each field
    was one number. No Python object is kept per field."""
    arr = _grid(_body(lines, start), len(NET_COLUMNS))
    if arr is None:
        return None
    nodes = arr[:, :2]
    ok = bool(
        np.isfinite(arr).all()
        and (arr >= _NET_LO).all()
        and (arr <= _NET_HI).all()
        and (nodes <= n_nodes).all()
        and (nodes == np.floor(nodes)).all()
        and (arr[:, 9] == np.floor(arr[:, 9])).all()
        and not ((arr[:, 2] <= 0) & (arr[:, 5] > 0)).any()
    )
    return arr if ok else None


def _net_rows(path: Path, lines: list[str], start: int, n_nodes: int) -> list[list[float]]:
    """The link rows of a net file, each checked (node numbers, finite values, bounds)."""
    rows: list[list[float]] = []
    for i in range(start, len(lines)):
        line = lines[i].strip()
        if not line or line.startswith("~"):
            continue
        lineno = i + 1
        fields = line.replace(";", " ").split()
        if len(fields) < len(NET_COLUMNS):
            raise _fail(path, lineno, f"expected {len(NET_COLUMNS)} link fields, got {len(fields)}")
        if len(fields) > len(NET_COLUMNS):
            raise _fail(path, lineno, f"expected {len(NET_COLUMNS)} link fields, got {len(fields)}")
        row = [
            float(_node(path, lineno, fields[0], "init_node", n_nodes)),
            float(_node(path, lineno, fields[1], "term_node", n_nodes)),
        ]
        for name, text in zip(NET_COLUMNS[2:], fields[2:], strict=True):
            value = _number(path, lineno, text, name)
            lo, hi = BOUNDS[name]
            if not lo <= value <= hi:
                raise _fail(path, lineno, f"{name} must be in {lo:g}..{hi:g}, got {text}")
            row.append(value)
        if row[2] <= 0 and row[5] > 0:
            raise _fail(path, lineno, f"capacity must be > 0 where b > 0, got {fields[2]}")
        if not row[9].is_integer():
            raise _fail(path, lineno, f"link_type must be an integer, got {fields[9]}")
        rows.append(row)
    return rows


def read_trips(path: str | Path) -> TntpTrips:
    """Read a ``*_trips.tntp`` file into OD triplets.

    Parameters
    ----------
    path
        The trips file.

    Returns
    -------
    TntpTrips
        1-based origins and destinations and their positive flows (zero pairs dropped).

    Raises
    ------
    InputError
        On a malformed header, ``Origin`` line or ``dest : flow;`` pair.
    """
    path = Path(path)
    lines = _lines(path)
    head = _header(path, lines)
    start = head.start
    n_zones = _meta_int(path, head, "NUMBER OF ZONES")
    total = float("nan")
    if "TOTAL OD FLOW" in head.meta:
        total = _meta_number(path, head, "TOTAL OD FLOW")
        if total < 0:
            raise _fail(
                path, head.lines["TOTAL OD FLOW"], f"<TOTAL OD FLOW> must be >= 0, got {total:g}"
            )
    bulk = _trips_bulk(lines, start, n_zones)
    orig, dest, flow = bulk if bulk is not None else _trip_rows(path, lines, start, n_zones)
    summed = float(np.sum(flow)) if flow.size else 0.0
    if total == total and abs(total - summed) > 1e-6 * max(abs(total), abs(summed), 1.0):
        msg = f"<TOTAL OD FLOW> says {total:.10g}, the flows of the file sum to {summed:.10g}"
        raise _fail(path, head.lines["TOTAL OD FLOW"], msg)
    return TntpTrips(n_zones, total, orig, dest, flow)


_ORIGIN_LINE = re.compile(r"\n[ \t]*[oO][rR][iI][gG][iI][nN][ \t]+([0-9]+)[ \t]*(?=\n|\Z)")
"""An ``Origin <n>`` line with the newline before it (no MULTILINE ``^``: a search for
``\n`` is many times faster than trying every position)."""
_PAIRS = re.compile(r"(?:\s*[0-9]+[ \t]*:[ \t]*[0-9.eE+-]+[ \t]*;)*\s*")
"""``d : f;`` pairs; each field is then read by numpy, which reads a field of these
characters as one number, several (the count of numbers tells) or fails."""
_COMMENTS = re.compile(r"(?:[ \t]*(?:~[^\n]*)?\n)*[ \t]*")


def _trips_bulk(
    lines: list[str], start: int, n_zones: int
) -> tuple[IntArray, IntArray, FloatArray] | None:
    """The OD triplets of a trips file read in bulk (regular expressions check the text
    between origin lines in place, numpy parses the numbers), or None when the file is not
    plainly valid as it stands (then :func:`_trip_rows` reads it line by line and names
    the bad line). Accepts a subset of what :func:`_trip_rows` accepts (``Origin <n>``
    lines, ``d : f;`` pairs, comments only before the first origin), with the same
    values; makes no Python object per pair."""
    body = "\n" + "\n".join(lines[start:])
    heads = list(_ORIGIN_LINE.finditer(body))
    if not heads:  # no origin at all: the line reader says what is there
        return None
    ends = [m.start() for m in heads[1:]] + [len(body)]
    first = heads[0].start()
    if _COMMENTS.fullmatch(body, 0, first) is None:
        return None
    if any(_PAIRS.fullmatch(body, m.end(), e) is None for m, e in zip(heads, ends, strict=True)):
        return None
    counts = np.array([body.count(":", m.end(), e) for m, e in zip(heads, ends, strict=True)])
    if any(len(m.group(1)) > 12 for m in heads):  # beyond any zone count: line reader
        return None
    zones = np.array([int(m.group(1)) for m in heads], dtype=np.int64)
    # numpy's text parser reads each field as Python's float does (correctly rounded);
    # 2 numbers a pair means one number a field
    text = _ORIGIN_LINE.sub("\n", body[first:]).translate(_SEPARATORS)
    values = _numbers(text)
    if values is None:
        return None
    if values.shape[0] != 2 * int(counts.sum()):
        return None
    dest_f, flow = values[0::2], values[1::2]
    ok = bool(
        ((zones >= 1) & (zones <= n_zones)).all()
        and ((dest_f >= 1) & (dest_f <= n_zones)).all()
        and np.isfinite(flow).all()
        and ((flow >= 0) & (flow <= MAX_FLOW)).all()
    )
    if not ok:
        return None
    keep = flow > 0
    orig = np.repeat(zones, counts.astype(np.int64))[keep]
    return orig, dest_f[keep].astype(np.int64), np.ascontiguousarray(flow[keep])


def _trip_rows(
    path: Path, lines: list[str], start: int, n_zones: int
) -> tuple[IntArray, IntArray, FloatArray]:
    """The OD triplets of a trips file, line by line, every field checked."""
    orig: list[int] = []
    dest: list[int] = []
    flow: list[float] = []
    origin = 0
    for i in range(start, len(lines)):
        line = lines[i].strip()
        if not line or line.startswith("~"):
            continue
        lineno = i + 1
        if line.lower().startswith("origin"):
            parts = line.split()
            if len(parts) != 2:
                raise _fail(path, lineno, f"expected 'Origin <zone>', got {line[:40]!r}")
            origin = _node(path, lineno, parts[1], "origin", n_zones)
            continue
        if origin == 0:
            raise _fail(path, lineno, "destination flows before the first 'Origin' line")
        for pair in line.split(";"):
            pair = pair.strip()
            if not pair:
                continue
            bits = pair.split(":")
            if len(bits) != 2:
                raise _fail(path, lineno, f"expected 'destination : flow', got {pair[:40]!r}")
            d = _node(path, lineno, bits[0].strip(), "destination", n_zones)
            f = _number(path, lineno, bits[1].strip(), "flow")
            if not 0 <= f <= MAX_FLOW:
                raise _fail(path, lineno, f"flow must be in 0..{MAX_FLOW:g}, got {bits[1].strip()}")
            if f > 0:
                orig.append(origin)
                dest.append(d)
                flow.append(f)
    return (
        np.array(orig, dtype=np.int64),
        np.array(dest, dtype=np.int64),
        np.array(flow, dtype=np.float64),
    )


def _table(path: Path, names: tuple[str, ...], int_cols: int) -> Table:
    """Read a simple whitespace table whose first non-comment line is a column header."""
    lines = _lines(path)
    arr = _table_bulk(lines, len(names), int_cols)
    if arr is None:
        arr = _table_rows(path, lines, names, int_cols)
    columns = {name: np.ascontiguousarray(arr[:, k]) for k, name in enumerate(names)}
    for col in names[:int_cols]:
        columns[col] = columns[col].astype(np.int64)
    return Table(columns)


def _table_bulk(lines: list[str], width: int, int_cols: int) -> FloatArray | None:
    """The rows of :func:`_table` read in bulk (:func:`_grid`), or None when any row is not plainly valid (then
    :func:`_table_rows` reads it line by line and names the bad line)."""
    rows = _body(lines, 0)
    if rows:
        try:
            float(rows[0].replace(";", " ").split()[0])
        except ValueError:
            rows = rows[1:]  # header line: From To Volume Cost / Node X Y
    arr = _grid(rows, width)
    if arr is None:
        return None
    ids = arr[:, :int_cols]
    if not (np.isfinite(arr).all() and (ids == np.floor(ids)).all()):
        return None
    if not ((ids >= 1) & (ids <= MAX_NODES)).all():
        return None
    return arr


def _table_rows(path: Path, lines: list[str], names: tuple[str, ...], int_cols: int) -> FloatArray:
    """The rows of :func:`_table`, line by line, every field checked."""
    rows: list[list[float]] = []
    seen_header = False
    for i, raw in enumerate(lines):
        line = raw.replace(";", " ").strip()
        if not line or line.startswith("~"):
            continue
        fields = line.split()
        if not seen_header:
            seen_header = True
            try:
                float(fields[0])
            except ValueError:
                continue  # header line: From To Volume Cost / Node X Y
        if len(fields) != len(names):
            raise _fail(path, i + 1, f"expected {len(names)} fields, got {len(fields)}")
        row = []
        for k, (name, text) in enumerate(zip(names, fields, strict=True)):
            value = _number(path, i + 1, text, name)
            if k < int_cols and not (value.is_integer() and 1 <= value <= MAX_NODES):
                raise _fail(
                    path, i + 1, f"{name} must be an integer in 1..{MAX_NODES:,}, got {text}"
                )
            row.append(value)
        rows.append(row)
    return np.array(rows, dtype=np.float64).reshape(-1, len(names))


_FLOW = ("init_node", "term_node", "volume", "cost")
_NODES = ("node", "x", "y")


def read_flow(path: str | Path) -> pd.DataFrame:
    """Read a ``*_flow.tntp`` file: columns ``init_node, term_node, volume, cost``."""
    return _table(Path(path), _FLOW, 2).frame()


def read_nodes(path: str | Path) -> pd.DataFrame:
    """Read a ``*_node.tntp`` file: columns ``node, x, y``."""
    return _table(Path(path), _NODES, 1).frame()


def read_cost_weights(readme: str | Path) -> tuple[float, float] | None:
    """Toll and distance factors from a README's "Generalized Cost Weights" section.

    Returns ``None`` when the file or the section is absent; a factor the section does not
    give is 0. Lines that are not ``Toll: x`` / ``Distance: x`` (e.g. ``FIXME``) are ignored.
    """
    path = Path(readme)
    if not path.is_file():
        return None
    lines = _lines(path)
    in_section = False
    found = False
    toll = 0.0
    distance = 0.0
    for i, raw in enumerate(lines):
        line = raw.strip()
        if line.startswith("#"):
            in_section = "generalized cost weights" in line.lower()
            found = found or in_section
            continue
        if not in_section:
            continue
        m = re.match(r"^(toll|distance)\s*:\s*(\S+)", line, flags=re.IGNORECASE)
        if m is None:
            continue
        value = _number(path, i + 1, m.group(2), f"{m.group(1)} weight")
        if m.group(1).lower() == "toll":
            toll = value
        else:
            distance = value
    return (toll, distance) if found else None


def _one(folder: Path, suffix: str, *, required: bool) -> Path | None:
    found = sorted(folder.glob(f"*{suffix}"))
    if not found:
        if required:
            raise InputError(f"{folder}: no *{suffix} file")
        return None
    if len(found) > 1:
        names = [p.name for p in found]
        raise InputError(f"{folder}: several *{suffix} files: {names}")
    return found[0]


def read_folder(
    folder: str | Path,
    *,
    toll_factor: float | None = None,
    distance_factor: float | None = None,
) -> TntpFolder:
    """Read a TNTP folder: net and trips files (required), flow and node files (if present).

    Parameters
    ----------
    folder
        The folder, e.g. ``shared/data/tntp/SiouxFalls``.
    toll_factor, distance_factor
        Override the README's "Generalized Cost Weights" (0 where neither gives one).

    Returns
    -------
    TntpFolder

    Raises
    ------
    InputError
        If a required file is missing, a file is malformed, or the trips and net disagree.
    """
    path = Path(folder)
    if not path.is_dir():
        raise InputError(f"{path}: not a folder")
    net_path = _one(path, "_net.tntp", required=True)
    trips_path = _one(path, "_trips.tntp", required=True)
    assert net_path is not None and trips_path is not None
    net = read_net(net_path)
    trips = read_trips(trips_path)
    if trips.n_zones != net.n_zones:
        raise InputError(
            f"{trips_path}:1: <NUMBER OF ZONES> {trips.n_zones} differs from the net file's "
            f"{net.n_zones}"
        )
    flow_path = _one(path, "_flow.tntp", required=False)
    flow = _table(flow_path, _FLOW, 2) if flow_path is not None else None
    if flow is not None and flow_path is not None:
        same = len(flow) == len(net.table) and all(
            np.array_equal(flow.column(end), net.table.column(end))
            for end in ("init_node", "term_node")
        )
        if not same:
            raise InputError(f"{flow_path}: links differ from those of {net_path.name}")
    node_path = _one(path, "_node.tntp", required=False)
    nodes = _table(node_path, _NODES, 1) if node_path is not None else None
    weights = read_cost_weights(path / "README.md") or (0.0, 0.0)
    name = net_path.name[: -len("_net.tntp")]
    return TntpFolder(
        name=name,
        net=net,
        trips=trips,
        flow_table=flow,
        node_table=nodes,
        toll_factor=weights[0] if toll_factor is None else float(toll_factor),
        distance_factor=weights[1] if distance_factor is None else float(distance_factor),
    )


def write_flow(path: str | Path, frame: pd.DataFrame) -> None:
    """Write link flows in the TNTP flow format (``From To Volume Cost``).

    ``frame`` needs columns ``init_node, term_node, flow, cost``; every value must be finite
    (the format has no NaN or infinity).
    """
    values = frame[["flow", "cost"]].to_numpy(dtype=np.float64)
    bad = np.flatnonzero(~np.isfinite(values).all(axis=1))
    if bad.size:
        msg = f"{path}: flows and costs must be finite; bad rows: {bad[:5].tolist()}"
        raise InputError(msg)
    with Path(path).open("w", encoding="utf-8") as fh:
        fh.write("From \tTo \tVolume \tCost \n")
        for a, b, v, c in frame[["init_node", "term_node", "flow", "cost"]].itertuples(
            index=False, name=None
        ):
            fh.write(f"{int(a)} \t{int(b)} \t{float(v)!r} \t{float(c)!r} \n")


def write_link_flows(
    path: str | Path, init_node: IntArray, term_node: IntArray, flow: FloatArray, cost: FloatArray
) -> None:
    """Write ``init_node,term_node,flow,cost`` as CSV, numbers as ``%.10g`` (the bytes
    pandas' ``to_csv(index=False, float_format="%.10g")`` writes for the same columns),
    without importing pandas: what ``corridor assign -o`` writes."""
    rows = zip(
        np.asarray(init_node, np.int64).tolist(),
        np.asarray(term_node, np.int64).tolist(),
        np.asarray(flow, np.float64).tolist(),
        np.asarray(cost, np.float64).tolist(),
        strict=True,
    )
    with Path(path).open("w", encoding="utf-8", newline="") as fh:
        fh.write("init_node,term_node,flow,cost\n")
        fh.writelines(f"{a},{b},{v:.10g},{c:.10g}\n" for a, b, v, c in rows)
