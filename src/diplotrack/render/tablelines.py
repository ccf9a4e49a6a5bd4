"""A table's lines drawn directly, exactly as ``rich.table.Table`` draws the tables :mod:`layout` builds.

:class:`~diplotrack.render.layout.FittedTable` knows every column's width before it draws, so Rich's
table machinery (a ``Padding`` and a ``render_lines`` per cell, each cell's text wrapped, joined, rendered
and split again) is most of the cost of a long table and buys nothing. :func:`table_lines` yields the
same segments for the one kind of table we draw::

    Table(box=box.SIMPLE_HEAD, header_style="bold", pad_edge=False, collapse_padding=True,
          show_edge=False, show_lines=..., title=..., caption=..., caption_justify="left")
    # every column: add_column(Text(header), width=w, no_wrap=..., overflow="fold")

That is (``rich/table.py``): a column is its width and, but for the last, one space of padding on its right;
columns are divided by the box's vertical (a space); the header row is bold, aligned to its bottom, and is
followed by the box's head rule; body rows are aligned to their top, and with ``show_lines`` divided by the
box's row line (spaces); the title is centred and the caption left-justified on the table's width.

A cell of one line that fits its width is that line padded with spaces in the cell's style, as Rich's
``justify="left"`` pads it; only a line that wraps goes through ``Text.wrap``, so wrapping stays Rich's.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence

from rich import box
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions
from rich.segment import Segment
from rich.style import Style
from rich.text import Text

NULL = Style.null()
_TRAILING_SPACE = re.compile(r"\s+$")  # as Text.rstrip_end finds it


def table_width(widths: Sequence[int]) -> int:
    """The width of the table: the columns, a space of padding right of all but the last, and dividers."""
    return sum(widths) + 2 * (len(widths) - 1)


def _segments(console: Console, line: Text, style: Style) -> list[Segment]:
    """A line's segments: ``style`` (its own) under its spans, as in the joined text Rich renders."""
    return list(line.render(console)) if line.spans else [Segment(line.plain, style)]


def _fits(plain: str, width: int) -> bool:
    """Whether Rich would leave this line whole (no tab to expand, nothing to wrap or strip)."""
    if "\t" in plain or cell_len(plain) > width:
        return False
    # Text.rstrip_end counts characters, not cells: a line of combining marks may lose trailing space.
    return len(plain) <= width or not _TRAILING_SPACE.search(plain)


def _lines_of(segments: Iterable[Segment], count: int) -> list[list[Segment]]:
    """``segments`` split at newlines into ``count`` lines (a line may be empty)."""
    lines = list(Segment.split_lines(segments))
    lines.extend([] for _ in range(count - len(lines)))
    return lines


