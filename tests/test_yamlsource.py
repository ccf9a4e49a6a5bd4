"""The strict YAML reader: YAML 1.1 traps, tags, duplicates, aliases, encodings, positions."""

from __future__ import annotations

from pathlib import Path

import pytest

from diplotrack import yamlsource
from diplotrack.problems import Position, Problem
from diplotrack.yamlsource import Mapping, Scalar, Sequence, read_documents
from tests.support import DATA, REPO

FILE = Path("t.yaml")


def read(text: str | bytes) -> tuple[list[Mapping | Sequence | Scalar], list[str]]:
    data = text.encode() if isinstance(text, str) else text
    docs, problems = read_documents(FILE, data)
    return docs, [f"{p.position.line}:{p.position.column} {p.rule.id}" for p in problems]


def scalar(doc: object, key: str) -> Scalar:
    assert isinstance(doc, Mapping)
    node = doc.get(key)
    assert isinstance(node, Scalar)
    return node


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("NO", "NO"),
        ("no", "no"),
        ("on", "on"),
        ("yes", "yes"),
        ("010", "010"),
        ("1:20", "1:20"),
        ("0x1F", "0x1F"),
        ("2024-02-30", "2024-02-30"),
        ("1e3", "1e3"),
        ("true", True),
        ("False", False),
        ("~", None),
        ("", None),
        ("'true'", "true"),
    ],
)
def test_only_true_false_and_null_are_interpreted(text: str, expected: object) -> None:
    docs, problems = read(f"key: {text}\n")
    assert problems == []
    assert scalar(docs[0], "key").value == expected


def test_positions_are_one_based_line_and_column() -> None:
    docs, _ = read("a: 1\nnested:\n  b: x\n")
    nested = docs[0]
    assert isinstance(nested, Mapping)
    inner = nested.get("nested")
    assert isinstance(inner, Mapping)
    assert (scalar(inner, "b").position.line, scalar(inner, "b").position.column) == (3, 6)


def test_duplicate_key_names_both_lines_and_keeps_the_first() -> None:
    docs, problems = read("a: 1\nb: 2\na: 3\n")
    assert problems == ["3:1 duplicate-key"]
    assert scalar(docs[0], "a").text == "1"
    _, raw = read_documents(FILE, b"a: 1\nb: 2\na: 3\n")
    assert "lines 1 and 3" in raw[0].message


def test_python_tags_are_refused_not_constructed(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    _docs, problems = read(f"a: !!python/object/apply:os.system ['touch {marker}']\n")
    assert problems == ["1:4 unsafe-tag"]
    assert not marker.exists()


def test_custom_tags_are_refused() -> None:
    _, problems = read("a: !secret value\n")
    assert problems == ["1:4 unsafe-tag"]


def test_alias_bomb_is_rejected() -> None:
    lines = ['a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    for name, prev in zip("bcdefgh", "abcdefg", strict=True):
        lines.append(f"{name}: &{name} [{', '.join([f'*{prev}'] * 10)}]")
    _, problems = read("\n".join(lines) + "\n")
    assert [p.split()[1] for p in problems] == ["alias-limit"]


def test_small_aliases_are_fine() -> None:
    docs, problems = read("base: &b {name: X}\nother: *b\n")
    assert problems == []
    other = docs[0]
    assert isinstance(other, Mapping)
    assert isinstance(other.get("other"), Mapping)


def test_recursive_alias_is_rejected() -> None:
    _, problems = read("a: &a [*a]\n")
    assert [p.split()[1] for p in problems] == ["alias-limit"]


def test_syntax_error_has_a_position() -> None:
    _, problems = read("a: [1, 2\nb: c\n")
    assert problems == ["2:2 yaml-syntax"]


def test_invalid_utf8_points_at_the_byte() -> None:
    _, problems = read(b"a: b\nc: caf\xe9\n")
    assert problems == ["2:7 encoding"]


def test_bom_is_accepted() -> None:
    docs, problems = read("\ufeffa: b\n".encode())
    assert problems == []
    assert scalar(docs[0], "a").text == "b"


def test_multi_document_stream() -> None:
    docs, problems = read("a: 1\n---\nb: 2\n")
    assert problems == []
    assert len(docs) == 2


def test_a_value_over_the_length_limit_is_refused() -> None:
    docs, problems = read(b"a: " + b"x" * (yamlsource.MAX_VALUE_CHARS + 1) + b"\nb: ok\n")
    assert problems == ["1:4 value-too-long"]
    value = docs[0].get("a") if isinstance(docs[0], Mapping) else None
    assert isinstance(value, Scalar) and value.text == ""


def test_lines_are_counted_as_editors_count_them() -> None:
    # libyaml breaks lines at U+2028; editors and GitHub do not. The separator is refused where it stands,
    # and the problem after it keeps its editor line.
    _, problems = read("a: x\u2028y\nb: [\n".encode())
    assert problems[0] == "1:5 control-character"
    assert problems[1].startswith("3:1 yaml-syntax") or problems[1].startswith("2:")


def test_raw_control_bytes_are_reported_at_their_place() -> None:
    _, problems = read(b"a: b\nc: d\x00e\nf: \x1b[2J\n")
    assert problems == ["2:5 control-character", "3:4 control-character"]


def test_a_broken_document_does_not_hide_the_next() -> None:
    docs, problems = read(b"a: 1\n---\nb: [\n---\nc: 2\n")
    assert len(problems) == 1 and problems[0].startswith("4:1 yaml-syntax")
    assert [d.entries[0][0].text for d in docs if isinstance(d, Mapping)] == ["a", "c"]


@pytest.mark.parametrize(
    ("text", "advice"),
    [
        (b"a:\n\tb: 1\n", "a tab is used for indentation"),
        (b"summary: Talks: trade\n", "put the value in quotes"),
        (b"visitor:\n  name: A\n    role: B\n", "indented more than the line before it"),
        (b"- a: 1\nb: 2\n", "a list item without '- '"),
    ],
)
def test_syntax_errors_are_explained_for_people(text: bytes, advice: str) -> None:
    _, problems = read_documents(FILE, text)
    assert advice in problems[0].message


def _positions(node: yamlsource.YamlNode) -> list[Position]:
    found = [node.position]
    if isinstance(node, yamlsource.Mapping):
        for key, value in node.entries:
            found += [key.position, *_positions(value)]
    elif isinstance(node, yamlsource.Sequence):
        for item in node.items:
            found += _positions(item)
    return found


def test_libyaml_positions_are_the_line_table_positions(monkeypatch: pytest.MonkeyPatch) -> None:
    # Without U+2028, U+2029 or NEL in a file, positions are taken from libyaml's marks (faster); they must
    # be the ones counted from the text, in every bundled and fixture file, broken ones included.
    files = sorted([*REPO.joinpath("visits").rglob("*.yaml"), *DATA.rglob("*.yaml")])

    def read(path: Path) -> tuple[list[Position], list[Problem]]:
        problems: list[Problem] = []
        items = list(yamlsource.read_items(path, path.read_bytes(), problems))
        return [p for item in items for p in _positions(item.node)], problems

    fast = [read(path) for path in files]
    original = yamlsource._Lines.__init__

    def counted_only(self: yamlsource._Lines, file: Path, text: str) -> None:
        original(self, file, text)
        self.like_libyaml = False

    monkeypatch.setattr(yamlsource._Lines, "__init__", counted_only)
    assert [read(path) for path in files] == fast
    assert sum(len(positions) for positions, _ in fast) > 10_000
