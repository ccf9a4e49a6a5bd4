"""``validate`` over a whole dataset: file by file, on every core, through the index cache.

Each file is read and checked where it is parsed (in a pool of worker processes when there are many): the
record rules run there and only what the cross-record rules need comes back (:class:`~diplotrack.rules.
Checked`), never the records themselves, so memory grows by a few hundred bytes per record, not by the
records. With the index cache, what was kept of each file is stored under the registries' fingerprint and
the day, and the report under the fingerprint of every file: a run where nothing changed reads the report
(without importing the parser), a run where one file changed checks that file and runs the cross-record
rules again.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from diplotrack.cache import CacheUnavailable, IndexCache, Totals
from diplotrack.datafiles import Listing, fingerprint, list_files, registry_stamps
from diplotrack.problems import Report

# The parser, the country data and the rules are imported once files must be read: a warm ``validate``
# must not pay for PyYAML and pycountry (tests/test_startup.py).
if TYPE_CHECKING:
    from diplotrack.indexing import Progress, Storable
    from diplotrack.loader import Registries
    from diplotrack.rules import Checked

Outcome = tuple["Checked", "Storable | None"]
STORE_BATCH = 1000
"""Parsed files are written to the cache when this many files or records wait, so that their records are
never all in memory."""


def validate_dataset(
    root: Path,
    paths: Sequence[Path] | None,
    today: dt.date,
    cache: IndexCache | None,
    *,
    workers: int | None = None,
    progress: Progress | None = None,
) -> Report:
    """Validate a dataset (``paths``: only those files and folders). With a cache, the report is recomputed
    only when a file, a registry or the day changed (found out from the files' keys, without parsing
    anything), and only new or changed files are read again. ``workers``: processes to read with (``None``:
    one per core)."""
    listing = list_files(paths if paths is not None else [root / "visits"])
    _, stamp = registry_stamps(root)
    key = fingerprint(listing, stamp, today.isoformat())
    if cache is not None:
        with contextlib.suppress(CacheUnavailable):  # a damaged report is computed (and stored) again
            stored = cache.report(key)
            if isinstance(stored, Report):
                return stored
    from diplotrack.indexing import default_workers
    from diplotrack.loader import load_registries
    from diplotrack.rules import report
    from diplotrack.yamlsource import gc_paused

    workers = default_workers() if workers is None else workers
    registries = load_registries(root)
    with gc_paused():
        checked = _checked(listing, root, registries, today, cache, workers, paths is None, progress)
        result = report(registries, checked)
    if cache is not None:
        with contextlib.suppress(CacheUnavailable, sqlite3.Error):
            cache.store_report(key, result)
    return result


def _checked(
    listing: Listing,
    root: Path,
    registries: Registries,
    today: dt.date,
    cache: IndexCache | None,
    workers: int,
    whole: bool,
    progress: Progress | None,
) -> list[Checked]:
    if cache is not None and not cache.discarded:
        from diplotrack.indexing import cache_failed

        try:
            return _through_cache(listing, root, registries, today, cache, workers, whole, progress)
        except CacheUnavailable as exc:
            cache_failed(cache, exc)
    names = [name for name, _ in listing]
    sizes = [key[0] if key else 0 for _, key in listing]
    outcomes = _check_all(names, sizes, root, today, registries, workers, progress, keep=False)
    return [checked for checked, _ in outcomes]


def _through_cache(
    listing: Listing,
    root: Path,
    registries: Registries,
    today: dt.date,
    cache: IndexCache,
    workers: int,
    whole: bool,
    progress: Progress | None,
) -> list[Checked]:
    from diplotrack.indexing import current_files

    names = [os.fsencode(name) for name, _ in listing]  # bytes: a file name need not be valid UTF-8
    entries = cache.entries()
    current = set(current_files(entries, names, listing, registries.countries_key))
    stamp = f"{registries.stamp}\0{today.isoformat()}"
    kept = cache.checks(current, stamp)
    found: list[Checked | None] = [kept.get(name) for name in names]
    todo = [index for index, checked in enumerate(found) if checked is None]
    store: list[Storable] = []
    checks: list[tuple[bytes, str, Checked]] = []
    rows = 0  # visits waiting in ``store``
    names_todo, sizes = [listing[i][0] for i in todo], [(listing[i][1] or (0, 0))[0] for i in todo]
    outcomes = _check_all(names_todo, sizes, root, today, registries, workers, progress, keep=True)
    for index, (checked, parsed) in zip(todo, outcomes, strict=True):
        found[index] = checked
        name, key = names[index], listing[index][1]
        if key is None:
            continue  # cannot be stat'ed: never cached, read every time
        checks.append((name, stamp, checked))
        if parsed is not None and name not in current:
            store.append((name, key, *parsed[2:]))
            rows += len(parsed[4])
        if len(checks) + rows >= STORE_BATCH:
            _flush(cache, store, checks)
            rows = 0
    _flush(cache, store, checks)
    done = [checked for checked in found if checked is not None]
    if whole:
        counts = [(os.fsencode(c.file), c.record_count, c.valid, c.unreadable) for c in done]
        totals = Totals.of(counts)
        cache.set_snapshot(
            fingerprint(listing, registries.countries_key), totals, gone=set(entries) - set(names)
        )
    return done


def _flush(cache: IndexCache, store: list[Storable], checks: list[tuple[bytes, str, Checked]]) -> None:
    """Write what was read so far and forget it here."""
    cache.store(store)
    cache.store_checks(checks)
    store.clear()
    checks.clear()


def _check_all(
    files: Sequence[str],
    sizes: Sequence[int],
    root: Path,
    today: dt.date,
    registries: Registries,
    workers: int,
    progress: Progress | None,
    *,
    keep: bool,
) -> Iterator[Outcome]:
    """Read and check files (in a pool when there are many); with ``keep``, also what the cache stores."""
    from diplotrack.indexing import in_batches

    # Set here for this process, and for workers that start as its copy (fork): they need not read the
    # registries again.
    _WORKER.update(registries=registries, root=root, today=today, keep=keep)
    return in_batches(files, _check_batch, workers, progress, _start_worker, (root, today, keep), sizes)


_WORKER: dict[str, object] = {}


def _start_worker(root: Path, today: dt.date, keep: bool) -> None:
    from diplotrack.loader import load_registries

    if _WORKER.get("root") != root:
        # A worker started afresh (spawn) reads the registries itself: cheaper than sending them.
        _WORKER.update(registries=load_registries(root), root=root)
    _WORKER.update(today=today, keep=keep)


def _check_batch(files: Sequence[str]) -> list[Outcome]:
    from diplotrack.indexing import storable
    from diplotrack.loader import Registries, load_file
    from diplotrack.rules import check_file
    from diplotrack.yamlsource import gc_paused

    registries, root, today, keep = (_WORKER[k] for k in ("registries", "root", "today", "keep"))
    assert isinstance(registries, Registries) and isinstance(root, Path) and isinstance(today, dt.date)
    outcomes: list[Outcome] = []
    with gc_paused():  # a batch makes many objects that live until it is sent: nothing for the collector
        for file in files:
            result = load_file(Path(file), root, registries.countries)
            checked = check_file(result, registries.people, today)
            outcomes.append(
                (checked, storable(b"", (0, 0), registries.countries_key, result) if keep else None)
            )
    return outcomes
