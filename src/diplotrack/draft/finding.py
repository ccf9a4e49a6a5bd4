"""Finding people, countries and places in sentences, through the registries.

People come from the person registry by any spelling (name or alias) or, when the text writes only a
surname ("Alijew", "Токаевым"), by the last word of a spelling; a surname-only match counts only when
exactly one of its people held an office around the text's date, so that "Alijew" in 2024 is Ilham, not
Heydar Aliyev. Countries come from the ISO names in the text's language (pycountry) and from
``data/draft/countries.yaml`` (everyday names and adjectives); places from ``data/draft/places.yaml``.
Every word is looked up by each of its forms (:func:`~diplotrack.draft.morph.forms`), longest phrase first.
"""

from __future__ import annotations

import datetime as dt
import enum
import gettext
import itertools
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pycountry

from diplotrack.countries import CountryError, CountryResolver
from diplotrack.draft.lexicon import Language, Lexicon
from diplotrack.draft.morph import forms
from diplotrack.draft.text import Sentence, Word
from diplotrack.normalize import normalize
from diplotrack.people import Person, Registry

if TYPE_CHECKING:
    from diplotrack.draft.written import WrittenPerson

MAX_PHRASE = 4
"""The longest name looked up, in words ("Kassym Jomart Tokayev" is three)."""
_FORMS_PER_WORD = 6
_GERMAN_ADJECTIVE_ENDINGS = ("", "e", "en", "er", "es", "em")
# Office years around the text's date in which a surname-only match may have held office.
_OFFICE_WINDOW = dt.timedelta(days=366)


class Kind(enum.Enum):
    """What a mention names."""

    PERSON = "person"
    COUNTRY = "country"
    PLACE = "place"


@dataclass(frozen=True)
class Mention:
    """A person, country or place named in a sentence."""

    kind: Kind
    key: str
    """Person id, country code, or place name (as records write it)."""
    country: str
    """The country code: the person's (office on the date), the place's, or the country itself."""
    sentence: int
    first: int
    last: int
    """Word indexes (inclusive) in the sentence."""
    written: str
    adjective: bool = False
    surname_only: bool = False


@dataclass(frozen=True)
class _Entry:
    kind: Kind
    key: str
    surname: bool = False
    adjective: bool = False


