"""Sentences, language detection and comment-safe text for ``draft``."""

from __future__ import annotations

import yaml

from diplotrack.draft.lexicon import Language
from diplotrack.draft.text import MAX_COMMENT, comment_text, detect_language, sentences


def test_sentences_keep_dates_and_abbreviations_together() -> None:
    found = sentences("Am 15. April traf er in St. Petersburg ein. Dann ging er.\n\nНовый абзац")
    assert [s.text for s in found] == [
        "Am 15. April traf er in St. Petersburg ein.",
        "Dann ging er.",
        "Новый абзац",
    ]
    assert [s.number for s in found] == [1, 2, 3]


def test_sentences_are_one_line_and_have_words() -> None:
    [sentence] = sentences("Kassym-Schomart\nTokajew's Besuch")
    assert sentence.text == "Kassym-Schomart Tokajew's Besuch"
    assert [w.text for w in sentence.words] == ["Kassym-Schomart", "Tokajew's", "Besuch"]


def test_language_detection() -> None:
    assert detect_language("Президент Казахстана прибыл в Ереван.") is Language.RU
    assert (
        detect_language(
            "Der Präsident ist in der Hauptstadt eingetroffen und hat mit dem Premier gesprochen."
        )
        is Language.DE
    )
    assert detect_language("The president arrived in the capital and met the prime minister.") is Language.EN


def test_comment_text_cannot_break_a_yaml_comment() -> None:
    hostile = "a\nb\rc\x85d\u2028e\u2029f\x1b[31mg\u202eh\x00i\ud800"
    shown = comment_text(hostile)
    assert "\n" not in shown and "\r" not in shown
    assert all(c not in shown for c in "\x85\u2028\u2029\x1b\u202e\x00\ud800")
    assert "\\u001b" in shown and "\\u202e" in shown
    # It stays a comment: a YAML reader sees only the key.
    assert yaml.safe_load(f"# {shown}\nkey: value\n") == {"key": "value"}


def test_comment_text_is_clipped() -> None:
    assert len(comment_text("x" * 1000)) == MAX_COMMENT
