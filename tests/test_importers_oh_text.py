"""The Office of the Historian's free text: country labels on their dates, "Title Name" visitors, types."""

from __future__ import annotations

import datetime as dt

import pytest

from diplotrack.countries import CountryResolver, Entity
from diplotrack.importers.oh_text import (
    UnmappedLabel,
    Visitor,
    country_of,
    split_visitor,
    split_visitors,
    visit_type,
)
from diplotrack.model import VisitType

RESOLVER = CountryResolver.builtin()


@pytest.mark.parametrize(
    ("label", "day", "code"),
    [
        ("Greece", "2020-01-07", "GR"),
        ("U.S.S.R.", "1959-09-15", "SU"),  # the sovereign then, not today's Russia
        ("Germany, Federal Republic of", "1961-04-12", "DE"),  # West Germany is today's Federal Republic
        ("German Democratic Republic", "1989-01-01", "DD"),
        ("Czechoslovakia", "1990-02-19", "CSHH"),
        ("Czechoslovakia (government-in-exile)", "1943-05-01", "CSHH"),
        (
            "Yugoslavia",
            "2001-05-09",
            "YU",
        ),  # the Federal Republic of Yugoslavia, before Serbia and Montenegro
        ("Burma", "1966-09-08", "MM"),
        ("Dahomey (Benin)", "1965-01-01", "DY"),
        ("Khmer Republic (Cambodia)", "1973-01-01", "KH"),
        ("Korea", "1954-07-26", "KR"),
        ("Korea, South", "2010-01-01", "KR"),
        ("Korea, North", "2018-06-12", "KP"),
        ("China, People’s Republic of", "1979-01-29", "CN"),
        ("China, Republic of", "1945-04-26", "CN"),
        ("China, Republic of", "1961-07-31", "TW"),
        ("Democratic Republic of the Congo (Zaire)", "1962-02-05", "CD"),
        ("Democratic Republic of the Congo (Zaire)", "1973-10-10", "ZR"),
        ("Democratic Republic of the Congo (Zaire)", "2002-09-13", "CD"),
        ("Serbia-Montenegro (Kosovo)", "1999-06-22", "YU"),
        ("Serbia-Montenegro (Kosovo)", "2004-11-01", "CSXX"),
        ("Byelorussia", "1991-12-18", "BY"),
        ("Somoa", "2022-09-28", "WS"),
        ("Muscat & Oman", "1960-01-01", "OM"),
        ("Denmark (Greenland)", "2003-08-06", "DK"),
        ("Israel (Provisional Government)", "1948-05-24", "IL"),
    ],
)
def test_labels_map_to_the_sovereign_on_the_day(label: str, day: str, code: str) -> None:
    assert country_of(label, dt.date.fromisoformat(day), RESOLVER).code == code


def test_a_historic_label_after_its_country_ended_is_not_mapped() -> None:
    with pytest.raises(UnmappedLabel, match="ceased to exist on 1995-10-23"):
        country_of("U.S.S.R.", dt.date(1995, 10, 23), RESOLVER)


def test_an_unknown_label_is_not_mapped_until_the_dataset_names_it() -> None:
    with pytest.raises(UnmappedLabel, match="unknown country label 'Hawaii'"):
        country_of("Hawaii", dt.date(1874, 12, 12), RESOLVER)
    dataset, _ = RESOLVER.extended([Entity("X-HAWAII", "Hawaii", until=dt.date(1898, 8, 12))], {})
    assert country_of("Hawaii", dt.date(1874, 12, 12), dataset).code == "X-HAWAII"
    with pytest.raises(UnmappedLabel, match="ceased to exist"):
        country_of("Hawaii", dt.date(1959, 8, 21), dataset)


@pytest.mark.parametrize(
    ("text", "visitor"),
    [
        ("Prime Minister Kyriakos Mitsotakis", Visitor("Kyriakos Mitsotakis", "Prime Minister")),
        ("President Lenin Moreno Garcés ", Visitor("Lenin Moreno Garcés", "President")),
        (
            "Chairman of the Presidency Bakir Izetbegovic",
            Visitor("Bakir Izetbegovic", "Chairman of the Presidency"),
        ),
        (
            "President of the Council of Ministers Hussain Mohammad Ershad",
            Visitor("Hussain Mohammad Ershad", "President of the Council of Ministers"),
        ),
        ("Crown Prince Hussein", Visitor("Hussein", "Crown Prince")),
        ("Interim President Juan Guaidó", Visitor("Juan Guaidó", "Interim President")),
        ("Vice Premier Deng Xiaoping", Visitor("Deng Xiaoping", "Vice Premier")),
        (
            "President- elect Ernesto Zedillo Ponce de Leon",
            Visitor("Ernesto Zedillo Ponce de Leon", "President-elect"),
        ),
        (
            "President-Elect Carlos Salinas de Gortari",
            Visitor("Carlos Salinas de Gortari", "President-elect"),
        ),
        ("Prime Minster Mackenzie King", Visitor("Mackenzie King", "Prime Minister")),  # the OH's typo
        ("Prime MinisterHaidar al- Abadi", Visitor("Haidar al- Abadi", "Prime Minister")),
        ("Prime Minister-Prince Norodom Kantol", Visitor("Prince Norodom Kantol", "Prime Minister")),
        ("President Archbishop Makarios III", Visitor("Archbishop Makarios III", "President")),
        ("King Abdullah II", Visitor("Abdullah II", "King")),
        # A country's name after a title is a name here ("France Albert René" of the Seychelles).
        ("President France Albert Rene", Visitor("France Albert Rene", "President")),
        ("Valdas Adamkus", Visitor("Valdas Adamkus")),
        ("Sheikh Nasser Sabah Al-Ahmed Al-Sabah", Visitor("Sheikh Nasser Sabah Al-Ahmed Al-Sabah")),
        ("Kingston Smith", Visitor("Kingston Smith")),  # a title must end at a word's end
    ],
)
def test_visitor_text_splits_into_role_and_name(text: str, visitor: Visitor) -> None:
    assert split_visitor(text) == visitor


def test_two_visitors_in_one_text_are_split_at_and_before_a_title() -> None:
    assert split_visitors("President Fatmir Sejdiu and Prime Minister Hashim Thaci") == [
        Visitor("Fatmir Sejdiu", "President"),
        Visitor("Hashim Thaci", "Prime Minister"),
    ]
    assert split_visitors("President Sam and Dave Smith") == [Visitor("Sam and Dave Smith", "President")]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Official Working Visit.", VisitType.OFFICIAL_WORKING),
        ("Official working visit. Private visit to New York City afterward.", VisitType.OFFICIAL_WORKING),
        ("State Visit.", VisitType.STATE),
        ("Official visit (Camp David summit talks).", VisitType.OFFICIAL),
        ("Working visit. Attended NATO Accession ceremony.", VisitType.WORKING),
        ("Met with President Bush during a private visit.", VisitType.PRIVATE),
        ("Attended the Nuclear Security Summit.", VisitType.SUMMIT),
        ("Met with President Bush during a U.N. Security Council Summit in New York City.", VisitType.SUMMIT),
        ("Unofficial visit.", None),
        ("Informal visit.", None),
        ("Attended working brunch with President Clinton.", None),
        ("Summit meeting with President Clinton at Hyde Park, New York.", None),  # bilateral: not a summit
        ("Held a pre-summit meeting with President Clinton.", None),
        ("Met at Camp David. Discussions of forthcoming Economic Summit.", None),
        ("", None),
    ],
)
def test_the_type_is_read_only_where_the_text_names_it(text: str, kind: VisitType | None) -> None:
    assert visit_type(text) is kind
