"""The person registry: who is who, under every spelling, and which offices they held when.

``people/*.yaml`` holds one person or a list. A visitor or host name resolves to a person
when it equals the person's name or an alias after case folding, accent stripping and
whitespace collapsing, or when the record names the person with ``person: <id>``. A name
shared by several people resolves to none of them: the registry suggests, it never picks.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from diplotrack.cache import package_stamp, remembered
from diplotrack.countries import CountryResolver
from diplotrack.datafiles import builtin_files, builtin_folder, dataset_files
from diplotrack.dates import Period
from diplotrack.fields import FieldReader, RecordState
from diplotrack.model import CountryValue, Participant
from diplotrack.normalize import normalize
from diplotrack.problems import Position, Problem, Rule, excerpt, repeats
from diplotrack.roles import OfficeClass, classify_role
from diplotrack.slotted import by_fields
from diplotrack.yamlsource import Mapping, Scalar, read_documents
from diplotrack.yamlsource import Sequence as YamlSequence

PERSON_KEYS = ("id", "name", "aliases", "country", "offices", "wikidata", "sources")
"""The keys of a person, in the documented order (``diplotrack fmt`` writes them so)."""
OFFICE_KEYS = ("role", "country", "from", "to", "class")
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_WIKIDATA = re.compile(r"^Q[1-9][0-9]*$")


@dataclass(frozen=True, slots=True)
class Office:
    """An office a person held; ``end`` is the last day (``None``: still in office)."""

    __reduce__ = by_fields

    role: str
    country: CountryValue
    period: Period
    office_class: OfficeClass | None = None

    def covers(self, first: dt.date, last: dt.date) -> bool:
        """Whether the office was held at some point between ``first`` and ``last``."""
        return self.period.touches(first, last)

    @property
    def resolved_class(self) -> OfficeClass | None:
        """The class given in the registry, else the one the role text implies."""
        return self.office_class or classify_role(self.role)


@dataclass(frozen=True, slots=True)
class Person:
    """One person of the registry."""

    __reduce__ = by_fields

    id: str
    name: str
    country: CountryValue
    position: Position
    aliases: tuple[str, ...] = ()
    offices: tuple[Office, ...] = ()
    wikidata: str | None = None
    sources: tuple[str, ...] = ()

    def offices_during(self, first: dt.date, last: dt.date) -> tuple[Office, ...]:
        """The offices held at some point between two days."""
        return tuple(o for o in self.offices if o.covers(first, last))


@dataclass(frozen=True)
class Registry:
    """All people of a dataset, indexed by id and by normalised name."""

    people: tuple[Person, ...] = ()
    _by_id: dict[str, Person] = field(default_factory=dict, repr=False)
    _by_name: dict[str, tuple[Person, ...]] = field(default_factory=dict, repr=False)

    @classmethod
    def of(cls, people: Sequence[Person]) -> Registry:
        """Index a list of people (the first of two with one id wins; validation reports the other)."""
        by_id: dict[str, Person] = {}
        by_name: dict[str, list[Person]] = defaultdict(list)
        for person in people:
            if person.id in by_id:
                continue  # a duplicate id: reported by validation, never indexed twice
            by_id[person.id] = person
            for spelling in {normalize(n) for n in (person.name, *person.aliases)}:
                by_name[spelling].append(person)
        return cls(tuple(people), by_id, {k: tuple(v) for k, v in by_name.items()})

    def get(self, person_id: str) -> Person | None:
        """A person by id."""
        return self._by_id.get(person_id)

    def named(self, name: str) -> tuple[Person, ...]:
        """Everyone whose name or an alias equals ``name`` (ignoring case, accents and spacing)."""
        return self._by_name.get(normalize(name), ())

    def find(self, text: str) -> tuple[Person, ...]:
        """People for a query: by id, else by name or alias."""
        person = self.get(text)
        return (person,) if person else self.named(text)

    def search(self, text: str) -> list[Person]:
        """People whose id, name or an alias contains ``text`` (ignoring case and accents)."""
        needle = normalize(text)
        return [p for p in self.people if any(needle in normalize(n) for n in (p.id, p.name, *p.aliases))]

    def resolve(self, participant: Participant) -> Person | None:
        """The person a visitor or host is, when that is certain."""
        if participant.person is not None:
            return self.get(participant.person)
        candidates = self.named(participant.name)
        return candidates[0] if len(candidates) == 1 else None

    def office_class(self, participant: Participant, first: dt.date, last: dt.date) -> OfficeClass | None:
        """The participant's office class on those days.

        When the registry knows the person and an office held then, the class comes from the registry: the
        class the role text names if the person held an office of that class (in any language), else the
        class of the office whose title is written, else the highest class held. Otherwise from the role text.
        """
        written = classify_role(participant.role)
        person = self.resolve(participant)
        if person is None:
            return written
        held = [(o, c) for o in person.offices_during(first, last) if (c := o.resolved_class) is not None]
        classes = [c for _, c in held]
        if written is not None and written in classes:
            return written
        wanted = normalize(participant.role) if participant.role else None
        titled = [c for o, c in held if normalize(o.role) == wanted]
        ranked = sorted(classes, key=list(OfficeClass).index)
        return titled[0] if titled else ranked[0] if ranked else written

    def holds_role(self, person: Person, role: str, first: dt.date, last: dt.date) -> bool:
        """Whether a role text names an office (by title, or by its class in any language) held on those days."""
        written, wanted = classify_role(role), normalize(role)
        return any(
            normalize(o.role) == wanted or (written is not None and o.resolved_class == written)
            for o in person.offices_during(first, last)
        )


def load_people(folder: Path, root: Path, countries: CountryResolver, problems: list[Problem]) -> Registry:
    """The built-in registry, with the dataset's ``people/`` on top: a dataset person replaces the built-in
    person with the same id. Problems are collected, people with errors left out."""
    builtin, builtin_problems = _builtin_people()
    problems.extend(builtin_problems)
    own = _read_people(dataset_files(folder, root), countries, problems)
    replaced = {person.id for person in own}
    return Registry.of([p for p in builtin if p.id not in replaced] + own)


@functools.cache
def _builtin_people() -> tuple[list[Person], tuple[Problem, ...]]:
    """The built-in registry, read once per process and kept between runs (it names countries by ISO code)."""

    def read() -> tuple[list[Person], tuple[Problem, ...]]:
        problems: list[Problem] = []
        people = _read_people(builtin_files("people"), CountryResolver.builtin(), problems)
        return people, tuple(problems)

    return remembered("people", package_stamp(builtin_folder("people"), Path(__file__).parent), read)


def _read_people(
    files: Iterable[tuple[Path, bytes | Problem]], countries: CountryResolver, problems: list[Problem]
) -> list[Person]:
    people: list[Person] = []
    for file, data in files:
        if isinstance(data, Problem):
            problems.append(data)
            continue
        documents, read_problems = read_documents(file, data)
        problems.extend(read_problems)
        for document in documents:
            items = document.items if isinstance(document, YamlSequence) else (document,)
            for item in items:
                if not isinstance(item, Mapping):
                    problems.append(
                        Problem(item.position, Rule.NOT_A_RECORD, "expected a person (a mapping)")
                    )
                    continue
                person = parse_person(item, countries, problems)
                if person is not None:
                    people.append(person)
    return people


def parse_person(mapping: Mapping, countries: CountryResolver, problems: list[Problem]) -> Person | None:
    """Check one person record."""
    fields = FieldReader(mapping, PERSON_KEYS, RecordState(problems, _text_of(mapping, "id")))
    person_id = fields.text("id", required=True)
    if person_id is not None and not _ID.match(person_id):
        fields.error(
            fields.where("id"),
            Rule.BAD_PERSON_ID,
            f"person id {excerpt(person_id)} must be lower-case letters, digits and dashes, e.g. nikol-pashinyan",
        )
    name = fields.text("name", required=True)
    aliases = fields.text_list("aliases")
    country = fields.country("country", countries, required=True)
    wikidata = fields.text("wikidata")
    if wikidata is not None and not _WIKIDATA.match(wikidata):
        fields.error(
            fields.where("wikidata"),
            Rule.BAD_WIKIDATA_ID,
            f"'wikidata' {excerpt(wikidata)} is not a Q-id like Q12345",
        )
    sources = fields.source_urls()
    offices = [
        o for index, node in fields.mappings("offices") if (o := _office(fields, node, index, countries))
    ]
    if fields.failed or person_id is None or name is None or country is None:
        return None
    return Person(person_id, name, country, mapping.position, aliases, tuple(offices), wikidata, sources)


def _office(fields: FieldReader, mapping: Mapping, index: int, countries: CountryResolver) -> Office | None:
    inner = fields.nested(mapping, OFFICE_KEYS, f"offices.{index}")
    role = inner.text("role", required=True)
    country = inner.country("country", countries, required=True)
    period = inner.period("from", "to")
    office_class = inner.choice("class", OfficeClass, Rule.UNKNOWN_OFFICE_CLASS)
    if role is None or country is None or period is None:
        return None
    return Office(role, country, period, office_class)


def _text_of(mapping: Mapping, key: str) -> str | None:
    """A key's text, before it is checked: to name the record in its problems."""
    node = mapping.get(key)
    return node.text.strip() or None if isinstance(node, Scalar) else None


def registry_problems(registry: Registry) -> Iterator[Problem]:
    """Duplicate ids, and spellings shared by several people (records using them cannot resolve)."""
    for person, first in repeats(registry.people, lambda p: p.id, lambda p: p.position):
        yield Problem(
            person.position,
            Rule.DUPLICATE_PERSON,
            f"person id {excerpt(person.id)} is already used at {first}; merge them or rename one",
            record_id=person.id,
        )
    reported: set[str] = set()
    for person in registry.people:
        for spelling in (person.name, *person.aliases):
            others = [p for p in registry.named(spelling) if p.id != person.id]
            key = normalize(spelling)
            if others and key not in reported:
                reported.add(key)
                ids = ", ".join(sorted({person.id, *(p.id for p in others)}))
                yield Problem(
                    person.position,
                    Rule.DUPLICATE_ALIAS,
                    f"the spelling {excerpt(spelling)} belongs to several people ({ids}); records using it cannot be "
                    "resolved: keep it for one person, or write person: <id> in the records",
                    record_id=person.id,
                )
