"""Option values checked in one place: a bad value of any option is a usage error (exit 2)
with the same wording ("Invalid value for '--x': ..."); a bad file or data value is an
input error (exit 1). Checked here, before any work:

* every number option (``--carbon-price``, ``--gap``, ``--eps`` ...) is finite;
* ``--date`` is a day ``YYYY-MM-DD`` (or ``undated``), not empty;
* ``--modes`` names known modes, at least one.

:func:`checked` attaches the checks to every parameter of the command tree by type and
name, so a new command gets them without a line of its own.
"""

from __future__ import annotations

import contextlib
import math
import re
import sys
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TextIO

import typer

_Check = Callable[[Any], None]


def _finite(value: Any) -> None:
    for v in value if isinstance(value, tuple | list) else (value,):
        if isinstance(v, float) and not math.isfinite(v):
            msg = f"{v} is not a finite number."
            raise typer.BadParameter(msg)


def _date(value: Any) -> None:
    if value is None:
        return
    from corridor.day import day_of
    from corridor.errors import InputError

    try:
        day_of(str(value), None)
    except InputError as exc:
        raise typer.BadParameter(f"{exc}.") from None


def _modes(value: Any) -> None:
    if value is None:
        return
    from corridor.vocab import Mode

    given = [m.strip().lower() for m in str(value).split(",")]
    known = [m.value for m in Mode]
    if not any(given):
        msg = f"give at least one mode of {', '.join(known)}."
        raise typer.BadParameter(msg)
    bad = [m for m in given if m not in known]
    if bad:
        msg = f"unknown mode {bad[0]!r}; choose from {', '.join(known)}."
        raise typer.BadParameter(msg)


def _criteria(value: Any) -> None:
    if value is None:
        return
    from corridor.analysis.compare import PARETO_CRITERIA

    given = [c.strip().lower() for c in str(value).split(",") if c.strip()]
    bad = [c for c in given if c not in PARETO_CRITERIA]
    if bad or not 2 <= len(given) <= 4 or len(set(given)) != len(given):
        msg = f"give 2 to 4 distinct criteria of {', '.join(PARETO_CRITERIA)}."
        raise typer.BadParameter(msg)


_BY_NAME: dict[str, _Check] = {"date": _date, "modes": _modes, "criteria": _criteria}


def _wrap(param: Any, check: _Check) -> None:
    inner = param.callback

    def callback(ctx: Any, p: Any, value: Any) -> Any:
        check(value)
        return inner(ctx, p, value) if inner is not None else value

    param.callback = callback


def _is_float(param: Any) -> bool:
    """Whether a parameter takes a number with a fraction (``float`` or ``float | None``)."""
    kind = getattr(getattr(param, "type", None), "name", "")
    if kind in ("float", "float range"):
        return True
    annotation = getattr(getattr(param, "type_descriptor", None), "annotation", None)
    return annotation is float or float in getattr(annotation, "__args__", ())


class _Deferred:
    """typer's coercion of one parameter, its pydantic TypeAdapter built only when a value
    needs it. typer (0.2x) builds an adapter for every parameter it processes, defaults
    included, which imports pydantic (~0.1 s) on every command; a value that is None, a
    default already of the parameter's type, or a string for a ``str`` parameter (what the
    adapter returns for it unchanged) is passed as it is, and a plain number or a path is
    read as the adapter reads it (:func:`_plain_value`)."""

    def __init__(self, param: Any) -> None:
        self.param = param

    def coerce(self, value: Any, param: Any, ctx: Any) -> Any:
        desc = param.type_descriptor
        multi = param.multiple or param.nargs == -1
        if value is None:
            return () if multi else None
        annotation = desc.annotation
        plain = not multi and getattr(desc.parameter_info, "parser", None) is None
        source = getattr(ctx.get_parameter_source(param.name), "name", "")
        if plain and (
            (annotation is str and type(value) is str)
            or (source == "DEFAULT" and isinstance(annotation, type) and type(value) is annotation)
        ):
            return value
        if plain and type(value) is str:
            done, coerced = _plain_value(annotation, desc.parameter_info, value, param, ctx)
            if done:
                return coerced
        from typer._coercion import build_runtime_param

        real = build_runtime_param(desc)
        param._runtime_param = real  # later values go straight to typer's own
        return real.coerce(value, param=param, ctx=ctx)


_FLOAT = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_INT = re.compile(r"[-+]?\d+")


def _plain_value(annotation: Any, info: Any, value: str, param: Any, ctx: Any) -> tuple[bool, Any]:
    """``(True, value)`` as typer's adapter would coerce ``value`` where that is certain
    without pydantic: a plain decimal number for an ``int`` or ``float`` parameter within
    its ``min``/``max`` (the strict forms below, which the adapter reads the same way), or
    a path (``Path(value)``, as pydantic makes it, then typer's own ``coerce_cli_path``
    and its checks, which the adapter calls); ``(False, None)``
    for anything else, which typer's adapter then coerces, with its own messages."""
    if annotation is float or annotation is int:
        if (_FLOAT if annotation is float else _INT).fullmatch(value) is None:
            return False, None
        number = annotation(value)
        lo, hi = getattr(info, "min", None), getattr(info, "max", None)
        inside = (lo is None or number >= lo) and (hi is None or number <= hi)
        return (True, number) if inside and math.isfinite(number) else (False, None)
    try:
        from typer._param_types import coerce_cli_path, lenient_issubclass, routes_to_path

        if not routes_to_path(annotation, info):
            return False, None
        kind = info.path_type
        if kind is None and lenient_issubclass(annotation, Path):
            kind = annotation
        if kind is not None and lenient_issubclass(kind, Path):
            given: Any = kind(value)  # what pydantic makes of a string for a Path
        else:
            given = value
        return True, coerce_cli_path(given, info, path_type=kind, param=param, ctx=ctx)
    except Exception:  # typer moved it, or the path is refused: the adapter decides
        return False, None


def _defer_coercion(param: Any) -> None:
    if getattr(param, "_runtime_param", False) is None and hasattr(param, "type_descriptor"):
        param._runtime_param = _Deferred(param)


def checked(command: Any) -> Any:
    """``command`` (a click command or group) with the value checks on every parameter
    (and typer's coercion deferred, :class:`_Deferred`)."""
    for param in getattr(command, "params", ()):
        _defer_coercion(param)
        if _is_float(param):
            _wrap(param, _finite)
        check = _BY_NAME.get(getattr(param, "name", "") or "")
        if check is not None and getattr(param, "param_type_name", "") == "option":
            _wrap(param, check)
    help_option = getattr(command, "get_help_option", None)
    if help_option is not None:  # --help is made when parsing starts, not in params

        def get_help_option(ctx: Any, made: Callable[[Any], Any] = help_option) -> Any:
            option = made(ctx)
            if option is not None:
                _defer_coercion(option)
            return option

        command.get_help_option = get_help_option
    for sub in getattr(command, "commands", {}).values():
        checked(sub)
    return command


@contextlib.contextmanager
def one_line_warnings() -> Iterator[None]:
    """Show the library's warnings (e.g. a date outside the calendar's span) as one line on
    stderr, ``warning: ...``, once each, whatever the interpreter's warning filters."""

    def show(
        message: Warning | str,
        category: type[Warning],
        filename: str,
        lineno: int,
        file: TextIO | None = None,
        line: str | None = None,
    ) -> None:
        sys.stderr.write(f"warning: {message}\n")

    with warnings.catch_warnings():
        warnings.simplefilter("default")
        warnings.showwarning = show
        yield
