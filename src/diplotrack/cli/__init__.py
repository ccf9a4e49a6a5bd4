"""The command line: parse options, call the core, pick a renderer, print.

No YAML handling and no filtering happen here; each command calls the library and hands the
result to a renderer. Commands live in small modules by concern and register on one app when their
module is imported.

Start-up registers only what a run needs, as Click's "lazily loading subcommands" pattern does: the
console script looks at the command named on the command line and imports just the module that defines
it, so ``diplotrack validate`` neither imports nor builds the other 17 commands (about 40 ms of a 0.2 s
run). Without a known command name (``--help``, shell completion, a typo) every module is imported, so
help, completion and "no such command" see the whole app. ``from diplotrack.cli import app`` is the
whole app too; ``tests/test_startup.py`` checks that :data:`COMMANDS` names the module of every command.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import typer

    from diplotrack.cli.app import app as app

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
    register(COMMANDS.get(command, MODULES) if command is not None else MODULES)()
