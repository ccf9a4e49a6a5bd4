"""Dates in report sentences: absolute, relative to the publication date, ranges and lengths."""

from __future__ import annotations

import datetime as dt

import pytest

from diplotrack.dates import Precision
from diplotrack.draft.datefind import find_dates, find_duration
from diplotrack.draft.lexicon import Language, lexicon
from diplotrack.draft.text import sentences

MONDAY = dt.date(2024, 4, 15)


def dates(
    text: str, language: Language, published: dt.date | None = MONDAY
) -> list[tuple[str, str, str, bool]]:
    [sentence] = sentences(text)
    return [
        (m.first.isoformat(), m.last.isoformat(), m.precision.name, m.relative)
        for m in find_dates(sentence, language, published, lexicon())
    ]


@pytest.mark.parametrize(
    ("text", "language", "day"),
    [
        ("Tokajew ist am Montag in Jerewan eingetroffen.", Language.DE, "2024-04-15"),
        ("Токаев прибыл в четверг.", Language.RU, "2024-04-11"),
        ("He arrived on Wednesday.", Language.EN, "2024-04-10"),
        ("Er wird am Mittwoch erwartet.", Language.DE, "2024-04-17"),
        ("Am 15. April 2024 traf er ein.", Language.DE, "2024-04-15"),
        ("Визит 15 апреля.", Language.RU, "2024-04-15"),
    ],
)
def test_one_day(text: str, language: Language, day: str) -> None:
    assert [d[0] for d in dates(text, language) if d[2] == "DAY"] == [day]


def test_ordinary_words_are_not_dates() -> None:
    assert dates("Die Gespräche dauerten zwei Tage.", Language.DE) == []


def test_ranges_give_first_and_last_day() -> None:
    assert dates("Er ist vom 7. bis 9. April in Astana.", Language.DE) == [
        ("2024-04-07", "2024-04-09", "DAY", False)
    ]
    assert dates("On April 15-16 he met them.", Language.EN) == [("2024-04-15", "2024-04-16", "DAY", False)]
    assert dates("Визит 11-12 апреля.", Language.RU) == [("2024-04-11", "2024-04-12", "DAY", False)]


def test_last_week_and_months() -> None:
    assert dates("Vergangene Woche war er in Baku.", Language.DE) == [
        ("2024-04-08", "2024-04-14", "DAY", True)
    ]
    assert dates("Mitte März reiste er.", Language.DE) == [("2024-03-01", "2024-03-31", "MONTH", True)]


def test_dates_far_from_publication_and_bare_years_are_left_out() -> None:
    assert dates("Seit dem Krieg 2020 und dem 6. November 2025.", Language.DE) == []


def test_relative_dates_need_the_publication_date() -> None:
    assert dates("am Montag", Language.DE, published=None) == []
    assert dates("am 15. April 2024", Language.DE, published=None)[0][2] == Precision.DAY.name


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("ein zweitägiger Staatsbesuch", Language.DE),
        ("a two-day state visit", Language.EN),
        ("Визит продлится два дня.", Language.RU),
        ("двухдневный визит", Language.RU),
    ],
)
def test_two_days(text: str, language: Language) -> None:
    [sentence] = sentences(text)
    found = find_duration(sentence, language, lexicon())
    assert found is not None and found[0] == 2
