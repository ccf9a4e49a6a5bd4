"""The visit schema both ways: parse_visit and its inverse visit_record, through the YAML writer."""

from __future__ import annotations

from pathlib import Path

import pytest

from diplotrack.countries import CountryResolver
from diplotrack.loader import load_dataset, parse_file
from diplotrack.model import Visit
from diplotrack.records import VISIT_KEYS, visit_record
from diplotrack.yamlwrite import dump_record, dump_records
from tests.support import DATA, REPO, VALID

RECORD_FILES = sorted(
    f for root in (REPO, VALID, DATA / "broken-registry") for f in (root / "visits").rglob("*.yaml")
)


def reparse(text: str, name: str = "x.yaml") -> list[Visit]:
    result = parse_file(Path(name), text.encode("utf-8"), CountryResolver.builtin())
    assert result.problems == (), [p.message for p in result.problems]
    return list(result.visits)


def visits_of(file: Path) -> list[Visit]:
    return list(parse_file(file, file.read_bytes(), CountryResolver.builtin()).visits)


def test_there_are_records_to_round_trip() -> None:
    assert sum(len(visits_of(f)) for f in RECORD_FILES) > 50


@pytest.mark.parametrize("file", RECORD_FILES, ids=lambda f: f"{f.parent.name}/{f.name}")
def test_every_bundled_and_fixture_record_reads_back_as_itself(file: Path) -> None:
    for visit in visits_of(file):
        assert reparse(dump_record(visit_record(visit))) == [visit]


def test_a_list_file_reads_back_as_the_same_records_with_their_ids() -> None:
    visits = list(load_dataset(REPO).visits)
    assert reparse(dump_records([visit_record(v) for v in visits]), "all.yaml") == visits


def test_record_keys_follow_the_documented_order_and_nothing_is_derived() -> None:
    for visit in (v for f in RECORD_FILES for v in visits_of(f)):
        keys = list(visit_record(visit))
        assert keys == [k for k in VISIT_KEYS if k in keys]
        assert {"country_name", "file", "line", "multilateral"}.isdisjoint(keys)


def test_values_are_written_as_the_user_wrote_them() -> None:
    visit = next(v for v in load_dataset(VALID).visits if v.id == "2024-03-11-tokayev-azerbaijan")
    record = visit_record(visit)
    assert record["destination"]["country"] == "Aserbaidschan"
    assert "status" not in record  # unstated stays unstated: a record never depends on the clock


def test_an_end_equal_to_the_start_is_left_out_and_reads_back_the_same() -> None:
    (visit,) = reparse(
        "visitor: {name: A, country: KZ}\ndestination: {country: AM}\nstart: 2024-04-15\nend: 2024-04-15\n"
    )
    assert "end" not in visit_record(visit)
    assert reparse(dump_record(visit_record(visit))) == [visit]


@pytest.mark.parametrize(
    "text", ["NO", "010", "1:20", "null", "true", "~", "- x", "a: b", "#x", "'q'", '"', "[2J", "a\u00a0b"]
)
def test_text_that_yaml_would_reinterpret_is_quoted(text: str) -> None:
    (visit,) = reparse(
        "visitor: {name: A, country: KZ}\ndestination: {country: AM}\nstart: 2024\nsummary: 'x'\n"
    )
    odd = Visit(
        **{**{f: getattr(visit, f) for f in visit.__dataclass_fields__}, "summary": text, "topics": (text,)}
    )
    assert reparse(dump_record(visit_record(odd))) == [odd]


def test_without_id_the_file_name_gives_the_id() -> None:
    visit = next(v for v in load_dataset(VALID).visits if v.id == "2024-03-11-tokayev-azerbaijan")
    (again,) = reparse(dump_record(visit_record(visit, with_id=False)), "2024-03-11-tokayev-azerbaijan.yaml")
    assert again == visit
