"""``draft``: a news report becomes a reviewable visit record (the core is :mod:`diplotrack.draft`)."""

import enum
import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated
from urllib.parse import urlparse

import typer

from diplotrack.choices import DraftFormat
from diplotrack.cli.app import SETTINGS, app, emit, handles_errors, message
from diplotrack.dates import DateError, Precision, parse_user_date
from diplotrack.problems import UsageError

if TYPE_CHECKING:
    from diplotrack.loader import Registries


class LanguageChoice(enum.StrEnum):
    """``--lang``: a language ``draft`` reads, or ``auto``."""

    AUTO = "auto"
    DE = "de"
    EN = "en"
    RU = "ru"


def _registries() -> "Registries":
    """The dataset's registries when there is a dataset (its own people count too), else the built-in ones."""
    from diplotrack.datafiles import DatasetNotFound, find_dataset
    from diplotrack.loader import load_registries

    try:
        root = find_dataset(SETTINGS.data)
    except DatasetNotFound:
        root = Path(os.devnull)  # no countries.yaml, people/ or groups/ there: the built-in registries only
    return load_registries(root)


@app.command("draft")
@handles_errors
def draft_command(
    file: Annotated[
        str, typer.Argument(metavar="FILE|-", help="The report as UTF-8 plain text; - reads stdin.")
    ],
    published: Annotated[
        str | None,
        typer.Option("--published", metavar="DATE", help="The report's date; relative dates count from it."),
    ] = None,
    lang: Annotated[
        LanguageChoice, typer.Option("--lang", help="The report's language.", case_sensitive=False)
    ] = LanguageChoice.AUTO,
    output_format: Annotated[
        DraftFormat, typer.Option("--format", "-f", help="yaml (with # check: comments) or json.")
    ] = DraftFormat.YAML,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this new file (never overwrites one).")
    ] = None,
    url: Annotated[
        str | None, typer.Option("--url", help="The report's address, for the record's sources.")
    ] = None,
) -> None:
    """Draft a visit record from a news report in German, English or Russian.

    Finds the visitor, destination, places, hosts, dates, type, event and topics through the registries,
    and marks every value to review with a '# check:' comment citing the sentence it came from. Several
    visits: the main one first, the rest as further YAML documents. No visit: exit status 1.

    Example:

        diplotrack draft report.txt --published 2024-04-15 --url https://example.org/report
    """
    from diplotrack.draft import Language, draft
    from diplotrack.draft.files import read_report, write_new
    from diplotrack.draft.output import DRAFT_RENDERERS

    day = None
    if published is not None:
        try:
            parsed = parse_user_date(published)
        except DateError as exc:
            raise UsageError(f"--published: {exc}") from None
        if parsed.precision is not Precision.DAY:
            raise UsageError("--published needs a full date, e.g. 2024-04-15")
        day = parsed.first_day
    if url is not None:
        address = urlparse(url)
        if address.scheme not in ("http", "https") or not address.netloc or any(c.isspace() for c in url):
            raise UsageError(f"--url {url!r} is not an http(s) URL; write it as https://host/path")
    text = read_report(file)
    registries = _registries()
    language = None if lang is LanguageChoice.AUTO else Language(lang.value)
    result = draft(text, registries.people, registries.countries, language=language, published=day, url=url)
    label = "standard input" if file == "-" else Path(file).name
    rendered = DRAFT_RENDERERS[output_format](result, label)
    checks = sum(1 for d in result.drafts for n in d.notes.values() if n.check)
    summary = f"drafted {len(result.drafts)} visit(s) from a {result.language.value} text; {checks} value(s) to check"
    if output is not None:
        write_new(output, rendered)
        message(f"{summary}; wrote {output}")
    else:
        emit(rendered)
        message(summary)
