"""What an import reports: one line per skipped row, the YAML of a dry run, a summary."""

from __future__ import annotations

from diplotrack.csvimport import ImportReport, Outcome


def skip_lines(report: ImportReport) -> list[str]:
    """``FILE:ROW: skipped: reason``, one line per reason of each skipped row."""
    return [
        f"{report.source}:{result.row}: skipped: {reason}"
        for result in report.results
        if result.outcome in (Outcome.INVALID, Outcome.CONFLICT)
        for reason in result.reasons
    ]


def dry_run_yaml(report: ImportReport) -> str:
    """The files a dry run would write, as one YAML stream with each file's path in a comment."""
    return "".join(
        f"---\n# {result.path}\n{result.text}"
        for result in report.results
        if result.outcome is Outcome.WRITTEN
    )


def import_summary(report: ImportReport) -> str:
    """``12 written, 3 unchanged, 2 skipped (1 with errors, 1 taken by another record)``."""
    written = "to write" if report.dry_run else "written"
    text = f"{report.count(Outcome.WRITTEN)} {written}, {report.count(Outcome.UNCHANGED)} unchanged, {report.skipped} skipped"
    if report.skipped:
        reasons = [
            f"{report.count(Outcome.INVALID)} with errors" if report.count(Outcome.INVALID) else "",
            f"{report.count(Outcome.CONFLICT)} whose file or id is another record's"
            if report.count(Outcome.CONFLICT)
            else "",
        ]
        text += f" ({', '.join(r for r in reasons if r)})"
    return text + ("; dry run, nothing written" if report.dry_run else "")
