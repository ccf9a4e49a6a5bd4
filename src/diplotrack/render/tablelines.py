"""A table's lines drawn directly, exactly as ``rich.table.Table`` draws the tables :mod:`layout` builds.

:class:`~diplotrack.render.layout.FittedTable` knows every column's width before it draws, so Rich's
table machinery (a ``Padding`` and a ``render_lines`` per cell, each cell's text wrapped, joined, rendered
and split again) is most of the cost of a long table and buys nothing. :func:`table_lines` yields the
same characters in the same styles for the one kind of table we draw::

    Table(box=box.SIMPLE_HEAD, header_style="bold", pad_edge=False, collapse_padding=True,
          show_edge=False, show_lines=..., title=..., caption=..., caption_justify="left")
    # every column: add_column(Text(header), width=w, no_wrap=..., overflow="fold")

That is (``rich/table.py``): a column is its width and, but for the last, one space of padding on its right;
columns are divided by the box's vertical (a space); the header row is bold, aligned to its bottom, and is
followed by the box's head rule; body rows are aligned to their top, and with ``show_lines`` divided by the
box's row line (spaces); the title is centred and the caption left-justified on the table's width.

A line of a cell that fits its width is padded with spaces in the cell's style, as Rich's ``justify="left"``
pads it; only a line that wraps goes through ``Text.wrap``, so wrapping stays Rich's. Unstyled text next to
unstyled text is sent as one segment (a terminal receives the same bytes; the Console handles fewer pieces).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from itertools import pairwise

from rich import box
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, OverflowMethod
from rich.segment import Segment
from rich.style import Style
from rich.text import Text

NULL = Style.null()
_TRAILING_SPACE = re.compile(r"\s+$")  # as Text.rstrip_end finds it

Line = list[Segment]


def table_width(widths: Sequence[int]) -> int:
    """The width of the table: the columns, a space of padding right of all but the last, and dividers."""
    return sum(widths) + 2 * (len(widths) - 1)


def _cells(text: str) -> int:
    """``cell_len(text)``; printable ASCII is a cell a character, and most text is printable ASCII."""
    return len(text) if text.isascii() and text.isprintable() else cell_len(text)


def _fits(plain: str, cells: int, width: int) -> bool:
    """Whether Rich would leave this line of ``cells`` cells whole (no tab to expand, nothing to wrap or
    strip)."""
    if cells > width or "\t" in plain:
        return False
    # Text.rstrip_end counts characters, not cells: a line of combining marks may lose trailing space.
    return len(plain) <= width or not _TRAILING_SPACE.search(plain)


class Cells:
    """Draws the cells of one table: styles are looked up and combined once, not once per cell."""

    def __init__(self, console: Console, options: ConsoleOptions) -> None:
        self.console = console
        self.options = options
        self._styles: dict[str | Style, Style] = {}
        self._combined: dict[tuple[Style, ...], Style] = {}
        self._wrapped_lines: dict[tuple[object, ...], list[Line]] = {}

    def style(self, name: str | Style) -> Style:
        style = self._styles.get(name)
        if style is None:
            style = self._styles[name] = self.console.get_style(name, default=NULL)
        return style

    def _combine(self, styles: tuple[Style, ...]) -> Style:
        style = self._combined.get(styles)
        if style is None:
            style = self._combined[styles] = Style.combine(styles)
        return style

    def _styled(self, cell: Text, start: int, end: int, base: Style, pad: int = 0) -> Line:
        """``cell.plain[start:end]`` (within one line) and ``pad`` spaces, in segments styled and cut as
        ``Text.render`` styles and cuts them: the cell's style, then every span over a character in the
        spans' order; the padding is in the cell's style, in the last segment unless a span ends there."""
        plain = cell.plain
        over = [span for span in cell.spans if span.start < end and span.end > start]
        if not over:
            return [Segment(plain[start:end] + " " * pad, base)]
        cuts = sorted({start, end, *(max(s.start, start) for s in over), *(min(s.end, end) for s in over)})
        line: Line = []
        for left, right in pairwise(cuts):
            styles = (base, *(self.style(s.style) for s in over if s.start <= left and s.end >= right))
            line.append(Segment(plain[left:right], self._combine(styles)))
        if pad:
            if any(s.end >= end for s in over):
                line.append(Segment(" " * pad, base))
            else:  # the last segment is in the cell's style alone
                line[-1] = Segment(line[-1].text + " " * pad, base)
        return line

    def lines(self, cell: Text, width: int, *, no_wrap: bool) -> list[Line]:
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
        if "\n" not in plain and not cell.spans:
            cells = _cells(plain)
            if _fits(plain, cells, width):
                return [[Segment(plain + " " * (width - cells), base)]]
        texts = plain.split("\n")
        parts: list[Text] | None = None
        lines: list[Line] = []
        start = 0
        for number, text in enumerate(texts):
            end = start + len(text)
            cells = _cells(text)
            if _fits(text, cells, width):
                # Text.wrap's justify="left" pads a line with spaces in the text's own style.
                lines.append(self._styled(cell, start, end, base, width - cells))
                start = end + 1
                continue
            wrap_as: tuple[int, OverflowMethod, int, bool] = (
                width,
                cell.overflow or "fold",
                (console.tab_size if cell.tab_size is None else cell.tab_size) or 8,
                no_wrap if cell.no_wrap is None else cell.no_wrap,
            )
            # The same line in the same styles wraps the same way: it is wrapped once a render.
            spans = tuple(
                (max(span.start, start) - start, min(span.end, end) - start, span.style)
                for span in cell.spans
                if span.start < end and span.end > start
            )
            key = (text, cell.style, spans, wrap_as)
            wrapped = self._wrapped_lines.get(key)
            if wrapped is None:
                if parts is None:
                    parts = list(cell.split("\n", allow_blank=True)) if len(texts) > 1 else [cell]
                wrapped = self._wrapped_lines[key] = self._wrap(parts[number], *wrap_as)
            lines.extend(wrapped)
            start = end + 1
        return lines

    def _wrap(
        self, part: Text, width: int, overflow: OverflowMethod, tab_size: int, no_wrap: bool
    ) -> list[Line]:
        """A line that does not fit, wrapped by Rich (as ``Text.__rich_console__`` calls ``Text.wrap``)."""
        pieces = part.wrap(
            self.console, width, justify="left", overflow=overflow, tab_size=tab_size, no_wrap=no_wrap
        )
        lines = []
        for piece in pieces:
            text = piece.plain
            line = self._styled(piece, 0, len(text), self.style(piece.style))
            lines.append(line if _cells(text) == width else Segment.adjust_line_length(line, width, NULL))
        return lines


def _joined(cells: Sequence[Line], divider: str, last_column: int) -> Iterator[Segment]:
    """One line of a body row: each cell's line, its padding and the divider, then a new line."""
    waiting = ""  # unstyled text not yet sent
    for column, line in enumerate(cells):
        for segment in line:
            if segment.style:
                if waiting:
                    yield Segment(waiting, NULL)
                    waiting = ""
                yield segment
            else:
                waiting += segment.text
        if column < last_column:
            waiting += " " + divider  # the cell's padding, then the divider
    yield Segment(waiting + "\n", NULL)


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
    render_options = options.update(width=table_width(widths), highlight=False, height=None)
    table_box = box.SIMPLE_HEAD.substitute(render_options, safe=console.safe_box)
    if title:
        yield from console.render(title, render_options.update(justify="center"))
    draw = Cells(console, render_options)
    last_column = len(widths) - 1
    # A column's width with its padding (collapsed padding, no padding at the table's edge).
    padded = [width + (column < last_column) for column, width in enumerate(widths)]
    yield from _header(draw, headers, widths, padded, no_wrap, table_box.head_vertical)
    yield Segment(table_box.get_row(padded, "head", edge=False) + "\n", NULL)
    separator = Segment(table_box.get_row(padded, "row", edge=False) + "\n", NULL)
    blanks = [[Segment(" " * width, NULL)] for width in widths]  # a body cell's blank line: no style
    for number, row in enumerate(rows):
        last = number == len(rows) - 1
        divider = table_box.foot_vertical if last else table_box.mid_vertical
        cells = [
            draw.lines(cell, width, no_wrap=wrap)
            for cell, width, wrap in zip(row, widths, no_wrap, strict=True)
        ]
        for line_no in range(max(len(lines) for lines in cells)):
            line = [lines[line_no] if line_no < len(lines) else blanks[n] for n, lines in enumerate(cells)]
            yield from _joined(line, divider, last_column)
        if show_lines and not last:
            yield separator
    if caption:
        yield from console.render(caption, render_options.update(justify="left"))


def _header(
    draw: Cells,
    headers: Sequence[Text],
    widths: Sequence[int],
    padded: Sequence[int],
    no_wrap: Sequence[bool],
    divider: str,
) -> Iterator[Segment]:
    """The header row: bold under the headers' own styles (padding included), aligned to its bottom."""
    bold = draw.console.get_style("bold")
    cells: list[list[Line]] = []
    for column, (header, width) in enumerate(zip(headers, widths, strict=True)):
        lines = draw.lines(header, width, no_wrap=no_wrap[column])
        if width != padded[column]:
            lines = [[*line, Segment(" ", NULL)] for line in lines]
        cells.append([[Segment(s.text, bold + s.style) for s in line] for line in lines])
    height = max(len(lines) for lines in cells)
    for column, lines in enumerate(cells):
        cells[column] = [[Segment(" " * padded[column], bold)]] * (height - len(lines)) + lines
    for line_no in range(height):
        for column, lines in enumerate(cells):
            if column:
                yield Segment(divider, NULL)
            yield from lines[line_no]
        yield Segment.line()
