"""Commands that move records in and out: ``export``, ``import csv``, ``schema`` and ``init``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from diplotrack.cli.app import (
    SETTINGS,
    FilterValues,
    app,
    handles_errors,
    message,
    open_dataset,
    query_of,
    warn_invalid,
    with_filters,
)
from diplotrack.export import ExportContext, ExportFormat, export, upcoming
from diplotrack.export.common import visible_controls
from diplotrack.problems import UsageError
from diplotrack.query import run_query
from diplotrack.safewrite import replace_file, write_new


def write_output(data: bytes, output: Path | None, *, force: bool, binary: bool) -> None:
    """Bytes to ``output`` (atomically; an existing file only with ``force``) or to stdout."""
    if output is None:
        if binary:
            raise UsageError("this format is not text; give a file with -o FILE")
        stream = sys.stdout
        if stream.isatty():
            # On a terminal the output is read, not kept: control characters in records must not act on it.
            stream.write(visible_controls(data.decode("utf-8")))
        else:
            stream.flush()
            stream.buffer.write(data)
        stream.flush()
        return
    if force:
        replace_file(output, data)
    elif not write_new(output, data):
        raise UsageError(f"{output} exists; diplotrack never overwrites a file unless --force is given")
    message(f"saved {output}")


@app.command("export")
@handles_errors
@with_filters
def export_visits(
    filters: FilterValues,
    output_format: Annotated[ExportFormat, typer.Option("--format", "-f", help="Export format.")],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", metavar="FILE", help="Write to FILE (required for sqlite). Default: stdout."
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace FILE if it exists (atomically).")] = False,
    excel: Annotated[
        bool, typer.Option("--excel", help="csv: add a UTF-8 byte-order mark for Excel.")
    ] = False,
    only_upcoming: Annotated[
        bool,
        typer.Option(
            "--upcoming",
            help="Only visits that have not ended before today (--as-of): a feed of planned visits.",
        ),
    ] = False,
) -> None:
    """Export matching visits as JSON, JSON Lines, CSV, SQLite (for Datasette) or iCalendar.

    All filters of 'list' apply. CSV columns and the iCalendar mapping are in docs/format.md;
    'import csv' reads the CSV back. An existing FILE is never replaced without --force.

    Example:

        diplotrack export --format ics --upcoming --to Armenia -o armenia.ics
    """
    if excel and output_format is not ExportFormat.CSV:
        raise UsageError("--excel applies to --format csv only")
    if output_format.is_binary and output is None:
        raise UsageError(f"--format {output_format.value} writes a file; give one with -o FILE")
    if output is not None and output.exists() and not force:
        raise UsageError(f"{output} exists; diplotrack never overwrites a file unless --force is given")
    dataset = open_dataset()
    visits = run_query(dataset.visits, query_of(dataset, filters), dataset.registries)
    if only_upcoming:
        visits = upcoming(visits, SETTINGS.today)
    warn_invalid(dataset)
    if not visits:
        message("no visits match; the export is empty")
    ctx = ExportContext(SETTINGS.today, dataset.people, excel=excel)
    write_output(export(visits, output_format, ctx), output, force=force, binary=output_format.is_binary)
