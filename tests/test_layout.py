"""Tables that never cut a word: the bundled dataset's tables at 60–160 columns, and the layout rules."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterator

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from rich import box
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.style import Style
from rich.table import Table
from rich.text import Text

from diplotrack.claims import compare_pair, find_first, visitor_level
from diplotrack.filters import Resolution, resolve_place
from diplotrack.loader import Dataset, load_dataset
from diplotrack.query import build_query, sort_visits
from diplotrack.render.claims import first_report, pair_report
from diplotrack.render.layout import FittedTable, Spec, share_out
from diplotrack.render.registry import groups_table, people_table
from diplotrack.render.show import visit_panel
from diplotrack.render.tablelines import table_width
from diplotrack.render.visits import ListColumn, visits_table
from tests.support import REPO, TODAY, plain

WIDTHS = (60, 80, 120, 160)
_PUNCTUATION = "()[],;:.~"


@pytest.fixture(scope="module")
def bundled() -> Dataset:
    return load_dataset(REPO)


def _words(value: str) -> set[str]:
    return {word.strip(_PUNCTUATION) for word in value.split()} - {""}


def _vocabulary(renderable: RenderableType) -> set[str]:
    """Every word the renderable holds (cells, headers, captions, texts): the only tokens it may print."""
    if isinstance(renderable, FittedTable):
        words = set().union(*(_words(cell.plain) for row in renderable.rows for cell in row))
        words |= set().union(*(_words(spec.header) for spec in renderable.specs))
        words |= _words(f"Not shown at this width {renderable.left_out_hint} {renderable.caption or ''}")
        return words | (_words(renderable.title.plain) if renderable.title else set())
    if isinstance(renderable, Group):
        return set().union(*(_vocabulary(part) for part in renderable.renderables))
    if isinstance(renderable, Text):
        return _words(renderable.plain)
    raise TypeError(renderable)


def _tables(renderable: RenderableType) -> Iterator[FittedTable]:
    if isinstance(renderable, FittedTable):
        yield renderable
    elif isinstance(renderable, Group):
        for part in renderable.renderables:
            yield from _tables(part)


def assert_no_word_cut(renderable: RenderableType, width: int) -> str:
    """Render at ``width``; every printed token is a whole word of the data, and no line is too long."""
    output = plain(renderable, width=width)
    vocabulary = _vocabulary(renderable)
    for line in output.splitlines():
        assert len(line.rstrip()) <= width
        if set(line.strip()) <= {"─", " "}:
            continue  # the rule under the header
        for token in _words(line):
            assert token in vocabulary, f"{token!r} is not a whole word (at {width}): {line!r}"
    return output


def _left_out(output: str) -> set[str]:
    match = re.search(r"Not shown at this width: ([^(.]*)", " ".join(output.split()))
    return {name.strip().lower() for name in match.group(1).split(",")} if match else set()


def _stacked(output: str) -> bool:
    return "─" not in output


@pytest.mark.parametrize("width", WIDTHS)
def test_list_of_the_bundled_dataset_never_cuts_a_word(bundled: Dataset, width: int) -> None:
    visits = sort_visits(bundled.visits)
    table = visits_table(visits, TODAY)
    output = assert_no_word_cut(table, width)
    left_out = _left_out(output)
    atoms = {
        ListColumn.VISITOR: [v.visitor.name for v in visits],
        ListColumn.FROM: [v.visitor.country.country.name for v in visits if v.visitor.country],
        ListColumn.TO: [v.destination.country.country.name for v in visits]
        + [p for v in visits for p in v.destination.places],
        ListColumn.TOPICS: [t for v in visits for t in v.topics],
        ListColumn.ID: [v.id for v in visits],
    }
    tokens = {token for line in output.splitlines() for token in _words(line)}
    for column, values in atoms.items():
        if column.value in left_out:
            continue
        for value in values:
            assert _words(value) <= tokens, f"{value!r} ({column}) at {width}"
            # Names may wrap between words (the bundled data has long ones); ids never wrap.
            if width >= 120 and column is ListColumn.ID:
                assert any(value in line for line in output.splitlines()), (
                    f"{value!r} not on one line at {width}"
                )
    # What a narrow terminal leaves out is named; a wide one shows every column and uses the width.
    assert left_out <= {c.value for c in ListColumn}
    if width >= 160:
        assert left_out == set()
        assert max(len(line.rstrip()) for line in output.splitlines()) > 140
    if width == 60:
        assert _stacked(output) or left_out


@pytest.mark.parametrize("width", WIDTHS)
def test_people_and_groups_never_cut_a_word(bundled: Dataset, width: int) -> None:
    assert_no_word_cut(people_table(bundled.people.people), width)
    assert_no_word_cut(groups_table(bundled.groups.groups, TODAY), width)


@pytest.mark.parametrize("width", WIDTHS)
def test_first_never_cuts_a_word_and_leads_to_show(bundled: Dataset, width: int) -> None:
    query = build_query({"to": ["AM"], "from_": ["ots"], "since": "2020-09-27"}, bundled.registries, TODAY)
    result = find_first(bundled.visits, query, bundled.registries, 1)
    assert result.match is not None
    output = assert_no_word_cut(first_report(result, TODAY), width)
    assert f"diplotrack show {result.match.id}" in " ".join(output.split())


def _table(rows: list[list[str]], specs: list[Spec]) -> FittedTable:
    return FittedTable(specs, [[Text(cell) for cell in row] for row in rows], left_out_hint=" (hint)")


def test_columns_are_left_out_by_priority_and_named() -> None:
    specs = [Spec("Name"), Spec("Place", priority=2), Spec("Note", priority=1)]
    table = _table([["Kassym-Jomart Tokayev", "Turkmenistan", "regional-security"]], specs)
    wide = plain(table, width=60)
    assert "Place" in wide and _left_out(wide) == set()
    narrow = plain(table, width=36)
    assert _left_out(narrow) == {"place"}
    assert "regional-security" in narrow and "Kassym-Jomart" in narrow


def test_rows_are_stacked_when_fewer_than_half_the_columns_fit() -> None:
    specs = [Spec(name, priority=n) for n, name in enumerate(("A", "B", "C", "D"))]
    table = _table([["Kassym-Jomart", "Turkmenistan", "regional-security", "eurasian-integration"]], specs)
    assert not _stacked(plain(table, width=30))  # two of four columns fit: still a table
    output = plain(table, width=24)  # one of four would fit
    assert [line.split()[0] for line in output.splitlines() if line.strip()] == ["A", "B", "C", "D"]
    assert _stacked(output)


def test_a_url_may_fold_but_a_word_may_not() -> None:
    url = "https://www.president.kz/en/news/a-very-long-path-of-a-press-release-" + "x" * 40
    table = _table([["Kassym-Jomart", f"Source {url}"]], [Spec("Who"), Spec("Link")])
    output = plain(table, width=60)
    assert "Kassym-Jomart" in output
    assert "".join(line.split()[-1] for line in output.splitlines()[2:]).endswith("x" * 40)


def test_widths_go_where_they_unwrap_lines_and_stop_when_all_fit() -> None:
    # Column 0 unwraps its many lines with 4 more cells; column 1 would need 30 more for one line.
    assert share_out([10, 10], [[14, 14, 14, 14], [40]], 24) == [14, 10]
    assert share_out([10, 10], [[14], [12]], 100) == [14, 12]  # no padding past the longest line


def test_every_column_of_list_can_be_chosen(bundled: Dataset) -> None:
    visits = sort_visits(bundled.visits)[:5]
    output = plain(visits_table(visits, dt.date(2026, 1, 1), tuple(ListColumn)), width=400)
    header = output.splitlines()[0].split()
    assert header == [column.value.capitalize() for column in ListColumn]


@pytest.mark.parametrize("width", [60, 80])
def test_show_keeps_names_places_and_topics_whole(bundled: Dataset, width: int) -> None:
    for visit in bundled.visits:
        output = plain(visit_panel(visit, TODAY), width=width)
        tokens = {token for line in output.splitlines() for token in _words(line.strip("│ "))}
        people = [visit.visitor, *visit.hosts]
        for value in [p.name for p in people] + [p.role or "" for p in people]:
            assert _words(value) <= tokens, f"{value!r} of {visit.id} at {width}"
        for value in [*visit.destination.places, *visit.topics, visit.destination.country.country.name]:
            assert _words(value) <= tokens, f"{value!r} of {visit.id} at {width}"
        assert all(len(line) <= width for line in output.splitlines())


@pytest.mark.parametrize("width", [60, 80, 120])
def test_pair_table_never_cuts_a_word(bundled: Dataset, width: int) -> None:
    kz, am = (resolve_place(name, Resolution(bundled.registries, TODAY, "A")) for name in ("KZ", "AM"))
    query = build_query({}, bundled.registries, TODAY)
    result = compare_pair(bundled.visits, kz, am, query, bundled.registries, visitor_level(bundled.people))
    table = next(_tables(pair_report(result, TODAY)))
    assert_no_word_cut(table, width)


# The table drawn directly (render/tablelines.py) against the rich.table.Table FittedTable used to build.


class _RichTable:
    """``fitted`` drawn as before: a Rich ``Table`` with the columns and widths that ``fitted`` chose."""

    def __init__(self, fitted: FittedTable) -> None:
        self.fitted = fitted

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        fitted = self.fitted
        layout = fitted.layout(options.max_width)
        if layout is None:  # stacked rows: no table to compare with
            yield fitted
            return
        table = Table(
            box=box.SIMPLE_HEAD,
            header_style="bold",
            pad_edge=False,
            collapse_padding=True,
            show_edge=False,
            show_lines=fitted.show_lines,
            title=fitted.title,
        )
        for index, width in zip(layout.kept, layout.widths, strict=True):
            spec = fitted.specs[index]
            table.add_column(Text(spec.header), width=width, no_wrap=spec.no_wrap, overflow="fold")
        for row in fitted.rows:
            table.add_row(*(row[i] for i in layout.kept))
        caption = fitted.notes(layout.kept)
        if caption:
            table.caption = caption
            table.caption_justify = "left"
        yield table


def _styled(renderable: RenderableType, width: int) -> list[tuple[str, Style]]:
    """Every character a colour terminal of that width is sent, with its style (no style is the null one)."""
    console = Console(width=width, force_terminal=True, color_system="standard", file=io.StringIO())
    return [
        (char, segment.style or Style.null())
        for segment in console.render(renderable, console.options)
        for char in segment.text
    ]


def _ansi(renderable: RenderableType, width: int) -> str:
    file = io.StringIO()
    Console(width=width, force_terminal=True, color_system="standard", file=file).print(renderable)
    return file.getvalue()


def assert_drawn_as_rich_draws(fitted: FittedTable, width: int) -> None:
    old = _RichTable(fitted)
    assert plain(fitted, width=width) == plain(old, width=width)
    assert _styled(fitted, width) == _styled(old, width)
    assert _ansi(fitted, width) == _ansi(old, width)


URL = "https://www.president.kz/en/news/a-very-long-path-of-a-press-release-" + "x" * 40


def _odd_cells(*, show_lines: bool) -> FittedTable:
    """Wrapping, several lines with a dim note, CJK, a URL that folds, empty cells; a title and captions."""

    def named(name: str, note: str, style: str = "") -> Text:
        cell = Text(name, style=style)
        cell.append("\n" + note, style="dim")
        return cell

    specs = [
        Spec("Visitor"),
        Spec("Dates", no_wrap=True),
        Spec("Where", priority=1),
        Spec("Source", priority=3),
        Spec("Members on 2026-06-01", priority=2),
    ]
    rows = [
        [named("Kassym-Jomart Tokayev", "(President)"), Text("12 Mar 2024"), Text("Azerbaijan"), Text(URL),
         Text("Armenia, Azerbaijan, Kazakhstan, Kyrgyzstan, Tajikistan, Turkmenistan, Uzbekistan")],
        [named("習近平", "(国家主席)", "strike"), Text("Feb 2022 ~", style="strike"), Text("北京 上海 广州 深圳 杭州"),
         Text(""), Text("")],
        [Text("Nikol Pashinyan", style="bold"), Text(""), named("Kazakhstan", "Nur-Sultan, Almaty, Aktau"),
         Text("see https://example.org/a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p done"), Text("one two  three   ")],
        [Text("a\n\nb\n"), Text("x"), Text("trade, transit, energy, security, water", style="dim"), Text("w"),
         Text.assemble(("mixed ", "bold"), ("styles", "italic"), " in a cell that wraps somewhere")],
    ]  # fmt: skip
    return FittedTable(
        specs,
        rows,
        caption="~ date known only to the month or year",
        title=Text("Visits ⇄ places", style="bold"),
        left_out_hint=" (hint)",
        show_lines=show_lines,
    )


@pytest.mark.parametrize("width", [40, 80, 120, 200])
@pytest.mark.parametrize("show_lines", [False, True])
def test_odd_cells_are_drawn_as_rich_draws_them(width: int, show_lines: bool) -> None:
    fitted = _odd_cells(show_lines=show_lines)
    layout = fitted.layout(width)
    assert layout is not None and (len(layout.kept) < 5) == (width == 40)  # left-outs named at 40
    assert_drawn_as_rich_draws(fitted, width)


@pytest.mark.parametrize("width", [40, 80, 120, 200])
def test_list_of_the_bundled_dataset_is_drawn_as_rich_draws_it(bundled: Dataset, width: int) -> None:
    table = visits_table(sort_visits(bundled.visits), TODAY)
    assert isinstance(table, FittedTable)
    assert_drawn_as_rich_draws(table, width)


@pytest.mark.parametrize("width", [40, 80, 120, 200])
def test_registry_and_pair_tables_are_drawn_as_rich_draws_them(bundled: Dataset, width: int) -> None:
    kz, am = (resolve_place(name, Resolution(bundled.registries, TODAY, "A")) for name in ("KZ", "AM"))
    query = build_query({}, bundled.registries, TODAY)
    result = compare_pair(bundled.visits, kz, am, query, bundled.registries, visitor_level(bundled.people))
    tables = [
        people_table(bundled.people.people),
        groups_table(bundled.groups.groups, TODAY),
        *_tables(pair_report(result, TODAY)),
    ]
    for table in tables:
        assert isinstance(table, FittedTable)
        assert_drawn_as_rich_draws(table, width)


def test_a_header_that_wraps_is_aligned_to_the_bottom() -> None:
    fitted = FittedTable([Spec("A long header"), Spec("B")], [[Text("abc"), Text("x")]])
    assert [line.rstrip() for line in plain(fitted, width=12).splitlines()[:2]] == ["A long", "header  B"]
    assert_drawn_as_rich_draws(fitted, 12)


def test_an_empty_table_is_drawn_as_rich_draws_it() -> None:
    assert_drawn_as_rich_draws(FittedTable([Spec("A"), Spec("B")], [], title=Text("nothing")), 30)


@pytest.mark.parametrize("widths", [[1], [3, 4], [1, 1, 1], [10, 2, 7, 5, 1, 30, 4, 8]])
def test_the_overhead_is_rich_tables(widths: list[int]) -> None:
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, collapse_padding=True, show_edge=False)
    for width in widths:
        table.add_column(width=width)
    console = Console(width=1000, file=io.StringIO())
    assert Measurement.get(console, console.options, table).maximum == table_width(widths)


_PIECES = [
    "a",
    "bc",
    "Kassym-Jomart",
    " ",
    "  ",
    "\n",
    "界隈",
    "e\u0301",
    "\t",
    "https://x.org/" + "y" * 30,
    "-",
]
_STYLES = ["", "dim", "bold", "strike", "italic dim", "red", "not dim blue"]


@st.composite
def _cells(draw: st.DrawFn) -> Text:
    plain = "".join(draw(st.lists(st.sampled_from(_PIECES), max_size=8)))
    cell = Text(plain, style=draw(st.sampled_from(_STYLES)))
    for _ in range(draw(st.integers(0, 3))):
        start = draw(st.integers(0, len(plain)))
        cell.stylize(draw(st.sampled_from(_STYLES[1:])), start, draw(st.integers(start, len(plain))))
    return cell


@settings(max_examples=150, deadline=None)
@given(
    columns=st.lists(st.tuples(st.booleans(), st.integers(0, 2)), min_size=1, max_size=4),
    data=st.data(),
    width=st.integers(16, 140),
    show_lines=st.booleans(),
)
def test_any_cells_are_drawn_as_rich_draws_them(
    columns: list[tuple[bool, int]], data: st.DataObject, width: int, show_lines: bool
) -> None:
    specs = [
        Spec(f"H{n} x", priority=priority, no_wrap=no_wrap) for n, (no_wrap, priority) in enumerate(columns)
    ]
    rows = data.draw(st.lists(st.lists(_cells(), min_size=len(specs), max_size=len(specs)), max_size=4))
    fitted = FittedTable(specs, rows, caption="a caption", show_lines=show_lines)
    assume(fitted.layout(width) is not None)
    assert_drawn_as_rich_draws(fitted, width)
