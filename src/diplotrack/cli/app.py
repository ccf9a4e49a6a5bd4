"""The Typer app and what every command shares: global options, consoles, errors, filters.

Known errors (:class:`~diplotrack.problems.DiplotrackError`) become one line on stderr and an
exit status; ``--debug`` shows the traceback instead. Data goes to stdout, messages to stderr.

Start-up is lazy: ``--help``, ``--version`` and shell completion must not pay for PyYAML, pycountry or
the loader. So the ``cli`` modules import at the top only Typer, Rich, this module and the light
vocabularies their options need (:mod:`diplotrack.choices`, :mod:`diplotrack.model`,
:mod:`diplotrack.filters` where a command takes the filter options); everything else is imported inside
the command (or helper) that uses it.
``tests/test_startup.py`` checks which modules a start-up imports.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import inspect
import re
import sys
import time
import typing
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer
from rich.console import Console, RenderableType
from rich.text import Text
from typer.core import TyperArgument, TyperCommand

from diplotrack import __version__
from diplotrack.problems import DiplotrackError, UsageError

if TYPE_CHECKING:
    from diplotrack.cache import IndexCache
    from diplotrack.filters import Filter
    from diplotrack.loader import Dataset
    from diplotrack.query import Query

app = typer.Typer(
    name="diplotrack",
    help="Track, validate and query diplomatic visits kept as YAML records.",
    context_settings={"help_option_names": ["-h", "--help"]},
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
    rich_markup_mode=None,
)

import_app = typer.Typer(
    name="import",
    help="Import records from other formats into a dataset.",
    context_settings={"help_option_names": ["-h", "--help"]},
    no_args_is_help=True,
    rich_markup_mode=None,
)
"""The ``import`` group: one sub-command per source format."""
app.add_typer(import_app)


@dataclass
class Settings:
    """Global options, shared by every command."""

    data: Path | None = None
    as_of: dt.date | None = None
    debug: bool = False
    cache: bool = True

    @property
    def today(self) -> dt.date:
        """``--as-of`` or the real date."""
        return self.as_of or dt.date.today()


SETTINGS = Settings()
ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def out() -> Console:
    """The console for data (stdout); no highlighting and no ``:emoji:`` codes: data is shown as written."""
    return Console(file=sys.stdout, highlight=False, emoji=False)


def err() -> Console:
    """The console for messages (stderr), as :func:`out`."""
    return Console(file=sys.stderr, highlight=False, emoji=False)


def emit(rendered: RenderableType | str) -> None:
    """Print a renderer's result: text as is, renderables through Rich."""
    if isinstance(rendered, str):
        sys.stdout.write(rendered if rendered.endswith("\n") or not rendered else rendered + "\n")
    else:
        # Text (such as a problem report) must not be wrapped: one problem, one line, for grep and CI logs.
        out().print(rendered, soft_wrap=isinstance(rendered, Text))


def message(text: str) -> None:
    """A message for the user on stderr: one line, never markup-interpreted, data in it displayable.

    Messages quote data (ids, names, file names, suggestions), so the whole line goes through
    :func:`~diplotrack.render.display.log_line`: controls become visible escapes and no workflow command
    can start in a CI log.
    """
    from diplotrack.render.display import log_line

    err().print(log_line(text), markup=False, highlight=False, soft_wrap=True)


class Command(TyperCommand):
    """Typer's command, whose help names arguments without Python types (``ID``, not ``ID <str>``)."""

    def get_params(self, ctx: Any) -> list[Any]:
        params: list[Any] = super().get_params(ctx)
        for param in params:
            if isinstance(param, TyperArgument):
                # Typer appends "<str>", "<list[Path]>" to argument names in help; the metavar says enough.
                setattr(param, "display_type_rich", lambda ctx: None)  # noqa: B010
        return params


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
    from diplotrack.datafiles import DatasetNotFound, find_dataset

    if SETTINGS.data is None and paths:
        first = paths[0].resolve()
        try:
            return find_dataset(start=first if first.is_dir() else first.parent)
        except DatasetNotFound:
            # Loose files outside any dataset are still checked, with the built-in countries and groups.
            return first if first.is_dir() else first.parent
    return find_dataset(SETTINGS.data)


@contextlib.contextmanager
def index_cache(root: Path) -> Iterator[IndexCache | None]:
    """The dataset's index cache (``None`` with ``--no-cache``, outside a dataset, or when it is busy);
    its warnings go to stderr once."""
    if not SETTINGS.cache or not (root / "visits").is_dir():
        yield None
        return
    from diplotrack.cache import CacheUnavailable, open_cache

    try:
        cache = open_cache(root)
    except CacheUnavailable as exc:
        message(f"warning: the index cache cannot be used ({exc}); answering without it")
        yield None
        return
    try:
        yield cache
    finally:
        for warning in cache.warnings:
            message(f"warning: {warning}")
        cache.close()


