"""The index cache: what each visit file holds, kept in SQLite so that a query need not parse the dataset.

A :class:`~diplotrack.loader.FileResult` depends only on the file's path and bytes and on the dataset's
country names (records are clock-free), so it is cached under the file's path, size and modification time
(ns), next to a fingerprint of everything else it depends on: diplotrack's version, this cache's schema,
and ``countries.yaml``. A file whose key differs is parsed again; a file that is gone is forgotten.

Each visit is also a row with indexed columns (visitor's country, destination, dates, type, status), so a
selective query reads only the rows it needs. The report of a warm ``validate`` is kept under a key made of
every file's key, the registries' fingerprint and "today", and recomputed only when one of them changes.

Never stale, never fatal: a cache that cannot be opened, is corrupt, truncated or of another version is
rebuilt with one warning; a locked one is skipped for this run (the answer is computed without it). SQLite's
write-ahead log lets two processes use it at once.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import sqlite3
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from diplotrack import __version__
from diplotrack.datafiles import Key

T = TypeVar("T")

SCHEMA = 6
"""Bump when what is stored changes shape."""
BUSY_TIMEOUT = 10.0
"""Seconds to wait for another process's write before answering without the cache."""
FILE_NAME = "index.sqlite"
DATASET_FOLDER = ".diplotrack"


@dataclass(frozen=True)
class Row:
    """The indexed columns of one visit (``id`` with the dates gives the order of a query's answer)."""

    id: str
    origin: str | None
    destination: str
    start: str
    end: str
    type: str | None
    status: str | None


def location(root: Path) -> Path:
    """Where a dataset's cache lives: ``DIPLOTRACK_CACHE_DIR``, else ``<dataset>/.diplotrack/``, else (a
    read-only dataset) the user's cache folder; the latter two named after the dataset's absolute path."""
    explicit = os.environ.get("DIPLOTRACK_CACHE_DIR")
    tag = hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:16]
    if explicit:
        return Path(explicit) / f"index-{tag}.sqlite"
    folder = root / DATASET_FOLDER
    if os.access(root, os.W_OK) and (not folder.exists() or os.access(folder, os.W_OK)):
        return folder / FILE_NAME
    import platformdirs  # only read-only datasets need it

    return Path(platformdirs.user_cache_dir("diplotrack")) / f"index-{tag}.sqlite"


