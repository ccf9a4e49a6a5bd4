"""Renderers at a fixed width without colour; escaping of user data; a renderer per format."""

from __future__ import annotations

import io
from pathlib import Path

from rich.console import Console

from diplotrack.loader import load_dataset
from diplotrack.problems import Position, Problem, Report, Rule
from diplotrack.query import sort_visits
from diplotrack.render.problems import REPORT_RENDERERS, ReportFormat, github_annotation
from diplotrack.render.show import SHOW_RENDERERS, ShowFormat
from diplotrack.render.visits import COLUMN_RENDERERS, VISIT_RENDERERS, OutputFormat, visits_table
from tests.support import TODAY, VALID, plain


def test_each_output_format_has_a_renderer() -> None:
    assert set(VISIT_RENDERERS) == set(OutputFormat)
    assert set(COLUMN_RENDERERS) == {OutputFormat.TABLE, OutputFormat.MARKDOWN}  # the formats with --columns
    assert set(SHOW_RENDERERS) == set(ShowFormat)
    assert set(REPORT_RENDERERS) == set(ReportFormat)


EXPECTED_TABLE = [
    "Dates           Visitor                From        To                    Type     Topics",
    "────────────────────────────────────────────────────────────────────────────────────────────────",
    "Feb 2022 ~      Nikol Pashinyan        Armenia     Kazakhstan            working  trade",
    "                (Prime Minister)                   Nur-Sultan",
    "11–12 Mar 2024  Kassym-Jomart Tokayev  Kazakhstan  Azerbaijan            state    trade, transit",
    "                (President)                        Baku, Fuzuli, Shusha",
    "~ date known only to the month or year",
    "Not shown at this width: Id (widen the terminal, or choose them with --columns).",
]


def test_table_at_fixed_width() -> None:
    wanted = {"2024-03-11-tokayev-azerbaijan", "pashinyan-kazakhstan-1"}
    visits = sort_visits(v for v in load_dataset(VALID).visits if v.id in wanted)
    lines = plain(visits_table(visits, TODAY), width=100).splitlines()
    assert [line.rstrip() for line in lines] == EXPECTED_TABLE


def test_user_data_with_markup_is_shown_literally() -> None:
    visits = list(load_dataset(VALID).visits)
    evil = visits[0].__class__(**{**{f: getattr(visits[0], f) for f in visits[0].__dataclass_fields__},
                                 "topics": ("[bold red]x[/]", "[link=https://evil]y")})  # fmt: skip
    text = plain(visits_table([evil], TODAY), width=200)
    assert "[bold red]x[/]" in text and "[link=https://evil]y" in text


def test_github_annotation_cannot_be_forged() -> None:
    problem = Problem(Position(Path("a,b:c.yaml"), 3, 4), Rule.UNKNOWN_KEY, "bad\n::error::forged %")
    line = github_annotation(problem)
    assert "\n" not in line
    # The newline in the data is shown as the two characters \n: data never makes a line of its own.
    assert line == "::error file=a%2Cb%3Ac.yaml,line=3,col=4,title=unknown-key::bad\\n::error::forged %25"


def test_text_report_is_one_line_per_problem_at_any_width() -> None:
    problems = tuple(Problem(Position(Path("x.yaml"), n, 2), Rule.UNKNOWN_KEY, "m " * 80) for n in (1, 2))
    rendered = REPORT_RENDERERS[ReportFormat.TEXT](Report(problems, 1, 1))
    console = Console(width=60, no_color=True, color_system=None, file=io.StringIO())
    with console.capture() as capture:
        console.print(rendered, soft_wrap=True)  # as the CLI prints reports
    lines = capture.get().splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("x.yaml:1:2: error [unknown-key] m") and lines[1].startswith("x.yaml:2:2:")
