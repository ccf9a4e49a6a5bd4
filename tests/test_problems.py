"""Problems and the rule catalogue."""

from __future__ import annotations

from pathlib import Path

from diplotrack.problems import Position, Problem, Rule, Severity, excerpt, repeats, rules_markdown


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


def test_a_message_is_always_one_printable_line_of_bounded_length() -> None:
    where = Position(Path("a.yaml"), 1, 1)
    evil = Problem(where, Rule.WRONG_TYPE, "name 'x\n::error file=y::FORGED\x1b[2J\u202e' is bad")
    assert evil.message.isprintable() and "\n" not in evil.message
    assert "\\n::error" in evil.message and "\\x1b" in evil.message and "\\u202e" in evil.message
    huge = Problem(where, Rule.WRONG_TYPE, "x" * 1_000_000)
    assert len(huge.message) <= 1_000


def test_an_excerpt_is_short_and_escaped() -> None:
    assert excerpt("Tokajew") == "'Tokajew'"
    long = excerpt("a\x1b" * 1000)
    assert len(long) < 200 and "\\x1b" in long and "2,000 characters" in long
