"""Spreadsheets in: each CSV row becomes a visit file, through the same record boundary as every writer.

A row goes row → record (:func:`~diplotrack.csvformat.row_record`) → YAML → :func:`~diplotrack.loader.parse_file`,
so it is checked by the parser ``validate`` uses; only a row without errors is written, and what is
written is ``visit_record`` of the parsed visit (the canonical form), parsed once more at its final path
before it is written. A row with problems is skipped whole, never half-written.

Placement: ``<into>/visits/<start year>/<id>.yaml`` (the id is the file's stem, so the record needs no
``id`` key; an id that cannot be a file name is kept in the record and the file gets a slug of it). A row
without an id gets ``<start>-<visitor>-<destination>`` (slugified), with ``-2``, ``-3``… when that name is
taken by another record. An existing file is never replaced: the same bytes are "unchanged" (so importing
again changes nothing), different bytes or an id used elsewhere in the dataset skip the row.

By default the columns are those ``export --format csv`` writes; ``--map COLUMN=FIELD`` reads other
sheets. The delimiter is read from the header row (``,``, ``;`` as European spreadsheets save, or tab).
Dates may also be written as spreadsheets reformat them (``15.04.2024``), unless ambiguous.
"""

from __future__ import annotations

import csv
import enum
import io
import re
import stat
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from diplotrack.countries import CountryResolver
from diplotrack.csvformat import DERIVED, FIELDS, RowError, restore, row_record
from diplotrack.datafiles import MAX_FILE_BYTES
from diplotrack.dates import DateError, parse_iso, parse_user_date
from diplotrack.loader import load_dataset, load_registries, parse_file
from diplotrack.model import Visit
from diplotrack.problems import DiplotrackError, Severity, UsageError
from diplotrack.records import visit_record
from diplotrack.writefiles import create
from diplotrack.yamlwrite import dump_record

REQUIRED_FIELDS = ("visitor_name", "visitor_country", "destination_country", "start")
SAFE_STEM = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,150}$")


class Outcome(enum.StrEnum):
    """What happened to one row."""

    WRITTEN = "written"
    UNCHANGED = "unchanged"
    INVALID = "invalid"
    """Skipped: the row has errors."""
    CONFLICT = "conflict"
    """Skipped: its file or id is taken by a different record."""


@dataclass(frozen=True)
class RowResult:
    """One data row's fate."""

    row: int
    """The spreadsheet row number (the header is row 1)."""
    outcome: Outcome
    path: Path | None = None
    reasons: tuple[str, ...] = ()
    text: str = ""
    """The YAML written (or, in a dry run, that would be)."""


@dataclass(frozen=True)
class ImportReport:
    """Every row's result, and the columns nobody reads."""

    source: Path
    results: tuple[RowResult, ...]
    ignored_columns: tuple[str, ...] = ()
    dry_run: bool = False

    def count(self, outcome: Outcome) -> int:
        """How many rows had this outcome."""
        return sum(1 for result in self.results if result.outcome is outcome)

    @property
    def skipped(self) -> int:
        """Rows not written: errors or conflicts."""
        return self.count(Outcome.INVALID) + self.count(Outcome.CONFLICT)


# --- reading the sheet ---------------------------------------------------------------------------------


def read_sheet(path: Path) -> list[list[str]]:
    """The rows of a CSV file (header first), decoded as UTF-8 (a BOM is allowed); one clear error otherwise."""
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise DiplotrackError(f"{path} is not a regular file")
        if info.st_size > MAX_FILE_BYTES:
            raise DiplotrackError(f"{path} has more than {MAX_FILE_BYTES:,} bytes; split it")
        data = path.read_bytes()
    except FileNotFoundError:
        raise DiplotrackError(f"{path}: no such file") from None
    except OSError as exc:
        raise DiplotrackError(f"{path}: cannot read the file: {exc.strerror or exc}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DiplotrackError(
            f"{path}: not UTF-8 (byte {exc.start + 1}); save the sheet as 'CSV UTF-8'"
        ) from None
    first_line = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count)
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True))
    except csv.Error as exc:
        raise DiplotrackError(f"{path}: not a readable CSV file: {exc}") from None


