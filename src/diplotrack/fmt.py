"""``diplotrack fmt``: one canonical form for record files, comments kept, never at the cost of a value.

The form: keys in the documented order (:data:`VISIT`, :data:`PERSON`, :data:`GROUP`), block style,
two-space indentation with list items indented under their key, one line per value, quotes only where
YAML would read a value as something other than text, dates plain, comments where they were
(:mod:`diplotrack.yamlstyle` for the style, :mod:`diplotrack.keyorder` for the order). A file keeps its
shape: one record, a list, or several documents.

:func:`format_file` is pure (path and bytes in, :class:`Outcome` out). A file with errors is not
formatted. A formatted file is accepted only when it reads back to the same data and the same records
with the same problems (positions aside); otherwise the outcome says so and the file stays as it is.
"""

from __future__ import annotations

import enum
import os
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from diplotrack.countries import CountryResolver
from diplotrack.datafiles import read_file
from diplotrack.fields import REGISTRY_SOURCE_KEYS
from diplotrack.groups import GROUP_KEYS, MEMBER_KEYS, parse_group
from diplotrack.keyorder import Shape, arrange
from diplotrack.loader import load_registries, parse_file, visit_files
from diplotrack.people import OFFICE_KEYS, PERSON_KEYS, parse_person
from diplotrack.problems import Problem, Rule, Severity
from diplotrack.records import DESTINATION_KEYS, HOST_KEYS, SOURCE_KEYS, VISIT_KEYS, VISITOR_KEYS
from diplotrack.writefiles import WriteError, replace
from diplotrack.yamlsource import Mapping, Scalar, YamlNode, read_documents
from diplotrack.yamlsource import Sequence as YamlSequence
from diplotrack.yamlstyle import restyle

VISIT = Shape(
    VISIT_KEYS,
    {
        "visitor": Shape(VISITOR_KEYS),
        "destination": Shape(DESTINATION_KEYS),
        "hosts": Shape(HOST_KEYS),
        "sources": Shape(SOURCE_KEYS),
    },
)
PERSON = Shape(PERSON_KEYS, {"offices": Shape(OFFICE_KEYS), "sources": Shape(REGISTRY_SOURCE_KEYS)})
GROUP = Shape(GROUP_KEYS, {"members": Shape(MEMBER_KEYS), "sources": Shape(REGISTRY_SOURCE_KEYS)})


class Kind(enum.Enum):
    """What a file holds, from the dataset folder it is in."""

    VISITS = "visits"
    PEOPLE = "people"
    GROUPS = "groups"

    @property
    def shape(self) -> Shape:
        """The key order of its records."""
        return {Kind.VISITS: VISIT, Kind.PEOPLE: PERSON, Kind.GROUPS: GROUP}[self]

    @classmethod
    def of(cls, path: Path, root: Path) -> Kind:
        """``people/…`` and ``groups/…`` under the dataset root; anything else holds visits."""
        try:
            top = path.resolve().relative_to(root.resolve()).parts[0]
        except (ValueError, IndexError):
            return cls.VISITS
        return {"people": cls.PEOPLE, "groups": cls.GROUPS}.get(top, cls.VISITS)


class Status(enum.Enum):
    """What became of one file."""

    CANONICAL = "canonical"
    """Already in canonical form."""
    REFORMATTED = "reformatted"
    """Not canonical; ``formatted`` holds the canonical text."""
    INVALID = "invalid"
    """The file has errors (in ``problems``); fix them first."""
    UNSAFE = "unsafe"
    """The canonical text would not read back the same (``reason``); the file is left as it is."""


@dataclass(frozen=True)
class Outcome:
    """The result of formatting one file."""

    path: Path
    status: Status
    source: bytes = b""
    """The file's bytes as read."""
    original: str = ""
    formatted: str = ""
    problems: tuple[Problem, ...] = ()
    reason: str = ""


FOLDERS = ("visits", "people", "groups")
"""What ``fmt`` formats by default: the dataset's folders of records (not ``countries.yaml``)."""


def files_to_format(root: Path, paths: Sequence[Path] = ()) -> list[Path]:
    """The YAML files below ``paths``, or below the dataset's :data:`FOLDERS`."""
    return list(visit_files(paths or [root / folder for folder in FOLDERS if (root / folder).is_dir()]))


def format_path(path: Path, root: Path, countries: CountryResolver) -> Outcome:
    """Read (safely, see :func:`~diplotrack.datafiles.read_file`) and format one file of the dataset at ``root``."""
    data = read_file(path, root)
    if isinstance(data, Problem):
        return Outcome(path, Status.INVALID, problems=(data,))
    return format_file(path, data, Kind.of(path, root), countries)


PARALLEL_FROM = 200
"""From this many files on, :func:`format_paths` spreads the work over processes (ruamel.yaml is pure Python)."""


def format_paths(paths: Sequence[Path], root: Path, jobs: int | None = None) -> Iterator[Outcome]:
    """:func:`format_path` for each path, in order; in ``jobs`` processes (default: one per CPU) for many files."""
    jobs = jobs or os.cpu_count() or 1
    if jobs == 1 or len(paths) < PARALLEL_FROM:
        countries = load_registries(root).countries
        yield from (format_path(path, root, countries) for path in paths)
        return
    with ProcessPoolExecutor(jobs, initializer=_start_worker, initargs=(root,)) as pool:
        yield from pool.map(_work, paths, chunksize=32)


