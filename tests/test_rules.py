"""Validation rules: one deliberately broken file per rule, and the rule catalogue."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from diplotrack.loader import load_dataset
from diplotrack.problems import Rule, Severity, rules_markdown
from diplotrack.rules import validate
from tests.support import BROKEN, REPO, TODAY, VALID

BROKEN_FILES = sorted((BROKEN / "visits").glob("*.yaml"))
REGISTRY = BROKEN.parent / "broken-registry"
REGISTRY_FILES = sorted(f for f in REGISTRY.rglob("*.yaml") if b"# expect:" in f.read_bytes())
# Rules that cannot come from a single visit file, with the test that covers them.
COVERED_ELSEWHERE = {
    "unreadable": "test_missing_path_is_reported",
    "unsafe-file": "tests/test_datafiles.py",
    "file-too-large": "tests/test_datafiles.py",
    "value-too-long": "tests/test_yamlsource.py",
}


def expected_position(file: Path) -> tuple[int, int]:
    match = re.search(rb"# expect: (\d+):(\d+)", file.read_bytes())
    assert match, f"{file} lacks an '# expect: line:col' header"
    return int(match.group(1)), int(match.group(2))


@pytest.mark.parametrize("file", BROKEN_FILES, ids=lambda f: f.stem)
def test_each_broken_file_triggers_its_rule_at_its_position(file: Path) -> None:
    report = validate(load_dataset(BROKEN, [file]), TODAY)
    found = [(p.rule.id, p.position.line, p.position.column) for p in report.problems]
    assert (file.stem, *expected_position(file)) in found, found
    assert report.problems[0].severity is next(r for r in Rule if r.id == file.stem).severity


@pytest.mark.parametrize("file", REGISTRY_FILES, ids=lambda f: f.stem)
def test_each_broken_registry_file_triggers_its_rule(file: Path) -> None:
    report = validate(load_dataset(REGISTRY), TODAY)
    found = [
        (p.rule.id, p.position.line, p.position.column) for p in report.problems if p.position.file == file
    ]
    assert (file.stem, *expected_position(file)) in found, found


def test_a_role_of_the_same_class_counts_as_held() -> None:
    report = validate(load_dataset(REGISTRY), TODAY)
    assert not [p for p in report.problems if p.position.file.stem == "role-held"]


def test_every_rule_has_a_broken_file_or_a_test() -> None:
    stems = {f.stem for f in BROKEN_FILES + REGISTRY_FILES}
    assert {r.id for r in Rule} - stems == set(COVERED_ELSEWHERE)


@pytest.mark.parametrize("severity", list(Severity))
def test_the_rules_doc_is_derived_from_the_catalogue(severity: Severity) -> None:
    doc = (REPO / "docs" / "rules.md").read_text(encoding="utf-8")
    table = rules_markdown(severity)
    assert table in doc, f"docs/rules.md is out of date; paste this table:\n{table}"


def test_rule_ids_are_unique() -> None:
    assert len({r.id for r in Rule}) == len(Rule)


def test_valid_fixture_has_no_problems() -> None:
    report = validate(load_dataset(VALID), TODAY)
    assert [str(p.position) + " " + p.rule.id for p in report.problems] == []
    assert report.records == len(load_dataset(VALID).visits)


def test_missing_path_is_reported() -> None:
    report = validate(load_dataset(BROKEN, [BROKEN / "visits" / "nope.yaml"]), TODAY)
    assert [p.rule for p in report.problems] == [Rule.UNREADABLE]


def test_all_problems_are_reported_not_just_the_first() -> None:
    report = validate(load_dataset(BROKEN), TODAY)
    rules = {p.rule.id for p in report.problems}
    assert {"unknown-key", "invalid-date", "bad-url", "no-source", "duplicate-id"} <= rules
    assert report.failed()


def test_warnings_fail_only_when_strict() -> None:
    report = validate(load_dataset(BROKEN, [BROKEN / "visits" / "no-source.yaml"]), TODAY)
    assert report.errors == 0 and report.warnings == 1
    assert not report.failed()
    assert report.failed(strict=True)


@pytest.mark.parametrize(
    "first_leg",
    [
        "start: 2024-03-11, end: 2024-03-12",  # a travel day: one visit ends the day the other begins
        "start: 2024-03",  # month precision does not say which days
    ],
)
def test_no_conflict_is_claimed(tmp_path: Path, first_leg: str) -> None:
    (tmp_path / "visits").mkdir()
    (tmp_path / "visits" / "trip.yaml").write_text(
        f"- {{visitor: {{name: A, country: KZ}}, destination: {{country: AZ}}, {first_leg},"
        " sources: [{url: 'https://e.org'}]}\n"
        "- {visitor: {name: A, country: KZ}, destination: {country: AM}, start: 2024-03-12,"
        " sources: [{url: 'https://e.org'}]}\n",
        encoding="utf-8",
    )
    assert validate(load_dataset(tmp_path), TODAY).problems == ()


def test_severity_of_each_problem_matches_the_catalogue() -> None:
    report = validate(load_dataset(BROKEN), TODAY)
    for problem in report.problems:
        assert problem.severity is problem.rule.severity, problem
    assert any(p.severity is Severity.WARNING for p in report.problems)


def test_a_thousand_copies_give_one_warning_not_half_a_million(tmp_path: Path) -> None:
    (tmp_path / "visits").mkdir()
    record = (
        "- {visitor: {name: A, country: KZ}, destination: {country: AM}, start: 2024-04-15,"
        " sources: [{url: 'https://e.org'}]}\n"
    )
    (tmp_path / "visits" / "copies.yaml").write_text(record * 1000, encoding="utf-8")
    report = validate(load_dataset(tmp_path), TODAY)
    assert [p.rule.id for p in report.problems] == ["likely-duplicate"]
    assert "and 995 more" in report.problems[0].message


def test_one_person_in_two_places_is_found_with_a_long_visit_in_between(tmp_path: Path) -> None:
    (tmp_path / "visits").mkdir()
    (tmp_path / "visits" / "trip.yaml").write_text(
        "- {visitor: {name: A, country: KZ}, destination: {country: AZ}, start: 2024-03-01, end: 2024-03-20,"
        " sources: [{url: 'https://e.org'}]}\n"
        "- {visitor: {name: A, country: KZ}, destination: {country: AZ}, start: 2024-03-02,"
        " sources: [{url: 'https://e.org'}]}\n"
        "- {visitor: {name: A, country: KZ}, destination: {country: AM}, start: 2024-03-10,"
        " sources: [{url: 'https://e.org'}]}\n",
        encoding="utf-8",
    )
    rules = sorted(p.rule.id for p in validate(load_dataset(tmp_path), TODAY).problems)
    assert rules == ["likely-duplicate", "person-in-two-places"]
