"""The benchmark's parts that must be right for its figures to mean anything (no timing here)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from bench.emit import record_text, records_text
from bench.measure import Run, ratio, runs_for
from bench.scenarios import JQ_ARMENIA, TARGETS, Target
from bench.synth import ARMENIA, AS_OF, Layout, records, write

from diplotrack.loader import load_dataset
from diplotrack.rules import validate
from diplotrack.yamlwrite import dump_record, dump_records


@pytest.mark.parametrize("layout", list(Layout))
def test_a_generated_dataset_validates_with_no_error(tmp_path: Path, layout: Layout) -> None:
    write(tmp_path, 1000, layout)
    dataset = load_dataset(tmp_path)
    report = validate(dataset, dt.date.fromisoformat(AS_OF))
    assert report.errors == 0, [str(p) for p in report.problems[:5]]
    assert len(dataset.visits) == 1000
    files = list((tmp_path / "visits").rglob("*.yaml"))
    assert len(files) == (1000 if layout is Layout.FILES else len({f.stem for f in files}))
    # The records are varied the way the benchmark promises: registry people, partial dates, Armenia.
    people = dataset.registries.people
    assert sum(people.resolve(v.visitor) is not None for v in dataset.visits) > 200
    assert sum(v.start.precision.name != "DAY" for v in dataset.visits) > 30
    assert sum(v.destination.country.code == "AM" for v in dataset.visits) > 10


def test_the_generator_is_deterministic() -> None:
    assert records(50, seed=1) == records(50, seed=1)
    assert records(50, seed=1) != records(50, seed=2)


def test_the_fast_writer_writes_what_yamlwrite_writes() -> None:
    sample = [{"id": record_id, **record} for record_id, record in records(1000)]
    assert records_text(sample) == dump_records(sample)
    assert [record_text(r) for r in sample] == [dump_record(r) for r in sample]
    odd = {"a": "NO", "b": "2024", "c": "x: y", "d": "#tag", "e": "Xi'an", "f": "line\u202e", "g": "2024-04"}
    assert record_text(odd) == dump_record(odd)


def test_yq_selects_every_way_the_generator_writes_armenia() -> None:
    assert all(f'"{name}"' in JQ_ARMENIA for name in ARMENIA)


def runs(*seconds: float) -> list[Run]:
    return [Run(s) for s in seconds]


def test_a_ratio_is_of_medians() -> None:
    assert ratio(runs(0.2, 0.25, 0.3, 5.0, 0.22), runs(0.1, 0.1, 0.1)) == pytest.approx(2.5)


def test_a_bound_on_the_command_is_met_up_to_it() -> None:
    target = Target("list", "≤ 2.5 × import floor", "list", 10_000, "floor", 2.5)
    assert target.value({"list": runs(0.2, 0.25, 0.3), "floor": runs(0.1, 0.1, 0.9)}) == pytest.approx(2.5)
    assert target.met(2.5) and not target.met(2.51)
    assert target.value({"list": runs(0.2)}) is None  # the reference was not run


def test_faster_means_the_reference_over_the_command() -> None:
    target = Target(
        "vs check-jsonschema", "≥ 15 × faster", "validate-cold", 10_000, "check-jsonschema", 15, True
    )
    value = target.value({"validate-cold": runs(2, 3, 1.5), "check-jsonschema": runs(30, 40, 35)})
    assert value == pytest.approx(17.5)
    assert value is not None and target.met(value) and not target.met(14.9)


def test_memory_is_the_worse_of_both_measures_in_megabytes() -> None:
    memory = next(t for t in TARGETS if t.reference is None)
    cold = [Run(1.0, max_rss_kib=200_000, tree_pss_kib=300_000), Run(1.0, max_rss_kib=100_000)]
    first = [Run(9.0, max_rss_kib=250_000, tree_pss_kib=None)]
    value = memory.value({"validate-cold": cold, "validate-first": first})
    assert value == pytest.approx(307.2)  # KiB to MB of 10^6 bytes
    assert value is not None and not memory.met(value) and memory.met(300)


def test_slow_commands_get_fewer_runs() -> None:
    assert [runs_for(s) for s in (0.1, 9.9, 10, 19.9, 20, 300)] == [5, 5, 3, 3, 1, 1]
    assert [runs_for(s, cold_at_100k=True) for s in (9.9, 10, 19.9)] == [5, 1, 1]
