"""Synthetic datasets for the benchmark: deterministic, format-valid, and shaped like real ones.

A dataset of ``size`` records is a pure function of (seed, size): the same records in either layout, one
file per record (``visits/<year>/<id>.yaml``, as a team keeps them in git) or a list file per year
(``visits/<year>.yaml``, as imports write them). About a third of the visitors and half of the hosts are
people of the built-in registry (``src/diplotrack/data/people/``), written by name or alias, with an office
they held on the visit's dates, so name resolution and the office rules run as on real data; the others have
English or German names. Countries are written as codes, English and German names; some dates are known only
to the month or year; records are written by ``diplotrack.yamlwrite`` (the canonical form).

    python -m bench.synth DIR --size 10000 [--layout files|yearly] [--seed 1]
    python -m bench.synth --check      # 1,000 records in each layout must validate with no error
"""

from __future__ import annotations

import argparse
import datetime as dt
import enum
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import unicodedata
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.emit import record_text, records_text
from diplotrack.loader import load_registries
from diplotrack.yamlwrite import dump_record, dump_records

FIRST_DAY, LAST_DAY = dt.date(1992, 1, 1), dt.date(2025, 12, 31)
AS_OF = "2026-01-01"
"""The "today" every benchmark command runs with (no record is planned after it)."""


class Layout(enum.StrEnum):
    """How records are laid out in files."""

    FILES = "files"
    """One record per file: ``visits/<year>/<id>.yaml``."""
    YEARLY = "yearly"
    """One list of records per year: ``visits/<year>.yaml``."""


@dataclass(frozen=True)
class Country:
    """A country as records write it, with its share of the visits (either end)."""

    code: str
    names: tuple[str, ...]
    """Ways records write it: the code, the English name, the German name, …"""
    places: tuple[str, ...]
    weight: int


COUNTRIES = (
    Country("AM", ("AM", "Armenia", "Armenien", "ARM"), ("Yerevan", "Gyumri", "Vanadzor", "Dilijan"), 3),
    Country("AZ", ("AZ", "Azerbaijan", "Aserbaidschan"), ("Baku", "Ganja", "Shusha", "Gabala"), 4),
    Country("GE", ("GE", "Georgia", "Georgien"), ("Tbilisi", "Batumi", "Kutaisi"), 4),
    Country("KZ", ("KZ", "Kazakhstan", "Kasachstan"), ("Astana", "Almaty", "Shymkent", "Aktau"), 6),
    Country("KG", ("KG", "Kyrgyzstan", "Kirgisistan"), ("Bishkek", "Osh", "Cholpon-Ata"), 3),
    Country("UZ", ("UZ", "Uzbekistan", "Usbekistan"), ("Tashkent", "Samarkand", "Bukhara"), 4),
    Country("TJ", ("TJ", "Tajikistan", "Tadschikistan"), ("Dushanbe", "Khujand"), 2),
    Country("TM", ("TM", "Turkmenistan"), ("Ashgabat", "Turkmenbashi"), 2),
    Country("TR", ("TR", "Türkiye", "Turkey", "Türkei"), ("Ankara", "Istanbul", "Antalya"), 6),
    Country("RU", ("RU", "Russia", "Russland"), ("Moscow", "Saint Petersburg", "Sochi", "Kazan"), 8),
    Country("BY", ("BY", "Belarus", "Weißrussland"), ("Minsk", "Brest"), 2),
    Country("UA", ("UA", "Ukraine"), ("Kyiv", "Lviv", "Odesa"), 4),
    Country("MD", ("MD", "Moldova", "Republik Moldau"), ("Chisinau",), 2),
    Country("MN", ("MN", "Mongolia", "Mongolei"), ("Ulaanbaatar",), 1),
    Country("CN", ("CN", "China"), ("Beijing", "Shanghai", "Xi'an"), 6),
    Country("IR", ("IR", "Iran"), ("Tehran", "Isfahan"), 3),
    Country("DE", ("DE", "Germany", "Deutschland"), ("Berlin", "Munich", "Hamburg"), 6),
    Country("FR", ("FR", "France", "Frankreich"), ("Paris", "Strasbourg"), 5),
    Country("IT", ("IT", "Italy", "Italien"), ("Rome", "Milan"), 3),
    Country("GB", ("GB", "United Kingdom", "Vereinigtes Königreich"), ("London", "Edinburgh"), 4),
    Country("US", ("US", "United States", "Vereinigte Staaten"), ("Washington", "New York"), 6),
    Country("JP", ("JP", "Japan"), ("Tokyo", "Osaka"), 3),
    Country("CA", ("CA", "Canada", "Kanada"), ("Ottawa", "Toronto"), 2),
)
BY_CODE = {c.code: c for c in COUNTRIES}
ARMENIA = BY_CODE["AM"].names
"""How records write the country the ``--country Armenia`` scenarios select."""

