"""``diplotrack draft``: a news report (German, English or Russian) becomes a reviewable visit record.

The pipeline is one way: text → sentences (:mod:`.text`) → people, countries and places through the
registries (:mod:`.finding`, :mod:`.morph`) and dates (:mod:`.datefind`) → visits with their type, event and
topics (:mod:`.assemble`, :mod:`.classify`) → records with a note on each field (:mod:`.record`) → YAML with
``# check:`` comments or JSON (:mod:`.output`). Nothing here prints or writes files; the CLI does.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from diplotrack.countries import CountryResolver
from diplotrack.draft.assemble import Assembler, Facts, Visit
from diplotrack.draft.lexicon import Language, lexicon
from diplotrack.draft.record import Draft, SourceInfo, build
from diplotrack.draft.text import Sentence, detect_language, sentences
from diplotrack.people import Registry
from diplotrack.problems import DiplotrackError

__all__ = ["Draft", "DraftResult", "Language", "NoVisitFound", "SourceInfo", "draft"]


class NoVisitFound(DiplotrackError):
    """The text reports no visit diplotrack can draft (exit status 1)."""


@dataclass(frozen=True)
class DraftResult:
    """The drafts of one text (the main visit first) and the sentences they cite."""

    language: Language
    sentences: tuple[Sentence, ...]
    drafts: tuple[Draft, ...]


def draft(
    text: str,
    registry: Registry,
    countries: CountryResolver,
    *,
    language: Language | None = None,
    published: dt.date | None = None,
    url: str | None = None,
) -> DraftResult:
    """Draft the visits a text reports; :class:`NoVisitFound` when it reports none."""
    found = sentences(text)
    lang = language or detect_language(text)
    assembler = Assembler(found, lang, published, registry, countries, lexicon())
    visits = assembler.visits()
    source = SourceInfo(lang, published, url)
    candidates = []
    for visit in visits:
        facts = assembler.facts(visit, set(visit.sentences))
        if facts is not None:
            candidates.append((visit, facts))
    if not candidates:
        if visits and published is None:
            raise NoVisitFound(
                "the text gives no date for its visit; pass --published DATE (the report's date)"
            )
        raise NoVisitFound(
            "no visit found: the text names no one travelling to another country (a visit needs a visit "
            "word, a visitor of the registry or a title and a name, and a destination); nothing was drafted"
        )

    def rank(item: tuple[Visit, Facts]) -> tuple[int, int, int]:
        visit, facts = item
        days = abs((facts.start.first_day - published).days) if published else 0
        near = 0 if days <= 3 else 1 if days <= 14 else 2
        return near, -len(visit.sentences), visit.sentences[0]

    ordered = sorted(candidates, key=rank)
    main_visit = ordered[0][0]
    all_visits = [v for v, _ in ordered]
    drafts = []
    for index, (visit, _) in enumerate(ordered):
        own = assembler.topic_sentences(visit, all_visits, main=visit is main_visit)
        facts = assembler.facts(visit, own)
        assert facts is not None  # it had facts above, from the same sentences
        drafts.append(build(facts, source, countries, main=index == 0))
    return DraftResult(lang, found, tuple(drafts))
