"""Validation reports as text, JSON or GitHub workflow commands, plus a step-summary table.

The data in problems (file names, names, roles, values) is hostile: each format escapes it its own way.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from rich.console import RenderableType
from rich.text import Text

# Defined in diplotrack.choices (import-light: the CLI needs it at start-up); re-exported here.
from diplotrack.choices import ReportFormat as ReportFormat
from diplotrack.problems import Problem, Report, Severity
from diplotrack.render.display import display, json_text, log_line, markdown_cell


def summary_line(report: Report) -> str:
    """``2 errors, 1 warning in 31 files (33 records)``."""

    def plural(n: int, word: str) -> str:
        return f"{n} {word}{'' if n == 1 else 's'}"

    return (
        f"{plural(report.errors, 'error')}, {plural(report.warnings, 'warning')} "
        f"in {plural(report.files, 'file')} ({plural(report.records, 'record')})"
    )


def _where(problem: Problem) -> str:
    """The position as shown; a file name that would start the line with ``::`` or space gets ``./``."""
    where = display(problem.position)
    return where if where[:1].isalnum() or where[:1] in "./~" else "./" + where


def report_text(report: Report) -> RenderableType:
    """``path:line:col: error [rule-id] message``, one problem a line, whatever the data.

    File names and messages pass through :func:`~diplotrack.render.display.log_line`: a newline, a
    non-UTF-8 file name or a ``::command::`` in the data can neither split a problem nor forge a line.
    """
    text = Text()
    for problem in report.problems:
        style = "bold red" if problem.severity is Severity.ERROR else "yellow"
        text.append(f"{log_line(_where(problem))}: ")
        text.append(problem.severity.value, style=style)
        text.append(f" [{problem.rule.id}] {log_line(problem.message)}\n")
    text.rstrip()
    return text


def report_json(report: Report) -> str:
    """``{"summary": {...}, "problems": [...]}``."""
    return json_text(
        {
            "summary": {
                "errors": report.errors,
                "warnings": report.warnings,
                "files": report.files,
                "records": report.records,
            },
            "problems": [
                {
                    "file": str(p.position.file),
                    "line": p.position.line,
                    "column": p.position.column,
                    "rule": p.rule.id,
                    "severity": p.severity.value,
                    "message": p.message,
                    "id": p.record_id,
                }
                for p in report.problems
            ],
        }
    )


def _percent(text: str) -> str:
    # display() already shows CR and LF as \\r, \\n; the runner's own escapes stay as a second guard.
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_data(text: str) -> str:
    return _percent(log_line(text))


def _escape_property(text: str) -> str:
    return _percent(display(text)).replace(":", "%3A").replace(",", "%2C")


def github_annotation(problem: Problem) -> str:
    """One workflow command; data can never end it early or forge another."""
    props = [f"file={_escape_property(str(problem.position.file))}"]
    if problem.position.line:
        props += [f"line={problem.position.line}", f"col={problem.position.column}"]
    props.append(f"title={_escape_property(problem.rule.id)}")
    return f"::{problem.severity.value} {','.join(props)}::{_escape_data(problem.message)}"


def report_github(report: Report) -> str:
    """Workflow-command annotations, one a line."""
    return "".join(github_annotation(p) + "\n" for p in report.problems)


def step_summary(report: Report) -> str:
    """A Markdown table for ``$GITHUB_STEP_SUMMARY``; data in it cannot add HTML, links, images or cells."""

    lines = [f"### diplotrack validate: {summary_line(report)}", ""]
    counts = Counter((p.severity.value, p.rule.id) for p in report.problems)
    if counts:
        lines += ["| severity | rule | count |", "|---|---|---|"]
        lines += [f"| {sev} | `{rule}` | {n} |" for (sev, rule), n in sorted(counts.items())]
        lines += ["", "| where | severity | rule | message |", "|---|---|---|---|"]
        lines += [
            f"| {markdown_cell(p.position)} | {p.severity.value} | `{p.rule.id}` | {markdown_cell(p.message)} |"
            for p in report.problems
        ]
    return "\n".join(lines) + "\n"


REPORT_RENDERERS: dict[ReportFormat, Callable[[Report], RenderableType | str]] = {
    ReportFormat.TEXT: report_text,
    ReportFormat.JSON: report_json,
    ReportFormat.GITHUB: report_github,
}
