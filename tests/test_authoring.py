"""``add``: records from options, registry links, file names, validation, and safe concurrent writes."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from diplotrack import authoring
from diplotrack.authoring import NewVisit, check, draft
from diplotrack.cli import app
from diplotrack.cli import authoring as cli_authoring
from diplotrack.fmt import Kind, format_file
from diplotrack.fmt import Status as FmtStatus
from diplotrack.loader import load_dataset, parse_file
from diplotrack.model import Status, VisitType
from diplotrack.problems import Rule, Severity, UsageError
from tests.support import TODAY, VALID

runner = CliRunner()

TOKAYEV = NewVisit(visitor="Tokajew", destination="Armenien", places=("Yerevan",), start="2025-05-20")


@pytest.fixture
def dataset_copy(tmp_path: Path) -> Path:
    root = tmp_path / "data"
    shutil.copytree(VALID, root)
    return root


def run(root: Path, *args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = runner.invoke(
        app, ["--data", str(root), "--as-of", TODAY.isoformat(), "add", *args], input=stdin
    )
    return result.exit_code, result.stdout, result.stderr


def test_a_known_name_keeps_its_spelling_and_gains_the_person_id(dataset_copy: Path) -> None:
    new = draft(TOKAYEV, load_dataset(dataset_copy))
    assert new.record["visitor"] == {
        "name": "Tokajew",
        "role": "President",
        "country": "Kazakhstan",
        "person": "kassym-jomart-tokayev",
    }
    assert new.record["destination"] == {"country": "Armenia", "places": ["Yerevan"]}
    assert new.path == dataset_copy / "visits" / "2025" / "2025-05-20-tokayev-armenia.yaml"
    assert any("from the registry" in note for note in new.notes)


def test_a_registry_id_is_written_as_the_persons_name(dataset_copy: Path) -> None:
    new = draft(
        NewVisit(visitor="nikol-pashinyan", destination="KZ", start="2025"), load_dataset(dataset_copy)
    )
    assert new.record["visitor"]["name"] == "Nikol Pashinyan"
    assert new.record["visitor"]["person"] == "nikol-pashinyan"
    assert new.record["start"] == "2025"


def test_an_unknown_person_gets_no_id_and_an_ascii_file_name(dataset_copy: Path) -> None:
    new = draft(
        NewVisit(visitor="Иван Петров", visitor_country="Россия", destination="Türkiye", start="15 May 2025"),
        load_dataset(dataset_copy),
    )
    assert new.record["visitor"] == {"name": "Иван Петров", "country": "Russia"}
    assert new.path.name == "2025-05-15-petrov-turkiye.yaml"


def test_hosts_with_and_without_role(dataset_copy: Path) -> None:
    new = draft(
        NewVisit(visitor="A B", visitor_country="KZ", destination="AM", start="2025-01-01",
                 hosts=("Nikol Pashinyan (Prime Minister)", "Someone Else")),
        load_dataset(dataset_copy),
    )  # fmt: skip
    assert new.record["hosts"] == [
        {"name": "Nikol Pashinyan", "role": "Prime Minister", "person": "nikol-pashinyan"},
        {"name": "Someone Else"},
    ]


def test_every_option_lands_in_its_key_in_the_documented_order(dataset_copy: Path) -> None:
    new = draft(
        NewVisit(visitor="A B", role="Foreign Minister", visitor_country="KZ", destination="AM",
                 places=("Yerevan",), hosts=("C D",), start="2025-01-01", end="2025-01-02",
                 type=VisitType.WORKING, event="Forum", status=Status.CONFIRMED,
                 topics=("trade",), sources=("https://example.org/a",), summary="Talks."),
        load_dataset(dataset_copy),
    )  # fmt: skip
    assert list(new.record) == [
        "visitor", "destination", "hosts", "start", "end", "type", "event", "status", "topics", "summary", "sources",
    ]  # fmt: skip
    [visit] = parse_file(new.path, new.text.encode(), load_dataset(dataset_copy).countries).visits
    assert (
        visit.type is VisitType.WORKING
        and visit.summary == "Talks."
        and visit.end.isoformat() == "2025-01-02"
    )


def test_the_record_is_written_in_canonical_form(dataset_copy: Path) -> None:
    dataset = load_dataset(dataset_copy)
    new = draft(TOKAYEV, dataset)
    outcome = format_file(new.path, new.text.encode(), Kind.VISITS, dataset.countries)
    assert outcome.status is FmtStatus.CANONICAL


def test_a_taken_file_name_or_id_gets_a_number(dataset_copy: Path) -> None:
    dataset = load_dataset(dataset_copy)
    taken = draft(NewVisit(visitor="Tokayev", destination="AM", start="2024-04-15"), dataset)
    assert taken.path.name == "2024-04-15-tokayev-armenia-2.yaml"  # the fixture's file
    (dataset_copy / "visits" / "ids.yaml").write_text(
        "id: 2025-05-20-tokayev-armenia\nvisitor: {name: X, country: KZ}\ndestination: {country: AM}\nstart: 2025\n"
    )
    new = draft(TOKAYEV, load_dataset(dataset_copy))
    assert new.path.name == "2025-05-20-tokayev-armenia-2.yaml"
    assert authoring.write(new, load_dataset(dataset_copy)).name == "2025-05-20-tokayev-armenia-2.yaml"


def test_missing_values_and_bad_values_are_usage_errors(dataset_copy: Path) -> None:
    dataset = load_dataset(dataset_copy)
    assert [f.option for f in authoring.missing(NewVisit(visitor="Unknown Person"), dataset.people)] == [
        "--from", "--to", "--start",
    ]  # fmt: skip
    assert [f.option for f in authoring.missing(NewVisit(visitor="Tokajew"), dataset.people)] == [
        "--to",
        "--start",
    ]
    with pytest.raises(UsageError, match="--to: unknown country 'Atlantis'"):
        draft(NewVisit(visitor="Tokajew", destination="Atlantis", start="2025"), dataset)
    with pytest.raises(UsageError, match="--start: '05/03/2024' is ambiguous"):
        draft(NewVisit(visitor="Tokajew", destination="AM", start="05/03/2024"), dataset)


def test_check_reports_errors_and_new_warnings_only(dataset_copy: Path) -> None:
    dataset = load_dataset(dataset_copy)
    bad = draft(NewVisit(visitor="Tokajew", destination="AM", start="2025-05-20", end="2025-05-19"), dataset)
    assert [p.rule for p in check(bad, dataset, TODAY)] == [Rule.END_BEFORE_START]
    unsourced = draft(TOKAYEV, dataset)
    problems = check(unsourced, dataset, TODAY)
    assert [p.rule for p in problems] == [Rule.NO_SOURCE]
    assert all(p.severity is Severity.WARNING for p in problems)


def test_cli_add_writes_the_file_and_prints_its_path(dataset_copy: Path) -> None:
    code, out, err = run(dataset_copy, "--visitor", "Tokajew", "--to", "Armenien", "--start", "2025-05-20",
                         "--host", "Nikol Pashinyan (Prime Minister)", "--source", "https://example.org/r",
                         "--type", "official", "--topic", "trade", "--topic", "transit")  # fmt: skip
    assert code == 0, err
    path = Path(out.strip())
    assert path == dataset_copy / "visits" / "2025" / "2025-05-20-tokayev-armenia.yaml"
    text = path.read_text()
    assert "person: kassym-jomart-tokayev\n" in text and "topics:\n  - trade\n  - transit\n" in text
    assert "note: --from: Kazakhstan (from the registry)" in err
    assert not load_dataset(dataset_copy).problems


def test_cli_dry_run_prints_the_yaml_and_writes_nothing(dataset_copy: Path) -> None:
    code, out, err = run(
        dataset_copy, "--visitor", "Tokajew", "--to", "AM", "--start", "2025-05-20", "--dry-run"
    )
    assert code == 0
    assert out.startswith("visitor:\n  name: Tokajew\n")
    assert "would write" in err and "warning [no-source]" in err
    assert not (dataset_copy / "visits" / "2025").exists()


def test_cli_refuses_a_record_with_errors(dataset_copy: Path) -> None:
    code, _, err = run(dataset_copy, "--visitor", "Tokajew", "--to", "AM", "--start", "2025-05-20",
                       "--end", "2025-05-01", "--source", "https://example.org")  # fmt: skip
    assert code == 1
    assert "error [end-before-start]" in err and "nothing was written" in err
    assert not (dataset_copy / "visits" / "2025").exists()


def test_cli_without_a_terminal_lists_what_is_missing(dataset_copy: Path) -> None:
    code, _, err = run(dataset_copy, "--visitor", "Unknown Person")
    assert code == 2
    assert "missing --from, --to, --start" in err


def test_cli_on_a_terminal_asks_for_what_is_missing(
    dataset_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cli_authoring, "interactive", lambda: True)
    code, out, err = run(
        dataset_copy, "--visitor", "Tokajew", "--source", "https://example.org", stdin="AM\n2025-06\n"
    )
    assert code == 0, err
    assert Path(out.strip().splitlines()[-1]).name == "2025-06-tokayev-armenia.yaml"


ADD = ["--visitor", "Tokajew", "--to", "AM", "--start", "2025-05-20", "--source", "https://example.org/r"]


def test_eight_adds_at_once_give_eight_valid_files(dataset_copy: Path) -> None:
    env = {**os.environ, "DIPLOTRACK_DATA": str(dataset_copy), "DIPLOTRACK_AS_OF": TODAY.isoformat()}
    command = [sys.executable, "-m", "diplotrack", "add", *ADD]
    processes = [
        subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(8)
    ]
    results = [(p.wait(), p.stdout.read().decode(), p.stderr.read().decode()) for p in processes]  # type: ignore[union-attr]
    for process in processes:
        process.stdout.close()  # type: ignore[union-attr]
        process.stderr.close()  # type: ignore[union-attr]
    written = [Path(out.strip()) for code, out, _ in results if code == 0]
    refused = [err for code, _, err in results if code != 0]
    assert all(err.startswith("error: ") and err.count("\n") == 1 for err in refused), refused
    assert len(written) + len(refused) == 8
    assert len(set(written)) == len(written) >= 1
    folder = dataset_copy / "visits" / "2025"
    assert sorted(folder.iterdir()) == sorted(written)  # nothing else, no temporary files
    dataset = load_dataset(dataset_copy)
    for path in written:
        assert path.read_text().startswith("visitor:\n  name: Tokajew\n")
    assert not [p for p in dataset.problems if p.severity is Severity.ERROR]
    assert len(dataset.visits) == len(dataset.records)
