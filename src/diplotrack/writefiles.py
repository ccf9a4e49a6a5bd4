"""Writing files without ever losing one: the two ways diplotrack puts bytes on disk.

Both write the bytes to a temporary file in the target's folder first and ``fsync`` it, so a
crash or a full disk leaves either the old file or the new one, never half of either:

* :func:`write_new` creates a file that did not exist. It publishes the temporary file with
  ``os.link``, which fails when the name is taken, so two processes that pick the same name at the
  same moment both succeed under different names (``-2``, ``-3``, … before the extension) and
  neither overwrites the other.
* :func:`create` is :func:`write_new` without numbered names: ``False`` when the name is taken.
* :func:`replace` rewrites a file a command exists to rewrite (``fmt``, ``export --force``, a re-import):
  ``os.replace`` swaps the new content in at once and the file keeps its permission bits (a missing file is
  created). With ``expected``, it refuses when the file no longer holds those bytes (someone changed it).

Every file diplotrack writes goes through this module.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
from collections.abc import Container
from pathlib import Path

from diplotrack.problems import DiplotrackError

MAX_SUFFIX = 1000
"""``write_new`` gives up after this many taken names."""


class WriteError(DiplotrackError):
    """A file could not be written."""


def write_new(path: Path, data: bytes, *, avoid: Container[str] = ()) -> Path:
    """Create ``path`` with ``data``, or ``stem-2.ext``, ``stem-3.ext``, … when the name is taken; never overwrites.

    ``avoid`` holds further stems to skip (such as record ids in use elsewhere). Missing folders are
    created. Returns the path written.
    """
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        temporary = _write_temporary(
            folder, path.name, data, mode=0o666
        )  # the umask applies, as for any new file
    except OSError as exc:
        raise WriteError(f"cannot write in {folder}: {exc.strerror}") from None
    try:
        for number in range(1, MAX_SUFFIX + 1):
            candidate = path if number == 1 else path.with_name(f"{path.stem}-{number}{path.suffix}")
            if candidate.stem in avoid:
                continue
            try:
                _publish(temporary, candidate, data)
            except FileExistsError:
                continue
            _sync_folder(folder)
            return candidate
        raise WriteError(f"{path} and {MAX_SUFFIX - 1} numbered variants exist already; choose another name")
    except OSError as exc:
        raise WriteError(f"cannot write {path}: {exc.strerror}") from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()


def create(path: Path, data: bytes) -> bool:
    """Create ``path`` with ``data`` atomically; ``False`` (and nothing written) when the name is taken."""
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        temporary = _write_temporary(folder, path.name, data, mode=0o666)
    except OSError as exc:
        raise WriteError(f"cannot write in {folder}: {exc.strerror}") from None
    try:
        _publish(temporary, path, data)
    except FileExistsError:
        return False
    except OSError as exc:
        raise WriteError(f"cannot write {path}: {exc.strerror}") from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
    _sync_folder(folder)
    return True


class ChangedMeanwhile(WriteError):
    """The file no longer holds what it held when the new content was computed."""


def replace(path: Path, data: bytes, *, expected: bytes | None = None) -> None:
    """Replace the content of a file atomically, keeping its permission bits (a missing file is created).

    A link is followed: the file it points to is rewritten and the link stays. With ``expected``, the
    file must still hold those bytes, else :class:`ChangedMeanwhile` and nothing is written.
    """
    target = path.resolve()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        mode = stat.S_IMODE(target.stat().st_mode) if target.exists() else 0o666 & ~_umask()
        temporary = _write_temporary(target.parent, target.name, data, mode=mode)
    except OSError as exc:
        raise WriteError(f"cannot write {path}: {exc.strerror}") from None
    if expected is not None:
        try:
            current = target.read_bytes()
        except OSError:
            current = None
        if current != expected:
            temporary.unlink(missing_ok=True)
            raise ChangedMeanwhile(f"{path} changed meanwhile; it was left as it is, run the command again")
    try:
        os.chmod(temporary, mode)  # the umask may have narrowed the mode given to open()
        os.replace(temporary, target)
        _sync_folder(target.parent)
    except OSError as exc:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
        raise WriteError(f"cannot write {path}: {exc.strerror}") from None


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _write_temporary(folder: Path, name: str, data: bytes, *, mode: int) -> Path:
    """A hidden file next to the target holding ``data``, flushed to disk."""
    while True:
        temporary = folder / f".{name}.{secrets.token_hex(6)}.tmp"
        try:
            descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
        except FileExistsError:  # pragma: no cover - 48 random bits
            continue
        break
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return temporary


def _publish(temporary: Path, target: Path, data: bytes) -> None:
    """Give the temporary file the name ``target``; :class:`FileExistsError` when the name is taken."""
    try:
        os.link(temporary, target)
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV):
            raise
        # A file system without hard links: create the name exclusively and write into it.
        descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())


def _sync_folder(folder: Path) -> None:
    """Make the new name durable (POSIX); a no-op where folders cannot be opened."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - Windows
        return
    try:
        os.fsync(descriptor)
    except OSError:  # pragma: no cover - some file systems refuse fsync on folders
        pass
    finally:
        os.close(descriptor)
