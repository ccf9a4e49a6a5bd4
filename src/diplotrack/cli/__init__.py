"""The command line: parse options, call the core, pick a renderer, print.

No YAML handling and no filtering happen here; each command calls the library and hands the
result to a renderer. Commands live in small modules by concern and register on one app when their
module is imported.

Start-up registers only what a run needs, as Click's "lazily loading subcommands" pattern does: the
console script looks at the command named on the command line and imports just the module that defines
it, so ``diplotrack validate`` neither imports nor builds the other commands (about 40 ms of a 0.2 s
run). Without a command name, only the top-level help, ``--version`` or a usage error can follow, and they
show no more of a command than its name and summary (:data:`SUMMARIES`). Shell completion and an unknown
command name get every module, so they see the whole app. ``from diplotrack.cli import app`` is the whole
app too; ``tests/test_startup.py`` checks that :data:`COMMANDS` names the module of every command and that
:data:`SUMMARIES` gives the same help as the commands do.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import typer

    from diplotrack.cli.app import app as app

PROGRAM = "diplotrack"

MODULES = ("validation", "records", "claims", "registry", "draft", "interchange", "imports", "authoring")
"""Every command module, in the order their commands appear in ``--help``."""

COMMANDS: dict[str, tuple[str, ...]] = {
    "validate": ("validation",),
    "list": ("records",),
    "show": ("records",),
    "timeline": ("claims",),
    "first": ("claims",),
    "pair": ("claims",),
    "stats": ("claims",),
    "people": ("registry",),
    "groups": ("registry",),
    "draft": ("draft",),
    "export": ("interchange",),
    "schema": ("interchange",),
    "init": ("interchange",),
    "import": ("interchange", "imports"),
    "fmt": ("authoring",),
    "add": ("authoring",),
}
"""The modules that define each top-level command (``import``: the modules of its sub-commands)."""

SUMMARIES: dict[str, str] = {
    "validate": "Check every file and record; report all problems as path:line:col.",
    "list": "List visits that match the filters (all filters must hold; repeated ones are any-of).",
    "show": "Show one record in full.",
    "timeline": "Show matching visits as a timeline grouped by year (and month).",
    "first": 'Check a "first since" claim: the first (or Nth) matching visit on or after --since.',
    "pair": "Bilateral history and reciprocity: visits both ways between A and B.",
    "stats": "Count matching visits by year, destination, visitor country, type, topic or person.",
    "people": "List the people of the registry with their aliases and offices.",
    "groups": "Show groups (built-in and the dataset's) and their membership over time.",
    "draft": "Draft a visit record from a news report in German, English or Russian.",
    "export": "Export matching visits as JSON, JSON Lines, CSV, SQLite (for Datasette) or iCalendar.",
    "schema": "Print a JSON Schema (2020-12) of visit files, for editors and check-jsonschema.",
    "init": "Start a dataset: visits/, people/, groups/, an example record, a pre-commit hook and a CI workflow.",
    "fmt": "Rewrite record files in the one canonical form, keeping comments.",
    "add": "Add a visit record, checked like any other, under visits/<year>/; prints its path.",
}
"""Each command's summary (the first paragraph of its help), in the order of ``--help``: the top-level help
shows nothing else of a command, so it is printed without importing or building any command. A test keeps
these equal to the commands' own help."""

OPTIONS_WITH_VALUE = frozenset({"--data", "--as-of"})
"""The global options that take a value (the word after them is not the command)."""


def register(modules: Sequence[str] = MODULES) -> typer.Typer:
    """The app, with the commands of ``modules`` registered (importing a module registers its commands)."""
    for module in modules:
        importlib.import_module(f"diplotrack.cli.{module}")
    from diplotrack.cli.app import app

    # Importing the submodule ``diplotrack.cli.app`` set this package's ``app`` to that module; the name
    # means the Typer app, as ``from diplotrack.cli import app`` expects.
    globals()["app"] = app
    return app


def register_summaries() -> typer.Typer:
    """The app with each command as its name and summary only: all that the top-level help shows."""
    from diplotrack.cli.app import Command, app

    for name, summary in SUMMARIES.items():
        app.command(name, help=summary, cls=Command)(_summary_only)
    globals()["app"] = app
    return app


def _summary_only() -> None:
    """Stands in for a command in the top-level help; never run (a named command is registered for real)."""


def command_named(args: Sequence[str]) -> str | None:
    """The command a command line names: its first word that is not a global option or its value."""
    words = iter(args)
    for word in words:
        if word == "--":
            return None
        if word in OPTIONS_WITH_VALUE:
            next(words, None)
        elif not word.startswith("-"):
            return word
    return None


def __getattr__(name: str) -> Any:
    # `from diplotrack.cli import app` (tests, library users) gets the app with every command.
    if name == "app":
        return register()
    if name in MODULES:
        return importlib.import_module(f"diplotrack.cli.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def main() -> None:
    """Console-script entry point."""
    command = command_named(sys.argv[1:])
    if command is None and f"_{PROGRAM.upper()}_COMPLETE" not in os.environ:
        # No command: the top-level help, --version, or a usage error; names and summaries are enough.
        register_summaries()()
        return
    register(COMMANDS.get(command, MODULES) if command is not None else MODULES)()
