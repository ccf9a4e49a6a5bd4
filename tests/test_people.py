"""The person registry: spellings, explicit ids, ambiguity, office classes."""

from __future__ import annotations

import datetime as dt

from diplotrack.loader import load_dataset
from diplotrack.model import Participant
from diplotrack.roles import OfficeClass
from tests.support import VALID

REGISTRY = load_dataset(VALID).people


def test_every_spelling_resolves_to_the_person() -> None:
    for spelling in ("Tokajew", "tokayev", "KASSYM-SCHOMART  TOKAJEW", "Токаев", "Kassym-Jomart Tokayev"):
        person = REGISTRY.resolve(Participant(spelling))
        assert person is not None, spelling
        assert person.id == "kassym-jomart-tokayev"


def test_accents_are_ignored() -> None:
    person = REGISTRY.resolve(Participant("Mirsijojew"))
    assert person is not None
    assert REGISTRY.resolve(Participant("Mirsíjojew")) == person


def test_partial_names_do_not_resolve() -> None:
    assert REGISTRY.resolve(Participant("Kassym")) is None


def test_explicit_person_id_wins_over_the_name() -> None:
    person = REGISTRY.resolve(Participant("The President", person="kassym-jomart-tokayev"))
    assert person is not None
    assert person.name == "Kassym-Jomart Tokayev"


def test_office_class_from_registry_then_role_text() -> None:
    day = dt.date(2024, 4, 15)
    assert REGISTRY.office_class(Participant("Tokajew", "President"), day, day) is OfficeClass.HEAD_OF_STATE
    # Mirziyoyev's office has no class in the fixture: the role text decides.
    assert (
        REGISTRY.office_class(Participant("Mirziyoyev", "President"), day, day) is OfficeClass.HEAD_OF_STATE
    )
    # Not in the registry: the role text alone.
    assert (
        REGISTRY.office_class(Participant("X", "Foreign Minister"), day, day) is OfficeClass.FOREIGN_MINISTER
    )
    assert REGISTRY.office_class(Participant("X", "Vice President"), day, day) is None


def test_search_matches_any_part_of_any_spelling() -> None:
    assert [p.id for p in REGISTRY.search("пашинян")] == ["nikol-pashinyan"]
    assert REGISTRY.search("nobody") == []
