"""Reading scenario files: the YAML document, inheritance, and the line of every edit.

A scenario file is a mapping:

```yaml
name: Both railways built
description: KTAP and the Trans-Afghan railway are open.
source: see the two base scenarios
base: [ktap_built, trans_afghan_built]   # scenarios to inherit from, or a network folder
network: default                         # optional: the network folder (default: the shipped one)
edits:
  - close_crossings: {countries: PK|AF}
```

``base`` names one scenario or a list of them (shipped names, or ``.yaml`` files relative to
this file), whose edits come first, in order, each once; or a network folder (``default`` is
the shipped network). Errors name the file, the line and the field.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from corridor.data import path as data_path
from corridor.errors import InputError, UnknownIdError
from corridor.scenarios._yaml import one_line, read_yaml
from corridor.scenarios.edits import EDITS, AddRows, Edit, describe

_Path = tuple[str | int, ...]

MAX_BASE_DEPTH = 16
"""Longest chain of ``base:`` inheritance."""
MAX_FILES = 64
"""Most scenario files one scenario may read through ``base:``."""
MAX_EDITS = 2_000
"""Most edits of a scenario, inherited ones included."""


class ScenarioFile(BaseModel):
    """The top level of a scenario document."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)
    name: str = Field(min_length=1)
    description: str = ""
    source: str = ""
    base: str | list[str] = "default"
    network: str | None = None
    edits: list[Any] = Field(default_factory=list)


@dataclass(frozen=True, slots=True)
class EditEntry:
    """One edit with the place it is written: file, line and index in that file's list."""

    kind: str
    edit: Edit
    file: str
    line: int
    index: int
    scenario: str
    """Id (file stem) of the scenario file that lists the edit."""
    scenario_source: str = ""
    """The ``source`` of that file (the edit's evidence when it names none itself)."""

    @property
    def source(self) -> str:
        """The edit's own source, else its file's."""
        return self.edit.source or self.scenario_source

    def where(self) -> str:
        """``FILE line N: edits[i].kind`` for error messages."""
        return f"{self.file} line {self.line}: edits[{self.index}].{self.kind}"

    def words(self) -> str:
        """The edit in words."""
        return describe(self.kind, self.edit)


@dataclass(frozen=True, slots=True)
class Scenario:
    """A parsed, checked scenario with its inherited edits first."""

    id: str
    name: str
    description: str
    source: str
    network: Path
    edits: tuple[EditEntry, ...]
    path: str
    bases: tuple[str, ...] = ()

    @property
    def base(self) -> Path:
        """The network folder the scenario applies to (alias of ``network``)."""
        return self.network


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
    """Read and check a scenario file and the files it inherits from.

    Shapes and types of edits are checked here; ids are checked by ``apply`` (or
    ``corridor scenario validate``) against the network.

    Raises
    ------
    InputError
        For bad YAML, an unknown edit, a wrong type or an inheritance cycle, naming the file
        and line.
    UnknownIdError
        For an unknown scenario name.

    Examples
    --------
    >>> sc = load_scenario("both_railways_built")
    >>> sc.bases
    ('ktap_built', 'trans_afghan_built')
    """
    try:
        return _load(resolve(name_or_path), (), {})
    except InputError as exc:
        text = str(exc)
        short = one_line(text, 500)
        if short != text:  # every error is one line of reasonable length
            raise InputError(short) from None
        raise


# ---------------------------------------------------------------------------- reading


def _load(path: Path, stack: tuple[Path, ...], seen: dict[Path, Scenario]) -> Scenario:
    """Read ``path`` (inherited through ``stack``); ``seen`` holds the files read so far."""
    known = seen.get(path.resolve())
    if known is not None:  # a diamond: the same file inherited twice is read once
        return known
    if len(seen) >= MAX_FILES:
        msg = f"{path} line 1: base: more than {MAX_FILES} scenario files inherited"
        raise InputError(msg)
    doc, lines = _read(path)
    where = _Where(path, lines)
    if not isinstance(doc, dict):
        msg = f"{path} line 1: a scenario is a mapping with name, description, base and edits"
        raise InputError(msg)
    try:
        top = ScenarioFile.model_validate(doc)
    except ValidationError as exc:
        raise InputError(where.error(exc, ())) from None
    if len(top.edits) > MAX_EDITS:
        msg = f"{path} line {where.line(('edits',))}: edits: {len(top.edits):,} edits (at most {MAX_EDITS:,})"
        raise InputError(msg)
    own = tuple(_edit(where, i, raw, top.source) for i, raw in enumerate(top.edits))
    network, parents = _bases(top, where, (*stack, path.resolve()), seen)
    edits: list[EditEntry] = []
    seen_edits: set[tuple[str, int]] = set()
    for entry in [e for p in parents for e in p.edits] + list(own):
        key = (str(Path(entry.file).resolve()), entry.index)
        if key not in seen_edits:  # a scenario inherited twice (diamond) contributes once
            seen_edits.add(key)
            edits.append(entry)
    if len(edits) > MAX_EDITS:
        msg = f"{path} line {where.line(('base',))}: base: {len(edits):,} edits with the inherited ones (at most {MAX_EDITS:,})"
        raise InputError(msg)
    scenario = Scenario(
        id=path.stem,
        name=top.name,
        description=" ".join(top.description.split()),
        source=" ".join(top.source.split()),
        network=network,
        edits=tuple(edits),
        path=str(path),
        bases=tuple(p.id for p in parents),
    )
    seen[path.resolve()] = scenario
    return scenario


