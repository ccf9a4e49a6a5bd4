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
from diplotrack.yamlsource import normalize_text


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


def name_matcher(text: str) -> PersonMatcher:
    """Match visitors whose name contains ``text``, ignoring case and accents."""
    needle = normalize_text(text)
    return lambda visit: needle in normalize_text(visit.visitor.name)


def host_name_matcher(text: str) -> PersonMatcher:
    """Match visits with a host whose name contains ``text``, ignoring case and accents."""
    needle = normalize_text(text)
    return lambda visit: any(needle in normalize_text(host.name) for host in visit.hosts)


def _in_any(places: Sequence[Place], code: str | None, day: dt.date) -> bool:
    return code is not None and any(place.contains(code, day) for place in places)


def _searchable(visit: Visit) -> str:
    parts = [
        visit.summary or "",
        visit.event or "",
        visit.visitor.name,
        *visit.topics,
        *visit.destination.places,
        *(host.name for host in visit.hosts),
    ]
    return normalize_text(" | ".join(parts))


def matches(visit: Visit, query: Query) -> bool:
    """Whether one visit passes every filter of the query."""
    day = visit.start.first_day
    origin = visit.visitor.country.code if visit.visitor.country else None
    target = visit.destination.country.code
    checks = (
        not query.countries or _in_any(query.countries, origin, day) or _in_any(query.countries, target, day),
        not query.to or _in_any(query.to, target, day),
        not query.from_ or _in_any(query.from_, origin, day),
        not query.persons or any(match(visit) for match in query.persons),
        not query.hosts or any(match(visit) for match in query.hosts),
        not query.topics
        or bool({normalize_text(t) for t in query.topics} & {normalize_text(t) for t in visit.topics}),
        not query.types or visit.type in query.types,
        not query.statuses or visit.status in query.statuses,
        query.since is None or visit.end.last_day >= query.since,
        query.until is None or visit.start.first_day <= query.until,
        not query.texts or any(normalize_text(t) in _searchable(visit) for t in query.texts),
        not query.bilateral or not visit.is_multilateral,
        not query.roles or any(role(visit) for role in query.roles),
    )
    return all(checks)


def sort_visits(visits: Iterable[Visit], order: SortOrder = SortOrder.DATE) -> list[Visit]:
    """Visits by start date (then end date and id); ``-date`` reverses."""
    return sorted(
        visits,
        key=lambda v: (v.start.first_day, v.end.last_day, v.id),
        reverse=order is SortOrder.DATE_DESC,
    )


def run_query(visits: Iterable[Visit], query: Query) -> list[Visit]:
    """The visits that match, sorted and limited."""
    found = sort_visits((v for v in visits if matches(v, query)), query.sort)
    return found if query.limit is None else found[: query.limit]