_TABLES = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS files (
    path BLOB PRIMARY KEY, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL, fingerprint TEXT NOT NULL,
    records INTEGER NOT NULL, valid INTEGER NOT NULL, unreadable INTEGER NOT NULL, result BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS visits (
    path BLOB NOT NULL, ord INTEGER NOT NULL, id TEXT NOT NULL, origin TEXT, destination TEXT NOT NULL,
    start TEXT NOT NULL, "end" TEXT NOT NULL, type TEXT, status TEXT, visit BLOB NOT NULL,
    PRIMARY KEY (path, ord)
);
CREATE TABLE IF NOT EXISTS snapshot (fingerprint TEXT NOT NULL, totals BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS checks (path BLOB PRIMARY KEY, stamp TEXT NOT NULL, checked BLOB NOT NULL);
CREATE INDEX IF NOT EXISTS visits_destination ON visits (destination, start);
CREATE INDEX IF NOT EXISTS visits_origin ON visits (origin, start);
CREATE INDEX IF NOT EXISTS visits_start ON visits (start);
CREATE TABLE IF NOT EXISTS reports (key TEXT PRIMARY KEY, report BLOB NOT NULL);
"""


class CacheUnavailable(Exception):
    """The cache cannot be used for this run (locked); the caller goes on without it."""


class CacheDamaged(CacheUnavailable):
    """Something in the cache could not be read back (a damaged page or pickle): the caller goes on without
    it and :meth:`IndexCache.discard` s it, so the next run builds it anew."""


def _unpickle(blob: bytes) -> Any:
    try:
        return pickle.loads(blob)
    except Exception as exc:  # a damaged pickle can fail in any of a dozen ways
        raise CacheDamaged(f"a stored value could not be read ({type(exc).__name__})") from exc


@dataclass
class IndexCache:
    """One dataset's cache; use :func:`open_cache`."""

    path: Path
    connection: sqlite3.Connection
    warnings: list[str] = field(default_factory=list)
    discarded: bool = False
    """Found damaged and removed during this run: not to be used again."""

    def close(self) -> None:
        """Close the connection."""
        self.connection.close()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction; a busy database, or one that cannot be written, raises
        :class:`CacheUnavailable` (after rolling back)."""
        try:
            self.connection.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise CacheUnavailable(str(exc)) from exc
        try:
            yield self.connection
            self.connection.execute("COMMIT")
        except sqlite3.Error as exc:  # a full disk, a file gone read-only: this run goes on without it
            with contextlib.suppress(sqlite3.Error):
                self.connection.execute("ROLLBACK")
            raise CacheUnavailable(str(exc)) from exc
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                self.connection.execute("ROLLBACK")
            raise

    @contextlib.contextmanager
    def reading(self) -> Iterator[None]:
        """Reads: a busy database raises :class:`CacheUnavailable`, a damaged one :class:`CacheDamaged`."""
        try:
            yield
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                raise CacheUnavailable(str(exc)) from exc
            raise CacheDamaged(str(exc)) from exc
        except sqlite3.DatabaseError as exc:
            raise CacheDamaged(str(exc)) from exc

    def discard(self) -> None:
        """Close and remove a damaged cache (the next run builds it anew)."""
        self.discarded = True
        self.connection.close()
        with contextlib.suppress(OSError):
            _remove(self.path)

    def entries(self) -> dict[bytes, Entry]:
        """Every cached file's key, fingerprint and counts, by path (no pickle is read: blobs come last)."""
        with self.reading():
            rows = self.connection.execute(
                "SELECT path, size, mtime_ns, fingerprint, records, valid, unreadable FROM files"
            )
            return {
                path: Entry((size, mtime), fingerprint, records, valid, bool(unreadable))
                for path, size, mtime, fingerprint, records, valid, unreadable in rows
            }

    def snapshot(self) -> tuple[str, Totals] | None:
        """The fingerprint of the whole listing the cache was last brought up to date with, and its totals."""
        with self.reading():
            row = self.connection.execute("SELECT fingerprint, totals FROM snapshot").fetchone()
        if row is None:
            return None
        totals = _unpickle(row[1])
        return (row[0], totals) if isinstance(totals, Totals) else None

    def set_snapshot(self, fingerprint: str, totals: Totals, gone: Iterable[bytes] = ()) -> None:
        """Record that every file of a listing (``fingerprint``) is cached as it is now, and forget files
        that are ``gone`` from it."""
        self.forget(gone)
        with self.transaction() as db:
            db.execute("DELETE FROM snapshot")
            db.execute("INSERT INTO snapshot VALUES (?, ?)", (fingerprint, pickle.dumps(totals, protocol=5)))

    def results(self, paths: Sequence[bytes]) -> dict[bytes, Any]:
        """The cached file results (unpickled) of the given paths."""
        found: dict[bytes, Any] = {}
        with self.reading():
            for chunk in _chunks(paths):
                marks = ",".join("?" * len(chunk))
                for path, blob in self.connection.execute(
                    f"SELECT path, result FROM files WHERE path IN ({marks})", chunk
                ):
                    found[path] = _unpickle(blob)
        return found

    def store(self, entries: Iterable[tuple[bytes, Key, str, Any, Sequence[tuple[Row, bytes]]]]) -> None:
        """Replace the rows of files: (path, key, fingerprint, result, [(row, pickled visit)])."""
        with self.transaction() as db:
            for path, (size, mtime_ns), fingerprint, result, visits in entries:
                db.execute("DELETE FROM visits WHERE path = ?", (path,))
                db.execute(
                    "INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (path, size, mtime_ns, fingerprint, len(result.records), len(visits),
                     int(result.unreadable), pickle.dumps(result, protocol=5)),
                )  # fmt: skip
                db.executemany(
                    "INSERT INTO visits VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        (path, ord_, row.id, row.origin, row.destination, row.start, row.end, row.type,
                         row.status, visit)
                        for ord_, (row, visit) in enumerate(visits)
                    ],
                )  # fmt: skip

    def forget(self, paths: Iterable[bytes]) -> None:
        """Drop files that are gone."""
        gone = [(path,) for path in paths]
        if gone:
            with self.transaction() as db:
                db.executemany("DELETE FROM visits WHERE path = ?", gone)
                db.executemany("DELETE FROM files WHERE path = ?", gone)
                db.executemany("DELETE FROM checks WHERE path = ?", gone)

    def visits(self, paths: Sequence[bytes]) -> list[Any]:
        """Unpickled visits of the given files, in file order."""
        order = {path: index for index, path in enumerate(paths)}
        with self.reading():
            rows = self.connection.execute("SELECT path, ord, visit FROM visits")
            selected = sorted((order[path], ord_, blob) for path, ord_, blob in rows if path in order)
        return [_unpickle(blob) for _, _, blob in selected]

    def select(
        self, where: str, params: Sequence[Any], newest_first: bool = False
    ) -> Iterator[tuple[bytes, Any]]:
        """The visits whose rows satisfy an SQL condition, with their file, in the order of a query's answer
        (start, end, id; then file and place in it), unpickled one at a time as they are taken."""
        way = " DESC" if newest_first else ""
        order = ", ".join(f"{column}{way}" for column in ("start", '"end"', "id", "path", "ord"))
        with self.reading():
            rows = self.connection.execute(
                f"SELECT path, visit FROM visits WHERE {where or 1} ORDER BY {order}", tuple(params)
            )
            for path, blob in rows:
                yield path, _unpickle(blob)

    def checks(self, paths: Collection[bytes], stamp: str) -> dict[bytes, Any]:
        """What validation kept of the given files (unpickled), checked against registries and a day (``stamp``)."""
        with self.reading():
            rows = self.connection.execute("SELECT path, checked FROM checks WHERE stamp = ?", (stamp,))
            return {path: _unpickle(blob) for path, blob in rows if path in paths}

    def store_checks(self, entries: Iterable[tuple[bytes, str, Any]]) -> None:
        """Replace what validation kept of files: (path, stamp, checked)."""
        with self.transaction() as db:
            db.executemany(
                "INSERT OR REPLACE INTO checks VALUES (?, ?, ?)",
                ((path, stamp, pickle.dumps(checked, protocol=5)) for path, stamp, checked in entries),
            )

    def report(self, key: str) -> Any | None:
        """A stored validation report."""
        with self.reading():
            row = self.connection.execute("SELECT report FROM reports WHERE key = ?", (key,)).fetchone()
        return None if row is None else _unpickle(row[0])

    def store_report(self, key: str, report: Any) -> None:
        """Keep one report (the last one)."""
        with self.transaction() as db:
            db.execute("DELETE FROM reports")
            db.execute("INSERT INTO reports VALUES (?, ?)", (key, pickle.dumps(report, protocol=5)))


