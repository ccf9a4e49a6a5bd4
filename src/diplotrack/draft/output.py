"""Drafts as YAML with comments (for review) or as JSON (for programs).

The YAML is written key by key with :func:`~diplotrack.yamlwrite.dump_record` (PyYAML's safe emitter does
the quoting and escaping of values), and every comment stands on a line of its own *above* the key it is
about, so no value, however long or strange, can run into a comment. Comment text goes through
:func:`~diplotrack.draft.text.comment_text`: one line, control and format characters escaped. Several visits
are several YAML documents, the main one first; diplotrack reads such a file as records ``<stem>-1``, ...
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

# Defined in diplotrack.choices (import-light: the CLI needs it at start-up); re-exported here.
from diplotrack.choices import DraftFormat as DraftFormat
from diplotrack.draft import DraftResult
from diplotrack.draft.assemble import Note
from diplotrack.draft.record import Draft
from diplotrack.draft.text import comment_text
from diplotrack.yamlwrite import dump_record

INDENT = "  "


def _comment(text: str, indent: str = "") -> str:
    return f"{indent}# {comment_text(text)}\n"


def _note_lines(note: Note | None, indent: str) -> str:
    if note is None:
        return ""
    lines = ""
    if note.check:
        lines += _comment(f"check: {note.check}", indent)
    if note.sentence is not None:
        quoted = f' "{note.words}"' if note.words else ""
        lines += _comment(f"from [{note.sentence}]{quoted}", indent)
    return lines


def _indented(text: str, first: str, rest: str) -> str:
    lines = text.splitlines(keepends=True)
    return "".join((first if i == 0 else rest) + line for i, line in enumerate(lines))


def _document(draft: Draft) -> str:
    notes = draft.notes
    out = ""
    for key, value in draft.record.items():
        if key in ("visitor", "destination"):
            out += f"{key}:\n"
            for inner, inner_value in value.items():
                out += _note_lines(notes.get(f"{key}.{inner}"), INDENT)
                out += _indented(dump_record({inner: inner_value}), INDENT, INDENT)
            if (
                key == "visitor" and "country" not in value
            ):  # a visitor named as written, of no stated country
                out += _note_lines(notes.get("visitor.country"), INDENT)
                out += _comment("country: …", INDENT)
        elif key == "hosts":
            out += f"{key}:\n"
            for index, host in enumerate(value):
                out += _note_lines(notes.get(f"hosts.{index}"), INDENT)
                out += _indented(dump_record(host), INDENT + "- ", INDENT + "  ")
        else:
            out += _note_lines(notes.get(key), "")
            out += dump_record({key: value})
    if "sources" not in draft.record:
        out += _comment("check: sources: no --url was given; add the report's address and uncomment:")
        entry = {"url": "https://…", **draft.source}
        out += "".join(
            f"# {line}" for line in _indented(dump_record({"sources": [entry]}), "", "").splitlines(True)
        )
    return out


def _header(result: DraftResult, label: str | None) -> str:
    cited = sorted({n.sentence for d in result.drafts for n in d.notes.values() if n.sentence is not None})
    by_number = {s.number: s for s in result.sentences}
    out = _comment(
        f"diplotrack draft of {label or 'a text'} ({result.language.value}): review every '# check:' "
        "before you commit; [N] is the sentence a value comes from."
    )
    for number in cited:
        out += _comment(f"  [{number}] {by_number[number].text}")
    return out


def draft_yaml(result: DraftResult, label: str | None = None) -> str:
    """The drafts as YAML documents with comments, the main visit first."""
    documents = []
    total = len(result.drafts)
    for index, draft in enumerate(result.drafts, start=1):
        text = _header(result, label) if index == 1 else ""
        if total > 1:
            what = (
                "the main visit of the text"
                if draft.main
                else "another visit the text reports; keep it only if it belongs"
            )
            text += _comment(f"visit {index} of {total}: {what}")
        documents.append(text + _document(draft))
    return "---\n".join(documents)


def draft_json(drafts: Sequence[Draft]) -> str:
    """The records as a JSON array, the main visit first (no comments: JSON has none)."""
    records: list[dict[str, Any]] = [d.record for d in drafts]
    return json.dumps(records, ensure_ascii=False, indent=2) + "\n"


DRAFT_RENDERERS: dict[DraftFormat, Callable[[DraftResult, str | None], str]] = {
    DraftFormat.YAML: draft_yaml,
    DraftFormat.JSON: lambda result, _label: draft_json(result.drafts),
}
"""One renderer per format (a test checks that every format has one)."""
