"""``diplotrack draft`` on the command line: output, exit codes, -o never overwriting, bad input."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from typer.testing import CliRunner

from diplotrack.cli import app
from tests.support import DATA, VALID

runner = CliRunner()
SEED = DATA / "draft" / "de-seed.txt"


def run(*args: str, stdin: str | bytes | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, ["--data", str(VALID), "draft", *args], input=stdin)
    return result.exit_code, result.stdout, result.stderr


def test_seed_yaml_to_stdout_and_a_summary_on_stderr() -> None:
    code, out, err = run(str(SEED), "--published", "2024-04-15")
    assert code == 0
    first = next(yaml.safe_load_all(out))
    assert first["visitor"]["name"] == "Kassym-Jomart Tokayev"
    assert first["hosts"] == [{"name": "Nikol Pashinyan", "role": "Prime Minister"}]
    assert "drafted 2 visit(s) from a de text" in err


def test_json_with_url_has_the_source() -> None:
    code, out, _ = run(
        str(SEED), "--published", "2024-04-15", "--format", "json", "--url", "https://example.org/r"
    )
    assert code == 0
    records = json.loads(out)
    assert records[0]["sources"] == [
        {
            "url": "https://example.org/r",
            "published": "2024-04-15",
            "language": "de",
            "reported_type": "state",
        }
    ]


def test_reads_standard_input_with_a_language() -> None:
    code, out, _ = run("-", "--lang", "ru", "--published", "2024-11-06", "--format", "json",
                       stdin="Президент Казахстана Касым-Жомарт Токаев прибыл в Бишкек.")  # fmt: skip
    assert code == 0
    assert json.loads(out)[0]["destination"] == {"country": "Kyrgyzstan", "places": ["Bishkek"]}


def test_no_visit_is_exit_1_with_one_line() -> None:
    code, out, err = run(str(DATA / "draft" / "en-no-visit.txt"), "--published", "2024-04-15")
    assert code == 1
    assert out == ""
    assert err.startswith("error: no visit found") and err.count("\n") == 1


def test_output_file_is_new_and_never_overwritten(tmp_path: Path) -> None:
    target = tmp_path / "draft.yaml"
    code, out, err = run(str(SEED), "--published", "2024-04-15", "-o", str(target))
    assert code == 0 and out == "" and str(target) in err
    written = target.read_text(encoding="utf-8")
    code, _, err = run(str(SEED), "--published", "2024-04-15", "-o", str(target))
    assert code == 1 and "exists" in err
    assert target.read_text(encoding="utf-8") == written
    assert sorted(p.name for p in tmp_path.iterdir()) == ["draft.yaml"]  # no temporary file left


def test_written_draft_validates(tmp_path: Path) -> None:
    (tmp_path / "visits").mkdir()
    target = tmp_path / "visits" / "draft.yaml"
    assert (
        run(str(SEED), "--published", "2024-04-15", "--url", "https://example.org/r", "-o", str(target))[0]
        == 0
    )
    result = runner.invoke(app, ["--data", str(tmp_path), "validate", "--strict"])
    assert result.exit_code == 0, result.stdout


def test_bad_options_are_usage_errors() -> None:
    assert run(str(SEED), "--published", "April")[0] == 2
    assert run(str(SEED), "--published", "2024-04")[0] == 2
    code, _, err = run(str(SEED), "--url", "javascript:alert(1)")
    assert code == 2 and "--url" in err


def test_unreadable_input_is_one_line(tmp_path: Path) -> None:
    binary = tmp_path / "report.txt"
    binary.write_bytes(b"\xff\xfe\x00bad")
    code, _, err = run(str(binary))
    assert code == 1 and "not UTF-8" in err and err.count("\n") == 1
    code, _, err = run(str(tmp_path / "missing.txt"))
    assert code == 1 and "no such file" in err
    code, _, err = run(str(tmp_path))
    assert code == 1 and "not a regular file" in err


def test_help_has_an_example() -> None:
    result = runner.invoke(app, ["draft", "--help"])
    assert result.exit_code == 0 and "Example" in result.stdout
