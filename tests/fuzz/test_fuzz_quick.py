"""The quick fuzz (CI): a few hundred generated networks, scenario files and TNTP folders.

Every case must be accepted with a sound answer or rejected with one line of corridor's own
error; any other exception is a crash. The long mode (``python tools/fuzz.py``, at least
10,000 cases per kind, with hang and memory limits) is documented in docs/fuzzing.md.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from generators import KINDS

CASES = {"network": 120, "scenario": 200, "tntp": 120}
SCALE = float(os.environ.get("CORRIDOR_FUZZ_SCALE", "1"))


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_quick_fuzz_has_no_crash(kind: str, tmp_path: Path) -> None:
    outcomes: dict[str, int] = {}
    crashes: list[str] = []
    for seed in range(int(CASES[kind] * SCALE)):
        try:
            outcome = KINDS[kind](seed, tmp_path)
        except Exception as exc:  # a crash: what the fuzzer looks for
            import traceback

            where = traceback.extract_tb(exc.__traceback__)[-1]
            crashes.append(
                f"{kind} seed {seed}: {type(exc).__name__} at {Path(where.filename).name}:"
                f"{where.lineno}: {str(exc)[:200]}"
            )
            continue
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    assert not crashes, "\n".join(crashes[:10])
    # the generators exercise both sides: some inputs pass, some are refused
    assert outcomes.get("accepted", 0) > 0 and outcomes.get("rejected", 0) > 0, outcomes


def test_generators_are_seeded(tmp_path: Path) -> None:
    import random

    from generators import _tntp_texts

    assert _tntp_texts(random.Random("tntp-7")) == _tntp_texts(random.Random("tntp-7"))


@pytest.mark.parametrize(("kind", "seed"), [("network", 6901)])
def test_cases_the_long_fuzz_found_stay_fixed(kind: str, seed: int, tmp_path: Path) -> None:
    # network 6901: a calendar 'months' cell of 5,000 digits was int()-ed before its range
    # check (ValueError: Exceeds the limit (4300 digits) for integer string conversion)
    assert KINDS[kind](seed, tmp_path) == "rejected"
