"""``import oh``: the US Office of the Historian's XML as diplotrack records.

Two collections of history.state.gov are read, whichever a file holds (its root element says):

* *Visits by Foreign Leaders* (``<visits><visit>``): a foreign leader's visit to the United States;
  ``<visitor>`` ("Prime Minister Kyriakos Mitsotakis") is split into role and name, ``<from>`` (a
  country label of its time) is the visitor's country, ``<description>`` the summary;
* *Travels of the President and the Secretary of State* (``<trips><trip>``, one per person, country and
  dates): ``<name>`` travelling as President or Secretary of State (``[Visit made as President-elect.]``
  in the remarks overrides it) to ``<country>``, ``<locale>`` the places, ``<remarks>`` the summary.

Every element may be missing or repeated: a record without dates, visitor or country is skipped with the
reason; repeated visitors or countries give one record each (ids ``…-1``, ``…-2``). Ids are the OH's own
(``oh-visit-2991``, ``oh-trip-4281``), so re-importing finds the same records; records go to one list file
per collection and year (``foreign-leaders/2020.yaml``, ``travels/2025.yaml``), checked and written by
:class:`~diplotrack.importers.batch.Batch`. The XML is parsed by defusedxml: entity declarations and external
references are refused, so an entity bomb is one problem line, like any malformed file.
"""

from __future__ import annotations

import enum
import re
import stat
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from diplotrack.countries import Country, CountryError, CountryResolver
from diplotrack.dates import DateError, PartialDate, parse_iso
from diplotrack.importers.batch import Batch, ImportReport, Skip, SkipReason
from diplotrack.importers.oh_text import UnmappedLabel, country_of, split_visitors, visit_type
from diplotrack.loader import Registries
from diplotrack.model import VisitType
from diplotrack.normalize import normalize
from diplotrack.people import Registry

PUBLISHER = "Office of the Historian, U.S. Department of State"
SITE = "https://history.state.gov/departmenthistory"
MARKER = "# Imported by `diplotrack import oh`"
MAX_INPUT_BYTES = 50 * 1024 * 1024
"""The largest XML file read (the largest OH file has 0.4 MB)."""

_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_ID = re.compile(r"[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*")
_MADE_AS = re.compile(r"\[Visit made as (?:the )?([^\]]+?)\.?\]")
_TRAVELLERS = {"president": ("President", "President"), "secretary": ("Secretary of State", "Secretary")}
"""The <trip role="…"> codes: the visitor's role, and how the OH's page titles name the office."""


class Collection(enum.StrEnum):
    """The OH collection a record comes from; also its folder below ``--into``."""

    FOREIGN_LEADERS = "foreign-leaders"
    TRAVELS = "travels"


@dataclass(frozen=True)
class Candidate:
    """One record to import, and where it goes."""

    record: dict[str, Any]
    collection: Collection
    year: int
    source: Path
    element: str


@dataclass(frozen=True)
class OhFile:
    """What one XML file yields: records to import, skipped records, or one problem with the whole file."""

    path: Path
    elements: int = 0
    candidates: tuple[Candidate, ...] = ()
    skipped: tuple[Skip, ...] = ()
    problem: str | None = None


# --- reading one file ---------------------------------------------------------------------------------


def _local(tag: str) -> str:
    """A tag without its namespace."""
    return tag.rsplit("}", 1)[-1]


def _children(element: ET.Element, name: str) -> list[ET.Element]:
    return [child for child in element if _local(child.tag) == name]


def _text(element: ET.Element) -> str:
    """All text inside an element (mixed content included), spaces collapsed."""
    return " ".join("".join(element.itertext()).split())


def _texts(element: ET.Element, name: str) -> list[str]:
    return [text for child in _children(element, name) if (text := _text(child))]


def _first(element: ET.Element, name: str) -> str | None:
    texts = _texts(element, name)
    return texts[0] if texts else None


