"""A bounded YAML reader for scenario files: one pass over the parser's events.

``yaml.safe_load`` builds whatever a document asks for: an alias bomb of a few hundred bytes
expands to gigabytes, a thousand nested brackets exhaust Python's recursion, an integer of
5,000 digits raises a ``ValueError`` deep in the constructor and a repeated key silently
replaces the first. Scenario files are small, hand-written mappings, so this reader builds
the document itself from the parser's event stream (no recursion, libyaml's C parser when
present) and refuses, with the file and line:

* files over :data:`MAX_BYTES` (before parsing);
* anchors and aliases (``&name``, ``*name``) and tags other than YAML's plain ones;
* nesting deeper than :data:`MAX_DEPTH` and more than :data:`MAX_NODES` values;
* a key given twice in one mapping (naming both lines), a key that is a list or mapping;
* numbers with more than :data:`MAX_DIGITS` characters, not finite, or beyond
  ``±MAX_NUMBER``;
* more than one document.

It returns the document and the 1-based line of every mapping key and sequence item, keyed
by their path (``("edits", 0, "set_link")``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from corridor.errors import InputError

MAX_BYTES = 1_000_000
"""Largest scenario file read (bytes)."""
MAX_DEPTH = 24
"""Deepest nesting of lists and mappings."""
MAX_NODES = 20_000
"""Most values (scalars, lists, mappings) in one file (a scenario adding 1,500 links by rows
has about that many; reading them takes a few tenths of a second)."""
MAX_DIGITS = 40
"""Longest number, in characters."""
MAX_NUMBER = 1e12
"""Largest magnitude of a number."""

YamlPath = tuple[str | int, ...]
_SCALAR_TAGS = {
    f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null", "timestamp")
} | {"!"}
_COLLECTION_TAGS = {"tag:yaml.org,2002:seq", "tag:yaml.org,2002:map", "!"}
_NUMBER_TAGS = {"tag:yaml.org,2002:int", "tag:yaml.org,2002:float"}
_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def one_line(text: str, limit: int = 300) -> str:
    """``text`` on one line, shortened to about ``limit`` characters."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def read_bytes(path: Path, limit: int = MAX_BYTES) -> str:
    """The text of a UTF-8 file of at most ``limit`` bytes (checked before reading it all)."""
    try:
        with path.open("rb") as fh:
            data = fh.read(limit + 1)
    except OSError as exc:
        msg = f"{path}: cannot read ({exc.strerror or exc})"
        raise InputError(msg) from None
    if len(data) > limit:
        msg = f"{path}: larger than {limit:,} bytes; a scenario file is a short list of edits"
        raise InputError(msg)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        msg = f"{path} line {line}: not UTF-8 text"
        raise InputError(msg) from None


@dataclass
class _Open:
    """A list or mapping being built, with where its next item goes."""

    value: list[Any] | dict[Any, Any]
    at: YamlPath
    key: Any = None
    key_text: str | None = None
    key_lines: dict[Any, int] = field(default_factory=dict)
    waiting_for_value: bool = False


