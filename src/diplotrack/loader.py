"""The one loader: dataset folder → files → typed records plus problems.

Validation and queries both call :func:`load_dataset`; nothing else in diplotrack reads visit
files. Loading is map-then-merge: :func:`parse_file` turns one file's bytes into that file's
records and problems (a pure function of the path, the bytes and the registries' country
resolver, so a cache or a process pool can produce the same :class:`FileResult`), and
:func:`merge` puts the files together. Problems are collected, never raised, so ``validate``
can report all of them; the cross-record rules run later, on the merged dataset.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from diplotrack.countries import CountryResolver, Entity
from diplotrack.datafiles import COUNTRIES_FILE, list_files, read_file, registry_stamps, yaml_files
from diplotrack.fields import FieldReader
from diplotrack.groups import Groups, load_groups
from diplotrack.model import Visit
from diplotrack.people import Registry, load_people
from diplotrack.problems import DiplotrackError, Position, Problem, Rule, excerpt
from diplotrack.records import parse_visit, record_id
from diplotrack.slotted import by_fields
from diplotrack.yamlsource import Mapping, describe, gc_paused, read_documents, read_items

if TYPE_CHECKING:
    from diplotrack.cache import IndexCache
    from diplotrack.indexing import Progress, Selection
    from diplotrack.query import Wanted


class RecordNotFound(DiplotrackError):
    """No valid record has the id asked for."""


@dataclass(frozen=True, slots=True)
class RecordRef:
    """Where a record with a given id stands, valid or not (for the duplicate-id check)."""

    __reduce__ = by_fields

    id: str
    position: Position


FILE_RULES = frozenset(
    {Rule.YAML_SYNTAX, Rule.ENCODING, Rule.UNREADABLE, Rule.UNSAFE_FILE, Rule.FILE_TOO_LARGE, Rule.TOO_DEEP,
     Rule.ALIAS_LIMIT}
)  # fmt: skip
"""Problems after which (part of) a file could not be read at all, so records in it may be missing."""


@dataclass(frozen=True)
class FileResult:
    """What one visit file holds: its valid records, a reference to every record, its problems."""

    path: Path
    visits: tuple[Visit, ...] = ()
    records: tuple[RecordRef, ...] = ()
    problems: tuple[Problem, ...] = ()
    valid: int | None = None
    """How many valid records the file holds, when ``visits`` is only a selection of them."""

    @property
    def valid_records(self) -> int:
        """How many of the file's records are valid."""
        return len(self.visits) if self.valid is None else self.valid

    @property
    def record_count(self) -> int:
        """How many records the file holds, valid or not."""
        return len(self.records)

    @property
    def unreadable(self) -> bool:
        """Whether (part of) the file could not be read, so that records may be missing, not just invalid."""
        return any(problem.rule in FILE_RULES for problem in self.problems)

    @property
    def file_count(self) -> int:
        """How many files this result stands for (one; a selection from the index cache: many)."""
        return 1

    @property
    def unreadable_paths(self) -> tuple[Path, ...]:
        """The files of this result that could not be read (in part)."""
        return (self.path,) if self.unreadable else ()


@dataclass(frozen=True)
class Registries:
    """What records are read against: countries (with the dataset's additions), people, groups."""

    countries: CountryResolver
    people: Registry = field(default_factory=Registry)
    groups: Groups = field(default_factory=Groups)
    problems: tuple[Problem, ...] = ()
    countries_key: str = ""
    """A fingerprint of what records are parsed against: diplotrack's version and ``countries.yaml``."""
    stamp: str = ""
    """A fingerprint of all registry files (for caching what the cross-record rules found)."""


