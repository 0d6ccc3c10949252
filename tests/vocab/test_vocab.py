"""The one vocabulary: importable without numpy or pandas, and the schema uses it."""

from __future__ import annotations

import subprocess
import sys

from corridor import vocab
from corridor.network import schema


def test_vocab_imports_nothing_heavy() -> None:
    code = (
        "import sys, corridor.vocab; "
        "heavy = {'numpy', 'pandas'} & set(sys.modules); print(sorted(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_schema_re_exports_the_vocabulary() -> None:
    assert schema.Mode is vocab.Mode
    assert schema.Status is vocab.Status
    assert schema.GAUGES_MM == vocab.GAUGES_MM == (1000, 1067, 1435, 1520, 1676)
    assert vocab.Mode.RAIL == "rail"
    assert vocab.LegKind.GAUGE_CHANGE in vocab.STOP_LEGS
    assert [s.value for s in vocab.STATUSES] == [
        "existing",
        "under_construction",
        "planned",
        "closed",
    ]
