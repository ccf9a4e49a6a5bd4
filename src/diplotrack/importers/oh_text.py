"""The Office of the Historian's free text, read: country labels, "Title Name" visitors, visit types.

The OH writes countries as labels of its own time ("U.S.S.R.", "Germany, Federal Republic of",
"Dahomey (Benin)"), visitors as one string ("Prime Minister Kyriakos Mitsotakis") and the kind of
visit, when it says it at all, inside the remarks ("Official working visit."). The vocabulary is in
``data/oh.yaml``; each label mapping there says why.

* :func:`country_of` maps a label to the sovereign country on the visit's date: the label table first,
  then :class:`~diplotrack.countries.CountryResolver` on the label and its variants. A historic country
  is refused on a date after it ceased to exist.
* :func:`split_visitor` splits off the longest title of the table. ``roles.classify_role`` is not used to
  find where a title ends: it accepts country qualifiers, so "President France Albert Rene" (Seychelles)
  would become the role "President France".
* :func:`visit_type` reads a type only where the text names one ("State Visit", "Official Working
  Visit", …, the first one named wins), or ``summit`` where it says the visitor attended a Summit.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml

from diplotrack.countries import Country, CountryError, CountryResolver
from diplotrack.model import VisitType
from diplotrack.normalize import normalize


class UnmappedLabel(Exception):
    """A country label that names no country on the date; ``str()`` says why."""


@dataclass(frozen=True)
class _Dated:
    code: str
    until: dt.date | None = None
    """The first day this code no longer applies (exclusive); ``None``: still."""


@dataclass(frozen=True)
class _Vocabulary:
    countries: dict[str, tuple[_Dated, ...]]
    visitor: re.Pattern[str]
    spellings: dict[str, str]


def _dated(value: Any) -> tuple[_Dated, ...]:
    if isinstance(value, str):
        return (_Dated(value),)
    entries = []
    for entry in value:
        until = entry.get("until")
        if until is not None and not isinstance(until, dt.date):
            raise ValueError(f"built-in oh.yaml: 'until' must be a date, got {until!r}")
        entries.append(_Dated(str(entry["code"]), until))
    return tuple(entries)


def _words_pattern(text: str) -> str:
    """A title as a pattern: any run of spaces between words; a dash may also be a space."""
    return r"[\s-]+".join(re.escape(word) for word in re.split(r"[\s-]+", text.strip()))


def _alternatives(texts: list[str]) -> str:
    # Longest first: the regex engine takes the first alternative that matches, and a longer title
    # ("Chairman of the Presidency") must win over its first word ("Chairman").
    return "|".join(_words_pattern(text) for text in sorted(set(texts), key=len, reverse=True))


@functools.cache
def _vocabulary() -> _Vocabulary:
    text = resources.files("diplotrack.data").joinpath("oh.yaml").read_text(encoding="utf-8")
    data: dict[str, Any] = yaml.safe_load(text)  # our own, trusted file
    spellings: dict[str, str] = data["title_spellings"]
    titles = _alternatives([*data["titles"], *spellings])
    modifiers = _alternatives(data["modifiers"])
    suffixes = _alternatives(data["suffixes"])
    # The role is case-insensitive; the name must start right after it: at a space, a dash, or a capital
    # letter glued to the title ("Prime MinisterHaidar al-Abadi" in the OH data).
    visitor = re.compile(
        rf"(?i:(?P<modifiers>(?:(?:{modifiers})\s+)*)(?P<title>{titles})"
        rf"(?:(?:\s*-\s*|\s+)(?P<suffix>{suffixes})\b)?)"
        rf"(?:\s*-\s*|\s+|(?=[A-Z]))(?P<name>\S.*)",
        re.DOTALL,
    )
    return _Vocabulary(
        countries={normalize(label): _dated(value) for label, value in data["countries"].items()},
        visitor=visitor,
        spellings={normalize(wrong): right for wrong, right in spellings.items()},
    )


# --- countries ----------------------------------------------------------------------------------------


def _candidates(label: str) -> Iterator[str]:
    """The label, without its parenthesis, the parenthesis alone, and "A, B" forms as "B A"."""
    main = re.sub(r"\s*\([^)]*\)", "", label).strip()
    forms = [label, main, *re.findall(r"\(([^)]*)\)", label)]
    for form in (label, main):
        if "," in form:
            head, tail = (part.strip() for part in form.split(",", 1))
            forms.append(f"{tail} {head}")
    seen: set[str] = set()
    for form in forms:
        if form and form not in seen:
            seen.add(form)
            yield form


def country_of(label: str, day: dt.date, resolver: CountryResolver) -> Country:
    """The country an OH label means on ``day``; :class:`UnmappedLabel` when there is none."""
    text = " ".join(label.split())
    if not text:
        raise UnmappedLabel("the country is empty")
    entries = _vocabulary().countries.get(normalize(text))
    if entries is not None:
        for entry in entries:
            if entry.until is None or day < entry.until:
                return resolver.get(entry.code)
        raise UnmappedLabel(f"{text!r} has no country on {day}")
    for candidate in _candidates(text):
        try:
            country = resolver.resolve(candidate)
        except CountryError:
            continue
        if not country.exists_on(day):
            raise UnmappedLabel(f"{text!r} is {country.name}, which had ceased to exist on {day}")
        return country
    raise UnmappedLabel(f"unknown country label {text!r}")


# --- visitors -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Visitor:
    """A visitor's name, and the role the text gives, if any."""

    name: str
    role: str | None = None


