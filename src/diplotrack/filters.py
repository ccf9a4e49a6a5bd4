"""Every query filter, defined once: its option, its help, how its value is resolved, how it matches.

:data:`FILTERS` is the one table. The CLI derives its options from it, :mod:`diplotrack.query`
derives the :class:`~diplotrack.query.Query` value (plain, printable, hashable data) and the
predicates from it. Adding a filter is adding one :class:`Filter` entry here.

A resolver turns what the user typed into a plain value (a country code, a group id, a set of
registry ids, a date) and raises :class:`~diplotrack.problems.UsageError` with a hint when it
cannot. A predicate factory turns the resolved values of one filter into a test on visits,
once per query, so terms are normalised once and not once per visit.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from diplotrack.dates import DateError, PartialDate, parse_user_date
from diplotrack.model import Participant, Status, Visit, VisitType
from diplotrack.normalize import normalize
from diplotrack.problems import UsageError, excerpt
from diplotrack.roles import OfficeClass

if TYPE_CHECKING:
    # The CLI builds its options from FILTERS at every start-up: the registries (country tables, YAML)
    # are imported by the resolvers and predicates that use them, not here.
    from diplotrack.countries import CountryResolver
    from diplotrack.groups import Groups
    from diplotrack.people import Registry


class SortOrder(enum.StrEnum):
    """The order of results."""

    DATE = "date"
    DATE_DESC = "-date"


@dataclass(frozen=True)
class Place:
    """A country (``group`` is ``None``) or a group of countries whose membership depends on the date."""

    code: str
    """A country's canonical code, or a group's id."""
    label: str
    group: bool = False


@dataclass(frozen=True)
class PersonRef:
    """A ``--person``/``--host`` value: registry people by id, else a name fragment."""

    text: str
    ids: frozenset[str] = frozenset()


class Registries(Protocol):
    """What resolving and matching need from a dataset."""

    @property
    def countries(self) -> CountryResolver:
        """Country names and codes."""
        ...

    @property
    def people(self) -> Registry:
        """The person registry."""
        ...

    @property
    def groups(self) -> Groups:
        """The groups."""
        ...


@dataclass(frozen=True)
class Context:
    """What predicates match against: the registries, "today", and how groups count observers."""

    registries: Registries
    as_of: dt.date
    include_observers: bool = False

    def contains(self, place: Place, code: str | None, day: dt.date) -> bool:
        """Whether a country (by canonical code) is the place, or belonged to the group on that day."""
        if code is None:
            return False
        if not place.group:
            return code == place.code
        group = self.registries.groups.find(place.code)
        return group is not None and group.includes(code, day, self.include_observers)

    def in_any(self, places: Iterable[Place], code: str | None, day: dt.date) -> bool:
        """Whether a country is any of the places on that day."""
        return any(self.contains(place, code, day) for place in places)


class Arity(enum.Enum):
    """How many values a filter takes."""

    MANY = "many"
    """Repeatable; any of the values matches."""
    ONE = "one"
    PAIR = "pair"
    """Exactly two values in one option (``--between A B``)."""
    FLAG = "flag"
    """On or off."""


Predicate = Callable[[Visit], bool]
Sql = tuple[str, tuple[Any, ...]]
"""An SQL condition with its parameters."""
Value = Any
"""A resolved filter value: plain, hashable data (text, a date, an enum member, a Place, a PersonRef)."""


@dataclass(frozen=True)
class Filter:
    """One filter: the option, its help, how a value is resolved and how the values match."""

    name: str
    """The parameter name and the key in a Query."""
    flags: tuple[str, ...]
    help: str
    arity: Arity = Arity.MANY
    metavar: str | None = None
    choices: type[enum.Enum] | None = None
    """A closed vocabulary (typed case-insensitively); its values need no resolver."""
    resolve: Callable[[Any, Resolution], Value] | None = None
    """Option value → plain value."""
    predicate: Callable[[tuple[Value, ...], Context], Predicate] | None = None
    """Resolved values → test on visits; ``None`` for options that shape the query instead."""
    sql: Callable[[tuple[Value, ...], Context], Sql] | None = None
    """Resolved values → an SQL condition on the index cache's visit rows that every match satisfies (it may
    let more through: the predicate decides); ``None`` when the filter cannot narrow the rows."""


# --- resolvers ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Resolution:
    """What resolving an option value needs: the registries, "today", and the option's name for messages."""

    registries: Registries
    today: dt.date
    option: str


def resolve_place(text: str, ctx: Resolution) -> Place:
    """A country option value: a group (by id, name or alias) or a country."""
    from diplotrack.countries import CountryError

    group = ctx.registries.groups.find(text)
    if group is not None:
        return Place(group.id, group.name, group=True)
    try:
        country = ctx.registries.countries.resolve(text)
    except CountryError as exc:
        raise UsageError(f"{ctx.option}: {exc}") from None
    return Place(country.code, country.name)


def resolve_person(text: str, ctx: Resolution) -> PersonRef:
    """The registry's people of that id, name or alias; else the text as a name fragment."""
    return PersonRef(text, frozenset(p.id for p in ctx.registries.people.find(text)))


