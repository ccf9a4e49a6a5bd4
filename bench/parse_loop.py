"""The floor a cold ``validate`` is compared with: PyYAML's C loader parsing every file, one process.

It reads what ``diplotrack validate`` reads (every ``*.yaml`` and ``*.yml`` below ``visits/``) and only
parses it: no checks, no positions, no records.

    python bench/parse_loop.py DATASET      # prints the number of files parsed
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml


def parse_all(root: Path) -> int:
    """Parse every visit file of a dataset with ``yaml.CSafeLoader``; the number of files."""
    files = sorted(p for p in (root / "visits").rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())
    for path in files:
        with open(path, "rb") as stream:
            yaml.load(stream, Loader=yaml.CSafeLoader)
    return len(files)


if __name__ == "__main__":
    print(parse_all(Path(sys.argv[1])))
