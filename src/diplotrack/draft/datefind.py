"""Dates in a sentence: absolute ("15. April 2024", "11-12 марта"), relative to the publication date ("am
Montag", "в четверг", "last week", "vor einem Monat"), and lengths ("zweitägig", "two-day", "продлится два дня").

dateparser's ``search_dates`` finds most of them, with ``RELATIVE_BASE`` set to the publication date (a
weekday means the last such day up to the publication date; in a sentence about the future, the next one).
It also reads ordinary words as dates ("Die" as Dienstag, "zwei Tage" as two days ago), so a match is kept only
when it holds a digit, a month or weekday name, or a relative word of the text's language, and when it lies
within :data:`WINDOW` of the publication date. Day ranges and "last week" are read here, since dateparser
keeps only the first day of a range and does not know "vergangene Woche".
"""

from __future__ import annotations

import datetime as dt
import re
import warnings
from dataclasses import dataclass

from diplotrack.dates import Precision
from diplotrack.draft.lexicon import Language, Lexicon
from diplotrack.draft.text import Sentence

WINDOW = dt.timedelta(days=60)
"""How far from the publication date a visit date may lie."""


def _month_table(names: str) -> dict[str, int]:
    """Month names by number: twelve groups separated by "|", spellings within a group by spaces."""
    return {name: i for i, group in enumerate(names.split("|"), start=1) for name in group.split()}


_MONTHS: dict[Language, dict[str, int]] = {
    Language.DE: _month_table(
        "januar jänner|februar|märz maerz|april|mai|juni|juli|august|september|oktober|november|dezember"
    ),
    Language.EN: _month_table(
        "january jan|february feb|march mar|april apr|may|june jun|july jul|august aug|september sep sept"
        "|october oct|november nov|december dec"
    ),
    Language.RU: _month_table(
        "января январь|февраля февраль|марта март|апреля апрель|мая май|июня июнь|июля июль|августа август"
        "|сентября сентябрь|октября октябрь|ноября ноябрь|декабря декабрь"
    ),
}
_WEEKDAYS = {
    Language.DE: r"montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonnabend|sonntag",
    Language.EN: r"monday|tuesday|wednesday|thursday|friday|saturday|sunday",
    Language.RU: r"понедельник|вторник|сред[аыу]|четверг|пятниц[аыу]|суббот[аыу]|воскресень[ея]",
}
_RELATIVE = {
    Language.DE: r"heute|gestern|vorgestern|morgen|vor (?:einem|einer|\w+) (?:monat|woche|tag)",
    Language.EN: r"today|yesterday|tomorrow|\w+ (?:days?|weeks?|months?) ago",
    Language.RU: r"сегодня|вчера|позавчера|завтра|\w+ (?:дн\w*|недел\w*|месяц\w*) назад|месяц назад",
}
_WEEKS = {
    Language.DE: (
        r"(?:vergangene|letzte|vorige)n? woche",
        r"(?:kommende|nächste)n? woche",
        r"diese[rn]? woche",
    ),
    Language.EN: (r"(?:last|past) week", r"next week", r"this week"),
    Language.RU: (r"на прошлой неделе", r"на следующей неделе", r"на этой неделе"),
}
_ORDINAL = r"(?:st|nd|rd|th)?"


def _month_pattern(language: Language) -> str:
    return "|".join(sorted(_MONTHS[language], key=len, reverse=True))


def _range_patterns(language: Language) -> tuple[re.Pattern[str], ...]:
    """Patterns with groups ``d1``, ``d2``, ``m`` and an optional ``y``."""
    month = f"(?P<m>{_month_pattern(language)})"
    year = r"(?:,?\s+(?P<y>\d{4}))?"
    if language is Language.DE:
        sources = [
            rf"(?:vom\s+)?(?P<d1>\d{{1,2}})\.?\s*(?:[-–—]|bis(?:\s+zum)?)\s*(?P<d2>\d{{1,2}})\.\s*{month}\.?{year}"
        ]
    elif language is Language.EN:
        sources = [
            rf"(?P<d1>\d{{1,2}}){_ORDINAL}\s*(?:[-–—]|to|and)\s*(?P<d2>\d{{1,2}}){_ORDINAL}\s+(?:of\s+)?{month}\.?{year}",
            rf"{month}\.?\s+(?P<d1>\d{{1,2}}){_ORDINAL}\s*(?:[-–—]|to|and)\s*(?P<d2>\d{{1,2}}){_ORDINAL}{year}",
        ]
    else:
        sources = [rf"(?:с\s+)?(?P<d1>\d{{1,2}})\s*(?:[-–—]|по|и)\s*(?P<d2>\d{{1,2}})\s+{month}{year}"]
    return tuple(re.compile(rf"(?<!\w){s}(?!\w)", re.IGNORECASE) for s in sources)


@dataclass(frozen=True)
class DateMention:
    """A date (or span of days) a sentence names."""

    sentence: int
    written: str
    first: dt.date
    last: dt.date
    precision: Precision
    relative: bool = False
    """Resolved against the publication date."""
    start: int = 0
    """Where it starts in the sentence (characters)."""

    @property
    def is_range(self) -> bool:
        """Whether it names several days ("11-12 March", "last week")."""
        return self.precision is Precision.DAY and self.last != self.first


def _year_for(month: int, day: int, published: dt.date | None, year: str | None) -> int | None:
    if year:
        return int(year)
    if published is None:
        return None
    # The year that puts the date nearest the publication date ("15 December" read in January: last year).
    candidates = [published.year - 1, published.year, published.year + 1]
    return min(candidates, key=lambda y: abs((_safe_date(y, month, day) or dt.date.max) - published).days
               if _safe_date(y, month, day) else 10**6)  # fmt: skip


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _plausible(mention: DateMention, published: dt.date | None) -> bool:
    if mention.precision is Precision.YEAR:
        return False  # "2020" alone never dates a reported visit
    if published is None:
        return not mention.relative
    return mention.first <= published + WINDOW and mention.last >= published - WINDOW


