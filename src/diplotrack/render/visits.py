"""Lists of visits as a Rich table, JSON, CSV, YAML or Markdown."""

from __future__ import annotations

import csv
import datetime as dt
import enum
import io
import json
from collections.abc import Callable, Sequence

from rich import box
from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from diplotrack.model import Status, Visit
from diplotrack.records import visit_record
from diplotrack.render.common import PARTIAL_NOTE, date_range, is_partial, person_label, visit_data
from diplotrack.yamlwrite import dump_record, dump_records


class OutputFormat(enum.StrEnum):
    """Output formats of ``list``."""

    TABLE = "table"
    JSON = "json"
    CSV = "csv"
    YAML = "yaml"
    MARKDOWN = "markdown"


def _destination(visit: Visit) -> str:
    places = ", ".join(visit.destination.places)
    label = visit.destination.country.country.name
    return f"{label}: {places}" if places else label


def _type_label(visit: Visit, today: dt.date) -> str:
    label = visit.type.value if visit.type else ""
    if visit.event:
        label = f"{label} ({visit.event})" if label else visit.event
    status = visit.status_on(today)
    if status is not Status.COMPLETED:
        label = f"{label} [{status.value}]".strip()
    return label


def visits_table(visits: Sequence[Visit], today: dt.date) -> RenderableType:
    """A table: dates, visitor (role), from, to (places), type, topics.

    Roles, places and topics go on lines of their own so that names keep their width on narrow terminals.
    """
    table = Table(
        box=box.SIMPLE_HEAD, header_style="bold", pad_edge=False, collapse_padding=True, show_edge=False
    )
    table.add_column("Dates", no_wrap=True)
    table.add_column("Visitor", min_width=12, overflow="fold")
    table.add_column("From")
    table.add_column("To", min_width=10, overflow="fold")
    table.add_column("Type", max_width=18, overflow="fold")
    table.add_column("Topics", max_width=24, overflow="fold")
    for visit in visits:
        dates = date_range(visit.start, visit.end) + (" ~" if is_partial(visit) else "")
        style = "strike" if visit.status_on(today) is Status.CANCELLED else ""
        visitor = Text(visit.visitor.name, style=style)
        if visit.visitor.role:
            visitor.append(f"\n({visit.visitor.role})", style="dim")
        destination = Text(visit.destination.country.country.name)
        if visit.destination.places:
            destination.append("\n" + ", ".join(visit.destination.places), style="dim")
        table.add_row(
            Text(dates, style=style),
            visitor,
            Text(visit.visitor.country.country.name if visit.visitor.country else ""),
            destination,
            Text(_type_label(visit, today)),
            Text(", ".join(visit.topics), style="dim"),
        )
    if any(is_partial(v) for v in visits):
        table.caption = PARTIAL_NOTE
    return table


def visit_json(visit: Visit, today: dt.date) -> str:
    """One record as a JSON object, with canonical codes, the effective status and its file."""
    return json.dumps(visit_data(visit, today), ensure_ascii=False, indent=2)


def visit_yaml(visit: Visit, today: dt.date) -> str:
    """One record as written in a visit file (with its id): valid input, readable back as the same record."""
    return dump_record(visit_record(visit))


def visits_json(visits: Sequence[Visit], today: dt.date) -> str:
    """A JSON array of records."""
    return json.dumps([visit_data(v, today) for v in visits], ensure_ascii=False, indent=2)


def visits_yaml(visits: Sequence[Visit], today: dt.date) -> str:
    """A list file of records with their ids: valid input, readable back as the same records."""
    return dump_records([visit_record(v) for v in visits])


CSV_COLUMNS = (
    "id", "start", "end", "visitor", "role", "from", "to", "places",
    "type", "event", "status", "topics", "summary", "sources", "file",
)  # fmt: skip


def visits_csv(visits: Sequence[Visit], today: dt.date) -> str:
    """CSV with one row per visit; lists are joined with ``; ``."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for visit in visits:
        writer.writerow(
            [
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


def _md(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def visits_markdown(visits: Sequence[Visit], today: dt.date) -> str:
    """A Markdown table."""
    lines = ["| Dates | Visitor | From | To | Type | Topics |", "|---|---|---|---|---|---|"]
    for visit in visits:
        cells = (
            date_range(visit.start, visit.end),
            person_label(visit.visitor),
            visit.visitor.country.country.name if visit.visitor.country else "",
            _destination(visit),
            _type_label(visit, today),
            ", ".join(visit.topics),
        )
        lines.append("| " + " | ".join(_md(c) for c in cells) + " |")
    return "\n".join(lines) + "\n"


VISIT_RENDERERS: dict[OutputFormat, Callable[[Sequence[Visit], dt.date], RenderableType | str]] = {
    OutputFormat.TABLE: visits_table,
    OutputFormat.JSON: visits_json,
    OutputFormat.CSV: visits_csv,
    OutputFormat.YAML: visits_yaml,
    OutputFormat.MARKDOWN: visits_markdown,
}
