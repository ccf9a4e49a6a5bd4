"""Visitors the registry does not know: a title and a name as written, never a visit the text does not report."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from typer.testing import CliRunner

from diplotrack.cli import app
from diplotrack.draft import NoVisitFound, draft
from diplotrack.draft.finding import Finder
from diplotrack.draft.lexicon import Language, lexicon
from diplotrack.draft.output import draft_yaml
from diplotrack.draft.text import sentences
from diplotrack.draft.written import WrittenPerson, find_written
from diplotrack.loader import Registries, load_registries, parse_file
from diplotrack.records import visit_record
from tests.support import VALID

DAY = dt.date(2015, 7, 8)


@pytest.fixture(scope="module")
def builtin() -> Registries:
    return load_registries(Path("/nonexistent-dataset"))


def written(registries: Registries, text: str, language: Language) -> list[WrittenPerson]:
    finder = Finder(registries.people, registries.countries, lexicon(), language, DAY)
    found = sentences(text)
    return find_written(found, {s.number: finder.find(s) for s in found}, language, lexicon())


def visitor(registries: Registries, text: str, day: dt.date = DAY) -> dict[str, str]:
    result = draft(text, registries.people, registries.countries, published=day)
    record: dict[str, str] = result.drafts[0].record["visitor"]
    return record


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        (
            "Der indische Außenminister Subrahmanyam Jaishankar ist in Jerewan eingetroffen.",
            Language.DE,
            ("Subrahmanyam Jaishankar", "Foreign Minister", "IN", "Außenminister"),
        ),
        (
            "India's Prime Minister Narendra Modi arrived in Astana.",
            Language.EN,
            ("Narendra Modi", "Prime Minister", "IN", "Prime Minister"),
        ),
        (
            "Президент Южной Кореи Юн Сок Ёль прибыл в Астану.",
            Language.RU,
            ("Юн Сок Ёль", "President", "KR", "Президент"),
        ),
        (
            "Brazilian President Luiz Inácio Lula da Silva arrived in Astana.",
            Language.EN,
            ("Luiz Inácio Lula da Silva", "President", "BR", "President"),
        ),
        (
            "Präsident Pedro Sánchez reiste nach Astana.",
            Language.DE,
            ("Pedro Sánchez", "President", None, "Präsident"),
        ),
    ],
)
def test_a_title_and_a_name_give_the_person_as_written(
    builtin: Registries, text: str, language: Language, expected: tuple[str, str, str | None, str]
) -> None:
    [person] = written(builtin, text, language)
    assert (person.name, person.role, person.country, person.title_words) == expected


def test_registry_people_countries_and_single_words_are_not_written_names(builtin: Registries) -> None:
    assert written(builtin, "Präsident Kassym-Schomart Tokajew reiste nach Jerewan.", Language.DE) == []
    assert written(builtin, "President Modi arrived in Astana.", Language.EN) == []
    assert written(builtin, "Der Präsident Kasachstans Tokajew reiste nach Jerewan.", Language.DE) == []
    # German capitalises every noun: a noun after the name is not part of it.
    [person] = written(builtin, "Premierminister Narendra Modi Handelsbeziehungen lobte.", Language.DE)
    assert person.name == "Narendra Modi"


def test_russian_keeps_the_nominative_when_the_text_has_it(builtin: Registries) -> None:
    text = (
        "В Астане ждут премьер-министра Индии Нарендру Моди. "
        "Премьер-министр Индии Нарендра Моди прибыл в Астану во вторник."
    )
    [person] = written(builtin, text, Language.RU)
    assert (person.name, person.sentence, person.country) == ("Нарендра Моди", 2, "IN")
    only_genitive = "Визит премьер-министра Индии Нарендры Моди в Казахстан начался во вторник."
    [person] = written(builtin, only_genitive, Language.RU)
    assert person.name == "Нарендры Моди"  # as written: nothing is inflected


def test_the_visitor_is_marked_as_not_from_the_registry_and_reads_back(builtin: Registries) -> None:
    text = (
        "Indian Prime Minister Narendra Modi arrived in Astana on Tuesday. "
        "Modi held talks with President Nursultan Nazarbayev."
    )
    result = draft(text, builtin.people, builtin.countries, published=DAY)
    record = result.drafts[0].record
    assert record["visitor"] == {"name": "Narendra Modi", "role": "Prime Minister", "country": "India"}
    assert record["hosts"] == [{"name": "Nursultan Nazarbayev", "role": "President"}]  # found by "Modi"
    rendered = draft_yaml(result, "modi.txt")
    assert "# check: not in the person registry: the name as the text writes it" in rendered
    assert "# check: not from the registry: the text's title 'Prime Minister'" in rendered
    assert "# check: not from the registry: the text's 'Indian'" in rendered
    parsed = parse_file(Path("draft.yaml"), rendered.encode(), builtin.countries)
    assert parsed.problems == ()
    assert [visit_record(v, with_id=False) for v in parsed.visits] == [d.record for d in result.drafts]


def test_a_registry_visitor_comes_first(builtin: Registries) -> None:
    text = "Kazakh President Kassym-Jomart Tokayev and President Pedro Sánchez arrived in Yerevan on Monday."
    record = visitor(builtin, text, dt.date(2024, 4, 15))
    assert record["name"] == "Kassym-Jomart Tokayev"


def test_without_a_country_in_the_text_none_is_invented(builtin: Registries) -> None:
    text = "Prime Minister Narendra Modi arrived in Astana on Tuesday."
    result = draft(text, builtin.people, builtin.countries, published=DAY)
    assert result.drafts[0].record["visitor"] == {"name": "Narendra Modi", "role": "Prime Minister"}
    assert "add visitor.country (required)" in draft_yaml(result, "modi.txt")


@pytest.mark.parametrize(
    "text",
    [
        "Prime Minister Narendra Modi said India's economy grew by eight percent. Astana is the capital of "
        "Kazakhstan, and its financial centre courts Indian investors.",
        "Президент Южной Кореи Юн Сок Ёль заявил, что экономика страны растёт. Астана — столица Казахстана.",
    ],
)
def test_a_named_person_without_a_visit_drafts_nothing(builtin: Registries, text: str) -> None:
    with pytest.raises(NoVisitFound):
        draft(text, builtin.people, builtin.countries, published=DAY)
    result = CliRunner().invoke(
        app, ["--data", str(VALID), "draft", "-", "--published", "2015-07-08"], input=text
    )
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "no visit found" in result.stderr
