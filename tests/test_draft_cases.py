"""The reports of ``tests/data/draft/``: each drafts its expected visits (scored by bench/draft_accuracy.py)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from bench.draft_accuracy import CASES, run, tables

from diplotrack.draft import draft
from diplotrack.draft.text import detect_language
from diplotrack.loader import load_registries

CASE_LIST = yaml.safe_load((CASES / "cases.yaml").read_text(encoding="utf-8"))


def test_the_set_covers_what_the_issue_asks_for() -> None:
    assert len(CASE_LIST) >= 9
    assert {c["language"] for c in CASE_LIST} == {"de", "en", "ru"}
    kinds = set()
    for case in CASE_LIST:
        path = CASES / f"{case['name']}.expected.yaml"
        records = list(yaml.safe_load_all(path.read_text(encoding="utf-8"))) if path.exists() else []
        kinds |= {r.get("type") for r in records} | ({"no-visit"} if not records else set())
        kinds |= {"two-day" for r in records if "end" in r}
    assert {"state", "official", "working", "summit", "two-day", "no-visit"} <= kinds


@pytest.mark.parametrize("case", CASE_LIST, ids=[c["name"] for c in CASE_LIST])
def test_language_is_detected(case: dict[str, str]) -> None:
    text = (CASES / f"{case['name']}.txt").read_text(encoding="utf-8")
    assert detect_language(text).value == case["language"]


def test_fields_come_out_right() -> None:
    scores = [s for s in run() if not s.held_out]  # held-out reports are measured, not required
    for score in scores:
        if score.refused_right is not None:
            assert score.refused_right, f"{score.name}: drafted a visit from a text without one"
            continue
        assert score.drafted == score.expected, score.name
        for key in ("visitor.name", "destination.country"):
            assert score.right[key] == score.total[key], f"{score.name}: {score.misses}"
    right = sum(sum(s.right.values()) for s in scores)
    total = sum(sum(s.total.values()) for s in scores)
    assert right / total >= 0.95, tables(scores)


def test_expected_records_validate() -> None:
    from diplotrack.loader import parse_file

    registries = load_registries(Path("/nonexistent-dataset"))
    for path in sorted(CASES.glob("*.expected.yaml")):
        assert parse_file(path, path.read_bytes(), registries.countries).problems == (), path


def test_drafts_are_deterministic() -> None:
    registries = load_registries(Path("/nonexistent-dataset"))
    text = (CASES / "en-summit-ots.txt").read_text(encoding="utf-8")
    first = draft(text, registries.people, registries.countries, published=dt.date(2024, 11, 6))
    second = draft(text, registries.people, registries.countries, published=dt.date(2024, 11, 6))
    assert [d.record for d in first.drafts] == [d.record for d in second.drafts]


def test_docs_show_the_current_measurement() -> None:
    docs = (CASES.parent.parent.parent / "docs" / "draft.md").read_text(encoding="utf-8")
    current = tables(run())
    assert current in docs, (
        "docs/draft.md is out of date; paste the output of python bench/draft_accuracy.py:\n" + current
    )
