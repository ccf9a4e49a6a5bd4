"""Answers to the questions users actually ask: firsts, bilateral histories, counts.

``first`` checks a claim such as "the first head of state of a Turkic-speaking country to
visit Armenia since the 2020 war" and returns the evidence with the answer: the match, how
many matching visits the window holds, and the last matching visit before it. ``pair``
compares visits both ways between two countries or groups; ``count_by`` groups visits for
``stats``.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

# Defined in diplotrack.choices (import-light: the CLI needs it at start-up); re-exported here.
from diplotrack.choices import StatsBy as StatsBy
from diplotrack.filters import Place, Registries, SortOrder
from diplotrack.model import Status, Visit
from diplotrack.people import Registry
from diplotrack.query import Query, run_query


def what_happened(query: Query) -> Query:
    """Claims are about what happened: without ``--status``, only visits whose effective status is completed."""
    return query if query.get("status") else query.with_terms(status=(Status.COMPLETED,))


def matching(visits: Sequence[Visit], query: Query, registries: Registries) -> tuple[list[Visit], int]:
    """The visits a claim counts (see :func:`what_happened`), and how many more matched but were left out
    for their status (cancelled, postponed, planned, confirmed)."""
    counted = run_query(visits, what_happened(query), registries)
    if query.get("status"):
        return counted, 0
    return counted, len(run_query(visits, query.with_terms(limit=()), registries)) - len(
        run_query(visits, what_happened(query).with_terms(limit=()), registries)
    )


@dataclass(frozen=True)
class Count:
    """How many visits share a key (a year, a country, a topic…)."""

    key: str
    count: int


@dataclass(frozen=True)
class FirstResult:
    """The Nth matching visit on or after ``since``, with the evidence around it."""

    match: Visit | None
    count: int
    """How many matching visits start within the window."""
    previous: Visit | None
    """The last matching visit that started before ``since`` (``None``: none in the data)."""
    since: dt.date | None
    nth: int = 1
    left_out: int = 0
    """Visits in the window that match the filters but were not counted for their status."""


def find_first(visits: Sequence[Visit], query: Query, registries: Registries, nth: int = 1) -> FirstResult:
    """The Nth visit matching ``query`` that starts on or after ``query.since``; only what happened counts."""
    ordered = query.with_terms(sort=(SortOrder.DATE,), limit=())
    since = query.since
    in_window, left_out = matching(visits, ordered, registries)
    window = [v for v in in_window if since is None or v.start.first_day >= since]
    ordered = what_happened(ordered)
    previous = None
    if since is not None:
        before = run_query(
            visits, ordered.with_terms(since=(), until=(since - dt.timedelta(days=1),)), registries
        )
        previous = before[-1] if before else None
    match = window[nth - 1] if len(window) >= nth else None
    return FirstResult(match, len(window), previous, since, nth, left_out)


Level = Callable[[Visit], str]


@dataclass(frozen=True)
class PairResult:
    """Visits both ways between two places."""

    a: Place
    b: Place
    a_to_b: tuple[Visit, ...]
    b_to_a: tuple[Visit, ...]
    a_unreturned: tuple[Visit, ...]
    """Visits from A to B at a level that B has not yet returned with a later visit at that level."""
    b_unreturned: tuple[Visit, ...]
    left_out: int = 0
    """Visits either way that match the filters but were not counted for their status."""


def visitor_level(registry: Registry) -> Level:
    """The level of a visit: the visitor's office class, else the role text, else "unknown"."""

    def level(visit: Visit) -> str:
        office = registry.office_class(visit.visitor, visit.start.first_day, visit.end.last_day)
        return str(office) if office else (visit.visitor.role or "unknown").lower()

    return level


def _unreturned(outgoing: Iterable[Visit], incoming: Sequence[Visit], level: Level) -> tuple[Visit, ...]:
    return tuple(
        visit
        for visit in outgoing
        if not any(
            back.start.first_day > visit.end.last_day and level(back) == level(visit) for back in incoming
        )
    )


def compare_pair(
    visits: Sequence[Visit], a: Place, b: Place, base: Query, registries: Registries, level: Level
) -> PairResult:
    """Visits from A to B and from B to A that also match ``base``."""
    ordered = base.with_terms(sort=(SortOrder.DATE,), limit=(), between=())
    a_to_b, left_ab = matching(visits, ordered.with_terms(from_=(a,), to=(b,)), registries)
    b_to_a, left_ba = matching(visits, ordered.with_terms(from_=(b,), to=(a,)), registries)
    return PairResult(
        a,
        b,
        tuple(a_to_b),
        tuple(b_to_a),
        _unreturned(a_to_b, b_to_a, level),
        _unreturned(b_to_a, a_to_b, level),
        left_ab + left_ba,
    )


def years_since(visit: Visit, today: dt.date) -> float:
    """Years from the end of a visit to today."""
    return (today - visit.end.last_day).days / 365.25


def _keys(visit: Visit, by: StatsBy, registry: Registry) -> Iterable[str]:
    if by is StatsBy.YEAR:
        return [str(visit.start.year)]
    if by is StatsBy.DESTINATION:
        return [visit.destination.country.country.name]
    if by is StatsBy.VISITOR_COUNTRY:
        return [visit.visitor.country.country.name if visit.visitor.country else "unknown"]
    if by is StatsBy.TYPE:
        return [visit.type.value if visit.type else "unspecified"]
    if by is StatsBy.TOPIC:
        return visit.topics or ["(no topic)"]
    person = registry.resolve(visit.visitor)
    return [person.name if person else visit.visitor.name]


def count_by(visits: Iterable[Visit], by: StatsBy, registry: Registry) -> list[Count]:
    """Counts per key: years in order, everything else most frequent first."""
    counter: Counter[str] = Counter()
    for visit in visits:
        counter.update(set(_keys(visit, by, registry)))
    if by is StatsBy.YEAR:
        return [Count(key, counter[key]) for key in sorted(counter)]
    return [Count(key, n) for key, n in sorted(counter.items(), key=lambda item: (-item[1], item[0]))]
