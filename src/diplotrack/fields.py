"""Reading typed values out of a YAML mapping, collecting problems as it goes.

:class:`FieldReader` is the one place that knows how a mapping's keys become Python values:
text, lists of text, dates and periods, enum choices, countries, URLs. The visit, person, group
and country-file parsers all use it, so every file kind reports the same problems the same way.

A reader for a nested mapping (``visitor``, ``sources[0]``) shares its parent's state: an error
anywhere inside a record marks the whole record failed, with nothing to merge back by hand.
"""

from __future__ import annotations

import difflib
import enum
import re
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import TypeVar
from urllib.parse import urlparse

from diplotrack.countries import AmbiguousCountry, CountryError, CountryResolver
from diplotrack.dates import DateError, PartialDate, Period, parse_iso
from diplotrack.model import CountryValue
from diplotrack.problems import Position, Problem, Rule, excerpt
from diplotrack.yamlsource import Mapping, Scalar, Sequence, YamlNode, describe

E = TypeVar("E", bound=enum.Enum)

# Control and format characters that could rewrite a terminal or a log (C0 but tab and line feed, DEL, C1,
# bidi controls, line separators); line feeds and tabs are only for multi-line text.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")
_BREAK = re.compile("[\n\t]")
_LIST_INDEX = re.compile(r"(?:\.|\[)(\d+)\]?(?=\.|$)")


