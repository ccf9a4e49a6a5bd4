"""Commands that answer questions: ``timeline``, ``first``, ``pair`` and ``stats``."""

from __future__ import annotations

import enum
import io
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console, RenderableType

from diplotrack.claims import StatsBy, compare_pair, count_by, find_first, matching, visitor_level
from diplotrack.cli.app import (
    SETTINGS,
    FilterValues,
    app,
    emit,
    handles_errors,
    message,
    open_dataset,
    query_of,
    warn_invalid,
    with_filters,
)
from diplotrack.cli.completion import complete_place
from diplotrack.filters import resolve_place
from diplotrack.problems import UsageError
from diplotrack.query import run_query
from diplotrack.render.claims import first_json, first_report, pair_json, pair_report
from diplotrack.render.stats import STATS_RENDERERS, StatsFormat
from diplotrack.render.timeline import TimelineBy
from diplotrack.render.timeline import timeline as timeline_renderable


class ReportFormat(enum.StrEnum):
    """Output formats of ``first`` and ``pair``."""

    TEXT = "text"
    JSON = "json"


FormatOpt = Annotated[ReportFormat, typer.Option("--format", "-f", help="Output format.")]


def save_picture(renderable: RenderableType, svg: Path | None, html: Path | None, title: str) -> None:
    """Write the picture the terminal shows to SVG and/or HTML too (Rich's console recording)."""
    targets = [(path, kind) for path, kind in ((svg, "svg"), (html, "html")) if path is not None]
    for path, _ in targets:
        if path.exists():
            raise UsageError(f"{path} exists; diplotrack never overwrites a file, choose another name")
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
        path.write_text(picture, encoding="utf-8")
        message(f"saved {path}")


@app.command()
@handles_errors
@with_filters
def timeline(
    filters: FilterValues,
    by: Annotated[TimelineBy, typer.Option("--by", help="Group by year or by month.")] = TimelineBy.YEAR,
    svg: Annotated[Path | None, typer.Option("--svg", help="Also save the picture as SVG.")] = None,
    html: Annotated[Path | None, typer.Option("--html", help="Also save the picture as HTML.")] = None,
) -> None:
    """Show matching visits as a timeline grouped by year (and month).

    With --person it reads as an itinerary; with --between A B as a bilateral history, both ways.
    Planned and confirmed visits are marked, cancelled ones struck through; long gaps are compressed.

    Example:

        diplotrack timeline --person Tokajew --since 2024-03 --until 2024-04 --by month
    """
    dataset = open_dataset()
    visits = run_query(dataset.visits, query_of(dataset, filters), dataset.registries)
    warn_invalid(dataset)
    picture = timeline_renderable(visits, by, today=SETTINGS.today)
    emit(picture)
    save_picture(picture, svg, html, "diplotrack timeline")


@app.command()
@handles_errors
@with_filters
def first(
    filters: FilterValues,
    nth: Annotated[
        int, typer.Option("--nth", min=1, help="The Nth matching visit instead of the first.")
    ] = 1,
    output_format: FormatOpt = ReportFormat.TEXT,
) -> None:
    """Check a "first since" claim: the first (or Nth) matching visit on or after --since.

    Prints the match, how many matching visits the window holds, and the last matching visit
    before --since (or that the data has none), so the answer comes with its evidence.

    Example:

        diplotrack first --to Armenia --from ots --role head-of-state --bilateral --since 2020-09-27
    """
    dataset = open_dataset()
    result = find_first(dataset.visits, query_of(dataset, filters), dataset.registries, nth)
    warn_invalid(dataset)
    emit(
        first_json(result, SETTINGS.today)
        if output_format is ReportFormat.JSON
        else first_report(result, SETTINGS.today)
    )


@app.command()
@handles_errors
@with_filters
def pair(
    filters: FilterValues,
    a: Annotated[str, typer.Argument(help="A country or group.", autocompletion=complete_place)],
    b: Annotated[str, typer.Argument(help="Another country or group.", autocompletion=complete_place)],
    output_format: FormatOpt = ReportFormat.TEXT,
) -> None:
    """Bilateral history and reciprocity: visits both ways between A and B.

    Counts by type each way, the last visit each way and how long ago, visits not yet returned
    at the same level (the visitor's office class), and a timeline. Other filters apply too.

    Example:

        diplotrack pair Kazakhstan Armenia
    """
    dataset = open_dataset()
    if filters["to"] or filters["from_"] or filters["between"]:
        message("note: --to/--from/--between are set by A and B in pair; ignoring them")
    query = query_of(dataset, filters)
    place_a = resolve_place(a, dataset.registries, "A")
    place_b = resolve_place(b, dataset.registries, "B")
    level = visitor_level(dataset.people)
    result = compare_pair(dataset.visits, place_a, place_b, query, dataset.registries, level)
    warn_invalid(dataset)
    emit(
        pair_json(result, SETTINGS.today)
        if output_format is ReportFormat.JSON
        else pair_report(result, SETTINGS.today)
    )


@app.command()
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
    dataset = open_dataset()
    visits, left_out = matching(dataset.visits, query_of(dataset, filters), dataset.registries)
    warn_invalid(dataset)
    if left_out:
        message(
            f"note: {left_out} matching visit(s) that did not happen were not counted; add --status to count them"
        )
    counts = count_by(visits, by, dataset.people)
    if not counts:
        message("no visits match")
    emit(STATS_RENDERERS[output_format](counts, f"Visits by {by.value}"))
