"""import csv: export → import is a round trip; bad rows are skipped whole; nothing is ever overwritten."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from diplotrack.countries import CountryResolver
from diplotrack.csvformat import columns_markdown
from diplotrack.csvimport import Outcome, import_csv, parse_mapping
from diplotrack.export import ExportContext, ExportFormat, export
from diplotrack.loader import load_dataset, parse_file
from diplotrack.model import Visit
from diplotrack.problems import DiplotrackError, UsageError
from tests.support import REPO, TODAY, VALID
from tests.test_export import HOSTILE


def by_id(visits: tuple[Visit, ...] | list[Visit]) -> dict[str, Visit]:
    return {visit.id: visit for visit in visits}


def export_csv(visits: tuple[Visit, ...] | list[Visit], path: Path, *, excel: bool = False) -> Path:
    path.write_bytes(export(visits, ExportFormat.CSV, ExportContext(TODAY, excel=excel)))
    return path


def files_of(root: Path) -> dict[Path, tuple[bytes, int]]:
    return {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("source", [REPO, VALID], ids=["bundled", "fixtures"])
def test_export_then_import_gives_the_same_records(source: Path, tmp_path: Path) -> None:
    original = load_dataset(source)
    target = tmp_path / "dataset"
    target.mkdir()
    if (source / "countries.yaml").exists():  # the fixtures name entities of their own countries.yaml
        shutil.copy(source / "countries.yaml", target / "countries.yaml")
    sheet = export_csv(original.visits, tmp_path / "visits.csv", excel=True)
    report = import_csv(sheet, target, {})
    assert report.count(Outcome.WRITTEN) == len(original.visits) and report.skipped == 0
    imported = load_dataset(target)
    assert imported.problems == ()
    assert by_id(imported.visits) == by_id(original.visits)


def test_importing_again_changes_nothing(tmp_path: Path) -> None:
    sheet = export_csv(load_dataset(REPO).visits, tmp_path / "visits.csv")
    import_csv(sheet, tmp_path / "d", {})
    before = files_of(tmp_path / "d")
    report = import_csv(sheet, tmp_path / "d", {})
    assert report.count(Outcome.UNCHANGED) == len(before) and report.count(Outcome.WRITTEN) == 0
    assert files_of(tmp_path / "d") == before


def test_hostile_values_survive_the_round_trip(tmp_path: Path) -> None:
    result = parse_file(Path("hostile.yaml"), HOSTILE.encode(), CountryResolver.builtin())
    sheet = export_csv(list(result.visits), tmp_path / "x.csv")
    import_csv(sheet, tmp_path / "d", {})
    assert load_dataset(tmp_path / "d").visits == result.visits


SHEET = """Guest;Office;From;To;Date;Notes;Tags
Kassym-Jomart Tokayev;President;Kazakhstan;Armenia;15.04.2024;first;"trade; transit"
Kassym-Jomart Tokayev;President;Kazakhstan;Armenia;15.04.2024;same day, another record;
Nobody;;Atlantis;Armenia;2024-01-01;;
Somebody;;KZ;AM;05/03/2024;ambiguous date;
Somebody;;KZ;AM;2024-03-05;a value with the delimiter;not; quoted
"""
MAP = ["Guest=visitor_name", "Office=visitor_role", "From=visitor_country", "To=destination_country",
       "Date=start", "Notes=summary", "Tags=topics"]  # fmt: skip


def test_other_sheets_through_map_with_generated_ids_and_reported_rows(tmp_path: Path) -> None:
    sheet = tmp_path / "mine.csv"
    sheet.write_text(SHEET, encoding="utf-8")
    report = import_csv(sheet, tmp_path / "d", parse_mapping(MAP))
    outcomes = {r.row: r.outcome for r in report.results}
    assert outcomes == {
        2: Outcome.WRITTEN,
        3: Outcome.WRITTEN,
        4: Outcome.INVALID,
        5: Outcome.INVALID,
        6: Outcome.INVALID,
    }
    reasons = {r.row: " ".join(r.reasons) for r in report.results}
    assert "Atlantis" in reasons[4] and "ambiguous" in reasons[5] and "8 cells" in reasons[6]
    names = sorted(p.name for p in (tmp_path / "d" / "visits" / "2024").iterdir())
    assert names == [
        "2024-04-15-kassym-jomart-tokayev-armenia-2.yaml",
        "2024-04-15-kassym-jomart-tokayev-armenia.yaml",
    ]
    visits = by_id(load_dataset(tmp_path / "d").visits)
    assert visits["2024-04-15-kassym-jomart-tokayev-armenia"].topics == ("trade", "transit")
    assert report.ignored_columns == ()
    # Again: the same rows find their own files, whatever their numbers.
    again = import_csv(sheet, tmp_path / "d", parse_mapping(MAP))
    assert [r.outcome for r in again.results][:2] == [Outcome.UNCHANGED, Outcome.UNCHANGED]


def test_a_different_existing_file_is_never_replaced(tmp_path: Path) -> None:
    visits = load_dataset(VALID).visits
    target = tmp_path / "d" / "visits" / "2024" / "2024-04-15-tokayev-armenia.yaml"
    target.parent.mkdir(parents=True)
    target.write_text("# mine\n", encoding="utf-8")
    shutil.copy(VALID / "countries.yaml", tmp_path / "d" / "countries.yaml")
    report = import_csv(export_csv(visits, tmp_path / "x.csv"), tmp_path / "d", {})
    [conflict] = [r for r in report.results if r.outcome is Outcome.CONFLICT]
    assert conflict.path == target and "left alone" in conflict.reasons[0]
    assert target.read_text(encoding="utf-8") == "# mine\n"
    assert report.count(Outcome.WRITTEN) == len(visits) - 1


def test_an_id_used_elsewhere_in_the_dataset_is_a_conflict(tmp_path: Path) -> None:
    [visit] = [v for v in load_dataset(REPO).visits if v.id == "2024-04-15-tokayev-armenia"]
    elsewhere = tmp_path / "d" / "visits" / "old" / "x.yaml"
    elsewhere.parent.mkdir(parents=True)
    elsewhere.write_text(
        "id: 2024-04-15-tokayev-armenia\n"
        + (REPO / "visits/2024/2024-04-15-tokayev-armenia.yaml").read_text()
    )
    report = import_csv(export_csv([visit], tmp_path / "x.csv"), tmp_path / "d", {})
    [result] = report.results
    assert result.outcome is Outcome.CONFLICT and "already used by" in result.reasons[0]


def test_a_row_with_mismatched_parallel_lists_is_skipped_whole(tmp_path: Path) -> None:
    sheet = export_csv(load_dataset(REPO).visits[:2], tmp_path / "x.csv")
    text = sheet.read_text(encoding="utf-8").replace(
        "Nikol Pashinyan,Acting Prime Minister", "Nikol Pashinyan,A; B", 1
    )
    sheet.write_text(text, encoding="utf-8")
    report = import_csv(sheet, tmp_path / "d", {})
    [bad] = [r for r in report.results if r.outcome is Outcome.INVALID]
    assert bad.row == 2 and "'host_roles' has 2 item(s)" in bad.reasons[0]
    assert len(list((tmp_path / "d").rglob("*.yaml"))) == 1


def test_dry_run_writes_nothing(tmp_path: Path) -> None:
    sheet = export_csv(load_dataset(REPO).visits, tmp_path / "x.csv")
    report = import_csv(sheet, tmp_path / "d", {}, dry_run=True)
    assert report.count(Outcome.WRITTEN) > 0 and all(r.text for r in report.results)
    assert not (tmp_path / "d").exists()


def test_sheets_without_the_needed_columns_or_with_bad_maps_are_usage_errors(tmp_path: Path) -> None:
    sheet = tmp_path / "x.csv"
    sheet.write_text("name,when\nA,2024\n", encoding="utf-8")
    with pytest.raises(UsageError, match="no column gives visitor_name"):
        import_csv(sheet, tmp_path / "d", {})
    with pytest.raises(UsageError, match="no field 'visitor'"):
        import_csv(sheet, tmp_path / "d", parse_mapping(["name=visitor"]))
    with pytest.raises(UsageError, match="no column 'who'"):
        import_csv(sheet, tmp_path / "d", parse_mapping(["who=visitor_name"]))
    with pytest.raises(UsageError, match="COLUMN=FIELD"):
        parse_mapping(["visitor_name"])


def test_unreadable_sheets_are_one_error(tmp_path: Path) -> None:
    latin1 = tmp_path / "latin1.csv"
    latin1.write_bytes("visitor_name\nJos\xe9\n".encode("latin-1"))
    with pytest.raises(DiplotrackError, match="not UTF-8"):
        import_csv(latin1, tmp_path / "d", {})
    with pytest.raises(DiplotrackError, match="no such file"):
        import_csv(tmp_path / "missing.csv", tmp_path / "d", {})


def test_the_documented_columns_are_the_code_s() -> None:
    assert columns_markdown() in (REPO / "docs" / "format.md").read_text(encoding="utf-8"), columns_markdown()
