"""Query filters over loaded visits: the logic behind ``list``, ``timeline``, ``first``, ``stats``.

A :class:`Query` is plain data built by the CLI; :func:`run_query` applies it. Every filter
option is any-of within itself and all filters must hold together. Country options take a
:class:`Place` so that a single country and a group with dated membership filter alike.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from diplotrack.model import Status, Visit, VisitType
from diplotrack.normalize import normalize


class Place(Protocol):
    """A country, or a group of countries whose membership depends on the date."""

    @property
    def label(self) -> str:
        """How the place is shown."""
        raise NotImplementedError

    @property
    def code(self) -> str:
        """A country's canonical code, or a group's id."""
        raise NotImplementedError

    def contains(self, code: str, day: dt.date) -> bool:
        """Whether the country with canonical ``code`` belongs to this place on ``day``."""
        ...


@dataclass(frozen=True)
class SingleCountry:
    """One country."""

    code: str
    label: str

    def contains(self, code: str, day: dt.date) -> bool:
        """True for this country on any day."""
        return code == self.code


PersonMatcher = Callable[[Visit], bool]
"""A predicate on visits built from a person, host or role option."""


class SortOrder(enum.StrEnum):
    """The order of results."""

    DATE = "date"
    DATE_DESC = "-date"


@dataclass(frozen=True)
class Query:
    """What to look for; empty fields do not filter."""

    countries: tuple[Place, ...] = ()
    """Visitor's country or destination."""
    to: tuple[Place, ...] = ()
    from_: tuple[Place, ...] = ()
    between: tuple[Place, Place] | None = None
    """Visits from either place to the other: a bilateral history, both ways."""
    persons: tuple[PersonMatcher, ...] = ()
    hosts: tuple[PersonMatcher, ...] = ()
    topics: tuple[str, ...] = ()
    types: tuple[VisitType, ...] = ()
    statuses: tuple[Status, ...] = ()
    since: dt.date | None = None
    until: dt.date | None = None
    texts: tuple[str, ...] = ()
    bilateral: bool = False
    roles: tuple[PersonMatcher, ...] = ()
    sort: SortOrder = SortOrder.DATE
    limit: int | None = None


def _origin(visit: Visit) -> str | None:
    return visit.visitor.country.code if visit.visitor.country else None


def _in_any(places: Sequence[Place], code: str | None, day: dt.date) -> bool:
    return code is not None and any(place.contains(code, day) for place in places)


def _travels(visit: Visit, origins: Sequence[Place], targets: Sequence[Place]) -> bool:
    day = visit.start.first_day
    return _in_any(origins, _origin(visit), day) and _in_any(targets, visit.destination.country.code, day)


def _searchable(visit: Visit) -> str:
    parts = [
        visit.summary or "",
        visit.event or "",
        visit.visitor.name,
        *visit.topics,
        *visit.destination.places,
        *(host.name for host in visit.hosts),
    ]
    return normalize(" | ".join(parts))


def _any_of(matchers: Sequence[PersonMatcher]) -> PersonMatcher:
    return lambda visit: any(match(visit) for match in matchers)


def predicates(query: Query) -> list[Callable[[Visit], bool]]:
    """One predicate per filter that is set; query terms are normalised once, not once per visit."""
    checks: list[Callable[[Visit], bool]] = []
    if query.countries:
        places = query.countries
        checks.append(
            lambda v: (
                _in_any(places, _origin(v), v.start.first_day)
                or _in_any(places, v.destination.country.code, v.start.first_day)
            )
        )
    if query.to:
        targets = query.to
        checks.append(lambda v: _in_any(targets, v.destination.country.code, v.start.first_day))
    if query.from_:
        origins = query.from_
        checks.append(lambda v: _in_any(origins, _origin(v), v.start.first_day))
    if query.between is not None:
        a, b = query.between
        checks.append(lambda v: _travels(v, (a,), (b,)) or _travels(v, (b,), (a,)))
    checks += [_any_of(matchers) for matchers in (query.persons, query.hosts, query.roles) if matchers]
    if query.topics:
        topics = {normalize(t) for t in query.topics}
        checks.append(lambda v: not topics.isdisjoint(normalize(t) for t in v.topics))
    if query.types:
        types = set(query.types)
        checks.append(lambda v: v.type in types)
    if query.statuses:
        statuses = set(query.statuses)
        checks.append(lambda v: v.status in statuses)
    if query.since is not None:
        since = query.since
        checks.append(lambda v: v.end.last_day >= since)
    if query.until is not None:
        until = query.until
        checks.append(lambda v: v.start.first_day <= until)
    if query.texts:
        needles = [normalize(t) for t in query.texts]
        checks.append(lambda v: any(needle in _searchable(v) for needle in needles))
    if query.bilateral:
        checks.append(lambda v: not v.is_multilateral)
    return checks


def sort_visits(visits: Iterable[Visit], order: SortOrder = SortOrder.DATE) -> list[Visit]:
    """Visits by start date (then end date and id); ``-date`` reverses."""
    return sorted(
        visits,
        key=lambda v: (v.start.first_day, v.end.last_day, v.id),
        reverse=order is SortOrder.DATE_DESC,
    )


def run_query(visits: Iterable[Visit], query: Query) -> list[Visit]:
    """The visits that match, sorted and limited."""
    checks = predicates(query)
    found = sort_visits((v for v in visits if all(check(v) for check in checks)), query.sort)
    return found if query.limit is None else found[: query.limit]
