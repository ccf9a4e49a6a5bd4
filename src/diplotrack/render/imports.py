"""The summary of an import, as text or JSON: records written, unchanged, skipped and why, unmapped labels."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable

# Defined in diplotrack.choices (import-light: the CLI needs it at start-up); re-exported here.
from diplotrack.choices import ImportFormat as ImportFormat
from diplotrack.importers.batch import ImportReport, Skip
from diplotrack.importers.output import Action

LISTED = 20
"""Skipped records listed per reason in the text summary (JSON lists all)."""


def visible(text: str) -> str:
    """Text from the data with control characters shown as escapes (``\\x1b``), never sent to a terminal."""
    return "".join(
        char if char.isprintable() else char.encode("unicode_escape").decode("ascii") for char in text
    )


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


def import_text(report: ImportReport) -> str:
    """A few lines: what was read, what was (or would be) written, what was skipped and why."""
    would = "would be " if report.dry_run else ""
    written = report.created + report.updated
    refused = report.files_with(Action.REFUSE)
    lines = [
        f"Read {_plural(report.files_read, 'file')} holding {_plural(report.source_records, 'source record')}"
        + (f"; {_plural(len(report.problems), 'file')} could not be read" if report.problems else "")
        + ".",
        f"Records: {written:,} {would}written ({report.created:,} new, {report.updated:,} changed), "
        f"{report.unchanged:,} unchanged, {report.kept:,} kept from earlier imports, "
        f"{_plural(len(report.skipped), 'record')} skipped.",
        f"Files in {visible(str(report.into))}: {len(report.files_with(Action.CREATE)):,} {would}created, "
        f"{len(report.files_with(Action.UPDATE)):,} {would}rewritten, "
        f"{len(report.files_with(Action.UNCHANGED)):,} untouched"
        + (f", {len(refused):,} refused" if refused else "")
        + ".",
    ]
    for problem in report.problems:
        lines.append(f"error: {visible(problem)}")
    for plan in refused:
        lines.append(f"refused: {visible(str(plan.path))}: {visible(plan.reason or '')}")
    by_reason: dict[str, list[Skip]] = defaultdict(list)
    for skip in report.skipped:
        by_reason[skip.reason.value].append(skip)
    for reason, skips in sorted(by_reason.items()):
        lines.append(f"Skipped, {reason} ({len(skips):,}):")
        lines += [
            f"  {visible(s.source.name)}: {visible(s.element)}: {visible(s.detail)}" for s in skips[:LISTED]
        ]
        if len(skips) > LISTED:
            lines.append(f"  … and {len(skips) - LISTED:,} more (--format json lists them all)")
    if report.unmapped_labels:
        labels = ", ".join(f"{visible(label)} ({count:,})" for label, count in report.unmapped_labels)
        lines.append(f"Country labels not mapped: {labels}")
        lines.append(
            "  Add each as an alias or an entity in the dataset's countries.yaml (docs/format.md), then import again."
        )
    return "\n".join(lines) + "\n"


def import_json(report: ImportReport) -> str:
    """The same as JSON (every skipped record listed)."""
    return json.dumps(
        {
            "into": str(report.into),
            "dry_run": report.dry_run,
            "files_read": report.files_read,
            "source_records": report.source_records,
            "records": {
                "created": report.created,
                "updated": report.updated,
                "unchanged": report.unchanged,
                "kept": report.kept,
                "skipped": len(report.skipped),
            },
            "files": [
                {"path": str(plan.path), "action": plan.action.value, "reason": plan.reason}
                for plan in report.files
            ],
            "skipped": [
                {
                    "file": str(skip.source),
                    "element": skip.element,
                    "reason": skip.reason.value,
                    "detail": skip.detail,
                    "label": skip.label,
                }
                for skip in report.skipped
            ],
            "unmapped_labels": [{"label": label, "count": count} for label, count in report.unmapped_labels],
            "problems": list(report.problems),
        },
        ensure_ascii=False,
        indent=2,
    )


IMPORT_RENDERERS: dict[ImportFormat, Callable[[ImportReport], str]] = {
    ImportFormat.TEXT: import_text,
    ImportFormat.JSON: import_json,
}
