"""The one text normaliser: the matching key of a name, a tag or a search term.

Countries, people, groups, roles and query filters all compare text through :func:`normalize`, so
"Kassym Jomart Tokayev" finds "Kassym-Jomart Tokayev", "Guinea Bissau" finds "Guinea-Bissau",
"Iğdır" finds "Igdir" and "Straße" finds "Strasse" everywhere alike.
"""

from __future__ import annotations

import functools
import unicodedata

# Punctuation that people write in many ways: apostrophes and dashes separate words, dots vanish ("U.S.").
_PUNCTUATION: dict[int, str | None] = {
    ord(char): " " for char in "-_\u2010\u2011\u2012\u2013\u2014\u2212'\u2018\u2019\u02bc\u02b9`\u00b4,()/"
}
_PUNCTUATION |= {ord("."): None, ord("&"): " and "}

# Accents are the combining marks of the alphabets (Latin, Greek, Cyrillic, ... up to U+08FF, and the generic
# combining blocks). Marks of Indic, Thai or Japanese script are kept: there they tell different names apart.
_ACCENT_BLOCKS = (range(0x0300, 0x0900), range(0x1AB0, 0x1B00), range(0x1DC0, 0x1E00), range(0x20D0, 0x2100))
_ACCENTS: dict[int, str | None] = {
    point: None for block in _ACCENT_BLOCKS for point in block if unicodedata.combining(chr(point))
}
_ACCENTS |= dict.fromkeys(range(0xFE20, 0xFE30))
# Letters that have no decomposition but are written without their mark in other spellings:
# Turkish dotless ı (Iğdır/Igdir; the dotted İ decomposes by itself), Azerbaijani ə (Əliyev/Aliyev), and
# Scandinavian/Polish letters.
_LETTERS = {ord("ı"): "i", ord("ə"): "a", ord("ø"): "o", ord("ł"): "l", ord("đ"): "d", ord("ħ"): "h"}
_TABLE = str.maketrans(_ACCENTS | _PUNCTUATION | _LETTERS)


@functools.lru_cache(maxsize=16384)
def normalize(text: str) -> str:
    """The matching key of ``text``: casefolded (ß → ss), no accents, dashes, apostrophes and spaces uniform.

    Both sides of every comparison go through here, so letters that NFKD splits (Cyrillic й → и + breve)
    still match themselves. Kept for the last 16,384 texts: the same names and roles come back in record
    after record.
    """
    return " ".join(unicodedata.normalize("NFKD", text).casefold().translate(_TABLE).split())
