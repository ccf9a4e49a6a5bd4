"""Office classes: what kind of office a role is (head of state, of government, foreign minister).

The class of a visitor comes from the person registry when it knows the office held on the
visit's dates; otherwise from the role text, through :func:`classify_role` and the vocabulary in
``data/roles.yaml`` (titles in en, de, ru, fr, es, tr and, where we are sure of them, kk, ky, uz, az,
hy, ka; acting markers; articles; connectors; genitive endings; abbreviations; country adjectives).

A role text is compared word by word after :func:`diplotrack.normalize.normalize`, and matches when it reads

    [article] [country qualifier] TITLE [country qualifier]

once the acting markers ("acting", "interim", "designate", "amtierender", "и. о.", "par intérim",
"en funciones", "vekili", …) are removed wherever they stand; the class is the TITLE's. A *country
qualifier* is what may surround the title and still leave the office the same:

* before the title: a country name, optionally with the English possessive ("Kazakhstan's
  President", "Ermenistan Başbakanı"), or a country adjective ("Kazakh President", "kasachischer
  Präsident", "казахстанский президент");
* after the title: a connector ("of", "der", "de la", "d'", …) and a country name ("President of the
  Republic of Kazakhstan", "Premier ministre d'Arménie"), a country name in the genitive without a
  connector ("Präsident Kasachstans", "Президент Республики Казахстан"), or a country adjective
  ("président kazakh").

A *country name* is whatever :meth:`CountryResolver.builtin().resolve` accepts or finds ambiguous
("Korea"), in every language of pycountry's translations; a dataset's own entities (``countries.yaml``)
are not consulted, so "President of Abkhazia" stays unknown. It is tried as written, then with the
genitive endings of ``roles.yaml`` replaced (Kasachstans → Kasachstan, Республики Казахстан →
Республика Казахстан); or it is one of the listed abbreviations (US, UK, РФ, …). Up to three Latin letters are otherwise refused: they would be read as
ISO codes, and "la" or "il" are articles, not Laos or Israel. Adjectives come from a curated list (the
region and frequent partners), since no resolver knows them. Anything else around a title makes the
role another office: "Vice President", "Deputy Prime Minister", "Заместитель Председателя
Правительства" ("Vice", "Deputy" are no countries), "President of the National Assembly", "President
of the European Commission" (no country after "of").

A role that matches nothing as a whole and names several offices ("Deputy Prime Minister – Minister of
Foreign Affairs") is split at spaced dashes, semicolons, commas and the joiner words; the highest class
among the parts wins (head of state, then head of government, then foreign minister).

:func:`classify_role` never returns :attr:`OfficeClass.OTHER`: an office the table does not know is
``None`` ("not known to be one of the three"); ``other`` is for the registry to state. The resolver is
imported on first use, not at import time, and results are cached per role text and per qualifier, so
classification costs a dictionary lookup for every role seen before.
"""

from __future__ import annotations

import enum
import functools
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from diplotrack.normalize import normalize


class OfficeClass(enum.StrEnum):
    """The kind of office, for ``--role``."""

    HEAD_OF_STATE = "head-of-state"
    HEAD_OF_GOVERNMENT = "head-of-government"
    FOREIGN_MINISTER = "foreign-minister"
    OTHER = "other"


_Words = tuple[str, ...]

# Where a role naming several offices is cut before normalising (normalize turns these into spaces).
_SEPARATORS = re.compile(r"\s[-\u2010-\u2015\u2212]\s|[;,]")
# A country qualifier is tried with at most this many spellings rewritten from the genitive.
_MAX_VARIANTS = 32


@dataclass(frozen=True)
class _Vocabulary:
    """``roles.yaml``, normalised: every text is a tuple of normalised words."""

    titles: dict[str, OfficeClass]
    acting: tuple[_Words, ...]
    articles: frozenset[str]
    connectors: tuple[_Words, ...]
    possessives: frozenset[str]
    joiners: frozenset[str]
    genitive_endings: tuple[tuple[str, str], ...]
    abbreviations: dict[str, str]
    adjectives: dict[str, str]


def _words(text: str) -> _Words:
    return tuple(normalize(text).split())


def _texts(value: Any) -> list[str]:
    """The texts of a list, or of a mapping of languages to lists."""
    if isinstance(value, dict):
        return [text for texts in value.values() for text in _texts(texts)]
    if isinstance(value, list) and all(isinstance(text, str) for text in value):
        return value
    raise ValueError(f"built-in roles.yaml: expected a list of texts, got {value!r}")


def _longest_first(texts: list[str]) -> tuple[_Words, ...]:
    return tuple(sorted({_words(text) for text in texts}, key=len, reverse=True))


@functools.cache
def _vocabulary() -> _Vocabulary:
    from pathlib import Path

    from diplotrack.cache import package_stamp, remembered

    # Kept between runs: reading roles.yaml takes 20 ms, in every worker of a cold validate.
    here = Path(__file__).parent
    return remembered("roles", package_stamp(here, here / "data"), _read_vocabulary)


