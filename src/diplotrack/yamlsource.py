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

import bisect
import contextlib
import functools
import gc
import re
from collections.abc import Generator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    DocumentEndEvent,
    MappingEndEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.resolver import BaseResolver

from diplotrack.problems import Position, Problem, Rule, excerpt

MAX_ALIAS_EXPANSION = 10_000
"""How many nodes aliases may expand to in one document before it is rejected."""
MAX_DEPTH = 64
"""How deeply values may nest (a record needs 4 levels)."""
MAX_VALUE_CHARS = 100_000
"""The longest value (a summary of 100,000 characters is a long article)."""

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_LINE_BREAK_BYTES = re.compile(rb"\r\n|\r|\n")
_DOCUMENT_START = re.compile(r"^---(?=[ \t\r\n]|$)", re.MULTILINE)
# YAML's printable set is TAB, LF, CR, U+0020–U+007E, NEL, U+00A0–U+D7FF, U+E000–U+FFFD and beyond; raw
# characters outside it make libyaml stop at the first one.
# Bidi controls (Trojan Source) and the line separators that libyaml breaks lines at but editors do not are
# refused too, anywhere in the file, comments included.
_RAW_CONTROL = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ufffe\uffff]"
)

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


class _Lines:
    """Line and column of a character index, counting line breaks as editors and GitHub do.

    libyaml also breaks lines at U+2028, U+2029 and NEL (U+0085); editors do not, so positions are
    computed from the character index instead of libyaml's line count, unless the text has none of them
    (``like_libyaml``): then libyaml's own line and column are the same, and cheaper to take.
    """

    def __init__(self, file: Path, text: str) -> None:
        self.file = file
        self.text = text
        self.like_libyaml = not any(brk in text for brk in ("\x85", "\u2028", "\u2029"))

    @functools.cached_property
    def starts(self) -> list[int]:
        """Where each line starts (counted only when a position is wanted from an index)."""
        return [0, *(match.end() for match in _LINE_BREAK.finditer(self.text))]

    def position(self, index: int) -> Position:
        line = bisect.bisect_right(self.starts, index)
        return Position(self.file, line, index - self.starts[line - 1] + 1)


@dataclass
class _Builder:
    """Builds diplotrack nodes straight from libyaml's events, one document at a time.

    No libyaml node graph is made: a record's nodes exist only while the record is read, so a file of
    50,000 records never holds 50,000 node graphs at once. Anchors and aliases are shared, never copied;
    what aliases would expand to is still counted and bounded.
    """

    parser: _StrictLoader
    lines: _Lines
    offset: int
    """Where the parsed text starts in the file (after a broken document, parsing resumes later)."""
    problems: list[Problem]
    anchors: dict[str, tuple[YamlNode, int]] = field(default_factory=dict)
    building: set[str] = field(default_factory=set)
    expanded: int = 0
    marks: bool = field(init=False, default=False)
    """Whether libyaml's marks give the positions (see :class:`_Lines`)."""

    def __post_init__(self) -> None:
        self.marks = self.offset == 0 and self.lines.like_libyaml

    def position(self, event: Any) -> Position:
        mark = event.start_mark
        if self.marks:
            return Position(self.lines.file, mark.line + 1, mark.column + 1)
        return self.lines.position(self.offset + mark.index)

    def build(self, depth: int = 0) -> tuple[YamlNode, int]:
        """The next node and how many values it holds (aliases counted as what they expand to)."""
        event: Any = self.parser.get_event()
        position = self.position(event)
        if (
            event.__class__ is ScalarEvent
            and event.anchor is None
            and event.tag is None
            and depth < MAX_DEPTH
            and len(event.value) <= MAX_VALUE_CHARS
        ):
            return Scalar(position, event.value, not event.style), 1  # most nodes: nothing to check
        if isinstance(event, AliasEvent):
            return self.alias(event, position)
        if depth >= MAX_DEPTH:
            raise _Refused(
                position, Rule.TOO_DEEP, f"values are nested more than {MAX_DEPTH} levels deep; flatten them"
            )
        anchor = event.anchor
        if anchor is not None:
            self.building.add(anchor)
        node: YamlNode
        if isinstance(event, ScalarEvent):
            node, size = self.scalar(event, position), 1
        elif isinstance(event, SequenceStartEvent):
            node, size = self.sequence(position, depth)
        else:
            node, size = self.mapping(position, depth)
        if event.tag is not None and event.tag not in _ALLOWED_TAGS and event.tag != "!":
            tag = event.tag.replace("tag:yaml.org,2002:", "!!")
            self.problems.append(
                Problem(
                    position,
                    Rule.UNSAFE_TAG,
                    f"tag {excerpt(tag)} is not allowed; diplotrack reads plain YAML only, remove the tag",
                )
            )
            node = Scalar(position, "", plain=True)
        if anchor is not None:
            self.building.discard(anchor)
            self.anchors[anchor] = (node, size)
        return node, size

    def alias(self, event: AliasEvent, position: Position) -> tuple[YamlNode, int]:
        anchor = event.anchor or ""
        if anchor in self.building:
            raise _Refused(position, Rule.ALIAS_LIMIT, "an alias refers to a value that contains it")
        if anchor not in self.anchors:
            raise _Refused(position, Rule.YAML_SYNTAX, f"alias *{excerpt(anchor)} has no anchor before it")
        node, size = self.anchors[anchor]
        self.expanded += size
        if self.expanded > MAX_ALIAS_EXPANSION:
            raise _Refused(
                position,
                Rule.ALIAS_LIMIT,
                f"aliases expand to more than {MAX_ALIAS_EXPANSION} values; write the data out",
            )
        return node, size

    def scalar(self, event: ScalarEvent, position: Position) -> Scalar:
        if len(event.value) > MAX_VALUE_CHARS:
            self.problems.append(
                Problem(
                    position,
                    Rule.VALUE_TOO_LONG,
                    f"a value of {len(event.value):,} characters is longer than the limit of {MAX_VALUE_CHARS:,}; shorten it",
                )
            )
            return Scalar(position, "", plain=True)
        return Scalar(position, event.value, not event.style)

    def sequence(self, position: Position, depth: int) -> tuple[Sequence, int]:
        items, size = [], 1
        while not self.parser.check_event(SequenceEndEvent):
            item, item_size = self.build(depth + 1)
            items.append(item)
            size += item_size
        self.parser.get_event()
        return Sequence(position, tuple(items)), size

    def mapping(self, position: Position, depth: int) -> tuple[Mapping, int]:
        entries: list[tuple[Scalar, YamlNode]] = []
        first_line: dict[str, int] = {}
        size = 1
        while not self.parser.check_event(MappingEndEvent):
            key, _ = self.build(depth + 1)
            value, value_size = self.build(depth + 1)
            size += value_size + 1
            if not isinstance(key, Scalar) or not isinstance(key.value, str):
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
            entries.append((key, value))
        self.parser.get_event()
        return Mapping(position, tuple(entries)), size

    def skip_document(self) -> None:
        """After a refused value, the rest of its document."""
        while not self.parser.check_event(DocumentEndEvent, StreamEndEvent):
            self.parser.get_event()


