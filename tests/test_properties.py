"""Properties over generated input (hypothesis): round trips, robustness, query algebra.

CI runs the default profile. The long fuzz run is documented in docs/reliability.md:

    HYPOTHESIS_PROFILE=fuzz pytest tests/test_properties.py -q
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from diplotrack.countries import CountryResolver
from diplotrack.loader import Dataset, parse_file
from diplotrack.model import Status, VisitType
from diplotrack.query import build_query, run_query
from diplotrack.records import visit_record
from diplotrack.yamlsource import read_documents
from diplotrack.yamlwrite import dump_record
from tests.support import TODAY

settings.register_profile("ci", max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("fuzz", max_examples=12_000, deadline=None, suppress_health_check=list(HealthCheck))
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

COUNTRIES = CountryResolver.builtin()
FILE = Path("generated.yaml")

# Text people write: any printable character (names in every script), but no control or format characters,
# which validation refuses.
printable = st.text(
    st.characters(blacklist_categories=("Cc", "Cf", "Cs", "Zl", "Zp"), blacklist_characters="\ufffe\uffff"),
    min_size=1,
    max_size=30,
).filter(lambda t: t.strip() == t and t != "")
country = st.sampled_from(
    ["KZ", "Armenia", "Armenien", "Армения", "TUR", "Georgia", "NO", "Deutschland", "AZ"]
)
day = st.dates(min_value=dt.date(1992, 1, 1), max_value=dt.date(2030, 12, 31))


@st.composite
def records(draw: st.DrawFn) -> dict[str, Any]:
    start = draw(day)
    precision = draw(st.sampled_from(["day", "month", "year"]))
    start_text = {"day": start.isoformat(), "month": start.isoformat()[:7], "year": str(start.year)}[
        precision
    ]
    record: dict[str, Any] = {
        "visitor": {"name": draw(printable), "country": draw(country)},
        "destination": {"country": draw(country)},
        "start": start_text,
    }
    if draw(st.booleans()):
        record["visitor"]["role"] = draw(printable)
    if draw(st.booleans()):
        record["destination"]["places"] = draw(st.lists(printable, min_size=1, max_size=3))
    if draw(st.booleans()):
        record["hosts"] = [{"name": draw(printable)} for _ in range(draw(st.integers(1, 2)))]
    if precision == "day" and draw(st.booleans()):
        record["end"] = (start + dt.timedelta(days=draw(st.integers(0, 5)))).isoformat()
    if draw(st.booleans()):
        record["type"] = draw(st.sampled_from([t.value for t in VisitType]))
    if draw(st.booleans()):
        record["status"] = draw(st.sampled_from([s.value for s in Status]))
    if draw(st.booleans()):
        record["topics"] = draw(st.lists(printable, min_size=1, max_size=3))
    if draw(st.booleans()):
        record["summary"] = draw(
            st.text(min_size=1, max_size=80).filter(lambda t: t.strip() == t and t.isprintable())
        )
    record["sources"] = [{"url": "https://example.org/" + str(draw(st.integers(0, 999)))}]
    return record


@given(records())
def test_a_valid_record_written_as_yaml_reads_back_as_the_same_record(record: dict[str, Any]) -> None:
    first = parse_file(FILE, yaml.safe_dump(record, allow_unicode=True).encode(), COUNTRIES)
    assert first.problems == ()
    (visit,) = first.visits
    again = parse_file(FILE, dump_record(visit_record(visit)).encode(), COUNTRIES)
    assert again.problems == () and again.visits == (visit,)


@given(st.binary(max_size=400))
def test_random_bytes_give_problems_never_exceptions(data: bytes) -> None:
    result = parse_file(FILE, data, COUNTRIES)
    assert all(p.message.isprintable() for p in result.problems)


yaml_ish = st.lists(
    st.sampled_from(
        ["visitor:", "  name: A", "  country: KZ", "destination: {country: AM}", "start: 2024-02-30", "- ", "---",
         "&a [*a]", "!!python/object:os.system", "  - x", "\t", ": :", "'", '"\\e"', "[", "]", "{", "}", "#", "\u2028",
         "\x00", "\x1b[2J", "start: 0000-01-01", "end: 2024", "sources: [{url: x}]", "? a", "- *b", "&b x", "|", ">-"]
    ),
    max_size=25,
).map("\n".join)  # fmt: skip


@given(yaml_ish)
def test_random_yaml_gives_problems_never_exceptions(text: str) -> None:
    _, problems = read_documents(FILE, text.encode("utf-8", "surrogatepass"))
    assert all(p.message.isprintable() and p.position.line >= 1 for p in problems)
    parse_file(FILE, text.encode("utf-8", "surrogatepass"), COUNTRIES)


@settings(max_examples=60)
@given(st.sampled_from(["KZ", "AM", "AZ", "TR", "GE", "ots", "south-caucasus", "RU"]))
def test_country_is_the_union_of_to_and_from(valid: Dataset, code: str) -> None:
    def ids(**options: Any) -> set[str]:
        query = build_query(options, valid.registries, TODAY)
        return {v.id for v in run_query(valid.visits, query, valid.registries)}

    assert ids(country=[code]) == ids(to=[code]) | ids(from_=[code])


@settings(max_examples=80)
@given(day, day)
def test_date_windows_compose(valid: Dataset, a: dt.date, b: dt.date) -> None:
    def ids(**options: Any) -> set[str]:
        query = build_query(options, valid.registries, TODAY)
        return {v.id for v in run_query(valid.visits, query, valid.registries)}

    since, until = min(a, b).isoformat(), max(a, b).isoformat()
    assert ids(since=since, until=until) == ids(since=since) & ids(until=until)
