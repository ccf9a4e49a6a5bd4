"""The canonical style of a YAML file, comments kept: ruamel.yaml's round-trip mode.

PyYAML stays diplotrack's reader; ruamel.yaml is used here only because it keeps comments when it
writes a file back. :func:`restyle` rewrites the text of a file in block style, two-space indentation
with list items indented under their key (as :mod:`diplotrack.yamlwrite` writes), one line per value,
and quotes only where a YAML reader would otherwise take a value for something else. Key order is
left alone (see :mod:`diplotrack.keyorder`).

Reading, every scalar stays text except what diplotrack's own reader interprets (``true``/``false``
and the null forms, see :mod:`diplotrack.yamlsource`), so nothing is reinterpreted on the way. Writing,
a scalar is quoted when YAML 1.1 or 1.2 would resolve it to anything but text (``'NO'``, ``'0123'``,
``'1:20'``, ``'null'``, ``'true'``, ``'1e3'``) — except dates, which stay plain as people write them,
because diplotrack parses dates itself.
"""

from __future__ import annotations

import io
import re
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark
from ruamel.yaml.resolver import BaseResolver, implicit_resolvers
from ruamel.yaml.tokens import CommentToken

_TIMESTAMP = "tag:yaml.org,2002:timestamp"
WIDTH = 1_000_000
"""No folding of long text: one value, one line (diffs stay readable, grep finds whole values)."""


class _Resolver(BaseResolver):
    """A resolver with a fixed table of implicit types (ruamel's constructor passes a version; it is ignored)."""

    yaml_implicit_resolvers: dict[Any, Any] = {}  # noqa: RUF012 - ruamel.yaml's own declaration

    def __init__(self, version: Any = None, loader: Any = None, loadumper: Any = None) -> None:
        super().__init__(loader if loader is not None else loadumper)

    @property
    def processing_version(self) -> Any:
        return (1, 2)


class _ReadResolver(_Resolver):
    """What diplotrack's reader interprets: ``true``/``false`` and null; everything else is text."""

    yaml_implicit_resolvers: dict[Any, Any] = {}  # noqa: RUF012 - ruamel.yaml's own declaration


_ReadResolver.add_implicit_resolver_base(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_ReadResolver.add_implicit_resolver_base(
    "tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]
)


class _WriteResolver(_Resolver):
    """Every implicit type of YAML 1.1 and 1.2 but timestamps: a text that matches one of them is quoted."""

    yaml_implicit_resolvers: dict[Any, Any] = {}  # noqa: RUF012 - ruamel.yaml's own declaration


for _versions, _tag, _regexp, _first in implicit_resolvers:
    if _tag != _TIMESTAMP:
        _WriteResolver.add_implicit_resolver_base(_tag, _regexp, _first)


def _reader() -> YAML:
    yaml = YAML(typ="rt")
    yaml.Resolver = _ReadResolver
    return yaml


def _writer() -> YAML:
    yaml = YAML(typ="rt")
    yaml.Resolver = _WriteResolver
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = WIDTH
    yaml.allow_unicode = True
    return yaml


def restyle(text: str) -> str:
    """The text in canonical style, with its comments, the same documents and values, keys in their order.

    Raises ruamel.yaml's errors on text it cannot read (callers only pass text diplotrack has read).
    """
    documents = list(_reader().load_all(text))
    writer = _writer()
    writer.explicit_start = len(documents) > 1
    parts = []
    for document in documents:
        _to_block(document)
        out = io.StringIO()
        writer.dump(document, out)
        parts.append(_dedent(out.getvalue()) if isinstance(document, CommentedSeq) else out.getvalue())
    return "".join(parts)


def _dedent(text: str) -> str:
    """A top-level list starts at the first column (the indentation settings indent every list by two).

    Comments keep their columns: ruamel.yaml writes a comment in the column it was read from, so moving it
    here would move it again on every run. Full-line comments stay as they are; an end-of-line comment gets
    two more spaces before it. Token positions tell content from comments (a ``#`` in a quoted or block
    scalar is content).
    """
    lines = text.splitlines(keepends=True)
    covered: set[int] = set()
    content_end: dict[int, int] = {}
    for token in yaml.scan(text, Loader=_ScanLoader):
        start, end = token.start_mark, token.end_mark
        last = end.line - 1 if end.column == 0 and end.line > start.line else end.line
        covered.update(range(start.line, last + 1))
        content_end[end.line] = max(content_end.get(end.line, 0), end.column)
    out = []
    for index, line in enumerate(lines):
        if index not in covered or not line.startswith("  "):
            out.append(line)
            continue
        end = content_end.get(index, len(line))
        comment = line.find("#", end)
        if comment >= 0 and not line[end:comment].strip():
            out.append(line[2:end] + "  " + line[end:])
        else:
            out.append(line[2:])
    return "".join(out)


_ScanLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


Collection = CommentedMap | CommentedSeq


def _to_block(node: Any) -> None:
    """Block style all the way down, moving comments that followed a flow collection after its last item."""
    if not isinstance(node, Collection):
        return
    entries = list(node.items()) if isinstance(node, CommentedMap) else list(enumerate(node))
    for key, value in entries:
        was_flow = isinstance(value, Collection) and value.fa.flow_style()
        _to_block(value)
        if was_flow and len(value):
            _move_flow_comment(node, key, value)
    node.fa.set_block_style()


def _move_flow_comment(parent: Collection, key: Any, value: Collection) -> None:
    """``places: [A, B]  # note`` + comment lines: the note stays on the key's line, the lines go after B.

    ruamel.yaml keeps the comment lines below a flow collection with its end-of-line comment; once the
    collection is written as a block they would land between the key and the first item.
    """
    slot = parent.ca.items.get(key)
    index = 2 if isinstance(parent, CommentedMap) else 0
    token = slot[index] if slot and len(slot) > index else None
    if token is None or "\n" not in token.value.rstrip("\n"):
        return
    end_of_line, lines = token.value.split("\n", 1)
    token.value = end_of_line + "\n"
    if value.ca.comment:
        value.ca.comment[0] = None
    # The comment goes after the last scalar, however deep (``[{url: …}]``): after a collection it would land
    # between the item's dash and its content.
    while True:
        last = list(value)[-1] if isinstance(value, CommentedMap) else len(value) - 1
        inner = value[last]
        if not (isinstance(inner, Collection) and len(inner)):
            break
        value = inner
    last_slot = value.ca.items.setdefault(last, [None, None, None, None])
    last_index = 2 if isinstance(value, CommentedMap) else 0
    if last_slot[last_index] is None:
        last_slot[last_index] = CommentToken("\n" + lines, CommentMark(0), None)
    else:  # pragma: no cover - a flow collection's last item cannot carry its own end-of-line comment
        last_slot[last_index].value += lines
