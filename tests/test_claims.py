"""Claim checks (first), bilateral histories (pair) and counts (stats) on the fixture dataset."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

from diplotrack.claims import StatsBy, compare_pair, count_by, find_first, visitor_level
from diplotrack.loader import load_dataset
from diplotrack.roles import OfficeClass
from diplotrack.selection import FilterOptions, build_query, resolve_place
from tests.conftest import TODAY, VALID

DATASET = load_dataset(VALID, TODAY)


def first(nth: int = 1, **options: Any) -> tuple[str | None, int, str | None]:
    result = find_first(DATASET.visits, build_query(DATASET, FilterOptions(**options)), nth)
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


def test_first_without_bilateral_finds_the_summit() -> None:
    assert first(**SEED_CLAIM) == ("csto-yerevan-1", 3, "2020-mirziyoyev-armenia")


def test_first_bilateral_skips_the_summit() -> None:
    assert first(**SEED_CLAIM, bilateral=True) == ("2024-04-15-tokayev-armenia", 1, "2020-mirziyoyev-armenia")


def test_uzbekistan_2018_is_not_an_ots_visit_but_2020_is() -> None:
    match, count, previous = first(to=("Armenia",), from_=("ots",), since="2018")
    assert match == "2020-mirziyoyev-armenia"
    assert count == 4
    assert previous is None


def test_nth_and_no_match() -> None:
    assert first(2, person=("Tokajew",), since="2024-03")[0] == "2024-04-15-tokayev-armenia"
    assert first(3, person=("Tokajew",), since="2024-03") == (None, 2, "csto-yerevan-1")


def test_observers_widen_group_filters() -> None:
    assert first(from_=("ots",), to=("KZ",))[0] is None
    assert first(from_=("ots",), to=("KZ",), include_observers=True)[0] == "2023-orban-kazakhstan"


def test_pair_counts_both_ways_and_unreturned_visits() -> None:
    kz = resolve_place(DATASET, "Kasachstan", "A")
    am = resolve_place(DATASET, "AM", "B")
    result = compare_pair(
        DATASET.visits, kz, am, build_query(DATASET, FilterOptions()), visitor_level(DATASET.people)
    )
    assert [v.id for v in result.a_to_b] == ["csto-yerevan-1", "2024-04-15-tokayev-armenia"]
    assert [v.id for v in result.b_to_a] == ["pashinyan-kazakhstan-1", "pashinyan-astana-2025"]
    # Kazakhstan's head of state went to Armenia, Armenia's head of government came back:
    # neither level has been returned in kind.
    assert [v.id for v in result.a_unreturned] == ["csto-yerevan-1", "2024-04-15-tokayev-armenia"]
    assert [v.id for v in result.b_unreturned] == ["pashinyan-kazakhstan-1", "pashinyan-astana-2025"]


def test_a_later_visit_at_the_same_level_returns_one() -> None:
    am = resolve_place(DATASET, "AM", "A")
    kz = resolve_place(DATASET, "KZ", "B")
    level = visitor_level(DATASET.people)
    # Treat every visit as one level: the 2024 visit to Armenia returns the 2022 visit to Kazakhstan.
    result = compare_pair(DATASET.visits, am, kz, build_query(DATASET, FilterOptions()), lambda v: "any")
    assert [v.id for v in result.a_unreturned] == ["pashinyan-astana-2025"]
    assert level(result.a_to_b[0]) == "head-of-government"


def test_pair_with_a_group() -> None:
    ots = resolve_place(DATASET, "Turkic Council", "A")
    am = resolve_place(DATASET, "Armenia", "B")
    result = compare_pair(
        DATASET.visits, ots, am, build_query(DATASET, FilterOptions()), visitor_level(DATASET.people)
    )
    assert len(result.a_to_b) == 4
    # Armenia's visits to Kazakhstan are visits to an OTS member.
    assert [v.id for v in result.b_to_a] == ["pashinyan-kazakhstan-1", "pashinyan-astana-2025"]


def test_stats_by_year_and_topic() -> None:
    counts = count_by(DATASET.visits, StatsBy.YEAR, DATASET.people)
    assert [(c.key, c.count) for c in counts] == [
        ("2018", 1), ("2020", 1), ("2022", 3), ("2023", 1), ("2024", 2), ("2027", 1)
    ]  # fmt: skip
    topics = {c.key: c.count for c in count_by(DATASET.visits, StatsBy.TOPIC, DATASET.people)}
    assert topics["trade"] == 4


def test_stats_by_person_uses_the_registry_name() -> None:
    counts = {c.key: c.count for c in count_by(DATASET.visits, StatsBy.PERSON, DATASET.people)}
    assert counts["Kassym-Jomart Tokayev"] == 3
    assert counts["Nikol Pashinyan"] == 2


def test_first_respects_as_of_independent_status() -> None:
    later = replace(DATASET, today=dt.date(2030, 1, 1))
    assert find_first(later.visits, build_query(later, FilterOptions(person=("Paschinjan",)))).count == 2
