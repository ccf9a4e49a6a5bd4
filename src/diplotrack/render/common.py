"""Small pieces shared by renderers: date ranges, country labels, plain data for JSON/YAML."""

from __future__ import annotations

import datetime as dt
from typing import Any

from diplotrack.dates import PartialDate, Precision
from diplotrack.model import CountryValue, Participant, Visit

PARTIAL_NOTE = "~ date known only to the month or year"


def date_range(start: PartialDate, end: PartialDate) -> str:
    """``15 Apr 2024``, ``11–12 Mar 2024``, ``Mar 2024``, ``30 Mar – 2 Apr 2024``: as precise as known."""
    if start == end:
        return start.human()
    if (
        start.precision is Precision.DAY
        and end.precision is Precision.DAY
        and (start.year, start.month) == (end.year, end.month)
    ):
        return f"{start.day}–{end.human()}"
    if start.year == end.year and start.precision is Precision.DAY and end.precision is Precision.DAY:
        return f"{start.human().rsplit(' ', 1)[0]} – {end.human()}"
    return f"{start.human()} – {end.human()}"


def is_partial(visit: Visit) -> bool:
    """Whether either date is known only to month or year."""
    return visit.start.precision is not Precision.DAY or visit.end.precision is not Precision.DAY


def country_label(value: CountryValue | None) -> str:
    """``Kazakhstan (KZ)``."""
    return "" if value is None else f"{value.country.name} ({value.code})"


def person_label(person: Participant) -> str:
    """``Nikol Pashinyan (Prime Minister)``."""
    return f"{person.name} ({person.role})" if person.role else person.name


def _participant(person: Participant) -> dict[str, Any]:
    data: dict[str, Any] = {"name": person.name, "role": person.role}
    if person.country is not None:
        data["country"] = person.country.code
        data["country_name"] = person.country.country.name
    if person.person is not None:
        data["person"] = person.person
    return data


def visit_data(visit: Visit, today: dt.date) -> dict[str, Any]:
    """A visit as plain data: canonical country codes, ISO date strings, the status as of ``today``, its file and line."""
    return {
        "id": visit.id,
        "visitor": _participant(visit.visitor),
        "destination": {
            "country": visit.destination.country.code,
            "country_name": visit.destination.country.country.name,
            "places": list(visit.destination.places),
        },
        "hosts": [_participant(host) for host in visit.hosts],
        "start": visit.start.isoformat(),
        "end": visit.end.isoformat(),
        "type": visit.type.value if visit.type else None,
        "event": visit.event,
        "multilateral": visit.is_multilateral,
        "status": visit.status_on(today).value,
        "status_stated": visit.status is not None,
        "trip": visit.trip,
        "topics": list(visit.topics),
        "summary": visit.summary,
        "sources": [
            {
                "url": source.url,
                "title": source.title,
                "publisher": source.publisher,
                "published": source.published.isoformat() if source.published else None,
                "language": source.language,
                "reported_type": source.reported_type.value if source.reported_type else None,
            }
            for source in visit.sources
        ],
        "file": str(visit.position.file),
        "line": visit.position.line,
    }
