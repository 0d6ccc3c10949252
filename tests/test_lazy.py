"""The lazy re-export tables: the TYPE_CHECKING imports repeat exactly the runtime table."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest


@pytest.mark.parametrize(
    "package", ["corridor", "corridor.graph", "corridor.scenarios", "corridor.results"]
)
def test_type_checking_block_matches_the_table(package: str) -> None:
    module = importlib.import_module(package)
    tree = ast.parse(Path(str(module.__file__)).read_text())
    static: dict[str, set[str]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and getattr(node.test, "id", "") == "TYPE_CHECKING":
            for imp in node.body:
                assert isinstance(imp, ast.ImportFrom) and imp.module
                static.setdefault(imp.module, set()).update(a.name for a in imp.names)
    table = {m: set(names) for m, names in module._LAZY.items()}
    assert static == table
    for names in table.values():
        for name in names:
            assert name in module.__all__
            assert getattr(module, name) is getattr(
                importlib.import_module(next(m for m, n in table.items() if name in n)), name
            )
