"""Typed, immutable records: what a visit is once the loader has checked it.

Every record remembers its file and the position of each of its values (``positions``,
keyed by a dotted path such as ``visitor.country`` or ``sources.0.url``), so later checks can
point at the exact line. Country values keep what the user wrote next to the country it
resolved to. A record is a pure function of its file: nothing in it depends on the clock
(the status a record does not state is decided at query time, by :meth:`Visit.status_on`).
Positions do not take part in equality, so a record read back from diplotrack's own YAML
output equals the record it was written from.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from diplotrack.dates import PartialDate, Period
from diplotrack.problems import Position
from diplotrack.slotted import by_fields

if TYPE_CHECKING:  # the country tables load on first use, not when the vocabularies are imported
    from diplotrack.countries import Country


class VisitType(enum.StrEnum):
    """The kind of visit, as protocol names it."""

    STATE = "state"
    OFFICIAL = "official"
    OFFICIAL_WORKING = "official-working"
    WORKING = "working"
    PRIVATE = "private"
    SUMMIT = "summit"
    TRANSIT = "transit"
    OTHER = "other"


class Status(enum.StrEnum):
    """Where a visit stands."""

    PLANNED = "planned"
    CONFIRMED = "confirmed"
    POSTPONED = "postponed"
    CANCELLED = "cancelled"
    COMPLETED = "completed"


@dataclass(frozen=True, slots=True)
class CountryValue:
    """A country as written in a record, and what it resolved to."""

    __reduce__ = by_fields

    written: str
    country: Country

    @property
    def code(self) -> str:
        """The canonical code."""
        return self.country.code


@dataclass(frozen=True, slots=True)
class Participant:
    """The visitor or one of the hosts."""

    __reduce__ = by_fields

    name: str
    role: str | None = None
    country: CountryValue | None = None
    """Always set for the visitor; hosts carry no country of their own."""
    person: str | None = None
    """A person registry id, when the record names one explicitly."""


@dataclass(frozen=True, slots=True)
class Destination:
    """Where the visit went."""

    __reduce__ = by_fields

    country: CountryValue
    places: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Source:
    """Where the facts of a record come from."""

    __reduce__ = by_fields

    url: str
    title: str | None = None
    publisher: str | None = None
    published: PartialDate | None = None
    language: str | None = None
    reported_type: VisitType | None = None


@dataclass(frozen=True, slots=True)
class Visit:
    """One visit of one person to one country."""

    __reduce__ = by_fields

    id: str
    visitor: Participant
    destination: Destination
    start: PartialDate
    end: PartialDate
    """The last day, as precise as known; ``start`` when the record gives no end."""
    position: Position = field(compare=False)
    """Where the record starts."""
    hosts: tuple[Participant, ...] = ()
    type: VisitType | None = None
    event: str | None = None
    status: Status | None = None
    """As written; ``None`` when the record does not say (see :meth:`status_on`)."""
    trip: str | None = None
    topics: tuple[str, ...] = ()
    summary: str | None = None
    sources: tuple[Source, ...] = ()
    positions: Mapping[str, Position] = field(default_factory=dict, compare=False, hash=False)

    @property
    def is_multilateral(self) -> bool:
        """A visit to a multilateral event (an ``event``, or of type ``summit``)."""
        return self.event is not None or self.type is VisitType.SUMMIT

    @property
    def period(self) -> Period:
        """The visit's dates as a period."""
        return Period(self.start, self.end)

    def status_on(self, today: dt.date) -> Status:
        """The effective status: as written, else ``planned`` if it starts after ``today``, else ``completed``."""
        if self.status is not None:
            return self.status
        return Status.PLANNED if self.start.first_day > today else Status.COMPLETED

    def where(self, path: str) -> Position:
        """The position of a value (e.g. ``visitor.country``), else of the record."""
        return self.positions.get(path, self.position)
