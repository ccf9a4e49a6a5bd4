"""From sentences to visits: who went where, when, to meet whom, about what — with where each value came from.

A sentence *reports a visit* when it has a visit word ("Besuch", "arrived", "прибыл", a summit) and names a
destination: a city (Jerewan → Armenia), a country's capital ("Armeniens Hauptstadt"), a country after a
word of direction or next to the visit word ("in Armenien", "visited Armenia", "в Киргизию"), or — for a
journey "zu Gesprächen mit" someone — the country of the person met. A country next to an office or a
name ("Kasachstans Präsident", "президент Казахстана") describes a person, not a destination. The visitor
is a registry person of another country named in the sentence, else the visitor of a recent sentence ("er").

Sentences reporting the same visitor and destination make one visit. Sentences about talks that name the
visitor and someone of the destination country add hosts (and topics) to that visit. The main visit is the
one dated nearest the publication date, then the one reported most, then the first; the others follow.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from diplotrack.countries import CountryResolver
from diplotrack.dates import PartialDate, Precision
from diplotrack.draft import classify
from diplotrack.draft.datefind import DateMention, find_dates, find_duration
from diplotrack.draft.finding import Finder, Kind, Mention, cue_words
from diplotrack.draft.lexicon import Language, Lexicon
from diplotrack.draft.text import Sentence
from diplotrack.draft.written import WrittenPerson, find_written, is_written
from diplotrack.people import Person, Registry
from diplotrack.roles import classify_role

_NEAR = 2
"""Words between a country and an office or name for the country to describe that person."""


@dataclass(frozen=True)
class Note:
    """Where a value came from: the sentence and its words, and why to check it (``None``: no doubt)."""

    sentence: int | None = None
    words: str | None = None
    check: str | None = None


@dataclass
class _Reading:
    """What one sentence says."""

    sentence: Sentence
    mentions: list[Mention]
    visit: bool
    talks: bool
    summit: bool
    roles: set[int]
    capital: set[int]
    toward: set[int]

    def people(self) -> list[Mention]:
        return [m for m in self.mentions if m.kind is Kind.PERSON]


@dataclass
class Visit:
    """A visit being drafted: its visitor and destination, and the sentences that report it."""

    visitor: Mention
    destination: str
    destination_note: Note
    sentences: list[int] = field(default_factory=list)
    carried: bool = False
    """The visitor came from an earlier sentence ("er", "he")."""

    @property
    def key(self) -> tuple[str, str]:
        return self.visitor.key, self.destination


@dataclass(frozen=True)
class Facts:
    """Everything a draft record is made of, with a note per field path."""

    visit: Visit
    person: Person | None
    """The visitor from the registry; ``None`` for a visitor named as written (``written``)."""
    written: WrittenPerson | None
    start: PartialDate
    end: PartialDate | None
    places: tuple[str, ...]
    hosts: tuple[tuple[Person, Mention], ...]
    type: str | None
    event: str | None
    topics: tuple[str, ...]
    notes: dict[str, Note]


class Assembler:
    """Reads the sentences of one text and assembles its visits."""

    def __init__(
        self,
        sentences: Sequence[Sentence],
        language: Language,
        published: dt.date | None,
        registry: Registry,
        countries: CountryResolver,
        lexicon: Lexicon,
    ) -> None:
        self.sentences = {s.number: s for s in sentences}
        self.language = language
        self.published = published
        self.registry = registry
        self.countries = countries
        self.lexicon = lexicon
        self.finder = Finder(registry, countries, lexicon, language, published)
        self.readings = {s.number: self._read(s) for s in sentences}
        # People the registry does not know, named after a title; then read again to find them everywhere.
        mentions = {n: r.mentions for n, r in self.readings.items()}
        found = find_written(sentences, mentions, language, lexicon)
        self.written = {person.key: person for person in found}
        if found:
            self.finder.add_written(found)
            self.readings = {s.number: self._read(s) for s in sentences}

    def _read(self, sentence: Sentence) -> _Reading:
        lang, lex = self.language, self.lexicon
        types = classify.visit_types(sentence, lang, lex)
        return _Reading(
            sentence,
            self.finder.find(sentence),
            visit=lex.visit.search(sentence.text, lang) is not None or bool(types),
            talks=lex.talks.search(sentence.text, lang) is not None,
            summit=any(t.value == "summit" for t in types),
            roles=cue_words(sentence, lex.role.patterns[lang]),
            capital=cue_words(sentence, lex.capital.patterns[lang]),
            toward=cue_words(sentence, lex.toward.patterns[lang]),
        )

    # --- visits -----------------------------------------------------------------------------------------

    def visits(self) -> list[Visit]:
        """The visits the text reports, in the order they are first reported."""
        found: dict[tuple[str, str], Visit] = {}
        last_visitor: Mention | None = None
        for number, reading in self.readings.items():
            if not reading.visit:
                continue
            destination, note = self._destination(reading, last_visitor)
            if destination is None:
                continue  # the people of a sentence without a destination may be hosts: they are not "er"

            others = [m for m in reading.people() if m.country != destination]
            # A person named as written is the visitor only when no registry person is.
            visitors = [m for m in others if not is_written(m.key)] or others
            carried = False
            if not visitors and last_visitor is not None and last_visitor.country != destination:
                visitors, carried = [last_visitor], True
            for visitor in visitors:
                visit = found.get((visitor.key, destination))
                if visit is None:
                    visit = found[visitor.key, destination] = Visit(
                        visitor, destination, note, carried=carried
                    )
                visit.sentences.append(number)
            if visitors:
                last_visitor = visitors[0]
        self._attach_talks(found)
        return list(found.values())

    def _destination(self, reading: _Reading, last_visitor: Mention | None) -> tuple[str | None, Note]:
        """The country a visit sentence names as destination, scored by how it names it."""
        scores: dict[str, tuple[float, Mention]] = {}

        def add(code: str, score: float, mention: Mention) -> None:
            if code not in scores or scores[code][0] < score:
                scores[code] = (score, mention)

        people = reading.people()
        person_words = {i for m in people for i in range(m.first, m.last + 1)}
        visit_words = cue_words(reading.sentence, self.lexicon.visit.patterns[self.language])
        for mention in reading.mentions:
            if mention.kind is Kind.PLACE:
                add(mention.country, 3.0, mention)
            elif mention.kind is Kind.COUNTRY:
                span = range(mention.first - _NEAR, mention.last + _NEAR + 1)
                if any(i in reading.capital for i in span):
                    add(mention.key, 3.0, mention)
                elif any(i in reading.roles or i in person_words for i in span):
                    continue  # "Kasachstans Präsident", "seinem aserbaidschanischen Amtskollegen"
                elif (mention.first - 1) in reading.toward or any(i in visit_words for i in span):
                    add(mention.key, 2.0, mention)
                elif not mention.adjective:
                    add(mention.key, 1.0, mention)
        if reading.talks:
            for person in people:  # "zu Gesprächen mit ... Alijew gereist": to the country of the person met
                if person.country:  # "": a person named as written, of a country the text does not give
                    add(person.country, 1.0, person)
        visitors = {m.country for m in people} or ({last_visitor.country} if last_visitor else set())
        ranked = sorted(
            ((score, code, mention) for code, (score, mention) in scores.items()),
            key=lambda item: -item[0],
        )
        for score, code, mention in ranked:
            if any(v != code for v in visitors):
                check = None
                if mention.kind is Kind.PERSON:
                    check = "the destination is the country of the person met; the text does not name it"
                elif score < 2:
                    check = "the country is named, but not clearly as the destination"
                return code, Note(reading.sentence.number, mention.written, check)
        return None, Note()

    def _attach_talks(self, found: dict[tuple[str, str], Visit]) -> None:
        """Sentences that add to a visit without reporting one themselves.

        Talks naming a visitor and someone of their destination belong to that visit. A sentence about a
        reception or the talks that names only people of a destination ("Erdoğan empfing ihn", "leaders
        gathered in Bishkek for the summit hosted by Japarov") belongs to every visit there.
        """
        claimed = {n for visit in found.values() for n in visit.sentences}
        for number, reading in self.readings.items():
            if not (reading.talks or reading.visit):
                continue
            people = reading.people()
            countries = {m.country for m in people}
            places = {m.country for m in reading.mentions if m.kind is Kind.PLACE}
            for visit in found.values():
                if number in visit.sentences:
                    continue
                talks = (
                    reading.talks
                    and visit.visitor.key in {m.key for m in people}
                    and visit.destination in countries
                )
                only_hosts = number not in claimed and (
                    (people and countries == {visit.destination})
                    or (reading.summit and not people and visit.destination in places)
                )
                if talks or only_hosts:
                    visit.sentences.append(number)
                    visit.sentences.sort()

    # --- facts of one visit -----------------------------------------------------------------------------

    def facts(self, visit: Visit, own: set[int]) -> Facts | None:
        """The record's values for a visit; ``own`` are the sentences that speak of it (for topics)."""
        person = self.registry.get(visit.visitor.key)
        written = self.written.get(visit.visitor.key)
        if person is None and written is None:
            return None
        notes: dict[str, Note] = {}
        dated = self._start(visit, notes)
        if dated is None:
            return None
        start, end = dated
        first, last = start.first_day, (end or start).last_day
        sentence = visit.visitor.sentence
        check = None
        if visit.carried:
            check = f"the sentence names no one; the visitor is the one of an earlier sentence: {visit.visitor.written}"
        elif visit.visitor.surname_only:
            check = f"found by the surname only ({visit.visitor.written!r}); the only one in office then"
        if written is not None:
            self._written_notes(visit, written, notes)
        else:
            assert person is not None
            notes["visitor.name"] = Note(sentence, visit.visitor.written, check)
            office = next(iter(person.offices_during(first, last)), None)
            notes["visitor.role"] = (
                Note(check=None)
                if office
                else Note(check="the registry has no office of this person on these dates")
            )
        notes["destination.country"] = visit.destination_note
        places = self._places(visit, notes)
        hosts = self._hosts(visit, first, last, notes)
        visit_type, event = self._type(visit, notes)
        topics = self._topics(own, notes)
        return Facts(visit, person, written, start, end, places, hosts, visit_type, event, topics, notes)

    def _written_notes(self, visit: Visit, written: WrittenPerson, notes: dict[str, Note]) -> None:
        """Name, role and country of a visitor the registry does not know: all from the text, all to check."""
        carried = " (the visitor of an earlier sentence)" if visit.carried else ""
        notes["visitor.name"] = Note(
            written.sentence,
            written.name,
            "not in the person registry: the name as the text writes it"
            f"{carried}; correct the spelling, or add the person to people/",
        )
        office = classify_role(written.role)
        notes["visitor.role"] = Note(
            written.sentence,
            written.title_words,
            f"not from the registry: the text's title {written.title_words!r} read as {written.role}"
            + (f" ({office})" if office else ""),
        )
        if written.country:
            notes["visitor.country"] = Note(
                written.sentence,
                written.country_words,
                f"not from the registry: the text's {written.country_words!r}",
            )
        else:
            notes["visitor.country"] = Note(
                written.sentence,
                None,
                "the text does not say which country the visitor represents: add visitor.country (required)",
            )

    def _start(self, visit: Visit, notes: dict[str, Note]) -> tuple[PartialDate, PartialDate | None] | None:
        """The visit's first (and last) day, from the dates of its sentences."""
        mentions: list[DateMention] = []
        for number in visit.sentences:
            mentions += find_dates(self.sentences[number], self.language, self.published, self.lexicon)

        def rank(m: DateMention) -> tuple[int, int, int]:
            distance = abs((m.first - self.published).days) if self.published else 0
            week = m.relative and m.is_range
            return (0 if m.precision is Precision.DAY and not week else 1, int(m.relative), distance)

        if not mentions:
            if self.published is None:
                return None
            notes["start"] = Note(
                check=f"the text gives no date for this visit: the publication date, {self.published}"
            )
            return PartialDate.from_date(self.published), None
        best = min(mentions, key=rank)
        # Days of one visit a few days apart ("arrived on Tuesday ... met on Wednesday"): the first is the start.
        close = [
            m
            for m in mentions
            if rank(m)[:2] == rank(best)[:2] and not m.is_range and abs((m.first - best.first).days) <= 3
        ]
        if not best.is_range and close:
            best = min(close, key=lambda m: m.first)
        start: PartialDate
        end: PartialDate | None = None
        check: str | None = None
        if best.relative and best.is_range:  # "last week": a week, known only to the month
            start = PartialDate(best.first.year, best.first.month)
            if (best.last.year, best.last.month) != (best.first.year, best.first.month):
                end = PartialDate(best.last.year, best.last.month)
            check = (
                f"the text says {best.written!r}: {best.first} to {best.last}; give the day if you know it"
            )
        elif best.precision is Precision.MONTH:
            start = PartialDate(best.first.year, best.first.month)
            check = f"the text gives only the month ({best.written!r})"
        else:
            start = PartialDate.from_date(best.first)
            if best.is_range:
                end = PartialDate.from_date(best.last)
            if best.relative:
                check = f"{best.written!r} read as {best.first:%A} {best.first}, counted from the publication date {self.published}"
        notes["start"] = Note(best.sentence, best.written, check)
        if end is None and start.precision is Precision.DAY:
            # The length may stand in the sentence after a report ("Der Besuch dauert zwei Tage.").
            near = sorted({*visit.sentences, *(n + 1 for n in visit.sentences if n + 1 in self.sentences)})
            for number in near:
                duration = find_duration(self.sentences[number], self.language, self.lexicon)
                if duration is not None:
                    days, words = duration
                    end = PartialDate.from_date(best.first + dt.timedelta(days=days - 1))
                    notes["end"] = Note(number, words, f"{words!r}: {days} days from the start")
                    break
        elif end is not None and "end" not in notes:
            notes["end"] = Note(best.sentence, best.written)
        return start, end

    def _places(self, visit: Visit, notes: dict[str, Note]) -> tuple[str, ...]:
        places: list[str] = []
        words: list[str] = []
        first_sentence: int | None = None
        check = None
        for number in visit.sentences:
            reading = self.readings[number]
            named = [m for m in reading.mentions if m.kind is Kind.PLACE and m.country == visit.destination]
            for mention in named:
                if mention.key not in places:
                    places.append(mention.key)
                    words.append(mention.written)
                    first_sentence = first_sentence or number
            if not named:
                for mention in reading.mentions:
                    near = range(mention.first - _NEAR, mention.last + _NEAR + 1)
                    capital = self.lexicon.capital_of(visit.destination)
                    if (
                        mention.kind is Kind.COUNTRY
                        and mention.key == visit.destination
                        and capital is not None
                        and any(i in reading.capital for i in near)
                        and capital.name not in places
                    ):
                        places.append(capital.name)
                        words.append(mention.written)
                        first_sentence = first_sentence or number
                        check = (
                            f"the text names the capital without its name; {capital.name} is the capital now"
                        )
        if places:
            notes["destination.places"] = Note(first_sentence, ", ".join(words), check)
        return tuple(places)

    def _hosts(
        self, visit: Visit, first: dt.date, last: dt.date, notes: dict[str, Note]
    ) -> tuple[tuple[Person, Mention], ...]:
        hosts: dict[str, tuple[Person, Mention]] = {}
        for number in visit.sentences:
            for mention in self.readings[number].people():
                person = self.registry.get(mention.key)
                if person is not None and mention.country == visit.destination and person.id not in hosts:
                    hosts[person.id] = (person, mention)
        for index, (person, mention) in enumerate(hosts.values()):
            check = None
            if mention.surname_only:
                check = f"found by the surname only ({mention.written!r}); the only one in office then"
            if not person.offices_during(first, last):
                check = "the registry has no office of this person on these dates"
            notes[f"hosts.{index}"] = Note(mention.sentence, mention.written, check)
        return tuple(hosts.values())

    def _type(self, visit: Visit, notes: dict[str, Note]) -> tuple[str | None, str | None]:
        found: list[classify.Found] = []
        events: list[classify.Found] = []
        for number in visit.sentences:
            sentence = self.sentences[number]
            found += classify.visit_types(sentence, self.language, self.lexicon)
            if self.readings[number].summit:
                named = classify.event(sentence, self.language, self.lexicon)
                if named is not None:
                    events.append(named)
        event = events[0] if events else None
        if not found:
            return None, None
        summit = next((f for f in found if f.value == "summit"), None)
        chosen = summit or found[0]
        others = sorted({f.words for f in found if f.value != chosen.value})
        check = None
        if others and chosen is not summit:
            check = (
                f"the text also says {', '.join(repr(o) for o in others)}; records follow the host's wording"
            )
        notes["type"] = Note(chosen.sentence, chosen.words, check)
        if summit is not None:
            if event is None:
                notes["type"] = Note(
                    chosen.sentence,
                    chosen.words,
                    "a summit, but the text names no organisation I know: add `event`",
                )
            else:
                notes["event"] = Note(
                    event.sentence, event.words, "check the event's name against the dataset's"
                )
        return chosen.value, (event.value if event and summit else None)

    def _topics(self, own: set[int], notes: dict[str, Note]) -> tuple[str, ...]:
        found: list[classify.Found] = []
        for number in sorted(own):
            found += classify.topics(self.sentences[number], self.language, self.lexicon)
        tags = tuple(dict.fromkeys(f.value for f in found))
        if tags:
            words = ", ".join(dict.fromkeys(f"{f.words} → {f.value}" for f in found))
            notes["topics"] = Note(found[0].sentence, None, f"mapped from words: {words}")
        return tags

    def is_summit(self, visit: Visit) -> bool:
        """Whether a sentence of the visit speaks of a summit."""
        return any(self.readings[n].summit for n in visit.sentences)

    def topic_sentences(self, visit: Visit, others: Sequence[Visit], main: bool) -> set[int]:
        # ``others``: every visit of the text, the main one first.
        """A visit's sentences; for the main visit (and the other visits to the same summit) also the talks
        and the sentences naming its visitor that are not about another visit."""
        own = set(visit.sentences)
        summit = self.is_summit(visit)
        shares = main or (summit and bool(others) and others[0].destination == visit.destination)
        if shares:
            same_summit = {id(o) for o in others if summit and o.destination == visit.destination}
            claimed = {n for o in others if o is not visit and id(o) not in same_summit for n in o.sentences}
            for number, reading in self.readings.items():
                names_visitor = any(m.key == visit.visitor.key for m in reading.people())
                if number not in claimed and (reading.talks or names_visitor):
                    own.add(number)
        return own
