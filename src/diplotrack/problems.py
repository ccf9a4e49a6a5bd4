"""Problems found in a dataset, and the positions they point at.

Every check in diplotrack (the loader, the record parser, the validation rules) returns
:class:`Problem` values instead of printing or raising, so that one report can show all of
them at once. Rule ids are part of the users' contract: they are documented in
``docs/rules.md`` and never renamed.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


class Severity(enum.StrEnum):
    """How bad a problem is: errors fail validation, warnings only with ``--strict``."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Position:
    """A place in a file; line and column count from 1 (0 means "the whole file")."""

    file: Path
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if self.line == 0:
            return str(self.file)
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or suspicious) in a dataset."""

    position: Position
    rule: str
    """Stable rule id, e.g. ``unknown-key``."""
    message: str
    """What is wrong and, where it helps, how to fix it."""
    severity: Severity = Severity.ERROR
    record_id: str | None = None
    """The id of the record the problem belongs to, when there is one."""

    def sort_key(self) -> tuple[str, int, int, str]:
        """Order problems by file and position, then rule."""
        return (str(self.position.file), self.position.line, self.position.column, self.rule)


def repeats(
    items: Iterable[T], key: Callable[[T], str], where: Callable[[T], Position]
) -> Iterator[tuple[T, Position]]:
    """Each item whose key an earlier item already had, with the earlier item's position."""
    first: dict[str, Position] = {}
    for item in items:
        seen = first.setdefault(key(item), where(item))
        if seen != where(item):
            yield item, seen


class DiplotrackError(Exception):
    """A known error that the CLI shows as one line on stderr, without a traceback."""

    exit_code = 1


class UsageError(DiplotrackError):
    """The user asked for something that cannot work (bad option value); exit status 2."""

    exit_code = 2
