"""The index cache: never stale, never fatal; queries read only what may match."""

from __future__ import annotations

import json
import os
import pickle
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from diplotrack import cache as cache_module
from diplotrack.cache import open_cache
from diplotrack.cli import app
from diplotrack.loader import load_dataset
from diplotrack.query import Wanted

RECORD = "visitor: {{name: {name}, country: KZ}}\ndestination: {{country: {to}}}\nstart: {start}\nsources: [{{url: 'https://e.org'}}]\n"


def write(root: Path, name: str, *, person: str = "A", to: str = "AM", start: str = "2024-04-15") -> Path:
    path = root / "visits" / f"{name}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(RECORD.format(name=person, to=to, start=start), encoding="utf-8")
    # A second write within the file system's time resolution must still be seen: bump the mtime.
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    return path


@pytest.fixture
def dataset(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("DIPLOTRACK_CACHE_DIR", str(tmp_path / "cache"))
    root = tmp_path / "data"
    write(root, "one", person="A")
    write(root, "two", person="B", to="AZ")
    return root


def run(root: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["--data", str(root), *args])
    return result.exit_code, result.stdout, result.stderr


def ids(root: Path, *args: str) -> list[str]:
    code, out, _ = run(root, "list", *args, "--format", "json")
    assert code == 0
    return [record["id"] for record in json.loads(out or "[]")]


def test_a_warm_run_reads_the_cache_and_gives_the_same_answer(dataset: Path) -> None:
    cold = ids(dataset)
    assert ids(dataset) == cold == ["one", "two"]
    cache = open_cache(dataset)
    try:
        assert len(cache.entries()) == 2
    finally:
        cache.close()


def test_edits_additions_deletions_and_renames_are_seen(dataset: Path) -> None:
    assert ids(dataset, "--to", "AM") == ["one"]
    write(dataset, "two", person="B", to="AM")  # edited
    assert ids(dataset, "--to", "AM") == ["one", "two"]
    write(dataset, "three", person="C")  # added
    assert ids(dataset, "--to", "AM") == ["one", "three", "two"]
    (dataset / "visits" / "one.yaml").unlink()  # deleted
    assert ids(dataset, "--to", "AM") == ["three", "two"]
    (dataset / "visits" / "three.yaml").rename(dataset / "visits" / "four.yaml")  # renamed
    assert ids(dataset, "--to", "AM") == ["four", "two"]


def test_registries_and_countries_yaml_changes_are_seen(dataset: Path) -> None:
    write(dataset, "three", person="C", to="Atlantis")
    code, out, _ = run(dataset, "validate")
    assert code == 1 and "unknown-country" in out
    (dataset / "countries.yaml").write_text(
        "entities:\n  - {code: X-ATL, name: Atlantis}\n", encoding="utf-8"
    )
    assert run(dataset, "validate")[0] == 0
    assert ids(dataset, "--to", "X-ATL") == ["three"]
    (dataset / "people").mkdir()
    (dataset / "people" / "c.yaml").write_text(
        "id: c-person\nname: C\naliases: [Cee]\ncountry: KZ\n", encoding="utf-8"
    )
    assert ids(dataset, "--person", "Cee") == ["three"]


def test_validate_keeps_its_report_until_something_changes(dataset: Path) -> None:
    assert run(dataset, "validate")[0] == 0
    assert run(dataset, "validate")[0] == 0  # from the stored report
    write(dataset, "bad", start="2024-02-30")
    code, out, _ = run(dataset, "validate")
    assert code == 1 and "invalid-date" in out


@pytest.mark.parametrize(
    "damage",
    [
        lambda path: path.write_bytes(b"this is not a database" * 100),
        lambda path: path.write_bytes(path.read_bytes()[:100]),
    ],
    ids=["corrupt", "truncated"],
)
def test_a_damaged_cache_is_rebuilt_with_one_warning(dataset: Path, damage: object) -> None:
    assert ids(dataset) == ["one", "two"]
    path = cache_module.location(dataset)
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    damage(path)  # type: ignore[operator]
    code, out, err = run(dataset, "list", "--format", "json")
    assert code == 0 and [r["id"] for r in json.loads(out)] == ["one", "two"]
    assert err.count("rebuilt") == 1
    assert "rebuilt" not in run(dataset, "list")[2]  # and then it is fine


def test_a_cache_of_another_version_is_rebuilt(dataset: Path) -> None:
    ids(dataset)
    connection = sqlite3.connect(cache_module.location(dataset))
    connection.execute("UPDATE meta SET value = '0.0.1' WHERE key = 'version'")
    connection.commit()
    connection.close()
    _, _, err = run(dataset, "list")
    assert "made by diplotrack 0.0.1" in err and "rebuilt" in err


def test_a_locked_cache_is_skipped_and_the_answer_is_still_right(dataset: Path) -> None:
    ids(dataset)
    write(dataset, "two", person="B", to="AM")
    locker = sqlite3.connect(cache_module.location(dataset), timeout=0)
    locker.execute("BEGIN EXCLUSIVE")
    try:
        original = cache_module.BUSY_TIMEOUT
        cache_module.BUSY_TIMEOUT = 0.1
        code, out, err = run(dataset, "list", "--to", "AM", "--format", "json")
    finally:
        cache_module.BUSY_TIMEOUT = original
        locker.rollback()
        locker.close()
    assert code == 0 and [r["id"] for r in json.loads(out)] == ["one", "two"]
    assert "cache" in err


def test_two_processes_at_once_both_answer_right(dataset: Path) -> None:
    for index in range(200):
        write(dataset, f"r{index:03d}", person=f"P{index}")
    command = [sys.executable, "-m", "diplotrack", "--data", str(dataset), "list", "--format", "json"]
    env = {**os.environ, "DIPLOTRACK_CACHE_DIR": os.environ["DIPLOTRACK_CACHE_DIR"]}
    runs = [
        subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env) for _ in range(2)
    ]
    outputs = [process.communicate(timeout=120) for process in runs]
    for (out, err), process in zip(outputs, runs, strict=True):
        assert process.returncode == 0, err
        assert len(json.loads(out)) == 202


