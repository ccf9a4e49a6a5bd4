"""Office classes: what kind of office a role is (head of state, of government, foreign minister).

The class of a visitor comes from the person registry when it knows the office held on the
visit's dates; otherwise from the role text, through the table in ``data/roles.yaml``.
"""

from __future__ import annotations

import enum
import functools
from importlib import resources

import yaml

from diplotrack.normalize import normalize


class OfficeClass(enum.StrEnum):
    """The kind of office, for ``--role``."""

    HEAD_OF_STATE = "head-of-state"
    HEAD_OF_GOVERNMENT = "head-of-government"
    FOREIGN_MINISTER = "foreign-minister"
    OTHER = "other"


@functools.cache
def _role_table() -> dict[str, OfficeClass]:
    text = resources.files("diplotrack.data").joinpath("roles.yaml").read_text(encoding="utf-8")
    table: dict[str, list[str]] = yaml.safe_load(text)
    return {normalize(role): OfficeClass(cls) for cls, roles in table.items() for role in roles}


def classify_role(role: str | None) -> OfficeClass | None:
    """The class a role text implies; ``None`` when the table does not know it."""
    if not role:
        return None
    table = _role_table()
    key = normalize(role)
    if key in table:
        return table[key]
    # "President of Kazakhstan", "Minister of Foreign Affairs of Armenia": drop trailing "of …" parts.
    while " of " in key:
        key = key.rsplit(" of ", 1)[0]
        if key in table:
            return table[key]
    return None
