"""The spreadsheet form of a visit: one row per visit, both ways.

:data:`COLUMNS` is the one description of the CSV format: ``export --format csv`` writes its
columns in this order, ``import csv`` reads the ones that are not derived, and the table in
``docs/format.md`` is :func:`columns_markdown` (a test keeps the two equal).

Three encodings make the round trip hold:

* **Lists** (places, topics, hosts, sources) are joined with ``"; "``. Inside an item, ``\\`` is
  written ``\\\\`` and ``;`` is written ``\\;``, so a title such as ``Talks; a summary`` stays one
  item. Hosts and sources are *parallel* lists (``host_names``, ``host_roles``, …): item N of each
  belongs to host N, an absent value is an empty item, and a cell left empty means "none of them".
* **Cells a spreadsheet would run as a formula** — those starting with ``=``, ``+``, ``-``, ``@``, a
  tab or a carriage return — get a ``'`` in front (the OWASP advice for CSV injection), and so does a
  cell that starts with ``'`` itself. Import removes exactly that one ``'``.
* Derived columns (canonical codes, the office class, the effective status, the file) help people
  reading the sheet; import ignores them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from diplotrack.model import Participant, Source, Visit
from diplotrack.people import Registry

SEPARATOR = "; "
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What makes a spreadsheet evaluate a cell (OWASP, "CSV Injection")."""
QUOTE = "'"


@dataclass(frozen=True)
class RowContext:
    """What derived columns need: "today" for the effective status, the registry for office classes."""

    today: dt.date
    people: Registry


@dataclass(frozen=True)
class Column:
    """One CSV column: its name, what it holds, how a visit fills it."""

    name: str
    help: str
    cell: Callable[[Visit, RowContext], str]
    derived: bool = False
    """Written for readers of the sheet; ``import csv`` ignores it."""
    is_list: bool = False


# --- lists and formulas ------------------------------------------------------------------------------


def join_list(items: Iterable[str | None]) -> str:
    """Items joined with ``"; "``, each with ``\\`` and ``;`` escaped; all-empty lists give an empty cell."""
    values = [(item or "").replace("\\", "\\\\").replace(";", "\\;") for item in items]
    return SEPARATOR.join(values) if any(values) else ""


def split_list(cell: str) -> list[str]:
    """The items of a list cell (the inverse of :func:`join_list`); an empty cell has none."""
    if not cell.strip():
        return []
    items, current, chars = [], [], iter(cell)
    for char in chars:
        if char == "\\":
            current.append(next(chars, "\\"))
        elif char == ";":
            items.append("".join(current).strip())
            current = []
        else:
            current.append(char)
    items.append("".join(current).strip())
    return items


def neutralise(cell: str) -> str:
    """A cell that no spreadsheet runs as a formula: ``'`` before ``=``, ``+``, ``-``, ``@``, tab, CR and ``'``."""
    return QUOTE + cell if cell.startswith((*FORMULA_STARTS, QUOTE)) else cell


def restore(cell: str) -> str:
    """The value :func:`neutralise` protected (a ``'`` is removed only where it added one)."""
    if cell.startswith(QUOTE) and cell[1:].startswith((*FORMULA_STARTS, QUOTE)):
        return cell[1:]
    return cell


# --- visit → row -------------------------------------------------------------------------------------


def _text(value: object) -> str:
    return "" if value is None else str(value)


def _office_class(person: Participant, visit: Visit, ctx: RowContext) -> str:
    found = ctx.people.office_class(person, visit.start.first_day, visit.end.last_day)
    return found.value if found else ""


def _hosts(attribute: Callable[[Participant], str | None]) -> Callable[[Visit, RowContext], str]:
    return lambda v, ctx: join_list(attribute(h) for h in v.hosts)


def _sources(attribute: Callable[[Source], object]) -> Callable[[Visit, RowContext], str]:
    return lambda v, ctx: join_list(_text(attribute(s)) for s in v.sources)