def test_the_cache_lives_in_the_dataset_by_default_and_is_git_ignored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DIPLOTRACK_CACHE_DIR", raising=False)
    root = tmp_path / "data"
    write(root, "one")
    assert ids(root) == ["one"]
    assert (root / ".diplotrack" / "index.sqlite").is_file()
    assert (root / ".diplotrack" / ".gitignore").read_text() == "*\n"


def test_a_read_only_dataset_uses_the_user_cache_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DIPLOTRACK_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    root = tmp_path / "data"
    write(root, "one")
    root.chmod(0o555)
    try:
        assert cache_module.location(root).is_relative_to(tmp_path / "xdg") or os.geteuid() == 0
    finally:
        root.chmod(0o755)


def test_no_cache_reads_everything_afresh(dataset: Path) -> None:
    assert ids(dataset) == ["one", "two"]
    cache_file = cache_module.location(dataset)
    before = cache_file.stat().st_mtime_ns
    write(dataset, "three")
    _, out, _ = run(dataset, "--no-cache", "list", "--format", "json")
    assert [r["id"] for r in json.loads(out)] == ["one", "three", "two"]
    assert cache_file.stat().st_mtime_ns == before


def test_the_loader_gives_the_same_dataset_with_and_without_the_cache(dataset: Path) -> None:
    write(dataset, "bad", start="2024-02-30")
    plain = load_dataset(dataset)
    cache = open_cache(dataset)
    try:
        load_dataset(dataset, cache=cache)
        warm = load_dataset(dataset, cache=cache)
    finally:
        cache.close()
    assert warm.visits == plain.visits and warm.problems == plain.problems
    assert warm.invalid_records == plain.invalid_records == 1