class _Skipped(Exception):
    def __init__(self, reason: SkipReason, detail: str, label: str | None = None) -> None:
        super().__init__(detail)
        self.reason, self.detail, self.label = reason, detail, label


@dataclass
class _Reader:
    """Reads the records of one file against the dataset's countries and people."""

    path: Path
    countries: CountryResolver
    people: Registry
    candidates: list[Candidate] = field(default_factory=list)
    skipped: list[Skip] = field(default_factory=list)

    def read(self, root: ET.Element) -> OhFile:
        kind = _local(root.tag)
        wanted, read = {"visits": ("visit", self._visit), "trips": ("trip", self._trip)}[kind]
        elements = 0
        for index, element in enumerate(root, start=1):
            if not isinstance(element.tag, str):
                continue  # a comment or processing instruction
            elements += 1
            xml_id = _first(element, "id")
            name = f"{_local(element.tag)} {xml_id}" if xml_id else f"{_local(element.tag)} #{index}"
            try:
                if _local(element.tag) != wanted:
                    raise _Skipped(SkipReason.UNEXPECTED, f"<{_local(element.tag)}> in <{kind}>")
                read(element, name, xml_id)
            except _Skipped as skip:
                self.skipped.append(Skip(self.path, name, skip.reason, skip.detail, skip.label))
        return OhFile(self.path, elements, tuple(self.candidates), tuple(self.skipped))

    def _dates(self, element: ET.Element) -> tuple[PartialDate, str, str | None]:
        start = _first(element, "start-date")
        if start is None:
            raise _Skipped(SkipReason.MISSING, "no <start-date>")
        end = _first(element, "end-date")
        try:
            day = parse_iso(start)
            if end is not None:
                parse_iso(end)
        except DateError as exc:
            raise _Skipped(SkipReason.INVALID_DATE, str(exc)) from None
        return day, start, end

    def _country(self, label: str, start: PartialDate) -> Country:
        try:
            return country_of(label, start.first_day, self.countries)
        except UnmappedLabel as exc:
            raise _Skipped(SkipReason.UNKNOWN_COUNTRY, str(exc), " ".join(label.split())) from None

    def _visit(self, element: ET.Element, name: str, xml_id: str | None) -> None:
        start, start_text, end_text = self._dates(element)
        visitors = [v for text in _texts(element, "visitor") for v in split_visitors(text)]
        if not visitors:
            raise _Skipped(SkipReason.MISSING, "no <visitor>")
        origins = _children(element, "from")
        labels = [_text(origin) for origin in origins if _text(origin)]
        if not labels:
            raise _Skipped(SkipReason.MISSING, "no <from>")
        countries = {self._country(label, start) for label in labels}
        if len(countries) > 1:
            names = ", ".join(sorted(c.name for c in countries))
            raise _Skipped(SkipReason.INVALID_RECORD, f"several countries in <from>: {names}")
        (country,) = countries
        page = origins[0].get("id", "")
        url = f"{SITE}/visits/{page}" if _SLUG.fullmatch(page) else f"{SITE}/visits/{start.year}"
        description = " ".join(_texts(element, "description")) or None
        base = _record_id("oh-visit", xml_id, start_text, _texts(element, "visitor"))
        for number, visitor in enumerate(visitors, start=1):
            record = {
                "id": base if len(visitors) == 1 else f"{base}-{number}",
                "visitor": {
                    "name": visitor.name,
                    "role": visitor.role,
                    "country": self._written(country),
                    "person": _person(self.people, visitor.name, country.code),
                },
                "destination": {"country": "United States"},
                "start": start_text,
                "end": end_text,
                "type": _value(visit_type(description)),
                "summary": description,
                "sources": [_source(url, f"Visits By Foreign Leaders of {labels[0]}")],
            }
            self._add(record, Collection.FOREIGN_LEADERS, start.year, name)

    def _trip(self, element: ET.Element, name: str, xml_id: str | None) -> None:
        start, start_text, end_text = self._dates(element)
        travellers = _texts(element, "name")
        if not travellers:
            raise _Skipped(SkipReason.MISSING, "no <name>")
        labels = _texts(element, "country")
        if not labels:
            raise _Skipped(SkipReason.MISSING, "no <country>")
        destinations = [(label, self._country(label, start)) for label in labels]
        code = (element.get("role") or _first(element, "role") or "").strip().lower()
        role, office = _TRAVELLERS.get(code, (code.title() or None, code.title()))
        remarks = " ".join(_texts(element, "remarks")) or None
        made_as = _MADE_AS.search(remarks or "")
        if made_as:
            role = " ".join(made_as[1].split())
        who = (element.get("who") or "").strip()
        url = (
            f"{SITE}/travels/{code}/{who}"
            if code in _TRAVELLERS and _SLUG.fullmatch(who)
            else f"{SITE}/travels"
        )
        places = [place for text in _texts(element, "locale") for place in _places(text)]
        base = _record_id("oh-trip", xml_id, start_text, travellers)
        legs = [(traveller, label, country) for traveller in travellers for label, country in destinations]
        for number, (traveller, _label, country) in enumerate(legs, start=1):
            record = {
                "id": base if len(legs) == 1 else f"{base}-{number}",
                "visitor": {
                    "name": traveller,
                    "role": role,
                    "country": "United States",
                    "person": _person(self.people, traveller, "US"),
                },
                "destination": {"country": self._written(country), "places": places},
                "start": start_text,
                "end": end_text,
                "type": _value(visit_type(remarks)),
                "summary": remarks,
                "sources": [_source(url, f"Travels of the {office}: {traveller}" if office else "Travels")],
            }
            self._add(record, Collection.TRAVELS, start.year, name)

    def _add(self, record: dict[str, Any], collection: Collection, year: int, name: str) -> None:
        self.candidates.append(Candidate(_compact(record), collection, year, self.path, name))

    def _written(self, country: Country) -> str:
        """The country's English name when it reads back as the same country, else its code."""
        try:
            same = self.countries.resolve(country.name).code == country.code
        except CountryError:
            same = False
        return country.name if same else country.code


