"""Lists of visits as a Rich table, JSON, CSV, YAML or Markdown.

Every value from a record passes through :mod:`diplotrack.render.display`. CSV and Markdown have no
escape syntax of their own for control characters and are often read on a terminal, so they show them as
the table does (``\\x1b``); JSON and YAML keep the exact value in their own escapes.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Sequence

from rich.console import RenderableType
from rich.text import Text

# Defined in diplotrack.choices (import-light: the CLI needs it at start-up); re-exported here.
from diplotrack.choices import DEFAULT_COLUMNS as DEFAULT_COLUMNS
from diplotrack.choices import ListColumn as ListColumn
from diplotrack.choices import OutputFormat as OutputFormat
from diplotrack.model import Status, Visit
from diplotrack.problems import UsageError
from diplotrack.records import visit_record
from diplotrack.render.common import PARTIAL_NOTE, date_range, is_partial, person_label, visit_data
from diplotrack.render.display import csv_cell, display, json_text, markdown_cell, text, text_lines
from diplotrack.render.layout import FittedTable, Spec
from diplotrack.yamlwrite import dump_record, dump_records

COLUMNS_HINT = " (widen the terminal, or choose them with --columns)"


def parse_columns(value: str) -> tuple[ListColumn, ...]:
    """``"id,dates,visitor"`` → columns, in that order (case-insensitive); :class:`UsageError` for others."""
    names = [name.strip().lower() for name in value.split(",") if name.strip()]
    known = {column.value for column in ListColumn}
    unknown = [name for name in names if name not in known]
    if unknown or not names:
        raise UsageError(
            f"--columns: unknown column {display(', '.join(unknown))!r}; choose from {', '.join(known)}"
            if unknown
            else f"--columns: name at least one of {', '.join(known)}"
        )
    return tuple(dict.fromkeys(ListColumn(name) for name in names))


def _type_label(visit: Visit, today: dt.date) -> str:
    label = visit.type.value if visit.type else ""
    if visit.event:
        label = f"{label} ({visit.event})" if label else visit.event
    status = visit.status_on(today)
    if status is not Status.COMPLETED:
        label = f"{label} [{status.value}]".strip()
    return label


def _dates(visit: Visit) -> str:
    return date_range(visit.start, visit.end) + (" ~" if is_partial(visit) else "")


def _with_note(main: str, note: str, style: str = "") -> Text:
    """``main``, and ``note`` dim on a line of its own (so a name keeps its width on narrow terminals)."""
    cell = text(main, style)
    if note:
        cell.append("\n" + display(note), style="dim")
    return cell


def _table_cell(column: ListColumn, visit: Visit, today: dt.date) -> Text:
    struck = "strike" if visit.status_on(today) is Status.CANCELLED else ""
    visitor = visit.visitor
    match column:
        case ListColumn.ID:
            return text(visit.id, "dim")
        case ListColumn.DATES:
            return text(_dates(visit), struck)
        case ListColumn.VISITOR:
            return _with_note(visitor.name, f"({visitor.role})" if visitor.role else "", struck)
        case ListColumn.FROM:
            return text(visitor.country.country.name if visitor.country else "")
        case ListColumn.TO:
            return _with_note(visit.destination.country.country.name, ", ".join(visit.destination.places))
        case ListColumn.TYPE:
            return text(_type_label(visit, today))
        case ListColumn.TOPICS:
            return text(", ".join(visit.topics), "dim")
        case ListColumn.HOSTS:
            return text_lines(person_label(h) for h in visit.hosts)
        case ListColumn.SUMMARY:
            return text(visit.summary or "")


def _plain_cell(column: ListColumn, visit: Visit, today: dt.date) -> str:
    """The same cell as one line of plain text (for Markdown)."""
    match column:
        case ListColumn.VISITOR:
            return person_label(visit.visitor)
        case ListColumn.TO:
            places = ", ".join(visit.destination.places)
            label = visit.destination.country.country.name
            return f"{label}: {places}" if places else label
        case ListColumn.HOSTS:
            return "; ".join(person_label(h) for h in visit.hosts)
        case ListColumn.DATES:
            return date_range(visit.start, visit.end)
        case _:
            return _table_cell(column, visit, today).plain


def visits_table(
    visits: Sequence[Visit], today: dt.date, columns: Sequence[ListColumn] = DEFAULT_COLUMNS
) -> RenderableType:
    """A table of the ``columns`` (by default dates, visitor (role), from, to (places), type, topics, id).

    It never cuts a word (see :mod:`diplotrack.render.layout`): on a narrow terminal it leaves out columns
    from the right of ``columns`` and says so in its caption, or stacks each visit's fields.
    """
    specs = [
        Spec(column.value.capitalize(), priority=rank, no_wrap=column in (ListColumn.DATES, ListColumn.ID))
        for rank, column in enumerate(columns)
    ]
    rows = [[_table_cell(column, visit, today) for column in columns] for visit in visits]
    caption = PARTIAL_NOTE if any(is_partial(v) for v in visits) else None
    return FittedTable(specs, rows, caption=caption, left_out_hint=COLUMNS_HINT)


def visit_json(visit: Visit, today: dt.date) -> str:
    """One record as a JSON object, with canonical codes, the effective status and its file."""
    return json_text(visit_data(visit, today))


def visit_yaml(visit: Visit, today: dt.date) -> str:
    """One record as written in a visit file (with its id): valid input, readable back as the same record."""
    return dump_record(visit_record(visit))


def visits_json(visits: Sequence[Visit], today: dt.date) -> str:
    """A JSON array of records."""
    return json_text([visit_data(v, today) for v in visits])


def visits_yaml(visits: Sequence[Visit], today: dt.date) -> str:
    """A list file of records with their ids: valid input, readable back as the same records."""
    return dump_records([visit_record(v) for v in visits])


CSV_COLUMNS = (
    "id", "start", "end", "visitor", "role", "from", "to", "places",
    "type", "event", "status", "topics", "summary", "sources", "file",
)  # fmt: skip


def visits_csv(visits: Sequence[Visit], today: dt.date) -> str:
    """CSV with one row per visit; lists are joined with ``; `` (cells as :func:`~diplotrack.render.display.csv_cell` writes them)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for visit in visits:
        writer.writerow(
            csv_cell(cell)
            for cell in [
                visit.id,
                visit.start.isoformat(),
                visit.end.isoformat(),
                visit.visitor.name,
                visit.visitor.role or "",
                visit.visitor.country.code if visit.visitor.country else "",
                visit.destination.country.code,
                "; ".join(visit.destination.places),
                visit.type.value if visit.type else "",
                visit.event or "",
                visit.status_on(today).value,
                "; ".join(visit.topics),
                visit.summary or "",
                "; ".join(s.url for s in visit.sources),
                str(visit.position.file),
            ]
        )
    return out.getvalue()


