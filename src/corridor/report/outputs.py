"""Write output files and folders all at once: a temporary sibling, renamed when complete.

Every writer of user-facing outputs (CSV, JSON, PNG, a folder of them) goes through
:func:`atomic_file` or :func:`atomic_folder`, so an interrupt or an error never leaves a
half-written file or a folder with some of its files: the target either keeps its old
content (or stays absent) or gets the whole new one. Files get the permissions a plain
``open()`` would give them (``0666`` less the umask, usually ``0644``) and folders ``0777``
less the umask, not the ``0600`` / ``0700`` of ``tempfile``.
"""

from __future__ import annotations

import errno
import os
import secrets
import shutil
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from corridor import _signals
from corridor._files import fsync_path
from corridor.errors import InputError


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _sibling(target: Path, tag: str) -> Path:
    return target.with_name(f".{target.name}.{tag}-{secrets.token_hex(4)}")


def _identity(path: Path) -> tuple[int, ...] | None:
    """What is at ``path`` (device, inode, and for a file its size and time), or None."""
    try:
        st = path.lstat()
    except FileNotFoundError:
        return None
    if stat.S_ISDIR(st.st_mode):
        return (st.st_dev, st.st_ino)
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


_EXPECTED: dict[str, tuple[int, ...] | None] = {}
"""What each checked target held when :func:`check_target` looked (before the work)."""


