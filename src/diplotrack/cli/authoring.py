"""Commands that write records: ``add`` and ``fmt``."""

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from diplotrack.cli.app import SETTINGS, app, dataset_root, emit, err, handles_errors, message, open_dataset
from diplotrack.model import Status as VisitStatus
from diplotrack.model import VisitType
from diplotrack.problems import DiplotrackError, Severity, UsageError

if TYPE_CHECKING:
    from diplotrack import authoring
    from diplotrack.problems import Report


@app.command()
@handles_errors
def fmt(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Files or folders to format. Default: the dataset's visits/, people/ and groups/."
        ),
    ] = None,
    check: Annotated[
        bool,
        typer.Option("--check", help="Change nothing; print a diff and exit 1 when a file is not canonical."),
    ] = False,
) -> None:
    """Rewrite record files in the one canonical form, keeping comments.

    Keys in the documented order, block style, two-space indentation, quotes only where YAML would
    misread a value. A file is rewritten only when it reads back to the same records; files with
    errors are reported, not formatted. Exit status 1 when a file could not be formatted (with
    --check: or is not canonical).

    Example:

        diplotrack fmt --check
    """
    from diplotrack.fmt import Status, files_to_format, format_paths, save
    from diplotrack.problems import Report
    from diplotrack.render.fmt import diff, summary

    root = dataset_root(paths or None)
    outcomes = []
    for outcome in format_paths(files_to_format(root, paths or ()), root):
        path = outcome.path
        outcomes.append(outcome)
        if outcome.status is Status.INVALID:
            message(f"{path}: not formatted, it has errors:")
            emit_errors(Report(outcome.problems, 1, 0))
        elif outcome.status is Status.UNSAFE:
            message(f"error: {path}: not formatted: {outcome.reason}; the file is left as it is")
        elif outcome.status is Status.REFORMATTED and check:
            emit(diff(outcome))
            message(f"would format {path}")
        elif outcome.status is Status.REFORMATTED:
            save(outcome)
            message(f"formatted {path}")
    message(summary(outcomes, check))
    failed = {Status.INVALID, Status.UNSAFE} | ({Status.REFORMATTED} if check else set())
    if any(outcome.status in failed for outcome in outcomes):
        raise typer.Exit(1)


def emit_errors(report: "Report") -> None:
    """Problems as ``validate`` prints them, on stderr."""
    from diplotrack.render.problems import report_text

    err().print(report_text(report), soft_wrap=True)


@app.command()
@handles_errors
def add(
    visitor: Annotated[str | None, typer.Option("--visitor", help="Visitor's name (or registry id).")] = None,
    role: Annotated[str | None, typer.Option("--role", help="Visitor's office then, e.g. President.")] = None,
    visitor_country: Annotated[
        str | None, typer.Option("--from", help="Visitor's country (default: the registry's).")
    ] = None,
    destination: Annotated[str | None, typer.Option("--to", help="Destination country.")] = None,
    places: Annotated[
        list[str] | None, typer.Option("--places", "--place", help="City or region visited. Repeatable.")
    ] = None,
    hosts: Annotated[
        list[str] | None, typer.Option("--hosts", "--host", help="'Name (Role)' or 'Name'. Repeatable.")
    ] = None,
    start: Annotated[
        str | None, typer.Option("--start", help="First day: 2024-04-15, 2024-04, April 2024.")
    ] = None,
    end: Annotated[str | None, typer.Option("--end", help="Last day (default: the start).")] = None,
    visit_type: Annotated[
        VisitType | None, typer.Option("--type", case_sensitive=False, help="Visit type.")
    ] = None,
    event: Annotated[str | None, typer.Option("--event", help="Multilateral event attended.")] = None,
    status: Annotated[
        VisitStatus | None, typer.Option("--status", case_sensitive=False, help="Status, if not simply past.")
    ] = None,
    topics: Annotated[list[str] | None, typer.Option("--topic", help="Topic tag. Repeatable.")] = None,
    sources: Annotated[list[str] | None, typer.Option("--source", help="Source URL. Repeatable.")] = None,
    summary_text: Annotated[str | None, typer.Option("--summary", help="Free text.")] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Print the record instead of writing it.")
    ] = False,
) -> None:
    """Add a visit record, checked like any other, under visits/<year>/; prints its path.

    Names are kept as typed and linked to the registry (person: <id>) when it knows them; countries are
    written as English names. Missing required values are asked for on a terminal, else refused. Errors
    refuse the record; warnings are printed. Never overwrites a file: a taken name gets -2, -3, ...

    Example:

        diplotrack add --visitor Tokajew --to Armenien --places Yerevan --start 2024-04-15 \\
            --type official --host "Nikol Pashinyan (Prime Minister)" --source https://example.org/report
    """
    from diplotrack import authoring
    from diplotrack.problems import Report

    new = authoring.NewVisit(
        visitor=visitor,
        role=role,
        visitor_country=visitor_country,
        destination=destination,
        places=tuple(places or ()),
        hosts=tuple(hosts or ()),
        start=start,
        end=end,
        type=visit_type,
        event=event,
        status=status,
        topics=tuple(topics or ()),
        sources=tuple(sources or ()),
        summary=summary_text,
    )
    dataset = open_dataset()
    absent = authoring.missing(new, dataset.people)
    if absent and not interactive():
        raise UsageError(
            f"missing {', '.join(f.option for f in absent)} (diplotrack asks only on a terminal; give them as options)"
        )
    for field in absent:
        new = _ask(new, field)
    draft = authoring.draft(new, dataset)
    for note in draft.notes:
        message(f"note: {note}")
    problems = authoring.check(draft, dataset, SETTINGS.today)
    if problems:
        emit_errors(Report(problems, 1, 1))
    if any(p.severity is Severity.ERROR for p in problems):
        raise DiplotrackError("the record has errors (above); nothing was written")
    if dry_run:
        emit(draft.text)
        message(f"would write {draft.path}")
        return
    emit(str(authoring.write(draft, dataset)))


def interactive() -> bool:
    """Whether to ask for missing values: only when a person is at the keyboard."""
    return sys.stdin.isatty()


def _ask(new: "authoring.NewVisit", field: "authoring.Field") -> "authoring.NewVisit":
    from diplotrack import authoring

    answer: str = typer.prompt(field.question)
    return authoring.given(new, field, answer)
