"""Output that data cannot hijack: a hostile dataset through every command, format and export.

The records carry terminal sequences (ESC[2J, OSC 0 window title, OSC 8 hyperlink, blink), C1 CSI, DEL,
bidi controls, BEL, NUL, U+2028 and Rich markup. With colour forced, nothing but Rich's own styling
(SGR) and its hyperlinks for plain http(s) source URLs may reach stdout or stderr.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from diplotrack import fields
from diplotrack.cli import app
from tests.support import REPO

NEVER = re.compile(r"(?!)")


@pytest.fixture(autouse=True)
def values_with_controls_get_through(monkeypatch: pytest.MonkeyPatch) -> None:
    """``validate`` refuses control characters in values (see test_the_loader_refuses_them_in_the_first_place),
    so such records never reach a renderer. These tests let them through on purpose: if one ever did — through
    a bug, a new field or another loader — the display layer must still neutralise it."""
    monkeypatch.setattr(fields, "_CONTROL", NEVER)
    monkeypatch.setattr(fields, "_BREAK", NEVER)
    monkeypatch.setenv("DIPLOTRACK_NO_CACHE", "1")


EVIL = "\x1b[2J\x1b]0;owned\x07\x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\\x1b[5m\x9b2J\x7f\u202e\u2066\x07\x00"
SAFE_URL = "https://example.org/x"


def _visit(visitor: str, origin: str, destination: str, start: str) -> dict[str, object]:
    return {
        "visitor": {
            "name": f"Evil {EVIL} Name [bold]markup[/]",
            "role": f"President{EVIL}",
            "country": origin,
        },
        "destination": {"country": destination, "places": [f"Town{EVIL}\u2028next"]},
        "hosts": [{"name": f"Host{EVIL}", "role": "Prime Minister"}],
        "start": start,
        "type": "official",
        "event": f"Summit{EVIL}",
        "topics": [f"trade{EVIL}"],
        "summary": f"Summary {EVIL}\n::error file=x::FORGED\n##[add-mask]secret",
        "sources": [
            {"url": SAFE_URL, "title": f"Title{EVIL}"},
            {"url": f"https://evil.example/{EVIL}", "publisher": f"Pub{EVIL}"},
        ],
    }


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    (root / "visits").mkdir()
    (root / "people").mkdir()
    (root / "groups").mkdir()
    records = [_visit("a", "KZ", "AM", "2024-04-15"), _visit("b", "AM", "KZ", "2024-06-01")]
    (root / "visits" / "evil.yaml").write_text(yaml.safe_dump(records, allow_unicode=False), encoding="utf-8")
    person = {"id": "evil-person", "name": f"Evil {EVIL} Person", "aliases": [f"Alias{EVIL}"], "country": "KZ",
              "offices": [{"role": f"President{EVIL}", "country": "KZ", "from": "2019-03-20"}]}  # fmt: skip
    (root / "people" / "evil.yaml").write_text(
        yaml.safe_dump([person], allow_unicode=False), encoding="utf-8"
    )
    group = {"id": "evil", "name": f"Evil {EVIL} Group", "aliases": [f"Alias{EVIL}"], "kind": "region",
             "members": [{"country": "KZ", "from": "1991-12-26", "note": f"Note{EVIL}"}]}  # fmt: skip
    (root / "groups" / "evil.yaml").write_text(yaml.safe_dump(group, allow_unicode=False), encoding="utf-8")
    return root


# Rich's own output when colour is forced: SGR styling, and OSC 8 hyperlinks for the one plain URL.
_RICH_OWN = re.compile(
    r"\x1b\[[0-9;]*m|\x1b\]8;id=[0-9-]+;" + re.escape(SAFE_URL) + r"\x1b\\|\x1b\]8;;\x1b\\"
)


def assert_no_raw_control(output: str, *, ci_log: bool = False) -> None:
    """Nothing in ``output`` that a terminal would act on, other than Rich's own styling; with ``ci_log``,
    nothing a CI runner would take for a workflow command either (validate's reports, all messages)."""
    assert "\x1b[5m" not in output and "\x1b[2J" not in output and "\x1b]0;" not in output
    assert "\x1b]8;;https://evil" not in output
    rest = _RICH_OWN.sub("", output)
    bad = sorted({f"U+{ord(c):04X}" for c in rest if (ord(c) < 0x20 and c != "\n") or 0x7F <= ord(c) <= 0x9F
                  or c in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c\u2028\u2029"})  # fmt: skip
    assert bad == [], bad
    for line in rest.splitlines() if ci_log else ():
        assert not line.lstrip().startswith("::"), line
        assert "##[" not in line, line


COMMANDS = [
    ["list"], ["list", "--format", "json"], ["list", "--format", "csv"], ["list", "--format", "yaml"],
    ["list", "--format", "markdown"], ["list", "--columns", "id,hosts,summary,visitor"],
    ["timeline"], ["timeline", "--by", "month"],
    ["first", "--to", "AM"], ["first", "--to", "AM", "--since", "2024-05", "--format", "json"],
    ["pair", "KZ", "AM"], ["pair", "KZ", "AM", "--format", "json"],
    ["stats", "--by", "person"], ["stats", "--by", "topic"], ["stats", "--by", "destination", "--format", "csv"],
    ["stats", "--by", "person", "--format", "json"],
    ["people"], ["people", "--format", "json"], ["people", "Evil"],
    ["groups"], ["groups", "evil"], ["groups", "--format", "json"],
    ["validate"], ["validate", "--format", "json"], ["validate", "--format", "github"],
]  # fmt: skip


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a))
def test_no_raw_control_from_data_reaches_stdout_or_stderr(
    hostile: Path, args: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("TERM", "xterm-256color")
    result = CliRunner().invoke(app, ["--data", str(hostile), "--as-of", "2026-06-01", *args],
                                env={"FORCE_COLOR": "1", "COLUMNS": "100"})  # fmt: skip
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert_no_raw_control(result.stdout, ci_log=args[0] == "validate")
    assert_no_raw_control(result.stderr, ci_log=True)
    shown = {"topic": "trade\\x1b[2J", "destination": "Armenia"}.get(
        args[2] if args[0] == "stats" else "", "Evil"
    )
    if args[0] != "validate":
        assert shown in result.stdout  # the hostile values were shown, not skipped


def test_show_panel_links_only_the_plain_url(hostile: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("TERM", "xterm-256color")
    listed = CliRunner().invoke(app, ["--data", str(hostile), "list", "--format", "json"])
    ids = [record["id"] for record in json.loads(listed.stdout)]
    for visit_id in ids:
        for fmt in ("panel", "json", "yaml"):
            result = CliRunner().invoke(app, ["--data", str(hostile), "show", visit_id, "--format", fmt],
                                        env={"FORCE_COLOR": "1"})  # fmt: skip
            assert result.exit_code == 0
            assert_no_raw_control(result.stdout)
        panel = CliRunner().invoke(app, ["--data", str(hostile), "show", visit_id], env={"FORCE_COLOR": "1"})
        assert f";{SAFE_URL}\x1b\\" in panel.stdout  # the plain URL is a hyperlink
        assert "\\x1b]8;;https://evil.example/" in panel.stdout  # the other one is text, escapes visible


def test_did_you_mean_and_error_messages_are_escaped(hostile: Path) -> None:
    for args in (["show", f"evil{EVIL}"], ["list", "--to", f"Armeni{EVIL}"], ["groups", f"evi{EVIL}"],
                 ["list", "--columns", f"id,{EVIL}"]):  # fmt: skip
        result = CliRunner().invoke(app, ["--data", str(hostile), *args], env={"FORCE_COLOR": "1"})
        assert result.exit_code != 0
        assert_no_raw_control(result.stderr, ci_log=True)
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr


def test_emoji_codes_in_data_stay_text(hostile: Path) -> None:
    # Rich would turn ":thumbs_up:" into an emoji in any string it prints: a message quotes data as written.
    result = CliRunner().invoke(app, ["--data", str(hostile), "show", "evil:thumbs_up:"])
    assert result.exit_code == 1
    assert "evil:thumbs_up:" in result.stderr and "\N{THUMBS UP SIGN}" not in result.stderr


def test_data_json_round_trips_exactly(hostile: Path) -> None:
    result = CliRunner().invoke(app, ["--data", str(hostile), "list", "--format", "json"])
    names = {record["visitor"]["name"] for record in json.loads(result.stdout)}
    assert names == {f"Evil {EVIL} Name [bold]markup[/]"}


def test_svg_is_valid_xml_and_html_has_no_raw_data(hostile: Path, tmp_path: Path) -> None:
    svg, html = tmp_path / "t.svg", tmp_path / "t.html"
    result = CliRunner().invoke(
        app, ["--data", str(hostile), "timeline", "--svg", str(svg), "--html", str(html)]
    )
    assert result.exit_code == 0, result.stderr
    ET.fromstring(svg.read_text(encoding="utf-8"))  # raises on anything that is not well-formed XML
    for picture in (svg.read_text(encoding="utf-8"), html.read_text(encoding="utf-8")):
        assert_no_raw_control(picture)
        assert "<img" not in picture and "[bold]markup[/]" in picture.replace("&#x27;", "'")


def test_step_summary_escapes_html_links_and_line_breaks(hostile: Path, tmp_path: Path) -> None:
    summary = tmp_path / "summary.md"
    (hostile / "visits" / "broken.yaml").write_text(
        'visitor: {name: "<img src=https://t.example/p.png> [x](https://e) | a\\r\\nb", role: President}\n'
        "start: 2024-01-01\nbogus-key: 1\n",
        encoding="utf-8",
    )
    try:
        result = CliRunner().invoke(app, ["--data", str(hostile), "validate", "--format", "github"],
                                    env={"GITHUB_STEP_SUMMARY": str(summary)})  # fmt: skip
    finally:
        (hostile / "visits" / "broken.yaml").unlink()
    assert result.exit_code == 1
    text = summary.read_text(encoding="utf-8")
    assert "<img" not in text and "](" not in text.replace("\\](", "")
    for line in text.splitlines():
        if line.startswith("| ") and "broken.yaml" in line:
            assert line.endswith(" |") and line.count(" | ") - line.count("\\|") >= 3


def test_the_loader_refuses_them_in_the_first_place(hostile: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.undo()
    monkeypatch.setenv("DIPLOTRACK_NO_CACHE", "1")
    result = CliRunner().invoke(app, ["--data", str(hostile), "validate", "--format", "json"])
    rules = {problem["rule"] for problem in json.loads(result.stdout)["problems"]}
    assert "control-character" in rules
    listed = CliRunner().invoke(app, ["--data", str(hostile), "list", "--format", "json"])
    assert json.loads(listed.stdout or "[]") == []  # records with errors are left out of queries


def test_installed_cli_keeps_the_terminal_promise(hostile: Path) -> None:
    """As ``shared/hooks/before-stop`` tries it: ``FORCE_COLOR=1 diplotrack --data X list|timeline``.

    The installed CLI refuses the hostile records (left out, said on stderr); nothing raw gets through."""
    exe = shutil.which("diplotrack", path=str(REPO / ".venv" / "bin")) or shutil.which("diplotrack")
    if exe is None:
        pytest.skip("diplotrack is not installed")
    for command in ("list", "timeline"):
        done = subprocess.run([exe, "--data", str(hostile), command], capture_output=True, timeout=60,
                              env={"FORCE_COLOR": "1", "PATH": "/usr/bin:/bin", "PYTHONIOENCODING": "utf-8:strict"})  # fmt: skip
        output = done.stdout + done.stderr
        assert b"\x1b[2J" not in output and b"\x1b]0;" not in output
        assert b"left out" in done.stderr
