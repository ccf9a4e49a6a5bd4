"""The visit schema of ``docs/format.md`` in code, both ways.

:func:`parse_visit` turns one YAML mapping into a :class:`~diplotrack.model.Visit` or into
problems; a record with any error yields no :class:`Visit` (queries never see half-checked
data), and all its problems are still reported. :func:`visit_record` is its exact inverse: a
plain mapping in the documented key order with nothing derived in it, so that
``parse_visit(visit_record(v)) == v`` for every record.
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

from diplotrack.countries import CountryResolver
from diplotrack.fields import FieldReader, RecordState
from diplotrack.model import CountryValue, Destination, Participant, Source, Status, Visit, VisitType
from diplotrack.problems import Problem, Rule, excerpt
from diplotrack.yamlsource import Mapping, Scalar

VISIT_KEYS = (
    "id", "visitor", "destination", "hosts", "start", "end", "type", "event",
    "status", "trip", "topics", "summary", "sources",
)  # fmt: skip
"""Every key of a visit, in the documented order (which is also the order records are written in)."""
VISITOR_KEYS = ("name", "role", "country", "person")
HOST_KEYS = ("name", "role", "person")
DESTINATION_KEYS = ("country", "places")
SOURCE_KEYS = ("url", "title", "publisher", "published", "language", "reported_type")


def record_id(mapping: Mapping, default_id: str) -> str:
    """The id a record has: its ``id`` key when that is usable text, else the default."""
    node = mapping.get("id")
    if isinstance(node, Scalar) and isinstance(node.value, str) and node.text.strip():
        return node.text.strip()
    return default_id


def parse_visit(
    mapping: Mapping, default_id: str, resolver: CountryResolver, problems: list[Problem]
) -> Visit | None:
    """Check one record and build its :class:`Visit`; ``None`` when it has errors."""
    visit_id = record_id(mapping, default_id)
    fields = FieldReader(mapping, VISIT_KEYS, RecordState(problems, visit_id))
    fields.text("id")
    visitor = _participant(fields, resolver)
    destination = _destination(fields, resolver)
    hosts = tuple(_host(fields, node, index) for index, node in fields.mappings("hosts"))
    period = fields.period("start", "end")
    visit_type = fields.choice("type", VisitType, Rule.UNKNOWN_TYPE)
    status = fields.choice("status", Status, Rule.UNKNOWN_STATUS)
    event = fields.text("event")
    trip = fields.text("trip")
    topics = fields.text_list("topics")
    summary = fields.text("summary", multiline=True)
    sources = tuple(_source(fields, node, index) for index, node in fields.mappings("sources"))
    if period is not None:
        day = period.start.first_day
        _check_exists(fields, "visitor.country", visitor.country if visitor else None, day)
        _check_exists(fields, "destination.country", destination.country if destination else None, day)
    if fields.failed or visitor is None or destination is None or period is None:
        return None
    return Visit(
        id=visit_id,
        visitor=visitor,
        destination=destination,
        hosts=tuple(h for h in hosts if h is not None),
        start=period.start,
        end=period.end or period.start,
        position=mapping.position,
        type=visit_type,
        event=event,
        status=status,
        trip=trip,
        topics=topics,
        summary=summary,
        sources=tuple(s for s in sources if s is not None),
        positions=dict(fields.positions),
    )


def _check_exists(fields: FieldReader, path: str, value: CountryValue | None, day: dt.date) -> None:
    if value is not None and not value.country.exists_on(day):
        fields.error(
            fields.positions.get(path, fields.mapping.position),
            Rule.COUNTRY_NOT_EXISTING,
            f"{path!r}: {value.country.name} ({value.code}) no longer existed on {day}"
            f" (it ended {value.country.until}); use its successor state",
        )


def _participant(fields: FieldReader, resolver: CountryResolver) -> Participant | None:
    mapping = fields.mapping_at("visitor", required=True)
    if mapping is None:
        return None
    inner = fields.nested(mapping, VISITOR_KEYS, "visitor")
    name = inner.text("name", required=True)
    role = inner.text("role")
    country = inner.country("country", resolver, required=True)
    person = inner.text("person")
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
    return None if country is None else Destination(country, places)


def _host(fields: FieldReader, mapping: Mapping, index: int) -> Participant | None:
    inner = fields.nested(mapping, HOST_KEYS, f"hosts.{index}")
    name = inner.text("name", required=True)
    role = inner.text("role")
    person = inner.text("person")
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
            inner.where("language"),
            Rule.UNKNOWN_LANGUAGE,
            f"{inner.label('language')} is {excerpt(language)}, not an ISO 639-1 code; use two letters such as en, de, ru",
        )
    reported = inner.choice("reported_type", VisitType, Rule.UNKNOWN_TYPE)
    if url is None:
        return None
    return Source(url, title, publisher, published, language, reported)


def _is_iso639_1(code: str) -> bool:
    return len(code) == 2 and code.lower() in _iso639_1()


@functools.cache
def _iso639_1() -> frozenset[str]:
    from diplotrack.cache import remembered
    from diplotrack.countries import data_stamp

    # Kept between runs: reading pycountry's languages takes 50 ms, in every worker of a cold validate.
    return remembered("languages", data_stamp(), _read_iso639_1)


def _read_iso639_1() -> frozenset[str]:
    import pycountry

    return frozenset(code for language in pycountry.languages if (code := getattr(language, "alpha_2", None)))


# --- the inverse: Visit → record ---------------------------------------------------------------------


def _compact(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A mapping without absent values: ``None``, empty lists and empty mappings are left out."""
    return {key: value for key, value in pairs if value is not None and value != [] and value != {}}


def _participant_record(person: Participant) -> dict[str, Any]:
    return _compact(
        [
            ("name", person.name),
            ("role", person.role),
            ("country", person.country.written if person.country else None),
            ("person", person.person),
        ]
    )


def _source_record(source: Source) -> dict[str, Any]:
    return _compact(
        [
            ("url", source.url),
            ("title", source.title),
            ("publisher", source.publisher),
            ("published", source.published.isoformat() if source.published else None),
            ("language", source.language),
            ("reported_type", source.reported_type.value if source.reported_type else None),
        ]
    )


def visit_record(visit: Visit, *, with_id: bool = True) -> dict[str, Any]:
    """The record a :class:`Visit` was read from, as plain data in the documented key order.

    Values are written as the user wrote them (country names are not replaced by codes); an ``end`` equal to
    ``start`` and an unstated status are left out, as the parser reads them. ``with_id=False`` leaves out the
    id, for a record whose id comes from its file name.
    """
    return _compact(
        [
            ("id", visit.id if with_id else None),
            ("visitor", _participant_record(visit.visitor)),
            (
                "destination",
                _compact(
                    [
                        ("country", visit.destination.country.written),
                        ("places", list(visit.destination.places)),
                    ]
                ),
            ),
            ("hosts", [_participant_record(host) for host in visit.hosts]),
            ("start", visit.start.isoformat()),
            ("end", visit.end.isoformat() if visit.end != visit.start else None),
            ("type", visit.type.value if visit.type else None),
            ("event", visit.event),
            ("status", visit.status.value if visit.status else None),
            ("trip", visit.trip),
            ("topics", list(visit.topics)),
            ("summary", visit.summary),
            ("sources", [_source_record(source) for source in visit.sources]),
        ]
    )
