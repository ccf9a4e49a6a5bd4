"""Strict, safe YAML reading that keeps the position of every value.

PyYAML's own loaders follow YAML 1.1, where ``NO`` is false, ``010`` is octal, ``1:20`` is
sexagesimal and ``2024-02-30`` crashes the date constructor. diplotrack composes the YAML
node graph with a resolver that knows no implicit types, then builds its own small tree of
:class:`Scalar`, :class:`Sequence` and :class:`Mapping` nodes. Scalars stay text; only
``true``/``false`` and the null forms are interpreted. Tags other than the three plain kinds
are refused (never constructed, let alone executed), duplicate keys are reported with both
lines, and alias expansion is bounded so that an "alias bomb" fails fast.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import BaseResolver

from diplotrack.problems import Position, Problem, Rule, excerpt

MAX_ALIAS_EXPANSION = 10_000
"""How many nodes aliases may expand to in one document before it is rejected."""

_STR_TAG = "tag:yaml.org,2002:str"
_ALLOWED_TAGS = {_STR_TAG, "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"}
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}
_NULL = {"", "~", "null", "Null", "NULL"}

if yaml.__with_libyaml__:
    from yaml.cyaml import CParser as _Parser  # type: ignore[attr-defined]

    class _StrictLoader(_Parser, BaseResolver):
        """libyaml's parser and composer with a resolver that knows no implicit types."""

        def __init__(self, stream: str) -> None:
            _Parser.__init__(self, stream)
            BaseResolver.__init__(self)

else:  # pragma: no cover - exercised only where libyaml is missing
    from yaml.composer import Composer
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _StrictLoader(Reader, Scanner, Parser, Composer, BaseResolver):  # type: ignore[no-redef]
        """The pure-Python parser and composer with a resolver that knows no implicit types."""

        def __init__(self, stream: str) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)
            Composer.__init__(self)
            BaseResolver.__init__(self)


@dataclass(frozen=True, slots=True)
class Scalar:
    """A scalar as written; ``plain`` is false for quoted and block scalars."""

    position: Position
    text: str
    plain: bool = True

    @property
    def value(self) -> str | bool | None:
        """The interpreted value: ``true``/``false`` and the null forms only when plain."""
        if self.plain:
            if self.text in _TRUE:
                return True
            if self.text in _FALSE:
                return False
            if self.text in _NULL:
                return None
        return self.text


@dataclass(frozen=True, slots=True)
class Sequence:
    """A YAML sequence."""

    position: Position
    items: tuple[YamlNode, ...]


@dataclass(frozen=True, slots=True)
class Mapping:
    """A YAML mapping with text keys, in the order written (duplicates already dropped)."""

    position: Position
    entries: tuple[tuple[Scalar, YamlNode], ...]

    def get(self, key: str) -> YamlNode | None:
        """The value under ``key``, if present."""
        for k, v in self.entries:
            if k.text == key:
                return v
        return None


YamlNode = Scalar | Sequence | Mapping


def describe(node: YamlNode) -> str:
    """A short description of a node's kind for error messages."""
    if isinstance(node, Mapping):
        return "a mapping"
    if isinstance(node, Sequence):
        return "a list"
    value = node.value
    if value is None:
        return "an empty value"
    if isinstance(value, bool):
        return f"the boolean {node.text}"
    return f"text {excerpt(node.text)}"