@dataclass(frozen=True)
class Dataset:
    """Everything loaded from one dataset folder."""

    root: Path
    visits: tuple[Visit, ...]
    problems: tuple[Problem, ...]
    registries: Registries
    records: tuple[RecordRef, ...] = ()
    files: int = 0
    unreadable_files: tuple[Path, ...] = ()
    """Files (part of) which could not be read: records in them are missing from queries."""
    invalid_records: int = 0
    """How many records were left out because they have errors."""

    @property
    def countries(self) -> CountryResolver:
        """The dataset's country resolver."""
        return self.registries.countries

    @property
    def people(self) -> Registry:
        """The person registry."""
        return self.registries.people

    @property
    def groups(self) -> Groups:
        """The groups."""
        return self.registries.groups

    def get(self, visit_id: str) -> Visit:
        """The valid record with that id; :class:`RecordNotFound` with suggestions otherwise."""
        for visit in self.visits:
            if visit.id == visit_id:
                return visit
        if any(ref.id == visit_id for ref in self.records):
            raise RecordNotFound(f"record {excerpt(visit_id)} has errors; run 'diplotrack validate'")
        for path in self.unreadable_files:
            if visit_id == path.stem or visit_id.startswith(f"{path.stem}-"):
                raise RecordNotFound(
                    f"no record {excerpt(visit_id)} could be read; it may be in {path}, which could not be read: "
                    f"run 'diplotrack validate {path}'"
                )
        close = difflib.get_close_matches(visit_id, [v.id for v in self.visits], n=3, cutoff=0.5)
        hint = f"did you mean: {', '.join(close)}?" if close else "'diplotrack list' shows the ids"
        if self.unreadable_files:
            hint += f"; {len(self.unreadable_files)} file(s) could not be read, run 'diplotrack validate'"
        raise RecordNotFound(f"no record {excerpt(visit_id)}; {hint}")


def visit_files(paths: Iterable[Path]) -> Iterator[Path]:
    """Every YAML file below the given files and folders, in a stable order."""
    for path in paths:
        if path.is_dir() and not path.is_symlink():
            yield from yaml_files(path)
        else:
            yield path


def load_registries(root: Path) -> Registries:
    """The dataset's ``countries.yaml``, people and groups on top of the built-in ones."""
    problems: list[Problem] = []
    countries = load_countries(root / COUNTRIES_FILE, root, problems)
    people = load_people(root / "people", root, countries, problems)
    groups = load_groups(root / "groups", root, countries, problems)
    countries_key, stamp = registry_stamps(root)
    return Registries(countries, people, groups, tuple(problems), countries_key, stamp)


def load_dataset(
    root: Path,
    paths: Iterable[Path] | None = None,
    *,
    cache: IndexCache | None = None,
    workers: int = 1,
    progress: Progress | None = None,
    registries: Registries | None = None,
    wanted: Wanted | None = None,
) -> Dataset:
    """Load and check a dataset; ``paths`` narrows which visit files are read. With a ``cache``, files
    whose key is unchanged are not parsed again, and ``wanted`` (see :class:`~diplotrack.query.Wanted`)
    leaves out visits that cannot be in a query's answer: ``visits`` then holds only candidates, and
    ``records`` is empty. ``workers`` > 1 parses new files in a process pool."""
    from diplotrack.indexing import load_files  # the map step; it imports this module

    registries = registries or load_registries(root)
    files = list_files(paths if paths is not None else [root / "visits"])
    with gc_paused():
        results = load_files(
            files,
            root,
            registries,
            cache,
            workers=workers,
            forget_others=paths is None,
            progress=progress,
            wanted=wanted,
        )
        return merge(root, registries, results)


def load_record(root: Path, visit_id: str, *, cache: IndexCache | None = None) -> Visit:
    """One valid record by id, or what :meth:`Dataset.get` says when there is none. With a cache, only the
    rows with that id are read; the whole dataset only when there is not exactly one (for the message)."""
    if cache is not None:
        from diplotrack.query import Wanted

        selected = load_dataset(root, cache=cache, wanted=Wanted(("id = ?", (visit_id,))))
        found = [visit for visit in selected.visits if visit.id == visit_id]
        if len(found) == 1:
            return found[0]
    return load_dataset(root, cache=cache).get(visit_id)


