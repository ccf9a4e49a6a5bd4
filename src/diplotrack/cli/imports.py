"""``import``: records from other formats. ``import oh`` reads the US Office of the Historian's XML.

``import`` is a group of subcommands (``import_app`` in :mod:`diplotrack.cli.app`); each format adds its own
command to it (``import csv`` is in :mod:`diplotrack.cli.interchange`).
"""

from pathlib import Path
from typing import Annotated

import typer

from diplotrack.choices import ImportFormat
from diplotrack.cli.app import SETTINGS, emit, handles_errors, import_app, message


def dataset_of(into: Path) -> Path | None:
    """The dataset the imported records belong to: ``--data``, else the nearest upward from ``--into``."""
    from diplotrack.datafiles import DatasetNotFound, find_dataset

    if SETTINGS.data is not None:
        return find_dataset(SETTINGS.data)
    existing = into.absolute()
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    try:
        return find_dataset(start=existing)
    except DatasetNotFound:
        return None


@import_app.command("oh")
@handles_errors
def oh(
    paths: Annotated[
        list[Path],
        typer.Argument(help="OH XML files, or folders of them.", show_default=False),
    ],
    into: Annotated[
        Path,
        typer.Option(
            "--into", metavar="DIR", help="Folder to write into, e.g. visits/oh.", show_default=False
        ),
    ],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Write nothing; report what would be written.")
    ] = False,
    output_format: Annotated[
        ImportFormat, typer.Option("--format", "-f", help="Format of the summary.")
    ] = ImportFormat.TEXT,
) -> None:
    """Import the US Office of the Historian's visits by foreign leaders and travels abroad (XML).

    Records go to one list file per collection and year below DIR (foreign-leaders/2020.yaml,
    travels/2025.yaml), with the OH's ids: importing again rewrites only files whose records changed.
    Exit status 1 when an input file cannot be read.

    Example:

        diplotrack import oh ../shared/data/oh-visits/data --into visits/oh
    """
    from diplotrack.importers.oh import import_oh
    from diplotrack.loader import load_registries
    from diplotrack.render.imports import IMPORT_RENDERERS

    root = dataset_of(into)
    if root is None:
        # Outside any dataset: records are checked against the built-in countries and people.
        root = into
    elif not into.absolute().is_relative_to((root / "visits").absolute()):
        message(f"warning: {into} is not below {root / 'visits'}; diplotrack will not read the records there")
    report = import_oh(paths, into, load_registries(root), root, dry_run=dry_run)
    emit(IMPORT_RENDERERS[output_format](report))
    if report.problems:
        raise typer.Exit(1)
