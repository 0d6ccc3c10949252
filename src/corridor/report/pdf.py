"""The report's charts as a PDF (matplotlib's PdfPages: no extra dependency).

The PDF holds the charts, one per page, in the order given; the map and the table stay in
the HTML report (the PDF is a companion for printing the charts, not a copy of the page).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from corridor.errors import InputError

if TYPE_CHECKING:
    from matplotlib.figure import Figure


def write_pdf(figures: Iterable[Figure], path: str | Path, *, title: str = "") -> Path:
    """Write the figures to one PDF, one per page, atomically.

    Raises
    ------
    InputError
        With no figure.
    """
    from matplotlib.backends.backend_pdf import PdfPages

    from corridor.report.outputs import atomic_file

    figs = list(figures)
    if not figs:
        raise InputError("a PDF report needs at least one figure")
    target = Path(path)
    with (
        atomic_file(target) as tmp,
        PdfPages(tmp, metadata={"Title": title or target.stem}) as pages,
    ):
        for fig in figs:
            pages.savefig(fig)
    return target
