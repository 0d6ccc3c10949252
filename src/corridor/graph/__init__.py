"""The compiled graph: CSR arrays plus per-edge criteria."""

from corridor.graph.compile import compile
from corridor.graph.model import CRITERIA, Criterion, EdgeKind, Graph

__all__ = ["CRITERIA", "Criterion", "EdgeKind", "Graph", "compile"]
