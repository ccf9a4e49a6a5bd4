"""Commands over the registries: ``people`` and ``groups``."""

import enum
from typing import Annotated

import typer

from diplotrack.cli.app import SETTINGS, Command, app, emit, handles_errors, message, open_dataset
from diplotrack.problems import DiplotrackError


class ListFormat(enum.StrEnum):
    """Output formats of ``people`` and ``groups``."""

    TABLE = "table"
    JSON = "json"


FormatOpt = Annotated[ListFormat, typer.Option("--format", "-f", help="Output format.")]


@app.command(cls=Command)
@handles_errors
def people(
    query: Annotated[
        str | None, typer.Argument(metavar="[QUERY]", help="Part of an id, name or alias.")
    ] = None,
    output_format: FormatOpt = ListFormat.TABLE,
) -> None:
    """List the people of the registry with their aliases and offices.

    Example:

        diplotrack people Tokajew
    """
    from diplotrack.render.registry import people_json, people_table

    dataset = open_dataset()
    found = dataset.people.search(query) if query else list(dataset.people.people)
    if not found:
        message(f"no person matches {query!r}" if query else "the dataset has no people/ registry")
        if output_format is ListFormat.TABLE:
            return
    emit(people_json(found) if output_format is ListFormat.JSON else people_table(found))


@app.command(cls=Command)
@handles_errors
def groups(
    name: Annotated[str | None, typer.Argument(metavar="[NAME]", help="A group's id, name or alias.")] = None,
    output_format: FormatOpt = ListFormat.TABLE,
) -> None:
    """Show groups (built-in and the dataset's) and their membership over time.

    Example:

        diplotrack groups "Turkic Council"
    """
    from diplotrack.render.registry import group_detail, groups_json, groups_table

    dataset = open_dataset()
    if name is None:
        listed = list(dataset.groups.groups)
        emit(
            groups_json(listed) if output_format is ListFormat.JSON else groups_table(listed, SETTINGS.today)
        )
        return
    group = dataset.groups.find(name)
    if group is None:
        known = ", ".join(g.id for g in dataset.groups.groups)
        raise DiplotrackError(f"no group {name!r}; known groups: {known}")
    if output_format is ListFormat.JSON:
        emit(groups_json([group]))
    else:
        names = {c.code: c.name for c in dataset.countries.all()}
        emit(group_detail(group, names))
