"""``diplotrack add``: a new visit record from a few values, checked like any other, written safely.

:func:`draft` turns what the user typed (:class:`NewVisit`) into a record and the file it belongs in;
:func:`check` validates it against the dataset; :func:`write` creates the file. Decisions:

* **Names are kept as typed**; a name (or registry id) the registry knows as exactly one person adds
  ``person: <id>``, so every query finds the visit whatever the spelling. A registry id typed instead of a
  name is replaced by the person's name.
* **Countries are written as their English short names** (``Kasachstan``, ``KZ`` → ``Kazakhstan``), so
  records written by ``add`` read alike whatever the user typed; the visitor's country and role default
  to the registry's (the person's country; the one office held on the visit's dates).
* **The file** is ``visits/<year>/<start>-<surname>-<destination>.yaml`` in ASCII (``Токаев`` → ``tokaev``,
  or the registry's spelling when the person is known); a name already used by a file or a record id gets
  ``-2``, ``-3``, …, never an overwrite, even when several ``add`` run at once (:mod:`diplotrack.writefiles`).
* The file is written in the form ``diplotrack fmt`` gives, so a dataset checked with ``fmt --check`` stays so.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from anyascii import anyascii

from diplotrack.countries import CountryError
from diplotrack.dates import DateError, PartialDate, parse_user_date
from diplotrack.fmt import format_text
from diplotrack.loader import Dataset, parse_file
from diplotrack.model import Status, VisitType
from diplotrack.people import Person, Registry
from diplotrack.problems import Problem, UsageError
from diplotrack.records import VISIT_KEYS
from diplotrack.rules import validate
from diplotrack.writefiles import write_new
from diplotrack.yamlwrite import dump_record


@dataclass(frozen=True)
class NewVisit:
    """The values of a new visit, as typed (``None`` or empty: not given)."""

    visitor: str | None = None
    role: str | None = None
    visitor_country: str | None = None
    destination: str | None = None
    places: tuple[str, ...] = ()
    hosts: tuple[str, ...] = ()
    start: str | None = None
    end: str | None = None
    type: VisitType | None = None
    event: str | None = None
    status: Status | None = None
    topics: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    summary: str | None = None


@dataclass(frozen=True)
class Field:
    """A value ``add`` cannot do without: its attribute, option and question."""

    name: str
    option: str
    question: str


REQUIRED = (
    Field("visitor", "--visitor", "Visitor (name)"),
    Field("visitor_country", "--from", "Visitor's country"),
    Field("destination", "--to", "Destination country"),
    Field("start", "--start", "Start date (YYYY-MM-DD, YYYY-MM or YYYY)"),
)


def given(new: NewVisit, field: Field, answer: str) -> NewVisit:
    """``new`` with the answer to a required field's question."""
    return dataclasses.replace(new, **{field.name: answer})  # type: ignore[arg-type]


def missing(new: NewVisit, people: Registry) -> list[Field]:
    """The required values not given; the visitor's country is not needed when the registry knows the person."""
    absent = [f for f in REQUIRED if not (getattr(new, f.name) or "").strip()]
    if new.visitor and _person(new.visitor, people) is not None:
        absent = [f for f in absent if f.name != "visitor_country"]
    return absent


@dataclass(frozen=True)
class Draft:
    """A record ready to be checked and written, where it goes, and what ``add`` decided for the user."""

    record: dict[str, Any]
    path: Path
    """Where it would be written now: ``base`` or the first free numbered variant."""
    base: Path
    """The name the record's values give (``<start>-<surname>-<destination>.yaml``)."""
    text: str
    notes: tuple[str, ...] = ()


def _person(name: str, people: Registry) -> Person | None:
    found = people.find(name.strip())
    return found[0] if len(found) == 1 else None


_HOST = re.compile(r"^(?P<name>.*?)\s*\((?P<role>[^()]*)\)\s*$")


def _slug(text: str) -> str:
    """ASCII, lower case, words joined by dashes: ``Erdoğan`` → ``erdogan``, ``Türkiye`` → ``turkiye``."""
    return re.sub(r"[^a-z0-9]+", "-", anyascii(text).lower()).strip("-")


def _date(option: str, text: str) -> PartialDate:
    try:
        return parse_user_date(text)
    except DateError as exc:
        raise UsageError(f"{option}: {exc}") from None


def _country(option: str, text: str, dataset: Dataset) -> str:
    try:
        return dataset.countries.resolve(text.strip()).name
    except CountryError as exc:
        raise UsageError(f"{option}: {exc}") from None


