"""The closed vocabularies the command line offers (output formats and option choices).

Typer needs an option's enum when a command is registered, that is at every start-up, even for
``--help``; so these live here, away from the renderers and exporters that use them, and this module
imports nothing but :mod:`enum`. The modules that act on a choice import it from here.
"""

from __future__ import annotations

import enum


class OutputFormat(enum.StrEnum):
    """Output formats of ``list``."""

    TABLE = "table"
    JSON = "json"
    CSV = "csv"
    YAML = "yaml"
    MARKDOWN = "markdown"


class ListColumn(enum.StrEnum):
    """Columns of the ``list`` table and Markdown (``--columns``)."""

    ID = "id"
    DATES = "dates"
    VISITOR = "visitor"
    FROM = "from"
    TO = "to"
    TYPE = "type"
    TOPICS = "topics"
    HOSTS = "hosts"
    SUMMARY = "summary"


DEFAULT_COLUMNS = (
    ListColumn.DATES, ListColumn.VISITOR, ListColumn.FROM, ListColumn.TO,
    ListColumn.TYPE, ListColumn.TOPICS, ListColumn.ID,
)  # fmt: skip
"""In order of priority too: on a narrow terminal the table leaves out columns from the right."""


class ShowFormat(enum.StrEnum):
    """Output formats of ``show``."""

    PANEL = "panel"
    JSON = "json"
    YAML = "yaml"


class ReportFormat(enum.StrEnum):
    """Output formats of ``validate``."""

    TEXT = "text"
    JSON = "json"
    GITHUB = "github"


class StatsFormat(enum.StrEnum):
    """Output formats of counts."""

    TABLE = "table"
    JSON = "json"
    CSV = "csv"


class StatsBy(enum.StrEnum):
    """What ``stats`` counts by."""

    YEAR = "year"
    DESTINATION = "destination"
    VISITOR_COUNTRY = "visitor-country"
    TYPE = "type"
    TOPIC = "topic"
    PERSON = "person"


class TimelineBy(enum.StrEnum):
    """How finely a timeline groups visits."""

    YEAR = "year"
    MONTH = "month"


class ExportFormat(enum.StrEnum):
    """Formats of ``export``."""

    JSON = "json"
    JSONL = "jsonl"
    CSV = "csv"
    SQLITE = "sqlite"
    ICS = "ics"

    @property
    def is_binary(self) -> bool:
        """Not text: written to a file only, never to a terminal or pipe by accident."""
        return self is ExportFormat.SQLITE

    @property
    def needs_unique_ids(self) -> bool:
        """Ids become keys (a primary key, a calendar UID), so two records may not share one."""
        return self in (ExportFormat.SQLITE, ExportFormat.ICS)


class ImportFormat(enum.StrEnum):
    """Output formats of the import summary."""

    TEXT = "text"
    JSON = "json"


class DraftFormat(enum.StrEnum):
    """Output formats of ``draft``."""

    YAML = "yaml"
    JSON = "json"
