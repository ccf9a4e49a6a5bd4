"""``docs/performance.md`` from the benchmark's results: the machine, the targets, ratios, growth, profiles."""

from __future__ import annotations

import datetime as dt
import itertools
import os
import platform
import subprocess
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from bench.measure import Run, median_seconds, peak_mb
from bench.profiles import Profile
from bench.scenarios import REFERENCE_LIMIT, SCENARIOS, TARGETS, Dataset, Tools
from bench.synth import Layout

if TYPE_CHECKING:
    from bench.run import Result

OURS = ("help", "validate-first", "validate-warm", "list", "list-20", "validate-cold")
LAYOUTS = {Layout.FILES: "one file per record", Layout.YEARLY: "yearly list files"}


def page(
    results: Sequence[Result],
    skipped: Sequence[Dataset],
    extra: Sequence[Profile],
    tools: Tools,
    seconds: float,
    today: dt.date,
    root: Path,
) -> str:
    """The whole page."""
    parts = [
        "# Performance",
        "",
        f"Measured by `python -m bench.run` on {today} at diplotrack {_commit(root)}; the run took "
        f"{seconds / 60:.1f} minutes. Every figure below comes from that one run.",
        "",
        _machine(tools),
        _method(),
        "## Targets (issue 9)",
        "",
        _targets(results),
        "## Ratios in the same rounds",
        "",
        "Each diplotrack scenario's median time, and that time as a multiple of the reference tools' median "
        "times on the same dataset and in the same rounds: the import floor, the C-loader parse loop, and how "
        "many times *slower* check-jsonschema and yq are (they ran up to 10k records).",
        "",
        *(_ratios(results, layout) for layout in Layout if _results(results, layout)),
        "## Growth from 1k to 10k to 100k records",
        "",
        "Median seconds per scenario, and how much longer each size takes than the one below it (10× the "
        "records: 10 would be linear, 1 would be independent of the size).",
        "",
        *(_growth(results, layout) for layout in Layout if _results(results, layout)),
        "## The datasets",
        "",
        _datasets(results, skipped),
        _profiles([p for r in results for p in r.profiles] + list(extra)),
    ]
    return "\n".join(parts).rstrip() + "\n"


def _commit(root: Path) -> str:
    def git(*args: str) -> str:
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=False)
        return done.stdout.strip()

    commit = git("rev-parse", "--short", "HEAD") or "(unknown commit)"
    return f"`{commit}`" + (" with uncommitted changes" if git("status", "--porcelain", "--", "src") else "")


def _machine(tools: Tools) -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in _read("/proc/cpuinfo").splitlines()
                if line.startswith("model name")), platform.processor() or "unknown")  # fmt: skip
    libyaml = "not available"
    if yaml.__with_libyaml__:
        from yaml import _yaml

        libyaml = _yaml.get_version_string()
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    rows = [
        ("CPUs", f"{os.cpu_count()} ({usable} usable), {cpu}"),
        ("memory", _read("/proc/meminfo").split("\n", 1)[0].replace("MemTotal:", "").strip() or "unknown"),
        ("OS", platform.platform()),
        ("Python", f"{platform.python_implementation()} {platform.python_version()}"),
        ("PyYAML", f"{yaml.__version__}, libyaml {libyaml}"),
        ("check-jsonschema", _version([tools.check_jsonschema, "--version"]) if tools.check_jsonschema else "not installed: rows skipped"),
        ("yq", f"{_version([tools.yq, '--version'])} (jq {_version(['jq', '--version'])})" if tools.yq else "not installed: rows skipped"),
    ]  # fmt: skip
    lines = ["| machine | |", "|---|---|", *(f"| {k} | {v} |" for k, v in rows)]
    return "\n".join(lines) + "\n"


def _read(path: str) -> str:
    try:
        return Path(path).read_text()
    except OSError:
        return ""


