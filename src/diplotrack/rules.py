"""Validation: the rules that look beyond a single value, in two kinds.

Checks of a single value (dates, countries, keys) happen while a record is read
(:mod:`diplotrack.records`). The rules here are either **record rules**, which look at one valid record
with the registries and "today" (no source, a domestic trip, a stale status, people and roles), or
**cross-record rules**, which compare records (duplicate ids, likely duplicates, one person in two places).

So that a large dataset can be validated file by file, on every core, without holding its records,
:func:`check_file` runs the record rules on one file and keeps of each record only :class:`Facts`, what the
cross-record rules need; :func:`report` puts the files together. :func:`validate` does the same for a
dataset already in memory. Every rule returns problems and never prints. Rule ids are stable: they are
documented in ``docs/rules.md``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from sys import intern
from typing import Any

from diplotrack.dates import PartialDate, Precision
from diplotrack.loader import Dataset, FileResult, RecordRef, Registries
from diplotrack.model import Participant, Status, Visit
from diplotrack.normalize import normalize
from diplotrack.people import Registry, registry_problems
from diplotrack.problems import Position, Problem, Report, Rule, excerpt


@dataclass(frozen=True, slots=True)
class RecordAt:
    """A record's id and where it starts, as validation keeps it: the file as text, because a ``Path`` per
    record would double what validating 100,000 records holds."""

    id: str
    file: str
    line: int
    column: int

    @property
    def position(self) -> Position:
        """Where the record starts."""
        return Position(Path(self.file), self.line, self.column)

    @property
    def spot(self) -> tuple[str, int, int]:
        """The position as plain values (cheap to compare)."""
        return self.file, self.line, self.column


@dataclass(frozen=True, slots=True)
class Facts(RecordAt):
    """What the cross-record rules need of one valid record: all that validation keeps of it."""

    visitor: str
    """Whom the record is about: ``person:<id>`` when the registry knows the visitor, else ``name:<name>``."""
    name: str
    """The visitor's name as written."""
    destination: str
    """The destination's code."""
    country: str
    """The destination's name."""
    start: PartialDate
    end: PartialDate
    cancelled: bool

    @property
    def exact(self) -> bool:
        """Only day-precise dates can conflict: "March 2024" does not say which days."""
        return self.start.precision is Precision.DAY and self.end.precision is Precision.DAY

    def __reduce__(self) -> tuple[Callable[..., Facts], tuple[object, ...]]:
        # Facts travel from worker processes in batches; the values most records share (visitor, country)
        # are interned as they arrive, so 100,000 records hold them once, not 100,000 times.
        return _facts, (self.id, self.file, self.line, self.column, self.visitor, self.name, self.destination,
                        self.country, self.start, self.end, self.cancelled)  # fmt: skip


def _facts(
    id: str,
    file: str,
    line: int,
    column: int,
    visitor: str,
    name: str,
    destination: str,
    country: str,
    *rest: Any,
) -> Facts:
    shared = (intern(visitor), intern(name), intern(destination), intern(country))
    return Facts(id, file, line, column, *shared, *rest)


@dataclass(frozen=True, slots=True)
class Checked:
    """One file as validation keeps it: every problem found in it alone, where each record starts (the valid
    ones as their :class:`Facts`), and counts."""

    file: str
    problems: tuple[Problem, ...]
    records: tuple[RecordAt, ...]
    record_count: int
    valid: int
    unreadable: bool

    @property
    def facts(self) -> Iterator[Facts]:
        """The facts of the file's valid records."""
        return (record for record in self.records if isinstance(record, Facts))


RecordRule = Callable[[Visit, Registry, dt.date], Iterator[Problem]]


def facts_of(visit: Visit, people: Registry, file: str | None = None) -> Facts:
    """The facts of a valid record (``file``: its file's name, when the caller has it as text already)."""
    person = people.resolve(visit.visitor)
    position = visit.position
    return Facts(
        visit.id,
        str(position.file) if file is None else file,
        position.line,
        position.column,
        f"person:{person.id}" if person else f"name:{normalize(visit.visitor.name)}",
        visit.visitor.name,
        visit.destination.country.code,
        visit.destination.country.country.name,
        visit.start,
        visit.end,
        visit.status is Status.CANCELLED,
    )


def record_at(ref: RecordRef, file: str | None = None) -> RecordAt:
    """What validation keeps of a record reference."""
    position = ref.position
    return RecordAt(ref.id, str(position.file) if file is None else file, position.line, position.column)


