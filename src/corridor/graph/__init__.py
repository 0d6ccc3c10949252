"""The compiled graph: CSR arrays plus per-edge criteria.

``compile`` (which needs pandas) is imported on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from corridor.graph.model import CRITERIA, Criterion, EdgeKind, Graph

if TYPE_CHECKING:
    from corridor.graph.compiler import compile


def __getattr__(name: str) -> Any:
    if name == "compile":
        from corridor.graph.compiler import compile

        return compile
    msg = f"module 'corridor.graph' has no attribute {name!r}"
    raise AttributeError(msg)


__all__ = ["CRITERIA", "Criterion", "EdgeKind", "Graph", "compile"]