def column_fields(
    header: Sequence[str], mapping: Mapping[str, str]
) -> tuple[dict[int, str], tuple[str, ...]]:
    """Which field each column holds (by index), and the columns no field reads.

    A column named like a field (any case) holds that field; ``mapping`` (column → field) adds or overrides.
    """
    names = [name.strip() for name in header]
    by_name = {name.casefold(): index for index, name in enumerate(names) if name}
    if len(by_name) != len([name for name in names if name]):
        folded = [name.casefold() for name in names if name]
        twice = sorted({n for n in names if n and folded.count(n.casefold()) > 1})
        raise UsageError(f"the header names a column twice: {', '.join(twice)}; rename one")
    fields: dict[int, str] = {}
    for index, name in enumerate(names):
        if name.casefold() in FIELDS:
            fields[index] = name.casefold()
    for column, target in mapping.items():
        if target not in FIELDS:
            raise UsageError(f"--map {column}={target}: no field {target!r}; fields: {', '.join(FIELDS)}")
        found = by_name.get(column.strip().casefold())
        if found is None:
            raise UsageError(
                f"--map {column}={target}: the sheet has no column {column!r}; columns: {', '.join(names)}"
            )
        fields[found] = target
    taken: dict[str, int] = {}
    for index, target in sorted(fields.items()):
        if target in taken:
            raise UsageError(
                f"columns {names[taken[target]]!r} and {names[index]!r} both give {target!r}; "
                f"map one of them elsewhere with --map"
            )
        taken[target] = index
    missing = [f for f in REQUIRED_FIELDS if f not in taken]
    if missing:
        raise UsageError(
            f"no column gives {', '.join(missing)}; name the columns so or map them, e.g. --map 'Date={missing[0]}'"
        )
    ignored = tuple(n for i, n in enumerate(names) if i not in fields and n.casefold() not in DERIVED and n)
    return fields, ignored


def parse_mapping(pairs: Sequence[str]) -> dict[str, str]:
    """``COLUMN=FIELD`` option values as a mapping."""
    mapping = {}
    for pair in pairs:
        column, sep, target = pair.rpartition("=")
        if not sep or not column.strip() or not target.strip():
            raise UsageError(f"--map {pair!r}: write COLUMN=FIELD, e.g. --map 'Visitor=visitor_name'")
        mapping[column.strip()] = target.strip()
    return mapping


# --- one row -------------------------------------------------------------------------------------------


def _date(name: str, text: str) -> str:
    try:
        return parse_iso(text).isoformat()
    except DateError:
        pass
    try:
        return parse_user_date(text).isoformat()
    except DateError as exc:
        raise RowError(f"{name!r}: {exc}") from None


def slug(text: str) -> str:
    """Lower-case ASCII letters, digits and dashes (accents dropped); empty when nothing is left."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


@dataclass(frozen=True)
class Candidate:
    """A row that parsed into a visit, with the file stem it asks for."""

    row: int
    visit: Visit
    stem: str
    explicit_id: bool
    """The row gave the id: the file is that id's, or nothing."""
    record: dict[str, Any]
    """The record as checked (without ``id`` when the id is the stem)."""
    data: bytes
    """Its YAML, as parsed: what is written when it is already canonical."""


def _record(cells: Sequence[str], fields: Mapping[int, str]) -> dict[str, Any]:
    values = {name: restore(cells[index]) if index < len(cells) else "" for index, name in fields.items()}
    return row_record(values, _date)


def _check(data: bytes, name: str, countries: CountryResolver) -> tuple[Visit | None, list[str]]:
    """Parse a record's YAML as the loader would, as the file ``<name>.yaml``; the visit, or the errors."""
    result = parse_file(Path(f"{name}.yaml"), data, countries)
    errors = [p.message for p in result.problems if p.severity is Severity.ERROR]
    if errors or len(result.visits) != 1:
        return None, errors or ["the row does not make one record"]
    return result.visits[0], []


def row_candidate(
    row: int, cells: Sequence[str], fields: Mapping[int, str], countries: CountryResolver, width: int
) -> Candidate | RowResult:
    """A row as a checked visit, or the reasons it cannot be one (``width``: the header's number of columns)."""
    if any(cell.strip() for cell in cells[width:]):
        return RowResult(
            row,
            Outcome.INVALID,
            reasons=(
                f"the row has {len(cells)} cells but the header {width} columns; "
                "quote values that hold the delimiter",
            ),
        )
    try:
        record = _record(cells, fields)
    except RowError as exc:
        return RowResult(row, Outcome.INVALID, reasons=(str(exc),))
    explicit = "id" in record
    if explicit:
        stem = record["id"] if SAFE_STEM.match(record["id"]) else slug(record["id"])[:150] or "visit"
        if stem == record["id"]:
            del record["id"]  # the file name gives it
    else:
        visitor, destination = record.get("visitor", {}), record.get("destination", {})
        parts = (record.get("start", ""), slug(visitor.get("name", "")), slug(destination.get("country", "")))
        stem = "-".join(part for part in parts if part)[:150] or "visit"
    data = dump_record(record).encode("utf-8")
    visit, errors = _check(data, stem, countries)
    if visit is None:
        return RowResult(row, Outcome.INVALID, reasons=tuple(errors))
    return Candidate(row, visit, stem, explicit, record, data)


