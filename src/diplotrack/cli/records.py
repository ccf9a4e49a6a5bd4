"""Commands over the records themselves: ``list`` and ``show``."""

from typing import Annotated

import typer

from diplotrack.choices import DEFAULT_COLUMNS, ListColumn, OutputFormat, ShowFormat
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
    open_query,
    warn_invalid,
    with_filters,
)
from diplotrack.cli.completion import complete_record_id
from diplotrack.problems import UsageError


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
    dataset, query = open_query(filters, limited=True)
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
    from diplotrack.loader import load_record
    from diplotrack.render.show import SHOW_RENDERERS

    root = dataset_root()
    with index_cache(root) as cache:
        visit = load_record(root, visit_id, cache=cache)
    emit(SHOW_RENDERERS[output_format](visit, SETTINGS.today))
