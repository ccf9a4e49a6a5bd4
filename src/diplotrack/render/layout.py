"""Tables that never cut a word: columns chosen by priority for the width, the rest of the width shared out.

Rich shrinks a table that is too wide by narrowing its widest columns, below the longest word if need
be, and then folds words ("Turkmenista / n"). :class:`FittedTable` decides the widths itself when it is
rendered, knowing the width it gets:

1. Each column needs at least its longest word (a ``no_wrap`` column: its longest line). URLs are the one
   exception: they may fold, so a URL asks for at most ``URL_MIN`` cells.
2. While the columns' needs do not fit, the column with the lowest priority (the highest ``priority``
   number; among equals the rightmost) is left out, and the caption names what was left out.
3. If fewer than half of the columns would remain, the rows are stacked instead: one block per row,
   one ``Header  value`` line per column, so nothing is left out.
4. Width beyond the needs goes to the columns whose text still wraps, a cell at a time to the column
   that lacks the most, up to the width at which every cell fits on its lines; so a wide terminal is used
   while there is text to unwrap, and a table whose text all fits is not padded.

Words are split on whitespace, as Rich wraps them; a hyphenated name ("Kassym-Jomart") is one word.
Once the widths are known the table is drawn by :mod:`~diplotrack.render.tablelines` (the lines Rich's
``Table`` would draw, without its per-cell cost); stacked rows are drawn by Rich.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderResult
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

from diplotrack.render.tablelines import table_lines, table_width

URL_MIN = 20
"""The fewest cells a URL asks for; a longer one folds across lines."""


@dataclass(frozen=True, slots=True)
class Spec:
    """One column: its header, how readily it is left out, whether its cells may wrap at all."""

    header: str
    """Shown as text, never as markup (make data in it displayable first)."""
    priority: int = 0
    """Columns with the highest number are left out first when the width is short."""
    no_wrap: bool = False


def _is_url(word: str) -> bool:
    return "://" in word or word.startswith("www.")


def _width(text: str) -> int:
    return len(text) if text.isascii() else cell_len(text)


def needs(cell: Text, *, no_wrap: bool = False) -> tuple[int, list[int]]:
    """The fewest cells a cell needs (its longest word, or line if ``no_wrap``) and its lines' lengths."""
    lines = cell.plain.split("\n")
    lengths = [_width(line) for line in lines]
    if no_wrap:
        return max(lengths), lengths
    words = [word for line in lines for word in line.split()]
    fewest = max((min(_width(w), URL_MIN) if _is_url(w) else _width(w) for w in words), default=1)
    return fewest, lengths


def share_out(fewest: Sequence[int], lengths: Sequence[Sequence[int]], room: int) -> list[int]:
    """Widths from ``fewest`` up to ``room`` in all, given each column's sorted line lengths.

    Greedy: the spare cells go, a few at a time, where they unwrap the most lines per cell given (looking
    ahead, since one more cell often unwraps nothing but three more unwrap half a column). Stops when no
    line would wrap any more, so a table whose text fits is not padded out.
    """
    widths = list(fewest)
    spare = room - sum(widths)
    # Only the widths at which some line stops wrapping are worth looking at.
    distinct = [sorted(set(column)) for column in lengths]

    def wrapped(column: int, width: int) -> int:
        return len(lengths[column]) - bisect.bisect_right(lengths[column], width)

    while spare > 0:
        best: tuple[float, int, int] | None = None
        for column, width in enumerate(widths):
            now = wrapped(column, width)
            candidates = distinct[column]
            low = bisect.bisect_right(candidates, width)
            for target in candidates[low : bisect.bisect_right(candidates, width + spare)]:
                gain = (now - wrapped(column, target)) / (target - width)
                if best is None or gain > best[0]:
                    best = (gain, column, target)
        if best is None:
            break
        _, column, target = best
        spare -= target - widths[column]
        widths[column] = target
    return widths


def _overhead(columns: int) -> int:
    """What padding and dividers take beside the columns' text."""
    return table_width([0] * columns)


