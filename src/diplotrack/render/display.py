"""Where data becomes display text: the one place that decides how a value from a record is shown.

Records come from strangers' pull requests, so a value may hold anything: an ESC that starts a terminal
sequence (clear the screen, set the window title, an OSC 8 hyperlink), a C1 control such as U+009B (CSI
on its own), a bidi override that reorders what follows it, a line separator that splits one message into
two, an invisible format character, or a lone surrogate (a file name that was not UTF-8) that makes a
strict UTF-8 stdout raise. Every renderer passes data through :func:`display` (or :func:`text`, which wraps
it in a Rich ``Text`` so markup stays literal); the data formats use :func:`json_text`,
:func:`csv_cell` and :func:`markdown_cell`; lines that a CI runner reads go through :func:`log_line`.

The rule for :func:`display`, chosen to read like Python's own escapes and to be unambiguous for every
code point:

* ``\\t``, ``\\n``, ``\\r`` for TAB, LF and CR; ``\\xNN`` for every other C0 control, DEL and C1
  (U+0080–U+009F); ``\\uNNNN`` / ``\\UNNNNNNNN`` for every other character of Unicode category Cc
  (control), Cf (format: bidi controls U+202A–U+202E, U+2066–U+2069, U+200E/U+200F, U+061C, zero-width
  space, BOM, soft hyphen, tag characters…), Cs (lone surrogates), Zl/Zp (U+2028, U+2029) and the
  noncharacters (U+FDD0–U+FDEF, U+xxFFFE/U+xxFFFF, which XML forbids).
* Kept as they are: ZWNJ (U+200C) and ZWJ (U+200D) *between two letters or marks* — Persian writes ZWNJ
  inside words (names in the registry can carry it) and Indic scripts need both to shape; between letters
  they can neither move the cursor, nor reorder text, nor hide anything. Anywhere else they are escaped.
* Backslashes in the data are not doubled: display text is for people; JSON and YAML give the exact value.

Each escape is printable ASCII, so the result is safe on any terminal, in any log and in XML (SVG/HTML).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from typing import Any

from rich.text import Text

_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}
_JOINERS = frozenset("\u200c\u200d")
_ESCAPED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})


def _is_noncharacter(code: int) -> bool:
    return 0xFDD0 <= code <= 0xFDEF or (code & 0xFFFE) == 0xFFFE


def _escape(char: str) -> str:
    code = ord(char)
    if char in _NAMED:
        return _NAMED[char]
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def _word_char(char: str) -> bool:
    return unicodedata.category(char)[0] in "LM"


def _unsafe(value: str, index: int) -> bool:
    """Whether the character at ``index`` must be shown as an escape (given its neighbours, for joiners)."""
    char = value[index]
    if char in _JOINERS:
        return not (
            0 < index < len(value) - 1 and _word_char(value[index - 1]) and _word_char(value[index + 1])
        )
    return unicodedata.category(char) in _ESCAPED_CATEGORIES or _is_noncharacter(ord(char))


def display(value: object) -> str:
    """``value`` as text that is safe to show anywhere: every control and format character made visible.

    >>> display("Evil \\x1b[2J\\u202eName\\n")
    'Evil \\\\x1b[2J\\\\u202eName\\\\n'
    """
    text = value if isinstance(value, str) else str(value)
    # Fast path: Python's isprintable() is False for every character we escape (and for a few we keep,
    # such as no-break spaces), so ordinary text costs one C-level scan.
    if text.isprintable():
        return text
    return "".join(
        _escape(char) if not char.isprintable() and char != " " and _unsafe(text, index) else char
        for index, char in enumerate(text)
    )


def text(value: object, style: str = "") -> Text:
    """A value from the data as a Rich ``Text``: displayable (see :func:`display`), markup never interpreted."""
    return Text(display(value), style=style)


def text_lines(values: Iterable[object], style: str = "") -> Text:
    """Values from the data, one a line (each made displayable, so none can add a line of its own)."""
    return Text("\n".join(display(value) for value in values), style=style)


def safe_link(url: str) -> str | None:
    """``url`` if a terminal may make it a hyperlink (OSC 8): an http(s) URL without spaces or anything
    :func:`display` would change, so it can neither end the escape sequence nor point at a local file or
    script; else ``None`` (the URL is then shown as text only)."""
    plain = display(url) == url and not any(char.isspace() for char in url)
    return url if plain and url.lower().startswith(("http://", "https://")) else None


def json_text(data: Any) -> str:
    """JSON for any data, safe to print: the exact values, with every character that Python does not call
    printable written as a ``\\uXXXX`` escape (JSON itself escapes only C0 controls; DEL, C1, bidi controls,
    U+2028/U+2029 and lone surrogates would otherwise reach the terminal raw or fail to encode).
    """
    raw = json.dumps(data, ensure_ascii=False, indent=2)
    return _JSON_UNPRINTABLE.sub(_json_escape, raw)


# Outside strings, json.dumps writes only printable ASCII, spaces and (with indent) newlines; inside
# strings it escapes newlines itself. So every other unprintable character is inside a string. Runs of
# non-ASCII text are checked at once (a Cyrillic name is one run, one C-level isprintable()).
_JSON_UNPRINTABLE = re.compile(r"[^\x20-\x7e\n]+")


def _json_escape(match: re.Match[str]) -> str:
    run = match.group()
    if run.isprintable():
        return run
    return "".join(char if char.isprintable() else _json_unicode(char) for char in run)


def _json_unicode(char: str) -> str:
    code = ord(char)
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def csv_cell(value: object) -> str:
    """A value as a CSV cell: controls made visible (CSV has no escapes and is often read on a terminal);
    a leading ``=``, ``+``, ``-`` or ``@`` gets a ``'`` so that a spreadsheet shows the text instead of
    running it as a formula (OWASP's advice on CSV injection)."""
    cell = display(value)
    return "'" + cell if cell[:1] in ("=", "+", "-", "@") else cell


_MARKDOWN = str.maketrans(
    {
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        **{char: "\\" + char for char in "\\`*_[]|~"},
    }
)


def markdown_cell(value: object) -> str:
    """A value as the text of one Markdown table cell (GitHub Flavored Markdown).

    Control characters are made visible (so CR/LF cannot end the row); ``&``, ``<`` and ``>`` become
    entities, so no HTML (``<img src=…>``) is rendered; backslash, backtick, ``*``, ``_``, ``[``, ``]``,
    ``|`` and ``~`` are backslash-escaped, so no link, image, code, emphasis or extra column starts.
    """
    return display(value).translate(_MARKDOWN)


_COMMAND_START = re.compile(r"^(\s*)::")
_V1_COMMAND = re.compile(r"##\[")


def log_line(line: str) -> str:
    """One line that a CI runner reads without taking data in it for a workflow command.

    GitHub's runner runs ``::command::`` when a line starts with it after leading whitespace, and the
    older ``##[command]`` anywhere in a line. So a leading ``::`` becomes ``:\\:`` and ``##[`` becomes
    ``##\\[`` (after :func:`display`, which also turns CR/LF into visible escapes, so one line stays one).
    """
    safe = _COMMAND_START.sub(lambda m: m.group(1) + ":\\:", display(line))
    return _V1_COMMAND.sub("##\\\\[", safe)
