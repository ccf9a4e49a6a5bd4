"""``fmt``'s canonical form: style, key order, comments kept, idempotence, and the read-back guard."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from diplotrack import fmt as fmt_module
from diplotrack.countries import CountryResolver
from diplotrack.datafiles import yaml_files
from diplotrack.fmt import Kind, Status, format_file, format_text
from diplotrack.loader import parse_file
from diplotrack.problems import Rule
from tests.support import BROKEN, REPO, VALID

COUNTRIES = CountryResolver.builtin()


def canonical(text: str, kind: Kind = Kind.VISITS) -> str:
    """The canonical form, checked to be a fixed point and to read back as the same records."""
    once = format_text(textwrap.dedent(text), kind)
    assert format_text(once, kind) == once, "fmt is not idempotent"
    if kind is Kind.VISITS:
        path = Path("x.yaml")
        before = parse_file(path, textwrap.dedent(text).encode(), COUNTRIES)
        after = parse_file(path, once.encode(), COUNTRIES)
        assert after.visits == before.visits
        assert [r.id for r in after.records] == [r.id for r in before.records]
    return once


RECORD = """\
    visitor: {name: Jonas Gahr Støre, role: Prime Minister, country: NO}
    destination: {country: AM, places: [Yerevan, "Gyumri"]}
    start: 2024-04-15
    """


def test_block_style_two_space_indent_and_list_items_under_their_key() -> None:
    assert canonical(RECORD) == textwrap.dedent(
        """\
        visitor:
          name: Jonas Gahr Støre
          role: Prime Minister
          country: 'NO'
        destination:
          country: AM
          places:
            - Yerevan
            - Gyumri
        start: 2024-04-15
        """
    )


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("NO", "'NO'"),
        ("'0123'", "'0123'"),
        ('"1:20"', "'1:20'"),
        ("'null'", "'null'"),
        ("'true'", "'true'"),
        ("yes", "'yes'"),
        ("'~'", "'~'"),
        ("1e3", "'1e3'"),
        ('"plain text"', "plain text"),
        ("'It''s: quoted'", '"It\'s: quoted"'),
        ('"\\e[31m red"', '"\\e[31m red"'),
    ],
)
def test_quotes_only_where_yaml_would_read_something_else(written: str, expected: str) -> None:
    text = f"visitor: {{name: A, country: KZ}}\ndestination: {{country: AM}}\nstart: 2024-04-15\nsummary: {written}\n"
    assert canonical(text).splitlines()[-1] == f"summary: {expected}"


def test_dates_stay_plain_and_a_year_is_quoted() -> None:
    text = "visitor: {name: A, country: KZ}\ndestination: {country: AM}\nstart: '2024-04-15'\nend: 2025\n"
    out = canonical(text)
    assert "start: 2024-04-15\n" in out
    assert "end: '2025'\n" in out


def test_keys_in_the_documented_order_at_every_level() -> None:
    text = """\
        start: 2024-04-15
        sources:
          - language: en
            url: https://example.org/a
        destination: {places: [Yerevan], country: AM}
        hosts:
          - role: Prime Minister
            name: Nikol Pashinyan
        visitor: {country: KZ, name: A, role: President}
        """
    assert canonical(text) == textwrap.dedent(
        """\
        visitor:
          name: A
          role: President
          country: KZ
        destination:
          country: AM
          places:
            - Yerevan
        hosts:
          - name: Nikol Pashinyan
            role: Prime Minister
        start: 2024-04-15
        sources:
          - url: https://example.org/a
            language: en
        """
    )


def test_comments_are_kept_at_the_top_between_keys_trailing_and_inside_lists() -> None:
    text = """\
        # Header of the file

        # about the visitor, directly above it
        visitor:
          name: A  # as the source spells it
          country: KZ
        destination:
          country: AM
          places:
            # the capital first
            - Yerevan
            - Gyumri  # second stop
            # end of the places
        start: 2024-04-15  # the day of arrival
        topics: [trade, transit]  # tags
        # the end
        """
    out = canonical(text)
    assert out == textwrap.dedent(
        """\
        # Header of the file

        # about the visitor, directly above it
        visitor:
          name: A  # as the source spells it
          country: KZ
        destination:
          country: AM
          places:
            # the capital first
            - Yerevan
            - Gyumri  # second stop
            # end of the places
        start: 2024-04-15  # the day of arrival
        topics:                   # tags
          - trade
          - transit
        # the end
        """
    )


def test_a_comment_moves_with_the_key_below_it_when_keys_are_reordered() -> None:
    text = """\
        # Header stays on top
        start: 2024-04-15  # arrival
        # the visitor: checked against two sources
        visitor:
          # the visitor's country, as the host wrote it
          country: KZ
          # spelling of the host's press office
          name: A
        # where
        destination: {country: AM}
        # trailing comment stays last
        """
    assert canonical(text) == textwrap.dedent(
        """\
        # Header stays on top
        # the visitor: checked against two sources
        visitor:
          # the visitor's country, as the host wrote it
          # spelling of the host's press office
          name: A
          country: KZ
        # where
        destination:
          country: AM
        start: 2024-04-15  # arrival
        # trailing comment stays last
        """
    )


def test_a_comment_above_a_list_items_key_goes_above_the_item_when_that_key_comes_first() -> None:
    text = """\
        visitor: {name: A, country: KZ}
        destination: {country: AM}
        start: 2024-04-15
        sources:
          - title: T
            # the report
            url: https://example.org/a
        """
    assert canonical(text).endswith(
        "sources:\n  # the report\n  - url: https://example.org/a\n    title: T\n"
    )


def test_comments_follow_a_change_of_indentation() -> None:
    text = """\
        visitor:
            name: A
            # a note on the country
            country: KZ
        destination:
            country: AM
        hosts:
        - name: B
          # the host's role
          role: Prime Minister
        start: 2024-04-15
        """
    out = canonical(text)
    assert "  # a note on the country\n  country: KZ\n" in out
    assert "  - name: B\n    # the host's role\n    role: Prime Minister\n" in out


def test_a_comment_inside_a_block_scalar_is_text_and_stays() -> None:
    text = """\
        start: 2024-04-15
        summary: |
          First line
          # not a comment
        visitor: {name: A, country: KZ}
        destination: {country: AM}
        """
    out = canonical(text)
    assert "summary: |\n  First line\n  # not a comment\n" in out


@pytest.mark.parametrize(
    ("text", "first_line"),
    [
        ("- {visitor: {name: A, country: KZ}, destination: {country: AM}, start: 2024}\n", "- visitor:"),
        (
            "visitor: {name: A, country: KZ}\ndestination: {country: AM}\nstart: 2024\n---\n"
            "visitor: {name: B, country: KZ}\ndestination: {country: AM}\nstart: 2025\n",
            "---",
        ),
        ("visitor: {name: A, country: KZ}\ndestination: {country: AM}\nstart: 2024\n", "visitor:"),
    ],
    ids=["list", "documents", "one"],
)
def test_files_keep_their_shape(text: str, first_line: str) -> None:
    out = canonical(text)
    assert out.splitlines()[0] == first_line


def test_anchors_and_aliases_survive() -> None:
    text = """\
        - visitor: &tokayev {country: KZ, name: Kassym-Jomart Tokayev}
          destination: {country: AM}
          start: 2024-04-15
        - start: 2024-05-15
          visitor: *tokayev
          destination: {country: AZ}
        """
    out = canonical(text)
    assert "visitor: *tokayev" in out


def test_people_and_groups_have_their_own_key_order() -> None:
    person = "offices: [{from: 2019, role: President, country: KZ}]\ncountry: KZ\nname: A\nid: a\n"
    assert canonical(person, Kind.PEOPLE) == textwrap.dedent(
        """\
        id: a
        name: A
        country: KZ
        offices:
          - role: President
            country: KZ
            from: '2019'
        """
    )
    group = "members: [{from: 1991, country: KZ}]\nname: G\nid: g\n"
    assert canonical(group, Kind.GROUPS).startswith("id: g\nname: G\nmembers:\n  - country: KZ\n")


def all_fixture_files() -> list[Path]:
    return [
        *yaml_files(REPO / "visits"),
        *(path for path in yaml_files(VALID) if path.name != "countries.yaml"),
        *yaml_files(REPO / "src" / "diplotrack" / "data" / "groups"),
    ]


@pytest.mark.parametrize("path", all_fixture_files(), ids=lambda p: str(p.relative_to(REPO)))
def test_every_bundled_and_fixture_file_formats_to_the_same_records_and_is_a_fixed_point(path: Path) -> None:
    root = VALID if path.is_relative_to(VALID) else REPO
    kind = Kind.GROUPS if "groups" in path.parts else Kind.of(path, root)
    outcome = format_file(path, path.read_bytes(), kind, COUNTRIES)
    assert outcome.status in (Status.CANONICAL, Status.REFORMATTED), outcome.reason or outcome.problems
    again = format_file(path, outcome.formatted.encode(), kind, COUNTRIES)
    assert again.status is Status.CANONICAL


def test_the_bundled_dataset_is_canonical() -> None:
    for path in yaml_files(REPO / "visits"):
        assert format_file(path, path.read_bytes(), Kind.VISITS, COUNTRIES).status is Status.CANONICAL, path


@pytest.mark.parametrize("path", yaml_files(BROKEN), ids=lambda p: p.name)
def test_a_file_with_errors_is_not_formatted(path: Path) -> None:
    outcome = format_file(path, path.read_bytes(), Kind.VISITS, COUNTRIES)
    if outcome.status is not Status.INVALID:  # broken only for the dataset rules (duplicates, overlaps, …)
        assert outcome.status in (Status.CANONICAL, Status.REFORMATTED)
        return
    assert outcome.problems and outcome.formatted == ""


def test_a_formatter_that_changed_a_value_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fmt_module, "restyle", lambda text: text.replace("Yerevan", "Gyumri"))
    outcome = format_file(Path("x.yaml"), textwrap.dedent(RECORD).encode(), Kind.VISITS, COUNTRIES)
    assert outcome.status is Status.UNSAFE
    assert outcome.reason == "the formatted file would hold different values"


def test_a_formatter_that_fails_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(text: str) -> str:
        raise RuntimeError("bug")

    monkeypatch.setattr(fmt_module, "restyle", broken)
    outcome = format_file(Path("x.yaml"), textwrap.dedent(RECORD).encode(), Kind.VISITS, COUNTRIES)
    assert outcome.status is Status.UNSAFE
    assert "RuntimeError: bug" in outcome.reason


def test_byte_order_mark_and_crlf_are_normalised() -> None:
    text = canonical(RECORD)
    data = b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode()
    outcome = format_file(Path("x.yaml"), data, Kind.VISITS, COUNTRIES)
    assert outcome.status is Status.REFORMATTED
    assert outcome.formatted == text


def test_a_file_with_an_error_reports_the_validate_problem() -> None:
    data = b"visitor: {name: A, country: KZ}\ndestination: {country: AM}\nstart: 2024-02-30\n"
    outcome = format_file(Path("x.yaml"), data, Kind.VISITS, COUNTRIES)
    assert outcome.status is Status.INVALID
    assert [p.rule for p in outcome.problems] == [Rule.INVALID_DATE]


def test_comments_in_a_top_level_list_keep_their_columns_from_run_to_run() -> None:
    text = """\
        - visitor: {name: A, country: KZ}
              # deep comment
          destination: {country: AM}
          start: 2024  # arrival
          sources: [{url: "https://example.org/a"}]            # end of line
        """
    out = canonical(text)  # a fixed point: columns do not drift by the list's indentation
    [written] = [line for line in textwrap.dedent(text).splitlines() if "# end of line" in line]
    [formatted] = [line for line in out.splitlines() if "# end of line" in line]
    assert formatted.startswith("  sources: ") and formatted.index("#") == written.index("#")


def test_a_comment_after_nested_flow_collections_goes_after_the_innermost_value() -> None:
    text = """\
        visitor: {name: A, country: KZ}
        destination: {country: AM}
        start: 2024
        sources: [{url: "https://example.org/a"}]  # eol
         # after the sources
        """
    assert canonical(text).endswith(
        "sources:                                   # eol\n  - url: https://example.org/a\n  # after the sources\n"
    )
