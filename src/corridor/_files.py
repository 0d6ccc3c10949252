"""Durable writes shared by the writers of outputs (:mod:`corridor.report.outputs`) and the
graph cache: flush a file or folder to disk before or after a rename."""

from __future__ import annotations

import os
from pathlib import Path


def fsync_path(path: Path) -> None:
    """``fsync`` a file or folder, best effort: a file system that cannot (or a path that
    is gone) is no error, the rename that follows is what makes an output whole."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
