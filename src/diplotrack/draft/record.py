"""A drafted visit as a record of the documented format, with a note on each field it came from.

The record is a plain mapping in :data:`~diplotrack.records.VISIT_KEYS` order, written the way the bundled
records are (registry names, English country names, ISO dates at the precision the text gives), so that it
validates as it is. Nothing is invented: a field the text does not give is left out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from diplotrack.countries import CountryResolver
from diplotrack.draft.assemble import Facts, Note
from diplotrack.draft.lexicon import Language
from diplotrack.people import Person
from diplotrack.records import VISIT_KEYS


@dataclass(frozen=True)
class SourceInfo:
    """What the command line says about the report itself."""

    language: Language
    published: dt.date | None = None
    url: str | None = None


@dataclass(frozen=True)
class Draft:
    """One drafted record, its notes by field path, and whether it is the text's main visit."""

    record: dict[str, Any]
    notes: dict[str, Note] = field(default_factory=dict)
    main: bool = True
    source: dict[str, Any] = field(default_factory=dict)
    """The ``sources`` entry; in ``record`` only when it has a URL (the format requires one)."""


def _role(person: Person, first: dt.date, last: dt.date) -> str | None:
    offices = person.offices_during(first, last)
    return offices[0].role if offices else None


def build(facts: Facts, source: SourceInfo, countries: CountryResolver, main: bool) -> Draft:
    """The record of one visit."""
    first = facts.start.first_day
    last = (facts.end or facts.start).last_day
    person, written = facts.person, facts.written
    visitor_country = facts.visit.visitor.country
    visitor: dict[str, Any]
    if person is not None:
        visitor = {"name": person.name}
        role = _role(person, first, last)
    else:
        assert written is not None  # a visitor is a registry person or one named as written
        visitor, role = {"name": written.name}, written.role
    if role:
        visitor["role"] = role
    if visitor_country:  # "" when a visitor named as written has no country in the text
        visitor["country"] = countries.get(visitor_country).name
    destination: dict[str, Any] = {"country": countries.get(facts.visit.destination).name}
    if facts.places:
        destination["places"] = list(facts.places)
    hosts = []
    for host, _mention in facts.hosts:
        entry = {"name": host.name}
        host_role = _role(host, first, last)
        if host_role:
            entry["role"] = host_role
        hosts.append(entry)
    entry_source: dict[str, Any] = {}
    if source.url:
        entry_source["url"] = source.url
    if source.published:
        entry_source["published"] = source.published.isoformat()
    entry_source["language"] = source.language.value
    if facts.type:
        entry_source["reported_type"] = facts.type
    values: dict[str, Any] = {
        "visitor": visitor,
        "destination": destination,
        "hosts": hosts or None,
        "start": facts.start.isoformat(),
        "end": facts.end.isoformat() if facts.end and facts.end != facts.start else None,
        "type": facts.type,
        "event": facts.event,
        "topics": list(facts.topics) or None,
        "sources": [entry_source] if source.url else None,
    }
    record = {key: values[key] for key in VISIT_KEYS if values.get(key) is not None}
    notes = dict(facts.notes)
    if "end" not in record:
        notes.pop("end", None)
    return Draft(record, notes, main, entry_source)
