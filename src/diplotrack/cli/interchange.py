"""Commands that move records in and out: ``export``, ``import csv``, ``schema`` and ``init``."""

import sys
from pathlib import Path
from typing import Annotated

import typer

from diplotrack.choices import ExportFormat
from diplotrack.cli.app import (
    SETTINGS,
    FilterValues,
    app,
    emit,
    handles_errors,
    import_app,
    message,
    open_query,
    warn_invalid,
    with_filters,
)
from diplotrack.problems import UsageError


def write_output(data: bytes, output: Path | None, *, force: bool, binary: bool) -> None:
    """Bytes to ``output`` (atomically; an existing file only with ``force``) or to stdout."""
    from diplotrack.export.common import visible_controls
    from diplotrack.writefiles import create, replace

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
        replace(output, data)
    elif not create(output, data):
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
    from diplotrack.export import ExportContext, export, upcoming
    from diplotrack.query import run_query

    if excel and output_format is not ExportFormat.CSV:
        raise UsageError("--excel applies to --format csv only")
    if output_format.is_binary and output is None:
        raise UsageError(f"--format {output_format.value} writes a file; give one with -o FILE")
    if output is not None and output.exists() and not force:
        raise UsageError(f"{output} exists; diplotrack never overwrites a file unless --force is given")
    dataset, query = open_query(filters)
    visits = run_query(dataset.visits, query, dataset.registries)
    if only_upcoming:
        visits = upcoming(visits, SETTINGS.today)
    warn_invalid(dataset)
    if not visits:
        message("no visits match; the export is empty")
    ctx = ExportContext(SETTINGS.today, dataset.people, excel=excel)
    write_output(export(visits, output_format, ctx), output, force=force, binary=output_format.is_binary)


@import_app.command("csv")
@handles_errors
def import_csv_command(
    file: Annotated[
        Path, typer.Argument(metavar="FILE", help="The CSV file (UTF-8; comma, semicolon or tab).")
    ],
    into: Annotated[
        Path, typer.Option("--into", metavar="DIR", help="The dataset to write visits/<year>/<id>.yaml into.")
    ],
    mapping: Annotated[
        list[str] | None,
        typer.Option(
            "--map",
            metavar="COLUMN=FIELD",
            help="Read COLUMN as FIELD (a column name of 'export --format csv'). Repeatable.",
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Write nothing; print the YAML that would be written.")
    ] = False,
) -> None:
    """Import visits from a spreadsheet (CSV): one row, one record file.

    By default the columns are those 'export --format csv' writes, so an export imports back as
    the same records. Each row is checked by the parser 'validate' uses; rows with problems are
    reported as FILE:ROW and skipped. Existing files are never replaced: importing again changes
    nothing. Exit status 1 when a row was skipped.

    Example:

        diplotrack import csv visits.csv --into . --map 'Date=start' --map 'Guest=visitor_name'
    """
    from diplotrack.csvimport import import_csv, parse_mapping
    from diplotrack.render.csv_import import dry_run_yaml, import_summary, skip_lines

    report = import_csv(file, into, parse_mapping(mapping or []), dry_run=dry_run)
    for line in skip_lines(report):
        message(line)
    if dry_run:
        emit(dry_run_yaml(report))
    if report.ignored_columns:
        message(
            f"note: columns not read: {', '.join(report.ignored_columns)} (map them with --map COLUMN=FIELD)"
        )
    message(import_summary(report))
    if report.skipped:
        raise typer.Exit(1)


@app.command()
@handles_errors
def schema() -> None:
    """Print a JSON Schema (2020-12) of visit files, for editors and check-jsonschema.

    It checks the shape of records (keys, kinds, vocabularies, date and URL forms); 'validate' checks
    the rest. Save it beside the dataset and point editors at it (docs/format.md shows how).

    Example:

        diplotrack schema > visit.schema.json
    """
    import json

    from diplotrack.schema import visit_schema

    emit(json.dumps(visit_schema(), ensure_ascii=False, indent=2))


@app.command()
@handles_errors
def init(
    directory: Annotated[
        Path, typer.Argument(metavar="[DIR]", help="The new dataset's folder. Default: here.")
    ] = Path(),
    requirement: Annotated[
        str,
        typer.Option(
            "--requirement",
            metavar="SPEC",
            help="What pip installs as diplotrack in the pre-commit hook and CI.",
        ),
    ] = "diplotrack",
) -> None:
    """Start a dataset: visits/, people/, groups/, an example record, a pre-commit hook and a CI workflow.

    Existing files are never changed: running it again, or in a dataset that exists, only adds what is
    missing. The GitHub workflow runs 'diplotrack validate --format github' with pinned actions.

    Example:

        diplotrack init my-visits --requirement 'git+https://github.com/<owner>/diplotrack'
    """
    from diplotrack.scaffold import init_dataset

    result = init_dataset(directory, requirement)
    for path in result.created:
        message(f"created {path}{'/' if path.is_dir() else ''}")
    for path in result.kept:
        message(f"left alone {path} (it exists)")
    if result.created:
        message(f"next: cd {directory} && git init && diplotrack validate")
    else:
        message("nothing to create: the dataset has everything init makes")