def check_file(result: FileResult, people: Registry, today: dt.date) -> Checked:
    """The record rules on one file's records, and what the cross-record rules will need of it."""
    file = str(result.path)
    found = list(result.problems)
    facts: dict[tuple[str, int, int, str], Facts] = {}
    for visit in result.visits:
        for rule in RECORD_RULES:
            found.extend(rule(visit, people, today))
        fact = facts_of(visit, people, file)
        facts[(*fact.spot, fact.id)] = fact
    records = tuple(
        facts.get((file, ref.position.line, ref.position.column, ref.id)) or record_at(ref, file)
        for ref in result.records
    )
    return Checked(file, tuple(found), records, result.record_count, result.valid_records, result.unreadable)


def report(registries: Registries, files: Sequence[Checked]) -> Report:
    """The report of a dataset from its checked files (in any order): every problem, sorted."""
    problems = [*registries.problems, *(p for file in files for p in file.problems)]
    records = [ref for file in files for ref in file.records]
    facts = [fact for file in files for fact in file.facts]
    problems.extend(cross_record(records, facts, registries.people))
    problems.sort(key=Problem.sort_key)
    return Report(tuple(problems), len(files), len(records))


def validate(dataset: Dataset, today: dt.date) -> Report:
    """Every rule over a dataset in memory (``today`` decides which planned visits are stale)."""
    people = dataset.people
    problems = list(dataset.problems)
    for visit in dataset.visits:
        for rule in RECORD_RULES:
            problems.extend(rule(visit, people, today))
    facts = [facts_of(visit, people) for visit in dataset.visits]
    problems.extend(cross_record([record_at(ref) for ref in dataset.records], facts, people))
    problems.sort(key=Problem.sort_key)
    return Report(tuple(problems), dataset.files, len(dataset.records))


def cross_record(records: Iterable[RecordAt], facts: Sequence[Facts], people: Registry) -> Iterator[Problem]:
    """The rules that compare records, and those of the registry itself."""
    yield from duplicate_ids(records)
    yield from registry_problems(people)
    yield from overlapping_visits(facts)


# --- record rules --------------------------------------------------------------------------------------------


def missing_sources(visit: Visit, people: Registry, today: dt.date) -> Iterator[Problem]:
    """A record with no source."""
    if not visit.sources:
        yield Problem(
            visit.position,
            Rule.NO_SOURCE,
            "the record has no source; add a sources: list with a url",
            visit.id,
        )


def same_country(visit: Visit, people: Registry, today: dt.date) -> Iterator[Problem]:
    """The visitor's country is also the destination."""
    if visit.visitor.country and visit.visitor.country.code == visit.destination.country.code:
        yield Problem(
            visit.where("destination.country"),
            Rule.SAME_COUNTRY,
            f"the visitor's country and the destination are both {visit.destination.country.country.name}; "
            "a domestic trip is not a visit",
            visit.id,
        )


def stale_status(visit: Visit, people: Registry, today: dt.date) -> Iterator[Problem]:
    """A visit still planned or confirmed although its dates have passed."""
    if visit.status in (Status.PLANNED, Status.CONFIRMED) and visit.end.last_day < today:
        yield Problem(
            visit.where("status"),
            Rule.STALE_STATUS,
            f"status is {visit.status.value!r} but the visit ended {visit.end}; "
            "set it to completed, postponed or cancelled",
            visit.id,
        )


def _participants(visit: Visit) -> Iterator[tuple[str, Participant]]:
    yield "visitor", visit.visitor
    for index, host in enumerate(visit.hosts):
        yield f"hosts.{index}", host


def people_references(visit: Visit, people: Registry, today: dt.date) -> Iterator[Problem]:
    """``person:`` ids the registry lacks, and names that match several people."""
    for path, participant in _participants(visit):
        if participant.person is not None:
            if people.get(participant.person) is None:
                yield Problem(
                    visit.where(f"{path}.person"),
                    Rule.UNKNOWN_PERSON,
                    f"no person {excerpt(participant.person)} in people/; add them or correct the id",
                    record_id=visit.id,
                )
            continue
        candidates = people.named(participant.name)
        if len(candidates) > 1:
            ids = ", ".join(p.id for p in candidates)
            yield Problem(
                visit.where(f"{path}.name"),
                Rule.AMBIGUOUS_PERSON,
                f"{excerpt(participant.name)} may be any of {ids}; add person: <id> to say which",
                visit.id,
            )