def _country_written(person: Participant) -> str:
    return person.country.written if person.country else ""


def _country_code(person: Participant) -> str:
    return person.country.code if person.country else ""


# fmt: off
COLUMNS: tuple[Column, ...] = (
    Column("id", "the record's id", lambda v, ctx: v.id),
    Column("start", "`YYYY-MM-DD`, `YYYY-MM` or `YYYY`", lambda v, ctx: v.start.isoformat()),
    Column("end", "the last day, as precise as known (equal to `start` when the record gives none)", lambda v, ctx: v.end.isoformat()),
    Column("visitor_name", "`visitor.name`", lambda v, ctx: v.visitor.name),
    Column("visitor_role", "`visitor.role`", lambda v, ctx: _text(v.visitor.role)),
    Column("visitor_country", "`visitor.country` as written", lambda v, ctx: _country_written(v.visitor)),
    Column("visitor_country_code", "its canonical code", lambda v, ctx: _country_code(v.visitor), derived=True),
    Column("visitor_person", "`visitor.person` (a registry id), when written", lambda v, ctx: _text(v.visitor.person)),
    Column("visitor_class", "the visitor's office class on the visit's dates (registry, else role text)",
           lambda v, ctx: _office_class(v.visitor, v, ctx), derived=True),
    Column("destination_country", "`destination.country` as written", lambda v, ctx: v.destination.country.written),
    Column("destination_country_code", "its canonical code", lambda v, ctx: v.destination.country.code, derived=True),
    Column("places", "`destination.places` (list)", lambda v, ctx: join_list(v.destination.places), is_list=True),
    Column("host_names", "the hosts' `name`s (list)", _hosts(lambda h: h.name), is_list=True),
    Column("host_roles", "their `role`s, item by item (list)", _hosts(lambda h: h.role), is_list=True),
    Column("host_persons", "their `person` ids, item by item (list)", _hosts(lambda h: h.person), is_list=True),
    Column("type", "`type`", lambda v, ctx: v.type.value if v.type else ""),
    Column("event", "`event`", lambda v, ctx: _text(v.event)),
    Column("status", "`status` as written (empty: not stated)", lambda v, ctx: v.status.value if v.status else ""),
    Column("effective_status", "the status as of `--as-of`", lambda v, ctx: v.status_on(ctx.today).value, derived=True),
    Column("trip", "`trip`", lambda v, ctx: _text(v.trip)),
    Column("topics", "`topics` (list)", lambda v, ctx: join_list(v.topics), is_list=True),
    Column("summary", "`summary`", lambda v, ctx: _text(v.summary)),
    Column("source_urls", "the sources' `url`s (list)", _sources(lambda s: s.url), is_list=True),
    Column("source_titles", "their `title`s, item by item (list)", _sources(lambda s: s.title), is_list=True),
    Column("source_publishers", "their `publisher`s (list)", _sources(lambda s: s.publisher), is_list=True),
    Column("source_published", "their `published` dates (list)", _sources(lambda s: s.published), is_list=True),
    Column("source_languages", "their `language`s (list)", _sources(lambda s: s.language), is_list=True),
    Column("source_reported_types", "their `reported_type`s (list)",
           _sources(lambda s: s.reported_type.value if s.reported_type else None), is_list=True),
    Column("file", "the file the record was read from", lambda v, ctx: str(v.position.file), derived=True),
)
# fmt: on

HEADER = tuple(column.name for column in COLUMNS)
FIELDS = tuple(column.name for column in COLUMNS if not column.derived)
"""The columns ``import csv`` reads (the targets of ``--map``)."""
DERIVED = frozenset(column.name for column in COLUMNS if column.derived)
LIST_FIELDS = frozenset(column.name for column in COLUMNS if column.is_list)


def visit_row(visit: Visit, ctx: RowContext) -> list[str]:
    """One visit as CSV cells in :data:`HEADER` order, formulas neutralised."""
    return [neutralise(column.cell(visit, ctx)) for column in COLUMNS]