class Finder:
    """The lookup tables for one language, built from the registries and the lexicon."""

    def __init__(
        self,
        registry: Registry,
        countries: CountryResolver,
        lexicon: Lexicon,
        language: Language,
        day: dt.date | None,
    ) -> None:
        self.registry = registry
        self.countries = countries
        self.lexicon = lexicon
        self.language = language
        self.day = day
        self._index: dict[str, list[_Entry]] = defaultdict(list)
        self._german_adjectives: list[tuple[str, str]] = []
        self._written: dict[str, str] = {}
        """Written people (not in the registry): key → country code ("" when the text gives none)."""
        self._build()

    # --- tables ---------------------------------------------------------------------------------------

    def _add(self, text: str, entry: _Entry) -> None:
        key = normalize(text)
        if key and entry not in self._index[key]:
            self._index[key].append(entry)

    def _build(self) -> None:
        for person in self.registry.people:
            for spelling in (person.name, *person.aliases):
                self._add(spelling, _Entry(Kind.PERSON, person.id))
                words = normalize(spelling).split()
                if len(words) > 1 and len(words[-1]) > 2:
                    self._add(words[-1], _Entry(Kind.PERSON, person.id, surname=True))
        for place in self.lexicon.places:
            for form in place.forms:
                self._add(form, _Entry(Kind.PLACE, place.name))
        for name, code in self._iso_names():
            self._add(name, _Entry(Kind.COUNTRY, code))
        for country in self.lexicon.countries[self.language]:
            for noun in country.nouns:
                self._add(noun, _Entry(Kind.COUNTRY, country.code))
            for adjective in country.adjectives:
                if self.language is Language.DE:
                    self._german_adjectives.append((normalize(adjective), country.code))
                else:
                    self._add(adjective, _Entry(Kind.COUNTRY, country.code, adjective=True))

    def add_written(self, people: Iterable[WrittenPerson]) -> None:
        """Find people the registry does not know by the name the text gives them, and by its last word."""
        for person in people:
            self._written[person.key] = person.country or ""
            self._add(person.name, _Entry(Kind.PERSON, person.key))
            if len(person.surname) > 2:
                self._add(person.surname, _Entry(Kind.PERSON, person.key, surname=True))

    def _iso_names(self) -> Iterator[tuple[str, str]]:
        """Every current country's ISO names in the text's language (the part before a comma)."""
        translate = (
            (lambda name: name)
            if self.language is Language.EN
            else gettext.translation(
                "iso3166-1", pycountry.LOCALES_DIR, languages=[self.language.value], fallback=True
            ).gettext
        )
        for record in pycountry.countries:
            try:
                code = self.countries.resolve(record.alpha_2).code
            except CountryError:
                continue
            names = {
                record.name,
                getattr(record, "common_name", None),
                getattr(record, "official_name", None),
            }
            for name in names:
                if name:
                    yield translate(name).split(",")[0].strip(), code

    # --- lookup ---------------------------------------------------------------------------------------

    def find(self, sentence: Sentence) -> list[Mention]:
        """The people, countries and places of a sentence, in order; the longest phrase wins."""
        found: list[Mention] = []
        words = sentence.words
        i = 0
        while i < len(words):
            mention = None
            for n in range(min(MAX_PHRASE, len(words) - i), 0, -1):
                mention = self._phrase(sentence, words[i : i + n])
                if mention is not None:
                    break
            if mention is None:
                mention = self._german_adjective(sentence, words[i])
            if mention is not None:
                found.append(mention)
                i = mention.last + 1
            else:
                i += 1
        return found

    def _phrase(self, sentence: Sentence, words: tuple[Word, ...]) -> Mention | None:
        if any(w.text.isdigit() for w in words):
            return None
        options = [forms(w.text, self.language)[:_FORMS_PER_WORD] for w in words]
        for combination in itertools.product(*options):
            entries = self._index.get(" ".join(combination))
            if entries:
                mention = self._mention(sentence, words, entries)
                if mention is not None:
                    return mention
        return None

    def _mention(self, sentence: Sentence, words: tuple[Word, ...], entries: list[_Entry]) -> Mention | None:
        first, last = words[0], words[-1]
        written = sentence.text[first.start : last.end]
        capitalised = first.text[:1].isupper()
        adjectives = [e for e in entries if e.adjective]
        if adjectives and (capitalised or self.language is not Language.EN):
            code = adjectives[0].key
            return Mention(Kind.COUNTRY, code, code, sentence.number, first.index, last.index, written, True)
        if not capitalised:
            return None  # names, countries and cities are written with a capital
        places = [e for e in entries if e.kind is Kind.PLACE]
        countries = [e for e in entries if e.kind is Kind.COUNTRY and not e.adjective]
        full = [e for e in entries if e.kind is Kind.PERSON and not e.surname]
        surnames = [e for e in entries if e.kind is Kind.PERSON and e.surname]
        people = self._people(full) or self._people(surnames, by_surname=True)
        named_full = list(dict.fromkeys(e.key for e in full if e.key in self._written))
        named = named_full or list(dict.fromkeys(e.key for e in surnames if e.key in self._written))
        if not people and len(named) == 1:  # the registry first: a written person only when it has no one
            return Mention(
                Kind.PERSON,
                named[0],
                self._written[named[0]],
                sentence.number,
                first.index,
                last.index,
                written,
                surname_only=not named_full,
            )
        if len(people) == 1:
            person = people[0]
            return Mention(
                Kind.PERSON,
                person.id,
                self.country_of(person),
                sentence.number,
                first.index,
                last.index,
                written,
                surname_only=not full,
            )
        if places:
            place = next(p for p in self.lexicon.places if p.name == places[0].key)
            return Mention(
                Kind.PLACE, place.name, place.country, sentence.number, first.index, last.index, written
            )
        if countries and len({e.key for e in countries}) == 1:
            code = countries[0].key
            return Mention(Kind.COUNTRY, code, code, sentence.number, first.index, last.index, written)
        return None

    def _people(self, entries: list[_Entry], by_surname: bool = False) -> list[Person]:
        people = [p for e in entries if (p := self.registry.get(e.key)) is not None]
        people = list({p.id: p for p in people}.values())
        if len(people) > 1 or by_surname:
            # A shared spelling, or a bare surname: only someone in office around the text's date.
            people = [p for p in people if self._in_office(p)]
        return people

    def _in_office(self, person: Person) -> bool:
        if self.day is None:
            return bool(person.offices)
        return bool(person.offices_during(self.day - _OFFICE_WINDOW, self.day + _OFFICE_WINDOW))

    def _german_adjective(self, sentence: Sentence, word: Word) -> Mention | None:
        key = normalize(word.text)
        for stem, code in self._german_adjectives:
            if key.startswith(stem) and key[len(stem) :] in _GERMAN_ADJECTIVE_ENDINGS:
                return Mention(
                    Kind.COUNTRY,
                    code,
                    code,
                    sentence.number,
                    word.index,
                    word.index,
                    word.text,
                    adjective=True,
                )
        return None

    def country_of(self, person: Person) -> str:
        """The country a person represented around the text's date (their office's), else their own."""
        if self.day is not None:
            for office in person.offices_during(self.day, self.day):
                return office.country.code
        return person.country.code


def cue_words(sentence: Sentence, pattern: re.Pattern[str]) -> set[int]:
    """The indexes of the words a cue pattern matches in a sentence."""
    indexes: set[int] = set()
    for match in pattern.finditer(sentence.text):
        for word in sentence.words:
            if word.start < match.end() and word.end > match.start():
                indexes.add(word.index)
    return indexes