_WORKER: dict[str, Any] = {}


def _start_worker(root: Path) -> None:
    _WORKER["root"], _WORKER["countries"] = root, load_registries(root).countries


def _work(path: Path) -> Outcome:
    return format_path(path, _WORKER["root"], _WORKER["countries"])


def save(outcome: Outcome) -> None:
    """Write a reformatted file in place (atomically), unless it changed since it was read."""
    if outcome.status is not Status.REFORMATTED:
        return
    try:
        current = outcome.path.read_bytes()
    except OSError as exc:
        raise WriteError(f"cannot read {outcome.path} again: {exc.strerror}") from None
    if current != outcome.source:
        raise WriteError(f"{outcome.path} changed while it was being formatted; run diplotrack fmt again")
    replace(outcome.path, outcome.formatted.encode())


def format_text(text: str, kind: Kind = Kind.VISITS) -> str:
    """The canonical form of a file's text (which must be YAML diplotrack reads without errors)."""
    return arrange(restyle(text), kind.shape)


def format_file(path: Path, data: bytes, kind: Kind, countries: CountryResolver) -> Outcome:
    """Format one file's bytes, checking that nothing but the form changes."""
    check = _CHECKS[kind]
    before = check(path, data, countries)
    errors = tuple(p for p in before.problems if p.severity is Severity.ERROR)
    if errors:
        return Outcome(path, Status.INVALID, problems=errors)
    original = data.decode("utf-8-sig")
    try:
        formatted = format_text(original, kind)
    except Exception as exc:  # a reader or writer bug must not lose the file, nor stop the other files
        return Outcome(
            path, Status.UNSAFE, data, original, reason=f"the formatter failed ({type(exc).__name__}: {exc})"
        )
    if formatted == original and not data.startswith(b"\xef\xbb\xbf"):
        return Outcome(path, Status.CANONICAL, data, original, formatted)
    after = check(path, formatted.encode(), countries)
    if after != before:
        return Outcome(path, Status.UNSAFE, data, original, formatted, reason=_difference(before, after))
    return Outcome(path, Status.REFORMATTED, data, original, formatted)


@dataclass(frozen=True, eq=False)
class _Reading:
    """What a file reads as, positions left out: its data, its records (for visits) and its problems."""

    data: Any
    records: Any
    problems: tuple[Problem, ...]

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, _Reading)
            and self.data == other.data
            and self.records == other.records
            and _problem_counts(self.problems) == _problem_counts(other.problems)
        )


def _problem_counts(problems: tuple[Problem, ...]) -> Counter[tuple[Rule, str, str | None]]:
    return Counter((p.rule, p.message, p.record_id) for p in problems)


def _difference(before: _Reading, after: _Reading) -> str:
    if before.data != after.data:
        return "the formatted file would hold different values"
    if before.records != after.records:
        return "the formatted file would hold different records"
    return "the formatted file would have other problems"


def _plain(node: YamlNode) -> Any:
    """A node as plain data (mappings as dicts: their order does not count)."""
    if isinstance(node, Mapping):
        return {key.text: _plain(value) for key, value in node.entries}
    if isinstance(node, YamlSequence):
        return [_plain(item) for item in node.items]
    assert isinstance(node, Scalar)
    return node.value


def _read(path: Path, data: bytes) -> tuple[list[YamlNode], list[Problem], list[Any]]:
    documents, problems = read_documents(path, data)
    return documents, problems, [_plain(document) for document in documents]


def _check_visits(path: Path, data: bytes, countries: CountryResolver) -> _Reading:
    _, _, plain = _read(path, data)
    result = parse_file(path, data, countries)
    ids = tuple(ref.id for ref in result.records)
    return _Reading(plain, (result.visits, ids), result.problems)


def _check_registry(
    parse: Callable[[Mapping, CountryResolver, list[Problem]], object], what: str, lists: bool
) -> Callable[[Path, bytes, CountryResolver], _Reading]:
    """The check of a people or groups file: each mapping (in a list too, for people) parsed as the loader does."""

    def check(path: Path, data: bytes, countries: CountryResolver) -> _Reading:
        documents, problems, plain = _read(path, data)
        for document in documents:
            items = document.items if lists and isinstance(document, YamlSequence) else (document,)
            for item in items:
                if isinstance(item, Mapping):
                    parse(item, countries, problems)
                else:
                    problems.append(Problem(item.position, Rule.NOT_A_RECORD, f"expected {what} (a mapping)"))
        return _Reading(plain, None, tuple(problems))

    return check


_CHECKS: dict[Kind, Callable[[Path, bytes, CountryResolver], _Reading]] = {
    Kind.VISITS: _check_visits,
    Kind.PEOPLE: _check_registry(parse_person, "a person", lists=True),
    Kind.GROUPS: _check_registry(parse_group, "a group", lists=False),
}
