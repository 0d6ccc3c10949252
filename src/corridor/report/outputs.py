"""Write output files and folders all at once: a temporary sibling, renamed when complete.

Every writer of user-facing outputs (CSV, JSON, PNG, a folder of them) goes through
:func:`atomic_file` or :func:`atomic_folder`, so an interrupt or an error never leaves a
half-written file or a folder with some of its files: the target either keeps its old
content (or stays absent) or gets the whole new one. Files get the permissions a plain
``open()`` would give them (``0666`` less the umask, usually ``0644``) and folders ``0777``
less the umask, not the ``0600`` / ``0700`` of ``tempfile``.
"""

from __future__ import annotations

import os
import secrets
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from corridor.errors import InputError


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _sibling(target: Path, tag: str) -> Path:
    return target.with_name(f".{target.name}.{tag}-{secrets.token_hex(4)}")


def check_target(path: str | Path, *, folder: bool = False, replace: bool = False) -> Path:
    """Refuse an output target that would clobber something, before any work is done.

    An existing file is refused unless ``replace``; so is a non-empty folder (for a folder
    output) or any folder (for a file output), and a target whose parent is not a folder.

    Raises
    ------
    InputError
        Naming the path and what is in the way.
    """
    target = Path(path)
    what = "folder" if folder else "file"
    if target.is_dir():
        if not folder:
            msg = f"{target}: is a folder; give a file name for the output {what}"
            raise InputError(msg)
        if any(target.iterdir()) and not replace:
            msg = f"{target}: folder exists and is not empty (use --force to replace it)"
            raise InputError(msg)
    elif target.exists() or target.is_symlink():
        if folder or not replace:
            hint = "" if folder else " (use --force to overwrite it)"
            msg = f"{target}: a file of that name exists{hint}"
            raise InputError(msg)
    parent = target.parent
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent
    if not parent.is_dir():
        msg = f"{target}: {parent} is not a folder"
        raise InputError(msg)
    return target


@contextmanager
def atomic_file(path: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success it replaces ``path``.

    The caller writes the whole file to the yielded path (with ``open``, pandas,
    matplotlib ...). On any exception, including KeyboardInterrupt, the temporary file is
    removed and ``path`` is left as it was.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = _sibling(target, "tmp")
    try:
        yield tmp
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


@contextmanager
def atomic_folder(path: str | Path, *, replace: bool = False) -> Iterator[Path]:
    """Yield a temporary folder beside ``path``; on success it is renamed to ``path``.

    An existing empty folder at ``path`` is replaced; a non-empty one only with
    ``replace`` (its old content is removed once the new folder is in place). On any
    exception the temporary folder is removed and ``path`` is left as it was.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = _sibling(target, "tmp")
    tmp.mkdir()  # 0777 less the umask, as a plain mkdir
    try:
        yield tmp
        old: Path | None = None
        if target.is_dir() and (replace or not any(target.iterdir())):
            old = _sibling(target, "old")
            target.rename(old)
        try:
            tmp.rename(target)
        except BaseException:
            if old is not None:
                old.rename(target)
            raise
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
