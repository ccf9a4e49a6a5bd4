"""The person registry and the groups, as tables or JSON."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import Any

from rich.console import Group as RenderGroup
from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from diplotrack.groups import Group, MembershipStatus
from diplotrack.people import Person


def _period(start: object, end: object | None) -> str:
    return f"{start} – {end or 'now'}"


def people_table(people: Sequence[Person]) -> RenderableType:
    """One row per person: id, name and aliases, country, offices with dates and class."""
    table = Table(header_style="bold", show_lines=True)
    table.add_column("Id", no_wrap=True)
    table.add_column("Name / aliases", overflow="fold")
    table.add_column("Country")
    table.add_column("Offices", overflow="fold")
    for person in people:
        names = Text(person.name, style="bold")
        if person.aliases:
            names.append("\n" + ", ".join(person.aliases), style="dim")
        offices = "\n".join(
            f"{o.role} ({o.country.code}) {_period(o.period.start, o.period.end)}"
            + (f" [{o.resolved_class}]" if o.resolved_class else "")
            for o in person.offices
        )
        table.add_row(Text(person.id), names, Text(person.country.country.name), Text(offices))
    return table


def people_json(people: Sequence[Person]) -> str:
    """The people as a JSON array."""
    data = [
        {
            "id": p.id,
            "name": p.name,
            "aliases": list(p.aliases),
            "country": p.country.code,
            "wikidata": p.wikidata,
            "offices": [
                {
                    "role": o.role,
                    "country": o.country.code,
                    "from": o.period.start.isoformat(),
                    "to": o.period.end.isoformat() if o.period.end else None,
                    "class": o.resolved_class.value if o.resolved_class else None,
                }
                for o in p.offices
            ],
            "sources": list(p.sources),
            "file": str(p.position.file),
        }
        for p in people
    ]
    return json.dumps(data, ensure_ascii=False, indent=2)


def groups_table(groups: Sequence[Group], today: dt.date) -> RenderableType:
    """One row per group: id, name and aliases, kind, members and observers today."""
    table = Table(header_style="bold", show_lines=True)
    table.add_column("Id", no_wrap=True)
    table.add_column("Name / aliases", overflow="fold")
    table.add_column("Kind")
    table.add_column(f"Members on {today}", overflow="fold")
    table.add_column("Observers", overflow="fold")
    for group in groups:
        names = Text(group.name, style="bold")
        if group.aliases:
            names.append("\n" + ", ".join(group.aliases), style="dim")
        members = group.members_on(today)
        observers = sorted(set(group.members_on(today, include_observers=True)) - set(members))
        table.add_row(
            Text(group.id), names, Text(group.kind.value), Text(" ".join(members)), Text(" ".join(observers))
        )
    return table


def group_detail(group: Group, names: dict[str, str]) -> RenderableType:
    """A group's membership over time, one row per period, in date order."""
    table = Table(title=Text(f"{group.name} ({group.id})"), header_style="bold")
    table.add_column("From", no_wrap=True)
    table.add_column("To", no_wrap=True)
    table.add_column("Country")
    table.add_column("Status")
    table.add_column("Note", overflow="fold")
    for m in sorted(group.memberships, key=lambda m: (m.period.start.first_day, m.code)):
        style = "" if m.status is MembershipStatus.MEMBER else "italic"
        table.add_row(
            Text(str(m.period.start)),
            Text(str(m.period.end) if m.period.end else "now"),
            Text(f"{names.get(m.code, m.code)} ({m.code})"),
            Text(m.status.value, style=style),
            Text(m.note or "", style="dim"),
        )
    sources = Text("\n".join(f"source: {url}" for url in group.sources), style="dim")
    return RenderGroup(table, sources) if group.sources else table


def groups_json(groups: Sequence[Group]) -> str:
    """Groups with their membership periods as JSON."""
    data: list[dict[str, Any]] = [
        {
            "id": g.id,
            "name": g.name,
            "aliases": list(g.aliases),
            "kind": g.kind.value,
            "members": [
                {
                    "country": m.code,
                    "status": m.status.value,
                    "from": m.period.start.isoformat(),
                    "to": m.period.end.isoformat() if m.period.end else None,
                }
                for m in g.memberships
            ],
            "sources": list(g.sources),
        }
        for g in groups
    ]
    return json.dumps(data, ensure_ascii=False, indent=2)
