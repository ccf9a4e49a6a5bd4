"""Typer ``autocompletion`` callbacks over :mod:`diplotrack.completion`.

A callback runs on every Tab press, in the shell's process: it finds the dataset the command would
use (``--data``, ``DIPLOTRACK_DATA``, else upward from here), answers from the registries or the file
names, and never raises — a broken dataset completes nothing instead of printing a traceback into the
user's command line.
"""

import functools
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from diplotrack.completion import Candidate, person_candidates, place_candidates, record_id_candidates
from diplotrack.filters import resolve_person, resolve_place

if TYPE_CHECKING:
    from diplotrack.loader import Registries


def _root(ctx: typer.Context) -> Path | None:
    from diplotrack.datafiles import find_dataset  # imported on a Tab press, not at start-up

    data = ctx.find_root().params.get("data") or os.environ.get("DIPLOTRACK_DATA")
    try:
        return find_dataset(Path(data) if data else None)
    except Exception:
        return None


@functools.cache
def _registries(root: Path | None) -> "Registries":
    from diplotrack.loader import load_registries

    return load_registries(root if root is not None else Path("/nonexistent-dataset"))


def _safe(
    func: Callable[[typer.Context, str], list[Candidate]],
) -> Callable[[typer.Context, str], list[Candidate]]:
    @functools.wraps(func)
    def wrapper(ctx: typer.Context, incomplete: str) -> list[Candidate]:
        try:
            return func(ctx, incomplete)
        except Exception:  # completion must never fail the shell
            return []

    return wrapper


@_safe
def complete_place(ctx: typer.Context, incomplete: str) -> list[Candidate]:
    """Countries (codes when typed in capitals, else names) and groups."""
    registries = _registries(_root(ctx))
    return place_candidates(registries.countries, registries.groups, incomplete)


@_safe
def complete_person(ctx: typer.Context, incomplete: str) -> list[Candidate]:
    """Registry names and spellings."""
    return person_candidates(_registries(_root(ctx)).people, incomplete)


@_safe
def complete_record_id(ctx: typer.Context, incomplete: str) -> list[Candidate]:
    """Record ids of the dataset."""
    root = _root(ctx)
    return [] if root is None else record_id_candidates(root, incomplete)


BY_RESOLVER: dict[Any, Callable[[typer.Context, str], list[Candidate]]] = {
    resolve_place: complete_place,
    resolve_person: complete_person,
}
"""The completion of a filter option follows from how its value is resolved."""
