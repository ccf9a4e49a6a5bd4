"""The map step's batches: in order, of about equal bytes, in a pool only when there is much to read."""

from __future__ import annotations

import os
from collections.abc import Sequence

from diplotrack import indexing
from diplotrack.indexing import BATCH_FILES, POOL_BYTES, in_batches


def _pids(files: Sequence[str]) -> list[tuple[str, int]]:
    return [(file, os.getpid()) for file in files]


def test_batches_are_of_about_equal_bytes_and_keep_the_order() -> None:
    files = [f"f{i}" for i in range(10)]
    sizes = [1000, 1, 1, 1, 1000, 1000, 1, 1, 1, 1000]
    batches = indexing._batches(files, sizes, parts=4)
    assert [name for batch in batches for name in batch] == files
    assert all(sum(sizes[files.index(f)] for f in batch) >= 1000 for batch in batches[:-1])
    many = [f"f{i}" for i in range(1000)]
    assert max(len(batch) for batch in indexing._batches(many, [1] * 1000, parts=2)) == BATCH_FILES


def test_a_few_large_files_are_read_in_a_pool_and_many_small_ones_too() -> None:
    large = [f"big{i}" for i in range(3)]
    outcomes = list(in_batches(large, _pids, 2, sizes=[POOL_BYTES] * 3))
    assert [file for file, _ in outcomes] == large
    assert os.getpid() not in {pid for _, pid in outcomes}
    few = list(in_batches(large, _pids, 2, sizes=[10] * 3))  # little to read: here
    assert {pid for _, pid in few} == {os.getpid()}
    assert {pid for _, pid in in_batches(large, _pids, 1, sizes=[POOL_BYTES] * 3)} == {os.getpid()}
