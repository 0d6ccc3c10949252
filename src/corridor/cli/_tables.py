"""Tables that fit the terminal without ever cutting a number.

:func:`fit_table` sizes the columns itself: numbers keep their full width; text columns
(ids, names) share what is left and are shortened with "…" when they must be; a heading
longer than its column wraps at its spaces. Then rich only draws.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.table import Table

MIN_TEXT = 8
"""A text column is never narrower than this (or its longest heading word)."""
_MIN_CUT = 4
"""... unless the numbers leave less: then text columns go down to this."""
_GAP = 2
"""Columns are separated by two spaces (padding (0, 1, 0, 0) + the box's separator)."""


@dataclass(frozen=True, slots=True)
class Col:
    """A column: its heading and whether it holds numbers (right-aligned, never cut)."""

    head: str
    number: bool = False


def shorten(text: str, width: int) -> str:
    """``text`` cut to ``width`` characters with "…" when longer.

    >>> shorten("cn_khorgos__kz_altynkol__rail", 12), shorten("torkham", 12)
    ('cn_khorgos_…', 'torkham')
    """
    return text if len(text) <= width else text[: max(width - 1, 0)] + "…"


def _wrap_head(head: str, width: int) -> str:
    lines: list[str] = []
    for word in head.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "\n".join(lines)


def widths(cols: Sequence[Col], rows: Sequence[Sequence[str]], total: int) -> list[int]:
    """Column widths that fit ``total`` characters: numbers at their widest cell, text
    columns sharing the rest in proportion to their widest cell (never below
    :data:`MIN_TEXT` or their longest heading word)."""

    def widest(i: int) -> int:
        words = max((len(w) for w in cols[i].head.split()), default=0)
        return max([words, *(len(r[i]) for r in rows)])

    natural = [widest(i) for i in range(len(cols))]
    floor = [max(len(max(c.head.split(), key=len, default="")), MIN_TEXT) for c in cols]
    text = [i for i, c in enumerate(cols) if not c.number]
    fixed = sum(w for i, w in enumerate(natural) if cols[i].number)
    room = total - fixed - _GAP * (len(cols) - 1)
    out = list(natural)
    if sum(natural[i] for i in text) <= room:
        return _whole_headings(cols, out, total)
    if sum(floor[i] for i in text) > room:  # a narrow terminal: numbers first, text shorter
        for i in text:
            floor[i] = max(_MIN_CUT, min(floor[i], room // len(text)))
    # water-filling: the narrowest text columns keep their width, the rest share evenly
    left = sorted(text, key=lambda i: natural[i])
    for k, i in enumerate(left):
        fair = max(room, 0) // (len(left) - k)
        out[i] = min(natural[i], max(floor[i], fair))
        room -= out[i]
    return out


def _whole_headings(cols: Sequence[Col], out: list[int], total: int) -> list[int]:
    """Widen columns to their whole heading on one line while the room lasts."""
    spare = total - sum(out) - _GAP * (len(cols) - 1)
    for i, c in enumerate(cols):
        need = len(c.head) - out[i]
        if 0 < need <= spare:
            out[i] += need
            spare -= need
    return out


def fit_table(
    cols: Sequence[Col],
    rows: Sequence[Sequence[str]],
    width: int,
    *,
    title: str | None = None,
) -> Table:
    """A rich table of ``rows`` (cell texts) that fits ``width`` columns: numbers whole,
    text shortened with "…" only when it must be."""
    from rich import box
    from rich.table import Table

    w = widths(cols, rows, width)
    table = Table(
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        padding=(0, 1, 0, 0),
        title=title,
        title_justify="left",
    )
    for c, cw in zip(cols, w, strict=True):
        table.add_column(
            _wrap_head(c.head, cw),
            justify="right" if c.number else "left",
            no_wrap=True,
            width=cw,
        )
    for r in rows:
        table.add_row(
            *(
                cell if c.number else shorten(cell, cw)
                for c, cw, cell in zip(cols, w, r, strict=True)
            )
        )
    return table


__all__ = ["Col", "fit_table", "shorten", "widths"]