class _Refused(Exception):
    """A document that is not built at all (alias bombs, nesting beyond the limit)."""

    def __init__(self, position: Position, rule: Rule, message: str) -> None:
        super().__init__(message)
        self.problem = Problem(position, rule, message)


def _decode(data: bytes, file: Path) -> str | Problem:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = len(_LINE_BREAK_BYTES.findall(before)) + 1
        column = (
            len(before[max(before.rfind(b"\n"), before.rfind(b"\r")) + 1 :].decode("utf-8", "replace")) + 1
        )
        return Problem(
            Position(file, line, column),
            Rule.ENCODING,
            f"byte 0x{data[exc.start]:02x} is not UTF-8; save the file as UTF-8",
        )


# What a person who wrote the file should do, by libyaml's description of the problem.
_HINTS = (
    ("found character '\\t' that cannot start any token", "a tab is used for indentation; YAML needs spaces"),
    ("found a tab character", "a tab is used for indentation; YAML needs spaces"),
    ("mapping values are not allowed", "a ':' followed by a space inside a value: put the value in quotes, e.g. summary: \"Talks: trade\""),
    ("could not find expected ':'", "this line is not 'key: value' and not a list item: check its indentation, a missing ':' or a missing '- '"),
    ("did not find expected key", "this line is indented differently from the lines before it (over-indented?), or a list item lacks its '- '"),
    ("did not find expected '-' indicator", "a list item without '- ' (or indented differently from the items before it)"),
    ("did not find expected ',' or ']'", "a [ … ] list is not closed, or a value in it needs quotes"),
    ("did not find expected ',' or '}'", "a { … } mapping is not closed, or a value in it needs quotes"),
    ("found unexpected end of stream", "a quote or bracket is opened and never closed"),
    ("found undefined alias", "an alias *name is used without an anchor &name before it"),
)  # fmt: skip


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _hint(description: str, text: str, index: int) -> str:
    """Advice for the person who wrote the file, from libyaml's description and the text around the error."""
    line_start = text.rfind("\n", 0, index) + 1
    line = text[line_start : text.find("\n", index) if "\n" in text[index:] else len(text)]
    if "\t" in line[: _indent(line) + 1] or text[index : index + 1] == "\t":
        return "a tab is used for indentation; YAML needs spaces"
    if "mapping values are not allowed" in description:
        above = [
            before
            for before in text[: max(line_start - 1, 0)].split("\n")
            if before.strip() and not before.lstrip().startswith("#")
        ]
        if above and _indent(line) > _indent(above[-1]) and not above[-1].rstrip().endswith(":"):
            return "this line is indented more than the line before it; align it with its neighbours"
    return next(
        (advice for key, advice in _HINTS if key in description), "check indentation, colons and quotes"
    )


