"""``validate``: check every file and record of a dataset (locally, and as a check in CI).

A module of its own so that ``diplotrack validate`` imports neither the filter options nor completion
(see :mod:`diplotrack.cli`): a warm run answers from the index cache in about twice the time of
importing Typer and Rich.
"""

import os
from pathlib import Path
from typing import Annotated

import typer

from diplotrack.choices import ReportFormat
from diplotrack.cli.app import (
    SETTINGS,
    Command,
    app,
    dataset_root,
    emit,
    handles_errors,
    index_cache,
    message,
    progress_bar,
)


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
    from diplotrack.checking import validate_dataset
    from diplotrack.render.problems import REPORT_RENDERERS, step_summary, summary_line

    root = dataset_root(paths or None)
    with index_cache(root) as cache, progress_bar("validating") as progress:
        report = validate_dataset(root, paths or None, SETTINGS.today, cache, progress=progress)
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
