"""Tables a reader can follow (issue 13, item 9): at 80 columns no line is wider and no
number is cut ("1,380,0…"); ids may be shortened, numbers never."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from corridor.cli._tables import Col, fit_table, widths

Cli = Callable[[list[str]], tuple[int, str, str]]
CUT_NUMBER = re.compile(r"(?<![\w:.>-])[-+]?\d[\d,.]*…")
COMMANDS = [
    ["route", "almaty", "karachi"],
    ["compare", "almaty", "karachi"],
    ["pareto", "almaty", "karachi"],
    ["flows", "--gap", "1e-3"],
    ["critical", "--demand", "region", "--what", "crossings", "--top", "8"],
    ["validate-data", "--kind", "price"],
    ["scenario", "diff", "ktap_built", "--demand", "region", "--date", "2025-06-01"],
    ["network", "info"],
]


@pytest.mark.parametrize("args", COMMANDS, ids=[" ".join(a[:2]) for a in COMMANDS])
def test_80_columns_and_whole_numbers(cli: Cli, args: list[str]) -> None:
    code, out, err = cli(args)  # the cli fixture's terminal is 80 columns wide
    assert code == 0, err
    lines = out.splitlines()
    assert lines and max(len(x) for x in lines) <= 80, max(lines, key=len)
    cut = [x for x in lines if CUT_NUMBER.search(x)]
    assert not cut, cut


def test_fit_table_shortens_text_never_numbers() -> None:
    from rich.console import Console

    cols = [Col("id"), Col("TEU/yr", number=True), Col("place")]
    rows = [["by_brest__pl_malaszewicze__rail", "1,380,211,123", "by_brest - pl_malaszewicze"]]
    w = widths(cols, rows, 40)
    assert w[1] == len("1,380,211,123") and sum(w) + 4 <= 40
    console = Console(width=40, record=True)
    console.print(fit_table(cols, rows, 40))
    text = console.export_text()
    assert "1,380,211,123" in text and "by_brest__" in text and "…" in text
    assert max(len(x) for x in text.splitlines()) <= 40
