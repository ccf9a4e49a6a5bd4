"""``import oh`` core: reading OH XML (edge cases, hostile files, the real collections) and importing it."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from diplotrack.countries import CountryResolver
from diplotrack.importers.batch import ImportReport, SkipReason
from diplotrack.importers.oh import SITE, OhFile, import_oh, read_oh
from diplotrack.importers.output import Action
from diplotrack.loader import load_dataset, load_registries
from diplotrack.people import Registry
from tests.support import DATA, REPO

OH = DATA / "oh"
SHARED = REPO.parent / "shared" / "data"
VISITS = SHARED / "oh-visits" / "data"
TRAVELS = SHARED / "oh-travels-sample"
REGISTRIES = load_registries(OH)  # no dataset there: the built-in countries and people


def read(path: Path) -> OhFile:
    return read_oh(path, path.read_bytes(), REGISTRIES.countries, REGISTRIES.people)


def records(result: OhFile) -> dict[str, dict[str, Any]]:
    return {str(c.record["id"]): c.record for c in result.candidates}


def test_visit_edge_cases_give_records_or_skips_with_reasons() -> None:
    result = read(OH / "visits-edge.xml")
    assert result.problem is None
    assert result.elements == 14
    assert sorted(records(result)) == [
        "oh-visit-1",
        "oh-visit-11",
        "oh-visit-12-1",
        "oh-visit-12-2",
        "oh-visit-13",
        "oh-visit-2",
        "oh-visit-2003-03-03-chancellor-gerhard-schroeder",  # no <id>: from the date and the name
        "oh-visit-4-1",
        "oh-visit-4-2",
    ]
    skipped = {skip.element: (skip.reason, skip.label) for skip in result.skipped}
    assert skipped == {
        "visit 3": (SkipReason.UNKNOWN_COUNTRY, "U.S.S.R."),  # the USSR had ended in 1995
        "visit 5": (SkipReason.MISSING, None),
        "visit 6": (SkipReason.MISSING, None),
        "visit 7": (SkipReason.MISSING, None),
        "visit 8": (SkipReason.UNKNOWN_COUNTRY, "Atlantis"),
        "visit 9": (SkipReason.INVALID_DATE, None),
        "fact #14": (SkipReason.UNEXPECTED, None),
    }


def test_a_visit_record_maps_every_field() -> None:
    found = records(read(OH / "visits-edge.xml"))
    assert found["oh-visit-1"] == {
        "id": "oh-visit-1",
        "visitor": {"name": "Kyriakos Mitsotakis", "role": "Prime Minister", "country": "Greece"},
        "destination": {"country": "United States"},
        "start": "2020-01-07",
        "end": "2020-01-07",
        "type": "official-working",
        "summary": "Official Working Visit.",
        "sources": [
            {
                "url": "https://history.state.gov/departmenthistory/visits/greece",
                "title": "Visits By Foreign Leaders of Greece",
                "publisher": "Office of the Historian, U.S. Department of State",
                "language": "en",
            }
        ],
    }
    gorbachev = found["oh-visit-2"]
    assert gorbachev["visitor"] == {
        "name": "Mikhail S. Gorbachev",
        "role": "General Secretary",
        "country": "Soviet Union",
    }
    assert gorbachev["summary"] == "Official visit. Signed the INF Treaty."  # mixed content keeps its text
    assert found["oh-visit-11"]["visitor"]["country"] == "Zaire"
    assert found["oh-visit-13"]["visitor"]["person"] == "kassym-jomart-tokayev"
    assert "type" not in found["oh-visit-13"]  # "working brunch" names no visit type
    assert found["oh-visit-12-2"]["visitor"] == {
        "name": "Tuala Iosefo Ponifasio",
        "role": "Deputy Prime Minister",
        "country": "Samoa",
    }
    assert found["oh-visit-4-1"]["type"] == found["oh-visit-4-2"]["type"] == "summit"


def test_trips_format_edge_cases() -> None:
    result = read(OH / "trips-edge.xml")
    found = records(result)
    assert sorted(found) == ["oh-trip-100-1", "oh-trip-100-2", "oh-trip-101", "oh-trip-2655"]
    assert [(s.element, s.reason) for s in result.skipped] == [("trip 102", SkipReason.MISSING)]
    taft = found["oh-trip-2655"]
    assert taft["visitor"] == {
        "name": "William Howard Taft",
        "role": "President-elect",
        "country": "United States",
    }
    assert taft["destination"] == {"country": "Panama", "places": ["Colon", "Panama City"]}
    assert taft["sources"][0]["url"] == f"{SITE}/travels/president/taft-william-howard"
    assert [found[f"oh-trip-100-{n}"]["destination"] for n in (1, 2)] == [
        {"country": "Kazakhstan"},
        {"country": "Belarus"},
    ]
    assert found["oh-trip-100-1"]["visitor"]["role"] == "Secretary of State"
    assert found["oh-trip-100-1"]["sources"][0]["url"] == f"{SITE}/travels"  # no who=
    acheson = found["oh-trip-101"]
    assert acheson["destination"] == {
        "country": "Germany",
        "places": ["Bonn (Rhineland)", "Berlin", "Frankfurt"],
    }
    assert "summary" not in acheson


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("malformed.xml", "malformed.xml:6:7: not well-formed XML: mismatched tag"),
        ("bomb.xml", "bomb.xml: refused: the XML declares an entity ('a')"),
        ("external.xml", "external.xml: refused: the XML declares an entity ('secret')"),
        ("not-oh.xml", "not-oh.xml: the root element is <rss>"),
    ],
)
def test_a_bad_file_is_one_problem(name: str, expected: str) -> None:
    result = read(OH / name)
    assert result.candidates == ()
    assert result.problem is not None and expected in result.problem


def test_the_real_trips_samples_read_completely() -> None:
    for path in sorted(TRAVELS.glob("*.xml")):
        result = read(path)
        assert result.problem is None and result.skipped == ()
        assert len(result.candidates) == result.elements > 0
    rubio = records(read(TRAVELS / "rubio-marco.xml"))
    assert rubio["oh-trip-4288"]["destination"] == {"country": "Saudi Arabia", "places": ["Riyadh"]}
    assert rubio["oh-trip-4288"]["visitor"]["person"] == "marco-rubio"


def import_into(tmp_path: Path, *paths: Path, dry_run: bool = False) -> ImportReport:
    (tmp_path / "visits").mkdir(exist_ok=True)
    return import_oh(list(paths), tmp_path / "visits" / "oh", REGISTRIES, tmp_path, dry_run=dry_run)


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {
        str(p.relative_to(folder)): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_counts_of_written_and_skipped_records_match_the_files(tmp_path: Path) -> None:
    report = import_into(tmp_path, OH)
    assert (report.files_read, report.source_records, len(report.problems)) == (2, 18, 4)
    assert (report.created, report.updated, report.unchanged, len(report.skipped)) == (13, 0, 0, 8)
    assert report.unmapped_labels == [("Atlantis", 1), ("U.S.S.R.", 1)]
    dataset = load_dataset(tmp_path)
    assert len(dataset.visits) == 13 and dataset.problems == ()
    assert {p.path.relative_to(tmp_path).as_posix() for p in report.files} >= {
        "visits/oh/foreign-leaders/1987.yaml",
        "visits/oh/travels/1909.yaml",
    }


def test_importing_twice_gives_the_same_files_untouched(tmp_path: Path) -> None:
    first = import_into(tmp_path, VISITS / "1940.xml", VISITS / "2020.xml", TRAVELS)
    assert first.created > 300 and first.skipped == ()
    before = snapshot(tmp_path / "visits")
    second = import_into(tmp_path, VISITS / "1940.xml", VISITS / "2020.xml", TRAVELS)
    assert (second.created, second.updated, second.unchanged) == (0, 0, first.created)
    assert {plan.action for plan in second.files} == {Action.UNCHANGED}
    assert snapshot(tmp_path / "visits") == before  # same bytes, not even rewritten


def test_a_changed_record_rewrites_only_its_file_and_other_records_are_kept(tmp_path: Path) -> None:
    import_into(tmp_path, OH / "visits-edge.xml")
    source = tmp_path / "edited.xml"
    source.write_text(
        (OH / "visits-edge.xml")
        .read_text(encoding="utf-8")
        .replace("Official Working Visit.", "State Visit."),
        encoding="utf-8",
    )
    before = snapshot(tmp_path / "visits")
    report = import_into(tmp_path, source)
    assert (report.created, report.updated, report.unchanged) == (0, 1, 8)
    after = snapshot(tmp_path / "visits")
    changed = {name for name in after if after[name] != before[name]}
    assert changed == {"oh/foreign-leaders/2020.yaml"}
    assert b"type: state" in after["oh/foreign-leaders/2020.yaml"][0]
    # Importing part of a collection keeps what other imports brought.
    part = tmp_path / "part.xml"
    part.write_text(
        "<visits><visit><id>99</id><start-date>2020-03-03</start-date><visitor>King X</visitor>"
        '<from id="jordan">Jordan</from></visit></visits>',
        encoding="utf-8",
    )
    report = import_into(tmp_path, part)
    assert (report.created, report.kept) == (1, 1)
    ids = [v.id for v in load_dataset(tmp_path).visits if v.start.year == 2020]
    assert ids == ["oh-visit-1", "oh-visit-99"]


def test_a_file_not_written_by_the_importer_is_never_overwritten(tmp_path: Path) -> None:
    target = tmp_path / "visits" / "oh" / "foreign-leaders" / "2020.yaml"
    target.parent.mkdir(parents=True)
    shutil.copy(REPO / "visits" / "2024" / "2024-04-15-tokayev-armenia.yaml", target)
    mine = target.read_bytes()
    report = import_into(tmp_path, OH / "visits-edge.xml")
    assert target.read_bytes() == mine
    [refused] = report.files_with(Action.REFUSE)
    assert refused.path == target and "was not written by this importer" in (refused.reason or "")
    assert [s.element for s in report.skipped if s.reason is SkipReason.TARGET_REFUSED] == ["visit 1"]


def test_a_record_id_seen_twice_in_one_run_is_skipped(tmp_path: Path) -> None:
    copy = tmp_path / "copy.xml"
    shutil.copy(OH / "trips-edge.xml", copy)
    report = import_into(tmp_path, OH / "trips-edge.xml", copy)
    assert report.created == 4
    duplicates = [s for s in report.skipped if s.reason is SkipReason.DUPLICATE_ID]
    assert len(duplicates) == 4 and "also in trips-edge.xml: trip 2655" in duplicates[0].detail


def test_dry_run_writes_nothing(tmp_path: Path) -> None:
    report = import_into(tmp_path, OH / "visits-edge.xml", dry_run=True)
    assert report.created == 9
    assert list((tmp_path / "visits").rglob("*")) == []


def test_the_bundled_oh_visits_are_what_the_importer_makes_of_the_oh_data() -> None:
    """The committed visits/oh/ is a faithful, current import: importing again would change nothing."""
    report = import_oh([VISITS], REPO / "visits" / "oh", load_registries(REPO), REPO, dry_run=True)
    assert report.source_records == 3264
    assert (report.created, report.updated, report.unchanged) == (0, 0, 3267)
    assert report.unmapped_labels == [("Hawaii", 3)]
    assert {plan.action for plan in report.files} == {Action.UNCHANGED}


def test_records_are_checked_against_the_dataset_countries(tmp_path: Path) -> None:
    (tmp_path / "countries.yaml").write_text(
        "entities:\n  - code: X-HAWAII\n    name: Hawaii\n    until: 1898-08-12\n", encoding="utf-8"
    )
    (tmp_path / "visits").mkdir()
    report = import_oh(
        [VISITS / "1870.xml"], tmp_path / "visits" / "oh", load_registries(tmp_path), tmp_path, dry_run=False
    )
    assert (report.created, report.skipped) == (2, ())
    assert {v.visitor.country.code for v in load_dataset(tmp_path).visits if v.visitor.country} == {
        "X-HAWAII",
        "BR",
    }


def test_read_oh_needs_no_dataset() -> None:
    result = read_oh(
        Path("x.xml"), (OH / "visits-edge.xml").read_bytes(), CountryResolver.builtin(), Registry()
    )
    assert len(result.candidates) == 9
