"""Office classes from role text."""

from __future__ import annotations

import pytest

from diplotrack.roles import OfficeClass, classify_role


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("President", OfficeClass.HEAD_OF_STATE),
        ("president of Kazakhstan", OfficeClass.HEAD_OF_STATE),
        ("King", OfficeClass.HEAD_OF_STATE),
        ("Emir", OfficeClass.HEAD_OF_STATE),
        ("Prime Minister", OfficeClass.HEAD_OF_GOVERNMENT),
        ("Chancellor", OfficeClass.HEAD_OF_GOVERNMENT),
        ("Premier", OfficeClass.HEAD_OF_GOVERNMENT),
        ("Chairman of the Cabinet of Ministers of Kyrgyzstan", OfficeClass.HEAD_OF_GOVERNMENT),
        ("Minister of Foreign Affairs of Armenia", OfficeClass.FOREIGN_MINISTER),
        ("Foreign Minister", OfficeClass.FOREIGN_MINISTER),
        ("Vice President", None),
        ("Deputy Prime Minister", None),
        ("Speaker", None),
        (None, None),
    ],
)
def test_classify_role(role: str | None, expected: OfficeClass | None) -> None:
    assert classify_role(role) is expected
