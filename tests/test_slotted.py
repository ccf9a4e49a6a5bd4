"""Records, problems and registry entries read back from a pickle (the cache's and the pool's) unchanged."""

from __future__ import annotations

import pickle

from diplotrack.loader import Dataset
from diplotrack.slotted import by_fields


def test_every_record_and_problem_reads_back_equal_with_its_positions(valid: Dataset) -> None:
    assert valid.visits and valid.problems is not None
    for visit in valid.visits:
        back = pickle.loads(pickle.dumps(visit, protocol=5))
        assert back == visit and back.positions == visit.positions and back.position == visit.position
        assert type(back.visitor) is type(visit.visitor) and back.start.precision is visit.start.precision
    for ref in valid.records:
        assert pickle.loads(pickle.dumps(ref)) == ref
    people = valid.people.people
    assert pickle.loads(pickle.dumps(people)) == people


def test_by_fields_calls_the_class_with_every_field_in_order(valid: Dataset) -> None:
    visit = valid.visits[0]
    cls, values = by_fields(visit)
    assert cls is type(visit) and cls(*values) == visit
    assert values[0] == visit.id and values[-1] == visit.positions