FIRST_NAMES = (
    "James", "Mary", "Robert", "Patricia", "Michael", "Linda", "David", "Susan", "Richard", "Karen",
    "Thomas", "Sarah", "Daniel", "Emily", "Matthew", "Laura", "Andrew", "Helen", "Peter", "Anne",
    "Klaus", "Ursula", "Jürgen", "Birgit", "Wolfgang", "Sabine", "Dieter", "Monika", "Günther", "Renate",
    "Matthias", "Katrin", "Stefan", "Jutta", "Uwe", "Brigitte", "Jörg", "Heike", "Frank", "Ingrid",
)  # fmt: skip
LAST_NAMES = (
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson", "Anderson", "Taylor",
    "Moore", "Jackson", "White", "Harris", "Clark", "Lewis", "Walker", "Hall", "Young", "King",
    "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann",
    "Schäfer", "Koch", "Bauer", "Richter", "Klein", "Wolf", "Schröder", "Neumann", "Schwarz", "Braun",
)  # fmt: skip
ROLES = (
    "President", "Prime Minister", "Foreign Minister", "Minister of Foreign Affairs", "Vice President",
    "Minister of Economy", "Speaker of Parliament", "Präsident", "Bundeskanzler", "Außenminister",
    "Ministerpräsident", "Wirtschaftsminister",
)  # fmt: skip
TYPES = ("state", "official", "official-working", "working", "summit", "transit", "private", "other")
TYPE_WEIGHTS = (12, 25, 10, 30, 10, 2, 2, 2)
EVENTS = ("CIS summit", "SCO summit", "CSTO summit", "OTS summit", "EAEU summit", "G20 summit", "OSCE summit")
TOPICS = (
    "trade", "energy", "transit", "security", "investment", "culture", "education", "agriculture",
    "water", "migration", "peace-process", "climate", "health", "transport", "defence", "tourism",
)  # fmt: skip
PUBLISHERS = (
    ("Reuters", "www.reuters.com", "en"), ("TASS", "tass.com", "en"), ("Kazinform", "www.inform.kz", "en"),
    ("Armenpress", "armenpress.am", "en"), ("APA", "en.apa.az", "en"), ("Deutsche Welle", "www.dw.com", "de"),
    ("Tagesschau", "www.tagesschau.de", "de"), ("RIA Novosti", "ria.ru", "ru"), ("Interfax", "www.interfax.ru", "ru"),
    ("Civil.ge", "civil.ge", "en"), ("AKIpress", "akipress.com", "en"), ("Anadolu", "www.aa.com.tr", "en"),
)  # fmt: skip


@dataclass(frozen=True)
class Holder:
    """A registry person's office: who may appear as visitor or host, as whom, from when to when."""

    names: tuple[str, ...]
    """The person's name first, then aliases in Latin script."""
    role: str
    country: str
    first: dt.date
    last: dt.date


def registry_holders() -> list[Holder]:
    """Offices of built-in people in the benchmark's countries, clipped to the benchmark's years."""
    registry = load_registries(Path("/nonexistent-dataset")).people
    holders = []
    for person in registry.people:
        latin = tuple(a for a in person.aliases if a.isascii() and " " in a)
        for office in person.offices:
            first = max(office.period.start.first_day, FIRST_DAY)
            last = min(office.period.end.last_day if office.period.end else LAST_DAY, LAST_DAY)
            if office.country.code in BY_CODE and first + dt.timedelta(days=30) < last:
                holders.append(Holder((person.name, *latin), office.role, office.country.code, first, last))
    return holders


