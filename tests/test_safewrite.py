"""Writing files: atomically, never over an existing file unless asked, nothing left behind."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from diplotrack.safewrite import WriteError, replace_file, write_new


def test_write_new_creates_folders_and_refuses_an_existing_name(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b.yaml"
    assert write_new(target, b"one")
    assert not write_new(target, b"two")
    assert target.read_bytes() == b"one"
    assert os.listdir(target.parent) == ["b.yaml"]


def test_written_files_get_the_usual_mode_not_a_private_one(tmp_path: Path) -> None:
    write_new(tmp_path / "x", b"")
    mask = os.umask(0)
    os.umask(mask)
    assert (tmp_path / "x").stat().st_mode & 0o777 == 0o666 & ~mask


def test_replace_file_replaces_whole(tmp_path: Path) -> None:
    target = tmp_path / "feed.ics"
    target.write_bytes(b"old")
    replace_file(target, b"new")
    assert target.read_bytes() == b"new"
    assert os.listdir(tmp_path) == ["feed.ics"]


def test_an_unwritable_place_is_one_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(WriteError, match="cannot write"):
        write_new(blocker / "x.yaml", b"")
