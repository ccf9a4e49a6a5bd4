"""Writing imported records: the record check, file plans, atomic writes that never clobber."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from diplotrack.countries import CountryResolver
from diplotrack.importers.output import Action, WriteConflict, check_record, plan_file, render, write_file
from diplotrack.model import Visit
from diplotrack.problems import Rule

COUNTRIES = CountryResolver.builtin()
HEADER = "# Imported by a test\n"


def record(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": "r-1",
        "visitor": {"name": "Kyriakos Mitsotakis", "role": "Prime Minister", "country": "Greece"},
        "destination": {"country": "United States"},
        "start": "2020-01-07",
        "sources": [{"url": "https://history.state.gov/departmenthistory/visits/greece"}],
    }
    return base | changes


def visit(**changes: Any) -> Visit:
    checked = check_record(record(**changes), Path("x.yaml"), COUNTRIES)
    assert isinstance(checked, Visit)
    return checked


def test_check_record_gives_the_visit_or_the_errors_that_keep_it_out() -> None:
    country = visit().visitor.country
    assert country is not None and country.code == "GR"
    errors = check_record(record(start="2024-02-30"), Path("x.yaml"), COUNTRIES)
    assert isinstance(errors, list) and [e.rule for e in errors] == [Rule.INVALID_DATE]
    # Data is hostile: a control character in a value keeps the record out.
    refused = check_record(record(summary="a\x1b[2Jb"), Path("x.yaml"), COUNTRIES)
    assert isinstance(refused, list) and [e.rule for e in refused] == [Rule.CONTROL_CHARACTER]


def test_a_new_file_is_created_with_the_records_in_date_order(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "2020.yaml"
    plan = plan_file(
        target, [visit(id="r-10", start="2020-03-01"), visit(id="r-9")], HEADER, COUNTRIES, tmp_path
    )
    assert (plan.action, plan.created) == (Action.CREATE, 2)
    write_file(plan)
    text = target.read_text(encoding="utf-8")
    assert text.startswith(HEADER) and text.index("r-9") < text.index("r-10")
    assert [p.name for p in target.parent.iterdir()] == ["2020.yaml"]  # no temporary file left
    assert target.stat().st_mode & 0o777 == 0o666 & ~_umask()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_an_unchanged_record_leaves_the_file_alone_even_when_its_bytes_differ(tmp_path: Path) -> None:
    target = tmp_path / "2020.yaml"
    write_file(plan_file(target, [visit()], HEADER, COUNTRIES, tmp_path))
    reformatted = target.read_text(encoding="utf-8").replace("- id: r-1", "# a note someone added\n- id: r-1")
    target.write_text(reformatted, encoding="utf-8")
    plan = plan_file(target, [visit()], HEADER, COUNTRIES, tmp_path)
    assert (plan.action, plan.unchanged, plan.content) == (Action.UNCHANGED, 1, None)
    changed = plan_file(target, [visit(summary="new")], HEADER, COUNTRIES, tmp_path)
    assert (changed.action, changed.updated) == (Action.UPDATE, 1)


def test_a_file_without_the_marker_or_with_errors_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "2020.yaml"
    target.write_text("# my own notes\n", encoding="utf-8")
    plan = plan_file(target, [visit()], HEADER, COUNTRIES, tmp_path)
    assert (plan.action, plan.refused) == (Action.REFUSE, 1)
    target.write_bytes(render([visit()], HEADER).replace(b"2020-01-07", b"2020-02-30"))
    plan = plan_file(target, [visit()], HEADER, COUNTRIES, tmp_path)
    assert plan.action is Action.REFUSE and "has errors" in (plan.reason or "")


def test_a_file_that_appears_or_changes_meanwhile_is_never_clobbered(tmp_path: Path) -> None:
    target = tmp_path / "2020.yaml"
    plan = plan_file(target, [visit()], HEADER, COUNTRIES, tmp_path)
    target.write_text("someone else's\n", encoding="utf-8")
    with pytest.raises(WriteConflict, match="appeared"):
        write_file(plan)
    assert target.read_text(encoding="utf-8") == "someone else's\n"
    target.unlink()
    write_file(plan_file(target, [visit()], HEADER, COUNTRIES, tmp_path))
    update = plan_file(target, [visit(summary="new")], HEADER, COUNTRIES, tmp_path)
    target.write_bytes(target.read_bytes() + b"# edited meanwhile\n")
    with pytest.raises(WriteConflict, match="changed while importing"):
        write_file(update)
    assert target.read_bytes().endswith(b"# edited meanwhile\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2020.yaml"]