def _read(path: Path) -> tuple[Any, dict[_Path, int]]:
    return read_yaml(path)


@dataclass(frozen=True, slots=True)
class _Where:
    """File and line lookup for one document."""

    path: Path
    lines: dict[_Path, int]

    def line(self, at: Iterable[str | int]) -> int:
        at = tuple(at)
        while at and at not in self.lines:
            at = at[:-1]
        return self.lines.get(at, 1)

    def error(self, exc: ValidationError, prefix: _Path, label: str = "") -> str:
        err = exc.errors()[0]
        loc = tuple(x for x in err["loc"] if isinstance(x, (str, int)))
        field = ".".join(str(x) for x in loc)
        head = label + (("." if label else "") + field if field else "")
        text = str(err["msg"]).removeprefix("Value error, ")
        return f"{self.path} line {self.line((*prefix, *loc))}: {head or '(top)'}: {text}"


def _edit(where: _Where, i: int, raw: Any, source: str) -> EditEntry:
    at: _Path = ("edits", i)
    label = f"edits[{i}]"
    if not isinstance(raw, dict) or len(raw) != 1:
        msg = f"{where.path} line {where.line(at)}: {label}: each edit is a mapping with one key, one of {sorted(EDITS)}"
        raise InputError(msg)
    ((kind, body),) = raw.items()
    model = EDITS.get(str(kind))
    if model is None:
        msg = f"{where.path} line {where.line(at)}: {label}: unknown edit {kind!r}; choose from {sorted(EDITS)}"
        raise InputError(msg)
    at = (*at, str(kind))
    if model is AddRows and isinstance(body, list):
        body = {"rows": body}
        prefix: _Path = at
        shift = True
    else:
        prefix, shift = at, False
    try:
        edit = model.model_validate(body if body is not None else {})
    except ValidationError as exc:
        if shift:  # rows given as a plain list: drop the 'rows' step of the location
            err_at = exc.errors()[0]["loc"]
            loc = tuple(x for x in err_at if isinstance(x, (str, int)))[1:]
            text = str(exc.errors()[0]["msg"]).removeprefix("Value error, ")
            field = ".".join(str(x) for x in loc)
            msg = f"{where.path} line {where.line((*prefix, *loc))}: {label}.{kind}{'[' + field + ']' if field else ''}: {text}"
            raise InputError(msg) from None
        raise InputError(where.error(exc, prefix, f"{label}.{kind}")) from None
    return EditEntry(
        str(kind),
        edit,
        str(where.path),
        where.line(at),
        i,
        where.path.stem,
        " ".join(source.split()),
    )


def _bases(
    top: ScenarioFile, where: _Where, stack: tuple[Path, ...], seen: dict[Path, Scenario]
) -> tuple[Path, list[Scenario]]:
    """The network folder and the parent scenarios named by ``base`` (and ``network``)."""
    names = [top.base] if isinstance(top.base, str) else list(top.base)
    folder = where.path.parent
    network: Path | None = None
    parents: list[Scenario] = []
    for k, name in enumerate(names):
        at: _Path = ("base",) if isinstance(top.base, str) else ("base", k)
        line = where.line(at)
        if name == "default":
            network = data_path("network")
            continue
        target = _base_target(folder, name)
        if target is None:
            msg = (
                f"{where.path} line {line}: base: {name!r} is neither a network folder, a "
                f"scenario file nor a shipped scenario ({', '.join(shipped())})"
            )
            raise InputError(msg)
        if target.is_dir():
            network = target
            continue
        if target.resolve() in stack:
            chain = " -> ".join(p.stem for p in (*stack, target.resolve()))
            msg = f"{where.path} line {line}: base: inheritance cycle {chain}"
            raise InputError(msg)
        if len(stack) >= MAX_BASE_DEPTH:
            msg = f"{where.path} line {line}: base: inheritance deeper than {MAX_BASE_DEPTH} files"
            raise InputError(msg)
        parents.append(_load(target, stack, seen))
    if top.network is not None:
        network = data_path("network") if top.network == "default" else folder / top.network
        if not network.is_dir():
            msg = (
                f"{where.path} line {where.line(('network',))}: network: {network} is not a folder"
            )
            raise InputError(msg)
    if network is None:
        nets = {p.network.resolve() for p in parents}
        if len(nets) > 1:
            msg = (
                f"{where.path} line {where.line(('base',))}: base: the inherited scenarios "
                f"apply to different networks ({sorted(map(str, nets))}); name one with network:"
            )
            raise InputError(msg)
        network = parents[0].network if parents else data_path("network")
    return network, parents


def _base_target(folder: Path, name: str) -> Path | None:
    """What a ``base`` entry names: a network folder, a scenario file, or None."""
    p = Path(name)
    candidate = p if p.is_absolute() else folder / p
    if candidate.is_dir():
        return candidate
    if p.suffix in (".yaml", ".yml"):
        return candidate if candidate.is_file() else None
    sibling = folder / f"{name}.yaml"
    if sibling.is_file():
        return sibling
    shipped_file = data_path("scenarios") / f"{name}.yaml"
    return shipped_file if shipped_file.is_file() else None
