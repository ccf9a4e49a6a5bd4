"""A dataset written the way sources write: roles and names in German, Russian, French and Turkish, hosts
without a country, a cancelled and a planned visit, one file with a syntax error, no people/ folder."""

from __future__ import annotations

import json
from typing import Any

import pytest
from typer.testing import CliRunner

from diplotrack.cli import app
from tests.support import DATA

MULTILINGUAL = DATA / "multilingual"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["--data", str(MULTILINGUAL), "--as-of", "2026-06-01", *args])
    return result.exit_code, result.stdout, result.stderr


def ids(*args: str) -> list[str]:
    code, out, _ = run("list", *args, "--format", "json")
    assert code == 0
    return [record["id"] for record in json.loads(out or "[]")]


def test_validates_strictly_with_no_false_warning() -> None:
    code, out, err = run("validate", "--strict")
    assert code == 1  # the one broken file
    assert out.splitlines() == [
        line for line in out.splitlines() if "kaputt.yaml" in line and "yaml-syntax" in line
    ]
    assert "1 error, 0 warnings" in err


def test_there_is_no_people_folder() -> None:
    assert not (MULTILINGUAL / "people").exists()


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("head-of-state", ["tokaev-baku", "tokajew-jerewan", "mirsijojew-abgesagt", "erdogan-bakü"]),
        ("head-of-government", ["pachinian-paris", "paschinjan-astana-geplant"]),
        ("foreign-minister", ["lawrow-jerewan"]),
    ],
)
def test_roles_in_any_language(role: str, expected: list[str]) -> None:
    assert sorted(ids("--role", role)) == sorted(expected)


@pytest.mark.parametrize(
    ("option", "name", "expected"),
    [
        ("--host", "Pashinyan", ["tokajew-jerewan"]),
        ("--host", "Ilham Aliyev", ["erdogan-bakü", "tokaev-baku"]),
        ("--host", "Tokayev", ["paschinjan-astana-geplant"]),
        ("--person", "Токаев", ["tokaev-baku", "tokajew-jerewan"]),
        ("--person", "Pashinyan", ["pachinian-paris", "paschinjan-astana-geplant"]),
    ],
)
def test_people_by_any_spelling_without_a_people_folder(option: str, name: str, expected: list[str]) -> None:
    assert sorted(ids(option, name)) == expected


def test_list_shows_cancelled_and_planned_visits() -> None:
    _, out, _ = run("list", "--format", "json")
    statuses = {record["id"]: record["status"] for record in json.loads(out)}
    assert statuses["mirsijojew-abgesagt"] == "cancelled"
    assert statuses["paschinjan-astana-geplant"] == "planned"


def test_first_leaves_out_what_did_not_happen_and_says_so() -> None:
    code, out, _ = run(
        "first", "--to", "Armenia", "--from", "turkic-speaking", "--role", "head-of-state", "--bilateral",
        "--since", "2024-04-16", "--format", "json",
    )  # fmt: skip
    result: dict[str, Any] = json.loads(out)
    assert code == 0
    assert result["match"] is None  # the 2024-05-20 visit was cancelled
    assert result["left_out_for_status"] == 1
    assert result["previous"]["id"] == "tokajew-jerewan"


def test_pair_and_stats_count_only_what_happened() -> None:
    code, out, _ = run("pair", "Kasachstan", "Armenien", "--format", "json")
    assert code == 0
    result = json.loads(out)
    assert [r["id"] for r in result["a_to_b"]] == ["tokajew-jerewan"]
    assert result["b_to_a"] == [] and result["left_out_for_status"] == 1
    _, out, err = run("stats", "--by", "visitor-country", "--format", "json")
    counts = {row["key"]: row["count"] for row in json.loads(out)}
    assert counts == {"Kazakhstan": 2, "Armenia": 1, "Türkiye": 1, "Russia": 1}
    assert "2 matching visit(s) that did not happen were not counted" in err


@pytest.mark.parametrize("command", ["list", "timeline", "stats", "people"])
def test_every_query_says_the_broken_file_was_left_out(command: str) -> None:
    _, _, err = run(command)
    if command != "people":
        assert "kaputt.yaml" in err
