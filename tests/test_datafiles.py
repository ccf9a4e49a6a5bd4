"""Reading dataset files without trusting them: links, FIFOs, folders, loops, sizes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from diplotrack import datafiles
from diplotrack.loader import load_dataset
from diplotrack.problems import Problem, Rule
from diplotrack.rules import validate
from tests.support import TODAY

RECORD = "visitor: {name: A, country: KZ}\ndestination: {country: AM}\nstart: 2024\nsources: [{url: 'https://e.org'}]\n"


@pytest.fixture
def dataset(tmp_path: Path) -> Path:
    root = tmp_path / "data"
    for folder in ("visits", "people", "groups"):
        (root / folder).mkdir(parents=True)
    (root / "visits" / "ok.yaml").write_text(RECORD, encoding="utf-8")
    (tmp_path / "secrets.env").write_text("TOKEN=hunter2\n", encoding="utf-8")
    return root


def problems_of(root: Path) -> list[tuple[str, str, str]]:
    report = validate(load_dataset(root), TODAY)
    return [(p.position.file.name, p.rule.id, p.message) for p in report.problems]


@pytest.mark.parametrize("folder", ["visits", "people", "groups"])
def test_a_link_out_of_the_dataset_is_reported_not_read(dataset: Path, folder: str) -> None:
    (dataset / folder / "leak.yaml").symlink_to(dataset.parent / "secrets.env")
    found = problems_of(dataset)
    assert [(name, rule) for name, rule, _ in found] == [("leak.yaml", "unsafe-file")]
    assert all("hunter2" not in message for *_, message in found)


def test_a_link_to_etc_passwd_is_not_followed(dataset: Path) -> None:
    (dataset / "countries.yaml").symlink_to("/etc/passwd")
    found = problems_of(dataset)
    assert [(name, rule) for name, rule, _ in found] == [("countries.yaml", "unsafe-file")]
    assert "root:" not in str(found)


def test_a_link_inside_the_dataset_is_followed(dataset: Path) -> None:
    (dataset / "visits" / "again.yaml").symlink_to(dataset / "visits" / "ok.yaml")
    # Read through the link: the same record twice, so a likely duplicate, not an unsafe file.
    assert [r for _, r, _ in problems_of(dataset)] == ["likely-duplicate"]


@pytest.mark.parametrize("folder", ["visits", "people", "groups"])
def test_a_fifo_is_reported_not_opened(dataset: Path, folder: str) -> None:
    os.mkfifo(dataset / folder / "pipe.yaml")
    assert [(n, r) for n, r, _ in problems_of(dataset)] == [("pipe.yaml", "unsafe-file")]


def test_a_fifo_as_countries_yaml(dataset: Path) -> None:
    os.mkfifo(dataset / "countries.yaml")
    assert [(n, r) for n, r, _ in problems_of(dataset)] == [("countries.yaml", "unsafe-file")]


@pytest.mark.parametrize("folder", ["visits", "groups"])
def test_a_folder_named_like_a_yaml_file(dataset: Path, folder: str) -> None:
    (dataset / folder / "x.yaml").mkdir()
    assert [(n, r) for n, r, _ in problems_of(dataset)] == [("x.yaml", "unsafe-file")]


def test_dangling_and_looping_links(dataset: Path) -> None:
    (dataset / "groups" / "gone.yaml").symlink_to(dataset / "nowhere.yaml")
    (dataset / "visits" / "a.yaml").symlink_to(dataset / "visits" / "b.yaml")
    (dataset / "visits" / "b.yaml").symlink_to(dataset / "visits" / "a.yaml")
    found = sorted((n, r) for n, r, _ in problems_of(dataset))
    assert found == [("a.yaml", "unsafe-file"), ("b.yaml", "unsafe-file"), ("gone.yaml", "unreadable")]


def test_a_link_to_a_folder_out_of_the_dataset_is_not_walked(dataset: Path) -> None:
    (dataset / "visits" / "elsewhere").symlink_to(dataset.parent)
    assert problems_of(dataset) == []


def test_a_file_over_the_size_limit_is_refused_before_reading(
    dataset: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(datafiles, "MAX_FILE_BYTES", len(RECORD) + 50)
    (dataset / "visits" / "big.yaml").write_text(RECORD + "summary: " + "x" * 200 + "\n", encoding="utf-8")
    found = [(n, r) for n, r, _ in problems_of(dataset)]
    assert found == [("big.yaml", "file-too-large")]


@pytest.mark.parametrize(("written", "grown"), [(30, 30), (30, 45), (30, 80)])
def test_a_file_that_grew_after_its_size_was_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, written: int, grown: int
) -> None:
    # The size is taken first, the bytes read after: a file growing in between is read whole up to the
    # limit, and refused beyond it.
    monkeypatch.setattr(datafiles, "MAX_FILE_BYTES", 50)
    path = tmp_path / "a.yaml"
    path.write_bytes(b"x" * written)
    lstat = Path.lstat

    def grows(self: Path) -> os.stat_result:
        info = lstat(self)
        if self == path:
            path.write_bytes(b"x" * grown)
        return info

    monkeypatch.setattr(Path, "lstat", grows)
    data = datafiles.read_file(path, tmp_path)
    if grown <= 50:
        assert data == b"x" * grown
    else:
        assert isinstance(data, Problem) and data.rule is Rule.FILE_TOO_LARGE


def test_every_other_file_is_still_checked(dataset: Path) -> None:
    os.mkfifo(dataset / "visits" / "pipe.yaml")
    (dataset / "visits" / "bad.yaml").write_text("visitor: {name: A, country: KZ}\n", encoding="utf-8")
    report = validate(load_dataset(dataset), TODAY)
    assert {p.rule for p in report.problems} == {Rule.UNSAFE_FILE, Rule.MISSING_FIELD}
    assert len(load_dataset(dataset).visits) == 1


def _walked(folder: Path) -> list[Path]:
    """What the listing must give, written the slow and obvious way: sorted paths of the YAML files (and
    folders named like one), hidden folders and links to folders not entered."""
    found: list[Path] = []
    for parent, dirs, names in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        found += [Path(parent, n) for n in names + dirs if n.endswith((".yaml", ".yml"))]
    return sorted(found)


def test_the_listing_is_the_sorted_walk_with_every_key(tmp_path: Path) -> None:
    visits = tmp_path / "visits"
    for name in ["b.yaml", "a-b/x.yml", "a/c.yaml", "a/b/d.yaml", "A.yaml", "z/.hidden.yaml", "notes.txt",
                 ".git/x.yaml", "x.yaml/inner.yaml", "é.yaml"]:  # fmt: skip
        (visits / name).parent.mkdir(parents=True, exist_ok=True)
        (visits / name).write_text("a: 1\n", encoding="utf-8")
    (visits / "link").symlink_to(visits / "a", target_is_directory=True)
    (visits / "dangling.yaml").symlink_to(tmp_path / "nowhere.yaml")
    listing = datafiles.list_yaml(str(visits))
    assert [Path(name) for name, _ in listing] == _walked(visits) == datafiles.yaml_files(visits)
    keys = dict(listing)
    info = (visits / "a" / "b" / "d.yaml").stat()
    assert keys[str(visits / "a" / "b" / "d.yaml")] == (info.st_size, info.st_mtime_ns)
    assert keys[str(visits / "dangling.yaml")] is None  # cannot be stat'ed: always read (and reported)


def test_the_fingerprint_changes_with_any_file(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("a: 1\n", encoding="utf-8")
    before = datafiles.fingerprint(datafiles.list_yaml(str(tmp_path)), "k")
    assert datafiles.fingerprint(datafiles.list_yaml(str(tmp_path)), "k") == before
    assert datafiles.fingerprint(datafiles.list_yaml(str(tmp_path)), "other") != before
    (tmp_path / "a.yaml").write_text("a: 22\n", encoding="utf-8")
    assert datafiles.fingerprint(datafiles.list_yaml(str(tmp_path)), "k") != before
