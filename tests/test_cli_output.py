"""The CLI's printing: --columns, pictures written safely, reports that stay one line a problem, help text."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from diplotrack.cli import app
from tests.support import REPO, VALID

runner = CliRunner()
RECORD = (
    'visitor: {name: "A", role: President, country: KZ}\ndestination: {country: AM}\nstart: 2024-04-15\n'
    'bogus: 1\nsources: [{url: "https://example.org/x"}]\n'
)


def run(*args: str, data: Path = VALID) -> tuple[int, str, str]:
    result = runner.invoke(app, ["--data", str(data), "--as-of", "2026-06-01", *args])
    return result.exit_code, result.stdout, result.stderr


def test_columns_choose_and_order_the_table_and_markdown() -> None:
    code, out, _ = run("list", "--to", "AM", "--columns", "ID,visitor,Dates")
    assert code == 0
    assert out.split()[:3] == ["Id", "Visitor", "Dates"]
    assert "2024-04-15-tokayev-armenia" in out
    code, out, _ = run("list", "--to", "AM", "--format", "markdown", "--columns", "id,summary")
    assert code == 0 and out.startswith("| Id | Summary |\n|---|---|\n")
    assert "\n| 2024-04-15-tokayev-armenia | First bilateral visit" in out


@pytest.mark.parametrize(
    ("args", "said"),
    [(["--columns", "id,colour"], "unknown column 'colour'"), (["--columns", ","], "name at least one"),
     (["--columns", "id", "--format", "json"], "--columns works with --format table or markdown")],
)  # fmt: skip
def test_columns_misuse_is_one_clear_line(args: list[str], said: str) -> None:
    code, out, err = run("list", *args)
    assert code == 2 or code == 1
    assert out == "" and said in err and len(err.strip().splitlines()) == 1


def test_the_default_table_offers_ids_when_there_is_room(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "160")
    _, out, _ = run("list", "--to", "AM")
    assert "2024-04-15-tokayev-armenia" in out
    monkeypatch.setenv("COLUMNS", "80")
    _, out, _ = run("list", "--to", "AM")
    assert "Not shown at this width:" in out and "Id" in out and "--columns" in out


def test_pictures_are_refused_before_anything_is_rendered(tmp_path: Path) -> None:
    existing = tmp_path / "t.svg"
    existing.write_text("mine", encoding="utf-8")
    code, out, err = run("timeline", "--svg", str(existing))
    assert code != 0 and out == "" and "never overwrites" in err
    assert existing.read_text(encoding="utf-8") == "mine"
    code, out, err = run("timeline", "--html", str(tmp_path / "missing" / "t.html"))
    assert code != 0 and out == "" and "does not exist" in err and "Traceback" not in err


def test_pictures_are_written_whole_and_leave_no_temporary_file(tmp_path: Path) -> None:
    code, _, err = run("timeline", "--svg", str(tmp_path / "t.svg"), "--html", str(tmp_path / "t.html"))
    assert code == 0, err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.html", "t.svg"]
    assert (tmp_path / "t.svg").read_text(encoding="utf-8").rstrip().endswith("</svg>")


def test_help_shows_no_python_types() -> None:
    for command in ("", "validate", "list", "show", "timeline", "first", "pair", "stats", "people", "groups"):
        result = runner.invoke(app, [*command.split(), "--help"])
        assert result.exit_code == 0
        for python in ("<list[", "<str>", "<int", "<path>", "range>", "x>=", "<Path"):
            assert python not in result.stdout, (command, python)
    first = runner.invoke(app, ["first", "--help"]).stdout
    assert "--nth N" in first
    code, _, err = run("first", "--nth", "0")
    assert code != 0 and "count from 1" in err


@pytest.mark.skipif(sys.platform != "linux", reason="file names as raw bytes")
def test_validate_text_is_one_line_a_problem_whatever_the_file_names(tmp_path: Path) -> None:
    """A newline, a workflow command and invalid UTF-8 in file names; stdout strict UTF-8 (as in CI)."""
    visits = tmp_path / "visits"
    visits.mkdir()
    names = [b"bad\xff.yaml", b"x\n::error file=a::FORGED.yaml", b"::warning::y.yaml", b"##[add-mask]z.yaml"]
    for name in names:
        with open(os.path.join(os.fsencode(visits), name), "w", encoding="utf-8") as handle:
            handle.write(RECORD)
    exe = shutil.which("diplotrack", path=str(REPO / ".venv" / "bin")) or shutil.which("diplotrack")
    if exe is None:
        pytest.skip("diplotrack is not installed")
    env = {"PATH": "/usr/bin:/bin", "PYTHONIOENCODING": "utf-8:strict", "LC_ALL": "C.UTF-8"}
    for fmt in ("text", "github", "json"):
        done = subprocess.run([exe, "--data", str(tmp_path), "validate", "--format", fmt],
                              capture_output=True, timeout=60, env=env)  # fmt: skip
        assert done.returncode == 1, done.stderr
        out = done.stdout.decode("utf-8")  # strict: nothing undecodable was written
        if fmt == "json":
            assert len(json.loads(out)["problems"]) == len(names)
            continue
        lines = out.splitlines()
        assert len(lines) == len(names)  # one problem, one line
        assert all("unknown-key" in line for line in lines)
        for line in lines:
            if fmt == "github":
                # The runner reads this line as the one ::error command it starts with (v2 before v1).
                assert line.startswith("::error file=") and line.count("::") == 2
            else:
                assert not line.lstrip().startswith("::") and "##[" not in line
        assert any("bad\\udcff.yaml" in line for line in lines)