def roles_held(visit: Visit, people: Registry, today: dt.date) -> Iterator[Problem]:
    """A visitor's or host's role that the registry says the person did not hold on those dates."""
    first, last = visit.start.first_day, visit.end.last_day
    for path, participant in _participants(visit):
        person = people.resolve(participant)
        role = participant.role
        if person is None or role is None or not person.offices:
            continue
        if people.holds_role(person, role, first, last):
            continue
        held = person.offices_during(first, last)
        offices = "; ".join(f"{o.role} {o.period.start}–{o.period.end or 'now'}" for o in held) or "no office"
        yield Problem(
            visit.where(f"{path}.role"),
            Rule.ROLE_NOT_HELD,
            f"{person.name} was not {role} on {visit.start}–{visit.end} by the registry ({offices}); "
            "correct the role, the dates or the person's offices",
            visit.id,
        )


RECORD_RULES: tuple[RecordRule, ...] = (
    people_references,
    roles_held,
    missing_sources,
    same_country,
    stale_status,
)


# --- cross-record rules --------------------------------------------------------------------------------------


def duplicate_ids(records: Iterable[RecordAt]) -> Iterator[Problem]:
    """Two records, valid or not, with the same id (a record listed twice is not its own duplicate)."""
    first: dict[str, RecordAt] = {}
    for ref in records:
        seen = first.setdefault(ref.id, ref)
        if seen.spot != ref.spot:
            yield Problem(
                ref.position,
                Rule.DUPLICATE_ID,
                f"id {excerpt(ref.id)} is already used at {seen.position}; give one of them another id",
                record_id=ref.id,
            )


MAX_NAMED = 3
"""How many other records a grouped warning names."""


def _duplicate_group(group: list[Facts]) -> Problem:
    """One warning for a group of overlapping records of one visitor in one country."""
    first, second, rest = group[0], group[1], group[2:]
    others = "".join(f", {excerpt(v.id)}" for v in rest[:MAX_NAMED]) + (
        f" and {len(rest) - MAX_NAMED} more" if len(rest) > MAX_NAMED else ""
    )
    return Problem(
        second.position,
        Rule.LIKELY_DUPLICATE,
        f"{second.name} in {second.country} overlaps record "
        f"{excerpt(first.id)} ({first.position}){others}; merge them or correct the dates",
        second.id,
    )


def _overlap(a: Facts, b: Facts) -> tuple[dt.date, dt.date] | None:
    start = max(a.start.first_day, b.start.first_day)
    end = min(a.end.last_day, b.end.last_day)
    return (start, end) if start <= end else None


def _travel_day(a: Facts, b: Facts, start: dt.date, end: dt.date) -> bool:
    """One shared day where one visit ends and the other begins is a travel day, not a conflict."""
    if start != end:
        return False
    return (a.end.last_day == start and b.start.first_day == start) or (
        b.end.last_day == start and a.start.first_day == start
    )


def overlapping_visits(facts: Iterable[Facts]) -> Iterator[Problem]:
    """Likely duplicates (a group of overlapping records in one country, reported once), and one person in
    two countries at once. One sorted sweep per visitor: near-linear, however many copies a file holds."""
    by_visitor: dict[str, list[Facts]] = defaultdict(list)
    for fact in facts:
        if not fact.cancelled:
            by_visitor[fact.visitor].append(fact)
    for visits in by_visitor.values():
        visits.sort(key=lambda v: (v.start.first_day, v.id))
        groups: dict[str, tuple[list[Facts], dt.date]] = {}
        latest: Facts | None = None  # the exact-dated visit that ends last so far
        for visit in visits:
            code = visit.destination
            group, group_end = groups.get(code, ([], dt.date.min))
            if group and visit.start.first_day <= group_end:
                group.append(visit)
                groups[code] = (group, max(group_end, visit.end.last_day))
            else:
                if len(group) > 1:
                    yield _duplicate_group(group)
                groups[code] = ([visit], visit.end.last_day)
            if not visit.exact:
                continue
            if latest is not None and latest.destination != code:
                overlap = _overlap(latest, visit)
                if overlap is not None and not _travel_day(latest, visit, *overlap):
                    yield Problem(
                        visit.position,
                        Rule.PERSON_IN_TWO_PLACES,
                        f"{visit.name} is in {visit.country} from {visit.start} "
                        f"while record {excerpt(latest.id)} ({latest.position}) has them in "
                        f"{latest.country}; check the dates",
                        visit.id,
                    )
            if latest is None or visit.end.last_day > latest.end.last_day:
                latest = visit
        yield from (_duplicate_group(group) for group, _ in groups.values() if len(group) > 1)
