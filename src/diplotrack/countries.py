"""Countries: turn what a user wrote ("arm", "Armenien", "Soviet Union") into one canonical country.

The built-in vocabulary is ISO 3166-1 and ISO 3166-3 as shipped by pycountry, plus Kosovo (``XK``) and the
everyday English names and display names in ``data/country_aliases.yaml``. A dataset's ``countries.yaml``
adds entities and aliases through :meth:`CountryResolver.extended`.

:meth:`CountryResolver.resolve` tries three tiers in order and the first tier with a match wins:

1. codes, any case: ISO alpha-2 / alpha-3, historic alpha-4 / alpha-3 / alpha-2, ``XK``/``XKX``, entity codes;
2. English names: ISO names, curated everyday names, display names, dataset entities and aliases;
3. names in every language of pycountry's ISO 3166 translations (built lazily, on the first miss of 1-2).

Inside a tier, some keys are stronger than others so that everyday usage wins over ISO trivia, in this order:
explicit names (ISO names of current countries, curated and dataset aliases), forms derived from current ISO
names ("Republic of Korea" from "Korea, Republic of"), historic names, forms derived from historic names. So
"GE" is Georgia (not the Gilbert and Ellice Islands), "East Timor" is today's Timor-Leste (not ISO 3166-3
``TP``), and "Vietnam" is not the historic North Vietnam. Two countries on the strongest level of a key make
it ambiguous.
"""

from __future__ import annotations

import difflib
import functools
import importlib.util
import re
import struct
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

from diplotrack.normalize import normalize
from diplotrack.problems import excerpt

__all__ = [
    "AmbiguousCountry",
    "Country",
    "CountryError",
    "CountryResolver",
    "Entity",
    "UnknownCountry",
]


@dataclass(frozen=True)
class Country:
    """A country or country-like entity as diplotrack shows it."""

    code: str
    """Canonical code: ISO alpha-2; for a historic country its alpha-2 if unshared, else alpha-4; ``XK``."""
    name: str
    """English display name ("Russia", "Türkiye", "Soviet Union")."""
    until: date | None = None
    """Withdrawal date of a historic country or end of a dataset entity: it exists only on days before it."""
    historic: bool = False
    """True for ISO 3166-3 (withdrawn) countries."""

    def exists_on(self, day: date) -> bool:
        """Whether the country exists on ``day`` (always, unless it ended on or before that day)."""
        return self.until is None or day < self.until


@dataclass(frozen=True)
class Entity:
    """An extra place from a dataset's ``countries.yaml`` that is not an ISO 3166 country."""

    code: str
    """2 to 8 letters, digits or dashes, unique among all codes (``X-NKR``)."""
    name: str
    """English display name."""
    aliases: tuple[str, ...] = ()
    """Other names it may be written as."""
    until: date | None = None
    """Visits must start before this day."""


class CountryError(Exception):
    """A country cannot be resolved or the country vocabulary is broken; ``str()`` is a one-line message."""


class UnknownCountry(CountryError):
    """No country has this code or name."""

    def __init__(self, text: str, suggestions: Sequence[str] | Callable[[], Sequence[str]] = ()) -> None:
        super().__init__(text)
        self.text = text
        # Suggestions are scored against every name in every language: only worth it when someone reads them
        # (role classification tries many phrases that are no country, and never shows the message).
        self._suggestions = suggestions

    @functools.cached_property
    def suggestions(self) -> tuple[str, ...]:
        """Up to three countries with a similar name."""
        found = self._suggestions
        return tuple(found() if callable(found) else found)

    def __str__(self) -> str:
        hint = (
            f"did you mean {_or_list(self.suggestions)}?"
            if self.suggestions
            else "use an ISO code or an English name"
        )
        return f"unknown country {excerpt(self.text)}; {hint}"


class AmbiguousCountry(CountryError):
    """Several countries have this code or name."""

    def __init__(self, text: str, candidates: Sequence[Country]) -> None:
        self.text = text
        self.candidates = tuple(candidates)
        listed = ", ".join(f"{country.code} {country.name}" for country in self.candidates)
        super().__init__(f"ambiguous country {excerpt(text)}: it may be {listed}; use a code")


