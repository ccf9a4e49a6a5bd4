"""People, countries and places found in sentences through the registries, in any grammatical form."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from diplotrack.draft.finding import Finder, Kind
from diplotrack.draft.lexicon import Language, lexicon
from diplotrack.draft.morph import forms
from diplotrack.draft.text import sentences
from diplotrack.loader import Registries, load_registries


@pytest.fixture(scope="module")
def builtin() -> Registries:
    return load_registries(Path("/nonexistent-dataset"))


def found(
    registries: Registries, text: str, language: Language, day: dt.date = dt.date(2024, 4, 15)
) -> list[tuple[str, str, bool]]:
    finder = Finder(registries.people, registries.countries, lexicon(), language, day)
    [sentence] = sentences(text)
    return [(m.kind.value, m.key, m.adjective) for m in finder.find(sentence)]


def test_russian_forms_reach_the_dictionary_form() -> None:
    assert "токаев" in forms("Токаевым", Language.RU)
    assert "токаев" in forms("Токаева", Language.RU)
    assert "армения" in forms("Армении", Language.RU)
    assert "киргизия" in forms("Киргизию", Language.RU)
    assert "tokajew" in forms("Tokajews", Language.DE)
    assert "kazakhstan" in forms("Kazakhstan's", Language.EN)


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("Tokajews Besuch", Language.DE, ("person", "kassym-jomart-tokayev", False)),
        ("встреча с Токаевым", Language.RU, ("person", "kassym-jomart-tokayev", False)),
        ("визит Токаева", Language.RU, ("person", "kassym-jomart-tokayev", False)),
        ("Kassym-Schomart Tokajew", Language.DE, ("person", "kassym-jomart-tokayev", False)),
        ("in Armeniens Hauptstadt", Language.DE, ("country", "AM", False)),
        ("in die kasachische Hauptstadt", Language.DE, ("country", "KZ", True)),
        ("прибыл в Киргизию", Language.RU, ("country", "KG", False)),
        ("в Армении", Language.RU, ("country", "AM", False)),
        ("the Kazakh President", Language.EN, ("country", "KZ", True)),
        ("in Jerewan", Language.DE, ("place", "Yerevan", False)),
        ("в Бишкеке", Language.RU, ("place", "Bishkek", False)),
        ("nach Tiflis", Language.DE, ("place", "Tbilisi", False)),
    ],
)
def test_finds_names_in_their_grammatical_forms(
    builtin: Registries, text: str, language: Language, expected: tuple[str, str, bool]
) -> None:
    assert expected in found(builtin, text, language)


def test_a_bare_surname_is_the_person_in_office_then(builtin: Registries) -> None:
    # "Alijew" is a surname of Ilham and of Heydar Aliyev; in 2024 only Ilham held an office.
    finder = Finder(builtin.people, builtin.countries, lexicon(), Language.DE, dt.date(2024, 4, 15))
    [sentence] = sentences("Gespräche mit Ilhan Alijew")
    [mention] = finder.find(sentence)
    assert (mention.kind, mention.key, mention.surname_only) == (Kind.PERSON, "ilham-aliyev", True)


def test_lower_case_words_are_not_names(builtin: Registries) -> None:
    assert found(builtin, "die armenien und baku", Language.DE) == []


def test_persons_country_is_the_office_held_on_the_day(builtin: Registries) -> None:
    finder = Finder(builtin.people, builtin.countries, lexicon(), Language.EN, dt.date(2024, 4, 15))
    [sentence] = sentences("Nikol Pashinyan met them")
    assert finder.find(sentence)[0].country == "AM"
