"""Lazy start-up: ``--help``, ``--version`` and completing a command name import none of the heavy modules.

Each case runs in a fresh interpreter (a module imported once stays imported) and reports which heavy
modules the run left in ``sys.modules``. No timing here: what is imported decides the start-up time.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

HEAVY_PACKAGES = {"yaml", "pycountry", "ruamel", "icalendar", "dateparser", "dateutil", "pymorphy3", "defusedxml", "sqlite3"}  # fmt: skip
HEAVY_MODULES = {"diplotrack.loader", "diplotrack.countries", "diplotrack.records", "diplotrack.query", "diplotrack.cache"}  # fmt: skip

DATASET = Path(__file__).parent.parent
"""The bundled dataset."""

RUN = """
import json, os, sys
from diplotrack.cli import main
sys.argv = ["diplotrack", *json.loads(sys.argv[1])]
try:
    main()
except SystemExit:
    pass
heavy = sorted(m for m in sys.modules if m.split(".")[0] in {packages} or m in {modules})
print("\\n" + json.dumps(heavy), file=sys.stderr)
"""


def heavy_after(args: list[str], env: dict[str, str] | None = None) -> list[str]:
    """The heavy modules loaded by running ``diplotrack ARGS`` in a fresh interpreter."""
    code = RUN.format(packages=sorted(HEAVY_PACKAGES), modules=sorted(HEAVY_MODULES))
    result = subprocess.run(
        [sys.executable, "-c", code, json.dumps(args)],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    loaded: list[str] = json.loads(result.stderr.strip().splitlines()[-1])
    return loaded


def test_importing_the_cli_loads_no_heavy_module() -> None:
    assert heavy_after([]) == []


@pytest.mark.parametrize("args", [["--help"], ["--version"], ["list", "--help"], ["validate", "-h"]])
def test_help_and_version_load_no_heavy_module(args: list[str]) -> None:
    assert heavy_after(args) == []


def test_completing_a_command_name_loads_no_heavy_module() -> None:
    env = dict(os.environ, _DIPLOTRACK_COMPLETE="complete_bash", COMP_WORDS="diplotrack li", COMP_CWORD="1")
    assert heavy_after([], env=env) == []


def test_a_command_still_loads_what_it_uses() -> None:
    # The check above would pass vacuously if the wrapper loaded nothing at all.
    assert {"diplotrack.loader", "yaml"} <= set(
        heavy_after(["--data", str(DATASET), "people", "--format", "json"])
    )
