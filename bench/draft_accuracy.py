"""How many fields of ``diplotrack draft`` come out right on the reports in ``tests/data/draft/``.

Each report is drafted with its ``--published`` date and ``--lang auto``; each drafted record is paired with
the expected record of the same visitor and destination, and compared field by field: people through the
registry (any spelling of the same person is right), countries by code, places, hosts and topics as sets,
dates, type and event exactly. A field counts when the expected or the drafted record has it. A report with
no visit is right when the draft refuses it. An expected visit that is not drafted counts all its fields wrong.

    python bench/draft_accuracy.py          # prints the tables (Markdown) that docs/draft.md shows
"""

from __future__ import annotations

import datetime as dt
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from diplotrack.countries import CountryError, CountryResolver
from diplotrack.draft import NoVisitFound, draft
from diplotrack.loader import load_registries
from diplotrack.normalize import normalize
from diplotrack.people import Registry

CASES = Path(__file__).parent.parent / "tests" / "data" / "draft"
FIELDS = (
    "visitor.name", "visitor.role", "visitor.country", "destination.country", "destination.places",
    "hosts", "start", "end", "type", "event", "topics",
)  # fmt: skip


@dataclass
class CaseScore:
    """The outcome of one report."""

    name: str
    language: str
    expected: int
    drafted: int
    right: Counter[str] = field(default_factory=Counter)
    total: Counter[str] = field(default_factory=Counter)
    misses: list[str] = field(default_factory=list)
    refused_right: bool | None = None
    """For a report without a visit: whether the draft refused it."""
    held_out: bool = False
    """Written after the rules were frozen, never tuned on."""


def _get(record: dict[str, Any], path: str) -> Any:
    value: Any = record
    for part in path.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def _person(name: Any, people: Registry) -> str:
    found = people.named(str(name))
    return found[0].id if len(found) == 1 else normalize(str(name))


def _country(name: Any, countries: CountryResolver) -> str:
    try:
        return countries.resolve(str(name)).code
    except CountryError:
        return normalize(str(name))


def _value(record: dict[str, Any], path: str, people: Registry, countries: CountryResolver) -> Any:
    """A field's value in a comparable form; ``None`` when absent."""
    value = _get(record, path)
    if value is None:
        return None
    if path == "visitor.name":
        return _person(value, people)
    if path.endswith(".country"):
        return _country(value, countries)
    if path == "hosts":
        return frozenset(_person(h["name"], people) for h in value)
    if path in ("destination.places", "topics"):
        return frozenset(normalize(str(v)) for v in value)
    return normalize(str(value))


def score_case(case: dict[str, Any], people: Registry, countries: CountryResolver) -> CaseScore:
    """Draft one report and compare it with its expected records."""
    name = str(case["name"])
    text = (CASES / f"{name}.txt").read_text(encoding="utf-8")
    expected_file = CASES / f"{name}.expected.yaml"
    expected = (
        list(yaml.safe_load_all(expected_file.read_text(encoding="utf-8"))) if expected_file.exists() else []
    )
    published = dt.date.fromisoformat(str(case["published"]))
    try:
        drafted = [d.record for d in draft(text, people, countries, published=published).drafts]
    except NoVisitFound:
        drafted = []
    score = CaseScore(
        name, str(case["language"]), len(expected), len(drafted), held_out=bool(case.get("held_out"))
    )
    if not expected:
        score.refused_right = not drafted
        return score

    def key(record: dict[str, Any]) -> tuple[Any, Any]:
        return _value(record, "visitor.name", people, countries), _value(
            record, "destination.country", people, countries
        )

    by_key = {key(r): r for r in drafted}
    for record in expected:
        got = by_key.get(key(record), {})
        for path in FIELDS:
            want, have = _value(record, path, people, countries), _value(got, path, people, countries)
            if want is None and have is None:
                continue
            score.total[path] += 1
            if want == have:
                score.right[path] += 1
            else:
                score.misses.append(
                    f"{path}: {_show(_get(got, path))} (expected {_show(_get(record, path))})"
                )
    return score


def _show(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, list):
        return ", ".join(str(v["name"]) if isinstance(v, dict) else str(v) for v in value) or "—"
    return str(value)


def run() -> list[CaseScore]:
    """Score every report of ``tests/data/draft/cases.yaml``."""
    registries = load_registries(Path("/nonexistent-dataset"))
    cases = yaml.safe_load((CASES / "cases.yaml").read_text(encoding="utf-8"))
    return [score_case(case, registries.people, registries.countries) for case in cases]


def tables(scores: list[CaseScore]) -> str:
    """The tables of the development set, then of the held-out reports."""
    development = [s for s in scores if not s.held_out]
    held_out = [s for s in scores if s.held_out]
    text = "### Development set\n\n" + _tables(development)
    if held_out:
        text += "\n### Held-out reports\n\n" + _tables(held_out)
    return text


def _tables(scores: list[CaseScore]) -> str:
    """The per-report and per-field tables, in Markdown."""
    lines = ["| report | lang | visits expected / drafted | fields right | misses |", "|---|---|---|---|---|"]
    for s in scores:
        if s.refused_right is not None:
            outcome = "refused (right)" if s.refused_right else f"drafted {s.drafted} (wrong)"
            lines.append(f"| {s.name} | {s.language} | 0 / {s.drafted} | {outcome} | |")
        else:
            right, total = sum(s.right.values()), sum(s.total.values())
            misses = "; ".join(s.misses).replace("|", "/")
            lines.append(
                f"| {s.name} | {s.language} | {s.expected} / {s.drafted} | {right} / {total} | {misses} |"
            )
    by_field, counted = Counter[str](), Counter[str]()
    for s in scores:
        by_field.update(s.right)
        counted.update(s.total)
    lines += ["", "| field | right | of | share |", "|---|---|---|---|"]
    for path in FIELDS:
        if counted[path]:
            lines.append(
                f"| {path} | {by_field[path]} | {counted[path]} | {by_field[path] / counted[path]:.0%} |"
            )
    all_right, all_total = sum(by_field.values()), sum(counted.values())
    refusals = [s for s in scores if s.refused_right is not None]
    lines.append(f"| **all fields** | **{all_right}** | **{all_total}** | **{all_right / all_total:.0%}** |")
    if refusals:
        refused = sum(bool(s.refused_right) for s in refusals)
        lines += ["", f"Reports without a visit refused: {refused} of {len(refusals)}."]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.stdout.write(tables(run()))