def columns_markdown() -> str:
    """The column table of ``docs/format.md``."""
    lines = ["| column | holds | read by `import csv` |", "|---|---|---|"]
    lines += [f"| `{c.name}` | {c.help} | {'no (derived)' if c.derived else 'yes'} |" for c in COLUMNS]
    return "\n".join(lines) + "\n"


# --- row → record ------------------------------------------------------------------------------------


class RowError(ValueError):
    """A row that cannot become a record; the message names the column."""


def _compact(pairs: Sequence[tuple[str, Any]]) -> dict[str, Any]:
    return {key: value for key, value in pairs if value not in (None, "", [], {})}


def _parallel(values: Mapping[str, str], count: int, names: Sequence[str]) -> list[list[str | None]]:
    """Parallel list columns as ``count`` items each (an empty cell: all absent)."""
    columns: list[list[str | None]] = []
    for name in names:
        items = split_list(values.get(name, ""))
        if not items:
            columns.append([None] * count)
            continue
        if len(items) != count:
            raise RowError(
                f"{name!r} has {len(items)} item(s) but {names[0]!r} has {count}; "
                "give one item per entry (empty between '; ' for none)"
            )
        columns.append([item or None for item in items])
    return columns


def _items(cell: str) -> list[str]:
    """A simple list's items; empty ones (a trailing ``;`` typed in a sheet) are dropped."""
    return [item for item in split_list(cell) if item]


HOST_COLUMNS = ("host_names", "host_roles", "host_persons")
SOURCE_COLUMNS = (
    "source_urls", "source_titles", "source_publishers",
    "source_published", "source_languages", "source_reported_types",
)  # fmt: skip


def row_record(values: Mapping[str, str], date: Callable[[str, str], str]) -> dict[str, Any]:
    """The record a row describes (plain data, the keys of ``docs/format.md``), not yet checked.

    ``values`` holds the cells by field name, formulas already restored; ``date(field, text)`` turns a
    date cell into ``YYYY[-MM[-DD]]`` (or raises :class:`RowError`).
    """

    def get(name: str) -> str:
        return values.get(name, "").strip()

    names = split_list(get("host_names"))
    if any(not name for name in names):
        raise RowError("'host_names' has an empty item; every host needs a name")
    _, roles, persons = _parallel(values, len(names), HOST_COLUMNS)
    urls = split_list(get("source_urls"))
    if any(not url for url in urls):
        raise RowError("'source_urls' has an empty item; every source needs a URL")
    _, titles, publishers, published, languages, reported = _parallel(values, len(urls), SOURCE_COLUMNS)
    start = date("start", get("start")) if get("start") else None
    end = date("end", get("end")) if get("end") else None
    return _compact(
        [
            ("id", get("id")),
            ("visitor", _compact([
                ("name", get("visitor_name")), ("role", get("visitor_role")),
                ("country", get("visitor_country")), ("person", get("visitor_person")),
            ])),
            ("destination", _compact([
                ("country", get("destination_country")), ("places", _items(get("places"))),
            ])),
            ("hosts", [
                _compact([("name", name), ("role", role), ("person", person)])
                for name, role, person in zip(names, roles, persons, strict=True)
            ]),
            ("start", start),
            ("end", end if end != start else None),
            ("type", get("type")),
            ("event", get("event")),
            ("status", get("status")),
            ("trip", get("trip")),
            ("topics", _items(get("topics"))),
            ("summary", values.get("summary", "").strip()),
            ("sources", [
                _compact([
                    ("url", url), ("title", title), ("publisher", publisher),
                    ("published", date("source_published", day) if day else None),
                    ("language", language), ("reported_type", kind),
                ])
                for url, title, publisher, day, language, kind
                in zip(urls, titles, publishers, published, languages, reported, strict=True)
            ]),
        ]
    )  # fmt: skip
