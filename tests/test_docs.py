"""docs/README.md gives a reading order that links every document (issue 13, item 11)."""

from __future__ import annotations

import re
from pathlib import Path

DOCS = Path(__file__).resolve().parents[1] / "docs"


def test_the_reading_order_links_every_doc() -> None:
    text = (DOCS / "README.md").read_text(encoding="utf-8")
    linked = set(re.findall(r"\]\(([\w.-]+\.md)\)", text))
    docs = {p.name for p in DOCS.glob("*.md")} - {"README.md"}
    assert docs <= linked, f"not in docs/README.md: {sorted(docs - linked)}"
    assert linked - {"../README.md"} <= docs | {"README.md"}, "a link to a missing document"
