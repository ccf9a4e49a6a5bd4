"""Writing records as YAML that diplotrack (and any YAML reader) reads back as the same values.

PyYAML's safe emitter does the escaping: control characters come out as ``\\x1b``-style escapes
in double quotes (and so do the format characters it would write raw — bidi controls, zero-width
characters, U+2028 — see :class:`_RecordDumper`), and text that a YAML 1.1 reader would turn into something else (``NO``,
``010``, ``1:20``, ``null``, ``true``) is quoted. Dates are the one exception: ``2024-04-15``
stays plain, as people write it, because diplotrack reads every scalar as text and parses dates
itself.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import yaml

from diplotrack.render.display import display

WIDTH = 1_000_000
"""No wrapping: one value, one line (the canonical form of `diplotrack fmt`)."""


class _RecordDumper(yaml.SafeDumper):
    """The safe dumper, minus the YAML 1.1 timestamp resolver (so dates need no quotes).

    List items are indented under their key, as the format documentation writes them.
    """

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)

    def analyze_scalar(self, scalar: str) -> Any:
        analysis = super().analyze_scalar(scalar)
        if display(scalar) != scalar:
            # Only double quotes can escape; PyYAML would write U+202E or U+2066 raw in any style.
            analysis.allow_flow_plain = analysis.allow_block_plain = False
            analysis.allow_single_quoted = analysis.allow_block = False
        return analysis

    def write_double_quoted(self, text: str, split: bool = True) -> None:
        if display(text) == text:
            super().write_double_quoted(text, split)
            return
        # Without allow_unicode PyYAML escapes every non-ASCII character, the format characters among them.
        self.allow_unicode = False
        try:
            super().write_double_quoted(text, split)
        finally:
            self.allow_unicode = True


_RecordDumper.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeDumper.yaml_implicit_resolvers.items()
}


def _dump(data: Any, explicit_start: bool = False) -> str:
    return yaml.dump(
        data,
        Dumper=_RecordDumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=WIDTH,
        explicit_start=explicit_start,
    )


def dump_record(record: Mapping[str, Any]) -> str:
    """One record as a YAML mapping (a file with one record)."""
    return _dump(dict(record))


def dump_records(records: Sequence[Mapping[str, Any]]) -> str:
    """Records as a YAML list (a file with several records; ids must be in the records); nothing for none."""
    return _dump([dict(record) for record in records]) if records else ""
