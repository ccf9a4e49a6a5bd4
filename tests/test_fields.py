"""FieldReader: typed values out of YAML mappings, one shared state per record."""

from __future__ import annotations

from pathlib import Path

from diplotrack.countries import CountryResolver
from diplotrack.fields import FieldReader, RecordState
from diplotrack.groups import GroupKind
from diplotrack.problems import Problem, Rule
from diplotrack.yamlsource import Mapping, read_documents


def mapping(text: str) -> Mapping:
    (document,), problems = read_documents(Path("f.yaml"), text.encode("utf-8"))
    assert problems == [] and isinstance(document, Mapping)
    return document


def reader(text: str, allowed: tuple[str, ...]) -> tuple[FieldReader, list[Problem]]:
    problems: list[Problem] = []
    return FieldReader(mapping(text), allowed, RecordState(problems, "rec")), problems


def test_an_error_in_a_nested_mapping_fails_the_whole_record() -> None:
    fields, problems = reader("outer: {inner: [1]}\n", ("outer",))
    outer = fields.mapping_at("outer")
    assert outer is not None
    nested = fields.nested(outer, ("inner",), "outer")
    assert nested.text("inner") is None
    assert fields.failed  # nothing to merge back by hand
    assert [(p.rule, p.record_id) for p in problems] == [(Rule.WRONG_TYPE, "rec")]
    assert problems[0].message.startswith("'outer.inner' must be text")


def test_positions_of_nested_values_are_kept_by_dotted_path() -> None:
    fields, _ = reader("a:\n  b: x\n", ("a",))
    inner = fields.mapping_at("a")
    assert inner is not None
    fields.nested(inner, ("b",), "a").text("b")
    assert (fields.positions["a.b"].line, fields.positions["a.b"].column) == (2, 6)


def test_unknown_keys_get_a_suggestion() -> None:
    _, problems = reader("summmary: x\n", ("summary",))
    assert problems[0].rule is Rule.UNKNOWN_KEY and "did you mean 'summary'" in problems[0].message


def test_a_period_checks_its_end_once() -> None:
    fields, problems = reader("from: 2024-05\nto: 2024-04-30\n", ("from", "to"))
    period = fields.period("from", "to")
    assert period is not None and period.ends_before_start()
    assert [(p.rule, p.position.line) for p in problems] == [(Rule.END_BEFORE_START, 2)]


def test_a_partial_end_in_the_start_month_is_not_before_it() -> None:
    fields, problems = reader("from: 2024-05-20\nto: 2024-05\n", ("from", "to"))
    assert fields.period("from", "to") is not None and problems == []


def test_choice_reports_its_own_rule_with_the_vocabulary() -> None:
    fields, problems = reader("kind: alliance\n", ("kind",))
    assert fields.choice("kind", GroupKind, Rule.UNKNOWN_GROUP_KIND) is None
    assert (
        problems[0].rule is Rule.UNKNOWN_GROUP_KIND
        and "organization, region, language" in problems[0].message
    )


def test_country_errors_name_the_rule_by_kind() -> None:
    fields, problems = reader("a: Korea\nb: Atlantis\n", ("a", "b"))
    resolver = CountryResolver.builtin()
    assert fields.country("a", resolver) is None and fields.country("b", resolver) is None
    assert [p.rule for p in problems] == [Rule.AMBIGUOUS_COUNTRY, Rule.UNKNOWN_COUNTRY]


def test_a_single_value_is_not_turned_into_a_list() -> None:
    fields, problems = reader("topics: trade\n", ("topics",))
    assert fields.text_list("topics") == ()
    assert problems[0].rule is Rule.WRONG_TYPE
