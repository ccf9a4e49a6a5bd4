"""The command line: parse options, call the core, pick a renderer, print.

No YAML handling and no filtering happen here; each command calls the library and hands the
result to a renderer. Commands live in small modules by concern and register on one app.
"""

from __future__ import annotations

# ruff: isort: skip_file
# Importing the command modules registers their commands; this order is the order of --help.
from diplotrack.cli.app import app
from diplotrack.cli import records, claims, registry, draft, interchange, imports, authoring

__all__ = ["app", "authoring", "claims", "draft", "imports", "interchange", "main", "records", "registry"]


def main() -> None:
    """Console-script entry point."""
    app()
