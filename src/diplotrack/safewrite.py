"""Writing files without ever leaving half a file or clobbering someone else's.

Every file diplotrack writes goes through here. The bytes go to a temporary file in the target's folder
(so the final step is a rename on one file system), are flushed to disk with ``fsync``, and only then
take the target's name. :func:`write_new` never replaces anything: the name is taken with a hard link,
which fails when the name exists, so two writers racing for one name cannot overwrite each other.
:func:`replace_file` is for the few commands whose purpose is to rewrite a file (``export --force``).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from diplotrack.problems import DiplotrackError


def _current_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_UMASK = _current_umask()


class WriteError(DiplotrackError):
    """A file could not be written (permissions, a full disk, a missing folder)."""


@contextlib.contextmanager
def _temporary(path: Path, data: bytes) -> Iterator[Path]:
    """A synced temporary file with ``data`` beside ``path``; removed afterwards if still there."""
    descriptor, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    temporary = Path(name)
    try:
        # mkstemp makes the file private (0600); a data file gets the mode any new file would get.
        os.fchmod(descriptor, 0o666 & ~_UMASK)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        yield temporary
    finally:
        temporary.unlink(missing_ok=True)


def _sync_folder(folder: Path) -> None:
    """Make the new name itself durable (a no-op where folders cannot be opened)."""
    with contextlib.suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def write_new(path: Path, data: bytes) -> bool:
    """Create ``path`` with ``data`` atomically; ``False`` (and nothing written) when ``path`` exists."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with _temporary(path, data) as temporary:
            try:
                os.link(temporary, path)
            except FileExistsError:
                return False
            except OSError:
                # No hard links here (some network and FAT file systems): reserve the name exclusively,
                # then move the complete file over the empty reservation.
                try:
                    os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644))
                except FileExistsError:
                    return False
                os.replace(temporary, path)
        _sync_folder(path.parent)
    except OSError as exc:
        raise WriteError(f"cannot write {path}: {exc.strerror or exc}") from None
    return True


def replace_file(path: Path, data: bytes) -> None:
    """Write ``path`` atomically, replacing it if it exists: readers see the old file or the new one."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with _temporary(path, data) as temporary:
            os.replace(temporary, path)
        _sync_folder(path.parent)
    except OSError as exc:
        raise WriteError(f"cannot write {path}: {exc.strerror or exc}") from None
