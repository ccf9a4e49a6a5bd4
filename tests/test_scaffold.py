"""init: a dataset that validates, a CI workflow that is pinned and injection-free, and nothing overwritten."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from diplotrack.loader import load_dataset
from diplotrack.problems import Severity, UsageError
from diplotrack.rules import validate
from diplotrack.scaffold import EXAMPLE_PATH, init_dataset, scaffold_files
from tests.support import REPO, TODAY


def snapshot(root: Path) -> dict[Path, tuple[bytes, int]]:
    return {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(root.rglob("*")) if p.is_file()}


def test_init_creates_a_dataset_that_validates(tmp_path: Path) -> None:
    result = init_dataset(tmp_path / "ds")
    assert {p.relative_to(tmp_path / "ds").as_posix() for p in result.created} >= {
        "visits", "people", "groups", EXAMPLE_PATH, ".gitignore", ".pre-commit-config.yaml",
        ".github/workflows/validate.yml",
    }  # fmt: skip
    dataset = load_dataset(tmp_path / "ds")
    assert len(dataset.visits) == 1
    report = validate(dataset, TODAY)
    assert [p.message for p in report.problems if p.severity is Severity.ERROR] == []
    assert ".diplotrack/" in (tmp_path / "ds" / ".gitignore").read_text().splitlines()


def test_init_twice_changes_nothing_and_keeps_what_exists(tmp_path: Path) -> None:
    (tmp_path / ".gitignore").write_text("mine\n")
    first = init_dataset(tmp_path)
    assert tmp_path / ".gitignore" in first.kept
    assert (tmp_path / ".gitignore").read_text() == "mine\n"
    before = snapshot(tmp_path)
    again = init_dataset(tmp_path)
    assert again.created == ()
    assert set(again.kept) == {tmp_path / f.path for f in scaffold_files()}
    assert snapshot(tmp_path) == before


def test_a_dataset_with_records_gets_no_example(tmp_path: Path) -> None:
    (tmp_path / "visits").mkdir()
    (tmp_path / "visits" / "mine.yaml").write_text(
        (REPO / "visits/2023/2023-06-03-pashinyan-turkey.yaml").read_text()
    )
    init_dataset(tmp_path)
    assert not (tmp_path / EXAMPLE_PATH).exists()


def workflow(tmp_path: Path, requirement: str = "diplotrack") -> dict[Any, Any]:
    init_dataset(tmp_path, requirement)
    loaded: dict[Any, Any] = yaml.safe_load((tmp_path / ".github/workflows/validate.yml").read_text())
    return loaded


def test_the_workflow_is_pinned_read_only_and_has_no_expressions_in_run(tmp_path: Path) -> None:
    flow = workflow(tmp_path)
    assert flow["permissions"] == {"contents": "read"}
    steps = flow["jobs"]["validate"]["steps"]
    uses = [step["uses"] for step in steps if "uses" in step]
    assert uses and all(re.fullmatch(r"actions/[a-z-]+@[0-9a-f]{40}", u) for u in uses)
    runs = [step["run"] for step in steps if "run" in step]
    assert "diplotrack validate --format github" in runs
    assert all("${{" not in run for run in runs)
    assert "${{" not in (tmp_path / ".github/workflows/validate.yml").read_text()


def test_the_requirement_is_quoted_data_not_code(tmp_path: Path) -> None:
    requirement = 'diplotrack @ git+https://example.org/x"; rm -rf /'
    flow = workflow(tmp_path, requirement)
    assert flow["jobs"]["validate"]["env"]["DIPLOTRACK"] == requirement
    config = yaml.safe_load((tmp_path / ".pre-commit-config.yaml").read_text())
    [hook] = config["repos"][0]["hooks"]
    assert hook["additional_dependencies"] == [requirement] and hook["entry"] == "diplotrack validate"
    with pytest.raises(UsageError):
        scaffold_files("diplotrack\nrun: evil")


def test_this_repository_declares_its_pre_commit_hooks() -> None:
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    assert {h["id"]: h["entry"] for h in hooks} == {
        "diplotrack-validate": "diplotrack validate",
        "diplotrack-fmt": "diplotrack fmt",
    }
