"""The timeline: year and month grouping, statuses in text and style, folded gaps, widths, SVG."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
from functools import cache

from rich.cells import cell_len
from rich.console import Console, RenderableType

from diplotrack.dates import PartialDate
from diplotrack.filters import SortOrder
from diplotrack.loader import load_dataset
from diplotrack.model import Status, Visit
from diplotrack.query import sort_visits
from diplotrack.render.timeline import TimelineBy, timeline
from tests.support import TODAY, VALID, plain

CANCELLED = "2018-06-mirziyoyev-armenia"
CONFIRMED = "pashinyan-astana-2025"
COMPLETED = "2020-mirziyoyev-armenia"


@cache
def fixture_visits() -> tuple[Visit, ...]:
    return tuple(sort_visits(load_dataset(VALID).visits))


def visit(visit_id: str) -> Visit:
    return next(v for v in fixture_visits() if v.id == visit_id)


def lines(renderable: RenderableType, width: int = 100) -> list[str]:
    return [line.rstrip() for line in plain(renderable, width).splitlines()]


def line_with(text: str, rendered: list[str]) -> str:
    found = [line for line in rendered if text in line]
    assert len(found) == 1, (text, rendered)
    return found[0]


def year_headings(rendered: list[str]) -> list[str]:
    return [line.split()[0] for line in rendered if line.endswith("───")]


def on_day(source: Visit, year: int, month: int | None = None, day: int | None = None) -> Visit:
    date = PartialDate(year, month, day)
    return dataclasses.replace(source, start=date, end=date)


def test_year_headings_in_order_without_empty_years() -> None:
    years = sorted({v.start.year for v in fixture_visits()})
    empty = set(range(years[0], years[-1])) - set(years)
    assert empty, "the fixtures should leave a year without visits"
    rendered = lines(timeline(fixture_visits(), today=TODAY))
    assert year_headings(rendered) == [str(year) for year in years]
    assert not any(line.startswith(str(year)) for year in empty for line in rendered)


def test_given_order_is_kept() -> None:
    newest_first = sort_visits(fixture_visits(), SortOrder.DATE_DESC)
    rendered = lines(timeline(newest_first, today=TODAY))
    years = sorted({v.start.year for v in fixture_visits()}, reverse=True)
    assert year_headings(rendered) == [str(year) for year in years]
    assert rendered.index(line_with("Jerewan", rendered)) < rendered.index(line_with("Baku", rendered))


def test_month_headings_group_the_visits_of_a_year() -> None:
    rendered = lines(timeline(fixture_visits(), TimelineBy.MONTH, today=TODAY))
    march, april = rendered.index("March 2024"), rendered.index("April 2024")
    assert rendered.index(line_with("2024 ───", rendered)) < march < april
    assert (
        march
        < rendered.index(line_with("Baku", rendered))
        < april
        < rendered.index(line_with("Jerewan", rendered))
    )
    assert "March 2024" not in lines(timeline(fixture_visits(), TimelineBy.YEAR, today=TODAY))


def test_year_only_visit_goes_first_in_its_year_with_month_unknown() -> None:
    new_year = on_day(visit(COMPLETED), 2020, 1, 1)
    some_time = dataclasses.replace(
        visit(COMPLETED), id="some-time", destination=visit(CANCELLED).destination
    )
    # sort_visits puts 1 Jan 2020 first: the year-only visit ends later.
    ordered = sort_visits([new_year, some_time])
    assert ordered[0] is new_year
    rendered = lines(timeline(ordered, TimelineBy.MONTH, today=TODAY))
    unknown, january = rendered.index("2020 (month unknown)"), rendered.index("January 2020")
    assert unknown < rendered.index(line_with("2020 ~", rendered)) < january
    assert january < rendered.index(line_with("1 Jan 2020", rendered))


def test_cancelled_visit_is_tagged_and_struck_through() -> None:
    rendered = lines(timeline(fixture_visits(), today=TODAY))
    assert "(cancelled)" in line_with("Jun 2018", rendered)
    assert "(cancelled)" not in line_with("2020 ~", rendered)

    console = Console(width=100, force_terminal=True, color_system="standard", no_color=False)
    segments = list(console.render(timeline([visit(CANCELLED), visit(COMPLETED)], today=TODAY)))
    struck = "".join(s.text for s in segments if s.style is not None and s.style.strike)
    assert "Jun 2018" in struck and "Shavkat Mirziyoyev" in struck
    assert "2020" not in struck and "(cancelled)" not in struck
    with console.capture() as capture:
        console.print(timeline([visit(CANCELLED)], today=TODAY))
    assert "\x1b[9m" in capture.get()


def test_planned_and_confirmed_visits_are_tagged_italic_with_another_marker() -> None:
    rendered = lines(timeline(fixture_visits(), today=TODAY))
    confirmed = line_with("Никол Пашинян", rendered)
    assert "(confirmed)" in confirmed and confirmed.startswith("○")
    assert line_with("Sadyr Japarov", rendered).startswith("●")

    planned = dataclasses.replace(visit(CONFIRMED), status=Status.PLANNED)
    assert "(planned)" in line_with("Никол Пашинян", lines(timeline([planned], today=TODAY)))

    console = Console(width=100, force_terminal=True, color_system="standard", no_color=False)
    segments = list(console.render(timeline([visit(CONFIRMED), visit(COMPLETED)], today=TODAY)))
    italic = "".join(s.text for s in segments if s.style is not None and s.style.italic)
    assert "Никол Пашинян" in italic and "Shavkat" not in italic


def test_postponed_visit_is_tagged() -> None:
    postponed = dataclasses.replace(visit(CONFIRMED), status=Status.POSTPONED)
    assert "(postponed)" in line_with("Никол Пашинян", lines(timeline([postponed], today=TODAY)))


def test_long_gaps_fold_into_one_line() -> None:
    early, late = on_day(visit(COMPLETED), 2000, 5, 2), on_day(visit(CANCELLED), 2024, 7)
    rendered = lines(timeline([early, late], today=TODAY))
    assert "⋮ 23 years without visits (2001–2023)" in rendered
    assert year_headings(rendered) == ["2000", "2024"]
    assert not any(line.startswith("2010") for line in rendered)


def test_gaps_up_to_gap_years_are_not_mentioned() -> None:
    visits = [on_day(visit(COMPLETED), 2020), on_day(visit(CANCELLED), 2024)]
    assert not any("without visits" in line for line in lines(timeline(visits, today=TODAY, gap_years=3)))
    assert "⋮ 3 years without visits (2021–2023)" in lines(timeline(visits, today=TODAY, gap_years=2))


def test_today_row_sits_where_the_visits_cross_today() -> None:
    march, april = visit("2024-03-11-tokayev-azerbaijan"), visit("2024-04-15-tokayev-armenia")
    rendered = lines(timeline([march, april], today=dt.date(2024, 4, 1)))
    today = rendered.index(line_with("today", rendered))
    assert (
        rendered.index(line_with("Baku", rendered)) < today < rendered.index(line_with("Jerewan", rendered))
    )
    assert not any("today" in line for line in lines(timeline([march, april], today=TODAY)))
    by_month = lines(timeline([march, april], TimelineBy.MONTH, today=dt.date(2024, 4, 1)))
    today = by_month.index(line_with("today", by_month))
    assert by_month.index("April 2024") < today < by_month.index(line_with("Jerewan", by_month))


def test_user_data_with_markup_is_shown_literally() -> None:
    source = visit("csto-yerevan-1")
    evil = dataclasses.replace(
        source,
        visitor=dataclasses.replace(source.visitor, name="[bold]Evil[/bold]", role="[red]Chief"),
        destination=dataclasses.replace(source.destination, places=("[i]Yerevan[/i]",)),
        event="[link=https://evil]summit[/link]",
        topics=("[blink]x[/]",),
    )
    text = plain(timeline([evil], today=TODAY, title="[b]mine[/b]"), width=200)
    for literal in (
        "[bold]Evil[/bold]",
        "[red]Chief",
        "[i]Yerevan[/i]",
        "[link=https://evil]summit[/link]",
        "[blink]x[/]",
    ):
        assert literal in text
    assert text.startswith("[b]mine[/b]\n")


def test_empty_timeline_says_so() -> None:
    assert plain(timeline([], today=TODAY, title="Nobody")) == "no visits\n"


EXPECTED = """\
Selected visits

