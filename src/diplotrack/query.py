"""Queries over loaded visits: the logic behind ``list``, ``timeline``, ``first``, ``pair``, ``stats``.

A :class:`Query` is plain data: the resolved value of every filter that was given (see
:data:`~diplotrack.filters.FILTERS`) and the day that counts as today. It can be printed,
compared, hashed and cached. :func:`build_query` makes one from what a user typed;
:func:`run_query` applies one. Every filter is any-of within itself and all filters must hold
together.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from diplotrack.filters import (
    BY_NAME,
    FILTERS,
    Arity,
    Context,
    Filter,
    Predicate,
    Registries,
    Resolution,
    SortOrder,
    Sql,
    Value,
)
from diplotrack.model import Visit
from diplotrack.problems import UsageError, excerpt


@dataclass(frozen=True)
class Query:
    """What to look for: the resolved values of the filters given, by filter name, in table order."""

    as_of: dt.date
    """The day that counts as today (for the status of visits that do not state one)."""
    terms: tuple[tuple[str, tuple[Value, ...]], ...] = ()

    def get(self, name: str) -> tuple[Value, ...]:
        """The values of one filter (empty when not given)."""
        return next((values for key, values in self.terms if key == name), ())

    def value(self, name: str, default: Any = None) -> Any:
        """The single value of a one-value option."""
        values = self.get(name)
        return values[0] if values else default

    def with_terms(self, **changes: tuple[Value, ...]) -> Query:
        """The query with some filters set (an empty tuple removes a filter)."""
        unknown = set(changes) - set(BY_NAME)
        if unknown:
            raise KeyError(f"no filter {sorted(unknown)}")
        merged = dict(self.terms) | changes
        terms = tuple((f.name, merged[f.name]) for f in FILTERS if merged.get(f.name))
        return replace(self, terms=terms)

    @property
    def since(self) -> dt.date | None:
        """The first day of the window."""
        value: dt.date | None = self.value("since")
        return value

    @property
    def sort(self) -> SortOrder:
        """The order of results."""
        order: SortOrder = self.value("sort", SortOrder.DATE)
        return order

    @property
    def limit(self) -> int | None:
        """At most this many results."""
        limit: int | None = self.value("limit")
        return limit


def _option(name: str) -> str:
    return BY_NAME[name].flags[0]


def build_query(options: Mapping[str, Any], registries: Registries, as_of: dt.date) -> Query:
    """Resolve option values (as typed, by filter name); the first that cannot be resolved raises UsageError."""
    terms: list[tuple[str, tuple[Value, ...]]] = []
    for spec in FILTERS:
        raw = options.get(spec.name)
        if raw is None or raw is False or raw == () or raw == []:
            continue
        items = list(raw) if spec.arity in (Arity.MANY, Arity.PAIR) else [raw]
        ctx = Resolution(registries, as_of, spec.flags[0])
        values = tuple(_resolve(spec, item, ctx) for item in items)
        terms.append((spec.name, values))
    query = Query(as_of, tuple(terms))
    since, until = query.since, query.value("until")
    if since and until and until < since:
        raise UsageError(
            f"{_option('until')} {options['until']} is before {_option('since')} {options['since']}"
        )
    return query


def _resolve(spec: Filter, item: Any, ctx: Resolution) -> Value:
    if spec.resolve is not None:
        return spec.resolve(item, ctx)
    if spec.choices is not None:
        try:
            return spec.choices(item.strip().lower() if isinstance(item, str) else item)
        except ValueError:
            allowed = ", ".join(str(c.value) for c in spec.choices)
            raise UsageError(f"{spec.flags[0]}: {excerpt(str(item))} is not one of {allowed}") from None
    return item


def compile_query(query: Query, registries: Registries) -> Predicate:
    """One predicate for all the query's filters (built once per query)."""
    ctx = Context(registries, query.as_of, bool(query.get("include_observers")))
    checks = []
    for name, values in query.terms:
        predicate = BY_NAME[name].predicate
        if predicate is not None:
            checks.append(predicate(values, ctx))
    return lambda visit: all(check(visit) for check in checks)


def prefilter(query: Query, registries: Registries, ignore: Iterable[str] = ()) -> Sql:
    """One SQL condition on the index cache's visit rows that every visit the query matches satisfies
    (``ignore`` names filters to leave out of it, e.g. ``since`` when visits before it are wanted too)."""
    ctx = Context(registries, query.as_of, bool(query.get("include_observers")))
    parts = [
        spec.sql(values, ctx)
        for name, values in query.terms
        if name not in set(ignore) and (spec := BY_NAME[name]).sql is not None
    ]
    return " AND ".join(sql for sql, _ in parts), tuple(arg for _, args in parts for arg in args)


@dataclass(frozen=True)
class Wanted:
    """What a query needs from the index cache: the visits whose rows satisfy ``where``; with a ``limit``,
    only the first ``limit`` that ``matches`` in the order of the answer (:func:`sort_visits`), which is
    the order the cache gives them in."""

    where: Sql
    limit: int | None = None
    newest_first: bool = False
    matches: Callable[[Visit], bool] | None = None


def wanted(
    query: Query, registries: Registries, ignore: Iterable[str] = (), *, limited: bool = False
) -> Wanted:
    """What ``query`` needs from the cache; ``limited``: the caller answers with :func:`run_query`, so the
    query's ``--limit`` may stop the reading (commands that look beyond the answer leave it ``False``)."""
    where = prefilter(query, registries, ignore)
    if not limited or query.limit is None:
        return Wanted(where)
    return Wanted(where, query.limit, query.sort is SortOrder.DATE_DESC, compile_query(query, registries))


def sort_visits(visits: Iterable[Visit], order: SortOrder = SortOrder.DATE) -> list[Visit]:
    """Visits by start date (then end date and id); ``-date`` reverses."""
    return sorted(
        visits,
        key=lambda v: (v.start.first_day, v.end.last_day, v.id),
        reverse=order is SortOrder.DATE_DESC,
    )


def run_query(visits: Sequence[Visit], query: Query, registries: Registries) -> list[Visit]:
    """The visits that match, sorted and limited."""
    matches = compile_query(query, registries)
    found = sort_visits((v for v in visits if matches(v)), query.sort)
    return found if query.limit is None else found[: query.limit]