def test_an_unchanged_dataset_is_answered_without_comparing_file_by_file(
    dataset: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert ids(dataset, "--to", "AM") == ["one"]  # makes the cache and its snapshot of the listing

    def compared(self: object) -> None:
        raise AssertionError("compared file by file")

    monkeypatch.setattr(cache_module.IndexCache, "entries", compared)
    assert ids(dataset, "--to", "AM") == ["one"]
    write(dataset, "two", person="B", to="AM")  # a change: now each file is compared (and fails here)
    with pytest.raises(AssertionError, match="file by file"):
        load_dataset(dataset, cache=open_cache(dataset), wanted=Wanted(("", ())))


def test_the_snapshot_keeps_counts_of_invalid_and_unreadable_files(dataset: Path) -> None:
    write(dataset, "bad", start="2024-02-30")
    (dataset / "visits" / "broken.yaml").write_bytes(b"visitor: [unclosed\n")
    for _ in range(2):  # cold, then from the snapshot
        code, _, err = run(dataset, "list", "--to", "AM")
        assert code == 0
        assert "left out 1 file(s) that could not be read" in err and "1 record(s) with errors" in err


@pytest.mark.parametrize("sort", ["date", "-date"])
def test_a_limit_stops_reading_and_gives_the_answer_of_a_full_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sort: str
) -> None:
    monkeypatch.setenv("DIPLOTRACK_CACHE_DIR", str(tmp_path / "cache"))
    root = tmp_path / "data"
    for day in range(1, 29):
        # The SQL prefilter keeps every visit to Armenia; the person filter decides in Python.
        write(root, f"v{day:02}", person="A" if day % 3 else "B", start=f"2024-04-{day:02}")
    write(root, "same-day", person="B", start="2024-04-03")
    args = ("--to", "AM", "--person", "B", "--sort", sort, "--limit", "3")
    _, out, _ = run(root, "--no-cache", "list", *args, "--format", "json")
    full = [r["id"] for r in json.loads(out)]
    assert len(full) == 3
    assert ids(root, *args) == full  # cold: builds the cache
    read: list[object] = []
    select = cache_module.IndexCache.select

    def counting(self: cache_module.IndexCache, *a: object, **k: object) -> object:
        for item in select(self, *a, **k):  # type: ignore[arg-type]
            read.append(item)
            yield item

    monkeypatch.setattr(cache_module.IndexCache, "select", counting)
    assert ids(root, *args) == full  # warm: from the snapshot
    assert len(read) < 29 / 2  # stopped after the third match, long before the end
    write(root, "v02", person="B", start="2024-04-02")  # a changed file is parsed, the rest stays cached
    _, out, _ = run(root, "--no-cache", "list", *args, "--format", "json")
    assert ids(root, *args) == [r["id"] for r in json.loads(out)]


def test_show_reads_only_the_record_asked_for(dataset: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert run(dataset, "validate")[0] == 0  # builds the cache
    plain = run(dataset, "--no-cache", "show", "two", "--format", "json")
    read: list[bytes] = []
    loads = pickle.loads

    def counted(blob: bytes) -> object:
        read.append(blob)
        return loads(blob)

    monkeypatch.setattr(pickle, "loads", counted)
    assert run(dataset, "show", "two", "--format", "json") == plain
    visits = [blob for blob in read if b"Visit" in blob]
    assert len(visits) == 1
    code, _, err = run(dataset, "show", "tw")  # not found: the whole dataset is read for suggestions
    assert code == 1 and "did you mean: two" in err


@pytest.mark.parametrize(
    ("table", "column", "command"),
    [("visits", "visit", "list"), ("snapshot", "totals", "list"), ("files", "result", "show"),
     ("checks", "checked", "validate"), ("reports", "report", "validate")],
)  # fmt: skip
def test_a_damaged_value_in_a_readable_cache_is_answered_without_it_then_rebuilt(
    dataset: Path, table: str, column: str, command: str
) -> None:
    write(dataset, "bad", start="2024-02-30")
    args = {"list": ("list", "--format", "json"), "show": ("show", "one", "--format", "json"),
            "validate": ("validate", "--format", "json")}[command]  # fmt: skip
    assert run(dataset, "validate")[0] == 1 and run(dataset, "list")[0] == 0  # every table filled
    if table == "checks":
        write(dataset, "two", person="B", to="AZ")  # the report is stale: the kept checks are read
    expected = run(dataset, "--no-cache", *args)
    with sqlite3.connect(cache_module.location(dataset)) as db:
        assert db.execute(f"UPDATE {table} SET {column} = x'8004deadbeef'").rowcount > 0
    if table == "files":  # show reads the file results only when it reads the whole dataset
        args = ("show", "on", "--format", "json")
        expected = run(dataset, "--no-cache", *args)
    code, out, err = run(dataset, *args)
    assert (code, out) == expected[:2]
    if table != "reports":  # a damaged report is simply computed again
        assert err.count("was damaged") == 1 and "Traceback" not in err
    assert run(dataset, *args)[:2] == expected[:2]
    assert "damaged" not in run(dataset, *args)[2]  # rebuilt, or mended by the run before
