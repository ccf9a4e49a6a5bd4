"""Reading the files of a dataset, and the built-in data files, without trusting them.

Every file diplotrack reads from a dataset goes through :func:`read_file`: only regular files are
read (a FIFO would block forever, a device never ends), a link is followed only when it stays inside
the dataset (so a pull request cannot make ``validate`` print ``/etc/passwd`` into a CI log), and a
file larger than :data:`MAX_FILE_BYTES` is refused before it is read. Anything else is a problem at
the file, never an exception.
"""

from __future__ import annotations

import hashlib
import marshal
import operator
import os
import stat
from collections.abc import Iterable, Iterator
from importlib import resources
from pathlib import Path

from diplotrack import __version__
from diplotrack.problems import DiplotrackError, Position, Problem, Rule

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
            # As many bytes as the file had, and one more to see whether it grew since (then up to the
            # limit): asking for the limit at once would allocate 20 MiB for every small file.
            data = handle.read(info.st_size + 1)
            if len(data) > info.st_size:
                data += handle.read(MAX_FILE_BYTES + 1 - len(data))
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


Key = tuple[int, int]
"""What identifies a file's content without reading it: its size and modification time (ns)."""
Listing = list[tuple[str, Key | None]]
"""Files with their keys (``None``: it could not be stat'ed, so it is always read), in a stable order."""


def list_yaml(folder: str) -> Listing:
    """Every ``*.yaml``/``*.yml`` below a folder with its key, in the order of their sorted paths; hidden
    folders and links to folders are not entered (no loops). A folder named like a YAML file is listed too:
    :func:`read_file` reports it rather than it being skipped silently.

    Plain strings and one ``scandir`` per folder: a warm query stats every file of the dataset (that is what
    makes the cache never stale), and at 100,000 files ``pathlib`` objects would cost more than the stats. A
    YAML name is stat'ed at once (the stat says whether it is a folder); other names only asked ``is_dir``."""
    found: Listing = []
    try:
        with os.scandir(folder) as listed:
            entries = sorted(listed, key=_NAME)
    except OSError:
        return found
    for entry in entries:
        name = entry.name
        if name.endswith(YAML_SUFFIXES):
            try:
                info = entry.stat()
            except OSError:
                found.append((entry.path, None))  # a link to nothing: read_file reports it
                continue
            if stat.S_ISDIR(info.st_mode) and name.startswith("."):
                continue
            found.append((entry.path, (info.st_size, info.st_mtime_ns)))
            if stat.S_ISDIR(info.st_mode) and not entry.is_symlink():
                found.extend(list_yaml(entry.path))
        elif not name.startswith("."):
            try:
                folder_below = entry.is_dir() and not entry.is_symlink()
            except OSError:
                continue
            if folder_below:
                found.extend(list_yaml(entry.path))
    return found


_NAME = operator.attrgetter("name")


def list_files(paths: Iterable[Path]) -> Listing:
    """The YAML files below the given files and folders (a file given is listed as it is), with keys."""
    found: Listing = []
    for path in paths:
        if path.is_dir() and not path.is_symlink():
            found.extend(list_yaml(str(path)))
        else:
            try:
                info = path.stat()
                found.append((str(path), (info.st_size, info.st_mtime_ns)))
            except OSError:
                found.append((str(path), None))
    return found


def fingerprint(listing: Listing, *more: str) -> str:
    """One hash of a listing (every path and key) and ``more``: equal only when no file changed."""
    # marshal: plain strings, ints and tuples, written 3x faster than pickle does (100,000 files: 20 ms)
    digest = hashlib.sha256(marshal.dumps(listing))
    for text in more:
        digest.update(b"\0" + text.encode())
    return digest.hexdigest()


def yaml_files(folder: Path) -> list[Path]:
    """Every ``*.yaml``/``*.yml`` below a folder, in a stable order (see :func:`list_yaml`)."""
    return [Path(name) for name, _ in list_yaml(str(folder))]


COUNTRIES_FILE = "countries.yaml"
REGISTRY_FOLDERS = ("people", "groups")


def registry_stamps(root: Path) -> tuple[str, str]:
    """Fingerprints of what a dataset's records are read against, without parsing anything: the first of
    diplotrack's version and ``countries.yaml`` (what parsing a visit file depends on), the second of that
    and every file of ``people/`` and ``groups/`` (what the cross-record rules depend on too)."""
    data = read_file(root / COUNTRIES_FILE, root)
    countries_key = hashlib.sha256(
        f"{__version__}\n".encode() + (data if isinstance(data, bytes) else b"")
    ).hexdigest()
    listing = list_files(root / folder for folder in REGISTRY_FOLDERS if (root / folder).is_dir())
    return countries_key, fingerprint(listing, countries_key)


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


class DatasetNotFound(DiplotrackError):
    """No dataset folder could be found."""


def find_dataset(explicit: Path | None = None, start: Path | None = None) -> Path:
    """The dataset root: ``explicit`` if given, else the nearest folder upward with ``visits/``."""
    if explicit is not None:
        if not explicit.is_dir():
            raise DatasetNotFound(f"dataset folder {explicit} does not exist")
        if not (explicit / "visits").is_dir():
            if explicit.name == "visits":
                return explicit.parent  # --data pointed at the visits/ folder itself
            raise DatasetNotFound(
                f"{explicit} has no visits/ folder; point --data at the folder that holds visits/"
            )
        return explicit
    cwd = Path.cwd().resolve()
    here = (start or cwd).resolve()
    for folder in (here, *here.parents):
        if (folder / "visits").is_dir():
            # Paths relative to the working folder read better and are what CI annotations need.
            return folder.relative_to(cwd) if folder.is_relative_to(cwd) else folder
    raise DatasetNotFound(
        f"no dataset found: neither {here} nor a folder above it has a visits/ folder; "
        "pass --data PATH or set DIPLOTRACK_DATA"
    )
