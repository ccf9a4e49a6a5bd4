"""What the benchmark runs on each dataset, and the targets of issue 9 as ratios between those runs.

Every diplotrack command is the installed CLI in a subprocess, with ``--data`` and a cache folder of its
own per dataset (``DIPLOTRACK_CACHE_DIR``), so "warm" means a cache made by an earlier command of the
same dataset and "cold" means ``--no-cache`` or an index removed just before the run.
"""

from __future__ import annotations

import glob
import json
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from bench.measure import Run, median_seconds, peak_mb
from bench.synth import ARMENIA, AS_OF, Layout


@dataclass(frozen=True)
class Dataset:
    """One generated dataset."""

    size: int
    layout: Layout

    @property
    def label(self) -> str:
        return f"{self.size // 1000}k {self.layout}"


@dataclass(frozen=True)
class Tools:
    """The programs the benchmark runs; reference tools that are not installed are ``None``."""

    python: str
    diplotrack: str
    schema: Path
    """The JSON Schema ``diplotrack schema`` prints, saved for check-jsonschema."""
    check_jsonschema: str | None
    yq: str | None


@dataclass(frozen=True)
class Command:
    """One scenario's command on one dataset."""

    key: str
    argv: tuple[str, ...]
    before: Callable[[], None] | None = None
    sample_memory: bool = False
    cwd: Path | None = None
    ok_codes: tuple[int, ...] = (0,)
    cold: bool = False
    """Reads every file (no cache): at 100k records a slow one is run once."""


SCENARIOS = {
    "floor": 'import floor: `python -c "import typer, rich.console"`',
    "help": "`diplotrack --help`",
    "validate-first": "`validate`, cold: the index removed before each run (builds it)",
    "validate-warm": "`validate`, warm: nothing changed since the last run",
    "list": "`list --country Armenia`, warm",
    "list-20": "`list --country Armenia --limit 20`, warm",
    "validate-cold": "`validate --no-cache`, cold",
    "parse-loop": "C-loader parse loop, one process (`bench/parse_loop.py`)",
    "check-jsonschema": "check-jsonschema against `diplotrack schema`",
    "yq": "yq selecting the records to or from Armenia",
}
"""Each scenario's key and description, in the order a round runs them."""
REFERENCE_LIMIT = 10_000
"""check-jsonschema and yq run up to this size only: no target needs them beyond, and at 100k they would
take most of the ten minutes (and 100k file names exceed the command-line limit)."""
JQ_ARMENIA = (
    'if type == "array" then .[] else . end | '
    f"select(any((.visitor.country, .destination.country); IN({', '.join(map(json.dumps, ARMENIA))})))"
)
"""The records ``list --country Armenia`` selects, in jq: the generator writes Armenia in these ways only."""


def environment(cache: Path) -> dict[str, str]:
    """The environment of every command: the dataset's own cache folder and a fixed "today" and width."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DIPLOTRACK_")}
    env.update(DIPLOTRACK_CACHE_DIR=str(cache), DIPLOTRACK_AS_OF=AS_OF, COLUMNS="120", NO_COLOR="1")
    return env


def visit_files(root: Path) -> list[str]:
    """The visit files of a dataset, relative to it (what the reference tools are given)."""
    return sorted(str(p.relative_to(root)) for p in (root / "visits").rglob("*.yaml"))


def commands(dataset: Dataset, root: Path, cache: Path, tools: Tools) -> list[Command]:
    """The commands of one round on a dataset, in order."""
    cli = (tools.diplotrack, "--data", str(root))

    def empty_index() -> None:
        for path in glob.glob(str(cache / "*.sqlite*")):
            os.remove(path)

    found = [
        Command("floor", (tools.python, "-c", "import typer, rich.console")),
        Command("help", (tools.diplotrack, "--help")),
        Command("validate-first", (*cli, "validate"), before=empty_index, sample_memory=True, cold=True),
        Command("validate-warm", (*cli, "validate")),
        Command("list", (*cli, "list", "--country", "Armenia")),
        Command("list-20", (*cli, "list", "--country", "Armenia", "--limit", "20")),
        Command("validate-cold", (*cli, "--no-cache", "validate"), sample_memory=True, cold=True),
        Command(
            "parse-loop", (tools.python, str(Path(__file__).with_name("parse_loop.py")), str(root)), cold=True
        ),
    ]
    if dataset.size <= REFERENCE_LIMIT:
        files = tuple(visit_files(root))
        if tools.check_jsonschema:
            argv = (tools.check_jsonschema, "--schemafile", str(tools.schema), *files)
            found.append(Command("check-jsonschema", argv, cwd=root))
        if tools.yq:
            found.append(Command("yq", (tools.yq, "-c", JQ_ARMENIA, *files), cwd=root))
    return found


@dataclass(frozen=True)
class Target:
    """One line of the issue's table of targets."""

    scenario: str
    """As the issue words it (Markdown)."""
    target: str
    command: str
    size: int | None
    """The dataset size it is measured at; ``None``: any (the runs of every dataset pooled)."""
    reference: str | None
    """The scenario the command is compared with; ``None``: an absolute bound on memory in MB (10⁶ bytes)."""
    bound: float
    faster: bool = False
    """The reference must take at least ``bound`` times the command's time (else: the command at most
    ``bound`` times the reference's)."""

    def value(self, runs: Mapping[str, Sequence[Run]]) -> float | None:
        """The measured ratio (or MB) from one dataset's runs; ``None`` when a scenario was not run."""
        if self.reference is None:
            cold = [run for key in ("validate-cold", "validate-first") for run in runs.get(key, ())]
            return peak_mb(cold) if cold else None
        command, reference = runs.get(self.command), runs.get(self.reference)
        if not command or not reference:
            return None
        if self.faster:
            return median_seconds(reference) / median_seconds(command)
        return median_seconds(command) / median_seconds(reference)

    def met(self, value: float) -> bool:
        """Whether a measured value meets the target."""
        return value >= self.bound if self.faster else value <= self.bound

    def show(self, value: float | None) -> str:
        """A measured value as the table shows it."""
        if value is None:
            return "not run"
        mark = "met" if self.met(value) else "**missed**"
        if self.reference is None:
            return f"{value:.0f} MB — {mark}"
        return f"{value:.2f} × — {mark}"


TARGETS = (
    Target("`--help`", "≤ 1.3 × import floor", "help", None, "floor", 1.3),
    Target("`list --country Armenia`, 10k records, warm", "≤ 2.5 × import floor", "list", 10_000, "floor", 2.5),
    Target("`list --country Armenia --limit 20`, 100k records, warm", "≤ 4 × import floor", "list-20", 100_000,
           "floor", 4),
    Target("`validate`, 10k, nothing changed since the last run", "≤ 2 × import floor", "validate-warm", 10_000,
           "floor", 2),
    Target("`validate --no-cache`, 10k, cold", "≤ 0.6 × the C-loader parse loop", "validate-cold", 10_000,
           "parse-loop", 0.6),
    Target("`validate` vs check-jsonschema, same 10k files, cold", "≥ 15 × faster", "validate-cold", 10_000,
           "check-jsonschema", 15, faster=True),
    Target("`validate` vs check-jsonschema, same 10k files, warm", "≥ 100 × faster", "validate-warm", 10_000,
           "check-jsonschema", 100, faster=True),
    Target("peak memory, cold `validate` at 100k", "≤ 300 MB", "validate-cold", 100_000, None, 300),
)  # fmt: skip