def _kind(mode: int) -> str:
    for test, name in (
        (stat.S_ISFIFO, "a FIFO (named pipe)"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a device"),
        (stat.S_ISBLK, "a device"),
    ):
        if test(mode):
            return name
    return "not a regular file"


def check_target(path: str | Path, *, folder: bool = False, replace: bool = False) -> Path:
    """Refuse an output target that would clobber something, before any work is done.

    An existing file is refused unless ``replace``; so is a non-empty folder (for a folder
    output) or any folder (for a file output). Refused even with ``replace``: a symbolic
    link, a FIFO, a socket or a device; the current folder, its parents and the home folder
    (``--out .``); a target whose parent folder is missing or not writable.

    Raises
    ------
    InputError
        Naming the path and what is in the way.
    """
    target = Path(path)
    what = "folder" if folder else "file"
    if str(path).strip() in ("", ".", "./") or target.name in ("", ".", ".."):
        msg = f"--out {str(path)!r}: give a new {what} name for the output, not the current folder"
        raise InputError(msg)
    try:
        st: os.stat_result | None = target.lstat()
    except FileNotFoundError:
        st = None
    except OSError as exc:
        msg = f"{target}: cannot be checked ({exc.strerror or exc})"
        raise InputError(msg) from None
    if st is not None:
        _check_existing(target, st, folder=folder, replace=replace)
    parent = target.parent
    if not parent.is_dir():
        state = "is not a folder" if parent.exists() else "does not exist"
        msg = f"{target}: the folder {parent} {state}"
        raise InputError(msg)
    if not os.access(parent, os.W_OK | os.X_OK):
        msg = f"{target}: the folder {parent} is not writable"
        raise InputError(msg)
    _EXPECTED[str(target.absolute())] = _identity(target)
    return target


def _check_existing(target: Path, st: os.stat_result, *, folder: bool, replace: bool) -> None:
    what = "folder" if folder else "file"
    if stat.S_ISLNK(st.st_mode):
        msg = f"{target}: is a symbolic link; outputs are not written through links (remove it or give another name)"
        raise InputError(msg)
    if stat.S_ISDIR(st.st_mode):
        if not folder:
            msg = f"{target}: is a folder; give a file name for the output {what}"
            raise InputError(msg)
        resolved = target.resolve()
        protected = {Path.cwd().resolve(), Path.home().resolve(), *Path.cwd().resolve().parents}
        if resolved in protected:
            msg = f"{target}: is the current folder, one of its parents or the home folder; give a new folder name"
            raise InputError(msg)
        if any(target.iterdir()) and not replace:
            msg = f"{target}: folder exists and is not empty (use --force to replace it)"
            raise InputError(msg)
        return
    if not stat.S_ISREG(st.st_mode):
        msg = (
            f"{target}: is {_kind(st.st_mode)}, not a regular file; not replaced, even with --force"
        )
        raise InputError(msg)
    if folder or not replace:
        hint = "" if folder else " (use --force to overwrite it)"
        msg = f"{target}: a file of that name exists{hint}"
        raise InputError(msg)


def _expected(target: Path) -> tuple[int, ...] | None:
    """What the target held when it was checked (now, if it was not checked)."""
    key = str(target.absolute())
    return _EXPECTED.pop(key) if key in _EXPECTED else _identity(target)


def _conflict(target: Path) -> InputError:
    return InputError(
        f"{target}: written or changed by another process while this one worked; "
        "not replaced (run again, with --force to replace it)"
    )


def _named(exc: OSError, target: Path) -> OSError:
    """``exc`` naming ``target`` when it names no file (a full disk while writing)."""
    if exc.filename is None:
        return OSError(exc.errno, exc.strerror or str(exc), str(target))
    return exc


def _commit_file(tmp: Path, target: Path, expected: tuple[int, ...] | None) -> None:
    """Put ``tmp`` in place of ``target`` unless another process changed it meanwhile."""
    os.chmod(tmp, 0o666 & ~_umask())
    fsync_path(tmp)
    if _identity(target) != expected:
        raise _conflict(target)
    if expected is None:  # never replace a file that appeared meanwhile
        try:
            os.link(tmp, target)
        except FileExistsError:
            raise _conflict(target) from None
        except OSError:  # a file system without hard links: rename (tiny race left)
            os.replace(tmp, target)
        else:
            tmp.unlink()
    else:
        os.replace(tmp, target)
    fsync_path(target.parent)


@contextmanager
def atomic_file(path: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success it replaces ``path``.

    The caller writes the whole file to the yielded path (with ``open``, pandas,
    matplotlib ...). On any exception, including KeyboardInterrupt and SIGTERM, the
    temporary file is removed and ``path`` is left as it was. If another process wrote
    ``path`` meanwhile, nothing is replaced (InputError). Once the file is in place the
    command finishes (:func:`corridor._signals.output_in_place`).
    """
    target = Path(path)
    expected = _expected(target)
    tmp = _sibling(target, "tmp")
    try:
        yield tmp
        with _signals.deferred():
            _commit_file(tmp, target, expected)
            _signals.output_in_place()
    except BaseException as exc:
        with _signals.deferred(raise_pending=False):
            tmp.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise _named(exc, target) from exc
        raise


@contextmanager
def atomic_folder(path: str | Path, *, replace: bool = False) -> Iterator[Path]:
    """Yield a temporary folder beside ``path``; on success it is renamed to ``path``.

    An existing empty folder at ``path`` is replaced; a non-empty one only with
    ``replace`` (its old content is removed once the new folder is in place). On any
    exception the temporary folder is removed and ``path`` is left as it was; if another
    process wrote ``path`` meanwhile, nothing is replaced (InputError).
    """
    target = Path(path)
    expected = _expected(target)
    tmp = _sibling(target, "tmp")
    try:
        with _signals.deferred():
            tmp.mkdir()  # 0777 less the umask, as a plain mkdir
        yield tmp
        with _signals.deferred():
            old = _commit_folder(tmp, target, expected, replace=replace)
            _signals.output_in_place()
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException as exc:
        with _signals.deferred(raise_pending=False):
            shutil.rmtree(tmp, ignore_errors=True)
        if isinstance(exc, OSError):
            raise _named(exc, target) from exc
        raise


def _commit_folder(
    tmp: Path, target: Path, expected: tuple[int, ...] | None, *, replace: bool
) -> Path | None:
    """Rename ``tmp`` to ``target``; return the old folder moved aside (to delete)."""
    for f in tmp.iterdir():
        fsync_path(f)
    if _identity(target) != expected:
        raise _conflict(target)
    old: Path | None = None
    if target.is_dir() and not target.is_symlink() and (replace or not any(target.iterdir())):
        old = _sibling(target, "old")
        target.rename(old)
    try:
        tmp.rename(target)  # fails if another process put a non-empty folder there
    except OSError as exc:
        if old is not None:
            old.rename(target)
        if exc.errno in (errno.EEXIST, errno.ENOTEMPTY):
            raise _conflict(target) from None
        raise
    fsync_path(target.parent)
    return old
