"""What ``fmt`` shows: unified diffs of files that are not canonical, and a summary line."""

from __future__ import annotations

import difflib
import unicodedata
from collections import Counter
from collections.abc import Sequence

from diplotrack.fmt import Outcome, Status


def visible(line: str) -> str:
    """A line with control and format characters (ESC, bidi overrides) shown as escapes, never acted on."""
    body, end = (line[:-1], "\n") if line.endswith("\n") else (line, "")
    return (
        "".join(
            f"\\u{ord(c):04x}" if c != "\t" and unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") else c
            for c in body
        )
        + end
    )


def diff(outcome: Outcome) -> str:
    """``--- path`` / ``+++ path (formatted)`` and the changed lines, as ``diff -u`` prints them."""
    lines = difflib.unified_diff(
        outcome.original.splitlines(keepends=True),
        outcome.formatted.splitlines(keepends=True),
        fromfile=str(outcome.path),
        tofile=f"{outcome.path} (formatted)",
    )
    return "".join(
        visible(line) if line.endswith("\n") else visible(line) + "\n\\ No newline at end of file\n"
        for line in lines
    )


def summary(outcomes: Sequence[Outcome], check: bool) -> str:
    """``2 files formatted, 58 already canonical, 1 left as it is``."""
    counts = Counter(outcome.status for outcome in outcomes)

    def files(n: int) -> str:
        return f"{n} file{'' if n == 1 else 's'}"

    parts = [
        f"{files(counts[Status.REFORMATTED])} {'would be formatted' if check else 'formatted'}",
        f"{counts[Status.CANONICAL]} already canonical",
    ]
    left = counts[Status.INVALID] + counts[Status.UNSAFE]
    if left:
        parts.append(f"{files(left)} left as {'they are' if left > 1 else 'it is'} (see above)")
    return ", ".join(parts)
