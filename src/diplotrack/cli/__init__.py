"""The command line: parse options, call the core, pick a renderer, print.

No YAML handling and no filtering happen here; each command calls the library and hands the
result to a renderer. Commands live in small modules by concern and register on one app.
"""

from __future__ import annotations

from diplotrack.cli import claims, records, registry
from diplotrack.cli.app import app

__all__ = ["app", "claims", "main", "records", "registry"]


def main() -> None:
    """Console-script entry point."""
    app()
