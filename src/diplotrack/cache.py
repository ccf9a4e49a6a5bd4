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
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from diplotrack import __version__

T = TypeVar("T")

SCHEMA = 3
BUSY_TIMEOUT = 10.0
"""Seconds to wait for another process's write before answering without the cache."""
"""Bump when what is stored changes shape."""
FILE_NAME = "index.sqlite"
DATASET_FOLDER = ".diplotrack"


@dataclass(frozen=True)
class FileKey:
    """What identifies a file's content without reading it."""

    size: int
    mtime_ns: int

    @classmethod
    def of(cls, path: Path) -> FileKey | None:
        """The key of a file, or ``None`` when it cannot be stat'ed (it is then always parsed)."""
        try:
            info = path.stat()
        except OSError:
            return None
        return cls(info.st_size, info.st_mtime_ns)


@dataclass(frozen=True)
class Row:
    """The indexed columns of one visit."""

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
    result BLOB NOT NULL, records INTEGER NOT NULL, valid INTEGER NOT NULL, unreadable INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS visits (
    path BLOB NOT NULL, ord INTEGER NOT NULL, origin TEXT, destination TEXT NOT NULL, start TEXT NOT NULL,
    "end" TEXT NOT NULL, type TEXT, status TEXT, visit BLOB NOT NULL, PRIMARY KEY (path, ord)
);
CREATE INDEX IF NOT EXISTS visits_destination ON visits (destination, start);
CREATE INDEX IF NOT EXISTS visits_origin ON visits (origin, start);
CREATE INDEX IF NOT EXISTS visits_start ON visits (start);
CREATE TABLE IF NOT EXISTS reports (key TEXT PRIMARY KEY, report BLOB NOT NULL);
"""


class CacheUnavailable(Exception):
    """The cache cannot be used for this run (locked); the caller goes on without it."""


@dataclass
class IndexCache:
    """One dataset's cache; use :func:`open_cache`."""

    path: Path
    connection: sqlite3.Connection
    warnings: list[str] = field(default_factory=list)

    def close(self) -> None:
        """Close the connection."""
        self.connection.close()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction (a busy database raises :class:`CacheUnavailable`)."""
        try:
            self.connection.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise CacheUnavailable(str(exc)) from exc
        try:
            yield self.connection
        except BaseException:
            self.connection.execute("ROLLBACK")
            raise
        self.connection.execute("COMMIT")

    def keys(self) -> dict[bytes, tuple[int, int, str]]:
        """Every cached file's size, mtime and fingerprint, by path."""
        rows = self.connection.execute("SELECT path, size, mtime_ns, fingerprint FROM files")
        return {path: (size, mtime, fingerprint) for path, size, mtime, fingerprint in rows}

    def results(self, paths: Sequence[bytes]) -> dict[bytes, Any]:
        """The cached file results (unpickled) of the given paths."""
        found: dict[bytes, Any] = {}
        for chunk in _chunks(paths):
            marks = ",".join("?" * len(chunk))
            for path, blob in self.connection.execute(
                f"SELECT path, result FROM files WHERE path IN ({marks})", chunk
            ):
                found[path] = pickle.loads(blob)
        return found

    def counts(self, paths: Sequence[bytes]) -> dict[bytes, tuple[int, int, bool]]:
        """Records, valid records and whether the file could not be read, by path."""
        found: dict[bytes, tuple[int, int, bool]] = {}
        for chunk in _chunks(paths):
            marks = ",".join("?" * len(chunk))
            rows = self.connection.execute(
                f"SELECT path, records, valid, unreadable FROM files WHERE path IN ({marks})", chunk
            )
            found |= {path: (records, valid, bool(unreadable)) for path, records, valid, unreadable in rows}
        return found

    def store(self, entries: Iterable[tuple[bytes, FileKey, str, Any, Sequence[tuple[Row, Any]]]]) -> None:
        """Replace the rows of files: (path, key, fingerprint, result, [(row, visit)])."""
        with self.transaction() as db:
            for path, key, fingerprint, result, visits in entries:
                db.execute("DELETE FROM visits WHERE path = ?", (path,))
                db.execute(
                    "INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (path, key.size, key.mtime_ns, fingerprint, pickle.dumps(result, protocol=5),
                     len(result.records), len(visits), int(result.unreadable)),
                )  # fmt: skip
                db.executemany(
                    'INSERT INTO visits VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
                    [
                        (path, ord_, row.origin, row.destination, row.start, row.end, row.type, row.status,
                         pickle.dumps(visit, protocol=5))
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

    def visits(self, paths: Sequence[bytes], where: str = "", params: Sequence[Any] = ()) -> list[Any]:
        """Unpickled visits of the given files that satisfy an SQL condition, in file order."""
        found: list[Any] = []
        order = {path: index for index, path in enumerate(paths)}
        condition = f" AND ({where})" if where else ""
        rows = self.connection.execute(
            f"SELECT path, ord, visit FROM visits WHERE 1{condition}", tuple(params)
        )
        selected = sorted((order[path], ord_, blob) for path, ord_, blob in rows if path in order)
        found.extend(pickle.loads(blob) for _, _, blob in selected)
        return found

    def report(self, key: str) -> Any | None:
        """A stored validation report."""
        row = self.connection.execute("SELECT report FROM reports WHERE key = ?", (key,)).fetchone()
        return None if row is None else pickle.loads(row[0])

    def store_report(self, key: str, report: Any) -> None:
        """Keep one report (the last one)."""
        with self.transaction() as db:
            db.execute("DELETE FROM reports")
            db.execute("INSERT INTO reports VALUES (?, ?)", (key, pickle.dumps(report, protocol=5)))


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
        import platformdirs

        folder = Path(os.environ.get("DIPLOTRACK_CACHE_DIR") or platformdirs.user_cache_dir("diplotrack"))
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
