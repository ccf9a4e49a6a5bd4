"""Validation: the catalogue of rule ids and the checks that look across records.

Checks of a single value (dates, countries, keys) happen while a record is read
(:mod:`diplotrack.records`); the rules here need the whole dataset. Every rule returns
problems and never prints. Rule ids are stable: they are documented in ``docs/rules.md``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterator

from diplotrack.dates import Precision
from diplotrack.loader import Dataset
from diplotrack.model import Participant, Status, Visit
from diplotrack.normalize import normalize
from diplotrack.people import registry_problems
from diplotrack.problems import Problem, Report, Rule, excerpt, repeats

DatasetRule = Callable[[Dataset, dt.date], Iterator[Problem]]


def validate(dataset: Dataset, today: dt.date) -> Report:
    """Run every dataset rule (``today`` decides which planned visits are stale); all problems, sorted."""
    problems = list(dataset.problems)
    for rule in DATASET_RULES:
        problems.extend(rule(dataset, today))
    problems.sort(key=Problem.sort_key)
    return Report(tuple(problems), dataset.files, len(dataset.records))


def duplicate_ids(dataset: Dataset, today: dt.date) -> Iterator[Problem]:
    """Two records, valid or not, with the same id."""
    for ref, first in repeats(dataset.records, lambda r: r.id, lambda r: r.position):
        yield Problem(
            ref.position,
            Rule.DUPLICATE_ID,
            f"id {excerpt(ref.id)} is already used at {first}; give one of them another id",
            record_id=ref.id,
        )


def missing_sources(dataset: Dataset, today: dt.date) -> Iterator[Problem]:
    """A record with no source."""
    for visit in dataset.visits:
        if not visit.sources:
            yield Problem(
                visit.position,
                Rule.NO_SOURCE,
                "the record has no source; add a sources: list with a url",
                visit.id,
            )


def same_country(dataset: Dataset, today: dt.date) -> Iterator[Problem]:
    """The visitor's country is also the destination."""
    for visit in dataset.visits:
        if visit.visitor.country and visit.visitor.country.code == visit.destination.country.code:
            yield Problem(
                visit.where("destination.country"),
                Rule.SAME_COUNTRY,
                f"the visitor's country and the destination are both {visit.destination.country.country.name}; "
                "a domestic trip is not a visit",
                visit.id,
            )


def stale_status(dataset: Dataset, today: dt.date) -> Iterator[Problem]:
    """A visit still planned or confirmed although its dates have passed."""
    for visit in dataset.visits:
        if visit.status in (Status.PLANNED, Status.CONFIRMED) and visit.end.last_day < today:
            yield Problem(
                visit.where("status"),
                Rule.STALE_STATUS,
                f"status is {visit.status.value!r} but the visit ended {visit.end}; "
                "set it to completed, postponed or cancelled",
                visit.id,
            )


def _overlap(a: Visit, b: Visit) -> tuple[dt.date, dt.date] | None:
    start = max(a.start.first_day, b.start.first_day)
    end = min(a.end.last_day, b.end.last_day)
    return (start, end) if start <= end else None


def _by_visitor(dataset: Dataset) -> dict[str, list[Visit]]:
    """Visits per person: the registry's person when the name resolves, else the written name."""
    groups: dict[str, list[Visit]] = defaultdict(list)
    for visit in dataset.visits:
        if visit.status is not Status.CANCELLED:
            person = dataset.people.resolve(visit.visitor)
            key = f"person:{person.id}" if person else f"name:{normalize(visit.visitor.name)}"
            groups[key].append(visit)
    return groups


MAX_NAMED = 3
"""How many other records a grouped warning names."""


def _duplicate_group(group: list[Visit]) -> Problem:
    """One warning for a group of overlapping records of one visitor in one country."""
    first, second, rest = group[0], group[1], group[2:]
    others = "".join(f", {excerpt(v.id)}" for v in rest[:MAX_NAMED]) + (
        f" and {len(rest) - MAX_NAMED} more" if len(rest) > MAX_NAMED else ""
    )
    return Problem(
        second.position,
        Rule.LIKELY_DUPLICATE,
        f"{second.visitor.name} in {second.destination.country.country.name} overlaps record "
        f"{excerpt(first.id)} ({first.position}){others}; merge them or correct the dates",
        second.id,
    )


