"""Visits on a timeline: one line each under year (and month) headings, long empty stretches folded.

Values from records become text through :mod:`diplotrack.render.display`, so the same picture is safe on a
terminal and in the ``--svg``/``--html`` exports. Status shows in three ways at once, so that it survives any terminal: a marker glyph, a text tag
such as ``(cancelled)``, and a style (italic for what has not happened yet, struck through for
what never will). A "today" row sits where the visits cross today's date.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar

from rich.cells import cell_len
from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

# Defined in diplotrack.choices (import-light: the CLI needs it at start-up); re-exported here.
from diplotrack.choices import TimelineBy as TimelineBy
from diplotrack.dates import PartialDate
from diplotrack.model import Status, Visit, VisitType
from diplotrack.render.common import PARTIAL_NOTE, date_range, is_partial
from diplotrack.render.display import display, text

_MARKERS = {
    Status.COMPLETED: "●",
    Status.PLANNED: "○",
    Status.CONFIRMED: "○",
    Status.POSTPONED: "◌",
    Status.CANCELLED: "✕",
}
_STATUS_STYLES = {
    Status.COMPLETED: "",
    Status.PLANNED: "italic",
    Status.CONFIRMED: "italic",
    Status.POSTPONED: "italic",
    Status.CANCELLED: "strike",
}
_TAG_STYLES = {
    Status.PLANNED: "cyan",
    Status.CONFIRMED: "cyan",
    Status.POSTPONED: "yellow",
    Status.CANCELLED: "red",
}
_TYPE_STYLES = {
    VisitType.STATE: "bold magenta",
    VisitType.OFFICIAL: "magenta",
    VisitType.OFFICIAL_WORKING: "blue",
    VisitType.WORKING: "blue",
    VisitType.PRIVATE: "green",
    VisitType.SUMMIT: "yellow",
    VisitType.TRANSIT: "dim",
    VisitType.OTHER: "dim",
}
_K = TypeVar("_K")
_TODAY_STYLE = "cyan"
_BLANK = Text()


def _dates(visit: Visit) -> str:
    return date_range(visit.start, visit.end) + (" ~" if is_partial(visit) else "")


def _badge(visit: Visit) -> Text | None:
    if visit.type is None and visit.event is None:
        return None
    label = ": ".join(part for part in (visit.type and visit.type.value, visit.event) if part)
    return text(f"[{label}]", _TYPE_STYLES[visit.type] if visit.type else "yellow")


def _description(visit: Visit, status: Status) -> Text:
    visitor = visit.visitor
    main = text(visitor.name, "bold")
    if visitor.role:
        main.append(f" ({display(visitor.role)})")
    if visitor.country is not None:
        main.append(f", {display(visitor.country.country.name)}")
    main.append(" → ")
    main.append(display(visit.destination.country.country.name))
    if visit.destination.places:
        main.append(": " + display(", ".join(visit.destination.places)))
    main.stylize(_STATUS_STYLES[status])
    line = Text.assemble(main)
    if status is not Status.COMPLETED:
        line.append(f" ({status.value})", style=_TAG_STYLES[status])
    badge = _badge(visit)
    if badge is not None:
        line.append("  ")
        line.append_text(badge)
    if visit.topics:
        line.append("  ")
        line.append(display(", ".join(visit.topics)), style="dim")
    return line


def _grouped(
    visits: Iterable[tuple[int, Visit]], key: Callable[[Visit], _K]
) -> list[tuple[_K, list[tuple[int, Visit]]]]:
    """Groups in order of first appearance, so sorted input keeps its order."""
    groups: dict[_K, list[tuple[int, Visit]]] = {}
    for item in visits:
        groups.setdefault(key(item[1]), []).append(item)
    return list(groups.items())


def _side(visit: Visit, today: dt.date) -> bool:
    return visit.start.first_day > today


def _today_index(visits: Sequence[Visit], today: dt.date) -> int | None:
    """The first visit on the other side of today from the first one; works for either sort order."""
    first = _side(visits[0], today)
    return next((i for i, v in enumerate(visits) if _side(v, today) != first), None)


def _gap_line(empty_from: int, empty_to: int) -> Text:
    count = empty_to - empty_from + 1
    years = "year" if count == 1 else "years"
    return Text(f"⋮ {count} {years} without visits ({empty_from}–{empty_to})", style="dim")


class _Builder:
    """Collects the timeline's parts; consecutive rows share one grid, whose date column has a fixed width."""

    def __init__(self, date_width: int, today: dt.date, today_index: int | None) -> None:
        self.parts: list[RenderableType] = []
        self.date_width = date_width
        self.today = today
        self.today_index = today_index
        self._indent = 0
        self._rows: list[tuple[Text, Text, Text]] = []

    def indent(self, cells: int) -> None:
        self.flush()
        self._indent = cells

    def heading(self, renderable: RenderableType) -> None:
        self.flush()
        self.parts.append(renderable)

    def separate(self) -> None:
        """A blank line, unless at the top or already after one."""
        self.flush()
        if self.parts and self.parts[-1] is not _BLANK:
            self.parts.append(_BLANK)

    def today_before(
        self, index: int, period: tuple[dt.date, dt.date] | None = None, *, spaced: bool = False
    ) -> None:
        """The today row goes before visit ``index``; outside the ``period`` it belongs to, on its own."""
        if self.today_index != index or (period is not None and period[0] <= self.today <= period[1]):
            return
        self.today_index = None
        alone = period is not None
        if alone and spaced:
            self.separate()
        self._rows.append(
            (
                Text("▸", style=_TODAY_STYLE),
                Text(PartialDate.from_date(self.today).human(), style=_TODAY_STYLE),
                Text("today", style=_TODAY_STYLE),
            )
        )
        if alone:
            self.flush()

    def visit(self, index: int, visit: Visit) -> None:
        self.today_before(index)
        status = visit.status_on(self.today)
        self._rows.append(
            (
                Text(_MARKERS[status]),
                Text(_dates(visit), style=_STATUS_STYLES[status]),
                _description(visit, status),
            )
        )

    def flush(self) -> None:
        if not self._rows:
            return
        grid = Table.grid(padding=(0, 1))
        grid.add_column(no_wrap=True)
        # One cell wider than the longest date keeps two spaces before the description.
        grid.add_column(no_wrap=True, min_width=self.date_width + 1)
        grid.add_column()
        for row in self._rows:
            grid.add_row(*row)
        self._rows = []
        self.parts.append(Padding(grid, (0, 0, 0, self._indent)) if self._indent else grid)


