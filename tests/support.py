"""What tests share that is not a fixture: fixture-data paths, the fixed "today", plain rendering."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from rich.console import Console, RenderableType

DATA = Path(__file__).parent / "data"
VALID = DATA / "valid"
BROKEN = DATA / "broken"
REPO = Path(__file__).parent.parent
TODAY = dt.date(2026, 6, 1)


def plain(renderable: RenderableType, width: int = 100) -> str:
    """What a terminal of that width without colour shows, as text (soft wrapping as the CLI prints Text)."""
    console = Console(width=width, no_color=True, color_system=None, record=True, file=None)
    with console.capture() as capture:
        console.print(renderable)
    return capture.get()
