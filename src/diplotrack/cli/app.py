"""The Typer app and what every command shares: global options, consoles, errors, filters.

Known errors (:class:`~diplotrack.problems.DiplotrackError`) become one line on stderr and an
exit status; ``--debug`` shows the traceback instead. Data goes to stdout, messages to stderr.
"""

from __future__ import annotations

import datetime as dt
import functools
import inspect
import sys
import typing
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console, RenderableType
from rich.text import Text

from diplotrack import __version__
from diplotrack.dates import DateError, Precision, parse_user_date
from diplotrack.loader import Dataset, DatasetNotFound, find_dataset, load_dataset
from diplotrack.model import Status, VisitType
from diplotrack.problems import DiplotrackError, UsageError
from diplotrack.query import SortOrder
from diplotrack.roles import OfficeClass
from diplotrack.selection import FilterOptions

app = typer.Typer(
    name="diplotrack",
    help="Track, validate and query diplomatic visits kept as YAML records.",
    context_settings={"help_option_names": ["-h", "--help"]},
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
    rich_markup_mode=None,
)


@dataclass
class Settings:
    """Global options, shared by every command."""

    data: Path | None = None
    as_of: dt.date | None = None
    debug: bool = False

    @property
    def today(self) -> dt.date:
        """``--as-of`` or the real date."""
        return self.as_of or dt.date.today()


SETTINGS = Settings()


def out() -> Console:
    """The console for data (stdout)."""
    return Console(file=sys.stdout, highlight=False)


def err() -> Console:
    """The console for messages (stderr)."""
    return Console(file=sys.stderr, highlight=False)


def emit(rendered: RenderableType | str) -> None:
    """Print a renderer's result: text as is, renderables through Rich."""
    if isinstance(rendered, str):
        sys.stdout.write(rendered if rendered.endswith("\n") or not rendered else rendered + "\n")
    else:
        # Text (such as a problem report) must not be wrapped: one problem, one line, for grep and CI logs.
        out().print(rendered, soft_wrap=isinstance(rendered, Text))


def message(text: str) -> None:
    """A message for the user on stderr (never markup-interpreted)."""
    err().print(text, markup=False, highlight=False, soft_wrap=True)


F = TypeVar("F", bound=Callable[..., Any])