def did_you_mean(word: str, choices: Collection[str]) -> str:
    """`` (did you mean 'x'?)`` when a choice is close to ``word``, else an empty string."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {excerpt(close[0])}?)" if close else ""


@dataclass
class RecordState:
    """What all readers of one record share: its problems, whether it failed, where its values are."""

    problems: list[Problem]
    record_id: str | None = None
    failed: bool = False
    positions: dict[str, Position] = field(default_factory=dict)


REGISTRY_SOURCE_KEYS = ("url", "title")
"""The keys of a source in the person registry and in groups, in order."""


class FieldReader:
    """Reads the keys of one mapping; every problem goes to the shared :class:`RecordState`."""

    def __init__(
        self,
        mapping: Mapping,
        allowed: Collection[str],
        state: RecordState | list[Problem],
        *,
        prefix: str = "",
    ) -> None:
        self.mapping = mapping
        self.values = {key.text: value for key, value in mapping.entries}
        self.state = state if isinstance(state, RecordState) else RecordState(state)
        self.prefix = prefix
        for key, value in mapping.entries:
            if key.text not in allowed:
                self.error(
                    key.position,
                    Rule.UNKNOWN_KEY,
                    f"unknown key {self.label(key.text)}{did_you_mean(key.text, allowed)}; "
                    f"allowed keys: {', '.join(sorted(allowed))}",
                )
            else:
                self.state.positions[self.path(key.text)] = value.position

    @property
    def failed(self) -> bool:
        """Whether the record (this mapping or any nested one) has an error."""
        return self.state.failed

    @property
    def positions(self) -> dict[str, Position]:
        """The position of every value read so far, by dotted path."""
        return self.state.positions

    def path(self, key: str) -> str:
        """The dotted path of a key, e.g. ``visitor.country``."""
        return f"{self.prefix}{key}"

    def label(self, key: str) -> str:
        """How messages name a key: its dotted path with list positions counted from 1 (``sources[1].url``)."""
        return repr(_LIST_INDEX.sub(lambda m: f"[{int(m.group(1)) + 1}]", self.path(key)))

    def where(self, key: str) -> Position:
        """The position of a key's value, else of this mapping."""
        return self.state.positions.get(self.path(key), self.mapping.position)

    def error(self, position: Position, rule: Rule, message: str) -> None:
        """Record a problem; an error makes the record invalid."""
        self.state.failed = self.state.failed or rule.severity == "error"
        self.state.problems.append(Problem(position, rule, message, self.state.record_id))

    def nested(self, mapping: Mapping, allowed: Collection[str], path: str) -> FieldReader:
        """A reader for a nested mapping that shares this record's state."""
        return FieldReader(mapping, allowed, self.state, prefix=f"{path}.")

    def node(self, key: str, required: bool = False) -> YamlNode | None:
        """The raw node under ``key``; a missing required key is an error."""
        node = self.values.get(key)
        if node is None and required:
            self.error(
                self.mapping.position, Rule.MISSING_FIELD, f"required key {self.label(key)} is missing"
            )
        return node

    def wrong_type(self, key: str, node: YamlNode, expected: str) -> None:
        """Report a value of the wrong kind."""
        hint = "; quote it" if isinstance(node, Scalar) and expected == "text" else ""
        self.error(
            node.position,
            Rule.WRONG_TYPE,
            f"{self.label(key)} must be {expected}, not {describe(node)}{hint}",
        )

    def scalar_text(
        self, key: str, node: YamlNode, expected: str = "text", multiline: bool = False
    ) -> str | None:
        """The text of a scalar that must be non-empty text without control characters.

        Line breaks (and tabs) are allowed only in ``multiline`` values such as a summary.
        """
        if not (isinstance(node, Scalar) and isinstance(node.value, str) and node.text.strip()):
            self.wrong_type(key, node, expected)
            return None
        text = node.text.strip()
        bad = _CONTROL.search(text) or (None if multiline else _BREAK.search(text))
        if bad is not None:
            self.error(
                node.position,
                Rule.CONTROL_CHARACTER,
                f"{self.label(key)} holds the control character U+{ord(bad.group()):04X}"
                f" at character {bad.start() + 1}; remove it",
            )
            return None
        return text

    def text(self, key: str, required: bool = False, multiline: bool = False) -> str | None:
        """A text value (one line, unless ``multiline``)."""
        node = self.node(key, required)
        return None if node is None else self.scalar_text(key, node, multiline=multiline)

    def mapping_at(self, key: str, required: bool = False) -> Mapping | None:
        """A nested mapping."""
        node = self.node(key, required)
        if node is None or isinstance(node, Mapping):
            return node
        self.wrong_type(key, node, "a mapping")
        return None

    def items(self, key: str) -> list[YamlNode]:
        """The items of a list value (a single value is not silently turned into a list)."""
        node = self.node(key)
        if node is None:
            return []
        if isinstance(node, Sequence):
            return list(node.items)
        self.wrong_type(key, node, "a list")
        return []

    def text_list(self, key: str) -> tuple[str, ...]:
        """A list of text values."""
        values = []
        for index, item in enumerate(self.items(key)):
            self.state.positions[f"{self.path(key)}.{index}"] = item.position
            text = self.scalar_text(f"{key}.{index}", item)
            if text is not None:
                values.append(text)
        return tuple(values)

    def mappings(self, key: str) -> list[tuple[int, Mapping]]:
        """A list of mappings, with their indexes."""
        found = []
        for index, item in enumerate(self.items(key)):
            if isinstance(item, Mapping):
                found.append((index, item))
            else:
                self.wrong_type(f"{key}.{index}", item, "a mapping")
        return found

    def date(self, key: str, required: bool = False) -> PartialDate | None:
        """A date: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, read from the text as written."""
        node = self.node(key, required)
        if node is None:
            return None
        if not isinstance(node, Scalar) or node.value is None or isinstance(node.value, bool):
            self.wrong_type(key, node, "a date (YYYY-MM-DD, YYYY-MM or YYYY)")
            return None
        try:
            return parse_iso(node.text)
        except DateError as exc:
            self.error(node.position, Rule.INVALID_DATE, f"{self.label(key)}: {exc}")
            return None

    def period(self, start_key: str, end_key: str) -> Period | None:
        """A dated span from two keys (the start required); an end before the start is an error."""
        start, end = self.date(start_key, required=True), self.date(end_key)
        if start is None:
            return None
        period = Period(start, end)
        if period.ends_before_start():
            self.error(
                self.where(end_key),
                Rule.END_BEFORE_START,
                f"{self.label(end_key)} {end} is before {self.label(start_key)} {start}; swap them or fix the date",
            )
        return period

    def choice(self, key: str, choices: type[E], rule: Rule) -> E | None:
        """One value of a fixed vocabulary."""
        node = self.node(key)
        if node is None:
            return None
        text = self.scalar_text(key, node)
        if text is None:
            return None
        allowed = [str(member.value) for member in choices]
        if text not in allowed:
            self.error(
                node.position,
                rule,
                f"{self.label(key)} is {excerpt(text)}{did_you_mean(text, allowed)}; use one of: {', '.join(allowed)}",
            )
            return None
        return choices(text)

    def country(self, key: str, resolver: CountryResolver, required: bool = False) -> CountryValue | None:
        """A country, resolved through the dataset's resolver."""
        node = self.node(key, required)
        if node is None:
            return None
        text = self.scalar_text(key, node, "a country name or code")
        if text is None:
            return None
        try:
            return CountryValue(text, resolver.resolve(text))
        except CountryError as exc:
            rule = Rule.AMBIGUOUS_COUNTRY if isinstance(exc, AmbiguousCountry) else Rule.UNKNOWN_COUNTRY
            self.error(node.position, rule, f"{self.label(key)}: {exc}")
            return None

    def source_urls(self, key: str = "sources") -> tuple[str, ...]:
        """A list of ``{url, title}`` mappings, as registry files cite their sources."""
        urls = []
        for index, node in self.mappings(key):
            inner = self.nested(node, REGISTRY_SOURCE_KEYS, f"{key}.{index}")
            url = inner.url("url", required=True)
            inner.text("title")
            if url:
                urls.append(url)
        return tuple(urls)

    def url(self, key: str, required: bool = False) -> str | None:
        """An absolute http or https URL."""
        node = self.node(key, required)
        if node is None:
            return None
        text = self.scalar_text(key, node, "a URL")
        if text is None:
            return None
        parsed = urlparse(text)
        if parsed.scheme not in ("http", "https") or not parsed.netloc or " " in text:
            self.error(
                node.position,
                Rule.BAD_URL,
                f"{self.label(key)} is not an http(s) URL: {excerpt(text)}; write it as https://host/path",
            )
            return None
        return text
