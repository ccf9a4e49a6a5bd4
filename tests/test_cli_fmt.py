"""``diplotrack fmt`` on the command line: --check, writing, errors, default folders, hostile text."""

from __future__ import annotations

import shutil
import stat
from pathlib import Path

import pytest
from typer.testing import CliRunner

from diplotrack import fmt as fmt_module
from diplotrack.cli import app
from diplotrack.countries import CountryResolver
from diplotrack.fmt import files_to_format, format_path, format_paths, save
from diplotrack.writefiles import WriteError
from tests.support import REPO, VALID

runner = CliRunner()


def run(root: Path, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["--data", str(root), "fmt", *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def dataset_copy(tmp_path: Path) -> Path:
    root = tmp_path / "data"
    shutil.copytree(VALID, root)
    return root


def snapshot(root: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_check_prints_a_diff_changes_nothing_and_fails(dataset_copy: Path) -> None:
    before = snapshot(dataset_copy)
    code, out, err = run(dataset_copy, "--check")
    assert code == 1
    assert f"--- {dataset_copy}/visits/2022/csto-yerevan.yaml\n" in out
    assert "-topics: [security]\n" in out and "+topics:\n+  - security\n" in out
    assert "would format" in err and "files would be formatted" in err
    assert snapshot(dataset_copy) == before


def test_fmt_formats_visits_people_and_groups_then_check_passes(dataset_copy: Path) -> None:
    record = dataset_copy / "visits" / "2022" / "csto-yerevan.yaml"
    record.chmod(0o640)
    code, out, err = run(dataset_copy)
    assert code == 0, err
    assert out == ""
    for folder in ("visits", "people", "groups"):
        assert f"formatted {dataset_copy}/{folder}/" in err
    assert stat.S_IMODE(record.stat().st_mode) == 0o640
    assert (dataset_copy / "countries.yaml").read_bytes() == (VALID / "countries.yaml").read_bytes()
    code, out, err = run(dataset_copy, "--check")
    assert (code, out) == (0, "")
    assert "0 files would be formatted, 9 already canonical" in err


def test_given_paths_only(dataset_copy: Path) -> None:
    record = dataset_copy / "visits" / "2022" / "csto-yerevan.yaml"
    code, _, err = run(dataset_copy, str(record))
    assert code == 0
    assert err.count("formatted ") == 1


def test_a_file_with_errors_is_reported_as_validate_does_and_left_alone(dataset_copy: Path) -> None:
    record = dataset_copy / "visits" / "2022" / "csto-yerevan.yaml"
    broken = record.read_text().replace("start: 2022-11-23", "start: 2022-11-31", 1)
    record.write_text(broken)
    code, _, err = run(dataset_copy, str(record))
    assert code == 1
    assert "not formatted, it has errors" in err
    assert "csto-yerevan.yaml:5:8: error [invalid-date]" in err
    assert record.read_text() == broken


def test_format_characters_are_refused_and_never_sent(dataset_copy: Path) -> None:
    # YAML itself allows a right-to-left override; diplotrack refuses it (Trojan Source), even in a comment.
    record = dataset_copy / "visits" / "x.yaml"
    text = "# \u202eevil comment\nstart: 2024\nvisitor: {name: A, country: KZ}\ndestination: {country: AM}\n"
    record.write_text(text)
    code, out, err = run(dataset_copy, "--check", str(record))
    assert code == 1
    assert "\u202e" not in out + err
    assert "[control-character]" in err and record.read_text() == text


def test_the_bundled_dataset_passes_check() -> None:
    code, out, err = run(REPO, "--check")
    assert (code, out) == (0, ""), err


def test_save_refuses_a_file_changed_since_it_was_read(dataset_copy: Path) -> None:
    record = dataset_copy / "visits" / "2022" / "csto-yerevan.yaml"
    outcome = format_path(record, dataset_copy, CountryResolver.builtin())
    record.write_text(record.read_text() + "# edited meanwhile\n")
    with pytest.raises(WriteError, match="changed while it was being formatted"):
        save(outcome)
    assert record.read_text().endswith("# edited meanwhile\n")


def test_many_files_are_formatted_in_worker_processes_with_the_same_outcomes(
    dataset_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = files_to_format(dataset_copy)
    serial = list(format_paths(paths, dataset_copy, jobs=1))
    monkeypatch.setattr(fmt_module, "PARALLEL_FROM", 2)
    parallel = list(format_paths(paths, dataset_copy, jobs=2))
    assert [(o.path, o.status, o.formatted) for o in parallel] == [
        (o.path, o.status, o.formatted) for o in serial
    ]