def slug(text: str) -> str:
    """Lower-case ASCII letters, digits and dashes."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


class _Maker:
    """Draws records from one seeded random stream."""

    def __init__(self, seed: int, holders: Sequence[Holder]) -> None:
        self.rng = random.Random(seed)
        self.holders = holders
        self.by_country: dict[str, list[Holder]] = defaultdict(list)
        for holder in holders:
            self.by_country[holder.country].append(holder)
        self.weights = [c.weight for c in COUNTRIES]

    def country(self, other_than: str = "") -> Country:
        while True:
            country = self.rng.choices(COUNTRIES, self.weights)[0]
            if country.code != other_than:
                return country

    def written(self, country: Country) -> str:
        return self.rng.choice(country.names)

    def name(self, holder: Holder | None) -> str:
        if holder is not None:
            return holder.names[0] if self.rng.random() < 0.7 else self.rng.choice(holder.names)
        return f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}"

    def day(self, first: dt.date, last: dt.date) -> dt.date:
        return first + dt.timedelta(days=self.rng.randrange((last - first).days + 1))

    def record(self) -> dict[str, Any]:
        rng = self.rng
        holder = rng.choice(self.holders) if rng.random() < 0.35 else None
        if holder is not None:
            origin, role, day = BY_CODE[holder.country], holder.role, self.day(holder.first, holder.last)
        else:
            origin, role, day = self.country(), rng.choice(ROLES), self.day(FIRST_DAY, LAST_DAY)
        target = self.country(other_than=origin.code)
        record: dict[str, Any] = {
            "visitor": {"name": self.name(holder), "role": role, "country": self.written(origin)},
            "destination": {"country": self.written(target)},
        }
        if rng.random() < 0.9:
            record["destination"]["places"] = rng.sample(
                target.places, rng.randint(1, min(2, len(target.places)))
            )
        hosts = []
        for _ in range(rng.choice((0, 1, 1, 1, 2))):
            in_office = [h for h in self.by_country[target.code] if h.first <= day <= h.last]
            host = rng.choice(in_office) if in_office and rng.random() < 0.5 else None
            hosts.append({"name": self.name(host), "role": host.role if host else rng.choice(ROLES)})
        if hosts:
            record["hosts"] = hosts
        precision = rng.random()
        if precision < 0.03:
            record["start"] = f"{day.year}"
        elif precision < 0.1:
            record["start"] = f"{day:%Y-%m}"
        else:
            record["start"] = day.isoformat()
            if rng.random() < 0.5:
                record["end"] = min(day + dt.timedelta(days=rng.randint(1, 3)), LAST_DAY).isoformat()
        if rng.random() < 0.9:
            record["type"] = rng.choices(TYPES, TYPE_WEIGHTS)[0]
            if record["type"] == "summit":
                record["event"] = rng.choice(EVENTS)
        if rng.random() < 0.08:
            record["status"] = rng.choice(("completed", "completed", "cancelled", "postponed"))
        topics = rng.sample(TOPICS, rng.randint(1, 4))
        record["topics"] = topics
        with_whom = f" with {hosts[0]['role']} {hosts[0]['name']}" if hosts else ""
        record["summary"] = rng.choice(
            (
                f"Talks{with_whom} on {' and '.join(topics[:2])}; agreements signed.",
                f"Gespräche über {', '.join(topics)} in {target.places[0]}.",
                f"Visit to {target.places[0]}{with_whom}. Topics: {', '.join(topics)}.",
            )
        )
        if rng.random() > 0.03:  # a few records lack sources (a warning, as in real data)
            record["sources"] = [self.source(day, origin, target) for _ in range(rng.choice((1, 1, 1, 2)))]
        return record

    def source(self, day: dt.date, origin: Country, target: Country) -> dict[str, str]:
        publisher, host, language = self.rng.choice(PUBLISHERS)
        published = min(day + dt.timedelta(days=self.rng.randint(0, 2)), LAST_DAY)
        title = f"{origin.names[1]} and {target.names[1]} hold talks"
        return {
            "url": f"https://{host}/{published:%Y/%m/%d}/{slug(title)}-{self.rng.randrange(10**6)}",
            "title": title,
            "publisher": publisher,
            "published": published.isoformat(),
            "language": language,
        }


def records(size: int, seed: int = 1) -> list[tuple[str, dict[str, Any]]]:
    """``size`` records with their ids, sorted by start date (the same for every layout)."""
    maker = _Maker(seed * 1_000_003 + size, registry_holders())
    drawn = sorted((maker.record() for _ in range(size)), key=lambda r: str(r["start"]))
    taken: set[str] = set()
    named = []
    for record in drawn:
        base = f"{record['start']}-{slug(record['visitor']['name'].split()[-1])}-{slug(record['destination']['country'])}"
        record_id, n = base, 1
        while record_id in taken:
            n += 1
            record_id = f"{base}-{n}"
        taken.add(record_id)
        named.append((record_id, record))
    return named


def write(root: Path, size: int, layout: Layout, seed: int = 1) -> None:
    """Write a dataset of ``size`` records into ``root`` (which gets a ``visits/`` folder)."""
    by_year: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for record_id, record in records(size, seed):
        by_year[str(record["start"])[:4]].append({"id": record_id, **record})
    visits = root / "visits"
    for year, items in by_year.items():
        if layout is Layout.FILES:
            (visits / year).mkdir(parents=True, exist_ok=True)
            for item in items:
                record = {k: v for k, v in item.items() if k != "id"}  # the id is the file name
                (visits / year / f"{item['id']}.yaml").write_text(record_text(record), encoding="utf-8")
        else:
            visits.mkdir(parents=True, exist_ok=True)
            (visits / f"{year}.yaml").write_text(records_text(items), encoding="utf-8")
    _same_as_yamlwrite([r for items in by_year.values() for r in items[:5]])


def _same_as_yamlwrite(sample: Sequence[dict[str, Any]]) -> None:
    """The fast writer must write what ``diplotrack.yamlwrite`` writes."""
    if records_text(sample) != dump_records(sample) or any(record_text(r) != dump_record(r) for r in sample):
        raise AssertionError("bench/emit.py no longer writes what diplotrack.yamlwrite writes")


def check(size: int = 1000) -> dict[str, dict[str, int]]:
    """Generate ``size`` records in each layout and run ``diplotrack validate`` on them; fail on any error.
    Returns each layout's validation summary (errors, warnings, files, records)."""
    summaries = {}
    for layout in Layout:
        with tempfile.TemporaryDirectory() as folder:
            write(Path(folder), size, layout)
            done = subprocess.run(
                [diplotrack_command(), "--data", folder, "--no-cache", "--as-of", AS_OF, "validate",
                 "--format", "json"],
                capture_output=True, text=True, check=False,
            )  # fmt: skip
            summary = json.loads(done.stdout)["summary"] if done.stdout.startswith("{") else {}
            if done.returncode != 0 or summary.get("errors") != 0 or summary.get("records") != size:
                raise AssertionError(
                    f"the {layout} dataset of {size} records does not validate: {done.stdout[-3000:]}"
                )
            summaries[str(layout)] = summary
    return summaries


def diplotrack_command() -> str:
    """The installed CLI next to this Python (the project's virtual environment)."""
    beside = Path(sys.executable).parent / "diplotrack"
    return str(beside) if beside.exists() else "diplotrack"


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", nargs="?", type=Path)
    parser.add_argument("--size", type=int, default=1000)
    parser.add_argument("--layout", type=Layout, default=Layout.FILES, choices=list(Layout))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--check", action="store_true", help="validate 1,000 records in each layout")
    options = parser.parse_args(argv)
    if options.check:
        for layout, summary in check().items():
            print(f"{layout}: {summary}")
    elif options.folder is None:
        parser.error("give a folder, or --check")
    else:
        os.makedirs(options.folder, exist_ok=True)
        write(options.folder, options.size, options.layout, options.seed)


if __name__ == "__main__":
    main()
