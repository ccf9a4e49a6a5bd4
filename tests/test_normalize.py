"""The one text normaliser shared by countries, people, groups, roles and queries."""

from __future__ import annotations

import pytest

from diplotrack.normalize import normalize


@pytest.mark.parametrize(
    ("written", "other"),
    [
        ("  Erdoğan ", "ERDOGAN"),
        ("Kassym-Jomart   Tokayev", "Kassym Jomart Tokayev"),
        ("Kassym–Jomart Tokayev", "kassym jomart tokayev"),
        ("Iğdır", "Igdir"),
        ("İstanbul", "istanbul"),
        ("Straße", "Strasse"),
        ("Côte d’Ivoire", "Cote d'Ivoire"),
        ("Токаев", "ТОКАЕВ"),
        ("Guinea-Bissau", "Guinea Bissau"),
    ],
)
def test_spellings_share_a_key(written: str, other: str) -> None:
    assert normalize(written) == normalize(other)


@pytest.mark.parametrize(("a", "b"), [("Georgia", "Georgien"), ("Қасым", "Касым"), ("Iran", "Iraq")])
def test_different_names_stay_apart(a: str, b: str) -> None:
    assert normalize(a) != normalize(b)


def test_key_is_lower_case_single_spaced() -> None:
    assert normalize(" Kassym-Jomart\tTOKAYEV ") == "kassym jomart tokayev"


def test_azerbaijani_schwa_reads_as_a() -> None:
    assert normalize("İlham Əliyev") == normalize("Ilham Aliyev")