def _or_list(items: Sequence[str]) -> str:
    if len(items) == 1:
        return items[0]
    return f"{', '.join(items[:-1])} or {items[-1]}"


# --- matching keys ------------------------------------------------------------------------------------------


def _normalize(text: str) -> str:
    """The matching key of a name: no accents, casefolded, uniform punctuation and spaces, no leading the."""
    words = normalize(text).split()
    if words[:1] == ["the"]:
        words = words[1:]
    return " ".join(words)


def _code_key(text: str) -> str:
    return text.strip().casefold()


# Strength of a key inside one tier: lower wins.
_EXPLICIT, _DERIVED, _HISTORIC, _HISTORIC_DERIVED = 0, 1, 2, 3

_Index = dict[str, tuple[int, frozenset[str]]]
"""Matching key -> (strength, canonical codes of that strength)."""


def _add(index: _Index, key: str, code: str, level: int) -> None:
    if not key:
        return
    known = index.get(key)
    if known is None or level < known[0]:
        index[key] = (level, frozenset((code,)))
    elif level == known[0] and code not in known[1]:
        index[key] = (level, known[1] | {code})


def _derived_names(name: str, *, english: bool, historic: bool) -> list[str]:
    """Shorter or reordered forms of an ISO name: "Korea, Republic of" gives Korea and Republic of Korea."""
    forms: list[str] = []
    if "(" in name:
        plain = re.sub(r"\s*\([^)]*\)", "", name).strip()
        if plain and plain != name:
            forms += [plain, *_derived_names(plain, english=english, historic=historic)]
    if "," in name:
        head, tail = (part.strip() for part in name.split(",", 1))
        forms.append(head)
        if not english:
            pass  # word order and the tail's meaning differ by language: keep only the head
        elif re.search(r"\bof(?: the)?$", tail, re.IGNORECASE) or " " not in tail:
            forms.append(f"{tail} {head}")  # "Virgin Islands, British" -> "British Virgin Islands"
        elif historic:
            forms.append(tail)  # "USSR, Union of Soviet Socialist Republics"
    return forms


# --- built-in vocabulary ------------------------------------------------------------------------------------

_KOSOVO_CODES = ("XK", "XKX")


def _parse_withdrawal(value: str) -> date:
    """ISO 3166-3 withdrawal dates are "1977" or "1992-08-30"; a partial date means its first day."""
    year, month, day, *_ = [int(part) for part in value.split("-")] + [1, 1]
    return date(year, month, day)


@dataclass(frozen=True)
class _Vocabulary:
    aliases: Mapping[str, str]
    display: Mapping[str, str]


def _load_vocabulary() -> _Vocabulary:
    import yaml

    text = resources.files("diplotrack.data").joinpath("country_aliases.yaml").read_text(encoding="utf-8")
    data: Any = yaml.safe_load(text)  # our own, trusted file

    def table(section: str) -> dict[str, str]:
        value = data.get(section) if isinstance(data, dict) else None
        if not isinstance(value, dict) or not all(
            isinstance(key, str) and isinstance(item, str) for key, item in value.items()
        ):
            raise CountryError(f"built-in country_aliases.yaml: {section!r} must map text to text")
        return value

    return _Vocabulary(aliases=table("aliases"), display=table("display"))


@dataclass(frozen=True)
class _IsoCountry:
    """One pycountry record with its canonical code and English names (the msgids of its translations)."""

    code: str
    names: tuple[str, ...]
    record: Any
    historic: bool


def _text_attribute(record: Any, attribute: str) -> str | None:
    value = getattr(record, attribute, None)
    return value if isinstance(value, str) and value else None