def _year_period(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def _month_period(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def timeline(
    visits: Sequence[Visit],
    by: TimelineBy = TimelineBy.YEAR,
    *,
    today: dt.date,
    title: str | None = None,
    gap_years: int = 3,
) -> RenderableType:
    """Visits in their given order under year headings (and month headings with ``by=month``).

    More than ``gap_years`` empty years between two headings become one dim line; empty years are
    never shown. A visit known only to its year goes first in its year, under "YEAR (month unknown)".
    """
    if not visits:
        return Text("no visits")
    date_width = max(cell_len(PartialDate.from_date(today).human()), *(cell_len(_dates(v)) for v in visits))
    builder = _Builder(date_width, today, _today_index(visits, today))
    if title:
        builder.heading(text(title, "bold"))
    previous: int | None = None
    for year, members in _grouped(enumerate(visits), lambda v: v.start.year):
        if previous is not None:
            empty_from, empty_to = min(previous, year) + 1, max(previous, year) - 1
            if empty_to - empty_from + 1 > gap_years:
                builder.separate()
                builder.heading(_gap_line(empty_from, empty_to))
        previous = year
        builder.today_before(members[0][0], _year_period(year), spaced=True)
        builder.separate()
        builder.heading(Rule(Text(str(year), style="bold"), align="left", style="dim"))
        if by is TimelineBy.YEAR:
            for index, visit in members:
                builder.visit(index, visit)
            continue
        unknown = [item for item in members if item[1].start.month is None]
        known = [item for item in members if item[1].start.month is not None]
        if unknown:
            builder.heading(Text(f"{year} (month unknown)", style="bold"))
            builder.indent(2)
            for index, visit in unknown:
                builder.visit(index, visit)
        for month, month_members in _grouped(known, lambda v: v.start.month or 0):
            builder.indent(2)
            builder.today_before(month_members[0][0], _month_period(year, month))
            builder.heading(Text(f"{calendar.month_name[month]} {year}", style="bold"))
            for index, visit in month_members:
                builder.visit(index, visit)
        builder.indent(0)
    builder.flush()
    if any(is_partial(v) for v in visits):
        builder.separate()
        builder.heading(Text(PARTIAL_NOTE, style="dim"))
    return Group(*builder.parts)
