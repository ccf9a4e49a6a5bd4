"""JSON and JSON Lines: the records as ``list --format json`` gives them (canonical codes, effective status, file)."""

from __future__ import annotations

import json
from collections.abc import Sequence

from diplotrack.export.common import ExportContext
from diplotrack.model import Visit
from diplotrack.render.common import visit_data
from diplotrack.render.visits import visits_json


def export_json(visits: Sequence[Visit], ctx: ExportContext) -> bytes:
    """One JSON array, exactly what ``list --format json`` prints."""
    return (visits_json(visits, ctx.today) + "\n").encode("utf-8")


def export_jsonl(visits: Sequence[Visit], ctx: ExportContext) -> bytes:
    """One JSON object per line (for ``jq -c``, ``datasette insert``, streaming loaders)."""
    lines = (json.dumps(visit_data(visit, ctx.today), ensure_ascii=False) + "\n" for visit in visits)
    return "".join(lines).encode("utf-8")
