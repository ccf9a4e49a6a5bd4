"""Groups of countries with dated membership: organisations (OTS, CSTO, EU…) and regions.

Built-in groups ship as YAML inside the package (``diplotrack/data/groups``); a dataset's
``groups/*.yaml`` adds groups or replaces a built-in one with the same id. Membership is
evaluated on a given day: a visit by Uzbekistan's president in 2018 is not a visit from an
OTS member, one in 2020 is.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from diplotrack.countries import CountryResolver
from diplotrack.dates import PartialDate, period_touches
from diplotrack.fields import FieldReader
from diplotrack.normalize import normalize
from diplotrack.problems import Position, Problem
from diplotrack.yamlsource import Mapping, read_documents

GROUP_KEYS = frozenset({"id", "name", "aliases", "kind", "members", "sources"})
MEMBER_KEYS = frozenset({"country", "status", "from", "to", "note"})


class MembershipStatus(enum.StrEnum):
    """How a country belongs to a group."""

    MEMBER = "member"
    OBSERVER = "observer"
    SUSPENDED = "suspended"


class GroupKind(enum.StrEnum):
    """What a group is."""

    ORGANIZATION = "organization"
    REGION = "region"
    LANGUAGE = "language"


@dataclass(frozen=True, slots=True)
class Membership:
    """One period of one country's status in a group; a partial ``start`` counts from its first day."""

    code: str
    status: MembershipStatus
    start: PartialDate
    end: PartialDate | None = None
    note: str | None = None

    def on(self, day: dt.date) -> bool:
        """Whether this period includes ``day``."""
        return period_touches(self.start, self.end, day, day)


@dataclass(frozen=True)
class Group:
    """A group and its membership over time."""

    id: str
    name: str
    kind: GroupKind
    memberships: tuple[Membership, ...]
    position: Position
    aliases: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()

    def status_on(self, code: str, day: dt.date) -> MembershipStatus | None:
        """A country's status on a day, if it belonged to the group then."""
        for membership in self.memberships:
            if membership.code == code and membership.on(day):
                return membership.status
        return None

    def members_on(self, day: dt.date, include_observers: bool = False) -> list[str]:
        """Codes of the full members (and observers, if asked) on a day."""
        wanted = {MembershipStatus.MEMBER} | ({MembershipStatus.OBSERVER} if include_observers else set())
        return sorted({m.code for m in self.memberships if m.status in wanted and m.on(day)})


@dataclass(frozen=True)
class GroupPlace:
    """A group used as a filter: full members on the visit's start date, observers if asked."""

    group: Group
    include_observers: bool = False

    @property
    def label(self) -> str:
        """The group's name."""
        return self.group.name

    @property
    def code(self) -> str:
        """The group's id."""
        return self.group.id

    def contains(self, code: str, day: dt.date) -> bool:
        """Whether the country belonged to the group on that day."""
        status = self.group.status_on(code, day)
        return status is MembershipStatus.MEMBER or (
            self.include_observers and status is MembershipStatus.OBSERVER
        )


@dataclass(frozen=True)
class Groups:
    """The groups known to a dataset, by id, name and alias."""

    groups: tuple[Group, ...] = ()

    def find(self, text: str) -> Group | None:
        """A group by id, name or alias, ignoring case and accents."""
        key = normalize(text)
        for group in self.groups:
            if key in {normalize(n) for n in (group.id, group.name, *group.aliases)}:
                return group
        return None


def _group_files(folder: Path | None) -> Iterable[tuple[Path, bytes]]:
    if folder is None:
        package = resources.files("diplotrack.data").joinpath("groups")
        for entry in sorted(package.iterdir(), key=lambda e: e.name):
            if entry.name.endswith((".yaml", ".yml")):
                yield Path("<diplotrack>/groups") / entry.name, entry.read_bytes()
    elif folder.is_dir():
        for file in sorted(p for p in folder.rglob("*") if p.suffix in (".yaml", ".yml")):
            yield file, file.read_bytes()


def load_groups(dataset_folder: Path | None, countries: CountryResolver, problems: list[Problem]) -> Groups:
    """Built-in groups, then the dataset's, which replace built-in ones with the same id."""
    by_id: dict[str, Group] = {}
    for folder in (None, dataset_folder):
        for file, data in _group_files(folder):
            documents, read_problems = read_documents(file, data)
            problems.extend(read_problems)
            for document in documents:
                if not isinstance(document, Mapping):
                    problems.append(
                        Problem(document.position, "not-a-record", "expected a group (a mapping)")
                    )
                    continue
                group = parse_group(document, countries, problems)
                if group is not None:
                    by_id[group.id] = group
    return Groups(tuple(by_id.values()))


def parse_group(mapping: Mapping, countries: CountryResolver, problems: list[Problem]) -> Group | None:
    """Check one group file."""
    fields = FieldReader(mapping, GROUP_KEYS, problems)
    group_id = fields.text("id", required=True)
    fields.record_id = group_id
    name = fields.text("name", required=True)
    aliases = fields.text_list("aliases")
    kind = fields.choice("kind", GroupKind, "unknown-type") or GroupKind.ORGANIZATION
    memberships = []
    for index, node in fields.mappings("members"):
        inner = fields.nested(node, MEMBER_KEYS, f"members.{index}")
        country = inner.country("country", countries, required=True)
        status = inner.choice("status", MembershipStatus, "unknown-status") or MembershipStatus.MEMBER
        start, end = inner.date("from", required=True), inner.date("to")
        note = inner.text("note")
        if start and end and end.last_day < start.first_day:
            inner.error(
                inner.positions[inner.path("to")],
                "end-before-start",
                f"membership ends ({end}) before it starts ({start})",
            )
        fields.absorb(inner)
        if country and start:
            memberships.append(Membership(country.code, status, start, end, note))
    sources = fields.source_urls()
    if fields.failed or group_id is None or name is None:
        return None
    return Group(group_id, name, kind, tuple(memberships), mapping.position, aliases, sources)
