"""The vocabularies of ``draft``, read from ``data/draft/``: places, country words and cue words.

They are data, not code (a new city or a new word for "state visit" needs no release), and they are
read once. Cue words are regular expressions matched at the start of a word, ignoring case.
"""

from __future__ import annotations

import enum
import functools
import re
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml


class Language(enum.StrEnum):
    """The languages ``draft`` reads."""

    DE = "de"
    EN = "en"
    RU = "ru"


class LexiconError(Exception):
    """The built-in vocabulary is broken (a bug in diplotrack's own data files)."""


@dataclass(frozen=True)
class Place:
    """A city: its name as records write it, its country's code, whether it is the capital."""

    name: str
    country: str
    capital: bool
    forms: tuple[str, ...]


@dataclass(frozen=True)
class CountryWords:
    """A country's everyday names and adjectives in one language (adjectives: stems or lemmas)."""

    code: str
    nouns: tuple[str, ...]
    adjectives: tuple[str, ...]


@dataclass(frozen=True)
class Cues:
    """Compiled cue patterns of one kind, by language."""

    patterns: dict[Language, re.Pattern[str]]

    def search(self, text: str, language: Language) -> re.Match[str] | None:
        """The first cue in ``text``."""
        return self.patterns[language].search(text)

    def finditer(self, text: str, language: Language) -> list[re.Match[str]]:
        """Every cue in ``text``."""
        return list(self.patterns[language].finditer(text))


@dataclass(frozen=True)
class Event:
    """A multilateral event: the ``event`` text of its summits, and the names of its organisation."""

    name: str
    informal: str | None
    cues: Cues


@dataclass(frozen=True)
class Lexicon:
    """Everything ``draft`` looks for in a text."""

    places: tuple[Place, ...]
    countries: dict[Language, tuple[CountryWords, ...]]
    visit: Cues
    talks: Cues
    capital: Cues
    role: Cues
    toward: Cues
    future: Cues
    duration: dict[Language, tuple[re.Pattern[str], ...]]
    """Each with a group ``n``: the number of days (digits or a word of ``numbers``)."""
    numbers: dict[Language, dict[str, int]]
    types: dict[str, Cues]
    events: tuple[Event, ...]
    informal: Cues
    topics: dict[str, Cues]
    titles: dict[str, Cues]
    """Titles before the name of a visitor the registry does not know, by the role records write."""
    not_name: Cues
    """Capitalised words that are not part of a name written after a title."""

    def capital_of(self, code: str) -> Place | None:
        """The capital of a country, when the table has it."""
        return next((p for p in self.places if p.country == code and p.capital), None)


def _compile(patterns: Any, where: str) -> re.Pattern[str]:
    if not isinstance(patterns, list) or not all(isinstance(p, str) for p in patterns) or not patterns:
        raise LexiconError(f"draft lexicon: {where} must be a list of patterns")
    # Longest first, so that an alternation prefers "official working visit" over "official visit".
    ordered = sorted(patterns, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(f"(?:{p})" for p in ordered) + ")", re.IGNORECASE)


def _cues(table: Any, where: str) -> Cues:
    if not isinstance(table, dict):
        raise LexiconError(f"draft lexicon: {where} must map languages to patterns")
    return Cues({lang: _compile(table.get(lang.value), f"{where}.{lang.value}") for lang in Language})


def _read(name: str) -> Any:
    text = resources.files("diplotrack.data").joinpath("draft", name).read_text(encoding="utf-8")
    return yaml.safe_load(text)  # our own, trusted file


def _strings(value: Any, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise LexiconError(f"draft lexicon: {where} must be a list of text")
    return tuple(value)


@functools.cache
def lexicon() -> Lexicon:
    """The built-in lexicon (read once)."""
    places_data = _read("places.yaml")["places"]
    places = tuple(
        Place(
            p["name"],
            p["country"],
            bool(p.get("capital", False)),
            _strings(p["forms"], f"places.{p['name']}"),
        )
        for p in places_data
    )
    country_data = _read("countries.yaml")["countries"]
    countries = {
        lang: tuple(
            CountryWords(
                code,
                _strings(words.get(lang.value), f"countries.{code}.{lang.value}"),
                _strings(words.get(f"{lang.value}_adj"), f"countries.{code}.{lang.value}_adj"),
            )
            for code, words in country_data.items()
        )
        for lang in Language
    }
    cues = _read("cues.yaml")
    numbers = {lang: {str(k): int(v) for k, v in cues["numbers"][lang.value].items()} for lang in Language}
    events = tuple(
        Event(e["event"], e.get("informal"), _cues(e, f"events.{e['event']}")) for e in cues["events"]
    )
    return Lexicon(
        places=places,
        countries=countries,
        visit=_cues(cues["visit"], "visit"),
        talks=_cues(cues["talks"], "talks"),
        capital=_cues(cues["capital"], "capital"),
        role=_cues(cues["role"], "role"),
        toward=_cues(cues["toward"], "toward"),
        future=_cues(cues["future"], "future"),
        duration={
            lang: tuple(
                re.compile(r"(?<!\w)" + p, re.IGNORECASE)
                for p in _strings(cues["duration"][lang.value], f"duration.{lang.value}")
            )
            for lang in Language
        },
        numbers=numbers,
        types={name: _cues(table, f"types.{name}") for name, table in cues["types"].items()},
        events=events,
        informal=_cues(cues["informal"], "informal"),
        topics={name: _cues(table, f"topics.{name}") for name, table in cues["topics"].items()},
        titles={role: _title(role, table) for role, table in cues["titles"].items()},
        not_name=_cues(cues["not_name"], "not_name"),
    )


def _title(role: str, table: Any) -> Cues:
    # The role is written into records: it must be an office diplotrack classifies (head of state or
    # government, foreign minister), so that --role and the validator treat the drafted visitor right.
    from diplotrack.roles import classify_role

    if classify_role(role) is None:
        raise LexiconError(f"draft lexicon: titles.{role} is not a role diplotrack.roles knows")
    return _cues(table, f"titles.{role}")
