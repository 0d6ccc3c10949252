"""Analyses that compose paths and assignment: freight flows on the region."""

from corridor.analysis.flows import FreightFlows, freight_flows

__all__ = ["FreightFlows", "freight_flows"]