2018 ───────────────────────────────────────────────────────────────────────────────────────────────
✕ Jun 2018 ~      Shavkat Mirziyoyev (President), Uzbekistan → Armenia (cancelled)  [official]

⋮ 5 years without visits (2019–2023)

2024 ───────────────────────────────────────────────────────────────────────────────────────────────
● 11–12 Mar 2024  Kassym-Jomart Tokayev (President), Kazakhstan → Azerbaijan: Baku, Fuzuli, Shusha
                  [state]  trade, transit

▸ 1 Jun 2026      today

2027 ───────────────────────────────────────────────────────────────────────────────────────────────
○ May 2027 ~      Никол Пашинян (Prime Minister), Armenia → Kazakhstan (confirmed)  trade

~ date known only to the month or year"""


def test_timeline_at_fixed_width() -> None:
    visits = [visit(CANCELLED), visit("2024-03-11-tokayev-azerbaijan"), visit(CONFIRMED)]
    assert "\n".join(lines(timeline(visits, today=TODAY, title="Selected visits"))) == EXPECTED


def test_narrow_terminal_wraps_but_keeps_every_visitor() -> None:
    visits = fixture_visits()
    for by in TimelineBy:
        rendered = lines(timeline(visits, by, today=TODAY), width=60)
        assert all(cell_len(line) <= 60 for line in rendered)
        text = "\n".join(rendered)
        for name in {v.visitor.name for v in visits}:
            assert name in text


def test_svg_export() -> None:
    console = Console(record=True, width=100, file=io.StringIO())
    console.print(timeline(fixture_visits(), TimelineBy.MONTH, today=TODAY))
    svg = console.export_svg(title="timeline")
    assert svg.startswith("<svg") and "Mirziyoyev" in svg and "Пашинян" in svg
