"""Route search: one-to-one routes and k alternatives over the compiled graph."""

from corridor.paths.alternatives import alternatives
from corridor.paths.route import Constraints, make_constraints, route

__all__ = ["Constraints", "alternatives", "make_constraints", "route"]