def merge(root: Path, registries: Registries, results: Sequence[FileResult | Selection]) -> Dataset:
    """One dataset from the results of its files, in the order given."""
    return Dataset(
        root,
        visits=tuple(visit for result in results for visit in result.visits),
        problems=registries.problems + tuple(p for result in results for p in result.problems),
        registries=registries,
        records=tuple(ref for result in results for ref in result.records),
        files=sum(result.file_count for result in results),
        unreadable_files=tuple(path for result in results for path in result.unreadable_paths),
        invalid_records=sum(result.record_count - result.valid_records for result in results),
    )


def load_file(path: Path, root: Path, countries: CountryResolver) -> FileResult:
    """Read (safely, see :func:`~diplotrack.datafiles.read_file`) and parse one visit file."""
    data = read_file(path, root)
    if isinstance(data, Problem):
        return FileResult(path, problems=(data,))
    return parse_file(path, data, countries)


def parse_file(path: Path, data: bytes, countries: CountryResolver) -> FileResult:
    """The records and problems of one visit file: a pure function of its path, bytes and countries."""
    problems: list[Problem] = []
    visits: list[Visit] = []
    records: list[RecordRef] = []
    for mapping, default_id in _record_mappings(path, data, problems):
        records.append(RecordRef(record_id(mapping, default_id), mapping.position))
        visit = parse_visit(mapping, default_id, countries, problems)
        if visit is not None:
            visits.append(visit)
    return FileResult(path, tuple(visits), tuple(records), tuple(problems))


def _record_mappings(file: Path, data: bytes, problems: list[Problem]) -> Iterator[tuple[Mapping, str]]:
    """The record mappings of a file with their default ids (stem, or stem-N for several), as they are read."""
    stem = file.stem
    found = 0
    for item in read_items(file, data, problems):
        if isinstance(item.node, Mapping):
            found += 1
            yield item.node, stem if item.number is None else f"{stem}-{item.number}"
        else:
            problems.append(
                Problem(
                    item.node.position,
                    Rule.NOT_A_RECORD,
                    "expected a record (a mapping of keys such as visitor, destination, start), "
                    f"found {describe(item.node)}",
                )
            )
    if not found and not problems:
        problems.append(
            Problem(Position(file, 1, 1), Rule.NOT_A_RECORD, "the file holds no record; remove it")
        )


def load_countries(file: Path, root: Path, problems: list[Problem]) -> CountryResolver:
    """The built-in resolver, extended by the dataset's ``countries.yaml`` when there is one."""
    builtin = CountryResolver.builtin()
    if not file.exists() and not file.is_symlink():
        return builtin
    data = read_file(file, root)
    if isinstance(data, Problem):
        problems.append(data)
        return builtin
    documents, read_problems = read_documents(file, data)
    problems.extend(read_problems)
    if not documents:
        return builtin
    document = documents[0]
    if not isinstance(document, Mapping):
        problems.append(Problem(document.position, Rule.NOT_A_RECORD, "countries.yaml must be a mapping"))
        return builtin
    fields = FieldReader(document, {"entities", "aliases"}, problems)
    entities: list[Entity] = []
    where: dict[int, Position] = {}
    for index, node in fields.mappings("entities"):
        inner = fields.nested(node, {"code", "name", "aliases", "until"}, f"entities.{index}")
        code, name = inner.text("code", required=True), inner.text("name", required=True)
        names, until = inner.text_list("aliases"), inner.date("until")
        if code and name:
            entity = Entity(code, name, names, until.first_day if until else None)
            where[id(entity)] = inner.where("code")
            entities.append(entity)
    aliases: dict[str, str] = {}
    alias_at: dict[str, Position] = {}
    alias_map = fields.mapping_at("aliases")
    for key, value in alias_map.entries if alias_map else ():
        target = fields.scalar_text(f"aliases.{key.text}", value, "a country name or code")
        if target:
            aliases[key.text] = target
            alias_at[key.text] = key.position
    resolver, left_out = builtin.extended(entities, aliases)
    for item, error in left_out:
        at = alias_at[item] if isinstance(item, str) else where[id(item)]
        problems.append(Problem(at, Rule.UNKNOWN_COUNTRY, f"countries.yaml: {error}; it is left out"))
    return resolver
