"""The filter table and the Query built from it: resolution, predicates, plain data, CLI options."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from typer.testing import CliRunner

from diplotrack.cli import app
from diplotrack.filters import BY_NAME, FILTERS, Arity, PersonRef, Place, SortOrder
from diplotrack.loader import Dataset
from diplotrack.model import Status
from diplotrack.problems import UsageError
from diplotrack.query import Query, build_query, run_query
from tests.support import TODAY, VALID


def ids(dataset: Dataset, **options: Any) -> list[str]:
    return [
        v.id
        for v in run_query(
            dataset.visits, build_query(options, dataset.registries, TODAY), dataset.registries
        )
    ]


def test_a_query_is_plain_hashable_printable_data(valid: Dataset) -> None:
    options = {
        "to": ["Armenien"],
        "person": ["Tokajew"],
        "since": "2024",
        "type": ["official"],
        "bilateral": True,
    }
    query = build_query(options, valid.registries, TODAY)
    assert query == build_query(options, valid.registries, TODAY)
    assert hash(query) == hash(build_query(options, valid.registries, TODAY))
    assert query.get("to") == (Place("AM", "Armenia"),)
    assert query.get("person") == (PersonRef("Tokajew", frozenset({"kassym-jomart-tokayev"})),)
    assert query.since == dt.date(2024, 1, 1)
    assert "Place(code='AM'" in repr(query)


def test_filters_not_given_are_not_in_the_query(valid: Dataset) -> None:
    query = build_query({"country": None, "bilateral": False, "topic": []}, valid.registries, TODAY)
    assert query == Query(TODAY)


def test_with_terms_sets_and_removes_filters_in_table_order(valid: Dataset) -> None:
    query = build_query({"to": ["AM"], "limit": "3"}, valid.registries, TODAY)
    changed = query.with_terms(limit=(), since=(dt.date(2020, 1, 1),))
    assert [name for name, _ in changed.terms] == ["to", "since"]
    with pytest.raises(KeyError):
        query.with_terms(nonsense=(1,))


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"to": ["Atlantis"]}, "--to: "),
        ({"since": "05/03/2024"}, "ambiguous"),
        ({"since": "2024", "until": "2023"}, "is before"),
        ({"limit": "0"}, "--limit must be a whole number"),
        ({"type": ["parade"]}, "--type: 'parade' is not one of"),
    ],
)
def test_values_that_cannot_be_resolved_are_usage_errors(
    valid: Dataset, options: dict[str, Any], message: str
) -> None:
    with pytest.raises(UsageError, match=message):
        build_query(options, valid.registries, TODAY)


def test_person_by_any_spelling_and_with_spaces_for_hyphens(valid: Dataset) -> None:
    by_alias = ids(valid, person=["Токаев"])
    assert by_alias and by_alias == ids(valid, person=["Kassym Jomart Tokayev"]) == ids(
        valid, person=["tokajew"]
    )


def test_an_unknown_name_matches_any_part_of_a_name(valid: Dataset) -> None:
    assert ids(valid, person=["Mirzi"]) == ["2018-06-mirziyoyev-armenia", "2020-mirziyoyev-armenia"]


def test_choices_accept_any_case(valid: Dataset) -> None:
    assert ids(valid, type=["State"]) == ids(valid, type=["state"]) != []


def test_country_is_the_union_of_to_and_from(valid: Dataset) -> None:
    both = set(ids(valid, country=["KZ"]))
    assert both == set(ids(valid, to=["KZ"])) | set(ids(valid, **{"from_": ["KZ"]}))


def test_status_is_the_effective_status_as_of_the_query(valid: Dataset) -> None:
    planned = build_query({"status": [Status.PLANNED, Status.CONFIRMED]}, valid.registries, TODAY)
    found = run_query(valid.visits, planned, valid.registries)
    assert [v.id for v in found] == ["pashinyan-astana-2025"]


def test_sort_and_limit(valid: Dataset) -> None:
    newest = ids(valid, sort=SortOrder.DATE_DESC, limit="2")
    assert newest == ids(valid)[::-1][:2]


def test_every_filter_is_an_option_of_every_query_command() -> None:
    runner = CliRunner()
    for command in ("list", "timeline", "first", "stats", "pair"):
        help_text = runner.invoke(app, [command, "--help"]).output
        for spec in FILTERS:
            assert spec.flags[0] in help_text, (command, spec.name)


def test_every_filter_has_a_way_to_match_or_shapes_the_query() -> None:
    shaping = {"include_observers", "sort", "limit"}
    for spec in FILTERS:
        assert (spec.predicate is None) == (spec.name in shaping), spec.name
        assert spec.choices is None or spec.resolve is None, spec.name
    assert BY_NAME["between"].arity is Arity.PAIR


def test_cli_person_with_spaces_instead_of_hyphens() -> None:
    result = CliRunner().invoke(
        app, ["--data", str(VALID), "list", "--person", "Kassym Jomart Tokayev", "-f", "csv"]
    )
    assert result.exit_code == 0
    assert "2024-04-15-tokayev-armenia" in result.output


def test_place_matches_a_destination_place_ignoring_case(valid: Dataset) -> None:
    found = ids(valid, place=["baku"])
    assert found == ["2024-03-11-tokayev-azerbaijan"]


def test_today_and_upcoming_follow_as_of(valid: Dataset) -> None:
    as_of = dt.date(2026, 6, 1)
    upcoming = run_query(
        valid.visits, build_query({"upcoming": True}, valid.registries, as_of), valid.registries
    )
    since_today = run_query(
        valid.visits, build_query({"since": "today"}, valid.registries, as_of), valid.registries
    )
    assert [v.id for v in upcoming] == [v.id for v in since_today] == ["pashinyan-astana-2025"]
    assert all(v.end.last_day >= as_of for v in upcoming)