def _syntax_problem(exc: yaml.YAMLError, lines: _Lines, offset: int) -> tuple[Problem, int]:
    """The problem, and the character index where it is."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    index = offset + (mark.index if mark is not None else 0)
    detail = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    context = getattr(exc, "context", None)
    hint = _hint(f"{detail} {context}", lines.text, index)
    message = f"YAML syntax error: {detail}" + (f" ({context})" if context else "") + f"; {hint}"
    return Problem(lines.position(index), Rule.YAML_SYNTAX, message), index


def _control_characters(text: str, lines: _Lines) -> tuple[str, list[Problem]]:
    """YAML refuses raw control characters; report each at its place and read on without them."""
    problems = [
        Problem(
            lines.position(match.start()),
            Rule.CONTROL_CHARACTER,
            f"raw control character U+{ord(match.group()):04X} in the file; remove it "
            "(inside double quotes it can be written as an escape, e.g. \\u001b)",
        )
        for match in _RAW_CONTROL.finditer(text)
    ]
    return (_RAW_CONTROL.sub("\ufffd", text) if problems else text), problems


@dataclass(frozen=True, slots=True)
class Item:
    """A top-level value of a file: a document, or an item of a file that is one list."""

    node: YamlNode
    number: int | None
    """1-based, when the file holds several values (list items or documents); ``None`` for a single document."""


def read_documents(file: Path, data: bytes) -> tuple[list[YamlNode], list[Problem]]:
    """Read every document of a YAML file's bytes; problems are returned, never raised."""
    problems: list[Problem] = []
    documents = [item.node for item in read_items(file, data, problems, split_lists=False)]
    return documents, problems


def read_items(
    file: Path, data: bytes, problems: list[Problem], *, split_lists: bool = True
) -> Iterator[Item]:
    """The top-level values of a file as they are read, its problems appended to ``problems``.

    With ``split_lists``, a file whose first document is a list yields the list's items one by one, so
    that a list file of any length is read one record at a time. Empty documents (a trailing ``---``) are
    skipped. After a syntax error, reading resumes at the next document marker (``---`` at the start of a
    line), so one broken document does not hide the ones after it.
    """
    text = _decode(data, file)
    if isinstance(text, Problem):
        problems.append(text)
        return
    lines = _Lines(file, text)
    text, found = _control_characters(text, lines)
    problems.extend(found)
    reader = _Reader(text, lines, problems, split_lists)
    with gc_paused():
        yield from reader.items()


@dataclass
class _Reader:
    """Reads the documents of one file's text, resuming after syntax errors."""

    text: str
    lines: _Lines
    problems: list[Problem]
    split_lists: bool
    documents: int = 0
    held: YamlNode | None = None
    """The last document read, held back until it is known whether another one follows (for its number)."""

    def items(self) -> Iterator[Item]:
        offset: int | None = 0
        while offset is not None:
            offset = yield from self._from(offset)
        if self.held is not None:
            yield Item(self.held, self.documents if self.documents > 1 else None)

    def _from(self, offset: int) -> Generator[Item, None, int | None]:
        """Items from ``offset``; after a syntax error, the offset to resume at (else ``None``)."""
        parser = _StrictLoader(self.text[offset:])
        builder = _Builder(parser, self.lines, offset, self.problems)
        try:
            parser.get_event()  # stream start
            while not parser.check_event(StreamEndEvent):
                parser.get_event()  # document start
                builder.anchors.clear()
                builder.expanded = 0
                try:
                    if self.split_lists and self.documents == 0 and parser.check_event(SequenceStartEvent):
                        yield from self._list_items(builder)
                    else:
                        yield from self._document(builder)
                except _Refused as refused:
                    self.problems.append(refused.problem)
                    builder.skip_document()
                parser.get_event()  # document end
        except yaml.YAMLError as exc:
            problem, index = _syntax_problem(exc, self.lines, offset)
            self.problems.append(problem)
            following = _DOCUMENT_START.search(self.text, max(index, offset + 1))
            return following.start() if following else None
        finally:
            parser.dispose()
        return None

    def _document(self, builder: _Builder) -> Iterator[Item]:
        node, _ = builder.build()
        if isinstance(node, Scalar) and node.value is None and not node.text:
            return  # an empty document
        self.documents += 1
        if self.held is not None:
            yield Item(self.held, self.documents - 1)
        self.held = node

    def _list_items(self, builder: _Builder) -> Iterator[Item]:
        start: Any = builder.parser.get_event()
        self.documents += 1
        number = 0
        while not builder.parser.check_event(SequenceEndEvent):
            node, _ = builder.build(1)
            number += 1
            yield Item(node, number)
        builder.parser.get_event()
        if number == 0:
            self.held = Sequence(builder.position(start), ())


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cycle collector while many objects are made and kept.

    A YAML node graph makes millions of objects that all live on; each full collection walks all of them, so
    a 50,000-record file took 97 s instead of 3 s. The graphs hold no cycles (recursive aliases are refused).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
