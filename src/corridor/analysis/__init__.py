"""Analyses that compose paths and assignment: freight flows on the region, corridor
comparisons, sensitivity. Re-exports load on first use (``corridor compare`` does not pay
for importing the assignment kernels)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from corridor._lazy import attach

_LAZY = {
    "corridor.analysis.flows": ("FreightFlows", "freight_flows"),
}

if TYPE_CHECKING:
    from corridor.analysis.flows import FreightFlows as FreightFlows
    from corridor.analysis.flows import freight_flows as freight_flows

__getattr__, __dir__, _NAMES = attach(__name__, _LAZY)

__all__ = ["FreightFlows", "freight_flows"]