class Cells:
    """Draws cells for one render: styles are looked up once, not once per cell."""

    def __init__(self, console: Console, options: ConsoleOptions) -> None:
        self.console = console
        self.options = options
        self.tab_size = console.tab_size
        self._styles: dict[str | Style, Style] = {}

    def style(self, name: str | Style) -> Style:
        style = self._styles.get(name)
        if style is None:
            style = self._styles[name] = self.console.get_style(name, default=NULL)
        return style

    def lines(self, cell: Text, width: int, *, no_wrap: bool) -> list[list[Segment]]:
        """The cell's lines, each ``width`` cells wide, as Rich renders the cell in a column that wide."""
        console = self.console
        if cell.justify not in (None, "left") or cell.overflow == "ignore" or cell.end != "\n":
            # Not a cell this module draws itself: Rich renders it as the table would.
            options = self.options.update(
                width=width, justify="left", no_wrap=no_wrap, overflow="fold", height=None, highlight=False
            )
            return console.render_lines(cell, options, style=NULL, pad=True)
        plain = cell.plain
        base = self.style(cell.style)
        if "\n" not in plain and not cell.spans and _fits(plain, width):
            return [[Segment(plain + " " * (width - cell_len(plain)), base)]]
        texts = plain.split("\n")
        # Rich renders the whole cell and splits it into lines; the same styles come from rendering it once.
        rendered = _lines_of(cell.render(console), len(texts)) if cell.spans else None
        parts: Sequence[Text] | None = None
        lines: list[list[Segment]] = []
        for number, text in enumerate(texts):
            if _fits(text, width):
                # Text.wrap's justify="left" pads a line with spaces in the text's own style.
                line = [Segment(text, base)] if rendered is None else rendered[number]
                pad = width - cell_len(text)
                if pad and line and line[-1].style == base:
                    line[-1] = Segment(line[-1].text + " " * pad, base)
                elif pad:
                    line.append(Segment(" " * pad, base))
                lines.append(line)
                continue
            if parts is None:
                parts = list(cell.split("\n", allow_blank=True)) if len(texts) > 1 else [cell]
            wrapped = parts[number].wrap(
                console,
                width,
                justify="left",
                overflow=cell.overflow or "fold",
                tab_size=(self.tab_size if cell.tab_size is None else cell.tab_size) or 8,
                no_wrap=no_wrap if cell.no_wrap is None else cell.no_wrap,
            )
            for piece in wrapped:
                segments = _segments(console, piece, self.style(piece.style))
                if cell_len(piece.plain) != width:
                    segments = Segment.adjust_line_length(segments, width, NULL)
                lines.append(segments)
        return lines


def table_lines(
    console: Console,
    options: ConsoleOptions,
    headers: Sequence[Text],
    rows: Sequence[Sequence[Text]],
    widths: Sequence[int],
    no_wrap: Sequence[bool],
    *,
    show_lines: bool = False,
    title: Text | None = None,
    caption: Text | None = None,
) -> Iterator[Segment]:
    """The segments of the table (see the module): its title, header, rule, rows and caption."""
    total = table_width(widths)
    render_options = options.update(width=total, highlight=False, height=None)
    table_box = box.SIMPLE_HEAD.substitute(render_options, safe=console.safe_box)
    if title:
        yield from console.render(title, render_options.update(justify="center"))
    header_style = console.get_style("bold")
    draw = Cells(console, render_options)
    last_column = len(widths) - 1
    # A column's width with its padding (collapsed padding, no padding at the table's edge).
    padded = [width + (column < last_column) for column, width in enumerate(widths)]
    new_line = Segment.line()
    all_rows = [headers, *rows]
    last_row = len(all_rows) - 1
    for index, row in enumerate(all_rows):
        header = index == 0
        style = header_style if header else NULL
        vertical = table_box.mid_vertical
        if header:
            vertical = table_box.head_vertical
        elif index == last_row:
            vertical = table_box.foot_vertical
        divider = Segment(vertical, NULL)
        cells: list[list[list[Segment]]] = []
        for column, (cell, width) in enumerate(zip(row, widths, strict=True)):
            lines = draw.lines(cell, width, no_wrap=no_wrap[column])
            if column < last_column:
                right = Segment(" ", NULL)
                lines = [[*line, right] for line in lines]
            if style:  # the header's bold goes under the text's own styles, and over the padding
                lines = [[Segment(s.text, style + s.style) for s in line] for line in lines]
            cells.append(lines)
        height = max(len(lines) for lines in cells)
        for column, lines in enumerate(cells):
            if len(lines) < height:
                blank = [[Segment(" " * padded[column], style)]] * (height - len(lines))
                cells[column] = blank + lines if header else lines + blank
        for line_no in range(height):
            for column, lines in enumerate(cells):
                if column:
                    yield divider
                yield from lines[line_no]
            yield new_line
        if header:
            yield Segment(table_box.get_row(padded, "head", edge=False), NULL)
            yield new_line
        elif show_lines and index != last_row:
            yield Segment(table_box.get_row(padded, "row", edge=False), NULL)
            yield new_line
    if caption:
        yield from console.render(caption, render_options.update(justify="left"))