def _user_date(text: str, ctx: Resolution) -> PartialDate:
    if text.strip().lower() == "today":
        return PartialDate.from_date(ctx.today)
    try:
        return parse_user_date(text)
    except DateError as exc:
        raise UsageError(f"{ctx.option}: {exc}") from None


def resolve_date(text: str, ctx: Resolution) -> dt.date:
    """The first day a date option can mean; ``today`` is ``--as-of``."""
    return _user_date(text, ctx).first_day


def resolve_end_date(text: str, ctx: Resolution) -> dt.date:
    """The last day a date option can mean (``--until 2024`` is up to 31 Dec 2024)."""
    return _user_date(text, ctx).last_day


def resolve_count(text: str, ctx: Resolution) -> int:
    """A whole number of at least 1."""
    if not text.strip().isdigit() or int(text) < 1:
        raise UsageError(f"{ctx.option} must be a whole number of 1 or more, not {excerpt(text)}")
    return int(text)


# --- predicates -----------------------------------------------------------------------------------------


def _origin(visit: Visit) -> str | None:
    return visit.visitor.country.code if visit.visitor.country else None


def _country(values: tuple[Place, ...], ctx: Context) -> Predicate:
    return lambda v: (
        ctx.in_any(values, _origin(v), v.start.first_day)
        or ctx.in_any(values, v.destination.country.code, v.start.first_day)
    )


def _to(values: tuple[Place, ...], ctx: Context) -> Predicate:
    return lambda v: ctx.in_any(values, v.destination.country.code, v.start.first_day)


def _from(values: tuple[Place, ...], ctx: Context) -> Predicate:
    return lambda v: ctx.in_any(values, _origin(v), v.start.first_day)


def _between(values: tuple[Place, ...], ctx: Context) -> Predicate:
    a, b = values

    def travels(v: Visit, origin: Place, target: Place) -> bool:
        day = v.start.first_day
        return ctx.contains(origin, _origin(v), day) and ctx.contains(target, v.destination.country.code, day)

    return lambda v: travels(v, a, b) or travels(v, b, a)


def _participants(
    which: Callable[[Visit], Iterable[Participant]],
) -> Callable[[tuple[PersonRef, ...], Context], Predicate]:
    def factory(values: tuple[PersonRef, ...], ctx: Context) -> Predicate:
        registry = ctx.registries.people
        ids = frozenset().union(*(ref.ids for ref in values))
        needles = [normalize(ref.text) for ref in values if not ref.ids]

        def matches(participant: Participant) -> bool:
            if ids and (person := registry.resolve(participant)) is not None and person.id in ids:
                return True
            return any(needle in normalize(participant.name) for needle in needles)

        return lambda v: any(matches(x) for x in which(v))

    return factory


def _role(values: tuple[OfficeClass, ...], ctx: Context) -> Predicate:
    registry = ctx.registries.people
    return lambda v: registry.office_class(v.visitor, v.start.first_day, v.end.last_day) in values


def _topic(values: tuple[str, ...], ctx: Context) -> Predicate:
    topics = {normalize(t) for t in values}
    return lambda v: not topics.isdisjoint(normalize(t) for t in v.topics)


def _type(values: tuple[VisitType, ...], ctx: Context) -> Predicate:
    return lambda v: v.type in values


def _status(values: tuple[Status, ...], ctx: Context) -> Predicate:
    return lambda v: v.status_on(ctx.as_of) in values


def _since(values: tuple[dt.date, ...], ctx: Context) -> Predicate:
    return lambda v: v.end.last_day >= values[0]


def _until(values: tuple[dt.date, ...], ctx: Context) -> Predicate:
    return lambda v: v.start.first_day <= values[0]


def searchable_text(visit: Visit) -> str:
    """What ``--text`` searches: summary, event, names, topics and places, normalised."""
    parts = [
        visit.summary or "",
        visit.event or "",
        visit.visitor.name,
        *visit.topics,
        *visit.destination.places,
        *(host.name for host in visit.hosts),
    ]
    return normalize(" | ".join(parts))


def _text(values: tuple[str, ...], ctx: Context) -> Predicate:
    needles = [normalize(t) for t in values]
    return lambda v: any(needle in searchable_text(v) for needle in needles)


def _place(values: tuple[str, ...], ctx: Context) -> Predicate:
    places = {normalize(p) for p in values}
    return lambda v: not places.isdisjoint(normalize(p) for p in v.destination.places)


def _upcoming(values: tuple[bool, ...], ctx: Context) -> Predicate:
    return lambda v: v.end.last_day >= ctx.as_of


def _bilateral(values: tuple[bool, ...], ctx: Context) -> Predicate:
    return lambda v: not v.is_multilateral


# --- SQL conditions on the index cache (supersets of the predicates) ---------------------------------


def codes_of(places: Iterable[Place], ctx: Context) -> set[str]:
    """Every country code the places can mean on any day (a group: everyone who ever belonged)."""
    codes: set[str] = set()
    for place in places:
        group = ctx.registries.groups.find(place.code) if place.group else None
        codes |= {m.code for m in group.memberships} if group else {place.code}
    return codes