@dataclass(frozen=True)
class Entry:
    """What the cache knows of one file without reading its pickle."""

    key: Key
    fingerprint: str
    records: int
    valid: int
    unreadable: bool

    def matches(self, key: Key | None, fingerprint: str) -> bool:
        """Whether this entry is current for a file with that key, parsed against that fingerprint."""
        return key is not None and self.key == key and self.fingerprint == fingerprint


@dataclass(frozen=True)
class Totals:
    """Counts over every file of a snapshot, so a warm query need not read a row per file."""

    files: int
    records: int
    valid: int
    unreadable: tuple[bytes, ...]

    @classmethod
    def of(cls, counts: Iterable[tuple[bytes, int, int, bool]]) -> Totals:
        """Totals of files given as (path, records, valid records, unreadable)."""
        files = list(counts)
        return cls(
            files=len(files),
            records=sum(records for _, records, _, _ in files),
            valid=sum(valid for _, _, valid, _ in files),
            unreadable=tuple(path for path, _, _, unreadable in files if unreadable),
        )


def _chunks(items: Sequence[bytes], size: int = 500) -> Iterator[Sequence[bytes]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def open_cache(root: Path) -> IndexCache:
    """The dataset's cache, created, or rebuilt (with a warning in ``.warnings``) when it is unreadable or
    of another version; :class:`CacheUnavailable` when it is locked or cannot be made at all."""
    path = location(root)
    warnings: list[str] = []
    for attempt in (1, 2):
        try:
            connection = _connect(path)
            return IndexCache(path, connection, warnings)
        except _Foreign as foreign:
            warnings.append(f"the index cache {path} was {foreign}; rebuilt it")
        except sqlite3.DatabaseError as exc:
            if attempt == 2 or "locked" in str(exc) or "busy" in str(exc):
                raise CacheUnavailable(f"{path}: {exc}") from exc
            warnings.append(f"the index cache {path} could not be read ({exc}); rebuilt it")
        except OSError as exc:
            raise CacheUnavailable(f"{path}: {exc.strerror}") from exc
        _remove(path)
    raise CacheUnavailable(f"{path}: could not be rebuilt")


class _Foreign(Exception):
    """A cache of another diplotrack version or schema."""


def _connect(path: Path) -> sqlite3.Connection:
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.parent.name == DATASET_FOLDER and not (path.parent / ".gitignore").exists():
        (path.parent / ".gitignore").write_text("*\n", encoding="utf-8")
    connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT, isolation_level=None)
    try:
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=NORMAL")
        connection.executescript(_TABLES)
        version = dict(connection.execute("SELECT key, value FROM meta").fetchall())
        wanted = {"schema": str(SCHEMA), "version": __version__}
        if not version:
            connection.executemany("INSERT OR IGNORE INTO meta VALUES (?, ?)", list(wanted.items()))
        elif version != wanted:
            raise _Foreign(
                f"made by diplotrack {version.get('version')} (cache schema {version.get('schema')})"
            )
        connection.execute("SELECT count(*) FROM files").fetchone()
    except BaseException:
        with contextlib.suppress(sqlite3.Error):
            connection.close()
        raise
    return connection


