"""Problems found in a dataset, the rules that find them, and the positions they point at.

Every check in diplotrack (the loader, the record parser, the validation rules) returns
:class:`Problem` values instead of printing or raising, so that one report can show all of
them at once. :class:`Rule` is the one catalogue of rule ids: each id has one meaning, one
severity and one line of documentation, and ``docs/rules.md`` is derived from it (a test
keeps the two equal). Rule ids are part of the users' contract and never renamed.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from diplotrack.slotted import by_fields

T = TypeVar("T")


class Severity(enum.StrEnum):
    """How bad a problem is: errors fail validation, warnings only with ``--strict``."""

    ERROR = "error"
    WARNING = "warning"


E, W = Severity.ERROR, Severity.WARNING


class Rule(enum.Enum):
    """Every rule: its id, severity, what it means and how to fix it."""

    def __init__(self, rule_id: str, severity: Severity, meaning: str, fix: str) -> None:
        self.id = rule_id
        self.severity = severity
        self.meaning = meaning
        self.fix = fix

    # fmt: off
    # Files and YAML
    YAML_SYNTAX = ("yaml-syntax", E, "the file is not valid YAML (or is nested too deeply)", "fix indentation, colons, brackets, quotes at the position given")
    ENCODING = ("encoding", E, "the file is not UTF-8; the position is that of the first bad byte", "save the file as UTF-8")
    UNSAFE_FILE = ("unsafe-file", E, "a path that is not a regular file inside the dataset: a link out of the dataset or in a loop, a FIFO, socket or device, a folder named `*.yaml`; it is not read", "replace it with a regular file")
    FILE_TOO_LARGE = ("file-too-large", E, "a file larger than 20 MiB; it is not read", "split it into several files")
    UNREADABLE = ("unreadable", E, "a file or folder given to `validate` does not exist or cannot be read", "check the path and permissions")
    DUPLICATE_KEY = ("duplicate-key", E, "a key appears twice in one mapping; the message names both lines", "keep one")
    UNSAFE_TAG = ("unsafe-tag", E, "a YAML tag (`!!python/object`, `!!binary`, `!custom`) is used; it is never constructed", "remove the tag")
    ALIAS_LIMIT = ("alias-limit", E, "aliases expand to more than 10,000 values, or an alias refers to a value containing it", "write the data out")
    TOO_DEEP = ("too-deep", E, "values are nested more than 64 levels deep", "flatten the data")
    VALUE_TOO_LONG = ("value-too-long", E, "a value longer than 100,000 characters", "shorten it")
    CONTROL_CHARACTER = ("control-character", E, "a control character (ESC, NUL, DEL, C1, bidi overrides such as U+202E, or a line break outside `summary`) in the file or in a value; it could rewrite a terminal or a CI log", "remove it")
    NOT_A_RECORD = ("not-a-record", E, "a document or list item is not a mapping, or the file is empty", "make it a record or remove it")
    # Values
    UNKNOWN_KEY = ("unknown-key", E, "a key the format does not know (with a did-you-mean suggestion)", "rename or remove it")
    MISSING_FIELD = ("missing-field", E, "a required key (`visitor`, `visitor.name`, `visitor.country`, `destination`, `destination.country`, `start`, `sources[].url`, `hosts[].name`, a person's `id`, `name`, `country`, an office's `role`, `country`, `from`, a group's `id`, `name`) is missing", "add it")
    WRONG_TYPE = ("wrong-type", E, "a value of the wrong kind, e.g. text where a list is needed, a boolean where text is needed", "write the right kind (quote text that YAML reads as `true`/`false`)")
    INVALID_DATE = ("invalid-date", E, "a date is not `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, or does not exist (`2024-02-30`)", "correct the date")
    END_BEFORE_START = ("end-before-start", E, "a period ends before it starts: a visit's `end` before its `start`, an office's or a membership's `to` before its `from`", "swap or correct them")
    UNKNOWN_COUNTRY = ("unknown-country", E, "a country name or code is not known (with suggestions)", "use an ISO code, an English name, or add it to `countries.yaml`")
    AMBIGUOUS_COUNTRY = ("ambiguous-country", E, "a name matches several countries (`Korea`)", "use a code or a fuller name")
    COUNTRY_NOT_EXISTING = ("country-not-existing", E, "a historic country (or a dataset entity with `until`) is used for a visit that starts after it ceased to exist", "use the successor state")
    UNKNOWN_TYPE = ("unknown-type", E, "a visit's `type` or a source's `reported_type` outside the vocabulary", "use one of `state`, `official`, `official-working`, `working`, `private`, `summit`, `transit`, `other`")
    UNKNOWN_STATUS = ("unknown-status", E, "a visit's `status` outside the vocabulary", "use one of `planned`, `confirmed`, `postponed`, `cancelled`, `completed`")
    UNKNOWN_LANGUAGE = ("unknown-language", E, "a source `language` that is not an ISO 639-1 code", "use two letters such as `en`, `de`, `ru`")
    BAD_URL = ("bad-url", E, "a source `url` that is not an absolute http(s) URL", "write `https://host/path`")
    DUPLICATE_ID = ("duplicate-id", E, "two records share an id; the message names the other file", "give one of them another `id` (default ids come from file names)")
    # Registries
    UNKNOWN_PERSON = ("unknown-person", E, "a `person:` id in a visitor or host that the registry does not have", "add the person or correct the id")
    BAD_PERSON_ID = ("bad-person-id", E, "a person `id` that is not lower-case letters, digits and dashes", "write it like `nikol-pashinyan`")
    BAD_WIKIDATA_ID = ("bad-wikidata-id", E, "a person's `wikidata` value that is not a Q-id", "write it like `Q12345`")
    DUPLICATE_PERSON = ("duplicate-person", E, "two people in `people/` share an id", "merge them or rename one")
    DUPLICATE_ALIAS = ("duplicate-alias", E, "a name or alias (after normalising case, accents, dashes and spaces) belongs to several people; records using it resolve to no one", "keep the spelling for one person, or write `person: <id>` in the records")
    UNKNOWN_OFFICE_CLASS = ("unknown-office-class", E, "an office `class` outside `head-of-state`, `head-of-government`, `foreign-minister`, `other`", "use one of them")
    UNKNOWN_GROUP_KIND = ("unknown-group-kind", E, "a group's `kind` outside the vocabulary", "use `organization`, `region` or `language`")
    UNKNOWN_MEMBERSHIP_STATUS = ("unknown-membership-status", E, "a group membership's `status` outside the vocabulary", "use `member`, `observer` or `suspended`")
    # Warnings
    NO_SOURCE = ("no-source", W, "a record has no `sources`", "add at least one source with a URL")
    LIKELY_DUPLICATE = ("likely-duplicate", W, "the same visitor (the registry's person, else the name) in the same destination on overlapping dates; a group of such records is reported once", "merge the records or correct the dates")
    PERSON_IN_TWO_PLACES = ("person-in-two-places", W, "the same visitor in two countries on overlapping days; only day-precise dates are compared, and a shared travel day (one visit ends the day the other starts) is fine", "correct the dates")
    SAME_COUNTRY = ("same-country", W, "the visitor's country is the destination", "a domestic trip is not a visit")
    AMBIGUOUS_PERSON = ("ambiguous-person", W, "a visitor or host name matches several people of the registry; it is not resolved, never silently picked", "add `person: <id>`")
    ROLE_NOT_HELD = ("role-not-held", W, "the registry lists the person's offices, and none held on the visit's dates has the visitor's role or its office class (\"Head of Government\" matches \"Prime Minister\")", "correct the role, the dates, or the person's offices")
    STALE_STATUS = ("stale-status", W, "a `planned` or `confirmed` visit whose end date has passed (\"today\" is `--as-of`, else the real date)", "set `completed`, `postponed` or `cancelled`")
    # fmt: on


def rules_markdown(severity: Severity) -> str:
    """The table of ``docs/rules.md`` for one severity, derived from :class:`Rule`."""
    lines = ["| rule | what it means | how to fix it |", "|---|---|---|"]
    lines += [f"| `{r.id}` | {r.meaning} | {r.fix} |" for r in Rule if r.severity is severity]
    return "\n".join(lines) + "\n"


MAX_EXCERPT = 60
"""How many characters of a value a message quotes at most."""
MAX_MESSAGE = 1_000
"""The longest message; data never makes a problem longer than this."""


def excerpt(text: str, limit: int = MAX_EXCERPT) -> str:
    """A value as messages quote it: in quotes, control characters escaped, long values cut with their length."""
    if len(text) <= limit:
        return repr(text)
    return f"{text[:limit]!r}… ({len(text):,} characters)"


def one_line(message: str) -> str:
    """A message as exactly one line of printable text, at most :data:`MAX_MESSAGE` characters."""
    if message.isprintable() and len(message) <= MAX_MESSAGE:
        return message
    escaped = "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in message)
    return escaped if len(escaped) <= MAX_MESSAGE else escaped[: MAX_MESSAGE - 1] + "…"


@dataclass(frozen=True, order=True, slots=True)
class Position:
    """A place in a file; line and column count from 1 (0 means "the whole file")."""

    __reduce__ = by_fields

    file: Path
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if self.line == 0:
            return str(self.file)
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong (or suspicious) in a dataset."""

    __reduce__ = by_fields

    position: Position
    rule: Rule
    message: str
    """What is wrong and, where it helps, how to fix it."""
    record_id: str | None = None
    """The id of the record the problem belongs to, when there is one."""

    def __post_init__(self) -> None:
        # Whatever a record holds, one problem stays one line of text (CI logs, grep, annotations).
        object.__setattr__(self, "message", one_line(self.message))

    @property
    def severity(self) -> Severity:
        """The rule's severity."""
        return self.rule.severity

    def sort_key(self) -> tuple[str, int, int, str, str]:
        """Order problems by file and position, then rule (and message: a report's order is total, however
        the problems were found)."""
        return (str(self.position.file), self.position.line, self.position.column, self.rule.id, self.message)


