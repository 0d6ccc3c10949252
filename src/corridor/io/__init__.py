"""Readers and writers, one module per format; each returns plain tables."""

from __future__ import annotations