def overlapping_visits(dataset: Dataset, today: dt.date) -> Iterator[Problem]:
    """Likely duplicates (a group of overlapping records in one country, reported once), and one person in
    two countries at once. One sorted sweep per visitor: near-linear, however many copies a file holds."""
    for visits in _by_visitor(dataset).values():
        visits.sort(key=lambda v: (v.start.first_day, v.id))
        groups: dict[str, tuple[list[Visit], dt.date]] = {}
        latest: Visit | None = None  # the exact-dated visit that ends last so far
        for visit in visits:
            code = visit.destination.country.code
            group, group_end = groups.get(code, ([], dt.date.min))
            if group and visit.start.first_day <= group_end:
                group.append(visit)
                groups[code] = (group, max(group_end, visit.end.last_day))
            else:
                if len(group) > 1:
                    yield _duplicate_group(group)
                groups[code] = ([visit], visit.end.last_day)
            if not _exact(visit):
                continue
            if latest is not None and latest.destination.country.code != code:
                overlap = _overlap(latest, visit)
                if overlap is not None and not _travel_day(latest, visit, *overlap):
                    yield Problem(
                        visit.position,
                        Rule.PERSON_IN_TWO_PLACES,
                        f"{visit.visitor.name} is in {visit.destination.country.country.name} from {visit.start} "
                        f"while record {excerpt(latest.id)} ({latest.position}) has them in "
                        f"{latest.destination.country.country.name}; check the dates",
                        visit.id,
                    )
            if latest is None or visit.end.last_day > latest.end.last_day:
                latest = visit
        yield from (_duplicate_group(group) for group, _ in groups.values() if len(group) > 1)


def _exact(visit: Visit) -> bool:
    """Only day-precise dates can conflict: "March 2024" does not say which days."""
    return visit.start.precision is Precision.DAY and visit.end.precision is Precision.DAY


def _travel_day(a: Visit, b: Visit, start: dt.date, end: dt.date) -> bool:
    """One shared day where one visit ends and the other begins is a travel day, not a conflict."""
    if start != end:
        return False
    return (a.end.last_day == start and b.start.first_day == start) or (
        b.end.last_day == start and a.start.first_day == start
    )


def registry(dataset: Dataset, today: dt.date) -> Iterator[Problem]:
    """Duplicate person ids and spellings shared by several people."""
    yield from registry_problems(dataset.people)


def _participants(visit: Visit) -> Iterator[tuple[str, Participant]]:
    yield "visitor", visit.visitor
    for index, host in enumerate(visit.hosts):
        yield f"hosts.{index}", host


def people_references(dataset: Dataset, today: dt.date) -> Iterator[Problem]:
    """``person:`` ids the registry lacks, and names that match several people."""
    for visit in dataset.visits:
        for path, participant in _participants(visit):
            if participant.person is not None:
                if dataset.people.get(participant.person) is None:
                    yield Problem(
                        visit.where(f"{path}.person"),
                        Rule.UNKNOWN_PERSON,
                        f"no person {excerpt(participant.person)} in people/; add them or correct the id",
                        record_id=visit.id,
                    )
                continue
            candidates = dataset.people.named(participant.name)
            if len(candidates) > 1:
                ids = ", ".join(p.id for p in candidates)
                yield Problem(
                    visit.where(f"{path}.name"),
                    Rule.AMBIGUOUS_PERSON,
                    f"{excerpt(participant.name)} may be any of {ids}; add person: <id> to say which",
                    visit.id,
                )


def roles_held(dataset: Dataset, today: dt.date) -> Iterator[Problem]:
    """A visitor's or host's role that the registry says the person did not hold on those dates."""
    for visit in dataset.visits:
        first, last = visit.start.first_day, visit.end.last_day
        for path, participant in _participants(visit):
            person = dataset.people.resolve(participant)
            role = participant.role
            if person is None or role is None or not person.offices:
                continue
            if dataset.people.holds_role(person, role, first, last):
                continue
            held = person.offices_during(first, last)
            offices = (
                "; ".join(f"{o.role} {o.period.start}–{o.period.end or 'now'}" for o in held) or "no office"
            )
            yield Problem(
                visit.where(f"{path}.role"),
                Rule.ROLE_NOT_HELD,
                f"{person.name} was not {role} on {visit.start}–{visit.end} by the registry ({offices}); "
                "correct the role, the dates or the person's offices",
                visit.id,
            )


DATASET_RULES: tuple[DatasetRule, ...] = (
    duplicate_ids,
    registry,
    people_references,
    roles_held,
    missing_sources,
    same_country,
    stale_status,
    overlapping_visits,
)
