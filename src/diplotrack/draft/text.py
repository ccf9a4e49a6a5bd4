"""Plain text in: sentences with their words, the language, and text made safe for a YAML comment.

Sentence splitting is deliberately simple (news prose, three languages): a sentence ends at ``.``,
``!`` or ``?`` followed by space and an upper-case letter, quote or digit, or at a blank line; a dot after
a number ("15. April") or a one- or two-letter abbreviation ("St. Petersburg", "U.S.") does not end one.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from diplotrack.draft.lexicon import Language

_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*|\d+")
# A sentence end: punctuation, then space, then something that starts a sentence.
_END = re.compile(r"(?<=[.!?…])[\"”“»)]*\s+(?=[\"„“«(]?[^\W\d_]*[A-ZÄÖÜА-ЯЁ0-9])|\n\s*\n")
_NO_END = re.compile(r"(?:\b\d{1,2}|\b[A-ZА-ЯЁ]|\b(?:Dr|Nr|bzw|ca|vgl|usw|St|Mr|Mrs|Ms|г|гг|им|ул))\.$")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-zÀ-ɏ]")
_GERMAN = frozenset(
    ["der", "die", "das", "und", "ist", "mit", "den", "des", "im", "auf", "zu", "sich", "nicht", "ein", "eine",
     "dem", "von", "bei", "wurde", "hat"]
)  # fmt: skip
_ENGLISH = frozenset(
    ["the", "and", "of", "to", "is", "with", "on", "was", "in", "for", "a", "an", "by", "at", "has", "his",
     "their", "from", "that"]
)  # fmt: skip

MAX_COMMENT = 160
"""The longest sentence excerpt a comment shows."""


@dataclass(frozen=True)
class Word:
    """One word (letters, with inner hyphens and apostrophes) or number, with its place in the sentence."""

    text: str
    start: int
    end: int
    index: int


@dataclass(frozen=True)
class Sentence:
    """A sentence: its number (1-based, as comments cite it), its text (one line) and its words."""

    number: int
    text: str
    words: tuple[Word, ...]


def one_line(text: str) -> str:
    """Whitespace of any kind (newlines, tabs, line and paragraph separators) as single spaces."""
    return " ".join(text.split())


def sentences(text: str) -> tuple[Sentence, ...]:
    """The sentences of a text, each on one line."""
    pieces: list[str] = []
    start = 0
    for match in _END.finditer(text):
        piece = text[start : match.start()]
        if _NO_END.search(piece.rstrip()) and "\n" not in match.group():
            continue  # "15. April", "St. Petersburg": the dot belongs to the word
        pieces.append(piece)
        start = match.end()
    pieces.append(text[start:])
    result: list[Sentence] = []
    for piece in pieces:
        line = one_line(piece)
        if line:
            words = tuple(Word(m.group(), m.start(), m.end(), i) for i, m in enumerate(_WORD.finditer(line)))
            result.append(Sentence(len(result) + 1, line, words))
    return tuple(result)


def detect_language(text: str) -> Language:
    """Russian when most letters are Cyrillic; else German or English by their most common words."""
    cyrillic, latin = len(_CYRILLIC.findall(text)), len(_LATIN.findall(text))
    if cyrillic > latin:
        return Language.RU
    words = [w.casefold() for w in _WORD.findall(text)]
    german = sum(w in _GERMAN for w in words)
    english = sum(w in _ENGLISH for w in words)
    return Language.DE if german > english else Language.EN


def comment_text(text: str, limit: int = MAX_COMMENT) -> str:
    """Text that can stand in a YAML comment: one line, no control or format characters, at most ``limit``.

    A comment runs to the end of its line, so what matters is that nothing in it ends the line (``\\n``,
    ``\\r``, NEL, the Unicode line and paragraph separators) or is refused by YAML readers (control
    characters, lone surrogates); format characters such as a right-to-left override are shown as escapes
    too, so that a comment looks like what it is.
    """
    shown = []
    for char in one_line(text):
        category = unicodedata.category(char)
        if category[0] == "C" or (category[0] == "Z" and char != " "):
            shown.append(f"\\u{ord(char):04x}")
        else:
            shown.append(char)
    line = "".join(shown)
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"
