"""Writing files: new files never overwrite, replacements are atomic and keep the mode."""

from __future__ import annotations

import multiprocessing
import os
import stat
from pathlib import Path

import pytest

from diplotrack.writefiles import ChangedMeanwhile, WriteError, create, replace, write_new


def test_write_new_creates_the_file_and_its_folders(tmp_path: Path) -> None:
    path = tmp_path / "visits" / "2024" / "a.yaml"
    assert write_new(path, b"one") == path
    assert path.read_bytes() == b"one"


def test_write_new_never_overwrites_it_numbers(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_bytes(b"mine")
    assert write_new(path, b"two") == tmp_path / "a-2.yaml"
    assert write_new(path, b"three") == tmp_path / "a-3.yaml"
    assert path.read_bytes() == b"mine"
    assert (tmp_path / "a-2.yaml").read_bytes() == b"two"


def test_write_new_skips_the_names_to_avoid(tmp_path: Path) -> None:
    assert write_new(tmp_path / "a.yaml", b"x", avoid={"a", "a-2"}) == tmp_path / "a-3.yaml"


def test_write_new_does_not_follow_a_dangling_link(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").symlink_to(tmp_path / "elsewhere.yaml")
    assert write_new(tmp_path / "a.yaml", b"x") == tmp_path / "a-2.yaml"
    assert not (tmp_path / "elsewhere.yaml").exists()


def test_no_temporary_file_is_left(tmp_path: Path) -> None:
    write_new(tmp_path / "a.yaml", b"x")
    replace(tmp_path / "a.yaml", b"y")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.yaml"]


def test_write_new_reports_a_folder_it_cannot_create(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(WriteError, match="cannot write in"):
        write_new(tmp_path / "file" / "a.yaml", b"x")


def _writer(folder: str, index: int) -> None:
    write_new(Path(folder) / "same.yaml", f"writer {index}\n".encode() * 1000)


def test_processes_writing_the_same_name_at_once_each_get_their_own_file(tmp_path: Path) -> None:
    context = multiprocessing.get_context("spawn")
    processes = [context.Process(target=_writer, args=(str(tmp_path), i)) for i in range(8)]
    for process in processes:
        process.start()
    for process in processes:
        process.join()
        assert process.exitcode == 0
    files = sorted(tmp_path.iterdir())
    assert len(files) == 8
    contents = {f.read_bytes() for f in files}
    assert contents == {f"writer {i}\n".encode() * 1000 for i in range(8)}  # whole, none clobbered


def test_replace_keeps_the_mode_and_replaces_the_content(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_bytes(b"old")
    path.chmod(0o640)
    replace(path, b"new")
    assert path.read_bytes() == b"new"
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_replace_through_a_link_keeps_the_link(tmp_path: Path) -> None:
    target = tmp_path / "real.yaml"
    target.write_bytes(b"old")
    link = tmp_path / "link.yaml"
    link.symlink_to(target)
    replace(link, b"new")
    assert link.is_symlink()
    assert target.read_bytes() == b"new"


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_replace_in_a_read_only_folder_is_an_error_and_the_file_stays(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_bytes(b"old")
    tmp_path.chmod(0o500)
    try:
        with pytest.raises(WriteError):
            replace(path, b"new")
    finally:
        tmp_path.chmod(0o700)
    assert path.read_bytes() == b"old"


def test_create_makes_folders_and_refuses_a_taken_name(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b.yaml"
    assert create(target, b"one")
    assert not create(target, b"two")
    assert target.read_bytes() == b"one"
    assert os.listdir(target.parent) == ["b.yaml"]


def test_created_files_get_the_usual_mode_not_a_private_one(tmp_path: Path) -> None:
    create(tmp_path / "x", b"")
    mask = os.umask(0)
    os.umask(mask)
    assert (tmp_path / "x").stat().st_mode & 0o777 == 0o666 & ~mask


def test_replace_creates_a_missing_file_and_replaces_whole(tmp_path: Path) -> None:
    target = tmp_path / "feed.ics"
    replace(target, b"old")
    replace(target, b"new")
    assert target.read_bytes() == b"new"
    assert os.listdir(tmp_path) == ["feed.ics"]


def test_replace_refuses_a_file_changed_meanwhile(tmp_path: Path) -> None:
    target = tmp_path / "2020.yaml"
    target.write_bytes(b"theirs")
    with pytest.raises(ChangedMeanwhile):
        replace(target, b"ours", expected=b"what we read")
    assert target.read_bytes() == b"theirs"
    assert os.listdir(tmp_path) == ["2020.yaml"]


def test_an_unwritable_place_is_one_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(WriteError, match="cannot write"):
        create(blocker / "x.yaml", b"")