@functools.cache
def _iso_countries() -> tuple[_IsoCountry, ...]:
    """Current and historic ISO countries; a historic alpha-2 used by anyone else gives way to the alpha-4."""
    import pycountry

    current = list(pycountry.countries)
    historic = list(pycountry.historic_countries)
    historic_alpha2 = [record.alpha_2 for record in historic]
    taken = {record.alpha_2 for record in current} | {
        code for code in historic_alpha2 if historic_alpha2.count(code) > 1
    }

    result = [
        _IsoCountry(
            record.alpha_2,
            tuple(
                name
                for name in (
                    record.name,
                    _text_attribute(record, "official_name"),
                    _text_attribute(record, "common_name"),
                )
                if name
            ),
            record,
            historic=False,
        )
        for record in current
    ]
    result += [
        _IsoCountry(
            record.alpha_4 if record.alpha_2 in taken else record.alpha_2,
            (record.name,),
            record,
            historic=True,
        )
        for record in historic
    ]
    return tuple(result)


def _pycountry_folder() -> Path:
    """Where pycountry's data lies, found without importing it (its import alone takes about 30 ms)."""
    spec = importlib.util.find_spec("pycountry")
    if spec is None or spec.origin is None:  # pragma: no cover - a dependency
        raise CountryError("pycountry is not installed")
    return Path(spec.origin).parent


@functools.cache
def data_stamp() -> str:
    """A fingerprint of pycountry's data and ours (for :func:`~diplotrack.cache.remembered`)."""
    from diplotrack.cache import package_stamp

    folder = _pycountry_folder()
    return package_stamp(folder, folder / "databases", Path(__file__).parent, Path(__file__).parent / "data")


@functools.cache
def _builtin() -> CountryResolver:
    from diplotrack.cache import remembered

    # Kept between runs: building it imports pycountry and reads ISO 3166 and our aliases (about 60 ms).
    return remembered("countries", data_stamp(), _build_builtin)


def _build_builtin() -> CountryResolver:
    vocabulary = _load_vocabulary()
    countries: dict[str, Country] = {}
    codes: _Index = {}
    names: _Index = {}

    for iso in _iso_countries():
        record = iso.record
        if iso.historic:
            name = vocabulary.display.get(iso.code, record.name)
            until = _parse_withdrawal(record.withdrawal_date)
            countries[iso.code] = Country(iso.code, name, until=until, historic=True)
            code_keys: tuple[str, ...] = (record.alpha_4, record.alpha_3, record.alpha_2)
            levels = (_HISTORIC, _HISTORIC_DERIVED)
        else:
            name = _text_attribute(record, "common_name") or vocabulary.display.get(iso.code, record.name)
            countries[iso.code] = Country(iso.code, name)
            code_keys = (record.alpha_2, record.alpha_3)
            levels = (_EXPLICIT, _DERIVED)
        for key in code_keys:
            _add(codes, _code_key(key), iso.code, levels[0])
        for iso_name in iso.names:
            _add(names, _normalize(iso_name), iso.code, levels[0])
            for form in _derived_names(iso_name, english=True, historic=iso.historic):
                _add(names, _normalize(form), iso.code, levels[1])

    countries["XK"] = Country("XK", vocabulary.display.get("XK", "Kosovo"))
    for key in _KOSOVO_CODES:
        _add(codes, _code_key(key), "XK", _EXPLICIT)

    for code, name in vocabulary.display.items():
        if code not in countries:
            raise CountryError(f"built-in country_aliases.yaml: display name for unknown code {code!r}")
        _add(names, _normalize(name), code, _HISTORIC if countries[code].historic else _EXPLICIT)
    for alias, code in vocabulary.aliases.items():
        if code not in countries:
            raise CountryError(f"built-in country_aliases.yaml: alias {alias!r} for unknown code {code!r}")
        _add(names, _normalize(alias), code, _EXPLICIT)

    ordered = sorted(countries.values(), key=lambda country: (country.historic, country.code))
    return CountryResolver({country.code: country for country in ordered}, codes, names)


