"""Calibration and validation against published figures (analysis layer)."""

from __future__ import annotations

from corridor.calibration.evaluate import evaluate, family_summary, summary, summary_line
from corridor.calibration.figures import load_figures
from corridor.calibration.provenance import with_provenance

__all__ = [
    "evaluate",
    "family_summary",
    "load_figures",
    "summary",
    "summary_line",
    "with_provenance",
]
