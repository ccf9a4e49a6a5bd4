"""What every exporter shares: its context, and making text safe for formats that forbid control characters."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from diplotrack.people import Registry

# C0 and C1 control characters, except tab and newline, which text may hold.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class ExportContext:
    """What exports depend on besides the visits: "today" and the person registry."""

    today: dt.date
    """For the effective status (``--as-of``)."""
    people: Registry = field(default_factory=Registry)
    """For the visitor's and hosts' office classes."""
    excel: bool = False
    """CSV only: start with a UTF-8 byte-order mark, so Excel reads the file as UTF-8."""


def visible_controls(text: str) -> str:
    r"""Control characters (other than tab and newline) written out as ``\x1b``: text that cannot act on a terminal."""
    return _CONTROLS.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
