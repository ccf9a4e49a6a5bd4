"""The question-answering commands through the CLI: timeline, first, pair, stats, people, groups."""

from __future__ import annotations

import json
from pathlib import Path

from tests.support import REPO
from tests.test_cli import run

SEED_CLAIM = ("first", "--to", "Armenia", "--from", "ots", "--role", "head-of-state", "--bilateral")


def test_first_text_shows_match_count_and_previous() -> None:
    code, out, _ = run(*SEED_CLAIM, "--since", "2020-09-27")
    assert code == 0
    assert "The 1st matching visit on or after 2020-09-27" in out
    assert "Tokajew" in out or "Tokayev" in out
    assert "Matching visits in the window: 1" in out
    assert "Last matching visit before 2020-09-27: 2020: Shavkat Mirziyoyev" in out


def test_first_json_shape() -> None:
    code, out, _ = run(*SEED_CLAIM, "--since", "2020-09-27", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert set(data) == {"match", "count", "previous", "left_out_for_status"}
    assert data["match"]["id"] == "2024-04-15-tokayev-armenia"
    assert data["previous"]["id"] == "2020-mirziyoyev-armenia"


def test_first_on_the_bundled_dataset_reproduces_the_seed_claim() -> None:
    code, out, _ = run(*SEED_CLAIM, "--since", "2020-09-27", "--format", "json", data=REPO)
    assert code == 0
    data = json.loads(out)
    assert data["match"]["id"] == "2024-04-15-tokayev-armenia"
    assert data["count"] == 1
    assert data["previous"] is None


def test_second_visit_to_the_region_within_weeks_on_the_bundled_dataset() -> None:
    args = ("first", "--person", "Tokajew", "--to", "south-caucasus", "--since", "2024-03", "--nth", "2")
    code, out, _ = run(*args, "--format", "json", data=REPO)
    assert code == 0
    data = json.loads(out)
    assert data["match"]["id"] == "2024-04-15-tokayev-armenia"
    assert data["previous"]["destination"]["country"] == "AZ"


def test_pair_json() -> None:
    code, out, _ = run("pair", "Kasachstan", "Armenien", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert (data["a"], data["b"]) == ("KZ", "AM")
    assert [r["id"] for r in data["a_to_b"]] == ["csto-yerevan-1", "2024-04-15-tokayev-armenia"]
    assert len(data["b_to_a"]) == 1 and data["left_out_for_status"] == 1


def test_pair_text_has_counts_last_visits_and_a_timeline() -> None:
    code, out, _ = run("pair", "KZ", "AM")
    assert code == 0
    assert "Kazakhstan → Armenia" in out
    assert "1 summit, 1 official" in out
    assert "not yet returned" in out
    assert "2024" in out and "2022" in out


def test_stats_json_and_csv() -> None:
    code, out, _ = run("stats", "--by", "visitor-country", "--format", "json")
    assert code == 0
    counts = {row["key"]: row["count"] for row in json.loads(out)}
    assert counts["Kazakhstan"] == 3
    code, out, _ = run("stats", "--by", "type", "--format", "csv", "--to", "AM")
    assert out.splitlines()[0] == "key,count"
    assert "summit,2" in out.splitlines()


def test_stats_chart() -> None:
    code, out, _ = run("stats", "--by", "year")
    assert code == 0
    assert "2022" in out and "█" in out


def test_timeline_itinerary_and_svg(tmp_path: Path) -> None:
    svg = tmp_path / "t.svg"
    code, out, err = run("timeline", "--person", "Tokajew", "--by", "month", "--svg", str(svg))
    assert code == 0
    assert "March 2024" in out and "April 2024" in out
    assert svg.read_text(encoding="utf-8").startswith("<svg")
    assert "saved" in err


def test_timeline_never_overwrites(tmp_path: Path) -> None:
    html = tmp_path / "t.html"
    html.write_text("mine", encoding="utf-8")
    code, _, err = run("timeline", "--html", str(html))
    assert code == 2
    assert "never overwrites" in err
    assert html.read_text(encoding="utf-8") == "mine"


def test_people_and_groups_commands() -> None:
    code, out, _ = run("people", "Tokajew")
    assert code == 0
    assert "kassym-jomart-tokayev" in out
    code, out, _ = run("people", "Paschinjan", "--format", "json")
    assert json.loads(out)[0]["offices"][0]["class"] == "head-of-government"
    code, out, _ = run("groups", "Turkic Council")
    assert code == 0
    assert "Uzbekistan (UZ)" in out and "2019-10-15" in out and "observer" in out
    code, out, _ = run("groups", "--format", "json")
    assert {g["id"] for g in json.loads(out)} >= {"ots", "csto", "caspian"}
    code, _, err = run("groups", "Warsaw Pact")
    assert code == 1
    assert "no group" in err


def test_between_is_both_ways_and_nothing_else() -> None:
    code, out, _ = run("list", "--between", "Kasachstan", "AM", "--format", "json")
    assert code == 0
    ids = [r["id"] for r in json.loads(out)]
    assert ids == [
        "pashinyan-kazakhstan-1",
        "csto-yerevan-1",
        "2024-04-15-tokayev-armenia",
        "pashinyan-astana-2025",
    ]
    code, out, _ = run("timeline", "--between", "ots", "Armenia")
    assert "Sadyr Japarov" in out
    assert "Mirziyoyev" in out  # Uzbekistan was an OTS member in 2020
