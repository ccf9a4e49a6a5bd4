"""The JSON Schema: a valid 2020-12 schema; every bundled record passes it; broken shapes fail it."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator

from diplotrack.countries import CountryResolver
from diplotrack.loader import parse_file
from diplotrack.problems import Severity
from diplotrack.schema import REQUIRED, visit_schema
from tests.support import BROKEN, DATA, REPO, VALID

VALIDATOR = Draft202012Validator(visit_schema())
RECORD_FILES = sorted(
    f for root in (REPO, VALID, DATA / "broken-registry") for f in (root / "visits").rglob("*.yaml")
)


def documents(text: str) -> list[Any]:
    """The documents of a file as a YAML reader that knows no implicit types sees them (dates stay text)."""
    return [doc for doc in yaml.load_all(text, Loader=yaml.BaseLoader) if doc is not None]


def errors(instance: Any) -> list[str]:
    return [error.message for error in VALIDATOR.iter_errors(instance)]


def test_the_schema_is_a_valid_2020_12_schema() -> None:
    Draft202012Validator.check_schema(visit_schema())
    assert visit_schema()["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_there_are_records_to_check() -> None:
    assert len(RECORD_FILES) > 50


@pytest.mark.parametrize("file", RECORD_FILES, ids=lambda f: f"{f.parent.name}/{f.name}")
def test_every_bundled_and_fixture_record_passes(file: Path) -> None:
    for document in documents(file.read_text(encoding="utf-8")):
        assert errors(document) == []


@pytest.mark.parametrize(
    "rule",
    ["bad-url", "missing-field", "unknown-key", "unknown-status", "unknown-type", "wrong-type",
     "unknown-language", "not-a-record"],
)  # fmt: skip
def test_broken_shapes_fail(rule: str) -> None:
    [document] = documents((BROKEN / "visits" / f"{rule}.yaml").read_text(encoding="utf-8"))
    assert errors(document)


def test_what_yaml_1_2_readers_make_numbers_of_is_accepted_as_diplotrack_does() -> None:
    record = {
        "visitor": {"name": "A", "country": "KZ"},
        "destination": {"country": "AM"},
        "start": 2024,
        "trip": 7,
    }
    assert errors(record) == []
    assert errors({**record, "start": "2024-13"})
    assert errors({**record, "summary": True})
    assert errors({**record, "summary": "   "})
    assert errors([]) and errors([record, {"visitor": {}}])
    assert errors([record]) == []


FULL: dict[str, Any] = {
    "id": "x",
    "visitor": {"name": "A", "role": "President", "country": "KZ", "person": "kassym-jomart-tokayev"},
    "destination": {"country": "AM", "places": ["Yerevan"]},
    "hosts": [{"name": "B", "role": "Prime Minister", "person": "nikol-pashinyan"}],
    "start": "2024-04-15",
    "end": "2024-04-16",
    "type": "state",
    "event": "E",
    "status": "completed",
    "trip": "t",
    "topics": ["trade"],
    "summary": "S",
    "sources": [{"url": "https://example.org", "title": "T", "publisher": "P", "published": "2024-04-15",
                 "language": "de", "reported_type": "state"}],
}  # fmt: skip
PATHS = {
    "visit": (),
    "visitor": ("visitor",),
    "destination": ("destination",),
    "host": ("hosts", 0),
    "source": ("sources", 0),
}


def parser_accepts(record: dict[str, Any]) -> bool:
    text = yaml.safe_dump(record, sort_keys=False)
    result = parse_file(Path("x.yaml"), text.encode(), CountryResolver.builtin())
    return bool(result.visits) and not any(p.severity is Severity.ERROR for p in result.problems)


@pytest.mark.parametrize("kind", sorted(PATHS))
def test_required_keys_are_those_the_parser_requires(kind: str) -> None:
    assert parser_accepts(FULL) and errors(FULL) == []
    mapping: Any = FULL
    for step in PATHS[kind]:
        mapping = mapping[step]
    for key in mapping:
        record = copy.deepcopy(FULL)
        target: Any = record
        for step in PATHS[kind]:
            target = target[step]
        del target[key]
        required = key in REQUIRED[kind]
        assert parser_accepts(record) is not required, (kind, key)
        assert bool(errors(record)) is required, (kind, key)
