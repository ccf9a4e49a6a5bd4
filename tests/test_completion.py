"""Shell completion: countries, groups, people and record ids, fast to compute and never failing."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from diplotrack.cli import app
from diplotrack.completion import LIMIT, file_ids, person_candidates, place_candidates, record_id_candidates
from diplotrack.loader import Dataset, load_dataset
from tests.support import DATA, REPO, VALID

runner = CliRunner()


@pytest.mark.parametrize(
    "root", [REPO, VALID, DATA / "broken-registry"], ids=["bundled", "valid", "registry"]
)
@pytest.mark.parametrize("typed", ["", "2024", "oh-visit-29"])
def test_record_ids_are_the_loaders_without_parsing(root: Path, typed: str) -> None:
    wanted = sorted(ref.id for ref in load_dataset(root).records if ref.id.startswith(typed))
    found = sorted(value for value, _ in record_id_candidates(root, typed))
    assert set(found) <= set(wanted) and len(found) == min(len(wanted), LIMIT)


@pytest.mark.parametrize(
    ("text", "ids"),
    [
        ("visitor: {}\n", ["f"]),
        ("id: mine  # a comment\nvisitor: {}\n", ["mine"]),
        ("- visitor: {}\n- id: 'two'\n  visitor: {}\n- visitor: {}\n", ["f-1", "two", "f-3"]),
        ("- visitor: {}\n", ["f-1"]),
        ("---\nvisitor: {}\n---\nid: b\n", ["f-1", "b"]),
        ("# only a comment\n---\nvisitor: {}\n", ["f"]),
    ],
)
def test_file_ids_follow_the_default_id_rule(text: str, ids: list[str]) -> None:
    assert file_ids(Path("f.yaml"), text) == ids


def test_places_and_people_complete_in_the_case_typed(valid: Dataset) -> None:
    places = dict(place_candidates(valid.countries, valid.groups, "arm"))
    assert places == {"armenia": "AM"}
    assert ("AM", "Armenia") in place_candidates(valid.countries, valid.groups, "AM")
    assert "ots" in dict(place_candidates(valid.countries, valid.groups, "o"))
    people = dict(person_candidates(valid.people, "Toka"))
    assert {"Tokajew", "Tokayev"} <= set(people)


def complete(line: str, data: Path = VALID) -> str:
    result = runner.invoke(
        app,
        [],
        prog_name="diplotrack",
        env={
            "_DIPLOTRACK_COMPLETE": "complete_zsh",
            "_TYPER_COMPLETE_ARGS": line,
            "DIPLOTRACK_DATA": str(data),
        },
    )
    assert result.exit_code == 0, result.output
    return result.stdout


def test_the_shell_gets_commands_countries_people_and_ids() -> None:
    assert '"export"' in complete("diplotrack exp")
    assert '"Armenia":"AM"' in complete("diplotrack list --to Arm")
    assert '"Kazakhstan":"KZ"' in complete("diplotrack pair Kaz")
    assert '"Tokajew"' in complete("diplotrack timeline --person Tokaj")
    assert '"2024-04-15-tokayev-armenia"' in complete("diplotrack show 2024-04-15")


def test_completion_never_fails_on_a_broken_or_missing_dataset(tmp_path: Path) -> None:
    (tmp_path / "visits").mkdir()
    (tmp_path / "visits" / "x.yaml").write_bytes(b"\xff\xfe: [")
    (tmp_path / "countries.yaml").write_text("entities: {", encoding="utf-8")
    assert "Traceback" not in complete("diplotrack show x", data=tmp_path)
    assert '"x"' in complete("diplotrack show x", data=tmp_path)
    assert "Traceback" not in complete("diplotrack list --to Arm", data=tmp_path / "missing")