@dataclass(frozen=True, slots=True)
class Layout:
    """What a :class:`FittedTable` shows at a width: which columns, how wide."""

    kept: tuple[int, ...]
    """Indexes of the columns shown, in order."""
    widths: tuple[int, ...]
    """The text width of each column shown (without padding)."""


class FittedTable:
    """A table whose columns and widths are chosen for the width it is rendered at (see the module)."""

    def __init__(
        self,
        specs: Sequence[Spec],
        rows: Sequence[Sequence[Text]],
        *,
        caption: str | None = None,
        title: Text | None = None,
        show_lines: bool = False,
        left_out_hint: str = "",
    ) -> None:
        self.specs = tuple(specs)
        self.rows = tuple(tuple(row) for row in rows)
        self.caption = caption
        self.title = title
        self.show_lines = show_lines
        self.left_out_hint = left_out_hint
        columns = [
            [Text(spec.header), *(row[index] for row in self.rows)] for index, spec in enumerate(self.specs)
        ]
        measured = [
            [needs(cell, no_wrap=spec.no_wrap) for cell in column]
            for spec, column in zip(self.specs, columns, strict=True)
        ]
        self.fewest = [max(fewest for fewest, _ in column) for column in measured]
        self.lengths = [sorted(n for _, lengths in column for n in lengths) for column in measured]
        self.most = [column[-1] for column in self.lengths]

    def layout(self, max_width: int) -> Layout | None:
        """The columns kept and their widths at ``max_width``; ``None`` if the rows are stacked."""
        chosen = self._kept(max_width)
        if chosen is None:
            return None
        kept, room = chosen
        widths = share_out([self.fewest[i] for i in kept], [self.lengths[i] for i in kept], room)
        return Layout(tuple(kept), tuple(widths))

    def notes(self, kept: Sequence[int]) -> Text | None:
        """The caption under the table: the table's own, and which columns were left out."""
        notes = [self.caption] if self.caption else []
        left_out = [self.specs[i].header for i in range(len(self.specs)) if i not in kept]
        if left_out:
            notes.append(f"Not shown at this width: {', '.join(left_out)}{self.left_out_hint}.")
        return Text("\n".join(notes), style="dim") if notes else None

    def _kept(self, max_width: int) -> tuple[list[int], int] | None:
        """The columns that fit (in order) and the width left for them; ``None`` to stack."""
        kept = list(range(len(self.specs)))
        while True:
            room = max_width - _overhead(len(kept))
            if sum(self.fewest[i] for i in kept) <= room:
                return kept, room
            if 2 * (len(kept) - 1) < len(self.specs) or len(kept) == 1:
                return None
            kept.remove(max(kept, key=lambda i: (self.specs[i].priority, i)))

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        chosen = self.layout(options.max_width)
        if chosen is None:
            yield from self._stacked(options.max_width)
            return
        kept = chosen.kept
        yield from table_lines(
            console,
            options,
            [Text(self.specs[i].header) for i in kept],
            [[row[i] for i in kept] for row in self.rows],
            chosen.widths,
            [self.specs[i].no_wrap for i in kept],
            show_lines=self.show_lines,
            title=self.title,
            caption=self.notes(kept),
        )

    def _stacked(self, width: int) -> RenderResult:
        """One block per row, ``Header  value`` per line; only a word wider than the terminal folds."""
        label = max(cell_len(spec.header) for spec in self.specs)
        if self.title is not None:
            yield self.title
        for number, row in enumerate(self.rows):
            grid = Table.grid(padding=(0, 2))
            grid.add_column(style="bold", no_wrap=True, width=label)
            grid.add_column(width=max(1, width - label - 2), overflow="fold")
            for spec, cell in zip(self.specs, row, strict=True):
                if cell.plain:
                    grid.add_row(Text(spec.header), cell)
            yield Group(Text(), grid) if number else grid
        if self.caption:
            yield Text(self.caption, style="dim")

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        natural = sum(self.most) + _overhead(len(self.specs))
        return Measurement(min(natural, options.max_width), min(natural, options.max_width))
