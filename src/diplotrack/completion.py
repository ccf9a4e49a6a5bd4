"""Candidates for shell completion: countries and groups, people, record ids.

Pure functions of the registries (or a dataset folder) and what was typed so far; the CLI wraps them
in Typer's ``autocompletion`` callbacks. A candidate is (value, help); values start with what was
typed, ignoring case. Candidates that are not printable text are dropped: a completion script
``eval``s what it gets.

Record ids are read without parsing the dataset (which takes seconds for thousands of files): a
file's ids are its ``id:`` lines, else its stem (stem-N for a list or a stream of several records).
That is the loader's rule for every file it can read, which is all completion needs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # completion callbacks are registered at every start-up; the registries load on a Tab press
    from diplotrack.countries import CountryResolver
    from diplotrack.groups import Groups
    from diplotrack.people import Registry

LIMIT = 200
Candidate = tuple[str, str]

_ID_VALUE = r"id:[ \t]*(['\"]?)([^'\"#\r\n]*?)\1[ \t]*(?:#.*)?$"
_DOCUMENT_ID = re.compile(r"^" + _ID_VALUE, re.MULTILINE)
_ITEM_ID = re.compile(r"^ {0,2}" + _ID_VALUE, re.MULTILINE)  # "- id: x" (split off the "-") or "  id: x"
_ITEM_START = re.compile(r"^-(?=\s)", re.MULTILINE)
_DOCUMENT_START = re.compile(r"^---.*$", re.MULTILINE)
_CONTENT = re.compile(r"^[^#\s]", re.MULTILINE)


def _select(candidates: Iterable[Candidate], typed: str) -> list[Candidate]:
    """Candidates that start with what was typed, ignoring case, completed in the case it was typed in.

    (Shells and Typer keep only values that literally start with the typed text, and every option
    that takes these values ignores case, so ``arm`` completes to ``armenia``.)
    """
    found: dict[str, str] = {}
    folded = typed.casefold()
    for value, help_text in candidates:
        if value[: len(typed)].casefold() == folded and value.isprintable():
            found.setdefault(typed + value[len(typed) :], help_text)
    return sorted(found.items())[:LIMIT]


def place_candidates(countries: CountryResolver, groups: Groups, typed: str) -> list[Candidate]:
    """Country codes and names, and group ids, for ``--to``, ``--from``, ``--country`` and ``pair``."""
    short = len(typed) <= 3 and typed.isalpha() and typed.isupper()
    pairs: list[Candidate] = [(group.id, group.name) for group in groups.groups]
    for country in countries.all():
        pairs.append((country.code, country.name) if short else (country.name, country.code))
    return _select(pairs, typed)


def person_candidates(people: Registry, typed: str) -> list[Candidate]:
    """Registry names and their other spellings, for ``--person`` and ``--host``."""
    pairs: list[Candidate] = []
    for person in people.people:
        pairs.append((person.name, person.country.country.name))
        pairs.extend((alias, person.name) for alias in person.aliases)
    return _select(pairs, typed)


def file_ids(path: Path, text: str) -> list[str]:
    """The record ids of one visit file, by the loader's rule, without parsing it (block-style YAML)."""
    first = _CONTENT.search(_DOCUMENT_START.sub("", text))
    if first is not None and first.group() == "-":  # a list of records: every item is numbered
        parts, key, numbered = _ITEM_START.split(text)[1:], _ITEM_ID, True
    else:
        parts = [part for part in _DOCUMENT_START.split(text) if _CONTENT.search(part)]
        key, numbered = _DOCUMENT_ID, len(parts) > 1
    ids = []
    for number, part in enumerate(parts, start=1):
        match = key.search(part)
        if match and match.group(2).strip():
            ids.append(match.group(2).strip())
        else:
            ids.append(f"{path.stem}-{number}" if numbered else path.stem)
    return ids


def record_id_candidates(root: Path, typed: str) -> list[Candidate]:
    """The ids of a dataset's records that start with what was typed."""
    from diplotrack.datafiles import read_file, yaml_files

    found: list[Candidate] = []
    for path in yaml_files(root / "visits"):
        data = read_file(path, root)
        if isinstance(data, bytes):
            found.extend(
                (record, "")
                for record in file_ids(path, data.decode("utf-8", "replace"))
                if record.startswith(typed)
            )
        if len(found) >= LIMIT:
            break
    return found[:LIMIT]
