"""The one error tree of corridor. Every error is also a builtin error."""

from __future__ import annotations


class CorridorError(Exception):
    """Base class of every error corridor raises on purpose."""


class InputError(ValueError, CorridorError):
    """Bad input: a file, a table, a column or an argument is wrong."""


class UnknownIdError(KeyError, CorridorError):
    """An id (place, link, crossing, country) that the network does not have."""

    def __str__(self) -> str:  # KeyError quotes its message; we want it plain
        return str(self.args[0]) if self.args else ""


class AmbiguousPlaceError(UnknownIdError):
    """A place name that fits several places equally well; ``candidates`` holds their ids."""

    def __init__(self, message: str, candidates: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.candidates = candidates


class NoRouteError(CorridorError):
    """No route exists between two places under the given constraints."""


class MissingExtraError(ImportError, CorridorError):
    """An optional dependency is missing; the message names the extra to install."""