def _role(match: re.Match[str]) -> str:
    title = " ".join(match["title"].split())
    title = _vocabulary().spellings.get(normalize(title), title)
    role = " ".join([*match["modifiers"].split(), title])
    return f"{role}-{match['suffix'].lower()}" if match["suffix"] else role


def split_visitor(text: str) -> Visitor:
    """``Visitor("Kyriakos Mitsotakis", "Prime Minister")`` from "Prime Minister Kyriakos Mitsotakis".

    Text that opens with no known title is all name ("Valdas Adamkus").
    """
    text = " ".join(text.split())
    match = _vocabulary().visitor.fullmatch(text)
    if match is None:
        return Visitor(text)
    return Visitor(match["name"].strip(), _role(match))


def split_visitors(text: str) -> list[Visitor]:
    """Several visitors in one text, split at "and" before a title.

    "President Fatmir Sejdiu and Prime Minister Hashim Thaci" are two visitors; "Sheikh Hamad and
    his wife" one.
    """
    text = " ".join(text.split())
    parts = [text]
    while True:
        last = parts[-1]
        cut = next(
            (
                m
                for m in re.finditer(r"\s+and\s+", last)
                if _vocabulary().visitor.fullmatch(last[m.end() :]) is not None
                and _vocabulary().visitor.fullmatch(last[: m.start()]) is not None
            ),
            None,
        )
        if cut is None:
            break
        parts[-1:] = [last[: cut.start()], last[cut.end() :]]
    return [split_visitor(part) for part in parts]


# --- types --------------------------------------------------------------------------------------------

_TYPES = {
    "official working": VisitType.OFFICIAL_WORKING,
    "official": VisitType.OFFICIAL,
    "working": VisitType.WORKING,
    "state": VisitType.STATE,
    "private": VisitType.PRIVATE,
}
# "Unofficial visit" does not match: there is no word boundary inside "unofficial".
_TYPE = re.compile(r"\b(official[\s-]+working|official|working|state|private)\s+visit\b", re.IGNORECASE)
# A sentence ends at a full stop or semicolon after a lower-case word, not inside "U.N." or "D.C.".
_SENTENCE_END = re.compile(r"(?<=[a-z]{2}[.;])\s+")
# "Attended the Nuclear Security Summit", "Met with President Bush at the G-8 Economic Summit": a Summit
# (capitalised: a named meeting, not "pre-summit talks") that the visitor attended.
_SUMMIT = re.compile(r"\b(?:[Aa]ttended|[Aa]ttending|[Pp]articipated in|at|during)\b.*\bSummit\b")


def visit_type(text: str | None) -> VisitType | None:
    """The type the text names, else ``summit`` if it says the visitor attended a Summit, else ``None``."""
    if not text:
        return None
    text = " ".join(text.split())
    named = _TYPE.search(text)
    if named is not None:
        return _TYPES[" ".join(named[1].lower().replace("-", " ").split())]
    if any(_SUMMIT.search(sentence) for sentence in _SENTENCE_END.split(text)):
        return VisitType.SUMMIT
    return None
