"""The map step of loading: file results from the index cache where it is current, parsed otherwise.

Parsing is spread over a process pool when many files are new (a cold ``validate`` uses every core);
results are put together in the order of the files, so the output never depends on scheduling.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import pickle
import sqlite3
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

from diplotrack.cache import CacheUnavailable, FileKey, IndexCache, Row
from diplotrack.countries import CountryResolver
from diplotrack.filters import Sql
from diplotrack.loader import (
    FileResult,
    Registries,
    load_countries,
    load_file,
    load_registries,
    merge,
    visit_files,
)
from diplotrack.model import Visit
from diplotrack.rules import Report, validate
from diplotrack.yamlsource import gc_paused


@dataclass(frozen=True)
class Selection(FileResult):
    """A cached file of which only the visits a query may match were read (its counts come from the cache)."""

    counted: int = 0
    broken: bool = False

    @property
    def record_count(self) -> int:
        """How many records the file holds."""
        return self.counted

    @property
    def unreadable(self) -> bool:
        """Whether (part of) the file could not be read."""
        return self.broken


POOL_THRESHOLD = 400
"""Fewer new files than this are parsed in this process (starting workers costs about 0.3 s)."""
Progress = Callable[[int, int], None]


def row_of(visit: Visit) -> Row:
    """The indexed columns of a visit."""
    return Row(
        origin=visit.visitor.country.code if visit.visitor.country else None,
        destination=visit.destination.country.code,
        start=visit.start.first_day.isoformat(),
        end=visit.end.last_day.isoformat(),
        type=visit.type.value if visit.type else None,
        status=visit.status.value if visit.status else None,
    )


def parse_all(
    files: Sequence[Path],
    root: Path,
    countries: CountryResolver,
    workers: int,
    progress: Progress | None = None,
) -> list[FileResult]:
    """Parse files, in a pool of ``workers`` processes when there are many."""
    if workers <= 1 or len(files) < POOL_THRESHOLD:
        results = []
        for done, file in enumerate(files, start=1):
            results.append(load_file(file, root, countries))
            if progress is not None:
                progress(done, len(files))
        return results
    chunk = max(50, len(files) // (workers * 8))
    batches = [files[i : i + chunk] for i in range(0, len(files), chunk)]
    results = []
    with ProcessPoolExecutor(max_workers=workers, initializer=_start_worker, initargs=(root,)) as pool:
        for batch_results in pool.map(_parse_batch, batches):
            results.extend(batch_results)
            if progress is not None:
                progress(len(results), len(files))
    return results


_WORKER: dict[str, object] = {}


def _start_worker(root: Path) -> None:
    # Each worker builds the dataset's country resolver once (it is cheaper than sending it).
    _WORKER["root"] = root
    _WORKER["countries"] = load_countries(root / "countries.yaml", root, [])


def _parse_batch(files: Sequence[Path]) -> list[FileResult]:
    root, countries = _WORKER["root"], _WORKER["countries"]
    assert isinstance(root, Path) and isinstance(countries, CountryResolver)
    return [load_file(file, root, countries) for file in files]


def default_workers() -> int:
    """Every core this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def load_files(
    files: Sequence[Path],
    root: Path,
    registries: Registries,
    cache: IndexCache | None,
    *,
    workers: int = 1,
    forget_others: bool = False,
    progress: Progress | None = None,
    where: Sql | None = None,
) -> list[FileResult]:
    """Every file's result, in order: from the cache when its key and fingerprint match, parsed otherwise
    (and then stored). With ``forget_others``, cached files not among ``files`` are dropped (a full scan).
    With ``where``, cached files bring only the visits whose rows satisfy it (and no record references)."""
    if cache is None:
        return parse_all(files, root, registries.countries, workers, progress)
    try:
        return _through_cache(files, root, registries, cache, workers, forget_others, progress, where)
    except CacheUnavailable as exc:
        cache.warnings.append(f"the index cache is busy ({exc}); answered without it")
        return parse_all(files, root, registries.countries, workers, progress)


def _through_cache(
    files: Sequence[Path],
    root: Path,
    registries: Registries,
    cache: IndexCache,
    workers: int,
    forget_others: bool,
    progress: Progress | None,
    where: Sql | None,
) -> list[FileResult]:
    names = [os.fsencode(file) for file in files]  # bytes: a file name need not be valid UTF-8
    keys = {name: FileKey.of(file) for name, file in zip(names, files, strict=True)}
    cached = cache.keys()
    current = [
        name
        for name in names
        if (key := keys[name]) is not None
        and cached.get(name) == (key.size, key.mtime_ns, registries.countries_key)
    ]
    fresh = set(current)
    stale = [file for name, file in zip(names, files, strict=True) if name not in fresh]
    parsed = parse_all(stale, root, registries.countries, workers, progress)
    storable = [
        (os.fsencode(result.path), key, registries.countries_key, replace(result, visits=()),
         [(row_of(v), v) for v in result.visits])
        for result in parsed
        if (key := keys[os.fsencode(result.path)]) is not None
    ]  # fmt: skip
    cache.store(storable)
    if forget_others:
        cache.forget(set(cached) - set(names))
    by_name = {os.fsencode(result.path): result for result in parsed}
    if where is not None:
        counts = cache.counts(current)
        chosen = _visits_by_file(cache, current, where)
        for name in current:
            records, valid, unreadable = counts[name]
            by_name[name] = Selection(
                Path(os.fsdecode(name)),
                tuple(chosen.get(name, ())),
                valid=valid,
                counted=records,
                broken=unreadable,
            )
        return [by_name[name] for name in names]
    stored = cache.results(current)
    visits = _visits_by_file(cache, current)
    for name in current:
        by_name[name] = replace(stored[name], visits=tuple(visits.get(name, ())))
    return [by_name[name] for name in names]


def _visits_by_file(
    cache: IndexCache, names: Sequence[bytes], where: Sql | None = None
) -> dict[bytes, list[Visit]]:
    grouped: dict[bytes, list[Visit]] = {}
    condition, params = where or ("", ())
    for visit in cache.visits(names, condition, params):
        grouped.setdefault(os.fsencode(visit.position.file), []).append(visit)
    return grouped


def validation_key(files: Sequence[Path], registries: Registries, today: str) -> str:
    """What a validation report depends on: every file's key, the registries, "today" and the version."""
    stamp = hashlib.sha256(f"{registries.stamp}\0{today}\0{registries.countries_key}\n".encode())
    for file in files:
        key = FileKey.of(file)
        stamp.update(os.fsencode(file) + f"\0{key}\n".encode())
    return stamp.hexdigest()


def validate_dataset(
    root: Path,
    paths: Sequence[Path] | None,
    today: dt.date,
    cache: IndexCache | None,
    *,
    workers: int = 1,
    progress: Progress | None = None,
) -> Report:
    """Validate a dataset; with a cache, the report is recomputed only when a file, a registry or the day
    changed, and only new or changed files are parsed."""
    registries = load_registries(root)
    files = list(visit_files(paths if paths is not None else [root / "visits"]))
    key = validation_key(files, registries, today.isoformat())
    if cache is not None:
        with contextlib.suppress(sqlite3.Error, pickle.UnpicklingError, AttributeError, EOFError):
            stored = cache.report(key)
            if isinstance(stored, Report):
                return stored
    with gc_paused():
        results = load_files(
            files, root, registries, cache, workers=workers, forget_others=paths is None, progress=progress
        )
        report = validate(merge(root, registries, results), today)
    if cache is not None:
        with contextlib.suppress(CacheUnavailable, sqlite3.Error):
            cache.store_report(key, report)
    return report