# --- placing rows -------------------------------------------------------------------------------------


@dataclass
class _Placement:
    """Where records already are: the dataset's ids and the names this import took."""

    into: Path
    countries: CountryResolver
    existing: dict[str, Path]
    taken: dict[str, int] = field(default_factory=dict)
    """Ids placed by this import, with their row."""

    def content(self, candidate: Candidate, visit: Visit, stem: str) -> tuple[bytes, bool]:
        """The file's bytes (the canonical record), and whether they were already parsed as such a file."""
        record = visit_record(visit, with_id=visit.id != stem)
        if record == candidate.record:
            return candidate.data, True  # the row was canonical: its bytes were parsed under this stem's rule
        return dump_record(record).encode("utf-8"), False

    def place(self, candidate: Candidate, dry_run: bool) -> RowResult:
        visit = candidate.visit
        folder = self.into / "visits" / f"{visit.start.year:04d}"
        stems = [candidate.stem] if candidate.explicit_id else self._numbered(candidate.stem)
        last: RowResult | None = None
        for stem in stems:
            final = visit if candidate.explicit_id else _renamed(visit, stem)
            last = self._try(candidate, final, folder / f"{stem}.yaml", stem, dry_run)
            if last.outcome is not Outcome.CONFLICT:
                return last
        assert last is not None
        return last

    @staticmethod
    def _numbered(stem: str) -> Iterator[str]:
        yield stem
        for number in range(2, 1000):
            yield f"{stem}-{number}"

    def _try(self, candidate: Candidate, visit: Visit, path: Path, stem: str, dry_run: bool) -> RowResult:
        row = candidate.row
        data, checked = self.content(candidate, visit, stem)
        text = data.decode("utf-8")
        if visit.id in self.taken:
            return RowResult(
                row, Outcome.CONFLICT, path, (f"id {visit.id!r} is also row {self.taken[visit.id]}'s",)
            )
        elsewhere = self.existing.get(visit.id)
        if elsewhere is not None and elsewhere.resolve() != path.resolve():
            return RowResult(
                row, Outcome.CONFLICT, path, (f"id {visit.id!r} is already used by {elsewhere}",)
            )
        # The bytes that will be written are read back at their final path before anything is written.
        reread = None if checked else parse_file(path, data, self.countries)
        if reread is not None and (
            reread.visits != (visit,) or any(p.severity is Severity.ERROR for p in reread.problems)
        ):
            return RowResult(
                row, Outcome.INVALID, path, ("the record does not read back as itself; please report",)
            )
        if path.exists() or path.is_symlink():
            if path.is_file() and path.read_bytes() == data:
                self.taken[visit.id] = row
                return RowResult(row, Outcome.UNCHANGED, path, text=text)
            return RowResult(
                row, Outcome.CONFLICT, path, (f"{path} exists with other content; it is left alone",)
            )
        if not dry_run and not create(path, data):
            return RowResult(
                row, Outcome.CONFLICT, path, (f"{path} appeared while importing; it is left alone",)
            )
        self.taken[visit.id] = row
        return RowResult(row, Outcome.WRITTEN, path, text=text)


def _renamed(visit: Visit, stem: str) -> Visit:
    return replace(visit, id=stem)


def _existing_ids(into: Path) -> dict[str, Path]:
    if not (into / "visits").is_dir():
        return {}
    dataset = load_dataset(into)
    return {ref.id: ref.position.file for ref in dataset.records}


def import_csv(path: Path, into: Path, mapping: Mapping[str, str], *, dry_run: bool = False) -> ImportReport:
    """Import a sheet into the dataset at ``into`` (created as needed); ``dry_run`` writes nothing."""
    rows = read_sheet(path)
    if not rows:
        raise DiplotrackError(f"{path}: the file is empty; the first row must name the columns")
    fields, ignored = column_fields(rows[0], mapping)
    countries = load_registries(into).countries
    placement = _Placement(into, countries, _existing_ids(into))
    results = []
    for number, cells in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue  # an empty row of a sheet
        candidate = row_candidate(number, cells, fields, countries, len(rows[0]))
        results.append(candidate if isinstance(candidate, RowResult) else placement.place(candidate, dry_run))
    return ImportReport(path, tuple(results), ignored, dry_run)
