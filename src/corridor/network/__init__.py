"""The network model users edit: six validated tables."""

from corridor.network.model import Network, check_dir, load
from corridor.network.schema import Mode, NodeKind, Status

__all__ = ["Mode", "Network", "NodeKind", "Status", "check_dir", "load"]
