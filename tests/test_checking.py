"""Validation file by file: the same report in a pool, in this process and in memory; only changes re-read."""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from pathlib import Path

import pytest

from diplotrack import checking, indexing, loader
from diplotrack.cache import IndexCache, open_cache
from diplotrack.checking import validate_dataset
from diplotrack.indexing import Storable
from diplotrack.loader import load_dataset
from diplotrack.rules import validate
from tests.support import BROKEN, DATA, REPO, TODAY

DATASETS = [REPO, DATA / "valid", BROKEN, DATA / "broken-registry", DATA / "multilingual"]


@pytest.mark.parametrize("root", DATASETS, ids=lambda p: p.name)
def test_file_by_file_in_a_pool_gives_the_report_of_the_dataset_in_memory(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    in_memory = validate(load_dataset(root), TODAY)
    assert validate_dataset(root, None, TODAY, None, workers=1) == in_memory
    monkeypatch.setattr(indexing, "POOL_THRESHOLD", 2)  # a pool even for a small dataset
    assert validate_dataset(root, None, TODAY, None, workers=2) == in_memory


@pytest.fixture
def copied(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, list[Path]]:
    """A copy of the broken fixtures, and a list of every visit file read while validating it."""
    monkeypatch.setenv("DIPLOTRACK_CACHE_DIR", str(tmp_path / "cache"))
    root = tmp_path / "data"
    shutil.copytree(BROKEN, root)
    read: list[Path] = []
    load_file = loader.load_file

    def counted(path: Path, *args: object) -> object:
        read.append(path)
        return load_file(path, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(loader, "load_file", counted)
    return root, read


def _validated(root: Path, today: object = TODAY) -> object:
    cache = open_cache(root)
    try:
        return validate_dataset(root, None, today, cache)  # type: ignore[arg-type]
    finally:
        cache.close()


def test_after_one_change_only_that_file_is_read_again(copied: tuple[Path, list[Path]]) -> None:
    root, read = copied
    first = _validated(root)
    assert len(read) > 20
    read.clear()
    assert _validated(root) == first and read == []  # the stored report
    changed = sorted((root / "visits").rglob("*.yaml"))[0]
    changed.write_text(changed.read_text(encoding="utf-8") + "\n# touched\n", encoding="utf-8")
    again = _validated(root)
    assert read == [changed]
    assert again == validate(load_dataset(root), TODAY)


def test_another_day_or_registry_checks_every_file_again(copied: tuple[Path, list[Path]]) -> None:
    import datetime as dt

    root, read = copied
    _validated(root)
    files = len(read)
    read.clear()
    later = TODAY + dt.timedelta(days=400)
    report = _validated(root, later)
    assert len(read) == files  # "today" decides which planned visits are stale
    assert report == validate(load_dataset(root), later)
    read.clear()
    (root / "people").mkdir(exist_ok=True)
    (root / "people" / "new.yaml").write_text("[]\n", encoding="utf-8")
    _validated(root, later)
    assert len(read) == files  # the people a record names may have changed


def test_files_are_stored_in_batches_not_all_at_once(
    copied: tuple[Path, list[Path]], monkeypatch: pytest.MonkeyPatch
) -> None:
    root, _ = copied
    monkeypatch.setattr(checking, "STORE_BATCH", 3)
    stores: list[int] = []
    store = IndexCache.store

    def counted(self: IndexCache, entries: Iterable[Storable]) -> None:
        batch = list(entries)
        stores.append(len(batch))
        store(self, batch)

    monkeypatch.setattr(IndexCache, "store", counted)
    _validated(root)
    assert max(stores) <= 3 and sum(stores) > 10
