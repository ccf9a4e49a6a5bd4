"""The dictionary forms a word may stand for, so that "Tokajews", "Токаевым" and "Армении" find their entries.

German marks the genitive of names with ``-s`` ("Armeniens", "Tokajews"); English with ``'s`` (dropped by
the word pattern). Russian declines names, countries and cities in six cases, so Russian words are looked up
by every lemma pymorphy3 proposes for them (and its dictionary knows most place names; for unknown surnames
it guesses by analogy, which is what "Пашиняном" → "пашинян" needs). All forms are :func:`normalize` keys.

pymorphy3 is the maintained successor of pymorphy2, the analyser natasha's ``MorphVocab`` wraps: we use it
directly, without natasha's numpy-based models, because names are found through the registries, not NER.
"""

from __future__ import annotations

import functools
from typing import Any

from diplotrack.draft.lexicon import Language
from diplotrack.normalize import normalize

# Russian case endings of surnames and of names pymorphy3 may not know, longest first: a fallback for words
# it does not analyse as names ("Токаева" is also read as a feminine surname).
_RU_ENDINGS = (
    "ыми",
    "ому",
    "ым",
    "ом",
    "ой",
    "ем",
    "ою",
    "ую",
    "ия",
    "ии",
    "ию",
    "ей",
    "а",
    "у",
    "е",
    "ы",
    "и",
    "ю",
    "я",
)


@functools.cache
def _analyzer() -> Any:
    import pymorphy3  # imported when needed: building the analyser reads its dictionaries (about 0.3 s)

    return pymorphy3.MorphAnalyzer()


@functools.cache
def _russian_lemmas(word: str) -> tuple[str, ...]:
    parses = _analyzer().parse(word)
    return tuple(dict.fromkeys(normalize(p.normal_form) for p in parses))


@functools.cache
def forms(word: str, language: Language) -> tuple[str, ...]:
    """The matching keys ``word`` may stand for: itself first, then its dictionary forms."""
    key = normalize(word)
    found = [key]
    if language is Language.EN and key.endswith(" s"):
        found.append(key[:-2])  # possessive: Kazakhstan's
    elif language is Language.DE and len(key) > 3 and key.endswith("s"):
        found.append(key[:-1])  # genitive: Armeniens, Tokajews, Paschinjans
    elif language is Language.RU and any("\u0400" <= c <= "\u04ff" for c in word):
        found.extend(_russian_lemmas(word.lower()))
        for ending in _RU_ENDINGS if word[:1].isupper() else ():
            if key.endswith(ending) and len(key) - len(ending) >= 3:
                stem = key[: -len(ending)]
                found.append(stem)  # Токаев-а, Пашинян-ом
                if ending in ("ии", "ию", "ей", "ой", "ою", "ую", "е", "ы", "и", "у"):
                    found.append(stem + "я")  # Арменией → армения (pymorphy3 knows most; names it may not)
                    found.append(stem + "а")  # Астане → астана
    return tuple(dict.fromkeys(found))


def is_dictionary_form(word: str, language: Language) -> bool:
    """Whether ``word`` is its own dictionary form: in Russian, one of its lemmas ("президент", not
    "президента"); German and English titles are taken as they stand."""
    if language is not Language.RU or not any("\u0400" <= c <= "\u04ff" for c in word):
        return True
    return normalize(word) in _russian_lemmas(word.lower())
