"""The benchmark of issue 9: diplotrack against the import floor, a C-loader parse loop, check-jsonschema and
yq on synthetic datasets of 1k, 10k and 100k records in two layouts; writes ``docs/performance.md``.

On each dataset, rounds run every command once in a fixed order (so that noise hits all alike), five
rounds in all; a command whose first run took 10 s or more gets 3 runs, 20 s or more (or a cold one at 100k
records 10 s or more) 1 run, so that the
whole benchmark stays within ten minutes; for the same reason a dataset of the second layout (yearly
list files) that would end the run past ``--budget`` (judged by what the same size took in the first
layout, which carries the targets) is left out, and the page says so.
Figures are medians; targets are ratios of medians from the same rounds. Where a target is missed, the
command is profiled and the top entries go into the page.

    python -m bench.run            # everything (< 10 min on 2 cores), writes docs/performance.md
    python -m bench.run --quick    # 1k and 10k only, prints the page (while developing)
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bench import profiles, report
from bench.measure import Run, run_once, runs_for
from bench.profiles import Profile
from bench.scenarios import SCENARIOS, TARGETS, Command, Dataset, Target, Tools, commands, environment
from bench.synth import Layout, diplotrack_command, write

ROOT = Path(__file__).resolve().parent.parent
SIZES = (1_000, 10_000, 100_000)
ROUNDS = 5


@dataclass
class Result:
    """Everything measured on one dataset."""

    dataset: Dataset
    generate_seconds: float
    files: int
    summary: dict[str, int]
    """``validate --format json``'s summary: errors, warnings, files, records."""
    matches: int | None
    """How many records ``list --country Armenia`` printed (checked against yq where it ran)."""
    runs: dict[str, list[Run]]
    profiles: list[Profile] = field(default_factory=list)


def find_tools(folder: Path) -> Tools:
    """The installed CLI, this Python, and the reference tools (``None`` when missing)."""
    diplotrack = diplotrack_command()
    schema = folder / "visit.schema.json"
    schema.write_text(
        subprocess.run([diplotrack, "schema"], capture_output=True, text=True, check=True).stdout
    )
    beside = Path(sys.executable).parent
    check_jsonschema = shutil.which("check-jsonschema", path=f"{beside}:{os.environ.get('PATH', '')}")
    return Tools(sys.executable, diplotrack, schema, check_jsonschema, shutil.which("yq"))


def bench_dataset(dataset: Dataset, tools: Tools, done: Sequence[Result]) -> Result:
    """Generate a dataset, run the rounds on it, check the answers, profile the targets it misses."""
    with tempfile.TemporaryDirectory(prefix="diplotrack-bench-") as folder:
        root, cache = Path(folder, "data"), Path(folder, "cache")
        start = time.perf_counter()
        write(root, dataset.size, dataset.layout)
        generated = time.perf_counter() - start
        env = environment(cache)
        # Built-in data the CLI keeps in the cache folder (translation index, registry) is made first.
        subprocess.run(
            [tools.diplotrack, "--data", str(root), "people", "tokayev"], env=env, capture_output=True
        )
        round_commands = commands(dataset, root, cache, tools)
        runs = _rounds(dataset, round_commands, env)
        summary, matches = _check(dataset, root, env, tools, runs)
        result = Result(dataset, generated, summary["files"], summary, matches, runs)
        result.profiles = _profiles(result, [*done, result], round_commands, env, tools, root)
    return result


def _rounds(dataset: Dataset, round_commands: Sequence[Command], env: dict[str, str]) -> dict[str, list[Run]]:
    runs: dict[str, list[Run]] = {c.key: [] for c in round_commands}
    wanted: dict[str, int] = {}
    for number in range(ROUNDS):
        for c in round_commands:
            if number == 0 or wanted[c.key] > number:
                run = run_once(c.argv, env, cwd=c.cwd, before=c.before, sample_memory=c.sample_memory)
                runs[c.key].append(run)
        if number == 0:
            cold = {c.key for c in round_commands if c.cold and dataset.size >= 100_000}
            wanted = {
                key: runs_for(found[0].seconds, cold_at_100k=key in cold) for key, found in runs.items()
            }
        _log(f"{dataset.label}: round {number + 1} done")
    return runs


def _check(
    dataset: Dataset, root: Path, env: dict[str, str], tools: Tools, runs: dict[str, list[Run]]
) -> tuple[dict[str, int], int | None]:
    """The dataset validates with no error, and (where yq ran) diplotrack and yq select the same records."""
    cli = [tools.diplotrack, "--data", str(root)]
    out = subprocess.run([*cli, "validate", "--format", "json"], env=env, capture_output=True, text=True)
    summary: dict[str, int] = json.loads(out.stdout)["summary"]
    if summary["errors"] or summary["records"] != dataset.size:
        raise SystemExit(f"{dataset.label}: the generated dataset does not validate: {summary}")
    if "yq" not in runs:
        return summary, None
    listed = subprocess.run([*cli, "list", "--country", "Armenia", "--format", "json"], env=env,
                            capture_output=True, text=True, check=True)  # fmt: skip
    matches = len(json.loads(listed.stdout))
    yq = next(c for c in commands(dataset, root, Path(env["DIPLOTRACK_CACHE_DIR"]), tools) if c.key == "yq")
    selected = subprocess.run(yq.argv, cwd=yq.cwd, capture_output=True, text=True, check=True).stdout
    if len(selected.splitlines()) != matches:
        raise SystemExit(
            f"{dataset.label}: yq selects {len(selected.splitlines())} records, diplotrack {matches}"
        )
    return summary, matches


