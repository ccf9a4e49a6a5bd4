"""A stranger's pull request: a corpus of hostile and broken input through `validate`.

Every kind gives a clear report with file:line, exit status 1, nothing leaked, one problem per line,
and every other file still checked. (Each kind's details are tested where they are handled; this is the
whole dataset at once, as CI sees it.)
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from diplotrack.cli import app

GOOD = "visitor: {name: A, country: KZ}\ndestination: {country: AM}\nstart: 2024-04-15\nsources: [{url: 'https://e.org'}]\n"
SECRET = "TOKEN=hunter2-very-secret"

# name → file content (bytes); each is one kind of hostile or broken input.
CORPUS: dict[str, bytes] = {
    "clear-screen.yaml": b'visitor: {name: "A\\e[2J\\e]0;owned\\a", country: KZ}\ndestination: {country: AM}\nstart: 2024\n',
    "raw-escape.yaml": b"visitor: {name: A\x1b[2J, country: KZ}\ndestination: {country: AM}\nstart: 2024\n",
    "osc8-link.yaml": b'visitor: {name: "\\e]8;;https://evil\\e\\\\click\\e]8;;\\e\\\\", country: KZ}\ndestination: {country: AM}\nstart: 2024\n',
    "bidi.yaml": "visitor: {name: A\u202eB, country: KZ}\ndestination: {country: AM}\nstart: 2024\n".encode(),
    "bidi-comment.yaml": ("# \u2066 hidden \u2069\n" + GOOD).encode(),
    "c1.yaml": b'visitor: {name: "A\\x9b2J", country: KZ}\ndestination: {country: AM}\nstart: 2024\n',
    "nul.yaml": b"visitor: {name: A\x00B, country: KZ}\ndestination: {country: AM}\nstart: 2024\n",
    "del.yaml": b"visitor: {name: A\x7fB, country: KZ}\ndestination: {country: AM}\nstart: 2024\n",
    "forged-annotation.yaml": b'visitor: {name: "x\\n::error file=README.md::FORGED\\n::add-mask::x\\n##[error]y", country: KZ}\ndestination: {country: AM}\nstart: 2024\n',
    "html-summary.yaml": b'visitor: {name: "<img src=x onerror=alert(1)> [a](https://evil)", country: Neverland}\ndestination: {country: AM}\nstart: 2024\n',
    "line-separator.yaml": "summary: a\u2028b\n".encode() + GOOD.encode(),
    "year-zero.yaml": b"visitor: {name: A, country: KZ}\ndestination: {country: AM}\nstart: 0000-01-01\n",
    "alias-bomb.yaml": b"a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n",
    "recursive-alias.yaml": b"a: &a [*a]\n",
    "deep.yaml": b"visitor: " + b"[" * 5000 + b"]" * 5000 + b"\n",
    "python-tag.yaml": b"visitor: !!python/object/apply:os.system ['echo pwned > /tmp/pwned']\n",
    "long-value.yaml": b"summary: " + b"x" * 150_000 + b"\n" + GOOD.encode(),
    "only-marker.yaml": b"---\n",
    "empty-list.yaml": b"[]\n",
    "dash.yaml": b"-\n",
    "empty.yaml": b"",
    "latin1.yaml": "visitor: {name: Jos\xe9, country: KZ}\n".encode("latin-1"),
    "syntax-then-good.yaml": b"visitor: [\n---\n" + GOOD.encode(),
    "copies.yaml": (
        "- {visitor: {name: A, country: KZ}, destination: {country: AM}, start: 2024-04-15}\n" * 2000
    ).encode(),
    "duplicate-keys.yaml": b"start: 2024\nstart: 2025\n" + GOOD.encode(),
    "newline\nname.yaml": GOOD.encode(),
}


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    root = tmp_path / "pr"
    visits = root / "visits"
    visits.mkdir(parents=True)
    (root / "people").mkdir()
    (root / "groups").mkdir()
    (tmp_path / "secrets.env").write_text(SECRET, encoding="utf-8")
    for name, data in CORPUS.items():
        (visits / name).write_bytes(data)
    (visits / "good.yaml").write_text(GOOD, encoding="utf-8")
    (visits / "leak.yaml").symlink_to(tmp_path / "secrets.env")
    (visits / "passwd.yaml").symlink_to("/etc/passwd")
    (visits / "loop-a.yaml").symlink_to(visits / "loop-b.yaml")
    (visits / "loop-b.yaml").symlink_to(visits / "loop-a.yaml")
    (visits / "dangling.yaml").symlink_to(tmp_path / "gone.yaml")
    (visits / "folder.yaml").mkdir()
    os.mkfifo(visits / "fifo.yaml")
    os.mkfifo(root / "people" / "fifo.yaml")
    (root / "groups" / "x.yaml").mkdir()
    (root / "countries.yaml").symlink_to(tmp_path / "secrets.env")
    return root


def run(root: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["--data", str(root), "validate", *args], env={"FORCE_COLOR": "1"})
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def test_a_hostile_dataset_gives_a_clear_report(hostile: Path) -> None:
    code, out, err = run(hostile)
    assert code == 1
    lines = out.splitlines()
    # One problem per line, each with file:line:col, and no raw control character from the data.
    assert lines and all(":" in line and (" error [" in line or " warning [" in line) for line in lines)
    data_controls = {chr(c) for c in range(32) if chr(c) not in "\t\n"} | {
        "\x7f",
        "\x9b",
        "\u202e",
        "\u2066",
        "\u2028",
    }
    assert not (set(out.replace("\x1b[", "")) & (data_controls - {"\x1b"}))
    assert "\x1b[2J" not in out and "\x1b]0;" not in out and "\x1b]8;" not in out
    assert SECRET not in out + err and "root:x:0:0" not in out + err
    assert not Path("/tmp/pwned").exists()
    # Every kind is reported, and the good file still counts.
    reported = {line.split(":", 1)[0].rsplit("/", 1)[-1] for line in lines}
    expected = set(CORPUS) - {"newline\nname.yaml"} | {"leak.yaml", "passwd.yaml", "loop-a.yaml", "loop-b.yaml",
                                                       "dangling.yaml", "folder.yaml", "fifo.yaml", "x.yaml",
                                                       "countries.yaml"}  # fmt: skip
    assert expected <= reported, expected - reported
    assert "good.yaml" not in reported


def test_github_annotations_and_json_stay_well_formed(hostile: Path, tmp_path: Path) -> None:
    summary = tmp_path / "summary.md"
    result = CliRunner().invoke(
        app,
        ["--data", str(hostile), "validate", "--format", "github"],
        env={"GITHUB_STEP_SUMMARY": str(summary)},
    )
    assert result.exit_code == 1
    for line in result.stdout.splitlines():
        assert line.startswith(("::error file=", "::warning file=")), line
    assert "\n::error file=README.md" not in result.stdout
    _, out, _ = run(hostile, "--format", "json")
    report = json.loads(out)
    assert report["summary"]["errors"] > 20
    assert all(len(p["message"]) <= 1000 for p in report["problems"])