class _Builder:
    """Turns parser events into plain Python values, refusing what scenario files never need."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.lines: dict[YamlPath, int] = {}
        self.stack: list[_Open] = []
        self.nodes = 0
        self.documents = 0
        self.result: Any = None
        self.resolver: Any = yaml.resolver.Resolver()
        self.constructor = yaml.constructor.SafeConstructor()

    def fail(self, line: int, message: str) -> InputError:
        return InputError(one_line(f"{self.path} line {line}: {message}"))

    def feed(self, event: yaml.Event) -> None:
        line = event.start_mark.line + 1 if event.start_mark is not None else 1
        if isinstance(event, yaml.DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                raise self.fail(line, "one YAML document per scenario file (found a second '---')")
            return
        if isinstance(event, yaml.AliasEvent):
            raise self.fail(line, f"aliases (*{event.anchor}) are not allowed in scenario files")
        if isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            done = self.stack.pop()
            self._place(done.value, line, done.at, is_collection=True, opened=True)
            return
        if not isinstance(
            event, (yaml.ScalarEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent)
        ):
            return  # stream and document ends
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            raise self.fail(line, f"anchors (&{anchor}) are not allowed in scenario files")
        tag = getattr(event, "tag", None)
        scalar = isinstance(event, yaml.ScalarEvent)
        if tag is not None and tag not in (_SCALAR_TAGS if scalar else _COLLECTION_TAGS):
            raise self.fail(line, f"tag {tag!r} is not allowed in scenario files")
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise self.fail(line, f"more than {MAX_NODES:,} values; a scenario is a short file")
        if isinstance(event, yaml.ScalarEvent):
            self._place(self._scalar(event, line), line, None, is_collection=False, opened=False)
            return
        if len(self.stack) >= MAX_DEPTH:
            raise self.fail(line, f"nested deeper than {MAX_DEPTH} levels")
        top = self.stack[-1] if self.stack else None
        if top is not None and isinstance(top.value, dict) and not top.waiting_for_value:
            raise self.fail(line, "a mapping key must be a plain value, not a list or mapping")
        at = self._child_path(line)
        container: list[Any] | dict[Any, Any] = (
            [] if isinstance(event, yaml.SequenceStartEvent) else {}
        )
        self.stack.append(_Open(container, at))

    def _child_path(self, line: int) -> YamlPath:
        """Path of the value about to be placed in the innermost open container."""
        if not self.stack:
            at: YamlPath = ()
        else:
            top = self.stack[-1]
            if isinstance(top.value, list):
                at = (*top.at, len(top.value))
            else:
                at = (*top.at, str(top.key_text))
        self.lines.setdefault(at, line)
        return at

    def _place(
        self, value: Any, line: int, at: YamlPath | None, *, is_collection: bool, opened: bool
    ) -> None:
        if not self.stack:
            if at is None:
                self.lines.setdefault((), line)
            self.result = value
            return
        top = self.stack[-1]
        if isinstance(top.value, list):
            if not opened:
                self._child_path(line)
            top.value.append(value)
            return
        if not top.waiting_for_value:  # a key
            if is_collection:
                raise self.fail(line, "a mapping key must be a plain value, not a list or mapping")
            try:
                hash(value)
            except TypeError:
                raise self.fail(line, "a mapping key must be a plain value") from None
            if value in top.key_lines:
                text = one_line(str(value), 60)
                raise self.fail(
                    line, f"duplicate key {text!r} (first at line {top.key_lines[value]})"
                )
            top.key_lines[value] = line
            top.key, top.key_text = value, self._last_text
            top.waiting_for_value = True
            self.lines[(*top.at, str(self._last_text))] = line
            return
        if not opened:
            self._child_path(line)
        top.value[top.key] = value
        top.waiting_for_value = False

    _last_text: str = ""

    def _scalar(self, event: yaml.ScalarEvent, line: int) -> Any:
        text = event.value
        self._last_text = text
        tag = event.tag
        if tag is None or tag == "!":
            tag = self.resolver.resolve(yaml.ScalarNode, text, event.implicit)
            if tag not in _SCALAR_TAGS:  # '<<' (merge) and '=' (value) are plain text here
                tag = "tag:yaml.org,2002:str"
        if tag in _NUMBER_TAGS and len(text) > MAX_DIGITS:
            raise self.fail(line, f"number of {len(text):,} characters (at most {MAX_DIGITS})")
        node = yaml.ScalarNode(tag, text, None, None, event.style)
        construct = self.constructor.yaml_constructors[tag]
        try:
            value = construct(self.constructor, node)
        except Exception:  # any failure of a scalar constructor is a bad value
            kind = str(tag).rsplit(":", 1)[-1]
            raise self.fail(line, f"cannot read {one_line(text, 40)!r} as {kind}") from None
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            if not math.isfinite(value) or abs(value) > MAX_NUMBER:
                raise self.fail(
                    line,
                    f"number {one_line(text, 40)} is out of range (finite, at most "
                    f"{MAX_NUMBER:g} in size)",
                )
        return value


def read_yaml(path: Path) -> tuple[Any, dict[YamlPath, int]]:
    """The document of a scenario file and the line of every key and item, within bounds.

    Raises
    ------
    InputError
        One line naming the file and line: too large, not YAML, an alias or anchor, too
        deep, too many values, a duplicate key, a number out of range.
    """
    text = read_bytes(path)
    builder = _Builder(path)
    try:
        for event in yaml.parse(text, Loader=_LOADER):
            builder.feed(event)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise InputError(one_line(f"{path}{where}: not valid YAML ({problem})")) from None
    return builder.result, builder.lines
