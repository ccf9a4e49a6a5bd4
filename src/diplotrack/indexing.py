"""The map step of loading: file results from the index cache where it is current, parsed otherwise.

Parsing is spread over a process pool when many files are new (a cold ``validate`` uses every core);
results are put together in the order of the files, so the output never depends on scheduling.
"""

from __future__ import annotations

import itertools
import os
import pickle
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from diplotrack.cache import CacheDamaged, CacheUnavailable, Entry, IndexCache, Row, Totals
from diplotrack.datafiles import Key, Listing, fingerprint

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
"""Fewer new files than this are parsed in this process (starting workers costs about 0.3 s)..."""
POOL_BYTES = 1_000_000
"""... unless they hold more bytes than this (a few list files of thousands of records)."""
BATCH_FILES = 200
"""The most files a worker is given at a time..."""
BATCH_BYTES = 1_000_000
"""... and the most bytes, but for a single larger file (a worker holds a batch's records until it is done)."""
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


R = TypeVar("R")
F = TypeVar("F")


def in_batches(
    files: Sequence[F],
    work: Callable[[Sequence[F]], list[R]],
    workers: int,
    progress: Progress | None = None,
    start: Callable[..., None] | None = None,
    start_args: tuple[Any, ...] = (),
    sizes: Sequence[int] | None = None,
) -> Iterator[R]:
    """``work`` over batches of files, each file's outcome in the order of the files: in a pool of
    ``workers`` processes (each set up by ``start(*start_args)``) when there is much to read, else in this
    process (which the caller has set up). Batches are of about equal bytes (``sizes``, stat'ed when not
    given), so that a few large list files are spread too. Outcomes come as batches finish: the caller need
    not hold them."""
    if sizes is None and workers > 1 and 1 < len(files) < POOL_THRESHOLD:
        sizes = [_size(file) for file in files]
    many = len(files) >= POOL_THRESHOLD or (sizes is not None and sum(sizes) >= POOL_BYTES)
    if workers <= 1 or len(files) < 2 or not many:
        for done, file in enumerate(files, start=1):
            yield from work([file])
            if progress is not None:
                progress(done, len(files))
        return
    from collections import deque
    from concurrent.futures import Future, ProcessPoolExecutor

    batches = iter(_batches(files, sizes, 8 * workers))
    done = 0
    with ProcessPoolExecutor(max_workers=workers, initializer=start, initargs=start_args) as pool:
        # A few batches per worker in flight, not all: when this process is the slower side (writing the
        # cache), finished batches would otherwise pile up here, records and all.
        pending: deque[Future[list[R]]] = deque()
        for batch in itertools.islice(batches, 2 * workers):
            pending.append(pool.submit(work, batch))
        while pending:
            outcomes = pending.popleft().result()
            for batch in itertools.islice(batches, 1):
                pending.append(pool.submit(work, batch))
            yield from outcomes
            done += len(outcomes)
            if progress is not None:
                progress(done, len(files))


def _size(file: object) -> int:
    try:
        return os.stat(file).st_size  # type: ignore[arg-type]
    except OSError:
        return 0