def _read_mo(path: Path) -> dict[str, str]:
    """The msgid -> translation table of a GNU .mo file; iso-codes ships them in UTF-8.

    ``gettext.GNUTranslations`` gives no public way to list its messages and parses twice as slowly.
    """
    data = path.read_bytes()
    order = "<" if data[:4] == b"\xde\x12\x04\x95" else ">"
    count, originals_at, translations_at = struct.unpack_from(f"{order}3I", data, 8)
    originals = struct.unpack_from(f"{order}{2 * count}I", data, originals_at)
    translations = struct.unpack_from(f"{order}{2 * count}I", data, translations_at)
    table: dict[str, str] = {}
    for length, start, translated_length, translated_start in zip(
        originals[::2], originals[1::2], translations[::2], translations[1::2], strict=True
    ):
        msgid = data[start : start + length]
        if msgid and b"\x00" not in msgid and b"\x04" not in msgid:  # skip header, plurals and contexts
            translated = data[translated_start : translated_start + translated_length]
            table[msgid.decode("utf-8", "replace")] = translated.decode("utf-8", "replace")
    return table


@functools.cache
def _translation_index() -> _Index:
    """The translation index, built once and kept between runs (building it reads every locale: about 1 s)."""
    from diplotrack.cache import remembered

    return remembered("translations", data_stamp(), _build_translation_index)


def _build_translation_index() -> _Index:
    """Names in every language pycountry has translations for (built only when needed: it takes a while).

    A few translations in the ISO files are plain mistakes (one language calls Nicaragua "Paraguai"), so when
    a name means different countries in different languages, the country named so by a strict majority of
    those languages wins; without one, the name stays ambiguous.
    """
    import pycountry

    votes: dict[str, tuple[int, dict[str, int]]] = {}  # key -> (strength, languages per code)
    keys: dict[str, str] = {}  # many languages share a spelling: normalize each once
    locales = Path(pycountry.LOCALES_DIR)
    for domain, historic in (("iso3166-1", False), ("iso3166-3", True)):
        codes: dict[str, tuple[str, ...]] = {}  # msgid -> canonical codes (a name may be shared)
        for iso in _iso_countries():
            if iso.historic is historic:
                for msgid in iso.names:
                    if iso.code not in codes.get(msgid, ()):
                        codes[msgid] = (*codes.get(msgid, ()), iso.code)
        exact, derived = (_HISTORIC, _HISTORIC_DERIVED) if historic else (_EXPLICIT, _DERIVED)
        for path in sorted(locales.glob(f"*/LC_MESSAGES/{domain}.mo")):
            found: dict[tuple[str, str], int] = {}  # (key, code) -> strength: one vote per language
            for msgid, translated in _read_mo(path).items():
                targets = codes.get(msgid)
                if targets is None or translated == msgid:
                    continue  # not a country name, or untranslated (tier 2 has the English already)
                key = keys.get(translated)
                if key is None:
                    key = keys[translated] = _normalize(translated)
                for code in targets:
                    found[key, code] = exact  # the strongest level: overrides a derived form
                if "," in translated or "(" in translated:
                    for form in _derived_names(translated, english=False, historic=historic):
                        for code in targets:
                            found.setdefault((_normalize(form), code), derived)
            for (key, code), level in found.items():
                if not key:
                    continue
                known = votes.get(key)
                if known is None or level < known[0]:
                    votes[key] = (level, {code: 1})
                elif level == known[0]:
                    known[1][code] = known[1].get(code, 0) + 1

    index: _Index = {}
    for key, (level, counts) in votes.items():
        leader = max(counts, key=counts.__getitem__)
        if len(counts) == 1 or counts[leader] * 2 > sum(counts.values()):
            index[key] = (level, frozenset((leader,)))
        else:
            index[key] = (level, frozenset(counts))
    return index


# --- the resolver -------------------------------------------------------------------------------------------

_ENTITY_CODE = re.compile(r"[A-Za-z0-9-]{2,8}")


