"""The loader: dataset discovery, default ids, partial dates, statuses, countries.yaml."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from diplotrack.datafiles import DatasetNotFound, find_dataset
from diplotrack.dates import Precision
from diplotrack.loader import RecordNotFound, load_dataset
from diplotrack.model import Status
from diplotrack.rules import validate
from tests.support import TODAY, VALID


def visits_by_id() -> dict[str, object]:
    return {v.id: v for v in load_dataset(VALID).visits}


def test_default_ids_are_stems_or_stem_and_position() -> None:
    ids = set(visits_by_id())
    assert "2024-04-15-tokayev-armenia" in ids
    assert {"csto-yerevan-1", "csto-yerevan-2"} <= ids  # a stream of two documents
    assert "pashinyan-kazakhstan-1" in ids  # a list
    assert "pashinyan-astana-2025" in ids  # an explicit id wins


def test_countries_are_resolved_and_what_was_written_is_kept() -> None:
    visit = next(v for v in load_dataset(VALID).visits if v.id == "2024-04-15-tokayev-armenia")
    assert visit.destination.country.code == "AM"
    assert visit.destination.country.written == "Armenien"
    assert visit.destination.places == ("Jerewan",)
    assert visit.where("destination.country").line == 6


def test_precision_and_default_end() -> None:
    visit = next(v for v in load_dataset(VALID).visits if v.id == "pashinyan-kazakhstan-1")
    assert visit.start.precision is Precision.MONTH
    assert visit.end == visit.start


def test_unstated_status_is_decided_at_query_time(tmp_path: Path) -> None:
    (tmp_path / "visits").mkdir()
    (tmp_path / "visits" / "v.yaml").write_text(
        "visitor: {name: A, country: KZ}\ndestination: {country: AM}\nstart: 2026-07\n", encoding="utf-8"
    )
    visit = load_dataset(tmp_path).visits[0]
    assert visit.status is None  # the record does not say, and a record never depends on the clock
    assert visit.status_on(dt.date(2026, 6, 30)) is Status.PLANNED
    assert visit.status_on(dt.date(2026, 7, 1)) is Status.COMPLETED


def test_records_with_errors_are_left_out_but_counted(tmp_path: Path) -> None:
    (tmp_path / "visits").mkdir()
    (tmp_path / "visits" / "bad.yaml").write_text("visitor: {name: A, country: KZ}\n", encoding="utf-8")
    dataset = load_dataset(tmp_path)
    assert dataset.visits == ()
    assert dataset.invalid_records == 1


def test_dataset_entities_and_aliases(tmp_path: Path) -> None:
    (tmp_path / "countries.yaml").write_text(
        "entities:\n  - {code: X-NKR, name: Nagorno-Karabakh, aliases: [Bergkarabach], until: 2024-01-01}\n"
        "aliases:\n  Türkiye Cumhuriyeti: Turkey\n",
        encoding="utf-8",
    )
    (tmp_path / "visits").mkdir()
    (tmp_path / "visits" / "v.yaml").write_text(
        "- {visitor: {name: A, country: Türkiye Cumhuriyeti}, destination: {country: Bergkarabach}, start: 2023}\n"
        "- {visitor: {name: A, country: TR}, destination: {country: X-NKR}, start: 2024-05}\n",
        encoding="utf-8",
    )
    dataset = load_dataset(tmp_path)
    assert [
        (v.visitor.country and v.visitor.country.code, v.destination.country.code) for v in dataset.visits
    ] == [("TR", "X-NKR")]
    assert [p.rule.id for p in dataset.problems] == ["country-not-existing"]


def test_find_dataset_walks_upward(tmp_path: Path) -> None:
    (tmp_path / "visits" / "2024").mkdir(parents=True)
    assert find_dataset(start=tmp_path / "visits" / "2024") == tmp_path.resolve()


def test_no_dataset_is_a_helpful_error(tmp_path: Path) -> None:
    with pytest.raises(DatasetNotFound, match="--data"):
        find_dataset(start=tmp_path)


def test_mangled_files_give_problems_never_exceptions(tmp_path: Path) -> None:
    import random

    original = (VALID / "visits" / "2024" / "2024-04-15-tokayev-armenia.yaml").read_bytes()
    rng = random.Random(20240415)
    (tmp_path / "visits").mkdir()
    for index in range(300):
        data = bytearray(original)
        for _ in range(rng.randint(1, 6)):
            position = rng.randrange(len(data))
            choice = rng.random()
            if choice < 0.4:
                data[position] = rng.choice(b":-[]{}&*!|>'\"\n #\t\xff\xc3")
            elif choice < 0.7:
                del data[position : position + rng.randint(1, 20)]
            else:
                data[position:position] = rng.choice(
                    [b"\n  - ", b": ", b"&a ", b"*a", b"!!python/name:os.system ", b"\t"]
                )
        (tmp_path / "visits" / f"m{index:03d}.yaml").write_bytes(bytes(data))
    dataset = load_dataset(tmp_path)
    assert dataset.files == 300
    # Every file is either a valid record or explained by at least one problem.
    explained = {p.position.file.name for p in dataset.problems} | {
        v.position.file.name for v in dataset.visits
    }
    assert len(explained) == 300
    assert validate(dataset, TODAY).files == 300  # the cross-record rules cope too


def test_paths_are_relative_to_the_working_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "visits").mkdir()
    (tmp_path / "visits" / "v.yaml").write_text("visitor: {name: A, country: KZ}\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    root = find_dataset()
    assert root == Path(".")
    problem = load_dataset(root).problems[0]
    assert str(problem.position) == "visits/v.yaml:1:1"


def test_get_finds_valid_records_and_explains_the_rest(tmp_path: Path) -> None:
    (tmp_path / "visits").mkdir()
    (tmp_path / "visits" / "bad.yaml").write_text("visitor: {name: A, country: KZ}\n", encoding="utf-8")
    dataset = load_dataset(tmp_path)
    with pytest.raises(RecordNotFound, match="has errors"):
        dataset.get("bad")
    valid = load_dataset(VALID)
    assert valid.get("csto-yerevan-2").visitor.name == "Sadyr Japarov"
    with pytest.raises(RecordNotFound, match="did you mean: csto-yerevan-2, csto-yerevan-1"):
        valid.get("csto-yerevan-3")


def test_every_bad_entry_of_countries_yaml_is_reported_at_its_line_and_the_rest_kept(tmp_path: Path) -> None:
    (tmp_path / "countries.yaml").write_text(
        "entities:\n"
        "  - {code: X, name: Bad}\n"
        "  - {code: X-NKR, name: Nagorno-Karabakh}\n"
        "aliases:\n"
        "  Somewhere: Atlantis\n"
        "  Artsakh: X-NKR\n"
        "  Elsewhere: Korea\n",
        encoding="utf-8",
    )
    (tmp_path / "visits").mkdir()
    (tmp_path / "visits" / "v.yaml").write_text(
        "visitor: {name: A, country: AM}\ndestination: {country: Artsakh}\nstart: 2020\n", encoding="utf-8"
    )
    dataset = load_dataset(tmp_path)
    assert [(p.position.line, p.rule.id) for p in dataset.problems] == [
        (2, "unknown-country"),
        (5, "unknown-country"),
        (7, "unknown-country"),
    ]
    assert [v.destination.country.code for v in dataset.visits] == ["X-NKR"]
