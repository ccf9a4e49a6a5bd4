"""iCalendar (RFC 5545): one all-day ``VEVENT`` per visit, for calendar apps and feeds.

The mapping (documented in ``docs/format.md``):

* ``UID`` is ``<id>@diplotrack``: the same visit is the same event in every export.
* ``DTSTART``/``DTEND`` are dates (all-day); ``DTEND`` is exclusive, the day after the last day. A date
  known only to the month spans the whole month, one known only to the year the whole year — the
  generous reading the queries use too — and the description says how precise the dates are.
* ``STATUS`` follows the effective status: planned → ``TENTATIVE``; confirmed and completed →
  ``CONFIRMED``; cancelled and postponed → ``CANCELLED`` (a postponed visit does not happen on
  these dates).
* ``DTSTAMP`` comes from the data, not the clock, so an unchanged dataset gives byte-identical output:
  the newest ``published`` date of the visit's sources, else its first day, at 00:00 UTC.
* Control characters, which RFC 5545 does not allow in text, are written out as ``\\x1b``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from icalendar import Calendar, Event

from diplotrack import __version__
from diplotrack.dates import Precision
from diplotrack.export.common import ExportContext, visible_controls
from diplotrack.model import Status, Visit
from diplotrack.render.common import date_range, person_label

ICS_STATUS = {
    Status.PLANNED: "TENTATIVE",
    Status.CONFIRMED: "CONFIRMED",
    Status.COMPLETED: "CONFIRMED",
    Status.POSTPONED: "CANCELLED",
    Status.CANCELLED: "CANCELLED",
}
PRODID = f"-//diplotrack//diplotrack {__version__}//EN"
UID_DOMAIN = "diplotrack"


def event_uid(visit: Visit) -> str:
    """The event's ``UID``: stable as long as the record's id is."""
    return f"{visit.id}@{UID_DOMAIN}"


def dtstamp(visit: Visit) -> dt.datetime:
    """A timestamp derived from the record: its newest source date, else its first day (00:00 UTC)."""
    days = [s.published.first_day for s in visit.sources if s.published is not None]
    day = max(days) if days else visit.start.first_day
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def summary_line(visit: Visit) -> str:
    """``Visitor → Destination``."""
    return f"{visit.visitor.name} → {visit.destination.country.country.name}"


def _description(visit: Visit, today: dt.date) -> str:
    visitor = person_label(visit.visitor)
    if visit.visitor.country is not None:
        visitor += f", {visit.visitor.country.country.name}"
    lines = [visitor]
    dates = date_range(visit.start, visit.end)
    precise = visit.start.precision is Precision.DAY and visit.end.precision is Precision.DAY
    lines.append(f"Dates: {dates}" + ("" if precise else " (not known to the day)"))
    if visit.hosts:
        lines.append("Hosts: " + "; ".join(person_label(h) for h in visit.hosts))
    kind = ", ".join(part for part in (visit.type.value if visit.type else None, visit.event) if part)
    if kind:
        lines.append(f"Type: {kind}")
    lines.append(f"Status: {visit.status_on(today).value}")
    if visit.topics:
        lines.append("Topics: " + ", ".join(visit.topics))
    if visit.summary:
        lines += ["", visit.summary]
    if visit.sources:
        lines += ["", "Sources:"]
        lines += [f"- {s.title} <{s.url}>" if s.title else f"- {s.url}" for s in visit.sources]
    lines += ["", f"diplotrack record: {visit.id}"]
    return "\n".join(lines)


def visit_event(visit: Visit, today: dt.date) -> Event:
    """One visit as a ``VEVENT``."""
    event = Event()
    event.add("uid", event_uid(visit))
    event.add("dtstamp", dtstamp(visit))
    event.add("dtstart", visit.start.first_day)
    event.add("dtend", visit.end.last_day + dt.timedelta(days=1))
    event.add("summary", visible_controls(summary_line(visit)))
    places = [*visit.destination.places, visit.destination.country.country.name]
    event.add("location", visible_controls(", ".join(places)))
    event.add("description", visible_controls(_description(visit, today)))
    event.add("status", ICS_STATUS[visit.status_on(today)])
    event.add("transp", "TRANSPARENT")  # a visit in the feed does not make the reader busy
    if visit.topics:
        event.add("categories", [visible_controls(topic) for topic in visit.topics])
    if visit.sources:
        event.add("url", visible_controls(visit.sources[0].url))
    return event


def export_ics(visits: Sequence[Visit], ctx: ExportContext) -> bytes:
    """A ``VCALENDAR`` with one event per visit, in the order given."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "diplotrack visits")
    for visit in visits:
        calendar.add_component(visit_event(visit, ctx.today))
    data: bytes = calendar.to_ical()
    return data
