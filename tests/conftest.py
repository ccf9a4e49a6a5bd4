"""Shared fixtures: fixture datasets, a fixed "today", and a CLI runner pinned to plain text."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
VALID = DATA / "valid"
BROKEN = DATA / "broken"
REPO = Path(__file__).parent.parent
TODAY = dt.date(2026, 6, 1)


@pytest.fixture(autouse=True)
def plain_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fixed width, no colour, no inherited dataset settings."""
    monkeypatch.setenv("COLUMNS", "120")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("TERM", "dumb")
    for name in ("DIPLOTRACK_DATA", "DIPLOTRACK_AS_OF", "GITHUB_STEP_SUMMARY", "FORCE_COLOR"):
        monkeypatch.delenv(name, raising=False)