class CountryResolver:
    """Resolves user-written country codes and names; immutable, see :meth:`builtin` and :meth:`extended`."""

    def __init__(self, countries: Mapping[str, Country], codes: _Index, names: _Index) -> None:
        """Internal: use :meth:`builtin` or :meth:`extended`."""
        self._countries = dict(countries)
        self._by_code = {_code_key(code): country for code, country in self._countries.items()}
        self._codes = dict(codes)
        self._names = dict(names)

    @classmethod
    def builtin(cls) -> CountryResolver:
        """ISO 3166-1, ISO 3166-3, Kosovo and the curated names (one shared, cached instance)."""
        return _builtin()

    def extended(
        self, entities: Sequence[Entity], aliases: Mapping[str, str]
    ) -> tuple[CountryResolver, list[tuple[Entity | str, CountryError]]]:
        """A new resolver that also knows a dataset's entities and aliases, and the ones it had to leave out.

        An alias maps a name to anything this resolver (with the new entities) resolves: a code or a name
        in any language. Aliases do not chain. An alias or entity name that is also another country's name
        makes that name ambiguous. A bad entity code, an entity code that is already taken, or an alias whose
        target does not resolve to exactly one country is left out and returned with its error; the others
        are kept.
        """
        countries = dict(self._countries)
        codes = dict(self._codes)
        names = dict(self._names)
        left_out: list[tuple[Entity | str, CountryError]] = []
        for entity in entities:
            if not _ENTITY_CODE.fullmatch(entity.code):
                left_out.append(
                    (
                        entity,
                        CountryError(
                            f"entity code {excerpt(entity.code)} must be 2 to 8 letters, digits or dashes"
                        ),
                    )
                )
                continue
            key = _code_key(entity.code)
            if key in codes:
                taken = ", ".join(f"{code} {countries[code].name}" for code in sorted(codes[key][1]))
                left_out.append(
                    (entity, CountryError(f"entity code {excerpt(entity.code)} is already used by {taken}"))
                )
                continue
            countries[entity.code] = Country(entity.code, entity.name, until=entity.until)
            _add(codes, key, entity.code, _EXPLICIT)
            for name in (entity.name, *entity.aliases):
                _add(names, _normalize(name), entity.code, _EXPLICIT)

        with_entities = CountryResolver(countries, codes, names)
        for alias, target in aliases.items():
            try:
                country = with_entities.resolve(target)
            except CountryError as error:
                left_out.append((alias, CountryError(f"country alias {excerpt(alias)}: {error}")))
                continue
            _add(names, _normalize(alias), country.code, _EXPLICIT)
        return CountryResolver(countries, codes, names), left_out

    def resolve(self, text: str) -> Country:
        """The one country ``text`` means; raises :class:`UnknownCountry` or :class:`AmbiguousCountry`."""
        found = self._codes.get(_code_key(text))
        if found is None:
            key = _normalize(text)
            found = self._names.get(key)
            if found is None and key:
                found = _translation_index().get(key)
        if found is None:
            raise UnknownCountry(text, lambda: self._suggest(text))
        if len(found[1]) > 1:
            raise AmbiguousCountry(text, [self._countries[code] for code in sorted(found[1])])
        (code,) = found[1]
        return self._countries[code]

    def get(self, code: str) -> Country:
        """The country with this canonical code (any case); raises :class:`KeyError` if there is none."""
        try:
            return self._by_code[_code_key(code)]
        except KeyError:
            raise KeyError(code) from None

    def all(self) -> tuple[Country, ...]:
        """Every country: current ones and Kosovo by code, historic ones by code, then dataset entities."""
        return tuple(self._countries.values())

    def _suggest(self, text: str) -> tuple[str, ...]:
        """Up to three display names of countries whose name in any language (or code, if short) is like ``text``.

        "Deutchland" is closest to the German "Deutschland", not to the English "Thailand".
        """
        key = _normalize(text)
        if not key:
            return ()
        # A code is compared only with code-like text: "Armenai" is not meant to be "ARE".
        candidates = {**_translation_index(), **self._names}
        if len(key) <= 4:
            candidates |= self._codes
        suggestions: list[str] = []
        for match in difflib.get_close_matches(key, candidates, n=12, cutoff=0.6):
            for code in sorted(candidates[match][1]):
                name = self._countries[code].name
                if name not in suggestions:
                    suggestions.append(name)
        return tuple(suggestions[:3])
