"""Rendering of results to files: charts and tables (formatting only, no modelling)."""
