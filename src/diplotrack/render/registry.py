"""The person registry and the groups, as tables (that never cut a word) or JSON."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from rich.console import Group as RenderGroup
from rich.console import RenderableType

from diplotrack.groups import Group, MembershipStatus
from diplotrack.people import Person
from diplotrack.render.display import display, json_text, text, text_lines
from diplotrack.render.layout import FittedTable, Spec


def _period(start: object, end: object | None) -> str:
    return f"{start} – {end or 'now'}"


def people_table(people: Sequence[Person]) -> RenderableType:
    """One row per person: id, name and aliases, country, offices with dates and class.

    On a narrow terminal the country, then the id, are left out before a word would be cut.
    """
    specs = [
        Spec("Id", priority=2, no_wrap=True),
        Spec("Name / aliases"),
        Spec("Country", priority=3),
        Spec("Offices", priority=1),
    ]
    rows = []
    for person in people:
        names = text(person.name, "bold")
        if person.aliases:
            names.append("\n" + display(", ".join(person.aliases)), style="dim")
        offices = text_lines(
            f"{o.role} ({o.country.code}) {_period(o.period.start, o.period.end)}"
            + (f" [{o.resolved_class}]" if o.resolved_class else "")
            for o in person.offices
        )
        rows.append([text(person.id), names, text(person.country.country.name), offices])
    return FittedTable(specs, rows, show_lines=True)


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
    return json_text(data)


def groups_table(groups: Sequence[Group], today: dt.date) -> RenderableType:
    """One row per group: id, name and aliases, kind, members and observers today."""
    specs = [
        Spec("Id", no_wrap=True),
        Spec("Name / aliases"),
        Spec("Kind", priority=2),
        Spec(f"Members on {today}", priority=1),
        Spec("Observers", priority=1),
    ]
    rows = []
    for group in groups:
        names = text(group.name, "bold")
        if group.aliases:
            names.append("\n" + display(", ".join(group.aliases)), style="dim")
        members = group.members_on(today)
        observers = sorted(set(group.members_on(today, include_observers=True)) - set(members))
        rows.append(
            [
                text(group.id),
                names,
                text(group.kind.value),
                text(" ".join(members)),
                text(" ".join(observers)),
            ]
        )
    return FittedTable(specs, rows, show_lines=True)


def group_detail(group: Group, names: dict[str, str]) -> RenderableType:
    """A group's membership over time, one row per period, in date order."""
    specs = [
        Spec("From", no_wrap=True),
        Spec("To", no_wrap=True),
        Spec("Country"),
        Spec("Status", priority=1),
        Spec("Note", priority=2),
    ]
    rows = []
    for m in sorted(group.memberships, key=lambda m: (m.period.start.first_day, m.code)):
        style = "" if m.status is MembershipStatus.MEMBER else "italic"
        rows.append(
            [
                text(m.period.start),
                text(m.period.end if m.period.end else "now"),
                text(f"{names.get(m.code, m.code)} ({m.code})"),
                text(m.status.value, style),
                text(m.note or "", "dim"),
            ]
        )
    table = FittedTable(specs, rows, title=text(f"{group.name} ({group.id})", "bold"))
    sources = text_lines((f"source: {url}" for url in group.sources), "dim")
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
    return json_text(data)