def _remove(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            Path(f"{path}{suffix}").unlink()


def remembered(name: str, key: str, compute: Callable[[], T]) -> T:
    """``compute()``, kept as a pickle in the user's cache folder under ``name`` and ``key`` (built-in data
    that takes a while to read: the person registry, the translation index). Any failure to read or write
    the pickle only means computing again."""
    if os.environ.get("DIPLOTRACK_NO_CACHE"):
        return compute()
    try:
        folder = Path(os.environ.get("DIPLOTRACK_CACHE_DIR") or _user_cache_dir())
    except Exception:  # pragma: no cover - no cache folder on this system
        return compute()
    digest = hashlib.sha256(f"{__version__}\0{SCHEMA}\0{key}".encode()).hexdigest()[:20]
    path = folder / f"{name}-{digest}.pickle"
    with contextlib.suppress(Exception):
        value: T = pickle.loads(path.read_bytes())
        return value
    value = compute()
    with contextlib.suppress(OSError, pickle.PicklingError):
        folder.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{os.getpid()}")
        temporary.write_bytes(pickle.dumps(value, protocol=5))
        os.replace(temporary, path)
    return value


def _user_cache_dir() -> str:
    import platformdirs  # not needed when DIPLOTRACK_CACHE_DIR says where

    return platformdirs.user_cache_dir("diplotrack")


def package_stamp(*folders: Path) -> str:
    """A fingerprint of data files (names, sizes, mtimes), for :func:`remembered` keys."""
    stamp = hashlib.sha256()
    for folder in folders:
        for path in sorted(folder.iterdir()) if folder.is_dir() else []:
            if not path.is_file():
                continue
            info = path.stat()
            stamp.update(f"{path.name}\0{info.st_size}\0{info.st_mtime_ns}\n".encode())
    return stamp.hexdigest()
