"""The map step of loading: file results from the index cache where it is current, parsed otherwise.

Parsing is spread over a process pool when many files are new (a cold ``validate`` uses every core);
results are put together in the order of the files, so the output never depends on scheduling.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import pickle
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from diplotrack.cache import CacheUnavailable, IndexCache, Row, Totals
from diplotrack.datafiles import Listing, fingerprint, list_files, registry_stamps
from diplotrack.problems import Report

# The parser, the country data and the rules are imported where files are parsed: a warm ``validate`` or
# query whose files are all in the cache must not pay for PyYAML and pycountry (tests/test_startup.py).
if TYPE_CHECKING:
    from diplotrack.countries import CountryResolver
    from diplotrack.loader import FileResult, Registries
    from diplotrack.model import Visit
    from diplotrack.query import Wanted


@dataclass(frozen=True)
class Selection:
    """The visits a query may need from the cached files, and counts over those files (from the cache):
    one stand-in for many :class:`~diplotrack.loader.FileResult` in :func:`~diplotrack.loader.merge`."""

    visits: tuple[Visit, ...]
    totals: Totals
    problems: tuple[()] = ()
    records: tuple[()] = ()

    @property
    def valid_records(self) -> int:
        """How many of the files' records are valid."""
        return self.totals.valid

    @property
    def record_count(self) -> int:
        """How many records the files hold."""
        return self.totals.records

    @property
    def file_count(self) -> int:
        """How many files this stands for."""
        return self.totals.files

    @property
    def unreadable_paths(self) -> tuple[Path, ...]:
        """The files that could not be read (in part)."""
        return tuple(Path(os.fsdecode(name)) for name in self.totals.unreadable)


POOL_THRESHOLD = 400
"""Fewer new files than this are parsed in this process (starting workers costs about 0.3 s)."""
Progress = Callable[[int, int], None]