@contextlib.contextmanager
def progress_bar(what: str) -> Iterator[Callable[[int, int], None] | None]:
    """A callback that shows a progress bar on stderr, when stderr is a terminal and the work takes more
    than a second; ``None`` otherwise (nothing to draw into a pipe or a CI log)."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.progress import Progress

    started = time.monotonic()
    bar: Progress | None = None
    task = None

    def update(done: int, total: int) -> None:
        nonlocal bar, task
        if bar is None:
            if time.monotonic() - started < 1:
                return
            bar = Progress(console=err(), transient=True)
            bar.start()
            task = bar.add_task(what, total=total)
        assert task is not None
        bar.update(task, completed=done, total=total)

    try:
        yield update
    finally:
        if bar is not None:
            bar.stop()


def open_dataset(paths: list[Path] | None = None) -> Dataset:
    """Load the dataset named by ``--data``, else the one found upward from the first path or here."""
    from diplotrack.loader import load_dataset

    root = dataset_root(paths)
    with index_cache(root) as cache:
        return load_dataset(root, paths, cache=cache)


def open_query(
    filters: FilterValues, *, ignore: tuple[str, ...] = (), limited: bool = False
) -> tuple[Dataset, Query]:
    """The dataset and the query its filter options ask for. With the index cache, only visits that may
    match are read (``ignore`` names filters that must not narrow the reading, e.g. ``since`` for ``first``,
    which also looks before it; ``limited``: the answer is ``run_query``'s, so ``--limit`` may stop it)."""
    from diplotrack.loader import load_dataset, load_registries
    from diplotrack.query import build_query, wanted

    root = dataset_root()
    registries = load_registries(root)
    query = build_query(filters, registries, SETTINGS.today)
    with index_cache(root) as cache:
        needed = wanted(query, registries, ignore, limited=limited) if cache is not None else None
        dataset = load_dataset(root, cache=cache, registries=registries, wanted=needed)
    return dataset, query


def query_of(dataset: Dataset, filters: FilterValues) -> Query:
    """The query the filter options ask for, resolved against the dataset."""
    from diplotrack.query import build_query

    return build_query(filters, dataset.registries, SETTINGS.today)


def warn_invalid(dataset: Dataset) -> None:
    """Queries skip records with errors and files that cannot be read; say so, once, on stderr."""
    left_out = []
    if dataset.unreadable_files:
        names = ", ".join(str(path) for path in dataset.unreadable_files[:3])
        more = f" and {len(dataset.unreadable_files) - 3} more" if len(dataset.unreadable_files) > 3 else ""
        left_out.append(f"{len(dataset.unreadable_files)} file(s) that could not be read ({names}{more})")
    if dataset.invalid_records:
        left_out.append(f"{dataset.invalid_records} record(s) with errors")
    if left_out:
        message(f"warning: left out {' and '.join(left_out)}; run 'diplotrack validate' to see why")


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
            metavar="DIR",
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
    no_cache: Annotated[
        bool,
        typer.Option(
            "--no-cache",
            envvar="DIPLOTRACK_NO_CACHE",
            help="Read every file afresh; do not use or update the index cache (<dataset>/.diplotrack/).",
        ),
    ] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=version_callback, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """Track, validate and query diplomatic visits kept as YAML records."""
    SETTINGS.data = data
    SETTINGS.debug = debug
    SETTINGS.cache = not no_cache
    SETTINGS.as_of = as_of_date(as_of) if as_of else None


def as_of_date(text: str) -> dt.date:
    """``--as-of``: a full date, ISO or in words."""
    if ISO_DAY.fullmatch(text):
        with contextlib.suppress(ValueError):  # 2024-02-30: the date parser says what is wrong
            return dt.date.fromisoformat(text)  # the usual form, without loading the date parser
    from diplotrack.dates import DateError, Precision, parse_user_date

    try:
        day = parse_user_date(text)
    except DateError as exc:
        raise UsageError(f"--as-of: {exc}") from None
    if day.precision is not Precision.DAY:
        raise UsageError("--as-of needs a full date, e.g. 2024-04-15")
    return day.first_day


# --- filter options shared by list, timeline, first, pair and stats -----------------------------------


def _annotation(spec: Filter) -> tuple[Any, Any]:
    """The Typer parameter (annotation and default) of one filter."""
    from diplotrack.cli.completion import BY_RESOLVER
    from diplotrack.filters import Arity

    metavar, help_text = spec.metavar, spec.help
    if spec.choices is not None:
        metavar = metavar or spec.flags[0].lstrip("-").upper()
        help_text += f" One of: {', '.join(str(c.value) for c in spec.choices)}."
    option = typer.Option(
        *spec.flags,
        help=help_text,
        metavar=metavar,
        case_sensitive=False,
        autocompletion=BY_RESOLVER.get(spec.resolve) if spec.arity is not Arity.PAIR else None,
    )
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
    from diplotrack.filters import FILTERS

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
    # dont_inherit: without this module's `from __future__ import annotations` the annotations stay objects,
    # which Typer then need not evaluate from strings at every start-up.
    exec(compile(source, f"<with_filters {command.__name__}>", "exec", dont_inherit=True), namespace)
    generated = namespace[command.__name__]
    generated.__doc__ = command.__doc__
    generated.__module__ = command.__module__
    return generated  # type: ignore[no-any-return]


FilterValues = dict[str, Any]
"""The filter options as typed, by filter name (see :func:`with_filters`)."""