def find_dates(
    sentence: Sentence, language: Language, published: dt.date | None, lexicon: Lexicon
) -> list[DateMention]:
    """The plausible dates of a sentence, in order."""
    text = sentence.text
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    months = _MONTHS[language]
    for pattern in _range_patterns(language):
        for match in pattern.finditer(text):
            month = months[match["m"].casefold()]
            year = _year_for(month, int(match["d1"]), published, match["y"])
            first = _safe_date(year, month, int(match["d1"])) if year else None
            last = _safe_date(year, month, int(match["d2"])) if year else None
            if first and last and first <= last:
                found.append(
                    DateMention(
                        sentence.number, match.group(), first, last, Precision.DAY, start=match.start()
                    )
                )
                taken.append(match.span())
    if published is not None:
        for offset, week in zip((-1, 1, 0), _WEEKS[language], strict=True):
            for match in re.finditer(rf"(?<!\w){week}(?!\w)", text, re.IGNORECASE):
                monday = published - dt.timedelta(days=published.weekday()) + dt.timedelta(weeks=offset)
                found.append(
                    DateMention(
                        sentence.number,
                        match.group(),
                        monday,
                        monday + dt.timedelta(days=6),
                        Precision.DAY,
                        relative=True,
                        start=match.start(),
                    )
                )
                taken.append(match.span())
    future = lexicon.future.search(text, language) is not None
    for written, start, day in _search(text, language, published, future):
        end = start + len(written)
        if any(start < b and end > a for a, b in taken):
            continue
        mention = _classify(sentence.number, written, start, day, language, published)
        if mention is not None:
            found.append(mention)
    return sorted((m for m in found if _plausible(m, published)), key=lambda m: m.start)


def _search(
    text: str, language: Language, published: dt.date | None, future: bool
) -> list[tuple[str, int, dt.date]]:
    from dateparser.search import search_dates  # imported when needed: it loads its language data

    # dateparser's default reads a weekday as the last one up to the base date, the base day included (a
    # report published on Monday about "am Montag" means that day); "past" would skip the base day.
    settings: dict[str, object] = {"PREFER_DATES_FROM": "future"} if future else {}
    if published is not None:
        settings["RELATIVE_BASE"] = dt.datetime.combine(published, dt.time())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # dateparser warns about its own use of deprecated APIs
        results = search_dates(text, languages=[language.value], settings=settings) or []
    found: list[tuple[str, int, dt.date]] = []
    position = 0
    for written, moment in results:
        start = text.find(written, position)
        if start < 0:
            start = text.find(written)
        position = max(position, start + 1)
        found.append((written, start, moment.date()))
    return found


def _classify(
    number: int, written: str, start: int, day: dt.date, language: Language, published: dt.date | None
) -> DateMention | None:
    """What a dateparser match means, or ``None`` when it is an ordinary word read as a date."""
    lowered = written.casefold()
    weekday = re.search(rf"(?<!\w)(?:{_WEEKDAYS[language]})(?!\w)", lowered)
    relative = re.search(rf"(?<!\w)(?:{_RELATIVE[language]})(?!\w)", lowered)
    month = re.search(rf"(?<!\w)(?:{_month_pattern(language)})(?!\w)", lowered)
    year = re.search(r"(?<!\d)\d{4}(?!\d)", lowered)
    day_number = re.search(r"(?<!\d)\d{1,2}(?!\d)", re.sub(r"\d{4}", "", lowered))
    if weekday or (relative and not re.search(r"monat|month|месяц", lowered)):
        if published is None:
            return None
        return DateMention(number, written, day, day, Precision.DAY, relative=True, start=start)
    if relative:  # "vor einem Monat": only the month is meant
        return _month(number, written, start, day, relative=True)
    if month and day_number:
        return DateMention(number, written, day, day, Precision.DAY, relative=not year, start=start)
    if month or re.fullmatch(r"\s*\d{4}-\d{2}\s*", lowered):
        return _month(number, written, start, day, relative=not year)
    if re.search(r"\d{1,2}[./]\d{1,2}[./]\d{2,4}|\d{4}-\d{2}-\d{2}", lowered):
        return DateMention(number, written, day, day, Precision.DAY, start=start)
    if year and not day_number and re.fullmatch(r"\D*\d{4}\D*", lowered):
        return DateMention(
            number, written, dt.date(day.year, 1, 1), dt.date(day.year, 12, 31), Precision.YEAR, start=start
        )
    return None  # "Die", "zwei Tage", "Wochen": no digit, month, weekday or relative word


def _month(number: int, written: str, start: int, day: dt.date, relative: bool) -> DateMention:
    first = day.replace(day=1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    return DateMention(
        number,
        written,
        first,
        following - dt.timedelta(days=1),
        Precision.MONTH,
        relative=relative,
        start=start,
    )


def find_duration(sentence: Sentence, language: Language, lexicon: Lexicon) -> tuple[int, str] | None:
    """The length in days a sentence gives ("zweitägigen", "two-day", "продлится два дня"), with its words."""
    for pattern in lexicon.duration[language]:
        for match in pattern.finditer(sentence.text):
            word = match["n"].casefold()
            days = int(word) if word.isdigit() else lexicon.numbers[language].get(word)
            if days is not None and 1 < days < 15:
                return days, match.group()
    return None