def draft(new: NewVisit, dataset: Dataset) -> Draft:
    """The record for ``new`` and its file (the first free name); :class:`UsageError` for bad values."""
    absent = missing(new, dataset.people)
    if absent:
        raise UsageError(f"missing {', '.join(f.option for f in absent)}")
    assert new.visitor and new.destination and new.start  # checked just above
    notes: list[str] = []
    start = _date("--start", new.start)
    end = _date("--end", new.end) if new.end else None
    visitor = _participant(new.visitor.strip(), new.role, dataset.people, notes)
    person = _person(new.visitor, dataset.people)
    if new.visitor_country:
        visitor["country"] = _country("--from", new.visitor_country, dataset)
    else:
        assert person is not None  # ``missing`` asks for --from otherwise
        visitor["country"] = person.country.country.name
        notes.append(f"--from: {visitor['country']} (from the registry)")
    if "role" not in visitor and person is not None:
        last = (end or start).last_day
        offices = person.offices_during(start.first_day, last)
        if len(offices) == 1:
            visitor["role"] = offices[0].role
            notes.append(f"--role: {offices[0].role} (from the registry)")
    visitor = {key: visitor[key] for key in ("name", "role", "country", "person") if key in visitor}
    destination: dict[str, Any] = {"country": _country("--to", new.destination, dataset)}
    if new.places:
        destination["places"] = [p.strip() for p in new.places]
    hosts = [_host(text, dataset.people, notes) for text in new.hosts]
    values: dict[str, Any] = {
        "visitor": visitor,
        "destination": destination,
        "hosts": hosts or None,
        "start": start.isoformat(),
        "end": end.isoformat() if end is not None and end != start else None,
        "type": new.type.value if new.type else None,
        "event": (new.event or "").strip(),
        "status": new.status.value if new.status else None,
        "topics": list(new.topics) or None,
        "summary": (new.summary or "").strip(),
        "sources": [{"url": url.strip()} for url in new.sources] or None,
    }
    # An option given as "" (or only spaces) is an option not given.
    record = {key: values[key] for key in VISIT_KEYS if values.get(key) is not None and values[key] != ""}
    surname = (person.name if person else visitor["name"]).split()[-1]
    stem = "-".join(
        part
        for part in (start.isoformat(), _slug(surname) or "visitor", _slug(destination["country"]))
        if part
    )
    folder = dataset.root / "visits" / str(start.year)
    taken = _taken_ids(dataset)
    base = path = folder / f"{stem}.yaml"
    number = 1
    while path.stem in taken or path.exists() or path.is_symlink():
        number += 1
        path = folder / f"{stem}-{number}.yaml"
    return Draft(record, path, base, format_text(dump_record(record)), tuple(notes))


def _participant(text: str, role: str | None, people: Registry, notes: list[str]) -> dict[str, Any]:
    person = _person(text, people)
    found = people.find(text)
    name = person.name if person is not None and person.id == text else text
    entry: dict[str, Any] = {"name": name}
    if role and role.strip():
        entry["role"] = role.strip()
    if person is not None:
        entry["person"] = person.id
    elif len(found) > 1:
        ids = ", ".join(p.id for p in found)
        notes.append(f"{text!r} may be any of {ids}; add 'person: <id>' to the record to say which")
    return entry


def _host(text: str, people: Registry, notes: list[str]) -> dict[str, Any]:
    """``Name (Role)`` or ``Name``."""
    match = _HOST.match(text.strip())
    name, role = (match["name"], match["role"]) if match and match["name"] else (text.strip(), None)
    return _participant(name, role, people, notes)


def _taken_ids(dataset: Dataset) -> set[str]:
    return {ref.id for ref in dataset.records}


def check(new: Draft, dataset: Dataset, today: dt.date) -> tuple[Problem, ...]:
    """What ``validate`` would newly report with the record in the dataset (errors refuse, warnings inform)."""
    result = parse_file(new.path, new.text.encode(), dataset.countries)
    merged = dataclasses.replace(
        dataset,
        visits=dataset.visits + result.visits,
        problems=dataset.problems + result.problems,
        records=dataset.records + result.records,
        files=dataset.files + 1,
    )
    before = {_key(p) for p in validate(dataset, today).problems}
    return tuple(p for p in validate(merged, today).problems if _key(p) not in before)


def _key(problem: Problem) -> tuple[str, int, int, str, str]:
    position = problem.position
    return (str(position.file), position.line, position.column, problem.rule.id, problem.message)


def write(new: Draft, dataset: Dataset) -> Path:
    """Create the record's file under the first free name from ``new.base`` on, never overwriting."""
    return write_new(new.base, new.text.encode(), avoid=_taken_ids(dataset))
