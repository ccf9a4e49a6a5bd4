"""export, import csv, schema and init through the CLI: files written, refused, summaries, exit codes."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path

from icalendar import Calendar
from typer.testing import CliRunner

from diplotrack.cli import app
from tests.support import VALID

runner = CliRunner()


def run(*args: str, data: Path = VALID, as_of: str = "2026-06-01") -> tuple[int, str, str]:
    result = runner.invoke(app, ["--data", str(data), "--as-of", as_of, *args])
    return result.exit_code, result.stdout, result.stderr


# --- export -------------------------------------------------------------------------------------------


def test_export_json_to_stdout_applies_the_list_filters() -> None:
    code, out, _ = run("export", "--format", "json", "--to", "Armenia", "--since", "2024")
    assert code == 0
    assert [r["id"] for r in json.loads(out)] == ["2024-04-15-tokayev-armenia"]
    code, listed, _ = run("list", "--format", "json", "--to", "Armenia", "--since", "2024")
    assert json.loads(listed) == json.loads(out)


def test_export_to_a_file_never_replaces_it_without_force(tmp_path: Path) -> None:
    target = tmp_path / "visits.csv"
    code, out, err = run("export", "-f", "csv", "-o", str(target))
    assert code == 0 and out == "" and f"saved {target}" in err
    first = target.read_bytes()
    target.write_text("mine")
    code, _, err = run("export", "-f", "csv", "-o", str(target))
    assert code == 2 and "exists" in err and "--force" in err
    assert target.read_text() == "mine"
    code, _, _ = run("export", "-f", "csv", "-o", str(target), "--force")
    assert code == 0 and target.read_bytes() == first
    assert [p.name for p in tmp_path.iterdir()] == ["visits.csv"]  # no temporary file left behind


def test_export_sqlite_needs_a_file_and_writes_a_database(tmp_path: Path) -> None:
    code, out, err = run("export", "-f", "sqlite")
    assert code == 2 and out == "" and "-o FILE" in err
    target = tmp_path / "visits.db"
    code, _, _ = run("export", "-f", "sqlite", "-o", str(target), "--to", "KZ")
    assert code == 0
    ids = {row[0] for row in sqlite3.connect(target).execute("SELECT destination_country FROM visits")}
    assert ids == {"KZ"}


def test_export_excel_is_for_csv_only() -> None:
    code, _, err = run("export", "-f", "json", "--excel")
    assert code == 2 and "--excel" in err


def test_export_ics_upcoming_keeps_visits_from_today_on() -> None:
    code, out, _ = run("export", "-f", "ics", "--upcoming", as_of="2024-04-15")
    assert code == 0
    events = Calendar.from_ical(out.encode()).walk("VEVENT")
    assert events
    assert all(e.decoded("DTEND") > dt.date(2024, 4, 15) for e in events)
    code, everything, _ = run("export", "-f", "ics", as_of="2024-04-15")
    assert len(Calendar.from_ical(everything.encode()).walk("VEVENT")) > len(events)


def test_export_with_no_match_says_so_and_writes_an_empty_export() -> None:
    code, out, err = run("export", "-f", "jsonl", "--to", "Japan")
    assert code == 0 and out == "" and "no visits match" in err