def _batches(files: Sequence[F], sizes: Sequence[int] | None, parts: int) -> list[Sequence[F]]:
    """About ``parts`` batches of consecutive files, of about equal bytes (else of equal counts)."""
    if sizes is None:
        chunk = max(1, min(BATCH_FILES, len(files) // parts))
        return [files[i : i + chunk] for i in range(0, len(files), chunk)]
    target = max(1, min(BATCH_BYTES, sum(sizes) // parts))
    batches: list[Sequence[F]] = []
    first, held = 0, 0
    for index, size in enumerate(sizes):
        held += size
        if held >= target or index + 1 - first >= BATCH_FILES:
            batches.append(files[first : index + 1])
            first, held = index + 1, 0
    if first < len(files):
        batches.append(files[first:])
    return batches


def parse_all(
    files: Sequence[Path],
    root: Path,
    countries: CountryResolver,
    workers: int,
    progress: Progress | None = None,
) -> list[FileResult]:
    """Parse files, in a pool of ``workers`` processes when there are many."""
    # For this process, and for workers that start as its copy (fork): they need not build it again.
    _WORKER.update(root=root, countries=countries)
    return list(in_batches(files, _parse_batch, workers, progress, _start_worker, (root,)))


_WORKER: dict[str, object] = {}


def _start_worker(root: Path) -> None:
    from diplotrack.loader import load_countries

    if _WORKER.get("root") != root:
        # A worker started afresh (spawn) builds the dataset's resolver itself: cheaper than sending it.
        _WORKER.update(root=root, countries=load_countries(root / "countries.yaml", root, []))


def _parse_batch(files: Sequence[Path]) -> list[FileResult]:
    from diplotrack.countries import CountryResolver
    from diplotrack.loader import load_file
    from diplotrack.yamlsource import gc_paused

    root, countries = _WORKER["root"], _WORKER["countries"]
    assert isinstance(root, Path) and isinstance(countries, CountryResolver)
    with gc_paused():  # the records live until the batch is sent: nothing for the collector to find
        return [load_file(file, root, countries) for file in files]


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
    if cache is not None and not cache.discarded:
        try:
            return _through_cache(listing, root, registries, cache, workers, forget_others, progress, wanted)
        except CacheUnavailable as exc:
            cache_failed(cache, exc)
    return list(parse_all([Path(name) for name, _ in listing], root, registries.countries, workers, progress))


def cache_failed(cache: IndexCache, exc: CacheUnavailable) -> None:
    """Go on without the cache, with one warning; a damaged one is removed, so the next run rebuilds it."""
    if isinstance(exc, CacheDamaged):
        cache.discard()
        cache.warnings.append(
            f"the index cache {cache.path} was damaged ({exc}); answered without it, rebuilt next run"
        )
    else:
        cache.warnings.append(f"the index cache is busy ({exc}); answered without it")


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
    current = current_files(entries, names, listing, registries.countries_key)
    fresh = set(current)
    stale = [Path(os.fsdecode(name)) for name in names if name not in fresh]
    parsed = parse_all(stale, root, registries.countries, workers, progress)
    cache.store(
        storable(name, key, registries.countries_key, result)
        for result in parsed
        if (key := keys[(name := os.fsencode(result.path))]) is not None
    )
    cached = [
        (name, entries[name].records, entries[name].valid, entries[name].unreadable) for name in current
    ]
    if whole is not None:
        read = [(os.fsencode(r.path), r.record_count, r.valid_records, r.unreadable) for r in parsed]
        cache.set_snapshot(whole, Totals.of(cached + read), gone=set(entries) - set(names))
    if wanted is not None:
        return [*parsed, _selection(cache, wanted, Totals.of(cached), fresh)]
    by_name: dict[bytes, FileResult] = {os.fsencode(result.path): result for result in parsed}
    stored = cache.results(current)
    visits = _visits_by_file(cache, current)
    for name in current:
        by_name[name] = replace(stored[name], visits=tuple(visits.get(name, ())))
    return [by_name[name] for name in names]


Storable = tuple[bytes, Key, str, "FileResult", list[tuple[Row, bytes]]]


def storable(name: bytes, key: Key, countries_key: str, result: FileResult) -> Storable:
    """What the cache keeps of a parsed file: its result without the visits, and each visit's row and pickle."""
    visits = [(row_of(visit), pickle.dumps(visit, protocol=5)) for visit in result.visits]
    return name, key, countries_key, replace(result, visits=()), visits


def current_files(
    entries: Mapping[bytes, Entry], names: Sequence[bytes], listing: Listing, fingerprint: str
) -> list[bytes]:
    """The files (``names``, by path as bytes, in the listing's order) whose cached entry is current."""
    return [
        name
        for name, (_, key) in zip(names, listing, strict=True)
        if (entry := entries.get(name)) is not None and entry.matches(key, fingerprint)
    ]


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
