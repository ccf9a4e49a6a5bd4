"""Key order and comment indentation of block-style YAML text, done by moving whole lines.

ruamel.yaml attaches a comment to the value *before* it, so reordering its mappings would carry a
comment written above ``start:`` along with whatever key preceded it. Here the text is rearranged
instead, on the lines of :func:`diplotrack.yamlstyle.restyle`'s output, with these rules:

* A key's **block** is its line, its value's lines, and the comment lines directly above it (no blank
  line between) that are indented no deeper than the key. Blocks are put in the documented order.
* Blank lines and comment lines between two blocks (a comment separated from the next key by a blank
  line, or a comment at the end of a mapping) are **gaps**: they stay where they are while the blocks
  move around them, so a file's header and trailing comments stay at its top and bottom.
* A full-line comment is indented like the line it introduces — the next line, or, when it is indented
  deeper than that line, the previous one (it closes the value above). ruamel.yaml keeps comments in
  the columns they had, which are wrong once a file's indentation changes.

List items are never reordered; records inside lists (``hosts``, ``sources``) have their keys ordered.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass, field

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode


@dataclass(frozen=True)
class Shape:
    """The documented key order of a mapping, and the shapes of its values (a mapping, or a list's items)."""

    keys: tuple[str, ...]
    nested: Mapping[str, Shape] = field(default_factory=dict)

    def rank(self, key: str) -> int:
        """A key's place in the documented order; keys the shape does not know go last, as they are."""
        return self.keys.index(key) if key in self.keys else len(self.keys)


@dataclass
class _Line:
    text: str
    in_scalar: bool = False
    """The line continues a multi-line scalar: it is content even when it looks like a comment."""

    @property
    def indent(self) -> int:
        return len(self.text) - len(self.text.lstrip(" "))

    @property
    def blank(self) -> bool:
        return not self.in_scalar and not self.text.strip()

    @property
    def comment(self) -> bool:
        return not self.in_scalar and self.text.lstrip(" ").startswith("#")

    @property
    def content(self) -> bool:
        return not (self.blank or self.comment)


def arrange(text: str, shape: Shape) -> str:
    """The text with comments indented and every record's keys in ``shape``'s order (same line count)."""
    lines = [_Line(line) for line in text.splitlines(keepends=True)]
    if not lines:
        return text
    documents = list(yaml.compose_all(text, Loader=_Loader))
    _mark_scalars(lines, documents)
    _indent_comments(lines)
    markers = [i for i, line in enumerate(lines) if _is_marker(line)]
    for node in documents:
        start = node.start_mark.line
        begin = max([m + 1 for m in markers if m < start], default=0)
        end = min([m for m in markers if m > start], default=len(lines))
        if isinstance(node, MappingNode):
            _mapping(lines, node, shape, begin, end)
        elif isinstance(node, SequenceNode):
            _items(lines, node, shape, begin, end)
    return "".join(line.text for line in lines)


_Loader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # composing only: no value is constructed


def _is_marker(line: _Line) -> bool:
    """A ``---`` or ``...`` line between documents."""
    return not line.in_scalar and line.text.rstrip() in ("---", "...")


def _mark_scalars(lines: list[_Line], documents: list[Node]) -> None:
    """Flag the continuation lines of multi-line scalars."""
    stack = list(documents)
    seen: set[int] = set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, ScalarNode):
            first, last = node.start_mark.line + 1, node.end_mark.line
            if node.end_mark.column == 0:
                last -= 1
            for index in range(first, min(last, len(lines) - 1) + 1):
                lines[index].in_scalar = True
        elif isinstance(node, SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, MappingNode):
            stack.extend(part for pair in node.value for part in pair)


def _first_line_indent(lines: list[_Line], index: int) -> int:
    """The indent of a line, or of the first line of the multi-line scalar it continues."""
    while index > 0 and lines[index].in_scalar:
        index -= 1
    return lines[index].indent


def _indent_comments(lines: list[_Line]) -> None:
    """Indent each run of full-line comments like the line it introduces, or closes (see the module doc)."""
    index = 0
    while index < len(lines):
        if not lines[index].comment:
            index += 1
            continue
        run_end = index
        while run_end < len(lines) and lines[run_end].comment:
            run_end += 1
        previous = next((i for i in range(index - 1, -1, -1) if lines[i].content), None)
        following = next((i for i in range(run_end, len(lines)) if lines[i].content), None)
        next_indent = lines[following].indent if following is not None else 0
        for line in lines[index:run_end]:
            if (
                previous is None
                or line.indent <= next_indent
                or next_indent >= lines[previous].indent
                or _is_marker(lines[previous])
            ):
                target = next_indent
            else:
                target = _first_line_indent(lines, previous)
            line.text = " " * target + line.text.lstrip(" ")
        index = run_end