def _version(argv: Sequence[str | None]) -> str:
    try:
        done = subprocess.run([str(a) for a in argv], capture_output=True, text=True, check=False)
    except OSError:
        return "unknown"
    return (done.stdout or done.stderr).strip().splitlines()[0] if (done.stdout or done.stderr) else "unknown"


def _method() -> str:
    return "\n".join([
        "How it is measured (`bench/`):",
        "",
        "* **Datasets** (`bench/synth.py`): seeded, so every run measures the same records. 1k, 10k and 100k "
        "records, each in two layouts: one file per record (`visits/<year>/<id>.yaml`) and a list file per year "
        "(`visits/<year>.yaml`). Visitors and hosts are registry people (by name or alias, with an office held "
        "on the visit's dates) or English and German names; countries are codes, English and German names; "
        "about one date in ten is known only to the month or year. Each dataset is validated before it is "
        "measured: no errors (the warnings are those real data has: missing sources, likely duplicates).",
        "* **Commands**: the installed CLI in a subprocess with `--data`, output to `/dev/null`, "
        "`DIPLOTRACK_CACHE_DIR` set to a new folder per dataset, `--as-of` fixed. *Warm*: the cache made by "
        "the earlier commands of the round; *cold*: `--no-cache`, or the index removed before the run.",
        "* **Rounds**: every scenario once per round in a fixed order, five rounds, so that noise on the shared "
        "machine hits all alike; figures are medians, targets are ratios of medians of the same rounds. A "
        "command whose first run took ≥ 10 s gets 3 runs, ≥ 20 s 1 run, and so does a cold command at 100k "
        "records that took ≥ 10 s (the *runs* column says).",
        "* **Memory** (cold `validate` only): the larger of the largest single process's peak resident set "
        "(`/usr/bin/time -f %M`) and the peak of the whole process tree's proportional set size (PSS: pool "
        "workers included, shared pages counted once), sampled every 0.1 s.",
        "",
    ])  # fmt: skip


def _results(results: Sequence[Result], layout: Layout) -> list[Result]:
    return sorted((r for r in results if r.dataset.layout is layout), key=lambda r: r.dataset.size)


def _targets(results: Sequence[Result]) -> str:
    lines = ["| scenario | target | " + " | ".join(LAYOUTS.values()) + " |", "|---|---|---:|---:|"]
    for target in TARGETS:
        cells = []
        for layout in Layout:
            mine = _results(results, layout)
            if target.size is None:
                runs: dict[str, list[Run]] = {}
                for r in mine:
                    for key, found in r.runs.items():
                        runs.setdefault(key, []).extend(found)
            else:
                runs = next((r.runs for r in mine if r.dataset.size == target.size), {})
            cells.append(target.show(target.value(runs)))
        lines.append(f"| {target.scenario} | {target.target} | {' | '.join(cells)} |")
    return "\n".join(lines) + "\n"


def _seconds(value: float) -> str:
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def _ratios(results: Sequence[Result], layout: Layout) -> str:
    lines = [f"### {LAYOUTS[layout].capitalize()}", "",
             "| scenario | records | median | runs | × import floor | × parse loop | check-jsonschema ÷ | yq ÷ |",
             "|---|---:|---:|---:|---:|---:|---:|---:|"]  # fmt: skip
    for key in OURS:
        for result in _results(results, layout):
            runs = result.runs.get(key)
            if not runs or (key == "help" and result.dataset.size != 10_000):
                continue  # --help does not depend on the data: shown once
            mine = median_seconds(runs)
            cells = [_seconds(mine), str(len(runs))]
            for reference, slower in (
                ("floor", False),
                ("parse-loop", False),
                ("check-jsonschema", True),
                ("yq", True),
            ):
                theirs = result.runs.get(reference)
                cells.append(
                    "—"
                    if not theirs
                    else f"{(median_seconds(theirs) / mine if slower else mine / median_seconds(theirs)):.2f}"
                )
            size = "—" if key == "help" else f"{result.dataset.size:,}"
            lines.append(f"| {SCENARIOS[key]} | {size} | {' | '.join(cells)} |")
    return "\n".join(lines) + "\n"


