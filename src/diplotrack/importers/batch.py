"""One import run, whatever the format: records in, a report out.

An importer reads its source and hands each record mapping to :meth:`Batch.add` with the file it belongs
in, or a :class:`Skip` to :meth:`Batch.skip`; :meth:`Batch.finish` plans and writes the files (see
:mod:`diplotrack.importers.output`) and returns the :class:`ImportReport` that the CLI renders.
"""

from __future__ import annotations

import enum
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from diplotrack.countries import CountryResolver
from diplotrack.importers.output import Action, FilePlan, check_record, plan_file, write_file
from diplotrack.model import Visit


class SkipReason(enum.StrEnum):
    """Why a source record was not imported."""

    UNKNOWN_COUNTRY = "country label not mapped"
    MISSING = "missing element"
    INVALID_DATE = "invalid date"
    INVALID_RECORD = "invalid record"
    DUPLICATE_ID = "duplicate id"
    UNEXPECTED = "unexpected element"
    TARGET_REFUSED = "target file refused"


@dataclass(frozen=True)
class Skip:
    """One source record (or part of one) that was not imported, and why."""

    source: Path
    element: str
    """Where in the source, e.g. ``visit 2991`` or ``trip #3``."""
    reason: SkipReason
    detail: str
    label: str | None = None
    """The country label, when it could not be mapped."""


@dataclass(frozen=True)
class ImportReport:
    """What an import did (or, with ``dry_run``, would do)."""

    into: Path
    dry_run: bool
    files_read: int
    source_records: int
    """Records found in the files read (an OH ``<visit>`` may give two records, a skipped one none)."""
    files: tuple[FilePlan, ...] = ()
    skipped: tuple[Skip, ...] = ()
    problems: tuple[str, ...] = ()
    """Input files that could not be read at all."""

    def _sum(self, name: str) -> int:
        return sum(int(getattr(plan, name)) for plan in self.files)

    @property
    def created(self) -> int:
        """New records."""
        return self._sum("created")

    @property
    def updated(self) -> int:
        """Records rewritten because they changed."""
        return self._sum("updated")

    @property
    def unchanged(self) -> int:
        """Records already there as they are."""
        return self._sum("unchanged")

    @property
    def kept(self) -> int:
        """Records in the target files that this import did not bring."""
        return self._sum("kept")

    def files_with(self, action: Action) -> list[FilePlan]:
        """The target files with one action."""
        return [plan for plan in self.files if plan.action is action]

    @property
    def unmapped_labels(self) -> list[tuple[str, int]]:
        """Country labels that could not be mapped, with how many records used each, most used first."""
        counts = Counter(skip.label for skip in self.skipped if skip.label is not None)
        return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


@dataclass
class _Target:
    header: str
    visits: list[Visit] = field(default_factory=list)
    origins: list[tuple[Path, str]] = field(default_factory=list)


@dataclass
class Batch:
    """The records of one run on their way to their files, checked against the dataset's countries."""

    into: Path
    countries: CountryResolver
    root: Path
    """The dataset the records belong to (existing target files are read inside it)."""
    files_read: int = 0
    source_records: int = 0
    problems: list[str] = field(default_factory=list)
    skipped: list[Skip] = field(default_factory=list)
    _targets: dict[Path, _Target] = field(default_factory=dict)
    _ids: dict[str, str] = field(default_factory=dict)

    def skip(self, skip: Skip) -> None:
        """A source record that is not imported."""
        self.skipped.append(skip)

    def add(self, record: Mapping[str, Any], target: Path, header: str, source: Path, element: str) -> None:
        """A record for ``target`` (a list file whose header starts with the importer's marker line).

        It is checked like any record (:func:`~diplotrack.importers.output.check_record`); a record with
        errors, or with an id this run already had, is skipped with the reason.
        """
        record_id = str(record.get("id"))
        if record_id in self._ids:
            detail = f"id {record_id!r} also in {self._ids[record_id]}"
            self.skip(Skip(source, element, SkipReason.DUPLICATE_ID, detail))
            return
        self._ids[record_id] = f"{source.name}: {element}"
        checked = check_record(record, target, self.countries)
        if isinstance(checked, list):
            detail = checked[0].message if checked else "the record does not load"
            self.skip(Skip(source, element, SkipReason.INVALID_RECORD, detail))
            return
        pending = self._targets.setdefault(target, _Target(header))
        pending.visits.append(checked)
        pending.origins.append((source, element))

    def finish(self, *, dry_run: bool) -> ImportReport:
        """Plan every target file, write those that change (unless ``dry_run``), and report."""
        plans = []
        for target in sorted(self._targets):
            pending = self._targets[target]
            plan = plan_file(target, pending.visits, pending.header, self.countries, self.root)
            if plan.action is Action.REFUSE:
                for source, element in pending.origins:
                    self.skip(Skip(source, element, SkipReason.TARGET_REFUSED, f"{target}: {plan.reason}"))
            elif not dry_run:
                write_file(plan)
            plans.append(plan)
        return ImportReport(
            self.into,
            dry_run,
            self.files_read,
            self.source_records,
            tuple(plans),
            tuple(self.skipped),
            tuple(self.problems),
        )
