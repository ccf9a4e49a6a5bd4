"""Run diplotrack in this process under tracemalloc; write the lines that held most at the peak to a file.

A thread takes a snapshot whenever traced memory has grown by a sixth since the last one; the largest
snapshot is the one shown (a Markdown table of the top allocation sites). Run it on one core (``taskset
-c 0``), so that a cold ``validate`` parses in this process rather than in a pool.

    taskset -c 0 python bench/tracemem.py OUT.md --data DATASET --no-cache validate
"""

from __future__ import annotations

import contextlib
import re
import sys
import threading
import tracemalloc
from pathlib import Path

TOP = 12


def main() -> None:
    tracemalloc.start()
    best: list[tracemalloc.Snapshot] = []
    sizes = [0]
    stop = threading.Event()

    def watch() -> None:
        while not stop.wait(0.2):
            current, _ = tracemalloc.get_traced_memory()
            if current > sizes[-1] * 7 / 6:
                best[:] = [tracemalloc.take_snapshot()]
                sizes.append(current)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    from diplotrack.cli import main as diplotrack

    out = Path(sys.argv[1])
    sys.argv = ["diplotrack", *sys.argv[2:]]
    with contextlib.suppress(SystemExit):
        diplotrack()
    stop.set()
    watcher.join()
    _, peak = tracemalloc.get_traced_memory()
    lines = [f"Traced peak {peak / 1e6:.0f} MB; the largest snapshot at {sizes[-1] / 1e6:.0f} MB.", ""]
    if best:
        lines += ["| MB | blocks | allocated at |", "|---:|---:|---|"]
        for stat in best[0].statistics("lineno")[:TOP]:
            frame = stat.traceback[0]
            where = re.sub(r".*/(site-packages|src|lib/python3\.[0-9]+)/", "", frame.filename)
            lines.append(f"| {stat.size / 1e6:.1f} | {stat.count} | `{where}:{frame.lineno}` |")
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
