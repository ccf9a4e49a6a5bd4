"""From what a user typed to a :class:`~diplotrack.query.Query`.

The CLI collects filter options as text in :class:`FilterOptions`; :func:`build_query`
resolves them against a dataset: countries (and groups), people, dates, vocabularies.
A value that cannot be resolved raises :class:`~diplotrack.problems.UsageError` with a hint.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from diplotrack.countries import CountryError
from diplotrack.dates import DateError, parse_user_date
from diplotrack.groups import GroupPlace
from diplotrack.loader import Dataset
from diplotrack.model import Participant, Status, Visit, VisitType
from diplotrack.normalize import normalize
from diplotrack.people import Registry
from diplotrack.problems import UsageError
from diplotrack.query import PersonMatcher, Place, Query, SingleCountry, SortOrder
from diplotrack.roles import OfficeClass


@dataclass(frozen=True)
class FilterOptions:
    """The filter options shared by ``list``, ``timeline``, ``first`` and ``stats``, as typed."""

    country: tuple[str, ...] = ()
    to: tuple[str, ...] = ()
    from_: tuple[str, ...] = ()
    between: tuple[str, str] | None = None
    person: tuple[str, ...] = ()
    host: tuple[str, ...] = ()
    topic: tuple[str, ...] = ()
    type: tuple[VisitType, ...] = ()
    status: tuple[Status, ...] = ()
    since: str | None = None
    until: str | None = None
    text: tuple[str, ...] = ()
    role: tuple[OfficeClass, ...] = ()
    bilateral: bool = False
    include_observers: bool = False
    sort: SortOrder = SortOrder.DATE
    limit: int | None = None


def option_date(text: str, option: str, *, end: bool = False) -> dt.date:
    """A date option: the first day it can mean, or with ``end`` the last."""
    try:
        date = parse_user_date(text)
    except DateError as exc:
        raise UsageError(f"{option}: {exc}") from None
    return date.last_day if end else date.first_day


def resolve_place(dataset: Dataset, text: str, option: str, include_observers: bool = False) -> Place:
    """A country option value as a :class:`Place`: a group (by id, name or alias) or a country."""
    group = dataset.groups.find(text)
    if group is not None:
        return GroupPlace(group, include_observers)
    try:
        country = dataset.countries.resolve(text)
    except CountryError as exc:
        raise UsageError(f"{option}: {exc}") from None
    return SingleCountry(country.code, country.name)


Participants = Callable[[Visit], Iterable[Participant]]


def participant_matcher(registry: Registry, text: str, participants: Participants) -> PersonMatcher:
    """Visits where one of the ``participants`` is the registry's person of that id, name or alias.

    A text the registry does not know matches any participant whose name contains it, ignoring case
    and accents.
    """
    people = {p.id for p in registry.find(text)}
    if people:
        return lambda visit: any(
            (person := registry.resolve(x)) is not None and person.id in people for x in participants(visit)
        )
    needle = normalize(text)
    return lambda visit: any(needle in normalize(x.name) for x in participants(visit))


def role_matcher(registry: Registry, office_class: OfficeClass) -> PersonMatcher:
    """Visitors whose office on the visit's dates is of that class."""

    def matches(visit: Visit) -> bool:
        found = registry.office_class(visit.visitor, visit.start.first_day, visit.end.last_day)
        return found is office_class

    return matches


def build_query(dataset: Dataset, options: FilterOptions) -> Query:
    """Resolve every option; the first one that cannot be resolved raises UsageError."""
    if options.limit is not None and options.limit < 1:
        raise UsageError("--limit must be 1 or more")
    since = option_date(options.since, "--since") if options.since else None
    until = option_date(options.until, "--until", end=True) if options.until else None
    if since and until and until < since:
        raise UsageError(f"--until {options.until} is before --since {options.since}")
    observers = options.include_observers
    return Query(
        countries=tuple(resolve_place(dataset, c, "--country", observers) for c in options.country),
        to=tuple(resolve_place(dataset, c, "--to", observers) for c in options.to),
        from_=tuple(resolve_place(dataset, c, "--from", observers) for c in options.from_),
        between=(
            (
                resolve_place(dataset, options.between[0], "--between", observers),
                resolve_place(dataset, options.between[1], "--between", observers),
            )
            if options.between
            else None
        ),
        persons=tuple(participant_matcher(dataset.people, p, lambda v: (v.visitor,)) for p in options.person),
        hosts=tuple(participant_matcher(dataset.people, h, lambda v: v.hosts) for h in options.host),
        roles=tuple(role_matcher(dataset.people, r) for r in options.role),
        topics=options.topic,
        types=options.type,
        statuses=options.status,
        since=since,
        until=until,
        texts=options.text,
        bilateral=options.bilateral,
        sort=options.sort,
        limit=options.limit,
    )