def visits_markdown(
    visits: Sequence[Visit], today: dt.date, columns: Sequence[ListColumn] = DEFAULT_COLUMNS
) -> str:
    """A Markdown table of the ``columns``; data is escaped so that it cannot add HTML, links or cells."""
    lines = [
        "| " + " | ".join(column.value.capitalize() for column in columns) + " |",
        "|" + "---|" * len(columns),
    ]
    for visit in visits:
        lines.append("| " + " | ".join(markdown_cell(_plain_cell(c, visit, today)) for c in columns) + " |")
    return "\n".join(lines) + "\n"


COLUMN_RENDERERS: dict[
    OutputFormat, Callable[[Sequence[Visit], dt.date, Sequence[ListColumn]], RenderableType | str]
] = {
    OutputFormat.TABLE: visits_table,
    OutputFormat.MARKDOWN: visits_markdown,
}
"""The formats that take ``--columns``."""

VISIT_RENDERERS: dict[OutputFormat, Callable[[Sequence[Visit], dt.date], RenderableType | str]] = {
    OutputFormat.TABLE: visits_table,
    OutputFormat.JSON: visits_json,
    OutputFormat.CSV: visits_csv,
    OutputFormat.YAML: visits_yaml,
    OutputFormat.MARKDOWN: visits_markdown,
}
