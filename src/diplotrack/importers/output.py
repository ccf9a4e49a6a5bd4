"""Writing imported records: checked like any record, written atomically, only when something changed.

An importer hands over plain record mappings. :func:`check_record` sends each through the record boundary
(:func:`~diplotrack.yamlwrite.dump_record` → :func:`~diplotrack.loader.parse_file`), so an imported record
is exactly what ``validate`` would accept. :func:`plan_file` decides, for one target file holding a list of
records, what to do:

* a new file is created with the records;
* an existing file is touched only if its first line is the importer's marker (a file someone else wrote
  is refused, never overwritten) and it loads without errors; records whose id the import does not bring
  are kept, so importing part of a collection never drops the rest;
* an existing file is rewritten only when a record is new or changed. Equality is that of the loaded
  records, not of the bytes: a file reformatted by hand or by ``fmt`` that holds the same records is left
  alone.

:func:`write_file` writes through a temporary file in the same folder, fsync and rename; a new file is
linked into place, so it never replaces a file that appeared in the meantime, and an existing file is
replaced only if it still holds the bytes the plan was made from.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from diplotrack.countries import CountryResolver
from diplotrack.datafiles import read_file
from diplotrack.loader import parse_file
from diplotrack.model import Visit
from diplotrack.problems import DiplotrackError, Problem, Severity
from diplotrack.records import visit_record
from diplotrack.writefiles import ChangedMeanwhile, create, replace
from diplotrack.yamlwrite import dump_record, dump_records


class WriteConflict(DiplotrackError):
    """A target file changed while the import ran."""


def check_record(record: Mapping[str, Any], path: Path, countries: CountryResolver) -> Visit | list[Problem]:
    """The :class:`Visit` a record mapping loads as from ``path``, or the errors that keep it out."""
    result = parse_file(path, dump_record(record).encode("utf-8"), countries)
    errors = [p for p in result.problems if p.severity is Severity.ERROR]
    if errors or len(result.visits) != 1:
        return errors
    return result.visits[0]


class Action(enum.StrEnum):
    """What happens to one target file."""

    CREATE = "create"
    UPDATE = "update"
    UNCHANGED = "unchanged"
    REFUSE = "refuse"


@dataclass(frozen=True)
class FilePlan:
    """What to do with one target file, and the records it counts."""

    path: Path
    action: Action
    created: int = 0
    """Records whose id the file did not hold."""
    updated: int = 0
    """Records whose id the file held with other values."""
    unchanged: int = 0
    """Records the file already holds as they are."""
    kept: int = 0
    """Records in the file that the import does not bring (left as they are)."""
    refused: int = 0
    """Records not written because the file is refused."""
    reason: str | None = None
    """Why the file is refused."""
    content: bytes | None = None
    """The new bytes (create, update)."""
    previous: bytes | None = None
    """The bytes the plan was made from (update)."""


def _natural(text: str) -> tuple[Any, ...]:
    """A sort key that orders "oh-visit-300" before "oh-visit-2991"."""
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text))


def _order(visits: Sequence[Visit]) -> list[Visit]:
    return sorted(visits, key=lambda v: (v.start.first_day, _natural(v.id)))


def render(visits: Sequence[Visit], header: str) -> bytes:
    """A list file of the records in date order, after a header comment."""
    return (header + dump_records([visit_record(v) for v in _order(visits)])).encode("utf-8")


def _errors(problems: Sequence[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity is Severity.ERROR]


def plan_file(
    path: Path, visits: Sequence[Visit], header: str, countries: CountryResolver, root: Path
) -> FilePlan:
    """What writing ``visits`` to ``path`` takes; ``header`` (comment lines) starts with the marker line."""
    marker = header.splitlines()[0] if header else ""
    if not path.exists() and not path.is_symlink():
        return FilePlan(
            path, Action.CREATE, created=len(visits), content=_checked(path, visits, header, countries)
        )
    existing = read_file(path, root)
    if isinstance(existing, Problem):
        return _refuse(path, visits, existing.message)
    if not marker or not existing.decode("utf-8", "replace").startswith(marker):
        return _refuse(path, visits, "the file exists and was not written by this importer; move it away")
    loaded = parse_file(path, existing, countries)
    if errors := _errors(loaded.problems):
        return _refuse(path, visits, f"the file has errors ({errors[0].message}); fix or delete it")
    old = {visit.id: visit for visit in loaded.visits}
    new = {visit.id: visit for visit in visits}
    created = sum(1 for key in new if key not in old)
    updated = sum(1 for key, visit in new.items() if key in old and old[key] != visit)
    unchanged = len(new) - created - updated
    kept = sum(1 for key in old if key not in new)
    if created == updated == 0:
        return FilePlan(path, Action.UNCHANGED, unchanged=unchanged, kept=kept)
    merged = list({**old, **new}.values())
    return FilePlan(
        path,
        Action.UPDATE,
        created=created,
        updated=updated,
        unchanged=unchanged,
        kept=kept,
        content=_checked(path, merged, header, countries),
        previous=existing,
    )


def _refuse(path: Path, visits: Sequence[Visit], reason: str) -> FilePlan:
    return FilePlan(path, Action.REFUSE, refused=len(visits), reason=reason)


def _checked(path: Path, visits: Sequence[Visit], header: str, countries: CountryResolver) -> bytes:
    """The file's bytes, after checking that they load back as exactly these records."""
    content = render(visits, header)
    loaded = parse_file(path, content, countries)
    if _errors(loaded.problems) or list(loaded.visits) != _order(visits):
        raise DiplotrackError(f"{path}: the records do not read back unchanged; nothing was written (a bug)")
    return content


def write_file(plan: FilePlan) -> None:
    """Carry out a create or update plan atomically; never over a file that appeared or changed meanwhile."""
    if plan.content is None or plan.action not in (Action.CREATE, Action.UPDATE):
        return
    if plan.action is Action.CREATE:
        if not create(plan.path, plan.content):
            raise WriteConflict(
                f"{plan.path} appeared while importing; it was left as it is, run the import again"
            )
        return
    try:
        replace(plan.path, plan.content, expected=plan.previous)
    except ChangedMeanwhile:
        raise WriteConflict(
            f"{plan.path} changed while importing; it was left as it is, run the import again"
        ) from None
