"""Exports: the visits a query selected, as files that other tools read.

Each format is one function ``(visits, ExportContext) -> bytes`` in a module of its own; the
:class:`ExportFormat` enum maps to them in :data:`EXPORTERS` (a test checks that every format has
one). Exporters are pure: the same visits and context give the same bytes, so a calendar feed or a
database rebuilt from unchanged data does not change. Writing the bytes is the CLI's job.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Sequence

from diplotrack.choices import ExportFormat
from diplotrack.export.common import ExportContext
from diplotrack.export.ics import export_ics
from diplotrack.export.jsonl import export_json, export_jsonl
from diplotrack.export.spreadsheet import export_csv
from diplotrack.export.sqlite import export_sqlite
from diplotrack.model import Visit
from diplotrack.problems import DiplotrackError

__all__ = ["EXPORTERS", "ExportContext", "ExportFormat", "export", "upcoming"]


Exporter = Callable[[Sequence[Visit], ExportContext], bytes]

EXPORTERS: dict[ExportFormat, Exporter] = {
    ExportFormat.JSON: export_json,
    ExportFormat.JSONL: export_jsonl,
    ExportFormat.CSV: export_csv,
    ExportFormat.SQLITE: export_sqlite,
    ExportFormat.ICS: export_ics,
}


class DuplicateIds(DiplotrackError):
    """Records that share an id cannot be exported where ids are keys."""


def upcoming(visits: Sequence[Visit], today: dt.date) -> list[Visit]:
    """The visits that have not ended before ``today`` (a partial end counts to its last day)."""
    return [visit for visit in visits if visit.end.last_day >= today]


def export(visits: Sequence[Visit], output_format: ExportFormat, ctx: ExportContext) -> bytes:
    """The visits in one format; :class:`DuplicateIds` when the format keys on ids and two records share one."""
    if output_format.needs_unique_ids:
        shared = sorted(key for key, count in Counter(v.id for v in visits).items() if count > 1)
        if shared:
            raise DuplicateIds(
                f"{len(shared)} id(s) are used by several records ({', '.join(shared[:5])}); "
                f"{output_format.value} needs unique ids: run 'diplotrack validate' and fix the duplicate-id errors"
            )
    return EXPORTERS[output_format](visits, ctx)
