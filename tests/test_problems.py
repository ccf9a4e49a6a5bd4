"""Problems and the rule catalogue."""

from __future__ import annotations

from pathlib import Path

from diplotrack.problems import Position, Problem, Rule, Severity, repeats, rules_markdown


def test_a_problem_takes_its_severity_from_its_rule() -> None:
    where = Position(Path("a.yaml"), 2, 3)
    assert Problem(where, Rule.NO_SOURCE, "m").severity is Severity.WARNING
    assert Problem(where, Rule.YAML_SYNTAX, "m").severity is Severity.ERROR


def test_every_rule_has_an_id_a_meaning_and_a_fix() -> None:
    for rule in Rule:
        assert rule.id == rule.id.lower() and " " not in rule.id
        assert rule.meaning and rule.fix


def test_the_markdown_tables_split_rules_by_severity() -> None:
    errors, warnings = rules_markdown(Severity.ERROR), rules_markdown(Severity.WARNING)
    assert "`yaml-syntax`" in errors and "`yaml-syntax`" not in warnings
    assert "`stale-status`" in warnings and "`stale-status`" not in errors
    assert errors.count("\n") + warnings.count("\n") == len(Rule) + 4


def test_positions_print_as_editors_read_them() -> None:
    assert str(Position(Path("v/a.yaml"), 3, 7)) == "v/a.yaml:3:7"
    assert str(Position(Path("v/a.yaml"))) == "v/a.yaml"


def test_repeats_names_the_first_place() -> None:
    items = [("a", 1), ("b", 2), ("a", 3)]
    found = list(repeats(items, lambda i: i[0], lambda i: Position(Path("f"), i[1])))
    assert found == [(("a", 3), Position(Path("f"), 1))]