def _read_vocabulary() -> _Vocabulary:
    from importlib import resources

    import yaml  # not at import time: OfficeClass is a CLI choice, needed at every start-up

    text = resources.files("diplotrack.data").joinpath("roles.yaml").read_text(encoding="utf-8")
    data: dict[str, Any] = yaml.safe_load(text)  # our own, trusted file

    titles: dict[str, OfficeClass] = {}
    for name, by_language in data["titles"].items():
        office = OfficeClass(name)
        for title in _texts(by_language):
            key = " ".join(_words(title))
            if titles.setdefault(key, office) is not office:
                raise ValueError(f"built-in roles.yaml: {title!r} is both {titles[key]} and {office}")

    endings = data["adjective_endings"]
    adjectives: dict[str, str] = {}
    for code, forms in data["adjectives"].items():
        for form in forms:
            spelled = [form[:-1] + ending for ending in endings] if form.endswith("*") else [form]
            adjectives.update(dict.fromkeys((" ".join(_words(item)) for item in spelled), code))

    return _Vocabulary(
        titles=titles,
        acting=_longest_first(_texts(data["acting"])),
        articles=frozenset(" ".join(_words(article)) for article in data["articles"]),
        connectors=_longest_first(_texts(data["connectors"])),
        possessives=frozenset(map(normalize, data["possessives"])),
        joiners=frozenset(map(normalize, data["joiners"])),
        genitive_endings=tuple(
            (normalize(ending), normalize(nominative))
            for rules in data["genitive_endings"].values()
            for ending, nominative in rules
        ),
        abbreviations={" ".join(_words(short)): code for short, code in data["abbreviations"].items()},
        adjectives=adjectives,
    )


# --- country qualifiers ---------------------------------------------------------------------------------


def _nominatives(word: str) -> list[str]:
    """``word`` and the forms it has with a genitive ending replaced by the nominative one."""
    forms = [word]
    for ending, nominative in _vocabulary().genitive_endings:
        if word.endswith(ending) and len(word) > len(ending) + 2:
            forms.append(word[: len(word) - len(ending)] + nominative)
    return forms


@functools.lru_cache(maxsize=4096)
def _is_country(words: _Words) -> bool:
    """Whether ``words`` name a country, as written or in the genitive."""
    vocabulary = _vocabulary()
    phrase = " ".join(words)
    if phrase in vocabulary.abbreviations:
        return True
    if len(phrase) <= 3 and phrase.isascii():
        return False
    # Imported here: the resolver loads pycountry, which only roles that need a qualifier should pay for.
    from diplotrack.countries import AmbiguousCountry, CountryError, CountryResolver

    resolver = CountryResolver.builtin()
    variants = itertools.islice(itertools.product(*map(_nominatives, words)), _MAX_VARIANTS)
    for variant in variants:
        try:
            resolver.resolve(" ".join(variant))
        except AmbiguousCountry:
            return True  # "Korea": a country, which one does not matter here
        except CountryError:
            continue
        return True
    return False


def _is_adjective(words: _Words) -> bool:
    return " ".join(words) in _vocabulary().adjectives


def _before_title(words: _Words) -> bool:
    """Whether ``words`` may stand before a title: nothing, a country (with "'s") or a country adjective."""
    if not words:
        return True
    if words[-1] in _vocabulary().possessives and len(words) > 1:
        return _is_country(words[:-1])
    return _is_adjective(words) or _is_country(words)


def _after_title(words: _Words) -> bool:
    """Whether ``words`` may follow a title: nothing, a country adjective, [a connector and] a country."""
    if not words:
        return True
    if _is_adjective(words):
        return True
    for connector in _vocabulary().connectors:
        if (
            words[: len(connector)] == connector
            and len(words) > len(connector)
            and _is_country(words[len(connector) :])
        ):
            return True
    return _is_country(words)  # a genitive: "Präsident Kasachstans", "Президент Казахстана"


# --- titles ---------------------------------------------------------------------------------------------


def _without_acting(words: _Words) -> _Words:
    """``words`` without acting markers, wherever they stand as whole words."""
    markers = _vocabulary().acting
    kept: list[str] = []
    index = 0
    while index < len(words):
        marker = next((m for m in markers if words[index : index + len(m)] == m), None)
        if marker is None:
            kept.append(words[index])
            index += 1
        else:
            index += len(marker)
    return tuple(kept)


def _classify_words(words: _Words) -> OfficeClass | None:
    """The class of one office's normalised words: a title with country qualifiers around it."""
    vocabulary = _vocabulary()
    words = _without_acting(words)
    if words[:1] and words[0] in vocabulary.articles:
        words = words[1:]
    if not words:
        return None
    exact = vocabulary.titles.get(" ".join(words))
    if exact is not None:
        return exact
    # Every run of words that is a title; the qualifier checks (which may resolve countries) only for those.
    for start in range(len(words)):
        for end in range(len(words), start, -1):
            office = vocabulary.titles.get(" ".join(words[start:end]))
            if office is not None and _before_title(words[:start]) and _after_title(words[end:]):
                return office
    return None


def _offices(role: str) -> list[_Words]:
    """The parts of a role that names several offices, each as normalised words."""
    joiners = _vocabulary().joiners
    parts: list[_Words] = []
    for piece in _SEPARATORS.split(role):
        current: list[str] = []
        for word in _words(piece):
            if word in joiners:
                parts.append(tuple(current))
                current = []
            else:
                current.append(word)
        parts.append(tuple(current))
    return [part for part in parts if part]


_RANK = list(OfficeClass)


def _best(classes: Sequence[OfficeClass]) -> OfficeClass | None:
    return min(classes, key=_RANK.index) if classes else None


@functools.lru_cache(maxsize=8192)
def _classify(role: str) -> OfficeClass | None:
    whole = _classify_words(_words(role))
    if whole is not None:
        return whole
    parts = _offices(role)
    if len(parts) < 2:
        return None
    return _best([office for part in parts if (office := _classify_words(part)) is not None])


def classify_role(role: str | None) -> OfficeClass | None:
    """The class a role text implies; ``None`` when the table does not know it (see the module docstring)."""
    if not role:
        return None
    return _classify(role)
