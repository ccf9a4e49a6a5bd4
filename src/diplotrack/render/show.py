"""One visit in full: a Rich panel with its sources as links, or JSON or YAML."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.style import Style
from rich.table import Table
from rich.text import Text

# Defined in diplotrack.choices (import-light: the CLI needs it at start-up); re-exported here.
from diplotrack.choices import ShowFormat as ShowFormat
from diplotrack.model import Visit
from diplotrack.render.common import country_label, date_range, person_label
from diplotrack.render.display import display, safe_link, text
from diplotrack.render.visits import visit_json, visit_yaml


def visit_panel(visit: Visit, today: dt.date) -> RenderableType:
    """Every field of a record; sources become terminal hyperlinks (only plain http(s) URLs, see
    :func:`~diplotrack.render.display.safe_link`). Values wrap at spaces; only a URL may fold."""
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column()

    def row(label: str, value: str | None) -> None:
        if value:
            grid.add_row(label, text(value))

    row("Dates", f"{date_range(visit.start, visit.end)} ({visit.start} – {visit.end})")
    row("Visitor", person_label(visit.visitor))
    row("From", country_label(visit.visitor.country))
    row("To", country_label(visit.destination.country))
    row("Places", ", ".join(visit.destination.places))
    row("Hosts", "; ".join(person_label(h) for h in visit.hosts))
    row("Type", visit.type.value if visit.type else None)
    row("Event", visit.event)
    row("Status", visit.status_on(today).value + ("" if visit.status else f" (not stated; as of {today})"))
    row("Trip", visit.trip)
    row("Topics", ", ".join(visit.topics))
    row("Summary", visit.summary)
    row("File", str(visit.position))
    sources = Text()
    for index, source in enumerate(visit.sources, start=1):
        sources.append(f"{index}. ")
        link = safe_link(source.url)
        sources.append(display(source.title or source.url), style=Style(link=link) if link else "")
        details = [d for d in (source.publisher, source.published and source.published.isoformat(),
                               source.language, source.reported_type and f"called it {source.reported_type.value}")
                   if d]  # fmt: skip
        if details:
            sources.append(f" ({display(', '.join(str(d) for d in details))})")
        sources.append(f"\n   {display(source.url)}\n" if source.title else "\n")
    sources.rstrip()
    parts: list[RenderableType] = [grid]
    if visit.sources:
        parts += [Text("Sources", style="bold"), sources]
    return Panel(Group(*parts), title=text(visit.id), title_align="left", expand=False)


SHOW_RENDERERS: dict[ShowFormat, Callable[[Visit, dt.date], RenderableType | str]] = {
    ShowFormat.PANEL: visit_panel,
    ShowFormat.JSON: visit_json,
    ShowFormat.YAML: visit_yaml,
}
