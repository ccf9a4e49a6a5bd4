"""The command line through Typer's CliRunner: exit codes, stdout/stderr split, formats."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from diplotrack.cli import app
from tests.support import BROKEN, REPO, VALID

runner = CliRunner()


def run(*args: str, data: Path = VALID, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, ["--data", str(data), "--as-of", "2026-06-01", *args], env=env)
    return result.exit_code, result.stdout, result.stderr


def test_list_country_accepts_names_as_sources_write_them() -> None:
    for name in ("Armenia", "Armenien", "AM", "arm", "Армения", "Arménie"):
        code, out, _ = run("list", "--country", name, "--format", "json")
        assert code == 0
        ids = {r["id"] for r in json.loads(out)}
        assert "2024-04-15-tokayev-armenia" in ids, name


def test_list_json_has_canonical_codes_iso_dates_and_file() -> None:
    code, out, _ = run("list", "--to", "Armenia", "--since", "2024", "--format", "json")
    assert code == 0
    [record] = json.loads(out)
    assert record["visitor"]["country"] == "KZ"
    assert record["destination"]["country"] == "AM"
    assert record["start"] == "2024-04-15"
    assert record["file"].endswith("2024-04-15-tokayev-armenia.yaml")


def test_list_filters_combine() -> None:
    _code, out, _ = run("list", "--from", "KZ", "--type", "summit", "--format", "json")
    assert [r["id"] for r in json.loads(out)] == ["csto-yerevan-1"]
    _, out, _ = run("list", "--person", "japarov", "--format", "json")
    assert [r["id"] for r in json.loads(out)] == ["csto-yerevan-2"]
    _, out, _ = run("list", "--host", "PASHINYAN", "--format", "json")
    assert {r["id"] for r in json.loads(out)} == {"csto-yerevan-1", "2024-04-15-tokayev-armenia"}
    _, out, _ = run("list", "--topic", "trade", "--to", "KZ", "--format", "json")
    assert {r["id"] for r in json.loads(out)} == {"pashinyan-kazakhstan-1", "pashinyan-astana-2025"}
    _, out, _ = run("list", "--status", "cancelled", "--format", "json")
    assert [r["id"] for r in json.loads(out)] == ["2018-06-mirziyoyev-armenia"]
    _, out, _ = run("list", "--text", "shusha", "--format", "json")
    assert [r["id"] for r in json.loads(out)] == ["2024-03-11-tokayev-azerbaijan"]


def test_since_until_overlap_and_partial_dates() -> None:
    _, out, _ = run("list", "--since", "March 2024", "--until", "2024-03", "--format", "json")
    assert [r["id"] for r in json.loads(out)] == ["2024-03-11-tokayev-azerbaijan"]
    # A visit dated only "2022-02" overlaps a window inside February.
    _, out, _ = run("list", "--since", "15 February 2022", "--until", "2022-02-20", "--format", "json")
    assert [r["id"] for r in json.loads(out)] == ["pashinyan-kazakhstan-1"]


def test_sort_and_limit() -> None:
    _, out, _ = run("list", "--sort", "-date", "--limit", "2", "--format", "json")
    assert [r["start"] for r in json.loads(out)] == ["2027-05", "2024-04-15"]


def test_ambiguous_date_option_is_a_usage_error() -> None:
    code, out, err = run("list", "--since", "05/03/2024")
    assert code == 2
    assert out == ""
    assert "ambiguous" in err and "Traceback" not in err


def test_unknown_country_option_suggests() -> None:
    code, _, err = run("list", "--country", "Armenai")
    assert code == 2
    assert "did you mean Armenia" in err


def test_no_match_is_a_message_and_exit_0() -> None:
    code, out, err = run("list", "--country", "Chile")
    assert (code, out) == (0, "")
    assert "no visits match" in err


def test_table_shows_partial_dates_as_such() -> None:
    code, out, _ = run("list", "--to", "Kazakhstan")
    assert code == 0
    assert "Feb 2022 ~" in out
    assert "Nikol Pashinyan" in out
    assert "(Prime Minister)" in out


@pytest.mark.parametrize("fmt", ["csv", "yaml", "markdown", "json", "table"])
def test_every_list_format_outputs_the_records(fmt: str) -> None:
    code, out, _ = run("list", "--to", "AZ", "--format", fmt)
    assert code == 0
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(out)))
        assert [r["id"] for r in rows] == ["2024-03-11-tokayev-azerbaijan"]
    elif fmt == "yaml":
        assert yaml.safe_load(out)[0]["destination"]["country"] == "Aserbaidschan"  # as the record writes it
    elif fmt == "json":
        assert json.loads(out)[0]["end"] == "2024-03-12"
    else:
        assert "Tokayev" in out and "11–12 Mar 2024" in out


def test_show_panel_and_formats() -> None:
    code, out, _ = run("show", "2024-04-15-tokayev-armenia")
    assert code == 0
    assert "Tokajew" in out and "https://example.org/tokajew-jerewan" in out and "called it state" in out
    code, out, _ = run("show", "2024-04-15-tokayev-armenia", "--format", "json")
    assert json.loads(out)["id"] == "2024-04-15-tokayev-armenia"
    code, out, _ = run("show", "2024-04-15-tokayev-armenia", "--format", "yaml")
    assert yaml.safe_load(out)["destination"]["places"] == ["Jerewan"]


def test_show_unknown_id_suggests_and_exits_1() -> None:
    code, out, err = run("show", "2024-04-15-tokayev-armenie")
    assert code == 1 and out == ""
    assert "did you mean: 2024-04-15-tokayev-armenia" in err


def test_validate_text_reports_file_line_col_and_exits_1() -> None:
    code, out, err = run("validate", data=BROKEN)
    assert code == 1
    assert "unknown-key.yaml:5:1: error [unknown-key] unknown key 'summmary' (did you mean 'summary'?)" in out
    assert "Traceback" not in out + err
    assert "errors" in err.splitlines()[-1]


def test_validate_json() -> None:
    code, out, _ = run(
        "validate", "--format", "json", str(BROKEN / "visits" / "invalid-date.yaml"), data=BROKEN
    )
    assert code == 1
    report = json.loads(out)
    assert report["summary"]["errors"] == 1
    [problem] = report["problems"]
    assert (problem["line"], problem["column"], problem["rule"]) == (4, 8, "invalid-date")


def test_validate_strict_fails_on_warnings() -> None:
    file = str(BROKEN / "visits" / "no-source.yaml")
    assert run("validate", file, data=BROKEN)[0] == 0
    assert run("validate", "--strict", file, data=BROKEN)[0] == 1


def test_validate_github_annotations_and_step_summary(tmp_path: Path) -> None:
    summary = tmp_path / "summary.md"
    file = str(BROKEN / "visits" / "unknown-type.yaml")
    code, out, _ = run(
        "validate", "--format", "github", file, data=BROKEN, env={"GITHUB_STEP_SUMMARY": str(summary)}
    )
    assert code == 1
    assert out.startswith("::error file=")
    assert ",line=5,col=7,title=unknown-type::" in out
    assert "| error | `unknown-type` | 1 |" in summary.read_text(encoding="utf-8")


def test_validate_bundled_dataset_passes() -> None:
    code, _, err = run("validate", data=REPO)
    assert code == 0, err


def test_no_dataset_is_one_line_exit_1(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["list"])
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and "no dataset found" in result.stderr


def test_bad_as_of_is_a_usage_error() -> None:
    result = runner.invoke(app, ["--as-of", "2024", "list"])
    assert result.exit_code == 2


def test_records_with_errors_are_announced_on_stderr(tmp_path: Path) -> None:
    (tmp_path / "visits").mkdir()
    (tmp_path / "visits" / "ok.yaml").write_text(
        "visitor: {name: A, country: KZ}\ndestination: {country: AM}\nstart: 2024\n", encoding="utf-8"
    )
    (tmp_path / "visits" / "bad.yaml").write_text("visitor: {name: A, country: KZ}\n", encoding="utf-8")
    code, out, err = run("list", "--format", "json", data=tmp_path)
    assert code == 0 and len(json.loads(out)) == 1
    assert "left out 1 record(s) with errors" in err


@pytest.mark.parametrize("command", ["list", "timeline", "stats", "first"])
def test_a_file_that_does_not_parse_is_announced_by_every_query(tmp_path: Path, command: str) -> None:
    (tmp_path / "visits").mkdir()
    (tmp_path / "visits" / "ok.yaml").write_text(
        "visitor: {name: A, country: KZ}\ndestination: {country: AM}\nstart: 2024\n", encoding="utf-8"
    )
    (tmp_path / "visits" / "broken.yaml").write_text("visitor: [\n", encoding="utf-8")
    code, _, err = run(command, data=tmp_path)
    assert code == 0
    assert "left out 1 file(s) that could not be read" in err and "broken.yaml" in err


def test_show_names_the_broken_file_the_id_could_live_in(tmp_path: Path) -> None:
    (tmp_path / "visits").mkdir()
    (tmp_path / "visits" / "ok.yaml").write_text(
        "visitor: {name: A, country: KZ}\ndestination: {country: AM}\nstart: 2024\n", encoding="utf-8"
    )
    (tmp_path / "visits" / "2024-04-15-tokayev-armenia.yaml").write_text("visitor: [\n", encoding="utf-8")
    code, _, err = run("show", "2024-04-15-tokayev-armenia", data=tmp_path)
    assert code == 1
    assert "2024-04-15-tokayev-armenia.yaml, which could not be read" in err
    assert "did you mean" not in err


def test_every_command_has_help_with_an_example() -> None:
    for command in app.registered_commands:
        assert command.callback is not None
        doc = command.callback.__doc__ or ""
        assert "Example:" in doc, command.name


def test_validate_finds_the_dataset_from_the_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    file = BROKEN / "visits" / "unknown-type.yaml"
    result = runner.invoke(app, ["--as-of", "2026-06-01", "validate", str(file)])
    assert result.exit_code == 1
    assert "[unknown-type]" in result.stdout


def test_validate_loose_files_outside_a_dataset(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    loose = tmp_path / "loose.yaml"
    loose.write_text(
        "visitor: {name: A, country: KZ}\ndestination: {country: AM}\nstart: 2024-13\n", encoding="utf-8"
    )
    result = runner.invoke(app, ["validate", str(loose)])
    assert result.exit_code == 1
    assert "loose.yaml:3:8: error [invalid-date]" in result.stdout


def test_broken_record_in_a_copy_of_the_bundled_dataset(tmp_path: Path) -> None:
    import shutil

    shutil.copytree(REPO / "visits", tmp_path / "visits")
    record = tmp_path / "visits" / "2024" / "2024-04-15-tokayev-armenia.yaml"
    record.write_text(
        record.read_text(encoding="utf-8").replace("start: 2024-04-15", "start: 2024-02-30"), encoding="utf-8"
    )
    code, out, _ = run("validate", data=tmp_path)
    assert code == 1
    assert (
        "2024-04-15-tokayev-armenia.yaml:12:8: error [invalid-date] 'start': '2024-02-30' does not exist"
        in out
    )


def test_python_dash_m_works() -> None:
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "diplotrack", "--version"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0
    assert result.stdout.startswith("diplotrack ")


def test_data_may_point_at_the_visits_folder_itself() -> None:
    code, out, _ = run("list", "--format", "csv", data=VALID / "visits")
    assert code == 0 and "2024-04-15-tokayev-armenia" in out


def test_data_without_visits_says_what_to_point_at(tmp_path: Path) -> None:
    code, _, err = run("list", data=tmp_path)
    assert code == 1 and "has no visits/ folder; point --data at the folder that holds visits/" in err


def test_stats_by_topic_says_it_counts_tags() -> None:
    code, out, _ = run("stats", "--by", "topic")
    assert code == 0 and "a visit counts once for each of its topics" in out