@dataclass(frozen=True)
class _Block:
    begin: int
    end: int


def _blocks(
    lines: list[_Line], starts: list[int], column: int, end: int
) -> tuple[list[_Block], list[_Block]]:
    """The block of each entry starting at ``starts`` (indented at ``column``) and the gap after each.

    Comments above the first entry introduce the whole mapping or list: they stay on top, in no block.
    """
    begins = [starts[0]]
    for previous, start in itertools.pairwise(starts):
        begin = start
        while begin > previous + 1 and lines[begin - 1].comment and lines[begin - 1].indent <= column:
            begin -= 1
        begins.append(begin)
    blocks, gaps = [], []
    for index, start in enumerate(starts):
        limit = begins[index + 1] if index + 1 < len(starts) else end
        stop = limit
        while stop > start + 1 and (
            lines[stop - 1].blank or (lines[stop - 1].comment and lines[stop - 1].indent <= column)
        ):
            stop -= 1
        blocks.append(_Block(begins[index], stop))
        gaps.append(_Block(stop, limit))
    return blocks, gaps


def _well_formed(lines: list[_Line], starts: list[int], begin: int, end: int) -> bool:
    """Whether entries start on lines of their own, in order, at one indentation, inside the region.

    Not so for a value written through an alias (its lines are the anchor's, elsewhere) or an empty ``{}``.
    """
    if not starts or starts != sorted(set(starts)) or starts[0] < begin or starts[-1] >= end:
        return False
    return len({lines[start].indent for start in starts}) == 1


def _mapping(lines: list[_Line], node: MappingNode, shape: Shape, begin: int, end: int) -> None:
    """Order the keys of one mapping (and of the records inside it) within lines ``begin:end``."""
    starts = [key.start_mark.line for key, _ in node.value]
    if not _well_formed(lines, starts, begin, end) or not all(
        isinstance(k, ScalarNode) for k, _ in node.value
    ):
        return
    column = lines[starts[0]].indent
    blocks, gaps = _blocks(lines, starts, column, end)
    for (key, value), block in zip(node.value, blocks, strict=True):
        inner = shape.nested.get(key.value)
        if inner is not None and value.start_mark.line > key.start_mark.line:
            if isinstance(value, MappingNode):
                _mapping(lines, value, inner, key.start_mark.line + 1, block.end)
            elif isinstance(value, SequenceNode):
                _items(lines, value, inner, key.start_mark.line + 1, block.end)
    order = sorted(range(len(blocks)), key=lambda i: shape.rank(node.value[i][0].value))
    if order == list(range(len(blocks))):
        return
    arranged: list[_Line] = lines[begin : blocks[0].begin]
    for slot, index in enumerate(order):
        arranged += lines[blocks[index].begin : blocks[index].end]
        arranged += lines[gaps[slot].begin : gaps[slot].end]
    lines[begin:end] = arranged


def _items(lines: list[_Line], node: SequenceNode, shape: Shape, begin: int, end: int) -> None:
    """Order the keys of each record in a list; the items keep their order."""
    starts = [item.start_mark.line for item in node.value]
    if not _well_formed(lines, starts, begin, end):
        return
    column = lines[starts[0]].indent
    blocks, _ = _blocks(lines, starts, column, end)
    for item, start, block in zip(node.value, starts, blocks, strict=True):
        text = lines[start].text
        if isinstance(item, MappingNode) and text[column : column + 2] == "- ":
            # Without its dash the item is an ordinary mapping indented two columns deeper.
            lines[start].text = text[:column] + "  " + text[column + 2 :]
            _mapping(lines, item, shape, start, block.end)
            first = next(i for i in range(start, block.end) if lines[i].content)
            lines[first].text = lines[first].text[:column] + "- " + lines[first].text[column + 2 :]
            # Comments that came with the key now first are above the dash: they introduce the item.
            for index in range(start, first):
                lines[index].text = " " * column + lines[index].text.lstrip(" ")
