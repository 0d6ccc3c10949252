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
import sys
import warnings
from collections.abc import Callable, Iterator
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


def checked(command: Any) -> Any:
    """``command`` (a click command or group) with the value checks on every parameter."""
    for param in getattr(command, "params", ()):
        if _is_float(param):
            _wrap(param, _finite)
        check = _BY_NAME.get(getattr(param, "name", "") or "")
        if check is not None and getattr(param, "param_type_name", "") == "option":
            _wrap(param, check)
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
