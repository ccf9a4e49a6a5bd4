"""Exports: every format has an exporter; CSV cells, SQLite joins and search, iCalendar events."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import sqlite3
from pathlib import Path
from unittest import mock

import pytest
from icalendar import Calendar

from diplotrack import fields
from diplotrack.countries import CountryResolver
from diplotrack.csvformat import HEADER, join_list, neutralise, restore, split_list
from diplotrack.export import EXPORTERS, DuplicateIds, ExportContext, ExportFormat, export, upcoming
from diplotrack.export.ics import dtstamp
from diplotrack.loader import Dataset, load_dataset, parse_file
from diplotrack.model import Visit
from diplotrack.render.visits import visits_json
from tests.support import REPO, TODAY


def ctx_of(dataset: Dataset, **kwargs: bool) -> ExportContext:
    return ExportContext(TODAY, dataset.people, **kwargs)


def visits_from(text: str) -> list[Visit]:
    # validate refuses control characters in values; here they are let through on purpose, to test that
    # the exporters still neutralise whatever reaches them.
    never = re.compile(r"(?!)")
    with mock.patch.object(fields, "_CONTROL", never), mock.patch.object(fields, "_BREAK", never):
        result = parse_file(Path("x.yaml"), text.encode("utf-8"), CountryResolver.builtin())
    assert not result.problems, [p.message for p in result.problems]
    return list(result.visits)


HOSTILE = """
visitor: {name: "=HYPERLINK(\\"http://evil\\")", role: "-1+1", country: KZ}
destination: {country: AM, places: ["@SUM(A1)", "a; b", "back\\\\slash"]}
hosts: [{name: "'quoted"}, {name: Plain, role: "+President"}]
start: 2024-04
status: planned
topics: ["\\ttab"]
summary: "\\x1b[31mred"
sources: [{url: "https://example.org/a", title: "One; two"}, {url: "https://example.org/b", published: 2024-05-02}]
"""


@pytest.fixture(scope="module")
def bundled() -> Dataset:
    return load_dataset(REPO)


def test_every_format_has_an_exporter() -> None:
    assert set(EXPORTERS) == set(ExportFormat)


def test_json_is_what_list_prints_and_jsonl_has_one_record_per_line(valid: Dataset) -> None:
    ctx = ctx_of(valid)
    assert export(valid.visits, ExportFormat.JSON, ctx).decode() == visits_json(valid.visits, TODAY) + "\n"
    lines = export(valid.visits, ExportFormat.JSONL, ctx).decode().splitlines()
    assert [json.loads(line) for line in lines] == json.loads(visits_json(valid.visits, TODAY))


# --- CSV ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "items", [["a", "b"], ["a; b", "c;d"], ["back\\slash", "x\\;y"], ["one"], ["", "two", ""]]
)
def test_list_cells_split_back_into_their_items(items: list[str]) -> None:
    assert split_list(join_list(items)) == items


def test_an_all_empty_list_is_an_empty_cell() -> None:
    assert join_list([None, None]) == ""
    assert split_list("") == []


@pytest.mark.parametrize(
    "text", ["=1+1", "+1", "-1", "@A1", "\tx", "\rx", "'", "'=x", "''", "plain", "", "a=b"]
)
def test_formula_cells_are_neutralised_and_restored(text: str) -> None:
    cell = neutralise(text)
    assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert restore(cell) == text


def test_a_hand_typed_leading_quote_is_kept() -> None:
    assert restore("'abc") == "'abc"


def test_csv_rows_neutralise_formulas_and_keep_list_items_apart() -> None:
    [visit] = visits_from(HOSTILE)
    data = export([visit], ExportFormat.CSV, ExportContext(TODAY)).decode()
    [header, row] = list(csv.reader(io.StringIO(data)))
    assert tuple(header) == HEADER
    cells = dict(zip(header, row, strict=True))
    assert cells["visitor_name"] == '\'=HYPERLINK("http://evil")'
    assert cells["visitor_role"] == "'-1+1"
    assert cells["places"] == "'@SUM(A1); a\\; b; back\\\\slash"
    assert cells["host_names"] == "''quoted; Plain"  # a leading ' is protected too
    assert cells["host_roles"] == "; +President"
    assert cells["source_titles"] == "One\\; two; "
    assert cells["source_published"] == "; 2024-05-02"
    assert cells["effective_status"] == "planned"
    assert cells["end"] == "2024-04"
    for name in header:
        assert not cells[name].startswith(("=", "+", "-", "@", "\t", "\r")), name


def test_excel_adds_a_byte_order_mark(valid: Dataset) -> None:
    plain = export(valid.visits, ExportFormat.CSV, ctx_of(valid))
    excel = export(valid.visits, ExportFormat.CSV, ctx_of(valid, excel=True))
    assert excel == "\ufeff".encode() + plain
    assert not plain.startswith("\ufeff".encode())


# --- SQLite -------------------------------------------------------------------------------------------


def open_db(data: bytes, tmp_path: Path) -> sqlite3.Connection:
    path = tmp_path / "visits.db"
    path.write_bytes(data)
    return sqlite3.connect(path)


def test_sqlite_answers_a_join_heads_of_state_in_armenia_with_their_hosts(
    bundled: Dataset, tmp_path: Path
) -> None:
    db = open_db(export(bundled.visits, ExportFormat.SQLITE, ctx_of(bundled)), tmp_path)
    rows = db.execute(
        """
        SELECT v.id, v.visitor_name, group_concat(h.name, ', ')
        FROM visits v JOIN participants h ON h.visit_id = v.id AND h.kind = 'host'
        WHERE v.destination_country = 'AM' AND v.visitor_class = 'head-of-state'
        GROUP BY v.id ORDER BY v.first_day, v.id
        """
    ).fetchall()
    assert ("2024-04-15-tokayev-armenia", "Kassym-Jomart Tokayev", "Nikol Pashinyan") in rows
    assert all(row[2] for row in rows)
    # The same question through the query layer gives the same visits (those with hosts).
    expected = {
        v.id
        for v in bundled.visits
        if v.destination.country.code == "AM"
        and v.hosts
        and bundled.people.office_class(v.visitor, v.start.first_day, v.end.last_day) is not None
        and bundled.people.office_class(v.visitor, v.start.first_day, v.end.last_day).value == "head-of-state"  # type: ignore[union-attr]
    }
    assert {row[0] for row in rows} == expected


def test_sqlite_has_every_visit_list_item_and_a_search_index(bundled: Dataset, tmp_path: Path) -> None:
    db = open_db(export(bundled.visits, ExportFormat.SQLITE, ctx_of(bundled)), tmp_path)

    def count(sql: str) -> int:
        return int(db.execute(sql).fetchone()[0])

    assert count("SELECT count(*) FROM visits") == len(bundled.visits)
    assert count("SELECT count(*) FROM participants") == sum(1 + len(v.hosts) for v in bundled.visits)
    assert count("SELECT count(*) FROM sources") == sum(len(v.sources) for v in bundled.visits)
    assert count("SELECT count(*) FROM topics") == sum(len(v.topics) for v in bundled.visits)
    assert count("SELECT count(*) FROM places") == sum(len(v.destination.places) for v in bundled.visits)
    found = {
        row[0]
        for row in db.execute(
            "SELECT id FROM visits WHERE rowid IN (SELECT rowid FROM visits_fts WHERE visits_fts MATCH 'shusha')"
        )
    }
    assert "2021-06-15-erdogan-azerbaijan" in found
    # Datasette recognises an FTS table by content="<table>" in its definition.
    [sql] = db.execute("SELECT sql FROM sqlite_master WHERE name = 'visits_fts'").fetchone()
    assert 'content="visits"' in sql
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []


def test_sqlite_refuses_duplicate_ids(valid: Dataset) -> None:
    twice = [*valid.visits[:1], *valid.visits[:1]]
    with pytest.raises(DuplicateIds, match="unique ids"):
        export(twice, ExportFormat.SQLITE, ctx_of(valid))
    assert export(twice, ExportFormat.JSON, ctx_of(valid))  # where ids are not keys, nothing is refused


# --- iCalendar ----------------------------------------------------------------------------------------


def test_ics_has_one_event_per_visit_with_exclusive_all_day_ends(bundled: Dataset) -> None:
    data = export(bundled.visits, ExportFormat.ICS, ctx_of(bundled))
    calendar = Calendar.from_ical(data)
    events = calendar.walk("VEVENT")
    assert len(events) == len(bundled.visits)
    by_uid = {str(e["UID"]): e for e in events}
    assert len(by_uid) == len(events)
    for visit in bundled.visits:
        event = by_uid[f"{visit.id}@diplotrack"]
        assert event.decoded("DTSTART") == visit.start.first_day
        assert event.decoded("DTEND") == visit.end.last_day + dt.timedelta(days=1)
        assert not isinstance(event.decoded("DTSTART"), dt.datetime)  # all-day
        assert str(event["SUMMARY"]) == f"{visit.visitor.name} → {visit.destination.country.country.name}"


def test_ics_is_byte_identical_across_runs(bundled: Dataset) -> None:
    first = export(bundled.visits, ExportFormat.ICS, ctx_of(bundled))
    again = export(load_dataset(REPO).visits, ExportFormat.ICS, ctx_of(bundled))
    assert first == again


def test_ics_partial_dates_statuses_sources_and_control_characters() -> None:
    [visit] = visits_from(HOSTILE)
    [event] = Calendar.from_ical(export([visit], ExportFormat.ICS, ExportContext(TODAY))).walk("VEVENT")
    assert event.decoded("DTSTART") == dt.date(2024, 4, 1)  # a month means the whole month
    assert event.decoded("DTEND") == dt.date(2024, 5, 1)
    assert str(event["STATUS"]) == "TENTATIVE"
    description = str(event["DESCRIPTION"])
    assert "https://example.org/a" in description and "One; two" in description
    assert "\\x1b[31mred" in description and "\x1b" not in description
    assert event.decoded("DTSTAMP") == dt.datetime(2024, 5, 2, tzinfo=dt.UTC)  # the newest source date


@pytest.mark.parametrize(
    ("status", "expected"),
    [("planned", "TENTATIVE"), ("confirmed", "CONFIRMED"), ("completed", "CONFIRMED"),
     ("postponed", "CANCELLED"), ("cancelled", "CANCELLED")],
)  # fmt: skip
def test_ics_status_follows_the_effective_status(status: str, expected: str) -> None:
    [visit] = visits_from(
        f"visitor: {{name: A, country: KZ}}\ndestination: {{country: AM}}\nstart: 2024-01-02\nstatus: {status}\n"
    )
    [event] = Calendar.from_ical(export([visit], ExportFormat.ICS, ExportContext(TODAY))).walk("VEVENT")
    assert str(event["STATUS"]) == expected


def test_dtstamp_without_sources_is_the_first_day() -> None:
    [visit] = visits_from("visitor: {name: A, country: KZ}\ndestination: {country: AM}\nstart: 2030\n")
    assert dtstamp(visit) == dt.datetime(2030, 1, 1, tzinfo=dt.UTC)


def test_upcoming_keeps_visits_that_have_not_ended(valid: Dataset) -> None:
    kept = upcoming(valid.visits, dt.date(2024, 4, 15))
    assert kept and all(v.end.last_day >= dt.date(2024, 4, 15) for v in kept)
    assert "2024-04-15-tokayev-armenia" in {v.id for v in kept}
    assert len(kept) < len(valid.visits)
