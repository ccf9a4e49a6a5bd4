"""Reading the files of a dataset, and the built-in data files, without trusting them.

Every file diplotrack reads from a dataset goes through :func:`read_file`: only regular files are
read (a FIFO would block forever, a device never ends), a link is followed only when it stays inside
the dataset (so a pull request cannot make ``validate`` print ``/etc/passwd`` into a CI log), and a
file larger than :data:`MAX_FILE_BYTES` is refused before it is read. Anything else is a problem at
the file, never an exception.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

from diplotrack.problems import Position, Problem, Rule

MAX_FILE_BYTES = 20 * 1024 * 1024
"""The largest file read: 20 MiB (about 50,000 records as a list file)."""
YAML_SUFFIXES = (".yaml", ".yml")


def _inside(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


def read_file(path: Path, root: Path) -> bytes | Problem:
    """The bytes of a regular file inside ``root`` (links are followed only within it), else a problem."""
    try:
        info = path.lstat()
        if stat.S_ISLNK(info.st_mode):
            target = path.resolve(strict=True)
            if not _inside(target, root.resolve()):
                return _unsafe(path, "is a link to a file outside the dataset; diplotrack does not follow it")
            info = target.stat()
        if stat.S_ISDIR(info.st_mode):
            return _unsafe(path, "is a folder, not a file; rename it so it does not end in .yaml")
        if not stat.S_ISREG(info.st_mode):
            return _unsafe(path, "is not a regular file (a FIFO, socket or device); replace it with a file")
        if info.st_size > MAX_FILE_BYTES:
            return Problem(
                Position(path),
                Rule.FILE_TOO_LARGE,
                f"the file has {info.st_size:,} bytes, more than the limit of {MAX_FILE_BYTES:,}; split it",
            )
        # O_NONBLOCK: should the file be swapped for a FIFO after the check, opening it still does not block.
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(descriptor, "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        return Problem(Position(path), Rule.UNREADABLE, "no such file, or a link to nothing")
    except RuntimeError:  # a loop of links (Python < 3.13 raises RuntimeError from resolve)
        return _unsafe(path, "is a link that leads in a loop; replace it with a file")
    except OSError as exc:
        if exc.errno == 40:  # ELOOP
            return _unsafe(path, "is a link that leads in a loop; replace it with a file")
        return Problem(Position(path), Rule.UNREADABLE, f"cannot read the file: {exc.strerror}")
    if len(data) > MAX_FILE_BYTES:
        return Problem(
            Position(path), Rule.FILE_TOO_LARGE, f"the file grew beyond {MAX_FILE_BYTES:,} bytes; split it"
        )
    return data


def _unsafe(path: Path, what: str) -> Problem:
    return Problem(Position(path), Rule.UNSAFE_FILE, f"{path.name} {what}")


def yaml_files(folder: Path) -> list[Path]:
    """Every ``*.yaml``/``*.yml`` below a folder, in a stable order; hidden folders and links to folders are skipped."""
    found: list[Path] = []
    for parent, dirs, names in os.walk(folder):  # os.walk does not follow links to folders: no loops
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found.extend(Path(parent, name) for name in names if name.endswith(YAML_SUFFIXES))
        # A folder named like a YAML file is reported by read_file, not silently skipped.
        found.extend(Path(parent, d) for d in dirs if d.endswith(YAML_SUFFIXES))
    return sorted(found)


def dataset_files(folder: Path, root: Path) -> Iterator[tuple[Path, bytes | Problem]]:
    """The YAML files of a dataset folder (``people/``, ``groups/``) with their bytes or a problem."""
    if folder.is_dir():
        for path in yaml_files(folder):
            yield path, read_file(path, root)


def builtin_folder(kind: str) -> Path:
    """The folder of built-in data of one kind (an installed package's files are plain files)."""
    return Path(str(resources.files("diplotrack.data").joinpath(kind)))


def builtin_files(kind: str) -> Iterator[tuple[Path, bytes]]:
    """The YAML files shipped in ``diplotrack/data/<kind>``, named ``<diplotrack>/<kind>/<file>``."""
    package = resources.files("diplotrack.data").joinpath(kind)
    for entry in sorted(package.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(YAML_SUFFIXES):
            yield Path("<diplotrack>", kind, entry.name), entry.read_bytes()
