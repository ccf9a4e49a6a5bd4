"""Claim checks and bilateral histories: ``first`` and ``pair`` as Rich renderables or JSON."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence

from rich.console import Group, RenderableType
from rich.text import Text

from diplotrack.choices import TimelineBy
from diplotrack.claims import FirstResult, PairResult, years_since
from diplotrack.model import Visit
from diplotrack.render.common import date_range, person_label, visit_data
from diplotrack.render.display import display, json_text, text, text_lines
from diplotrack.render.layout import FittedTable, Spec
from diplotrack.render.timeline import timeline
from diplotrack.render.visits import DEFAULT_COLUMNS, ListColumn, visits_table


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _one_line(visit: Visit) -> Text:
    origin = visit.visitor.country.country.name if visit.visitor.country else "?"
    kind = visit.type.value if visit.type else "visit"
    if visit.event:
        kind += f", {visit.event}"
    return text(
        f"{date_range(visit.start, visit.end)}: {person_label(visit.visitor)} of {origin} → "
        f"{visit.destination.country.country.name} ({kind}) [{visit.id}]"
    )


def first_report(result: FirstResult, today: dt.date) -> RenderableType:
    """The answer first, then the evidence: the window's count and what came before."""
    since = f" on or after {result.since}" if result.since else ""
    parts: list[RenderableType] = []
    if result.match is None:
        parts.append(Text(f"No {_ordinal(result.nth)} matching visit{since}.", style="bold"))
    else:
        parts.append(Text(f"The {_ordinal(result.nth)} matching visit{since}:", style="bold"))
        # The id goes on a line of its own, as the command that shows the record in full.
        parts.append(
            visits_table([result.match], today, [c for c in DEFAULT_COLUMNS if c is not ListColumn.ID])
        )
        parts.append(text(f"In full: diplotrack show {result.match.id}", "dim"))
    parts.append(Text(f"Matching visits in the window: {result.count}"))
    if result.left_out:
        parts.append(_left_out_line(result.left_out))
    if result.since is not None:
        if result.previous is None:
            parts.append(Text(f"Before {result.since}: no matching visit in the data."))
        else:
            line = Text(f"Last matching visit before {result.since}: ")
            line.append_text(_one_line(result.previous))
            parts.append(line)
    return Group(*parts)


def _left_out_line(count: int) -> Text:
    return Text(
        f"Not counted: {count} matching visit(s) that did not happen (cancelled, postponed, planned or "
        "confirmed as of --as-of); add --status to count them.",
        style="dim",
    )


def first_json(result: FirstResult, today: dt.date) -> str:
    """``{"match": record|null, "count": N, "previous": record|null}``."""
    return json_text(
        {
            "match": visit_data(result.match, today) if result.match else None,
            "count": result.count,
            "previous": visit_data(result.previous, today) if result.previous else None,
            "left_out_for_status": result.left_out,
        }
    )


def pair_json(result: PairResult, today: dt.date) -> str:
    """``{"a": code, "b": code, "a_to_b": [records], "b_to_a": [records]}``."""
    return json_text(
        {
            "a": result.a.code,
            "b": result.b.code,
            "a_to_b": [visit_data(v, today) for v in result.a_to_b],
            "b_to_a": [visit_data(v, today) for v in result.b_to_a],
            "left_out_for_status": result.left_out,
        }
    )


def _by_type(visits: Sequence[Visit]) -> str:
    counts = Counter(v.type.value if v.type else "unspecified" for v in visits)
    return ", ".join(f"{n} {kind}" for kind, n in counts.most_common()) or "none"


def pair_report(result: PairResult, today: dt.date) -> RenderableType:
    """Counts by type each way, the last visit each way, unreturned visits, and a timeline."""
    a, b = result.a.label, result.b.label

    def last(visits: Sequence[Visit]) -> Text:
        if not visits:
            return Text("never")
        visit = visits[-1]
        return text(f"{date_range(visit.start, visit.end)} ({years_since(visit, today):.1f} years ago), "
                    f"{person_label(visit.visitor)}")  # fmt: skip

    def unreturned(visits: Sequence[Visit]) -> Text:
        return text_lines(f"{date_range(v.start, v.end)} {person_label(v.visitor)}" for v in visits) or Text(
            "none"
        )

    specs = [
        Spec("", no_wrap=True),
        Spec(f"{display(a)} → {display(b)}"),
        Spec(f"{display(b)} → {display(a)}"),
    ]
    rows = [
        [Text("visits"), Text(str(len(result.a_to_b))), Text(str(len(result.b_to_a)))],
        [Text("by type"), text(_by_type(result.a_to_b)), text(_by_type(result.b_to_a))],
        [Text("last"), last(result.a_to_b), last(result.b_to_a)],
        [Text("not yet returned"), unreturned(result.a_unreturned), unreturned(result.b_unreturned)],
    ]
    table = FittedTable(specs, rows, title=text(f"{a} ⇄ {b}", "bold"), show_lines=True)
    history = sorted((*result.a_to_b, *result.b_to_a), key=lambda v: (v.start.first_day, v.id))
    parts: list[RenderableType] = [table]
    if result.left_out:
        parts.append(_left_out_line(result.left_out))
    parts += [Text(""), timeline(history, TimelineBy.YEAR, today=today, title=f"{a} and {b}")]
    return Group(*parts)
