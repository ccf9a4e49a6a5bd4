"""Commands that answer questions: ``timeline``, ``first``, ``pair`` and ``stats``."""

import enum
import io
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console, RenderableType

from diplotrack.choices import StatsBy, StatsFormat, TimelineBy
from diplotrack.cli.app import (
    SETTINGS,
    Command,
    FilterValues,
    app,
    emit,
    handles_errors,
    message,
    open_dataset,
    open_query,
    query_of,
    warn_invalid,
    with_filters,
)
from diplotrack.cli.completion import complete_place
from diplotrack.problems import UsageError


class ReportFormat(enum.StrEnum):
    """Output formats of ``first`` and ``pair``."""

    TEXT = "text"
    JSON = "json"


FormatOpt = Annotated[ReportFormat, typer.Option("--format", "-f", help="Output format.")]


def check_picture_targets(svg: Path | None, html: Path | None) -> None:
    """Refuse, before anything is rendered, a target that exists or whose folder does not."""
    for path in (svg, html):
        if path is None:
            continue
        if path.exists() or path.is_symlink():
            raise UsageError(f"{path} exists; diplotrack never overwrites a file, choose another name")
        if not path.parent.is_dir():
            raise UsageError(f"{path}: the folder {path.parent} does not exist; create it or choose another")


def _write_new(path: Path, content: str) -> None:
    """Write ``content`` to ``path`` atomically, never over a file (see :mod:`diplotrack.writefiles`)."""
    from diplotrack.writefiles import WriteError, create

    try:
        created = create(path, content.encode("utf-8"))
    except WriteError as exc:
        raise UsageError(str(exc)) from None
    if not created:
        raise UsageError(f"{path} exists; diplotrack never overwrites a file, choose another name")


def save_picture(renderable: RenderableType, svg: Path | None, html: Path | None, title: str) -> None:
    """Write the picture the terminal shows to SVG and/or HTML too (Rich's console recording).

    The renderers made every value from the data displayable text (no control characters), and Rich
    escapes ``&``, ``<`` and ``>``, so the SVG is well-formed XML and the HTML shows data as text.
    """
    check_picture_targets(svg, html)
    targets = [(path, kind) for path, kind in ((svg, "svg"), (html, "html")) if path is not None]
    if not targets:
        return
    console = Console(
        record=True, width=110, file=io.StringIO(), force_terminal=True, color_system="truecolor"
    )
    console.print(renderable)
    for path, kind in targets:
        picture = (
            console.export_svg(title=title, clear=False)
            if kind == "svg"
            else console.export_html(clear=False)
        )
        _write_new(path, picture)
        message(f"saved {path}")


@app.command(cls=Command)
@handles_errors
@with_filters
def timeline(
    filters: FilterValues,
    by: Annotated[TimelineBy, typer.Option("--by", help="Group by year or by month.")] = TimelineBy.YEAR,
    svg: Annotated[
        Path | None, typer.Option("--svg", metavar="FILE", help="Also save the picture as SVG (a new file).")
    ] = None,
    html: Annotated[
        Path | None,
        typer.Option("--html", metavar="FILE", help="Also save the picture as HTML (a new file)."),
    ] = None,
) -> None:
    """Show matching visits as a timeline grouped by year (and month).

    With --person it reads as an itinerary; with --between A B as a bilateral history, both ways.
    Planned and confirmed visits are marked, cancelled ones struck through; long gaps are compressed.

    Example:

        diplotrack timeline --person Tokajew --since 2024-03 --until 2024-04 --by month
    """
    from diplotrack.query import run_query
    from diplotrack.render.timeline import timeline as timeline_renderable

    check_picture_targets(svg, html)
    dataset, query = open_query(filters)
    visits = run_query(dataset.visits, query, dataset.registries)
    warn_invalid(dataset)
    picture = timeline_renderable(visits, by, today=SETTINGS.today)
    emit(picture)
    save_picture(picture, svg, html, "diplotrack timeline")


