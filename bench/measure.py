"""Running one command and what is measured of it: wall time and peak memory; medians and ratios.

Time is the wall clock from start to exit of the process. Memory, where asked for, is measured two ways,
because a cold ``validate`` is a process pool: the peak resident set of the largest single process
(``/usr/bin/time``'s ``%M``; not ``wait4`` from here, which would count this process's own memory, the
child's before it ran the command), and the peak of the whole tree's proportional set size (PSS: shared
pages split between the processes that share them), sampled every 0.1 s from ``/proc``.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Run:
    """One run of a command."""

    seconds: float
    max_rss_kib: int | None = None
    """The largest single process's peak resident set; ``None`` when not measured."""
    tree_pss_kib: int | None = None
    """The sampled peak of the whole process tree's PSS; ``None`` when not measured."""


TIME = "/usr/bin/time"


class CommandFailed(Exception):
    """A benchmarked command exited with an error: its figures would mean nothing."""


def run_once(
    argv: Sequence[str],
    env: Mapping[str, str],
    *,
    cwd: Path | None = None,
    before: Callable[[], None] | None = None,
    sample_memory: bool = False,
    ok_codes: tuple[int, ...] = (0,),
) -> Run:
    """Run a command with its output thrown away; its time and memory."""
    if before is not None:
        before()
    with tempfile.TemporaryFile() as errors, tempfile.NamedTemporaryFile() as rss:
        timed = sample_memory and os.path.exists(TIME)
        full = [TIME, "-f", "%M", "-o", rss.name, *argv] if timed else list(argv)
        start = time.perf_counter()
        process = subprocess.Popen(full, env=dict(env), cwd=cwd, stdout=subprocess.DEVNULL, stderr=errors)
        sampler = _TreeSampler(process.pid) if sample_memory else None
        code = process.wait()
        seconds = time.perf_counter() - start
        peak = sampler.stop() if sampler else None
        if code not in ok_codes:
            errors.seek(0)
            tail = errors.read()[-2000:].decode(errors="replace")
            raise CommandFailed(f"{' '.join(argv)[:300]} exited with {code}:\n{tail}")
        max_rss = int(Path(rss.name).read_text().split()[-1]) if timed else None
    return Run(seconds, max_rss, peak)


class _TreeSampler:
    """Samples the PSS of a process and all its descendants until stopped."""

    def __init__(self, pid: int, interval: float = 0.1) -> None:
        self.pid, self.interval, self.peak = pid, interval, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._thread.start()

    def _loop(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, sum(_pss_kib(pid) for pid in _tree(self.pid)))
            self._stop.wait(self.interval)

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak


def _tree(pid: int) -> list[int]:
    """A process and its descendants (those alive now)."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                text = Path(f"/proc/{current}/task/{task}/children").read_text()
                todo.extend(int(child) for child in text.split())
        except OSError:
            continue
    return found


def _pss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def median_seconds(runs: Sequence[Run]) -> float:
    """The median wall time."""
    return statistics.median(run.seconds for run in runs)


def ratio(runs: Sequence[Run], reference: Sequence[Run]) -> float:
    """How many times the reference's median time the command's median time is."""
    return median_seconds(runs) / median_seconds(reference)


def peak_mb(runs: Sequence[Run]) -> float:
    """The highest memory any run used, by either measure, in MB (10⁶ bytes)."""
    return max(max(run.max_rss_kib or 0, run.tree_pss_kib or 0) for run in runs) * 1024 / 1e6


def runs_for(first_seconds: float, wanted: int = 5, *, cold_at_100k: bool = False) -> int:
    """How many runs a command gets, from its first run: ``wanted``, fewer for slow commands so that the
    whole benchmark stays within ten minutes (3 when it takes 10–20 s, 1 beyond; 1 for a cold command at
    100k records that takes 10 s or more)."""
    if first_seconds < 10:
        return wanted
    if cold_at_100k:
        return 1
    return min(wanted, 3) if first_seconds < 20 else 1
