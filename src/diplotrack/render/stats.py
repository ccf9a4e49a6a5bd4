"""Counts as a horizontal bar chart, JSON or CSV. The counting itself happens elsewhere."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

# Defined in diplotrack.choices (import-light: the CLI needs it at start-up); re-exported here.
from diplotrack.choices import StatsFormat as StatsFormat
from diplotrack.claims import Count
from diplotrack.render.display import csv_cell, display, json_text, text

_BAR_MAX = 40
_GAP = 2
_FULL = "█"
_EIGHTHS = " ▏▎▍▌▋▊▉"
_TOTAL = "total"


def _bar(count: int, largest: int, width: int) -> str:
    """``count`` as a bar where ``largest`` fills ``width`` cells, to an eighth of a cell."""
    if count <= 0 or largest <= 0:
        return ""
    # Never round a non-zero count down to nothing: it would read as zero.
    eighths = max(1, round(count / largest * width * 8))
    full, rest = divmod(eighths, 8)
    return _FULL * full + (_EIGHTHS[rest] if rest else "")


@dataclass(frozen=True, slots=True)
class _Chart:
    """A bar chart whose bars shrink to the width it is given, up to ``_BAR_MAX`` cells."""

    counts: tuple[Count, ...]
    title: str

    @property
    def _keys(self) -> list[str]:
        return [display(c.key) for c in self.counts]

    def _widths(self, max_width: int) -> tuple[int, int, int]:
        total = sum(c.count for c in self.counts)
        number = max(cell_len(str(n)) for n in (total, *(c.count for c in self.counts)))
        longest_key = max(cell_len(k) for k in (_TOTAL, *self._keys))
        # A key may wrap at spaces but never inside a word: its column is at least its longest word.
        longest_word = max(cell_len(word) for key in (_TOTAL, *self._keys) for word in key.split() or [""])
        key = max(longest_word, min(longest_key, max(8, max_width // 3)))
        bar = max(1, min(_BAR_MAX, max_width - key - number - 2 * _GAP))
        return key, bar, number

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield text(self.title, "bold")
        if not self.counts:
            yield Text("nothing to count", style="dim")
            return
        key_width, bar_width, _ = self._widths(options.max_width)
        largest = max(c.count for c in self.counts)
        grid = Table.grid(padding=(0, _GAP))
        grid.add_column(width=key_width, overflow="fold")
        grid.add_column(no_wrap=True, width=bar_width)
        grid.add_column(no_wrap=True, justify="right")
        for count, key in zip(self.counts, self._keys, strict=True):
            bar = Text(_bar(count.count, largest, bar_width), style="cyan")
            grid.add_row(Text(key), bar, str(count.count))
        total = sum(c.count for c in self.counts)
        grid.add_row(Text(_TOTAL, style="bold"), "", Text(str(total), style="bold"))
        yield grid

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        if not self.counts:
            return Measurement(cell_len(self.title), cell_len(self.title))
        key, bar, number = self._widths(options.max_width)
        widest = max(cell_len(self.title), key + bar + number + 2 * _GAP)
        return Measurement(min(widest, 1 + number + 2 * _GAP + 8), widest)


def counts_chart(counts: Sequence[Count], *, title: str) -> RenderableType:
    """A horizontal bar chart: key, bar scaled to the largest count, the count; a total at the bottom."""
    return _Chart(tuple(counts), title)


def counts_json(counts: Sequence[Count]) -> str:
    """A JSON array of ``{"key": ..., "count": N}``."""
    return json_text([{"key": c.key, "count": c.count} for c in counts])


def counts_csv(counts: Sequence[Count]) -> str:
    """CSV with a ``key,count`` header."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(("key", "count"))
    writer.writerows((csv_cell(c.key), c.count) for c in counts)
    return out.getvalue()


STATS_RENDERERS: dict[StatsFormat, Callable[[Sequence[Count], str], RenderableType | str]] = {
    StatsFormat.TABLE: lambda counts, title: counts_chart(counts, title=title),
    StatsFormat.JSON: lambda counts, _title: counts_json(counts),
    StatsFormat.CSV: lambda counts, _title: counts_csv(counts),
}
"""Each takes ``(counts, title)``; the data formats carry no title."""
