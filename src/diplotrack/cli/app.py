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
from diplotrack.filters import FILTERS, Arity, Filter
from diplotrack.loader import Dataset, DatasetNotFound, find_dataset, load_dataset
from diplotrack.problems import DiplotrackError, UsageError
from diplotrack.query import Query, build_query

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


def dataset_root(paths: list[Path] | None = None) -> Path:
    """The folder named by ``--data``, else the dataset found upward from the first path or here."""
    if SETTINGS.data is None and paths:
        first = paths[0].resolve()
        try:
            return find_dataset(start=first if first.is_dir() else first.parent)
        except DatasetNotFound:
            # Loose files outside any dataset are still checked, with the built-in countries and groups.
            return first if first.is_dir() else first.parent
    return find_dataset(SETTINGS.data)


def open_dataset(paths: list[Path] | None = None) -> Dataset:
    """Load the dataset named by ``--data``, else the one found upward from the first path or here."""
    return load_dataset(dataset_root(paths), paths)


def query_of(dataset: Dataset, filters: FilterValues) -> Query:
    """The query the filter options ask for, resolved against the dataset."""
    return build_query(filters, dataset.registries, SETTINGS.today)


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


# --- filter options shared by list, timeline, first, pair and stats -----------------------------------


def _annotation(spec: Filter) -> tuple[Any, Any]:
    """The Typer parameter (annotation and default) of one filter."""
    metavar, help_text = spec.metavar, spec.help
    if spec.choices is not None:
        metavar = metavar or spec.flags[0].lstrip("-").upper()
        help_text += f" One of: {', '.join(str(c.value) for c in spec.choices)}."
    option = typer.Option(*spec.flags, help=help_text, metavar=metavar, case_sensitive=False)
    if spec.arity is Arity.FLAG:
        return Annotated[bool, option], False
    item: Any = spec.choices or str
    kind: Any = {Arity.MANY: list[item], Arity.ONE: item, Arity.PAIR: tuple[str, str]}[spec.arity]
    return Annotated[kind | None, option], None


def with_filters(command: F) -> F:
    """Give a command the options of every filter in :data:`~diplotrack.filters.FILTERS`.

    The command declares a parameter ``filters: FilterValues`` and receives the typed values by filter
    name. Like :mod:`dataclasses`, this writes a real function whose parameters are the command's own
    followed by one per filter, so Typer reads an ordinary signature.
    """
    hints = typing.get_type_hints(command, include_extras=True)
    own = [p for p in inspect.signature(command).parameters.values() if p.name != "filters"]
    namespace: dict[str, Any] = {"_command": command, "_names": [spec.name for spec in FILTERS]}
    parameters = []
    for index, (name, (annotation, default)) in enumerate(
        [(p.name, (hints[p.name], p.default)) for p in own]
        + [(spec.name, _annotation(spec)) for spec in FILTERS]
    ):
        namespace[f"_a{index}"], namespace[f"_d{index}"] = annotation, default
        parameters.append(
            f"{name}: _a{index}" + ("" if default is inspect.Parameter.empty else f" = _d{index}")
        )
    own_names = ", ".join(f"{p.name}={p.name}" for p in own)
    source = (
        f"def {command.__name__}(*, {', '.join(parameters)}):\n"
        f"    values = locals()\n"
        f"    return _command(filters={{n: values[n] for n in _names}}, {own_names})\n"
    )
    exec(source, namespace)
    generated = namespace[command.__name__]
    generated.__doc__ = command.__doc__
    generated.__module__ = command.__module__
    return generated  # type: ignore[no-any-return]


FilterValues = dict[str, Any]
"""The filter options as typed, by filter name (see :func:`with_filters`)."""
