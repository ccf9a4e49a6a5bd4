"""export, import csv, schema and init through the CLI: files written, refused, summaries, exit codes."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path

from icalendar import Calendar
from typer.testing import CliRunner

from diplotrack.cli import app
from diplotrack.schema import visit_schema
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


# --- import csv ---------------------------------------------------------------------------------------


def test_import_csv_reports_skipped_rows_as_file_row_and_ends_with_a_summary(tmp_path: Path) -> None:
    sheet = tmp_path / "visits.csv"
    code, _, _ = run("export", "-f", "csv", "-o", str(sheet), "--to", "KZ")
    rows = sheet.read_text(encoding="utf-8").splitlines()
    rows.append(rows[1].replace("2022-02", "2022-13", 1))  # an invalid date, and the id of row 2
    sheet.write_text("\n".join(rows) + "\n", encoding="utf-8")
    code, out, err = run("import", "csv", str(sheet), "--into", str(tmp_path / "d"))
    assert code == 1 and out == ""
    lines = err.splitlines()
    assert any(line.startswith(f"{sheet}:{len(rows)}: skipped: ") and "no month 13" in line for line in lines)
    assert lines[-1] == f"{len(rows) - 2} written, 0 unchanged, 1 skipped (1 with errors)"
    code, _, err = run("import", "csv", str(sheet), "--into", str(tmp_path / "d"))
    assert err.splitlines()[-1] == f"0 written, {len(rows) - 2} unchanged, 1 skipped (1 with errors)"


def test_import_csv_dry_run_prints_the_yaml_and_writes_nothing(tmp_path: Path) -> None:
    sheet = tmp_path / "visits.csv"
    run("export", "-f", "csv", "-o", str(sheet), "--to", "Armenia", "--since", "2024")
    code, out, err = run("import", "csv", str(sheet), "--into", str(tmp_path / "d"), "--dry-run")
    assert code == 0
    assert out.startswith("---\n# ") and "2024-04-15-tokayev-armenia.yaml" in out and "visitor:" in out
    assert err.splitlines()[-1] == "1 to write, 0 unchanged, 0 skipped; dry run, nothing written"
    assert not (tmp_path / "d").exists()


def test_import_csv_usage_errors_are_one_line(tmp_path: Path) -> None:
    sheet = tmp_path / "x.csv"
    sheet.write_text("a,b\n1,2\n", encoding="utf-8")
    code, _, err = run("import", "csv", str(sheet), "--into", str(tmp_path), "--map", "a=nonsense")
    assert code == 2 and err.count("\n") == 1 and "no field 'nonsense'" in err


# --- schema -------------------------------------------------------------------------------------------


def test_schema_prints_the_json_schema() -> None:
    code, out, _ = run("schema")
    assert code == 0
    assert json.loads(out) == visit_schema()


# --- init ---------------------------------------------------------------------------------------------


def test_init_says_what_it_created_and_what_it_left_alone(tmp_path: Path) -> None:
    code, out, err = run("init", str(tmp_path / "ds"))
    assert code == 0 and out == ""
    assert f"created {tmp_path / 'ds' / '.github/workflows/validate.yml'}" in err
    code, _, err = run("init", str(tmp_path / "ds"))
    assert code == 0 and "\ncreated " not in "\n" + err and "left alone" in err and "nothing to create" in err
    code, _, err = run("validate", data=tmp_path / "ds")
    assert code == 0 and "0 errors" in err
