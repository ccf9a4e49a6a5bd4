"""The one loader: dataset folder → files → typed records plus problems.

Validation and queries both call :func:`load_dataset`; nothing else in diplotrack reads
visit files. Problems are collected, never raised, so ``validate`` can report all of them.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from diplotrack.countries import CountryError, CountryResolver, Entity
from diplotrack.fields import FieldReader
from diplotrack.groups import Groups, load_groups
from diplotrack.model import Visit
from diplotrack.people import Registry, load_people
from diplotrack.problems import DiplotrackError, Position, Problem
from diplotrack.records import parse_visit, record_id
from diplotrack.yamlsource import Mapping, Scalar, Sequence, YamlNode, describe, read_documents

YAML_SUFFIXES = (".yaml", ".yml")
COUNTRIES_FILE = "countries.yaml"


class DatasetNotFound(DiplotrackError):
    """No dataset folder could be found."""


class RecordNotFound(DiplotrackError):
    """No valid record has the id asked for."""


@dataclass(frozen=True)
class RecordRef:
    """Where a record with a given id stands, valid or not (for the duplicate-id check)."""

    id: str
    position: Position


@dataclass(frozen=True)
class Dataset:
    """Everything loaded from one dataset folder."""

    root: Path
    visits: tuple[Visit, ...]
    problems: tuple[Problem, ...]
    countries: CountryResolver
    records: tuple[RecordRef, ...] = ()
    files: int = 0
    today: dt.date = field(default_factory=dt.date.today)
    people: Registry = field(default_factory=Registry)
    groups: Groups = field(default_factory=Groups)

    def get(self, visit_id: str) -> Visit:
        """The valid record with that id; :class:`RecordNotFound` with suggestions otherwise."""
        for visit in self.visits:
            if visit.id == visit_id:
                return visit
        if any(ref.id == visit_id for ref in self.records):
            raise RecordNotFound(f"record {visit_id!r} has errors; run 'diplotrack validate'")
        close = difflib.get_close_matches(visit_id, [v.id for v in self.visits], n=3, cutoff=0.5)
        hint = f"did you mean: {', '.join(close)}?" if close else "'diplotrack list' shows the ids"
        raise RecordNotFound(f"no record {visit_id!r}; {hint}")

    @property
    def invalid_records(self) -> int:
        """How many records were left out because they have errors."""
        return len(self.records) - len(self.visits)


def find_dataset(explicit: Path | None = None, start: Path | None = None) -> Path:
    """The dataset root: ``explicit`` if given, else the nearest folder upward with ``visits/``."""
    if explicit is not None:
        if not explicit.is_dir():
            raise DatasetNotFound(f"dataset folder {explicit} does not exist")
        return explicit
    cwd = Path.cwd().resolve()
    here = (start or cwd).resolve()
    for folder in (here, *here.parents):
        if (folder / "visits").is_dir():
            # Paths relative to the working folder read better and are what CI annotations need.
            return folder.relative_to(cwd) if folder.is_relative_to(cwd) else folder
    raise DatasetNotFound(
        f"no dataset found: neither {here} nor a folder above it has a visits/ folder; "
        "pass --data PATH or set DIPLOTRACK_DATA"
    )


def visit_files(paths: Iterable[Path]) -> Iterator[Path]:
    """Every YAML file below the given files and folders, in a stable order."""
    for path in paths:
        if path.is_dir():
            found: list[Path] = []
            for folder, dirs, names in os.walk(path):
                dirs[:] = [d for d in dirs if not d.startswith(".")]
                found.extend(Path(folder, n) for n in names if n.endswith(YAML_SUFFIXES))
            yield from sorted(found)
        else:
            yield path


def load_dataset(root: Path, today: dt.date, paths: Iterable[Path] | None = None) -> Dataset:
    """Load and check a dataset; ``paths`` narrows which visit files are read."""
    problems: list[Problem] = []
    countries = load_countries(root / COUNTRIES_FILE, problems)
    people = load_people(root / "people", countries, problems)
    groups = load_groups(root / "groups", countries, problems)
    visits: list[Visit] = []
    records: list[RecordRef] = []
    files = 0
    for file in visit_files(paths if paths is not None else [root / "visits"]):
        files += 1
        if not file.exists():
            problems.append(Problem(Position(file), "unreadable", "no such file or folder"))
            continue
        for mapping, default_id in _record_mappings(file, problems):
            records.append(RecordRef(record_id(mapping, default_id), mapping.position))
            visit = parse_visit(mapping, default_id, countries, today, problems)
            if visit is not None:
                visits.append(visit)
    return Dataset(
        root, tuple(visits), tuple(problems), countries, tuple(records), files, today, people, groups
    )


def _record_mappings(file: Path, problems: list[Problem]) -> Iterator[tuple[Mapping, str]]:
    """The record mappings of a file with their default ids (stem, or stem-N for several)."""
    documents, read_problems = read_documents(file)
    problems.extend(read_problems)
    if not documents and not read_problems:
        problems.append(Problem(Position(file, 1, 1), "not-a-record", "the file holds no record; remove it"))
    stem = file.stem
    if len(documents) == 1 and isinstance(documents[0], Sequence):
        candidates: list[YamlNode] = list(documents[0].items)
        numbered = True
    else:
        candidates = documents
        numbered = len(documents) > 1
    for index, node in enumerate(candidates, start=1):
        if isinstance(node, Mapping):
            yield node, f"{stem}-{index}" if numbered else stem
        elif not (isinstance(node, Scalar) and node.value is None and numbered):
            problems.append(
                Problem(
                    node.position,
                    "not-a-record",
                    f"expected a record (a mapping of keys such as visitor, destination, start), "
                    f"found {describe(node)}",
                )
            )


def load_countries(file: Path, problems: list[Problem]) -> CountryResolver:
    """The built-in resolver, extended by the dataset's ``countries.yaml`` when there is one."""
    builtin = CountryResolver.builtin()
    if not file.exists():
        return builtin
    documents, read_problems = read_documents(file)
    problems.extend(read_problems)
    if not documents:
        return builtin
    root = documents[0]
    if not isinstance(root, Mapping):
        problems.append(Problem(root.position, "not-a-record", "countries.yaml must be a mapping"))
        return builtin
    fields = FieldReader(root, {"entities", "aliases"}, problems)
    entities = []
    for index, node in fields.mappings("entities"):
        inner = fields.nested(node, {"code", "name", "aliases", "until"}, f"entities.{index}")
        code, name = inner.text("code", required=True), inner.text("name", required=True)
        names, until = inner.text_list("aliases"), inner.date("until")
        fields.absorb(inner)
        if code and name:
            entities.append(Entity(code, name, names, until.first_day if until else None))
    aliases: dict[str, str] = {}
    alias_map = fields.mapping_at("aliases")
    for key, value in alias_map.entries if alias_map else ():
        target = fields.scalar_text(f"aliases.{key.text}", value, "a country name or code")
        if target:
            aliases[key.text] = target
    try:
        return builtin.extended(entities, aliases)
    except CountryError as exc:
        problems.append(Problem(root.position, "unknown-country", f"countries.yaml: {exc}"))
        return builtin