def handles_errors(func: F) -> F:
    """Turn known errors into one stderr line and their exit code."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except DiplotrackError as exc:
            if SETTINGS.debug:
                raise
            message(f"error: {exc}")
            raise typer.Exit(exc.exit_code) from None
        except BrokenPipeError:
            sys.stderr.close()
            raise typer.Exit(0) from None

    return wrapper  # type: ignore[return-value]


def open_dataset(paths: list[Path] | None = None) -> Dataset:
    """Load the dataset named by ``--data``, else the one found upward from the first path or here."""
    if SETTINGS.data is None and paths:
        first = paths[0].resolve()
        try:
            root = find_dataset(start=first if first.is_dir() else first.parent)
        except DatasetNotFound:
            # Loose files outside any dataset are still checked, with the built-in countries and groups.
            root = first if first.is_dir() else first.parent
    else:
        root = find_dataset(SETTINGS.data)
    return load_dataset(root, SETTINGS.today, paths)


def warn_invalid(dataset: Dataset) -> None:
    """Queries skip records with errors; say so, once, on stderr."""
    if dataset.invalid_records:
        message(
            f"warning: {dataset.invalid_records} record(s) with errors were left out; "
            "run 'diplotrack validate' to see them"
        )


def version_callback(value: bool) -> None:
    """``--version``."""
    if value:
        typer.echo(f"diplotrack {__version__}")
        raise typer.Exit()


@app.callback()
@handles_errors
def main_options(
    data: Annotated[
        Path | None,
        typer.Option(
            "--data",
            envvar="DIPLOTRACK_DATA",
            help="Dataset folder (holds visits/). Default: nearest upward.",
        ),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            envvar="DIPLOTRACK_AS_OF",
            metavar="DATE",
            help="Treat this date as today (YYYY-MM-DD).",
        ),
    ] = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks of known errors.")] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=version_callback, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """Track, validate and query diplomatic visits kept as YAML records."""
    SETTINGS.data = data
    SETTINGS.debug = debug
    SETTINGS.as_of = None
    if as_of:
        try:
            day = parse_user_date(as_of)
        except DateError as exc:
            raise UsageError(f"--as-of: {exc}") from None
        if day.precision is not Precision.DAY:
            raise UsageError("--as-of needs a full date, e.g. 2024-04-15")
        SETTINGS.as_of = day.first_day


# --- filter options shared by list, timeline, first and stats -------------------------------------

CountryOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--country",
        "-c",
        metavar="COUNTRY",
        help="Visitor's country or destination (name, code or group). Repeatable.",
    ),
]
ToOpt = Annotated[
    list[str] | None,
    typer.Option("--to", metavar="COUNTRY", help="Destination country or group. Repeatable."),
]
FromOpt = Annotated[
    list[str] | None,
    typer.Option("--from", metavar="COUNTRY", help="Visitor's country or group. Repeatable."),
]
BetweenOpt = Annotated[
    tuple[str, str] | None,
    typer.Option(
        "--between", metavar="A B", help="Visits from either country or group to the other, both ways."
    ),
]
PersonOpt = Annotated[
    list[str] | None,
    typer.Option("--person", "-p", metavar="NAME", help="Visitor name, any part. Repeatable."),
]
HostOpt = Annotated[
    list[str] | None, typer.Option("--host", metavar="NAME", help="Host name, any part. Repeatable.")
]
TopicOpt = Annotated[
    list[str] | None, typer.Option("--topic", metavar="TOPIC", help="Topic tag. Repeatable.")
]
TypeOpt = Annotated[list[VisitType] | None, typer.Option("--type", help="Visit type. Repeatable.")]
StatusOpt = Annotated[list[Status] | None, typer.Option("--status", help="Visit status. Repeatable.")]
SinceOpt = Annotated[
    str | None,
    typer.Option("--since", metavar="DATE", help="From this date (2024, 2024-03, 'March 2024', 2024-03-15)."),
]
UntilOpt = Annotated[str | None, typer.Option("--until", metavar="DATE", help="Up to this date, inclusive.")]
TextOpt = Annotated[
    list[str] | None, typer.Option("--text", metavar="TEXT", help="Text in summary, topics, places or names.")
]
RoleOpt = Annotated[
    list[OfficeClass] | None,
    typer.Option("--role", help="Visitor's office class on the visit's dates (registry, else role text)."),
]
BilateralOpt = Annotated[
    bool, typer.Option("--bilateral", help="Only visits without an event and not summits.")
]
ObserversOpt = Annotated[
    bool, typer.Option("--include-observers", help="Groups include observers, not only full members.")
]
SortOpt = Annotated[SortOrder, typer.Option("--sort", help="Order by date or -date.")]
LimitOpt = Annotated[
    int | None, typer.Option("--limit", "-n", metavar="N", help="Show at most N visits.", min=1)
]

FILTER_PARAMETERS = {
    "country": CountryOpt,
    "to": ToOpt,
    "from_": FromOpt,
    "between": BetweenOpt,
    "person": PersonOpt,
    "host": HostOpt,
    "topic": TopicOpt,
    "type": TypeOpt,
    "status": StatusOpt,
    "since": SinceOpt,
    "until": UntilOpt,
    "text": TextOpt,
    "role": RoleOpt,
    "bilateral": BilateralOpt,
    "include_observers": ObserversOpt,
    "sort": SortOpt,
    "limit": LimitOpt,
}
FILTER_DEFAULTS: dict[str, Any] = {"sort": SortOrder.DATE, "bilateral": False, "include_observers": False}


def with_filters(func: F) -> F:
    """Add the shared filter options to a command; it receives them as ``filters``."""
    signature = inspect.signature(func)
    hints = typing.get_type_hints(func, include_extras=True)
    own = [p.replace(annotation=hints[p.name]) for p in signature.parameters.values() if p.name != "filters"]
    added = [
        inspect.Parameter(
            name, inspect.Parameter.KEYWORD_ONLY, annotation=annotation, default=FILTER_DEFAULTS.get(name)
        )
        for name, annotation in FILTER_PARAMETERS.items()
    ]

    @functools.wraps(func)
    def wrapper(**kwargs: Any) -> Any:
        values = {name: kwargs.pop(name) for name in FILTER_PARAMETERS}
        given: dict[str, Any] = {
            k: tuple(v) if isinstance(v, list) else v for k, v in values.items() if v is not None
        }
        filters = FilterOptions(**given)
        return func(filters=filters, **kwargs)

    wrapper.__signature__ = signature.replace(parameters=own + added)  # type: ignore[attr-defined]
    wrapper.__annotations__ = {p.name: p.annotation for p in own} | FILTER_PARAMETERS
    return wrapper  # type: ignore[return-value]
