"""The network model users edit: validated tables (pandas is imported on first use).

Load a network with :func:`corridor.load` (the network of the day) or
:meth:`Network.from_dir` (the undated tables of a folder)."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from corridor.network.schema import Mode, NodeKind, Status

if TYPE_CHECKING:
    from corridor.network.calendar import on_date
    from corridor.network.model import Network, check_dir

_LAZY = {"Network": "model", "check_dir": "model", "on_date": "calendar"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(f"corridor.network.{_LAZY[name]}"), name)
    msg = f"module 'corridor.network' has no attribute {name!r}"
    raise AttributeError(msg)


__all__ = ["Mode", "Network", "NodeKind", "Status", "check_dir", "on_date"]
