"""Turning one YAML mapping into a :class:`~diplotrack.model.Visit`, or into problems.

This is the schema of ``docs/format.md`` in code. A record with any error yields no
:class:`Visit` (queries never see half-checked data); all its problems are still reported.
"""

from __future__ import annotations

import datetime as dt

import pycountry

from diplotrack.countries import CountryResolver
from diplotrack.fields import FieldReader
from diplotrack.model import CountryValue, Destination, Participant, Source, Status, Visit, VisitType
from diplotrack.problems import Problem
from diplotrack.yamlsource import Mapping, Scalar

VISIT_KEYS = frozenset(
    {
        "id", "visitor", "destination", "hosts", "start", "end", "type", "event",
        "status", "trip", "topics", "summary", "sources",
    }
)  # fmt: skip
VISITOR_KEYS = frozenset({"name", "role", "country", "person"})
HOST_KEYS = frozenset({"name", "role", "person"})
DESTINATION_KEYS = frozenset({"country", "places"})
SOURCE_KEYS = frozenset({"url", "title", "publisher", "published", "language", "reported_type"})


def record_id(mapping: Mapping, default_id: str) -> str:
    """The id a record has: its ``id`` key when that is usable text, else the default."""
    node = mapping.get("id")
    if isinstance(node, Scalar) and isinstance(node.value, str) and node.text.strip():
        return node.text.strip()
    return default_id


def parse_visit(
    mapping: Mapping,
    default_id: str,
    resolver: CountryResolver,
    today: dt.date,
    problems: list[Problem],
) -> Visit | None:
    """Check one record and build its :class:`Visit`; ``None`` when it has errors."""
    visit_id = record_id(mapping, default_id)
    fields = FieldReader(mapping, VISIT_KEYS, problems, record_id=visit_id)
    fields.text("id")
    visitor = _participant(fields, "visitor", VISITOR_KEYS, resolver)
    destination = _destination(fields, resolver)
    hosts = tuple(
        host for index, node in fields.mappings("hosts") if (host := _host(fields, node, index)) is not None
    )
    start = fields.date("start", required=True)
    end = fields.date("end")
    if start and end and end.last_day < start.first_day:
        fields.error(
            fields.positions["end"],
            "end-before-start",
            f"'end' {end} is before 'start' {start}; swap them or fix the date",
        )
    visit_type = fields.choice("type", VisitType, "unknown-type")
    status = fields.choice("status", Status, "unknown-status")
    event = fields.text("event")
    trip = fields.text("trip")
    topics = fields.text_list("topics")
    summary = fields.text("summary")
    sources = tuple(
        source
        for index, node in fields.mappings("sources")
        if (source := _source(fields, node, index)) is not None
    )
    if start is not None:
        _check_exists(fields, "visitor.country", visitor.country if visitor else None, start.first_day)
        _check_exists(
            fields, "destination.country", destination.country if destination else None, start.first_day
        )
    if fields.failed or visitor is None or destination is None or start is None:
        return None
    return Visit(
        id=visit_id,
        visitor=visitor,
        destination=destination,
        hosts=hosts,
        start=start,
        end=end or start,
        position=mapping.position,
        type=visit_type,
        event=event,
        status=status or (Status.PLANNED if start.first_day > today else Status.COMPLETED),
        status_given=status is not None,
        trip=trip,
        topics=topics,
        summary=summary,
        sources=sources,
        positions=fields.positions,
    )


def _check_exists(fields: FieldReader, path: str, value: CountryValue | None, day: dt.date) -> None:
    if value is not None and not value.country.exists_on(day):
        fields.error(
            fields.positions.get(path, fields.mapping.position),
            "country-not-existing",
            f"{path!r}: {value.country.name} ({value.code}) no longer existed on {day}"
            f" (it ended {value.country.until}); use its successor state",
        )


def _participant(
    fields: FieldReader, key: str, allowed: frozenset[str], resolver: CountryResolver
) -> Participant | None:
    mapping = fields.mapping_at(key, required=True)
    if mapping is None:
        return None
    inner = fields.nested(mapping, allowed, key)
    name = inner.text("name", required=True)
    role = inner.text("role")
    country = inner.country("country", resolver, required=True)
    person = inner.text("person")
    fields.absorb(inner)
    if name is None or country is None:
        return None
    return Participant(name, role, country, person)


def _destination(fields: FieldReader, resolver: CountryResolver) -> Destination | None:
    mapping = fields.mapping_at("destination", required=True)
    if mapping is None:
        return None
    inner = fields.nested(mapping, DESTINATION_KEYS, "destination")
    country = inner.country("country", resolver, required=True)
    places = inner.text_list("places")
    fields.absorb(inner)
    return None if country is None else Destination(country, places)


def _host(fields: FieldReader, mapping: Mapping, index: int) -> Participant | None:
    inner = fields.nested(mapping, HOST_KEYS, f"hosts.{index}")
    name = inner.text("name", required=True)
    role = inner.text("role")
    person = inner.text("person")
    fields.absorb(inner)
    return None if name is None else Participant(name, role, None, person)


def _source(fields: FieldReader, mapping: Mapping, index: int) -> Source | None:
    inner = fields.nested(mapping, SOURCE_KEYS, f"sources.{index}")
    url = inner.url("url", required=True)
    title = inner.text("title")
    publisher = inner.text("publisher")
    published = inner.date("published")
    language = inner.text("language")
    if language is not None and not _is_iso639_1(language):
        inner.error(
            inner.positions[inner.path("language")],
            "unknown-language",
            f"{inner.path('language')!r} is {language!r}, not an ISO 639-1 code; use two letters such as en, de, ru",
        )
    reported = inner.choice("reported_type", VisitType, "unknown-type")
    fields.absorb(inner)
    if url is None:
        return None
    return Source(url, title, publisher, published, language, reported)


def _is_iso639_1(code: str) -> bool:
    return len(code) == 2 and pycountry.languages.get(alpha_2=code.lower()) is not None
