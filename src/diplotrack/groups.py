"""Groups of countries with dated membership: organisations (OTS, CSTO, EU…) and regions.

Built-in groups ship as YAML inside the package (``diplotrack/data/groups``); a dataset's
``groups/*.yaml`` adds groups or replaces a built-in one with the same id. Membership is
evaluated on a given day: a visit by Uzbekistan's president in 2018 is not a visit from an
OTS member, one in 2020 is.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
from dataclasses import dataclass
from pathlib import Path

from diplotrack.cache import package_stamp, remembered
from diplotrack.countries import CountryResolver
from diplotrack.datafiles import builtin_files, builtin_folder, dataset_files
from diplotrack.dates import Period
from diplotrack.fields import FieldReader, RecordState
from diplotrack.normalize import normalize
from diplotrack.problems import Position, Problem, Rule
from diplotrack.slotted import by_fields
from diplotrack.yamlsource import Mapping, Scalar, read_documents

GROUP_KEYS = ("id", "name", "aliases", "kind", "members", "sources")
"""The keys of a group, in the documented order (``diplotrack fmt`` writes them so)."""
MEMBER_KEYS = ("country", "status", "from", "to", "note")


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

    __reduce__ = by_fields

    code: str
    status: MembershipStatus
    period: Period
    note: str | None = None

    def on(self, day: dt.date) -> bool:
        """Whether this period includes ``day``."""
        return self.period.on(day)


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

    def includes(self, code: str, day: dt.date, include_observers: bool = False) -> bool:
        """Whether a country was a full member on that day (or an observer, if asked); suspended never counts."""
        status = self.status_on(code, day)
        return status is MembershipStatus.MEMBER or (
            include_observers and status is MembershipStatus.OBSERVER
        )

    def members_on(self, day: dt.date, include_observers: bool = False) -> list[str]:
        """Codes of the full members (and observers, if asked) on a day."""
        wanted = {MembershipStatus.MEMBER} | ({MembershipStatus.OBSERVER} if include_observers else set())
        return sorted({m.code for m in self.memberships if m.status in wanted and m.on(day)})


@dataclass(frozen=True)
class Groups:
    """The groups known to a dataset, by id, name and alias."""

    groups: tuple[Group, ...] = ()

    @functools.cached_property
    def _by_key(self) -> dict[str, Group]:
        # Built once: queries look a group up for every visit they test.
        index: dict[str, Group] = {}
        for group in self.groups:
            for name in (group.id, group.name, *group.aliases):
                index.setdefault(normalize(name), group)
        return index

    def find(self, text: str) -> Group | None:
        """A group by id, name or alias, ignoring case and accents."""
        return self._by_key.get(normalize(text))


@functools.cache
def _builtin_groups() -> tuple[tuple[Group, ...], tuple[Problem, ...]]:
    """The built-in groups, read once per process and kept between runs (they name countries by ISO code)."""

    def read() -> tuple[tuple[Group, ...], tuple[Problem, ...]]:
        problems: list[Problem] = []
        groups = tuple(
            group
            for file, data in builtin_files("groups")
            for group in _parse_group_file(file, data, CountryResolver.builtin(), problems)
        )
        return groups, tuple(problems)

    return remembered("groups", package_stamp(builtin_folder("groups"), Path(__file__).parent), read)


def _parse_group_file(
    file: Path, data: bytes, countries: CountryResolver, problems: list[Problem]
) -> list[Group]:
    documents, read_problems = read_documents(file, data)
    problems.extend(read_problems)
    groups = []
    for document in documents:
        if not isinstance(document, Mapping):
            problems.append(Problem(document.position, Rule.NOT_A_RECORD, "expected a group (a mapping)"))
            continue
        group = parse_group(document, countries, problems)
        if group is not None:
            groups.append(group)
    return groups


def load_groups(folder: Path, root: Path, countries: CountryResolver, problems: list[Problem]) -> Groups:
    """Built-in groups, then the dataset's ``groups/``, which replace built-in ones with the same id."""
    builtin, builtin_problems = _builtin_groups()
    problems.extend(builtin_problems)
    by_id: dict[str, Group] = {group.id: group for group in builtin}
    for file, data in dataset_files(folder, root):
        if isinstance(data, Problem):
            problems.append(data)
            continue
        by_id |= {group.id: group for group in _parse_group_file(file, data, countries, problems)}
    return Groups(tuple(by_id.values()))


def parse_group(mapping: Mapping, countries: CountryResolver, problems: list[Problem]) -> Group | None:
    """Check one group file."""
    group_id_node = mapping.get("id")
    state = RecordState(problems, group_id_node.text if isinstance(group_id_node, Scalar) else None)
    fields = FieldReader(mapping, GROUP_KEYS, state)
    group_id = fields.text("id", required=True)
    name = fields.text("name", required=True)
    aliases = fields.text_list("aliases")
    kind = fields.choice("kind", GroupKind, Rule.UNKNOWN_GROUP_KIND) or GroupKind.ORGANIZATION
    memberships = []
    for index, node in fields.mappings("members"):
        inner = fields.nested(node, MEMBER_KEYS, f"members.{index}")
        country = inner.country("country", countries, required=True)
        status = (
            inner.choice("status", MembershipStatus, Rule.UNKNOWN_MEMBERSHIP_STATUS)
            or MembershipStatus.MEMBER
        )
        period = inner.period("from", "to")
        note = inner.text("note")
        if country and period:
            memberships.append(Membership(country.code, status, period, note))
    sources = fields.source_urls()
    if fields.failed or group_id is None or name is None:
        return None
    return Group(group_id, name, kind, tuple(memberships), mapping.position, aliases, sources)
