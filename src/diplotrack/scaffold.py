"""``diplotrack init``: a new dataset repository, ready for validation on every commit and pull request.

:func:`scaffold_files` is the list of what a dataset starts with; :func:`init_dataset` creates what is
missing and never touches a file that exists, so running it twice changes nothing.

The GitHub workflow pins each action to a full commit SHA (a tag can be moved; a commit cannot), gives
the job only ``contents: read``, and uses no ``${{ }}`` expression inside ``run:`` (so no pull-request
text can become shell code). The pins were read from the actions' repositories; Dependabot or Renovate
can keep them current.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from diplotrack.datafiles import yaml_files
from diplotrack.problems import UsageError
from diplotrack.writefiles import create

CACHE_FOLDER = ".diplotrack"
ACTIONS = {
    "checkout": ("actions/checkout", "d23441a48e516b6c34aea4fa41551a30e30af803", "v6.1.0"),
    "setup-python": ("actions/setup-python", "ece7cb06caefa5fff74198d8649806c4678c61a1", "v6.3.0"),
}
"""Pinned actions: name, commit and the release tag that commit is (runs on Node 24)."""
EXAMPLE_PATH = "visits/2024/2024-04-15-tokayev-armenia.yaml"
FOLDERS = ("visits", "people", "groups")

EXAMPLE_RECORD = """\
# An example record: replace it with your own (docs: the 'record format' page of diplotrack).
# 'diplotrack schema > visit.schema.json' gives editors a schema; see the docs for the modeline.
visitor:
  name: Kassym-Jomart Tokayev
  role: President
  country: Kazakhstan
destination:
  country: Armenia
  places: [Yerevan]
hosts:
  - name: Nikol Pashinyan
    role: Prime Minister
start: 2024-04-15
type: official
topics: [trade, transit, investment, regional-security]
summary: Talks with Prime Minister Pashinyan on trade, transport, investment and regional security.
sources:
  - url: "https://astanatimes.com/2024/05/president-tokayev-welcomes-azerbaijan-armenia-peace-treaty-negotiations-in-almaty/"
    publisher: The Astana Times
    published: 2024-05-01
    language: en
    reported_type: official
"""

PEOPLE_README = """\
# people/

Optional: people diplotrack's built-in registry does not know, one person (or a list) per YAML file,
with their spellings and offices. A person here with the id of a built-in one replaces it.

```yaml
id: nikol-pashinyan
name: Nikol Pashinyan
aliases: [Nikol Paschinjan, Никол Пашинян]
country: Armenia
offices:
  - {role: Prime Minister, country: Armenia, from: 2018-05-08}
sources:
  - {url: "https://www.primeminister.am/en/biography/", title: Biography}
```
"""

GROUPS_README = """\
# groups/

Optional: groups of countries (organisations, regions) for --to, --from and pair, one per YAML file,
with dated membership. A group here with the id of a built-in one (ots, csto, cis, eu, ...) replaces it.
`diplotrack groups` lists them.
"""

GITIGNORE = f"""\
# diplotrack's cache
{CACHE_FOLDER}/
"""


def _precommit(requirement: str) -> str:
    return f"""\
# Checks before every commit: pip install pre-commit && pre-commit install
# (These hooks install diplotrack themselves; the hooks of diplotrack's own repository, .pre-commit-hooks.yaml,
# have the same ids if you prefer 'repo: <diplotrack repository URL>' with a 'rev:'.)
repos:
  - repo: local
    hooks:
      - id: diplotrack-validate
        name: diplotrack validate
        entry: diplotrack validate
        language: python
        additional_dependencies: [{json.dumps(requirement)}]
        pass_filenames: false
        files: ^(visits|people|groups)/.*\\.ya?ml$|^countries\\.yaml$
"""


def _workflow(requirement: str) -> str:
    checkout, setup_python = ACTIONS["checkout"], ACTIONS["setup-python"]
    return f"""\
# Validates the records on every push to the main branch and on every pull request;
# problems show as annotations on the pull request's files.
name: validate

on:
  push:
    branches: [main, master]
  pull_request:

permissions:
  contents: read

jobs:
  validate:
    runs-on: ubuntu-latest
    timeout-minutes: 10
    env:
      # What pip installs: a version, or e.g. git+https://github.com/<owner>/diplotrack@<commit>
      DIPLOTRACK: {json.dumps(requirement)}
    steps:
      - uses: {checkout[0]}@{checkout[1]} # {checkout[2]}
        with:
          persist-credentials: false
      - uses: {setup_python[0]}@{setup_python[1]} # {setup_python[2]}
        with:
          python-version: "3.12"
      - run: python -m pip install "$DIPLOTRACK"
      - run: diplotrack validate --format github
"""


@dataclass(frozen=True)
class ScaffoldFile:
    """One file of a new dataset: its path inside the dataset and its text."""

    path: str
    text: str


def scaffold_files(requirement: str = "diplotrack") -> tuple[ScaffoldFile, ...]:
    """What a new dataset starts with; ``requirement`` is what pip installs as diplotrack in hooks and CI."""
    if not requirement.strip() or not requirement.isprintable():
        raise UsageError(f"--requirement {requirement!r}: give a pip requirement, e.g. 'diplotrack>=0.1'")
    return (
        ScaffoldFile(EXAMPLE_PATH, EXAMPLE_RECORD),
        ScaffoldFile("people/README.md", PEOPLE_README),
        ScaffoldFile("groups/README.md", GROUPS_README),
        ScaffoldFile(".gitignore", GITIGNORE),
        ScaffoldFile(".pre-commit-config.yaml", _precommit(requirement)),
        ScaffoldFile(".github/workflows/validate.yml", _workflow(requirement)),
    )


@dataclass(frozen=True)
class InitResult:
    """What ``init`` did: files and folders it created, files it found and left alone."""

    root: Path
    created: tuple[Path, ...]
    kept: tuple[Path, ...]


def init_dataset(root: Path, requirement: str = "diplotrack") -> InitResult:
    """Create the dataset's folders and files that do not exist yet; existing files are left as they are."""
    files = scaffold_files(requirement)
    if root.exists() and not root.is_dir():
        raise UsageError(f"{root} is a file; give a folder for the new dataset")
    created: list[Path] = []
    kept: list[Path] = []
    for folder in FOLDERS:
        path = root / folder
        if not path.is_dir():
            if path.exists():
                raise UsageError(f"{path} exists and is not a folder; rename it first")
            path.mkdir(parents=True)
            created.append(path)
    for item in files:
        path = root / item.path
        if path.exists() or path.is_symlink():
            kept.append(path)
        elif item.path == EXAMPLE_PATH and any(yaml_files(root / "visits")):
            continue  # a dataset with records of its own needs no example
        elif create(path, item.text.encode("utf-8")):
            created.append(path)
        else:
            kept.append(path)
    return InitResult(root, tuple(created), tuple(kept))
