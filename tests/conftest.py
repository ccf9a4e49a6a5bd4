"""Shared fixtures: the fixture dataset (loaded once), and a terminal pinned to plain text."""

from __future__ import annotations

import os

import pytest

from diplotrack.loader import Dataset, load_dataset
from tests.support import VALID


@pytest.fixture(autouse=True, scope="session")
def private_cache_folder(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Caches go to a folder of the test run, never to the user's (or a dataset's) folder."""
    os.environ["DIPLOTRACK_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))


@pytest.fixture(autouse=True)
def plain_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fixed width, no colour, no inherited dataset settings."""
    monkeypatch.setenv("COLUMNS", "120")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("TERM", "dumb")
    for name in ("DIPLOTRACK_DATA", "DIPLOTRACK_AS_OF", "GITHUB_STEP_SUMMARY", "FORCE_COLOR"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="session")
def valid() -> Dataset:
    """The valid fixture dataset (records are immutable, so one load serves every test)."""
    return load_dataset(VALID)
