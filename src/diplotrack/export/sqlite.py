"""SQLite for Datasette and SQL: visits, participants, places, topics and sources, with a full-text index.

The schema is :data:`SCHEMA`, written out rather than inferred, so it is the documentation too. The
``visits`` table is readable on its own (names, codes, joined topics); the other tables hold one row
per list item, keyed by ``visit_id`` (a foreign key Datasette follows) and the item's position. The
full-text index ``visits_fts`` covers the summary, every participant's name and the topics; it is an
FTS5 table over ``visits`` (``content="visits"``), which is how Datasette finds it and offers search.

The database is built in memory and serialised, so exporting is a pure function of the visits like
the other formats; the CLI writes the bytes atomically. The standard library's ``sqlite3`` is enough
for a fixed schema, so no dependency is added for it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from typing import Any

from diplotrack.export.common import ExportContext
from diplotrack.model import Participant, Visit

SCHEMA = """
CREATE TABLE visits (
    id TEXT PRIMARY KEY,
    start TEXT NOT NULL,                    -- YYYY-MM-DD, YYYY-MM or YYYY, as precise as known
    "end" TEXT NOT NULL,                    -- the last day, as precise as known
    first_day TEXT NOT NULL,                -- start as a full date (its first possible day)
    last_day TEXT NOT NULL,                 -- end as a full date (its last possible day)
    visitor_name TEXT NOT NULL,
    visitor_role TEXT,
    visitor_country TEXT NOT NULL,          -- canonical code
    visitor_country_name TEXT NOT NULL,
    visitor_person TEXT,                    -- registry id, when the record names one
    visitor_class TEXT,                     -- office class on the visit's dates
    destination_country TEXT NOT NULL,      -- canonical code
    destination_country_name TEXT NOT NULL,
    places TEXT,                            -- joined with '; '
    type TEXT,
    event TEXT,
    multilateral INTEGER NOT NULL,          -- 1 with an event or of type summit
    status TEXT,                            -- as written; NULL when not stated
    effective_status TEXT NOT NULL,         -- as of --as-of
    trip TEXT,
    topics TEXT,                            -- joined with '; '
    summary TEXT,
    names TEXT NOT NULL,                    -- visitor and hosts, joined with '; ' (for search)
    file TEXT NOT NULL,
    line INTEGER NOT NULL
);
CREATE TABLE participants (
    id INTEGER PRIMARY KEY,
    visit_id TEXT NOT NULL REFERENCES visits(id),
    kind TEXT NOT NULL CHECK (kind IN ('visitor', 'host')),
    position INTEGER NOT NULL,              -- 0 for the visitor, 1, 2, ... for the hosts in record order
    name TEXT NOT NULL,
    role TEXT,
    person TEXT,                            -- registry id, when the record names one
    country TEXT,                           -- the visitor's country code; hosts carry none
    office_class TEXT,                      -- on the visit's dates (registry, else role text)
    UNIQUE (visit_id, kind, position)
);
CREATE TABLE places (
    visit_id TEXT NOT NULL REFERENCES visits(id),
    position INTEGER NOT NULL,
    place TEXT NOT NULL,
    PRIMARY KEY (visit_id, position)
);
CREATE TABLE topics (
    visit_id TEXT NOT NULL REFERENCES visits(id),
    position INTEGER NOT NULL,
    topic TEXT NOT NULL,
    PRIMARY KEY (visit_id, position)
);
CREATE TABLE sources (
    visit_id TEXT NOT NULL REFERENCES visits(id),
    position INTEGER NOT NULL,
    url TEXT NOT NULL,
    title TEXT,
    publisher TEXT,
    published TEXT,
    language TEXT,
    reported_type TEXT,
    PRIMARY KEY (visit_id, position)
);
CREATE INDEX visits_destination ON visits (destination_country, first_day);
CREATE INDEX visits_visitor_country ON visits (visitor_country, first_day);
CREATE INDEX participants_visit ON participants (visit_id);
CREATE INDEX participants_person ON participants (person);
CREATE INDEX topics_topic ON topics (topic);
CREATE INDEX sources_visit ON sources (visit_id);
CREATE VIRTUAL TABLE visits_fts USING fts5 (summary, names, topics, content="visits");
"""

_FTS_FILL = (
    "INSERT INTO visits_fts (rowid, summary, names, topics) SELECT rowid, summary, names, topics FROM visits"
)


def _office_class(person: Participant, visit: Visit, ctx: ExportContext) -> str | None:
    found = ctx.people.office_class(person, visit.start.first_day, visit.end.last_day)
    return found.value if found else None


def _visit_row(visit: Visit, ctx: ExportContext) -> tuple[Any, ...]:
    visitor, destination = visit.visitor, visit.destination
    assert visitor.country is not None  # the parser requires it
    return (
        visit.id,
        visit.start.isoformat(),
        visit.end.isoformat(),
        visit.start.first_day.isoformat(),
        visit.end.last_day.isoformat(),
        visitor.name,
        visitor.role,
        visitor.country.code,
        visitor.country.country.name,
        visitor.person,
        _office_class(visitor, visit, ctx),
        destination.country.code,
        destination.country.country.name,
        "; ".join(destination.places) or None,
        visit.type.value if visit.type else None,
        visit.event,
        int(visit.is_multilateral),
        visit.status.value if visit.status else None,
        visit.status_on(ctx.today).value,
        visit.trip,
        "; ".join(visit.topics) or None,
        visit.summary,
        "; ".join([visitor.name, *(host.name for host in visit.hosts)]),
        str(visit.position.file),
        visit.position.line,
    )


def _participants(visit: Visit, ctx: ExportContext) -> Iterator[tuple[Any, ...]]:
    visitor = visit.visitor
    yield (visit.id, "visitor", 0, visitor.name, visitor.role, visitor.person,
           visitor.country.code if visitor.country else None, _office_class(visitor, visit, ctx))  # fmt: skip
    for index, host in enumerate(visit.hosts, start=1):
        yield (
            visit.id,
            "host",
            index,
            host.name,
            host.role,
            host.person,
            None,
            _office_class(host, visit, ctx),
        )


def _sources(visit: Visit) -> Iterator[tuple[Any, ...]]:
    for index, s in enumerate(visit.sources):
        yield (
            visit.id, index, s.url, s.title, s.publisher,
            s.published.isoformat() if s.published else None,
            s.language, s.reported_type.value if s.reported_type else None,
        )  # fmt: skip


def build_database(visits: Sequence[Visit], ctx: ExportContext) -> sqlite3.Connection:
    """An in-memory database of the visits (open; the caller closes it)."""
    db = sqlite3.connect(":memory:")
    db.executescript(SCHEMA)
    with db:
        db.executemany(
            f"INSERT INTO visits VALUES ({', '.join('?' * 25)})", (_visit_row(v, ctx) for v in visits)
        )
        db.executemany(
            "INSERT INTO participants (visit_id, kind, position, name, role, person, country, office_class)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (row for v in visits for row in _participants(v, ctx)),
        )
        db.executemany(
            "INSERT INTO places VALUES (?, ?, ?)",
            ((v.id, i, place) for v in visits for i, place in enumerate(v.destination.places)),
        )
        db.executemany(
            "INSERT INTO topics VALUES (?, ?, ?)",
            ((v.id, i, topic) for v in visits for i, topic in enumerate(v.topics)),
        )
        db.executemany(
            "INSERT INTO sources VALUES (?, ?, ?, ?, ?, ?, ?, ?)", (r for v in visits for r in _sources(v))
        )
        db.execute(_FTS_FILL)
    return db


def export_sqlite(visits: Sequence[Visit], ctx: ExportContext) -> bytes:
    """The database file's bytes."""
    db = build_database(visits, ctx)
    try:
        return db.serialize()
    finally:
        db.close()