def _in(column: str, codes: set[str]) -> Sql:
    return f"{column} IN ({','.join('?' * len(codes))})", tuple(sorted(codes))


def _country_sql(values: tuple[Place, ...], ctx: Context) -> Sql:
    (origin, origin_args), (destination, destination_args) = (
        _in("origin", codes_of(values, ctx)),
        _in("destination", codes_of(values, ctx)),
    )
    return f"({origin} OR {destination})", origin_args + destination_args


def _to_sql(values: tuple[Place, ...], ctx: Context) -> Sql:
    return _in("destination", codes_of(values, ctx))


def _from_sql(values: tuple[Place, ...], ctx: Context) -> Sql:
    return _in("origin", codes_of(values, ctx))


def _between_sql(values: tuple[Place, ...], ctx: Context) -> Sql:
    (origin, origin_args), (destination, destination_args) = (
        _in("origin", codes_of(values, ctx)),
        _in("destination", codes_of(values, ctx)),
    )
    return f"({origin} AND {destination})", origin_args + destination_args


def _since_sql(values: tuple[dt.date, ...], ctx: Context) -> Sql:
    return '"end" >= ?', (values[0].isoformat(),)


def _until_sql(values: tuple[dt.date, ...], ctx: Context) -> Sql:
    return "start <= ?", (values[0].isoformat(),)


def _type_sql(values: tuple[VisitType, ...], ctx: Context) -> Sql:
    return _in("type", {t.value for t in values})


# --- the table ------------------------------------------------------------------------------------------

COUNTRY_HELP = "name, code, or group"
FILTERS: tuple[Filter, ...] = (
    Filter("country", ("--country", "-c"), f"Visitor's country or destination ({COUNTRY_HELP}). Repeatable.",
           metavar="COUNTRY", resolve=resolve_place, predicate=_country, sql=_country_sql),
    Filter("to", ("--to",), f"Destination ({COUNTRY_HELP}). Repeatable.",
           metavar="COUNTRY", resolve=resolve_place, predicate=_to, sql=_to_sql),
    Filter("from_", ("--from",), f"Visitor's country ({COUNTRY_HELP}). Repeatable.",
           metavar="COUNTRY", resolve=resolve_place, predicate=_from, sql=_from_sql),
    Filter("between", ("--between",), "Visits from either country or group to the other, both ways.",
           arity=Arity.PAIR, metavar="A B", resolve=resolve_place, predicate=_between, sql=_between_sql),
    Filter("person", ("--person", "-p"), "Visitor: a registry person by any spelling, else any part of the name. Repeatable.",
           metavar="NAME", resolve=resolve_person, predicate=_participants(lambda v: (v.visitor,))),
    Filter("host", ("--host",), "Host: a registry person by any spelling, else any part of the name. Repeatable.",
           metavar="NAME", resolve=resolve_person, predicate=_participants(lambda v: v.hosts)),
    Filter("role", ("--role",), "Visitor's office class on the visit's dates (registry, else role text). Repeatable.",
           choices=OfficeClass, predicate=_role),
    Filter("place", ("--place",), "A city or region of the destination, as the records name it. Repeatable.",
           metavar="PLACE", predicate=_place),
    Filter("topic", ("--topic",), "Topic tag. Repeatable.", metavar="TOPIC", predicate=_topic),
    Filter("type", ("--type",), "Visit type. Repeatable.", choices=VisitType, predicate=_type, sql=_type_sql),
    Filter("status", ("--status",), "Effective status (as of --as-of). Repeatable.", choices=Status, predicate=_status),
    Filter("since", ("--since",), "From this date (2024, 2024-03, 'March 2024', 2024-03-15, today).",
           arity=Arity.ONE, metavar="DATE", resolve=resolve_date, predicate=_since, sql=_since_sql),
    Filter("until", ("--until",), "Up to this date, inclusive.",
           arity=Arity.ONE, metavar="DATE", resolve=resolve_end_date, predicate=_until, sql=_until_sql),
    Filter("text", ("--text",), "Text in summary, event, topics, places or names. Repeatable.",
           metavar="TEXT", predicate=_text),
    Filter("upcoming", ("--upcoming",), "Only visits that end today (--as-of) or later: what is coming.",
           arity=Arity.FLAG, predicate=_upcoming),
    Filter("bilateral", ("--bilateral",), "Only visits without an event and not summits.",
           arity=Arity.FLAG, predicate=_bilateral),
    Filter("include_observers", ("--include-observers",), "Groups include observers, not only full members.",
           arity=Arity.FLAG),
    Filter("sort", ("--sort",), "Order by date or -date.", arity=Arity.ONE, choices=SortOrder),
    Filter("limit", ("--limit", "-n"), "Show at most N visits.", arity=Arity.ONE, metavar="N", resolve=resolve_count),
)  # fmt: skip
"""Every filter and query option of ``list``, ``timeline``, ``first``, ``pair`` and ``stats``."""

BY_NAME = {f.name: f for f in FILTERS}
