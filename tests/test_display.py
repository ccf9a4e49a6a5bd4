"""Where data becomes display text: every control and format character visible, each data format escaped."""

from __future__ import annotations

import json
import unicodedata

import pytest
import yaml

from diplotrack.render.display import csv_cell, display, json_text, log_line, markdown_cell, safe_link, text
from diplotrack.yamlwrite import dump_record

# ESC[2J, OSC 0 title, OSC 8 link, C1 CSI, DEL, bidi override and isolate, BEL, NUL, U+2028, BOM, tag char.
HOSTILE = (
    "Evil \x1b[2J \x1b]0;owned\x07 \x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\ "
    "\x9b31m \x7f \u202eesrever \u2066iso\u2069 \x07 \x00 a\u2028b \ufeff \U000e0041 \udcff"
)


def raw_controls(value: str) -> list[str]:
    """The characters in ``value`` that a terminal, a log or an XML file could take for more than text."""
    return [c for c in value if unicodedata.category(c) in ("Cc", "Cf", "Cs", "Zl", "Zp") and c != "\n"]


def test_every_control_and_format_character_becomes_visible() -> None:
    shown = display(HOSTILE)
    assert raw_controls(shown) == []
    for escape in ("\\x1b[2J", "\\x1b]0;owned\\x07", "\\x9b31m", "\\x7f", "\\u202e", "\\u2066", "\\x00",
                   "\\u2028", "\\ufeff", "\\U000e0041", "\\udcff"):  # fmt: skip
        assert escape in shown


@pytest.mark.parametrize(
    ("raw", "shown"),
    [("\t", "\\t"), ("\n", "\\n"), ("\r", "\\r"), ("\x1b", "\\x1b"), ("\x85", "\\x85"), ("\u061c", "\\u061c"),
     ("\u200e", "\\u200e"), ("\u2029", "\\u2029"), ("\u00ad", "\\xad"), ("\ufffe", "\\ufffe")],
)  # fmt: skip
def test_escape_notation(raw: str, shown: str) -> None:
    assert display(f"a{raw}b") == f"a{shown}b"


def test_ordinary_text_is_unchanged() -> None:
    for value in ("Kassym-Jomart Tokayev", "Касым-Жомарт Токаев", "سید عباس عراقچی", "Erdoğan",
                  "アブドゥルアズィーズ", "Nur-Sultan\u00a0(Astana)", "a\\x1b as typed", "[bold]x[/]"):  # fmt: skip
        assert display(value) == value


def test_joiners_are_kept_only_inside_words() -> None:
    persian = "می\u200cخواهم"  # ZWNJ inside a Persian word
    assert display(persian) == persian
    assert display("\u200cstart") == "\\u200cstart"
    assert display("end\u200d") == "end\\u200d"
    assert display("a \u200d b") == "a \\u200d b"


def test_text_never_interprets_markup() -> None:
    assert text("[bold red]x[/] \x1b[1m").plain == "[bold red]x[/] \\x1b[1m"


def test_json_keeps_exact_values_and_escapes_what_a_terminal_would_act_on() -> None:
    data = {"name": HOSTILE, "ok": "Токаев a\u200cb", "n": 1}
    out = json_text(data)
    assert json.loads(out) == data
    assert raw_controls(out) == []
    assert "Токаев" in out  # readable text stays readable (ensure_ascii=False)


def test_markdown_cell_cannot_add_html_links_images_or_cells() -> None:
    cell = markdown_cell(
        "<img src=x onerror=alert(1)> ![i](https://t.example/p.png) [a](https://e) | `c` \r\n x"
    )
    assert "<" not in cell and ">" not in cell
    assert "![" not in cell and "](" not in cell.replace("\\](", "")
    assert "\r" not in cell and "\n" not in cell
    assert all(cell[i - 1] == "\\" for i, c in enumerate(cell) if c in "|`[]")


def test_log_line_cannot_start_a_workflow_command() -> None:
    assert log_line("::error::x") == ":\\:error::x"
    assert log_line("  ::add-mask::x") == "  :\\:add-mask::x"
    assert "##[" not in log_line("name ##[add-mask]secret")
    assert "\n" not in log_line("a\n::error::forged")
    assert log_line("visits/a.yaml:1:2: error") == "visits/a.yaml:1:2: error"


def test_only_plain_http_urls_become_links() -> None:
    assert safe_link("https://president.am/en/press-release/item/2024/10/10/") is not None
    for url in ("https://e.example/\x1b]8;;x", "https://e.example/ a", "javascript:alert(1)",
                "file:///etc/passwd", "https://e.example/\u202e"):  # fmt: skip
        assert safe_link(url) is None


def test_csv_cell_shows_controls_and_defuses_formulas() -> None:
    assert csv_cell('=HYPERLINK("https://e")') == '\'=HYPERLINK("https://e")'
    assert csv_cell("@SUM(A1)").startswith("'")
    assert csv_cell("a\x1b[2Jb") == "a\\x1b[2Jb"
    assert csv_cell("Tokayev") == "Tokayev"


def test_yaml_output_escapes_format_characters_and_reads_back() -> None:
    record = {"name": "x\u202ey \u2066z\u2069 \u200b", "summary": "p\u2028q \x9b", "who": "Токаев"}
    out = dump_record(record)
    assert raw_controls(out) == []
    assert "Токаев" in out
    assert yaml.safe_load(out) == record
