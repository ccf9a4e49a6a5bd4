"""Commands over the records themselves: ``validate``, ``list`` and ``show``."""

import os
from pathlib import Path
from typing import Annotated

import typer

from diplotrack.choices import DEFAULT_COLUMNS, ListColumn, OutputFormat, ReportFormat, ShowFormat
from diplotrack.cli.app import (
    SETTINGS,
    Command,
    FilterValues,
    app,
    dataset_root,
    emit,
    handles_errors,
    index_cache,
    message,
    open_dataset,
    open_query,
    progress_bar,
    warn_invalid,
    with_filters,
)
from diplotrack.cli.completion import complete_record_id
from diplotrack.problems import UsageError


@app.command(cls=Command)
@handles_errors
def validate(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="[PATH]...", help="Files or folders to check. Default: the dataset's visits/."
        ),
    ] = None,
    output_format: Annotated[
        ReportFormat, typer.Option("--format", "-f", help="Report format.")
    ] = ReportFormat.TEXT,
    strict: Annotated[bool, typer.Option("--strict", help="Fail on warnings too.")] = False,
) -> None:
    """Check every file and record; report all problems as path:line:col.

    Exit status 1 when there are errors (with --strict: or warnings).

    Example:

        diplotrack validate --format github
    """
    from diplotrack.indexing import default_workers, validate_dataset
    from diplotrack.render.problems import REPORT_RENDERERS, step_summary, summary_line

    root = dataset_root(paths or None)
    with index_cache(root) as cache, progress_bar("validating") as progress:
        report = validate_dataset(
            root, paths or None, SETTINGS.today, cache, workers=default_workers(), progress=progress
        )
    rendered = REPORT_RENDERERS[output_format](report)
    if rendered:
        emit(rendered)
    if output_format is not ReportFormat.JSON:
        message(summary_line(report))
    summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
    if output_format is ReportFormat.GITHUB and summary_file:
        with open(summary_file, "a", encoding="utf-8") as handle:
            handle.write(step_summary(report))
    if report.failed(strict):
        raise typer.Exit(1)


@app.command("list", cls=Command)
@handles_errors
@with_filters
def list_visits(
    filters: FilterValues,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="Output format.")
    ] = OutputFormat.TABLE,
    columns: Annotated[
        str | None,
        typer.Option(
            "--columns",
            metavar="NAMES",
            help=f"Columns of the table or Markdown, comma-separated, in order; the first ones stay on a narrow "
            f"terminal. Any of: {', '.join(ListColumn)}. Default: {','.join(DEFAULT_COLUMNS)}.",
        ),
    ] = None,
) -> None:
    """List visits that match the filters (all filters must hold; repeated ones are any-of).

    The table never cuts a word: on a narrow terminal it leaves out columns from the right (and says
    which) or stacks each visit's fields. Its Id column leads to 'diplotrack show ID'.

    Example:

        diplotrack list --country Armenia --since 2024 --columns id,dates,visitor,type
    """
    from diplotrack.query import run_query
    from diplotrack.render.visits import COLUMN_RENDERERS, VISIT_RENDERERS, parse_columns

    chosen = parse_columns(columns) if columns is not None else None
    if chosen is not None and output_format not in COLUMN_RENDERERS:
        raise UsageError(
            f"--columns works with --format {' or '.join(COLUMN_RENDERERS)}, not {output_format}"
        )
    dataset, query = open_query(filters)
    visits = run_query(dataset.visits, query, dataset.registries)
    warn_invalid(dataset)
    if not visits:
        message("no visits match")
        if output_format is OutputFormat.TABLE:
            return
    if chosen is None:
        emit(VISIT_RENDERERS[output_format](visits, SETTINGS.today))
    else:
        emit(COLUMN_RENDERERS[output_format](visits, SETTINGS.today, chosen))


@app.command(cls=Command)
@handles_errors
def show(
    visit_id: Annotated[
        str,
        typer.Argument(
            metavar="ID", help="The record's id (default: its file stem).", autocompletion=complete_record_id
        ),
    ],
    output_format: Annotated[
        ShowFormat, typer.Option("--format", "-f", help="Output format.")
    ] = ShowFormat.PANEL,
) -> None:
    """Show one record in full.

    Example:

        diplotrack show 2024-04-15-tokayev-armenia
    """
    from diplotrack.render.show import SHOW_RENDERERS

    visit = open_dataset().get(visit_id)
    emit(SHOW_RENDERERS[output_format](visit, SETTINGS.today))