def repeats(
    items: Iterable[T], key: Callable[[T], str], where: Callable[[T], Position]
) -> Iterator[tuple[T, Position]]:
    """Each item whose key an earlier item already had, with the earlier item's position."""
    first: dict[str, Position] = {}
    for item in items:
        seen = first.setdefault(key(item), where(item))
        if seen != where(item):
            yield item, seen


class DiplotrackError(Exception):
    """A known error that the CLI shows as one line on stderr, without a traceback."""

    exit_code = 1


class UsageError(DiplotrackError):
    """The user asked for something that cannot work (bad option value); exit status 2."""

    exit_code = 2


@dataclass(frozen=True)
class Report:
    """The outcome of validating a dataset (here, not in :mod:`diplotrack.rules`: a warm ``validate``
    reads it from the cache without importing the rules)."""

    problems: tuple[Problem, ...]
    files: int
    records: int

    @property
    def errors(self) -> int:
        """How many errors."""
        return sum(1 for p in self.problems if p.severity is Severity.ERROR)

    @property
    def warnings(self) -> int:
        """How many warnings."""
        return sum(1 for p in self.problems if p.severity is Severity.WARNING)

    def failed(self, strict: bool = False) -> bool:
        """Whether validation fails: errors, or with ``strict`` warnings too."""
        return self.errors > 0 or (strict and self.warnings > 0)