def _missed(target: Target, result: Result) -> bool:
    """Whether a target measured on this dataset is missed there."""
    value = target.value(result.runs) if target.size == result.dataset.size else None
    return value is not None and not target.met(value)


def _profiles(
    result: Result,
    results: Sequence[Result],
    round_commands: Sequence[Command],
    env: dict[str, str],
    tools: Tools,
    root: Path,
) -> list[Profile]:
    """Profiles of the commands of the targets this dataset misses, each command once (not again on the
    other layout when it was profiled there)."""
    done = {p.key for r in results for p in r.profiles}
    argv = {c.key: c.argv for c in round_commands}
    missed: dict[str, list[str]] = {}
    for target in TARGETS:
        if target.reference is not None and _missed(target, result) and target.command not in done:
            missed.setdefault(target.command, []).append(target.scenario)
    found: list[Profile] = []
    for key, scenarios in missed.items():
        title = f"{SCENARIOS[key]}, {result.dataset.label} — for: {'; '.join(scenarios)}"
        _log(f"profiling {key} on {result.dataset.label}")
        if key == "validate-cold":
            found.append(profiles.cprofile(key, title, tools.python, argv[key], env, one_core=True))
        else:
            found.append(profiles.importtime(key, title + " (start-up)", tools.python, argv[key], env))
            found.append(profiles.cprofile(key, title, tools.python, argv[key], env))
    # Memory: tracemalloc on all 100k records would take many minutes; the sites show on the last three
    # years (about 9,000 records) of the same dataset, validated the same way.
    memory = next(t for t in TARGETS if t.reference is None)
    value = memory.value(result.runs) if result.dataset.size == memory.size else None
    if value is not None and not memory.met(value) and "memory" not in done:
        years = [str(p) for p in sorted((root / "visits").iterdir())[-3:]]
        title = f"memory of {SCENARIOS['validate-cold']}, {result.dataset.label}, its last 3 years only"
        _log(f"profiling memory on {result.dataset.label}")
        found.append(profiles.tracemem("memory", title, tools.python, [*argv["validate-cold"], *years], env))
    return found


def help_profile(results: Sequence[Result], tools: Tools) -> list[Profile]:
    """``--help`` needs no dataset: profiled once, when its target is missed."""
    target = TARGETS[0]
    value = target.value(pooled(results))
    if value is None or target.met(value):
        return []
    argv = (tools.diplotrack, "--help")
    return [profiles.importtime("help", SCENARIOS["help"], tools.python, argv, environment(ROOT))]


def pooled(results: Sequence[Result]) -> dict[str, list[Run]]:
    """The runs of every dataset together (for scenarios that do not depend on the data)."""
    runs: dict[str, list[Run]] = {}
    for result in results:
        for key, found in result.runs.items():
            runs.setdefault(key, []).extend(found)
    return runs


def _log(text: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {text}", file=sys.stderr, flush=True)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="1k and 10k records only; print, do not write")
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "performance.md")
    parser.add_argument("--budget", type=float, default=570, metavar="SECONDS",
                        help="leave out yearly-layout datasets that would end the run past this (0: no limit)")  # fmt: skip
    options = parser.parse_args(argv)
    sizes = [s for s in SIZES if not options.quick or s <= 10_000]
    started = time.perf_counter()
    results: list[Result] = []
    with tempfile.TemporaryDirectory(prefix="diplotrack-bench-") as folder:
        tools = find_tools(Path(folder))
        for missing, name in ((tools.check_jsonschema, "check-jsonschema"), (tools.yq, "yq")):
            if missing is None:
                _log(f"{name} is not installed: its rows are skipped")
        # The layout that carries the targets first; the other as far as the budget allows, judged by
        # what the same size took in the first.
        skipped: list[Dataset] = []
        cost: dict[int, float] = {}
        for layout in Layout:
            for size in sizes:
                elapsed = time.perf_counter() - started
                if layout is not Layout.FILES and options.budget and elapsed + cost[size] > options.budget:
                    _log(f"{size:,} {layout}: skipped, it would end the run past {options.budget:.0f} s")
                    skipped.append(Dataset(size, layout))
                    continue
                results.append(bench_dataset(Dataset(size, layout), tools, results))
                cost[size] = time.perf_counter() - started - elapsed
        extra = help_profile(results, tools)
    page = report.page(results, skipped, extra, tools, time.perf_counter() - started, dt.date.today(), ROOT)
    if options.quick:
        print(page)
    else:
        options.output.write_text(page, encoding="utf-8")
        _log(f"wrote {options.output}")


if __name__ == "__main__":
    main()
