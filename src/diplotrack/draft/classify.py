"""What kind of visit a sentence reports, at which event, and about what (topics as the dataset tags them).

The words come from ``data/draft/cues.yaml``. Where two patterns overlap in a sentence the longer match wins,
so "offiziellen Arbeitsbesuch" is an official working visit and "regionale Stabilität und Sicherheit" is
regional security, not security as well.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from diplotrack.draft.lexicon import Cues, Language, Lexicon
from diplotrack.draft.text import Sentence


@dataclass(frozen=True)
class Found:
    """A value a sentence names, with the words that name it."""

    value: str
    words: str
    sentence: int
    start: int
    end: int


def _whole(text: str, match: re.Match[str]) -> str:
    """The matched words to their ends ("Investition" → "Investitionen"), as a note shows them."""
    tail = re.match(r"\w*", text[match.end() :])
    return match.group() + (tail.group() if tail else "")


def _matches(sentence: Sentence, table: dict[str, Cues], language: Language) -> list[Found]:
    found = [
        Found(value, _whole(sentence.text, m), sentence.number, m.start(), m.end())
        for value, cues in table.items()
        for m in cues.finditer(sentence.text, language)
    ]
    # Drop a match that lies inside a longer one of another value.
    kept = [
        f
        for f in found
        if not any(
            o is not f and o.start <= f.start and f.end <= o.end and (o.end - o.start) > (f.end - f.start)
            for o in found
        )
    ]
    return sorted(kept, key=lambda f: f.start)


def visit_types(sentence: Sentence, language: Language, lexicon: Lexicon) -> list[Found]:
    """The visit types a sentence names ("Staatsbesuch" → state, "саммит" → summit)."""
    return _matches(sentence, lexicon.types, language)


def topics(sentence: Sentence, language: Language, lexicon: Lexicon) -> list[Found]:
    """The topic tags a sentence names."""
    return _matches(sentence, lexicon.topics, language)


def event(sentence: Sentence, language: Language, lexicon: Lexicon) -> Found | None:
    """The multilateral event a summit sentence names ("Gipfel der OVKS" → CSTO summit)."""
    for candidate in lexicon.events:
        match = candidate.cues.search(sentence.text, language)
        if match is not None:
            informal = lexicon.informal.search(sentence.text, language) is not None
            name = candidate.informal if informal and candidate.informal else candidate.name
            return Found(name, match.group(), sentence.number, match.start(), match.end())
    return None
