"""``draft`` end to end in the library: the seed report, round trips, several visits, no visit, hostile text."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from diplotrack.draft import DraftResult, NoVisitFound, draft
from diplotrack.draft.output import DRAFT_RENDERERS, DraftFormat, draft_json, draft_yaml
from diplotrack.loader import Registries, load_registries, parse_file
from diplotrack.records import visit_record
from tests.support import DATA

SEED = DATA / "draft" / "de-seed.txt"


@pytest.fixture(scope="module")
def builtin() -> Registries:
    return load_registries(Path("/nonexistent-dataset"))


def seed(registries: Registries, url: str | None = None) -> DraftResult:
    text = SEED.read_text(encoding="utf-8")
    return draft(text, registries.people, registries.countries, published=dt.date(2024, 4, 15), url=url)


def test_the_seed_report_drafts_tokayev_in_yerevan(builtin: Registries) -> None:
    result = seed(builtin)
    main = result.drafts[0]
    assert main.main
    record = main.record
    assert record["visitor"] == {
        "name": "Kassym-Jomart Tokayev",
        "role": "President",
        "country": "Kazakhstan",
    }
    assert record["destination"] == {"country": "Armenia", "places": ["Yerevan"]}
    assert record["hosts"] == [{"name": "Nikol Pashinyan", "role": "Prime Minister"}]
    assert record["start"] == "2024-04-15"
    assert record["topics"] == ["trade", "transit", "transport", "investment", "culture", "regional-security"]
    assert list(record) == ["visitor", "destination", "hosts", "start", "type", "topics"]


def test_the_seed_reports_a_second_visit_marked_as_such(builtin: Registries) -> None:
    result = seed(builtin)
    assert [d.main for d in result.drafts] == [True, False]
    other = result.drafts[1].record
    assert (other["destination"]["country"], other["hosts"][0]["name"], other["start"]) == (
        "Azerbaijan",
        "Ilham Aliyev",
        "2024-03",
    )
    text = draft_yaml(result, "seed.txt")
    assert "# visit 1 of 2: the main visit" in text
    assert "# visit 2 of 2: another visit" in text


def test_yaml_reads_back_as_the_same_records_and_validates(builtin: Registries) -> None:
    result = seed(builtin, url="https://example.org/report")
    text = draft_yaml(result, "seed.txt")
    parsed = parse_file(Path("draft.yaml"), text.encode(), builtin.countries)
    assert parsed.problems == ()
    assert [visit_record(v, with_id=False) for v in parsed.visits] == [d.record for d in result.drafts]
    assert result.drafts[0].record["sources"] == [
        {
            "url": "https://example.org/report",
            "published": "2024-04-15",
            "language": "de",
            "reported_type": "state",
        }
    ]


def test_unsure_fields_carry_check_comments_citing_their_sentence(builtin: Registries) -> None:
    text = draft_yaml(seed(builtin), "seed.txt")
    assert "# check: 'am Montag' read as Monday 2024-04-15" in text
    assert '# from [3] "Jerewan"' in text
    assert "# [3] Kasachstans Präsident Kassym-Schomart Tokajew ist am Montag" in text
    # Without --url the source is a commented-out entry to complete, so the record still validates.
    assert "#   - url: https://…" in text


def test_json_is_the_records(builtin: Registries) -> None:
    result = seed(builtin)
    assert json.loads(draft_json(result.drafts)) == [d.record for d in result.drafts]


def test_every_format_has_a_renderer() -> None:
    assert set(DRAFT_RENDERERS) == set(DraftFormat)


@pytest.mark.parametrize("name", ["en-no-visit", "ru-no-visit"])
def test_a_text_without_a_visit_is_refused(builtin: Registries, name: str) -> None:
    text = (DATA / "draft" / f"{name}.txt").read_text(encoding="utf-8")
    with pytest.raises(NoVisitFound):
        draft(text, builtin.people, builtin.countries, published=dt.date(2024, 4, 15))


def test_hostile_text_never_reaches_the_output_raw(builtin: Registries) -> None:
    text = (
        "Kazakhstan's President Kassym-Jomart Tokayev\x1b[2J arrived in Yerevan\u2028on Monday for a state "
        "visit.\x85\nNikol Pashinyan\u202e received him. --- \n# not a comment"
    )
    result = draft(text, builtin.people, builtin.countries, published=dt.date(2024, 4, 15))
    rendered = draft_yaml(result, "evil\nname.txt")
    assert not any(c in rendered for c in "\x1b\u2028\x85\u202e")
    parsed = parse_file(Path("draft.yaml"), rendered.encode(), builtin.countries)
    assert parsed.problems == ()
    assert [visit_record(v, with_id=False) for v in parsed.visits] == [d.record for d in result.drafts]


def test_without_a_publication_date_relative_dates_are_not_guessed(builtin: Registries) -> None:
    with pytest.raises(NoVisitFound, match="--published"):
        draft("Tokayev arrived in Yerevan on Monday.", builtin.people, builtin.countries)
    result = draft("Tokayev arrived in Yerevan on 15 April 2024.", builtin.people, builtin.countries)
    assert result.drafts[0].record["start"] == "2024-04-15"
