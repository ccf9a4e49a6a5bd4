"""Reading a report and writing a draft without ever overwriting a file.

:func:`write_new` is private to ``draft`` for now (other commands that write new files may share it
later): the text goes to a temporary file in the target's folder, is flushed to disk, and is then
*linked* to the target name — ``link`` fails when the name exists, so an existing file is never replaced,
not even by a race, and a reader never sees half a file.
"""

from __future__ import annotations

import stat
import sys
from pathlib import Path

from diplotrack.problems import DiplotrackError
from diplotrack.writefiles import WriteError, create

MAX_REPORT_BYTES = 2 * 1024 * 1024
"""The largest report read (a long article is some 50 kB)."""


class DraftFileError(DiplotrackError):
    """A report that cannot be read, or a draft that cannot be written."""


def read_report(name: str) -> str:
    """The text of a report file (``-``: standard input), as UTF-8."""
    if name == "-":
        data = sys.stdin.buffer.read(MAX_REPORT_BYTES + 1)
        where = "standard input"
    else:
        path = Path(name)
        try:
            info = path.stat()
            if not stat.S_ISREG(info.st_mode):
                raise DraftFileError(f"{name}: not a regular file; give a text file or - for standard input")
            with path.open("rb") as handle:
                data = handle.read(MAX_REPORT_BYTES + 1)
        except FileNotFoundError:
            raise DraftFileError(f"{name}: no such file") from None
        except OSError as exc:
            raise DraftFileError(f"{name}: cannot read it: {exc.strerror}") from None
        where = name
    if len(data) > MAX_REPORT_BYTES:
        raise DraftFileError(f"{where}: more than {MAX_REPORT_BYTES:,} bytes; draft one article at a time")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DraftFileError(
            f"{where}: not UTF-8 text (byte {exc.start}); save the article as UTF-8 plain text"
        ) from None


def write_new(path: Path, text: str) -> None:
    """Write ``text`` to a new file at ``path``, atomically; an existing file is an error, never replaced."""
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise DraftFileError(f"{path}: the folder {folder} does not exist")
    try:
        created = create(path, text.encode("utf-8"))
    except WriteError as exc:
        raise DraftFileError(str(exc)) from None
    if not created:
        raise DraftFileError(f"{path}: the file exists; drafts never overwrite, choose a new name")