@dataclass
class _Builder:
    """Turns one composed document into diplotrack nodes, collecting problems."""

    file: Path
    problems: list[Problem]
    seen: set[int] = field(default_factory=set)
    ancestors: set[int] = field(default_factory=set)
    expansion_budget: int = MAX_ALIAS_EXPANSION

    def position(self, node: Node) -> Position:
        mark = node.start_mark
        return Position(self.file, mark.line + 1, mark.column + 1)

    def build(self, node: Node, in_alias: bool = False) -> YamlNode:
        position = self.position(node)
        # A node met a second time is an alias; everything below it counts against the budget.
        if id(node) in self.ancestors:
            raise _AliasBomb(position, "an alias refers to a value that contains it")
        if id(node) in self.seen:
            in_alias = True
        self.seen.add(id(node))
        if in_alias:
            self.expansion_budget -= 1
            if self.expansion_budget < 0:
                raise _AliasBomb(
                    position, f"aliases expand to more than {MAX_ALIAS_EXPANSION} values; write the data out"
                )
        if node.tag not in _ALLOWED_TAGS:
            tag = node.tag.replace("tag:yaml.org,2002:", "!!")
            self.problems.append(
                Problem(
                    position,
                    Rule.UNSAFE_TAG,
                    f"tag {excerpt(tag)} is not allowed; diplotrack reads plain YAML only, remove the tag",
                )
            )
            return Scalar(position, "", plain=True)
        if isinstance(node, ScalarNode):
            return Scalar(position, node.value, plain=not node.style)
        self.ancestors.add(id(node))
        try:
            if isinstance(node, SequenceNode):
                return Sequence(position, tuple(self.build(item, in_alias) for item in node.value))
            assert isinstance(node, MappingNode)
            return self.build_mapping(node, position, in_alias)
        finally:
            self.ancestors.discard(id(node))

    def build_mapping(self, node: MappingNode, position: Position, in_alias: bool) -> Mapping:
        entries: list[tuple[Scalar, YamlNode]] = []
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = self.build(key_node, in_alias)
            if not isinstance(key, Scalar) or key.value is None or isinstance(key.value, bool):
                self.problems.append(
                    Problem(key.position, Rule.WRONG_TYPE, f"a key must be text, not {describe(key)}")
                )
                continue
            if key.text in first_line:
                self.problems.append(
                    Problem(
                        key.position,
                        Rule.DUPLICATE_KEY,
                        f"key {excerpt(key.text)} is given twice (lines {first_line[key.text]} and "
                        f"{key.position.line}); keep one",
                    )
                )
                continue
            first_line[key.text] = key.position.line
            entries.append((key, self.build(value_node, in_alias)))
        return Mapping(position, tuple(entries))


class _AliasBomb(Exception):
    def __init__(self, position: Position, message: str) -> None:
        super().__init__(message)
        self.position = position
        self.message = message


def _decode(data: bytes, file: Path) -> str | Problem:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        return Problem(
            Position(file, line, column),
            Rule.ENCODING,
            f"byte 0x{data[exc.start]:02x} is not UTF-8; save the file as UTF-8",
        )


def _syntax_problem(exc: yaml.YAMLError, file: Path) -> Problem:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    position = Position(file, mark.line + 1, mark.column + 1) if mark else Position(file, 1, 1)
    detail = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    context = getattr(exc, "context", None)
    message = f"YAML syntax error: {detail}" + (f" ({context})" if context else "")
    return Problem(position, Rule.YAML_SYNTAX, message + "; check indentation, colons and quotes")


def read_documents(file: Path, data: bytes | None = None) -> tuple[list[YamlNode], list[Problem]]:
    """Read every document of a YAML file; problems are returned, never raised."""
    problems: list[Problem] = []
    try:
        raw = file.read_bytes() if data is None else data
    except OSError as exc:
        return [], [Problem(Position(file), Rule.UNREADABLE, f"cannot read the file: {exc.strerror}")]
    text = _decode(raw, file)
    if isinstance(text, Problem):
        return [], [text]
    documents: list[YamlNode] = []
    loader = _StrictLoader(text)
    try:
        for composed in _compose_all(loader):
            builder = _Builder(file, problems)
            try:
                documents.append(builder.build(composed))
            except _AliasBomb as bomb:
                problems.append(Problem(bomb.position, Rule.ALIAS_LIMIT, bomb.message))
    except yaml.YAMLError as exc:
        problems.append(_syntax_problem(exc, file))
    except RecursionError:
        problems.append(Problem(Position(file, 1, 1), Rule.YAML_SYNTAX, "the YAML is nested too deeply"))
    finally:
        loader.dispose()
    return documents, problems


def _compose_all(loader: _StrictLoader) -> Iterator[Node]:
    while loader.check_node():
        node = loader.get_node()
        if node is not None:
            yield node
