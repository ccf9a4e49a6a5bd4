"""Visitors the person registry does not know: a title and a name, taken as the text writes them.

The registry finds its people by any spelling; someone it does not list ("Prime Minister Narendra Modi",
"президент Южной Кореи Юн Сок Ёль") is found only where the text gives a title of the vocabulary
(``titles`` in ``data/draft/cues.yaml``: President, Prime Minister, Chancellor, Foreign Minister) followed
by a name of two to four capitalised words that are neither a registry person, a country nor a place. Between
the title and the name a country may stand in the genitive ("президент Франции Эмманюэль Макрон"); before
the title a country adjective or genitive ("der französische Präsident", "India's Prime Minister") gives the
person's country too. A single capitalised word after a title is not taken: too many nouns, too few names.

One person named several times is one :class:`WrittenPerson`: mentions are the same person when their
surnames share a dictionary form ("Моди", "Моди"; "Макрона", "Макрон"). In Russian the name is kept in the
nominative when the text has it (the title before it is in the nominative); otherwise as first written.
Nothing here decides that the person is a visitor: :mod:`.assemble` does, with the same rules as for
registry people, and the record marks name, role and country as not from the registry.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from diplotrack.draft.finding import Kind, Mention, cue_words
from diplotrack.draft.lexicon import Language, Lexicon
from diplotrack.draft.morph import forms, is_dictionary_form
from diplotrack.draft.text import Sentence, Word
from diplotrack.normalize import normalize

KEY_PREFIX = "text:"
"""Mention keys of written people start with this; registry ids never contain a colon."""
_MIN_WORDS, _MAX_WORDS = 2, 4
# Lower-case words inside a name: "Luiz Inácio Lula da Silva", "Ursula von der Leyen".
_PARTICLES = frozenset(
    ["da", "de", "do", "dos", "das", "del", "della", "van", "von", "der", "bin", "al", "el"]
)


@dataclass(frozen=True)
class WrittenPerson:
    """A person named after a title, who is not in the registry."""

    key: str
    """``text:`` and the normalised name; the key of this person's mentions."""
    name: str
    """As written (in Russian the nominative when the text has it)."""
    role: str
    """The role as records write it (a key of the lexicon's ``titles``)."""
    title_words: str
    """The title as written ("Präsident", "президента")."""
    country: str | None
    """The country code the text gives next to the title, if any."""
    country_words: str | None
    sentence: int
    """The sentence of the name chosen."""

    @property
    def surname(self) -> str:
        return self.name.split()[-1]


@dataclass(frozen=True)
class _Found:
    name: str
    words: tuple[Word, ...]
    role: str
    title_words: str
    nominative: bool
    country: Mention | None
    sentence: int


def is_written(key: str) -> bool:
    """Whether a mention key is a written person's rather than a registry id."""
    return key.startswith(KEY_PREFIX)


def find_written(
    sentences: Sequence[Sentence],
    mentions: Mapping[int, Sequence[Mention]],
    language: Language,
    lexicon: Lexicon,
) -> list[WrittenPerson]:
    """The people named after a title in ``sentences`` whom the finder did not find in the registry."""
    found: list[_Found] = []
    for sentence in sentences:
        found += _in_sentence(sentence, mentions.get(sentence.number, ()), language, lexicon)
    groups: list[list[_Found]] = []
    for item in found:
        group = next((g for g in groups if _same(g[0], item, language)), None)
        if group is None:
            groups.append([item])
        else:
            group.append(item)
    return [_person(group) for group in groups]


def _same(a: _Found, b: _Found, language: Language) -> bool:
    return bool(set(forms(a.words[-1].text, language)) & set(forms(b.words[-1].text, language)))


def _person(group: list[_Found]) -> WrittenPerson:
    chosen = next((f for f in group if f.nominative), group[0])
    country = next((f.country for f in group if f.country is not None), None)
    titled = next((f for f in group if f.role), chosen)
    return WrittenPerson(
        key=KEY_PREFIX + normalize(chosen.name),
        name=chosen.name,
        role=titled.role,
        title_words=titled.title_words,
        country=country.key if country else None,
        country_words=country.written if country else None,
        sentence=chosen.sentence,
    )


def _in_sentence(
    sentence: Sentence, mentions: Iterable[Mention], language: Language, lexicon: Lexicon
) -> list[_Found]:
    covered = {i: m for m in mentions for i in range(m.first, m.last + 1)}
    starts = {m.first: m for m in mentions}
    ends = {m.last: m for m in mentions}
    stops: set[int] = set()
    for cues in (lexicon.visit, lexicon.talks, lexicon.capital, lexicon.role, lexicon.toward):
        stops |= cue_words(sentence, cues.patterns[language])
    words = sentence.words
    found: list[_Found] = []
    for role, cues in lexicon.titles.items():
        for match in cues.finditer(sentence.text, language):
            title = [w for w in words if w.start < match.end() and w.end > match.start()]
            if not title or any(w.index in covered for w in title):
                continue
            after = title[-1].index + 1
            country = None
            between = starts.get(after)
            if between is not None and between.kind is Kind.COUNTRY and not between.adjective:
                country, after = between, between.last + 1  # "президент Франции Эмманюэль Макрон"
            name = _name(sentence, after, covered, stops, language, lexicon)
            if name is None:
                continue
            before = ends.get(title[0].index - 1)
            if country is None and before is not None and before.kind is Kind.COUNTRY:
                country = before  # "der indische Außenminister", "India's Prime Minister"
            title_text = sentence.text[title[0].start : title[-1].end]
            found.append(
                _Found(
                    sentence.text[name[0].start : name[-1].end],
                    name,
                    role,
                    title_text,
                    _nominative(title[0].text, language),
                    country,
                    sentence.number,
                )
            )
    return found


def _name(
    sentence: Sentence,
    index: int,
    covered: Mapping[int, Mention],
    stops: set[int],
    language: Language,
    lexicon: Lexicon,
) -> tuple[Word, ...] | None:
    """The capitalised words of a name starting at word ``index``, or ``None``."""
    words = sentence.words
    taken: list[Word] = []
    while index < len(words) and sum(w.text not in _PARTICLES for w in taken) < _MAX_WORDS:
        word = words[index]
        if taken and sentence.text[taken[-1].end : word.start] != " ":
            break  # a comma, a dash or a quote ends the name
        particle = word.text in _PARTICLES and bool(taken)
        if not particle and not _may_be_name(word, covered, stops, language, lexicon):
            break
        taken.append(word)
        index += 1
    while taken and taken[-1].text in _PARTICLES:
        taken.pop()
    return tuple(taken) if sum(w.text not in _PARTICLES for w in taken) >= _MIN_WORDS else None


def _may_be_name(
    word: Word, covered: Mapping[int, Mention], stops: set[int], language: Language, lexicon: Lexicon
) -> bool:
    return (
        word.text[:1].isupper()
        and not word.text.isdigit()
        and word.index not in covered
        and word.index not in stops
        and lexicon.not_name.patterns[language].fullmatch(word.text) is None
    )


def _nominative(title: str, language: Language) -> bool:
    """Whether a title is in the nominative (then the name after it is too): its first word is a lemma."""
    return is_dictionary_form(title.split()[0], language)