def row_of(visit: Visit) -> Row:
    """The indexed columns of a visit."""
    return Row(
        id=visit.id,
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
    from diplotrack.loader import load_file

    if workers <= 1 or len(files) < POOL_THRESHOLD:
        results = []
        for done, file in enumerate(files, start=1):
            results.append(load_file(file, root, countries))
            if progress is not None:
                progress(done, len(files))
        return results
    from concurrent.futures import ProcessPoolExecutor

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
    from diplotrack.loader import load_countries

    # Each worker builds the dataset's country resolver once (it is cheaper than sending it).
    _WORKER["root"] = root
    _WORKER["countries"] = load_countries(root / "countries.yaml", root, [])


def _parse_batch(files: Sequence[Path]) -> list[FileResult]:
    from diplotrack.loader import load_file

    root, countries = _WORKER["root"], _WORKER["countries"]
    assert isinstance(root, Path)
    return [load_file(file, root, countries) for file in files]  # type: ignore[arg-type]


def default_workers() -> int:
    """Every core this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def load_files(
    listing: Listing,
    root: Path,
    registries: Registries,
    cache: IndexCache | None,
    *,
    workers: int = 1,
    forget_others: bool = False,
    progress: Progress | None = None,
    wanted: Wanted | None = None,
) -> list[FileResult | Selection]:
    """Every file's result, in order: from the cache when its key and fingerprint match, parsed otherwise
    (and then stored). ``forget_others`` says the listing is the whole dataset: cached files not in it are
    dropped, and the cache remembers the listing, so that the next run with the same listing need not
    compare file by file. With ``wanted``, the cached files are one :class:`Selection` (after the parsed
    ones) that brings only the visits the query may need."""
    if cache is None:
        return list(
            parse_all([Path(name) for name, _ in listing], root, registries.countries, workers, progress)
        )
    try:
        return _through_cache(listing, root, registries, cache, workers, forget_others, progress, wanted)
    except CacheUnavailable as exc:
        cache.warnings.append(f"the index cache is busy ({exc}); answered without it")
        return list(
            parse_all([Path(name) for name, _ in listing], root, registries.countries, workers, progress)
        )


def _through_cache(
    listing: Listing,
    root: Path,
    registries: Registries,
    cache: IndexCache,
    workers: int,
    forget_others: bool,
    progress: Progress | None,
    wanted: Wanted | None,
) -> list[FileResult | Selection]:
    whole = fingerprint(listing, registries.countries_key) if forget_others else None
    snapshot = cache.snapshot() if whole is not None else None
    if snapshot is not None and snapshot[0] == whole and wanted is not None:
        # Nothing changed since the cache last saw the whole dataset: no file needs comparing.
        return [_selection(cache, wanted, snapshot[1], None)]
    names = [os.fsencode(name) for name, _ in listing]  # bytes: a file name need not be valid UTF-8
    keys = dict(zip(names, (key for _, key in listing), strict=True))
    entries = cache.entries()
    current = [
        name
        for name in names
        if (key := keys[name]) is not None
        and (entry := entries.get(name)) is not None
        and entry.key == key
        and entry.fingerprint == registries.countries_key
    ]
    fresh = set(current)
    stale = [Path(os.fsdecode(name)) for name in names if name not in fresh]
    parsed = parse_all(stale, root, registries.countries, workers, progress)
    storable = [
        (name, key, registries.countries_key, replace(result, visits=()), [(row_of(v), v) for v in result.visits])
        for result in parsed
        if (key := keys[(name := os.fsencode(result.path))]) is not None
    ]  # fmt: skip
    cache.store(storable)
    if whole is not None:
        cache.forget(set(entries) - set(names))
        counted = [entries[name] for name in current]
        cache.set_snapshot(
            whole,
            Totals(
                files=len(names),
                records=sum(e.records for e in counted) + sum(r.record_count for r in parsed),
                valid=sum(e.valid for e in counted) + sum(r.valid_records for r in parsed),
                unreadable=tuple(n for n in names if n in fresh and entries[n].unreadable)
                + tuple(os.fsencode(r.path) for r in parsed if r.unreadable),
            ),
        )
    if wanted is not None:
        counted = [entries[name] for name in current]
        totals = Totals(
            files=len(current),
            records=sum(e.records for e in counted),
            valid=sum(e.valid for e in counted),
            unreadable=tuple(name for name in current if entries[name].unreadable),
        )
        return [*parsed, _selection(cache, wanted, totals, fresh)]
    by_name: dict[bytes, FileResult] = {os.fsencode(result.path): result for result in parsed}
    stored = cache.results(current)
    visits = _visits_by_file(cache, current)
    for name in current:
        by_name[name] = replace(stored[name], visits=tuple(visits.get(name, ())))
    return [by_name[name] for name in names]


def _selection(cache: IndexCache, wanted: Wanted, totals: Totals, fresh: set[bytes] | None) -> Selection:
    """The cached visits a query may need (only from ``fresh`` files, when given): those whose rows satisfy
    its SQL condition; with a limit, only the first that match it, in the order of its answer."""
    where, params = wanted.where
    chosen: list[Visit] = []
    for name, visit in cache.select(where, params, wanted.newest_first):
        if fresh is not None and name not in fresh:
            continue  # the file changed: its visits come from parsing it again
        if wanted.limit is None:
            chosen.append(visit)
        elif wanted.matches is None or wanted.matches(visit):
            chosen.append(visit)
            if len(chosen) >= wanted.limit:
                break
    return Selection(tuple(chosen), totals)


def _visits_by_file(cache: IndexCache, names: Sequence[bytes]) -> dict[bytes, list[Visit]]:
    grouped: dict[bytes, list[Visit]] = {}
    for visit in cache.visits(names):
        grouped.setdefault(os.fsencode(visit.position.file), []).append(visit)
    return grouped


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
    changed (found out from the files' keys, without parsing anything), and only new or changed files are
    parsed."""
    listing = list_files(paths if paths is not None else [root / "visits"])
    _, stamp = registry_stamps(root)
    key = fingerprint(listing, stamp, today.isoformat())
    if cache is not None:
        with contextlib.suppress(sqlite3.Error, pickle.UnpicklingError, AttributeError, EOFError):
            stored = cache.report(key)
            if isinstance(stored, Report):
                return stored
    from diplotrack.loader import load_registries, merge
    from diplotrack.rules import validate
    from diplotrack.yamlsource import gc_paused

    registries = load_registries(root)
    with gc_paused():
        results = load_files(
            listing, root, registries, cache, workers=workers, forget_others=paths is None, progress=progress
        )
        report = validate(merge(root, registries, results), today)
    if cache is not None:
        with contextlib.suppress(CacheUnavailable, sqlite3.Error):
            cache.store_report(key, report)
    return report
