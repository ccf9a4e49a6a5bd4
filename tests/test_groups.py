"""Groups: built-in data, dated membership, observers, suspension, dataset additions and overrides."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from diplotrack.groups import Groups, MembershipStatus
from diplotrack.loader import Dataset, load_dataset
from tests.support import TODAY


@pytest.fixture
def groups(valid: Dataset) -> Groups:
    return valid.groups


def test_builtin_groups_are_all_there(groups: Groups) -> None:
    ids = {g.id for g in groups.groups}
    expected = {"ots", "csto", "cis", "eaeu", "sco", "eu", "nato", "brics", "g7", "g20", "asean"}
    assert expected | {"south-caucasus", "central-asia"} <= ids


def test_groups_are_found_by_id_name_and_alias(groups: Groups) -> None:
    for text in ("ots", "OTS", "Organization of Turkic States", "Turkic Council", "turkic council"):
        group = groups.find(text)
        assert group is not None, text
        assert group.id == "ots"


def test_uzbekistan_joins_ots_in_october_2019(groups: Groups) -> None:
    ots = groups.find("ots")
    assert ots is not None
    assert not ots.includes("UZ", dt.date(2018, 6, 1))
    assert not ots.includes("UZ", dt.date(2019, 10, 14))
    assert ots.includes("UZ", dt.date(2020, 1, 1))
    assert ots.includes("KZ", dt.date(2009, 10, 3))


def test_observers_count_only_when_asked(groups: Groups) -> None:
    ots = groups.find("ots")
    assert ots is not None
    assert ots.status_on("HU", dt.date(2023, 11, 1)) is MembershipStatus.OBSERVER
    assert not ots.includes("HU", dt.date(2023, 11, 1))
    assert ots.includes("HU", dt.date(2023, 11, 1), include_observers=True)
    assert not ots.includes("TM", dt.date(2020, 1, 1), include_observers=True)


def test_armenia_froze_but_did_not_leave_the_csto(groups: Groups) -> None:
    csto = groups.find("CSTO")
    assert csto is not None
    armenia = [m for m in csto.memberships if m.code == "AM"]
    assert [m.status for m in armenia] == [MembershipStatus.MEMBER]
    assert csto.status_on("AM", dt.date(2024, 3, 1)) is MembershipStatus.MEMBER
    assert armenia[0].note is not None and "freeze" in armenia[0].note


def test_azerbaijan_left_the_cis_for_a_year(groups: Groups) -> None:
    cis = groups.find("CIS")
    assert cis is not None
    assert cis.status_on("AZ", dt.date(1992, 3, 1)) is MembershipStatus.MEMBER
    assert cis.status_on("AZ", dt.date(1993, 3, 1)) is not MembershipStatus.MEMBER
    assert cis.status_on("AZ", dt.date(1994, 3, 1)) is MembershipStatus.MEMBER


def test_suspended_members_never_count(tmp_path: Path) -> None:
    (tmp_path / "groups").mkdir()
    (tmp_path / "groups" / "club.yaml").write_text(
        "id: club\nname: Club\nmembers:\n  - {country: AM, from: 2000, to: 2023}\n"
        "  - {country: AM, from: 2024, status: suspended}\n",
        encoding="utf-8",
    )
    club = load_dataset(tmp_path).groups.find("club")
    assert club is not None
    assert club.includes("AM", dt.date(2020, 1, 1))
    assert not club.includes("AM", dt.date(2024, 3, 1), include_observers=True)


def test_regions(groups: Groups) -> None:
    caucasus = groups.find("south-caucasus")
    assert caucasus is not None
    assert caucasus.members_on(dt.date(2024, 1, 1)) == ["AM", "AZ", "GE"]


def test_a_dataset_adds_groups(groups: Groups) -> None:
    caspian = groups.find("Caspian Five")
    assert caspian is not None
    assert "IR" in caspian.members_on(TODAY)


def test_a_dataset_group_replaces_the_builtin_one(tmp_path: Path) -> None:
    (tmp_path / "visits").mkdir()
    (tmp_path / "groups").mkdir()
    (tmp_path / "groups" / "ots.yaml").write_text(
        "id: ots\nname: Turkic club\nmembers:\n  - {country: TR, from: 2000}\n", encoding="utf-8"
    )
    groups = load_dataset(tmp_path).groups
    ots = groups.find("ots")
    assert ots is not None
    assert ots.name == "Turkic club"
    assert ots.members_on(TODAY) == ["TR"]
    assert groups.find("Organization of Turkic States") is None


def test_builtin_group_files_cite_sources(groups: Groups) -> None:
    for group in groups.groups:
        if group.id != "caspian":
            assert group.sources, group.id
