"""The person registry: spellings, explicit ids, ambiguity, office classes."""

from __future__ import annotations

import datetime as dt

import pytest

from diplotrack.loader import Dataset
from diplotrack.model import Participant
from diplotrack.people import Registry
from diplotrack.roles import OfficeClass


@pytest.fixture
def people(valid: Dataset) -> Registry:
    return valid.people


def test_every_spelling_resolves_to_the_person(people: Registry) -> None:
    for spelling in ("Tokajew", "tokayev", "KASSYM-SCHOMART  TOKAJEW", "Токаев", "Kassym-Jomart Tokayev"):
        person = people.resolve(Participant(spelling))
        assert person is not None, spelling
        assert person.id == "kassym-jomart-tokayev"


def test_accents_are_ignored(people: Registry) -> None:
    person = people.resolve(Participant("Mirsijojew"))
    assert person is not None
    assert people.resolve(Participant("Mirsíjojew")) == person


def test_partial_names_do_not_resolve(people: Registry) -> None:
    assert people.resolve(Participant("Kassym")) is None


def test_explicit_person_id_wins_over_the_name(people: Registry) -> None:
    person = people.resolve(Participant("The President", person="kassym-jomart-tokayev"))
    assert person is not None
    assert person.name == "Kassym-Jomart Tokayev"


def test_office_class_from_registry_then_role_text(people: Registry) -> None:
    day = dt.date(2024, 4, 15)
    assert people.office_class(Participant("Tokajew", "President"), day, day) is OfficeClass.HEAD_OF_STATE
    # Mirziyoyev's office has no class in the fixture: the role text decides.
    assert people.office_class(Participant("Mirziyoyev", "President"), day, day) is OfficeClass.HEAD_OF_STATE
    # Not in the registry: the role text alone.
    assert people.office_class(Participant("X", "Foreign Minister"), day, day) is OfficeClass.FOREIGN_MINISTER
    assert people.office_class(Participant("X", "Vice President"), day, day) is None


def test_search_matches_any_part_of_any_spelling(people: Registry) -> None:
    assert [p.id for p in people.search("пашинян")] == ["nikol-pashinyan"]
    assert people.search("nobody") == []