def _compact(value: Any) -> Any:
    """A record without absent values (``None``, empty text, lists and mappings)."""
    if isinstance(value, dict):
        items = {key: _compact(item) for key, item in value.items()}
        return {key: item for key, item in items.items() if item not in (None, "", [], {})}
    if isinstance(value, list):
        return [_compact(item) for item in value]
    return value


def _value(kind: VisitType | None) -> str | None:
    return None if kind is None else kind.value


def _source(url: str, title: str) -> dict[str, str]:
    return {"url": url, "title": title, "publisher": PUBLISHER, "language": "en"}


def _slug(text: str) -> str:
    return "-".join(re.findall(r"[a-z0-9]+", normalize(text))) or "record"


def _record_id(prefix: str, xml_id: str | None, start: str, names: Sequence[str]) -> str:
    """``oh-visit-2991`` from the OH's id; without a usable id, from the date and the names."""
    if xml_id is not None and _ID.fullmatch(xml_id):
        return f"{prefix}-{xml_id}"
    return f"{prefix}-{start}-{_slug(' '.join(names))[:60].strip('-')}"


def _places(locale: str) -> list[str]:
    """ "Belfast, Hillsborough (Northern Ireland)" → Belfast, Hillsborough (Northern Ireland)."""
    places, depth, current = [], 0, ""
    for char in locale:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char in ",;" and depth <= 0:
            places.append(current)
            current = ""
        else:
            current += char
    places.append(current)
    return [" ".join(place.split()) for place in places if place.strip()]


