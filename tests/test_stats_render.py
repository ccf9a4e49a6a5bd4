"""Counts as a bar chart with proportional bars, as JSON and CSV; a renderer per format."""

from __future__ import annotations

import csv
import io
import json

from rich.cells import cell_len

from diplotrack.claims import Count
from diplotrack.render.stats import STATS_RENDERERS, StatsFormat, counts_chart, counts_csv, counts_json
from tests.support import plain

COUNTS = (
    Count("Armenia", 8),
    Count("Kazakhstan", 4),
    Count("Azerbaijan", 2),
    Count("Côte d'Ivoire", 1),
)
ODD_KEYS = (Count('Korea, "Republic" of', 3), Count("[bold]x[/bold]", 2), Count("Türkiye", 1))


def bar_cells(line: str) -> float:
    """The length of a line's bar, in cells; partial blocks count by their eighths."""
    eighths = " ▏▎▍▌▋▊▉"
    return sum(
        1.0 if char == "█" else eighths.index(char) / 8 for char in line if char == "█" or char in eighths[1:]
    )


def chart_lines(counts: tuple[Count, ...], width: int = 100) -> list[str]:
    return [
        line.rstrip()
        for line in plain(counts_chart(counts, title="Visits by destination"), width).splitlines()
    ]


def test_chart_shows_title_keys_counts_and_total() -> None:
    rendered = chart_lines(COUNTS)
    assert rendered[0] == "Visits by destination"
    for count, line in zip(COUNTS, rendered[1:], strict=False):
        assert line.startswith(count.key) and line.endswith(f" {count.count}")
    assert rendered[-1].startswith("total") and rendered[-1].endswith(" 15")
    assert bar_cells(rendered[-1]) == 0


def test_bars_are_proportional_to_counts() -> None:
    for width in (100, 50):
        bars = [bar_cells(line) for line in chart_lines(COUNTS, width)[1:5]]
        assert bars[0] == max(bars) > 0
        assert abs(bars[1] - bars[0] / 2) <= 1 / 8
        assert abs(bars[2] - bars[0] / 4) <= 1 / 8
        assert abs(bars[3] - bars[0] / 8) <= 1 / 8


def test_chart_fits_the_width_and_caps_the_bar() -> None:
    assert max(bar_cells(line) for line in chart_lines(COUNTS, 200)) == 40
    narrow = chart_lines(COUNTS, 40)
    assert all(cell_len(line) <= 40 for line in narrow)
    assert 0 < bar_cells(narrow[1]) < 40


def test_chart_shows_keys_literally() -> None:
    text = plain(counts_chart(ODD_KEYS, title="[b]t[/b]"))
    assert "[bold]x[/bold]" in text and text.startswith("[b]t[/b]\n")


def test_json_round_trip() -> None:
    raw = counts_json(COUNTS + ODD_KEYS)
    assert "Côte d'Ivoire" in raw
    assert [Count(**item) for item in json.loads(raw)] == list(COUNTS + ODD_KEYS)


def test_csv_round_trip() -> None:
    raw = counts_csv(COUNTS + ODD_KEYS)
    assert raw.startswith("key,count\nArmenia,8\n") and "\r" not in raw
    rows = csv.DictReader(io.StringIO(raw))
    assert [Count(row["key"], int(row["count"])) for row in rows] == list(COUNTS + ODD_KEYS)


def test_each_stats_format_has_a_renderer() -> None:
    assert set(STATS_RENDERERS) == set(StatsFormat)
    assert STATS_RENDERERS[StatsFormat.JSON](COUNTS, "ignored") == counts_json(COUNTS)
    assert STATS_RENDERERS[StatsFormat.CSV](COUNTS, "ignored") == counts_csv(COUNTS)
    assert plain(STATS_RENDERERS[StatsFormat.TABLE](COUNTS, "Title")).startswith("Title\n")
