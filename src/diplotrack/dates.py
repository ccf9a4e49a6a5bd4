"""Dates with honest precision: a year, a month or a day.

Records say ``2024``, ``2024-03`` or ``2024-03-15`` and mean exactly that much; a month is the
whole month, not its first day. Query options additionally accept what people type
(``March 2024``, ``15 April 2024``) through python-dateutil, but refuse forms whose day and
month order is ambiguous.
"""

from __future__ import annotations

import calendar
import datetime as dt
import enum
import re
from dataclasses import dataclass

from diplotrack.problems import excerpt
from diplotrack.slotted import by_fields


class Precision(enum.IntEnum):
    """How much of a date is known."""

    YEAR = 1
    MONTH = 2
    DAY = 3


class DateError(ValueError):
    """A date that cannot be read; the message says why and how to write it."""


_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_AMBIGUOUS = re.compile(r"^\s*(\d{1,2})[./-](\d{1,2})[./-](\d{2,4})\s*$")
_HELP = "write YYYY-MM-DD, YYYY-MM or YYYY"


@dataclass(frozen=True, order=True, slots=True)
class PartialDate:
    """A calendar date known to year, month or day precision."""

    __reduce__ = by_fields

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def precision(self) -> Precision:
        """How much of the date is known."""
        if self.month is None:
            return Precision.YEAR
        return Precision.MONTH if self.day is None else Precision.DAY

    @property
    def first_day(self) -> dt.date:
        """The first day the date can mean."""
        return dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def last_day(self) -> dt.date:
        """The last day the date can mean."""
        if self.month is None:
            return dt.date(self.year, 12, 31)
        if self.day is None:
            return dt.date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])
        return dt.date(self.year, self.month, self.day)

    def isoformat(self) -> str:
        """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``: as precise as the date is."""
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return text

    def __str__(self) -> str:
        return self.isoformat()

    def human(self) -> str:
        """A readable form: ``15 Apr 2024``, ``Apr 2024`` or ``2024``."""
        if self.month is None:
            return str(self.year)
        month = calendar.month_abbr[self.month]
        if self.day is None:
            return f"{month} {self.year}"
        return f"{self.day} {month} {self.year}"

    @classmethod
    def from_date(cls, day: dt.date) -> PartialDate:
        """A day-precision date."""
        return cls(day.year, day.month, day.day)


@dataclass(frozen=True, slots=True)
class Period:
    """A dated span: a visit, an office, a membership. ``end`` is its last day (``None``: still going).

    A partial start counts from its first day and a partial end to its last: the generous reading.
    """

    __reduce__ = by_fields

    start: PartialDate
    end: PartialDate | None = None

    def touches(self, first: dt.date, last: dt.date) -> bool:
        """Whether the period shares a day with ``first``..``last``."""
        return self.start.first_day <= last and (self.end is None or self.end.last_day >= first)

    def on(self, day: dt.date) -> bool:
        """Whether the period includes ``day``."""
        return self.touches(day, day)

    def ends_before_start(self) -> bool:
        """Whether the end lies wholly before the start (the one check every period gets)."""
        return self.end is not None and self.end.last_day < self.start.first_day


def parse_iso(text: str) -> PartialDate:
    """Parse a record date (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``), strictly."""
    match = _ISO.match(text.strip())
    if not match:
        raise DateError(f"{excerpt(text)} is not a date; {_HELP}")
    year, month, day = (int(part) if part else None for part in match.groups())
    assert year is not None
    if year < 1:
        raise DateError(f"{excerpt(text)} has the year 0, which the calendar does not have; {_HELP}")
    if month is not None and not 1 <= month <= 12:
        raise DateError(f"{excerpt(text)} has no month {month}; {_HELP}")
    if month is not None and day is not None:
        last = calendar.monthrange(year, month)[1]
        if not 1 <= day <= last:
            raise DateError(
                f"{excerpt(text)} does not exist: {calendar.month_name[month]} {year} has {last} days"
            )
    return PartialDate(year, month, day)


def parse_user_date(text: str) -> PartialDate:
    """Parse a date typed on the command line: ISO forms, or ``March 2024``, ``15 April 2024``."""
    try:
        return parse_iso(text)
    except DateError as iso_error:
        if _ISO.match(text.strip()):
            raise iso_error from None
    ambiguous = _AMBIGUOUS.match(text)
    if ambiguous and int(ambiguous.group(1)) <= 12 and int(ambiguous.group(2)) <= 12:
        raise DateError(
            f"{excerpt(text)} is ambiguous (day/month or month/day?); write it as YYYY-MM-DD or '5 March 2024'"
        )
    from dateutil import parser as date_parser  # only dates in words need it; imported then, not at start-up

    # Parsing twice with different defaults reveals which parts the text really gave.
    try:
        first = date_parser.parse(text, default=dt.datetime(2000, 1, 1), dayfirst=True)
        second = date_parser.parse(text, default=dt.datetime(2004, 2, 2), dayfirst=True)
    except (ValueError, OverflowError):
        raise DateError(
            f"{excerpt(text)} is not a date; write e.g. 2024-03-15, 2024-03, 'March 2024'"
        ) from None
    if first.year != second.year:
        raise DateError(f"{excerpt(text)} has no year; add one, e.g. '{text} 2024'")
    month = first.month if first.month == second.month else None
    day = first.day if month is not None and first.day == second.day else None
    return PartialDate(first.year, month, day)
