"""The canonical YAML of ``diplotrack.yamlwrite``, written fast enough for 100,000 records.

PyYAML's pure-Python emitter needs about 2.5 ms a record, which would make generating the 100k datasets
take longer than benchmarking them. Records of plain mappings, lists and strings are laid out here by
hand; each string goes through :func:`scalar`, which writes text that is safe as a plain scalar as it is
and asks ``yamlwrite`` itself (memoised) for anything else. ``synth.write`` compares the output with
``dump_record``/``dump_records`` for the first records of every dataset, and a test does for 1,000.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from typing import Any

from diplotrack.yamlwrite import dump_record

_PLAIN = re.compile(r"[A-Za-z][\w.,;:()/'&?=%+-]*(?: [\w.,;:()/'&?=%+-]+)*")
"""Text PyYAML writes plain, unless it has ``: `` or ends with ``:`` (checked apart): a letter first, then
letters, digits, single spaces and harmless punctuation."""
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}(?:-[0-9]{2})?")
"""Dates stay plain: ``yamlwrite`` drops the timestamp resolver, and no other resolver takes them."""
_SPECIAL = {
    "y", "Y", "n", "N", "yes", "Yes", "YES", "no", "No", "NO", "true", "True", "TRUE", "false", "False", "FALSE",
    "on", "On", "ON", "off", "Off", "OFF", "null", "Null", "NULL",
}  # fmt: skip
"""Words a YAML 1.1 reader takes for booleans or null: ``yamlwrite`` quotes them."""


def scalar(text: str) -> str:
    """A string as ``yamlwrite`` writes it in a block mapping or list."""
    if _DATE.fullmatch(text):
        return text
    if _PLAIN.fullmatch(text) and text not in _SPECIAL:
        # Text that cannot be plain but has nothing to escape is single-quoted.
        return f"'{text.replace(chr(39), chr(39) * 2)}'" if ": " in text or text.endswith(":") else text
    return _quoted(text)


@functools.lru_cache(maxsize=65536)
def _quoted(text: str) -> str:
    written = dump_record({"k": text})
    return written[len("k: ") : -1]


def _lines(value: Any, indent: int, out: list[str]) -> None:
    pad = " " * indent
    if isinstance(value, Mapping):
        for key, item in value.items():
            if isinstance(item, str):
                out.append(f"{pad}{key}: {scalar(item)}")
            else:
                out.append(f"{pad}{key}:")
                _lines(item, indent + 2, out)
    else:
        for item in value:
            if isinstance(item, str):
                out.append(f"{pad}- {scalar(item)}")
            else:
                first = len(out)
                _lines(item, indent + 2, out)
                out[first] = f"{pad}- {out[first][indent + 2 :]}"


def record_text(record: Mapping[str, Any]) -> str:
    """One record as a YAML mapping: ``yamlwrite.dump_record(record)``."""
    out: list[str] = []
    _lines(record, 0, out)
    return "\n".join(out) + "\n"


def records_text(records: Sequence[Mapping[str, Any]]) -> str:
    """Records as a YAML list: ``yamlwrite.dump_records(records)``."""
    out: list[str] = []
    _lines(records, 0, out)
    return "\n".join(out) + "\n" if out else ""