@app.command(cls=Command)
@handles_errors
@with_filters
def first(
    filters: FilterValues,
    nth: Annotated[
        int,
        typer.Option("--nth", metavar="N", help="The Nth matching visit instead of the first (1 or more)."),
    ] = 1,
    output_format: FormatOpt = ReportFormat.TEXT,
) -> None:
    """Check a "first since" claim: the first (or Nth) matching visit on or after --since.

    Prints the match, how many matching visits the window holds, and the last matching visit
    before --since (or that the data has none), so the answer comes with its evidence.

    Example:

        diplotrack first --to Armenia --from ots --role head-of-state --bilateral --since 2020-09-27
    """
    from diplotrack.claims import find_first
    from diplotrack.render.claims import first_json, first_report

    if nth < 1:
        raise UsageError(f"--nth {nth}: count from 1 (the first matching visit)")
    if nth < 1:
        raise UsageError(f"--nth {nth}: count from 1 (the first matching visit)")
    dataset, query = open_query(filters, ignore=("since", "limit"))  # it also looks before --since
    result = find_first(dataset.visits, query, dataset.registries, nth)
    warn_invalid(dataset)
    emit(
        first_json(result, SETTINGS.today)
        if output_format is ReportFormat.JSON
        else first_report(result, SETTINGS.today)
    )


@app.command(cls=Command)
@handles_errors
@with_filters
def pair(
    filters: FilterValues,
    a: Annotated[str, typer.Argument(metavar="A", help="A country or group.", autocompletion=complete_place)],
    b: Annotated[
        str, typer.Argument(metavar="B", help="Another country or group.", autocompletion=complete_place)
    ],
    output_format: FormatOpt = ReportFormat.TEXT,
) -> None:
    """Bilateral history and reciprocity: visits both ways between A and B.

    Counts by type each way, the last visit each way and how long ago, visits not yet returned
    at the same level (the visitor's office class), and a timeline. Other filters apply too.

    Example:

        diplotrack pair Kazakhstan Armenia
    """
    from diplotrack.claims import compare_pair, visitor_level
    from diplotrack.filters import Resolution, resolve_place
    from diplotrack.render.claims import pair_json, pair_report

    dataset = open_dataset()
    if filters["to"] or filters["from_"] or filters["between"]:
        message("note: --to/--from/--between are set by A and B in pair; ignoring them")
    query = query_of(dataset, filters)
    place_a = resolve_place(a, Resolution(dataset.registries, SETTINGS.today, "A"))
    place_b = resolve_place(b, Resolution(dataset.registries, SETTINGS.today, "B"))
    level = visitor_level(dataset.people)
    result = compare_pair(dataset.visits, place_a, place_b, query, dataset.registries, level)
    warn_invalid(dataset)
    emit(
        pair_json(result, SETTINGS.today)
        if output_format is ReportFormat.JSON
        else pair_report(result, SETTINGS.today)
    )


@app.command(cls=Command)
@handles_errors
@with_filters
def stats(
    filters: FilterValues,
    by: Annotated[StatsBy, typer.Option("--by", help="What to count by.")] = StatsBy.YEAR,
    output_format: Annotated[
        StatsFormat, typer.Option("--format", "-f", help="Output format.")
    ] = StatsFormat.TABLE,
) -> None:
    """Count matching visits by year, destination, visitor country, type, topic or person.

    Example:

        diplotrack stats --to Armenia --by visitor-country --format json
    """
    from diplotrack.claims import count_by, matching
    from diplotrack.render.stats import STATS_RENDERERS

    dataset, query = open_query(filters)
    visits, left_out = matching(dataset.visits, query, dataset.registries)
    warn_invalid(dataset)
    if left_out:
        message(
            f"note: {left_out} matching visit(s) that did not happen were not counted; add --status to count them"
        )
    counts = count_by(visits, by, dataset.people)
    if not counts:
        message("no visits match")
    title = (
        "Topic tags (a visit counts once for each of its topics)"
        if by is StatsBy.TOPIC
        else f"Visits by {by.value}"
    )
    emit(STATS_RENDERERS[output_format](counts, title))