def _person(people: Registry, name: str, code: str) -> str | None:
    """The registry id when exactly one person of that country (or with an office there) has the name."""
    for spelling in dict.fromkeys((name, re.sub(r"\s*\([^)]*\)", "", name))):
        found = [
            p
            for p in people.named(spelling)
            if p.country.code == code or any(o.country.code == code for o in p.offices)
        ]
        if found:
            return found[0].id if len(found) == 1 else None
    return None


def read_oh(path: Path, data: bytes, countries: CountryResolver, people: Registry) -> OhFile:
    """The records of one OH XML file; a malformed or unknown file gives one problem, never an exception."""
    try:
        root = SafeET.fromstring(data)
    except DefusedXmlException as exc:
        # Entity declarations are what entity bombs and external-file reads are made of; OH files have none.
        what = getattr(exc, "name", None)
        return OhFile(
            path,
            problem=f"{path}: refused: the XML declares an entity{f' ({what!r})' if what else ''}; Office of the "
            "Historian files declare none, and diplotrack never expands them",
        )
    except ET.ParseError as exc:
        line, column = exc.position
        reason = str(exc).split(":")[0]
        return OhFile(path, problem=f"{path}:{line}:{column + 1}: not well-formed XML: {reason}")
    if _local(root.tag) not in ("visits", "trips"):
        return OhFile(
            path,
            problem=f"{path}: the root element is <{_local(root.tag)}>; an Office of the Historian file "
            "has <visits> (visits by foreign leaders) or <trips> (travels of Presidents and Secretaries)",
        )
    return _Reader(path, countries, people).read(root)


# --- the import ---------------------------------------------------------------------------------------


def xml_files(paths: Iterable[Path]) -> Iterator[Path]:
    """The files given, and every ``*.xml`` below the folders given (hidden ones skipped), each once."""
    seen: set[Path] = set()
    for path in paths:
        if path.is_dir():
            found = sorted(
                p
                for p in path.rglob("*.xml")
                if not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
        else:
            found = [path]
        for file in found:
            key = file.resolve()
            if key not in seen:
                seen.add(key)
                yield file


def _read_input(path: Path) -> bytes | str:
    """An input file's bytes, or why it cannot be read."""
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            return f"{path}: not a regular file"
        if info.st_size > MAX_INPUT_BYTES:
            return f"{path}: {info.st_size:,} bytes, more than the limit of {MAX_INPUT_BYTES:,}"
        return path.read_bytes()
    except FileNotFoundError:
        return f"{path}: no such file"
    except OSError as exc:
        return f"{path}: cannot read: {exc.strerror}"


def _header(collection: Collection, year: int) -> str:
    what = {
        Collection.FOREIGN_LEADERS: ("visits", "Visits by Foreign Leaders"),
        Collection.TRAVELS: ("travels", "Travels of the President and the Secretary of State"),
    }[collection]
    return (
        f"{MARKER} from the Office of the Historian, U.S. Department of State\n"
        f"# (public domain): {what[1]}, {year}, {SITE}/{what[0]}\n"
        "# Re-importing rewrites this file when a record changed (see docs/import.md).\n"
    )


def import_oh(
    paths: Sequence[Path], into: Path, registries: Registries, root: Path, *, dry_run: bool
) -> ImportReport:
    """Import OH XML files into list files below ``into``; ``root`` is the dataset the records belong to."""
    batch = Batch(into, registries.countries, root)
    for path in xml_files(paths):
        data = _read_input(path)
        result = (
            OhFile(path, problem=data)
            if isinstance(data, str)
            else read_oh(path, data, registries.countries, registries.people)
        )
        if result.problem is not None:
            batch.problems.append(result.problem)
            continue
        batch.files_read += 1
        batch.source_records += result.elements
        for skip in result.skipped:
            batch.skip(skip)
        for candidate in result.candidates:
            target = into / candidate.collection.value / f"{candidate.year}.yaml"
            header = _header(candidate.collection, candidate.year)
            batch.add(candidate.record, target, header, candidate.source, candidate.element)
    return batch.finish(dry_run=dry_run)
