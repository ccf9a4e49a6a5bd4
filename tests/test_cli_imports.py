"""``diplotrack import oh`` through Typer's CliRunner: summary, exit codes, the dataset it writes into."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from diplotrack.cli import app
from diplotrack.importers.batch import ImportReport, Skip, SkipReason
from diplotrack.render.imports import IMPORT_RENDERERS, ImportFormat, import_text
from tests.support import DATA, REPO

OH = DATA / "oh"
TRAVELS = REPO.parent / "shared" / "data" / "oh-travels-sample"
runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_import_oh_writes_into_the_dataset_and_ends_with_a_summary(tmp_path: Path) -> None:
    (tmp_path / "visits").mkdir()
    into = tmp_path / "visits" / "oh"
    code, out, err = run("import", "oh", str(OH / "visits-edge.xml"), str(TRAVELS), "--into", str(into))
    assert (code, err) == (0, "")
    assert (
        "Records: 20 written (20 new, 0 changed), 0 unchanged, 0 kept from earlier imports, 7 records skipped."
        in out
    )
    assert "Skipped, country label not mapped (2):" in out
    assert "visits-edge.xml: visit 8: unknown country label 'Atlantis'" in out
    assert "Country labels not mapped: Atlantis (1), U.S.S.R. (1)" in out
    code, out, _ = run("--data", str(tmp_path), "list", "--from", "US", "--format", "json")
    assert code == 0 and {r["visitor"]["name"] for r in json.loads(out)} == {
        "Marco Rubio",
        "William Howard Taft",
    }
    code, out, _ = run("import", "oh", str(OH / "visits-edge.xml"), str(TRAVELS), "--into", str(into))
    assert "Records: 0 written (0 new, 0 changed), 20 unchanged" in out
    assert "0 created, 0 rewritten, 9 untouched" in out


def test_an_unreadable_input_exits_1_with_one_line_and_no_traceback(tmp_path: Path) -> None:
    code, out, _ = run(
        "import", "oh", str(OH / "malformed.xml"), str(tmp_path / "missing.xml"), "--into", str(tmp_path)
    )
    assert code == 1
    assert "error: " + str(OH / "malformed.xml") + ":6:7: not well-formed XML: mismatched tag" in out
    assert f"error: {tmp_path / 'missing.xml'}: no such file" in out
    assert "Traceback" not in out


def test_dry_run_and_json_summary(tmp_path: Path) -> None:
    (tmp_path / "visits").mkdir()
    code, out, _ = run(
        "import",
        "oh",
        str(OH / "trips-edge.xml"),
        "--into",
        str(tmp_path / "visits"),
        "--dry-run",
        "--format",
        "json",
    )
    summary = json.loads(out)
    assert code == 0 and summary["dry_run"] is True
    assert summary["records"] == {"created": 4, "updated": 0, "unchanged": 0, "kept": 0, "skipped": 1}
    assert summary["skipped"][0]["reason"] == "missing element"
    assert list((tmp_path / "visits").iterdir()) == []


def test_a_folder_outside_the_datasets_visits_gets_a_warning(tmp_path: Path) -> None:
    (tmp_path / "visits").mkdir()
    code, _, err = run(
        "--data",
        str(tmp_path),
        "import",
        "oh",
        str(OH / "trips-edge.xml"),
        "--into",
        str(tmp_path / "elsewhere"),
    )
    assert code == 0 and "is not below" in err and "will not read the records there" in err


def test_import_help_lists_oh() -> None:
    code, out, _ = run("import", "--help")
    assert code == 0 and "oh" in out


def test_every_summary_format_has_a_renderer() -> None:
    assert set(IMPORT_RENDERERS) == set(ImportFormat)


def test_the_summary_shows_control_characters_from_the_data_as_escapes() -> None:
    skip = Skip(
        Path("x.xml"), "visit 1", SkipReason.UNKNOWN_COUNTRY, "unknown country label 'A\x1b[2J'", "A\x1b[2J"
    )
    text = import_text(ImportReport(Path("visits/oh"), False, 1, 1, skipped=(skip,)))
    assert "\x1b" not in text and "A\\x1b[2J (1)" in text
