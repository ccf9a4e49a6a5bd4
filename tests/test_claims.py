"""Claim checks (first), bilateral histories (pair) and counts (stats) on the fixture dataset."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from diplotrack.claims import StatsBy, compare_pair, count_by, find_first, visitor_level
from diplotrack.filters import Resolution, resolve_place
from diplotrack.loader import Dataset
from diplotrack.query import Query, build_query
from diplotrack.roles import OfficeClass
from tests.support import TODAY


@pytest.fixture
def dataset(valid: Dataset) -> Dataset:
    return valid


def query(dataset: Dataset, today: dt.date = TODAY, **options: Any) -> Query:
    return build_query(options, dataset.registries, today)


def first(dataset: Dataset, nth: int = 1, **options: Any) -> tuple[str | None, int, str | None]:
    result = find_first(dataset.visits, query(dataset, **options), dataset.registries, nth)
    return (
        result.match.id if result.match else None,
        result.count,
        result.previous.id if result.previous else None,
    )


SEED_CLAIM: dict[str, Any] = {
    "to": ("Armenia",),
    "from_": ("ots",),
    "role": (OfficeClass.HEAD_OF_STATE,),
    "since": "2020-09-27",
}


def test_first_without_bilateral_finds_the_summit(dataset: Dataset) -> None:
    assert first(dataset, **SEED_CLAIM) == ("csto-yerevan-1", 3, "2020-mirziyoyev-armenia")


def test_first_bilateral_skips_the_summit(dataset: Dataset) -> None:
    assert first(dataset, **SEED_CLAIM, bilateral=True) == (
        "2024-04-15-tokayev-armenia",
        1,
        "2020-mirziyoyev-armenia",
    )


def test_uzbekistan_2018_is_not_an_ots_visit_but_2020_is(dataset: Dataset) -> None:
    match, count, previous = first(dataset, to=("Armenia",), from_=("ots",), since="2018")
    assert match == "2020-mirziyoyev-armenia"
    assert count == 4
    assert previous is None


def test_nth_and_no_match(dataset: Dataset) -> None:
    assert first(dataset, 2, person=("Tokajew",), since="2024-03")[0] == "2024-04-15-tokayev-armenia"
    assert first(dataset, 3, person=("Tokajew",), since="2024-03") == (None, 2, "csto-yerevan-1")


def test_observers_widen_group_filters(dataset: Dataset) -> None:
    assert first(dataset, from_=("ots",), to=("KZ",))[0] is None
    assert first(dataset, from_=("ots",), to=("KZ",), include_observers=True)[0] == "2023-orban-kazakhstan"


def test_pair_counts_both_ways_and_unreturned_visits(dataset: Dataset) -> None:
    kz = resolve_place("Kasachstan", Resolution(dataset.registries, TODAY, "A"))
    am = resolve_place("AM", Resolution(dataset.registries, TODAY, "B"))
    result = compare_pair(
        dataset.visits, kz, am, query(dataset), dataset.registries, visitor_level(dataset.people)
    )
    assert [v.id for v in result.a_to_b] == ["csto-yerevan-1", "2024-04-15-tokayev-armenia"]
    # The confirmed 2027 visit has not happened: it is not counted, but the result says one was left out.
    assert [v.id for v in result.b_to_a] == ["pashinyan-kazakhstan-1"]
    assert result.left_out == 1
    # Kazakhstan's head of state went to Armenia, Armenia's head of government came back:
    # neither level has been returned in kind.
    assert [v.id for v in result.a_unreturned] == ["csto-yerevan-1", "2024-04-15-tokayev-armenia"]
    assert [v.id for v in result.b_unreturned] == ["pashinyan-kazakhstan-1"]


def test_status_option_counts_what_is_coming_too(dataset: Dataset) -> None:
    kz = resolve_place("KZ", Resolution(dataset.registries, TODAY, "A"))
    am = resolve_place("AM", Resolution(dataset.registries, TODAY, "B"))
    coming = query(dataset, status=["completed", "confirmed"])
    result = compare_pair(dataset.visits, kz, am, coming, dataset.registries, visitor_level(dataset.people))
    assert [v.id for v in result.b_to_a] == ["pashinyan-kazakhstan-1", "pashinyan-astana-2025"]
    assert result.left_out == 0


def test_first_never_answers_with_a_cancelled_or_planned_visit(dataset: Dataset) -> None:
    # The 2018 Mirziyoyev visit to Armenia was cancelled; the 2027 Pashinyan visit is only confirmed.
    assert first(dataset, to=["Armenia"], since="2018")[0] == "2020-mirziyoyev-armenia"
    assert first(dataset, person=["Paschinjan"], since="2026")[:2] == (None, 0)
    assert (
        first(dataset, to=["Armenia"], since="2018", status=["cancelled"])[0] == "2018-06-mirziyoyev-armenia"
    )


def test_a_later_visit_at_the_same_level_returns_one(dataset: Dataset) -> None:
    am = resolve_place("AM", Resolution(dataset.registries, TODAY, "A"))
    kz = resolve_place("KZ", Resolution(dataset.registries, TODAY, "B"))
    level = visitor_level(dataset.people)
    # Treat every visit as one level: the later visits to Armenia return the 2022 visit to Kazakhstan;
    # nothing has returned the (confirmed) 2027 one yet.
    coming = query(dataset, status=["completed", "confirmed"])
    result = compare_pair(dataset.visits, am, kz, coming, dataset.registries, lambda v: "any")
    assert [v.id for v in result.a_unreturned] == ["pashinyan-astana-2025"]
    assert level(result.a_to_b[0]) == "head-of-government"


def test_pair_with_a_group(dataset: Dataset) -> None:
    ots = resolve_place("Turkic Council", Resolution(dataset.registries, TODAY, "A"))
    am = resolve_place("Armenia", Resolution(dataset.registries, TODAY, "B"))
    result = compare_pair(
        dataset.visits, ots, am, query(dataset), dataset.registries, visitor_level(dataset.people)
    )
    assert len(result.a_to_b) == 4
    # Armenia's visit to Kazakhstan is a visit to an OTS member.
    assert [v.id for v in result.b_to_a] == ["pashinyan-kazakhstan-1"]


def test_stats_by_year_and_topic(dataset: Dataset) -> None:
    counts = count_by(dataset.visits, StatsBy.YEAR, dataset.people)
    assert [(c.key, c.count) for c in counts] == [
        ("2018", 1), ("2020", 1), ("2022", 3), ("2023", 1), ("2024", 2), ("2027", 1)
    ]  # fmt: skip
    topics = {c.key: c.count for c in count_by(dataset.visits, StatsBy.TOPIC, dataset.people)}
    assert topics["trade"] == 4


def test_stats_by_person_uses_the_registry_name(dataset: Dataset) -> None:
    counts = {c.key: c.count for c in count_by(dataset.visits, StatsBy.PERSON, dataset.people)}
    assert counts["Kassym-Jomart Tokayev"] == 3
    assert counts["Nikol Pashinyan"] == 2


def test_status_filter_reads_the_status_as_of_the_query(dataset: Dataset) -> None:
    # pashinyan-kazakhstan-1 (Feb 2022) states no status: planned as of 2021, completed as of 2024;
    # pashinyan-astana-2025 states "confirmed", whatever the day.
    def completed(today: dt.date) -> list[str]:
        found = find_first(
            dataset.visits,
            query(dataset, today, person=("Paschinjan",), status=("completed",)),
            dataset.registries,
        )
        return [found.match.id] if found.match else []

    assert completed(dt.date(2021, 1, 1)) == []
    assert completed(dt.date(2024, 1, 1)) == ["pashinyan-kazakhstan-1"]
    assert completed(dt.date(2030, 1, 1)) == ["pashinyan-kazakhstan-1"]
