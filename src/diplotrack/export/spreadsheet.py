"""CSV for spreadsheets: the columns of :mod:`diplotrack.csvformat`, one row per visit."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from diplotrack.csvformat import HEADER, RowContext, visit_row
from diplotrack.export.common import ExportContext
from diplotrack.model import Visit

BOM = "\ufeff"


def export_csv(visits: Sequence[Visit], ctx: ExportContext) -> bytes:
    """A header row and one row per visit; ``ctx.excel`` adds the byte-order mark Excel looks for."""
    out = io.StringIO()
    # CRLF is what RFC 4180 and Excel expect; every csv reader accepts it.
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    row_ctx = RowContext(ctx.today, ctx.people)
    writer.writerows(visit_row(visit, row_ctx) for visit in visits)
    return ((BOM if ctx.excel else "") + out.getvalue()).encode("utf-8")
