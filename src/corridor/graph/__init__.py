"""The compiled graph: CSR structure, edge table and labels.

``compile`` (which needs pandas) is imported on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from corridor._lazy import attach
from corridor.graph.model import (
    CRITERIA,
    STOP_EDGES,
    Criterion,
    Csr,
    EdgeKind,
    EdgeTable,
    Graph,
    Labels,
    Subgraph,
    VertexKind,
    subgraph,
)

_LAZY = {"corridor.graph.compiler": ("compile",)}

if TYPE_CHECKING:  # the same table, for type checkers
    from corridor.graph.compiler import compile as compile

__getattr__, __dir__, _NAMES = attach(__name__, _LAZY)

__all__ = [
    "CRITERIA",
    "STOP_EDGES",
    "Criterion",
    "Csr",
    "EdgeKind",
    "EdgeTable",
    "Graph",
    "Labels",
    "Subgraph",
    "VertexKind",
    "subgraph",
    *_NAMES,
]
