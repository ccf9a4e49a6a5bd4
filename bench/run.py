"""Benchmark: load, validate and query synthetic datasets of growing size; write docs/performance.md.

Each size runs in its own process (so peak memory is that size's alone) on files written to a
temporary folder: one record per file, as datasets are kept in git. The figures that matter are
ratios within one run (time per record as the dataset grows 10x), not absolute seconds, because
the machines are shared and noisy.

    python bench/run.py            # sizes 1000 10000 50000, writes docs/performance.md
    python bench/run.py 500 5000   # other sizes, prints only
"""

from __future__ import annotations

import datetime as dt
import json
import platform
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

COUNTRIES = [
    "KZ",
    "Armenia",
    "Aserbaidschan",
    "GE",
    "Türkiye",
    "UZ",
    "Kyrgyzstan",
    "TJ",
    "TM",
    "RU",
    "Belarus",
]
TYPES = ["state", "official", "working", "summit", "official-working"]
TARGETS = {
    "load_validate_us_per_record": 1000.0,
    "query_us_per_record": 20.0,
    "memory_kib_per_record": 16.0,
    "scaling_ratio": 1.5,
}


def write_dataset(root: Path, size: int) -> None:
    """``size`` plausible records, one per file, in year folders."""
    rng = random.Random(size)
    for index in range(size):
        year = 1990 + index % 35
        folder = root / "visits" / str(year)
        folder.mkdir(parents=True, exist_ok=True)
        start = dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(360))
        origin, target = rng.sample(COUNTRIES, 2)
        (folder / f"v{index:06d}.yaml").write_text(
            f"visitor:\n  name: Person {index % 500}\n  role: President\n  country: {origin}\n"
            f"destination:\n  country: {target}\n  places: [Capital]\n"
            f"hosts:\n  - name: Host {index % 300}\n    role: Prime Minister\n"
            f"start: {start.isoformat()}\nend: {(start + dt.timedelta(days=1)).isoformat()}\n"
            f"type: {rng.choice(TYPES)}\ntopics: [trade, energy]\nsummary: Talks number {index}.\n"
            "sources:\n  - url: https://example.org/visit\n    language: en\n",
            encoding="utf-8",
        )


def measure(root: Path) -> dict[str, float]:
    """Run in a child process: time the stages and read the peak memory."""
    from diplotrack.loader import load_dataset
    from diplotrack.query import build_query, run_query
    from diplotrack.rules import validate

    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t0 = time.perf_counter()
    today = dt.date(2026, 1, 1)
    dataset = load_dataset(root)
    t1 = time.perf_counter()
    report = validate(dataset, today)
    t2 = time.perf_counter()
    options = {"country": ["Armenia"], "since": "2000", "text": ["talks"]}
    found = run_query(dataset.visits, build_query(options, dataset.registries, today), dataset.registries)
    t3 = time.perf_counter()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "records": len(dataset.visits),
        "errors": report.errors,
        "matches": len(found),
        "load_s": t1 - t0,
        "validate_s": t2 - t1,
        "query_s": t3 - t2,
        "memory_kib": float(peak - baseline),
    }


def run_size(size: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder:
        write_dataset(Path(folder), size)
        out = subprocess.run(
            [sys.executable, __file__, "--measure", folder], check=True, capture_output=True, text=True
        ).stdout
    result: dict[str, float] = json.loads(out)
    return result


def _marginal(small: dict[str, float], large: dict[str, float], key: str) -> float:
    """Cost per extra record between two sizes: start-up costs (imports, the translation index) cancel out."""
    return (large[key] - small[key]) / (large["records"] - small["records"])


def report(rows: list[dict[str, float]]) -> str:
    """The Markdown page: a row per size, marginal costs and the targets."""
    lines = [
        "# Performance",
        "",
        f"Measured by `python bench/run.py` on {dt.date.today()} ({platform.python_implementation()} "
        f"{platform.python_version()}, {platform.machine()}, 2 shared cores, libyaml C parser). Synthetic records, "
        "one per file, each with visitor, destination, host, dates, type, topics, summary and a source; countries "
        "written as codes, English and German names, so the translation index is built as in real use.",
        "",
        "| records | load s | validate s | query s | peak memory MiB |",
        "|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        lines.append(
            f"| {int(row['records'])} | {row['load_s']:.2f} | {row['validate_s']:.2f} | {row['query_s']:.3f} | "
            f"{row['memory_kib'] / 1024:.0f} |"
        )
    small, middle, large = rows[0], rows[len(rows) // 2], rows[-1]
    per = {key: _marginal(small, large, key) * 1e6 for key in ("load_s", "validate_s", "query_s")}
    lower = _marginal(small, middle, "load_s") + _marginal(small, middle, "validate_s")
    upper = _marginal(middle, large, "load_s") + _marginal(middle, large, "validate_s")
    measured = {
        "load_validate_us_per_record": per["load_s"] + per["validate_s"],
        "query_us_per_record": per["query_s"],
        "memory_kib_per_record": _marginal(small, large, "memory_kib"),
        "scaling_ratio": upper / lower,
    }
    fixed = small["load_s"] - per["load_s"] / 1e6 * small["records"]
    lines += [
        "",
        f"Marginal cost per record (between {int(small['records'])} and {int(large['records'])} records): "
        f"load {per['load_s']:.0f} µs, validate {per['validate_s']:.0f} µs, query {per['query_s']:.1f} µs, "
        f"memory {measured['memory_kib_per_record']:.1f} KiB. Fixed start-up cost of a load (imports, built-in "
        f"groups, the country translation index): about {fixed:.2f} s.",
        "",
        "## Targets",
        "",
        "| what | target | measured | met |",
        "|---|---:|---:|:---:|",
    ]
    for key, target in TARGETS.items():
        met = "yes" if measured[key] <= target else "NO"
        lines.append(f"| {key.replace('_', ' ')} | ≤ {target:g} | {measured[key]:.2f} | {met} |")
    lines += [
        "",
        "The scaling ratio divides the marginal load+validate cost per record in the upper half of the sizes by "
        "the one in the lower half, from the same run: 1.0 is linear, and a quadratic rule would show as a ratio "
        "far above 1. The cross-record rules (likely duplicates, one person in two places) sort per visitor and "
        "sweep, so they stay near-linear.",
        "",
        "Where the time goes (cProfile at 5,000 records): about half in YAML parsing and building located nodes, "
        "a third in the record schema (fields, countries, dates). Every command loads the whole dataset; an index "
        "cache keyed by file path, size and mtime is the next step when datasets reach 100k records.",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    if sys.argv[1:2] == ["--measure"]:
        print(json.dumps(measure(Path(sys.argv[2]))))
        return
    sizes = [int(a) for a in sys.argv[1:]] or [2000, 10000, 40000]
    if len(sizes) < 3:
        raise SystemExit("give at least three sizes")
    rows = []
    for size in sizes:
        row = run_size(size)
        print(json.dumps(row), file=sys.stderr)
        rows.append(row)
    text = report(rows)
    if sys.argv[1:]:
        print(text)
    else:
        Path(__file__).resolve().parent.parent.joinpath("docs", "performance.md").write_text(
            text, encoding="utf-8"
        )
        print(text)


if __name__ == "__main__":
    main()
