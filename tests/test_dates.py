"""Partial dates: strict record dates and the friendlier forms accepted by options."""

from __future__ import annotations

import datetime as dt

import pytest

from diplotrack.dates import DateError, PartialDate, Precision, parse_iso, parse_user_date


def test_precision_is_kept() -> None:
    assert parse_iso("2024").precision is Precision.YEAR
    assert parse_iso("2024-03").precision is Precision.MONTH
    assert parse_iso("2024-03-15").precision is Precision.DAY


def test_a_month_means_the_whole_month() -> None:
    month = parse_iso("2024-02")
    assert (month.first_day, month.last_day) == (dt.date(2024, 2, 1), dt.date(2024, 2, 29))
    year = parse_iso("2023")
    assert (year.first_day, year.last_day) == (dt.date(2023, 1, 1), dt.date(2023, 12, 31))


@pytest.mark.parametrize(
    "text", ["2024-02-30", "2023-02-29", "2024-13", "2024-00-10", "24-03-01", "15.04.2024"]
)
def test_impossible_or_malformed_dates_are_errors(text: str) -> None:
    with pytest.raises(DateError):
        parse_iso(text)


def test_february_30_message_says_why() -> None:
    with pytest.raises(DateError, match="February 2024 has 29 days"):
        parse_iso("2024-02-30")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024", PartialDate(2024)),
        ("2024-03", PartialDate(2024, 3)),
        ("March 2024", PartialDate(2024, 3)),
        ("15 April 2024", PartialDate(2024, 4, 15)),
        ("April 15, 2024", PartialDate(2024, 4, 15)),
        ("25/03/2024", PartialDate(2024, 3, 25)),
    ],
)
def test_user_dates(text: str, expected: PartialDate) -> None:
    assert parse_user_date(text) == expected


@pytest.mark.parametrize("text", ["05/03/2024", "5.3.2024", "03-05-2024"])
def test_ambiguous_day_month_order_is_refused_with_a_hint(text: str) -> None:
    with pytest.raises(DateError, match="ambiguous"):
        parse_user_date(text)


def test_user_date_without_year_is_refused() -> None:
    with pytest.raises(DateError, match="no year"):
        parse_user_date("March")


def test_human_forms() -> None:
    assert PartialDate(2024, 4, 15).human() == "15 Apr 2024"
    assert PartialDate(2024, 4).human() == "Apr 2024"
    assert PartialDate(2024).isoformat() == "2024"
