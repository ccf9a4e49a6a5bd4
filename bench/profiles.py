"""Where the time (or memory) of a command goes, for the targets it misses: the top entries of a profile.

* start-up: ``python -X importtime`` — the imports that cost most (cumulative, and by themselves);
* work: ``python -m cProfile`` — the functions with the highest cumulative time. A cold ``validate`` is
  profiled pinned to one core (``taskset -c 0``), so that it parses in its own process and the profile
  shows the parsing instead of a pool's waiting;
* memory: ``bench/tracemem.py`` — the lines that had allocated the most when traced memory was highest.
"""

from __future__ import annotations

import pstats
import re
import shutil
import subprocess
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

TOP = 15


@dataclass(frozen=True)
class Profile:
    """A profile's top entries, as Markdown."""

    key: str
    """The scenario profiled (or ``memory``)."""
    title: str
    command: str
    table: str


def _run(argv: Sequence[str], env: Mapping[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(argv, env=dict(env), capture_output=True, text=True, check=False)


def importtime(key: str, title: str, python: str, argv: Sequence[str], env: Mapping[str, str]) -> Profile:
    """The imports of a command (``argv[0]`` is a Python script) that take longest."""
    done = _run([python, "-X", "importtime", *argv], env)
    rows = []
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        self_us, cumulative_us, name = line[len("import time:") :].split("|", 2)
        rows.append((int(cumulative_us), int(self_us), name.rstrip()))
    total = sum(c for c, _, name in rows if not name.startswith("  "))
    lines = [f"All imports: {total / 1e3:.0f} ms.", "", "| cumulative ms | self ms | module (nesting as imported) |",
             "|---:|---:|---|"]  # fmt: skip
    for cumulative, own, name in sorted(rows, reverse=True)[:TOP]:
        lines.append(f"| {cumulative / 1e3:.1f} | {own / 1e3:.1f} | `{name}` |")
    lines += ["", "Most expensive modules by themselves:", "", "| self ms | module |", "|---:|---|"]
    for _, own, name in sorted(rows, key=lambda r: -r[1])[:8]:
        lines.append(f"| {own / 1e3:.1f} | `{name.strip()}` |")
    return Profile(key, title, f"python -X importtime {_show(argv)}", "\n".join(lines))


def cprofile(
    key: str, title: str, python: str, argv: Sequence[str], env: Mapping[str, str], *, one_core: bool = False
) -> Profile:
    """The functions with the highest cumulative time in a run of a command (a Python script)."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "profile"
        pin = ["taskset", "-c", "0"] if one_core and shutil.which("taskset") else []
        _run([*pin, python, "-m", "cProfile", "-o", str(out), *argv], env)
        stats = pstats.Stats(str(out))
    entries = stats.stats  # type: ignore[attr-defined]  # documented in pstats, not in its stubs
    total = max(ct for (_, _, _, ct, _) in entries.values())
    rows = [(ct, tt, nc, where) for where, (_, nc, tt, ct, _) in entries.items() if not _plumbing(*where)]
    lines = [f"Total {total:.2f} s. Highest cumulative time (the command-line plumbing of Typer and Click left out):",
             "", "| cumulative s | share | own s | calls | function |", "|---:|---:|---:|---:|---|"]  # fmt: skip
    for ct, tt, nc, (file, line, function) in sorted(rows, reverse=True)[:TOP]:
        lines.append(f"| {ct:.2f} | {ct / total:.0%} | {tt:.2f} | {nc} | `{_where(file, line, function)}` |")
    lines += ["", "Highest own time:", "", "| own s | share | calls | function |", "|---:|---:|---:|---|"]
    for _, tt, nc, (file, line, function) in sorted(rows, key=lambda r: -r[1])[:8]:
        lines.append(f"| {tt:.2f} | {tt / total:.0%} | {nc} | `{_where(file, line, function)}` |")
    prefix = "taskset -c 0 " if pin else ""
    return Profile(key, title, f"{prefix}python -m cProfile -s cumtime {_show(argv)}", "\n".join(lines))


def tracemem(key: str, title: str, python: str, argv: Sequence[str], env: Mapping[str, str]) -> Profile:
    """The lines that held the most memory at a command's peak of traced memory (pinned to one core)."""
    pin = ["taskset", "-c", "0"] if shutil.which("taskset") else []
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "memory.md"
        _run([*pin, python, str(Path(__file__).with_name("tracemem.py")), str(out), *argv[1:]], env)
        table = out.read_text(encoding="utf-8") if out.exists() else "(no profile written)"
    return Profile(
        key, title, f"{' '.join(pin)} python bench/tracemem.py OUT {_show(argv[1:])}", table.strip()
    )


def _plumbing(file: str, line: int, function: str) -> bool:
    """Frames every command passes through: the script, Typer and Click, ``exec``."""
    return (
        any(part in file for part in ("/typer/", "/click/", "/bin/diplotrack"))
        or file == "<string>"
        or function == "<built-in method builtins.exec>"
    )


def _where(file: str, line: int, function: str) -> str:
    if file == "~":
        return function
    return f"{re.sub(r'.*/(site-packages|src|lib/python3[.][0-9]+)/', '', file)}:{line}({function})"


def _show(argv: Sequence[str]) -> str:
    shown = [Path(argv[0]).name, *argv[1:]]
    return " ".join("DATASET" if a.startswith(tempfile.gettempdir()) else a for a in shown)