def _growth(results: Sequence[Result], layout: Layout) -> str:
    mine = _results(results, layout)
    sizes = [r.dataset.size for r in mine]
    steps = [f"{b // 1000}k ÷ {a // 1000}k" for a, b in itertools.pairwise(sizes)]
    columns = ["scenario", *(f"{s:,}" for s in sizes), *steps]
    lines = [f"### {LAYOUTS[layout].capitalize()}", "", f"| {' | '.join(columns)} |",
             "|---|" + "---:|" * (len(columns) - 1)]  # fmt: skip
    for key, label in SCENARIOS.items():
        values = [median_seconds(r.runs[key]) if r.runs.get(key) else None for r in mine]
        if all(v is None for v in values):
            continue
        cells = [_seconds(v) if v is not None else "—" for v in values]
        cells += [f"{b / a:.1f}" if a and b else "—" for a, b in itertools.pairwise(values)]
        lines.append(f"| {label} | {' | '.join(cells)} |")
    for key in ("validate-cold", "validate-first"):
        values = [peak_mb(r.runs[key]) if r.runs.get(key) else None for r in mine]
        cells = [f"{v:.0f} MB" if v is not None else "—" for v in values]
        cells += [f"{b / a:.1f}" if a and b else "—" for a, b in itertools.pairwise(values)]
        lines.append(f"| peak memory, {SCENARIOS[key]} | {' | '.join(cells)} |")
    if len(mine) > 1 and all(r.runs.get("validate-cold") for r in mine[-2:]):
        (a, b), (ra, rb) = ((mine[-2].dataset.size, mine[-1].dataset.size), (mine[-2].runs, mine[-1].runs))
        per_record = (peak_mb(rb["validate-cold"]) - peak_mb(ra["validate-cold"])) * 1e3 / (b - a)
        lines += ["", f"A cold `validate --no-cache` holds about {per_record:.1f} kB more at its peak for each "
                  f"record added between {a:,} and {b:,} records."]  # fmt: skip
    return "\n".join(lines) + "\n"


def _datasets(results: Sequence[Result], skipped: Sequence[Dataset]) -> str:
    lines = ["| dataset | files | records | errors | warnings | `list --country Armenia` | generated in |",
             "|---|---:|---:|---:|---:|---:|---:|"]  # fmt: skip
    for r in sorted(results, key=lambda r: (r.dataset.layout, r.dataset.size)):
        matches = f"{r.matches:,} (yq: the same)" if r.matches is not None else "—"
        lines.append(f"| {r.dataset.label} | {r.files:,} | {r.summary['records']:,} | {r.summary['errors']} | "
                     f"{r.summary['warnings']:,} | {matches} | {r.generate_seconds:.1f} s |")  # fmt: skip
    lines += [
        "",
        f"check-jsonschema and yq ran up to {REFERENCE_LIMIT:,} records (no target needs them beyond).",
    ]
    if skipped:
        names = ", ".join(d.label for d in skipped)
        lines += ["", f"Not measured in this run: {names} — it would have taken the run past its time budget "
                  "(`--budget`, 9.5 minutes), judged by what the same size took in one file per record."]  # fmt: skip
    return "\n".join(lines) + "\n"


def _profiles(found: Sequence[Profile]) -> str:
    if not found:
        return "## Where the time goes\n\nNo target measured in this run was missed: nothing was profiled.\n"
    parts = ["## Where the time goes, for the targets missed", "",
             "Each missed target's command, profiled once after the rounds on the same dataset (the top entries)."]  # fmt: skip
    for profile in found:
        parts += ["", f"### {profile.title}", "", f"`{profile.command}`", "", profile.table]
    return "\n".join(parts) + "\n"
