"""From what a user typed to a :class:`~diplotrack.query.Query`.

The CLI collects filter options as text in :class:`FilterOptions`; :func:`build_query`
resolves them against a dataset: countries (and groups), people, dates, vocabularies.
A value that cannot be resolved raises :class:`~diplotrack.problems.UsageError` with a hint.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from diplotrack.countries import CountryError
from diplotrack.dates import DateError, parse_user_date
from diplotrack.loader import Dataset
from diplotrack.model import Status, VisitType
from diplotrack.problems import UsageError
from diplotrack.query import Place, Query, SingleCountry, SortOrder, host_name_matcher, name_matcher


@dataclass(frozen=True)
class FilterOptions:
    """The filter options shared by ``list``, ``timeline``, ``first`` and ``stats``, as typed."""

    country: tuple[str, ...] = ()
    to: tuple[str, ...] = ()
    from_: tuple[str, ...] = ()
    person: tuple[str, ...] = ()
    host: tuple[str, ...] = ()
    topic: tuple[str, ...] = ()
    type: tuple[VisitType, ...] = ()
    status: tuple[Status, ...] = ()
    since: str | None = None
    until: str | None = None
    text: tuple[str, ...] = ()
    role: tuple[str, ...] = ()
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


def resolve_place(dataset: Dataset, text: str, option: str) -> Place:
    """A country option value as a :class:`Place`."""
    try:
        country = dataset.countries.resolve(text)
    except CountryError as exc:
        raise UsageError(f"{option}: {exc}") from None
    return SingleCountry(country.code, country.name)


def build_query(dataset: Dataset, options: FilterOptions) -> Query:
    """Resolve every option; the first one that cannot be resolved raises UsageError."""
    if options.limit is not None and options.limit < 1:
        raise UsageError("--limit must be 1 or more")
    since = option_date(options.since, "--since") if options.since else None
    until = option_date(options.until, "--until", end=True) if options.until else None
    if since and until and until < since:
        raise UsageError(f"--until {options.until} is before --since {options.since}")
    return Query(
        countries=tuple(resolve_place(dataset, c, "--country") for c in options.country),
        to=tuple(resolve_place(dataset, c, "--to") for c in options.to),
        from_=tuple(resolve_place(dataset, c, "--from") for c in options.from_),
        persons=tuple(name_matcher(p) for p in options.person),
        hosts=tuple(host_name_matcher(h) for h in options.host),
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
