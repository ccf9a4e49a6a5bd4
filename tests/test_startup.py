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
import typer
from typer.core import TyperGroup

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


def test_a_warm_validate_reads_its_report_without_the_parser_or_pycountry() -> None:
    args = ["--data", str(DATASET), "validate"]
    assert "yaml" in heavy_after(args)  # the first run parses (or at least reads the registries)
    warm = set(heavy_after(args))
    assert not warm & {"yaml", "pycountry", "diplotrack.loader", "diplotrack.records", "diplotrack.query"}
    assert "diplotrack.cache" in warm  # it did use the cache


def test_a_warm_query_does_not_import_pycountry() -> None:
    args = ["--data", str(DATASET), "list", "--country", "Armenia", "--format", "json"]
    heavy_after(args)
    warm = set(heavy_after(args))
    assert "pycountry" not in warm and "diplotrack.query" in warm


def test_each_command_is_registered_by_the_modules_named_for_it() -> None:
    # In a fresh interpreter per command: registering a command's modules gives the app that command.
    from diplotrack.cli import COMMANDS, MODULES, register

    full = typer.main.get_command(register())
    assert isinstance(full, TyperGroup)
    assert sorted(full.commands) == sorted(COMMANDS)
    code = (
        "import sys, typer; from diplotrack.cli import COMMANDS, register\n"
        "name = sys.argv[1]; group = typer.main.get_command(register(COMMANDS[name]))\n"
        "assert name in group.commands, sorted(group.commands)\n"
        "assert len(group.commands) < len(COMMANDS), 'registered everything'\n"
    )
    for name in COMMANDS:
        subprocess.run([sys.executable, "-c", code, name], check=True)
    assert set(MODULES) >= {module for modules in COMMANDS.values() for module in modules}


@pytest.mark.parametrize(
    ("args", "command"),
    [(["list"], "list"), (["--data", "x", "--as-of", "2024-01-01", "list"], "list"), (["--debug", "show", "a"], "show"),
     (["--data=x", "validate"], "validate"), (["--help"], None), (["--data", "validate"], None), (["--", "list"], None)],
)  # fmt: skip
def test_the_command_named_on_the_command_line(args: list[str], command: str | None) -> None:
    from diplotrack.cli import command_named

    assert command_named(args) == command


def test_the_summaries_are_the_commands_own_help() -> None:
    from diplotrack.cli import SUMMARIES, register

    group = typer.main.get_command(register())
    assert isinstance(group, TyperGroup)
    real = {name: (command.help or "").split("\n\n")[0] for name, command in group.commands.items()}
    assert {name: text for name, text in real.items() if name != "import"} == SUMMARIES
    assert list(SUMMARIES) == [name for name in group.commands if name != "import"]  # the order of --help


HELP_OF_ALL = """
import sys
from diplotrack.cli import register
sys.argv[0] = "diplotrack"
register()(sys.argv[1:], prog_name="diplotrack")
"""


@pytest.mark.parametrize("width", [60, 100, 180])
@pytest.mark.parametrize("args", [["--help"], [], ["--version"], ["--data"], ["--no-cache"]])
def test_help_from_the_summaries_is_the_help_of_the_whole_app(width: int, args: list[str]) -> None:
    env = dict(os.environ, COLUMNS=str(width))
    from_summaries = subprocess.run(
        [sys.executable, "-c", "import sys; from diplotrack.cli import main; sys.argv[0] = 'diplotrack'; main()",
         *args], capture_output=True, text=True, env=env,
    )  # fmt: skip
    whole = subprocess.run(
        [sys.executable, "-c", HELP_OF_ALL, *args], capture_output=True, text=True, env=env
    )
    assert (from_summaries.returncode, from_summaries.stdout, from_summaries.stderr) == (
        whole.returncode, whole.stdout, whole.stderr
    )  # fmt: skip
    assert from_summaries.stdout or from_summaries.stderr
