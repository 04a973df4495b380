"""A file that is there but cannot be read (a folder in its place, not careernb's to read) is named
with what to do, by every way of reading it; nothing is changed."""

from __future__ import annotations

import shutil

import pytest

from careernb.domain.conversations import Answer
from careernb.errors import MalformedCsvError
from careernb.home import open_store
from careernb.store import files
from tests.unit.test_cli import _run


@pytest.fixture
def folder_for_answers(demo):
    path = demo.home / "people" / "007" / "answers.csv"
    path.unlink()
    path.mkdir()
    return demo, path


def test_a_folder_in_place_of_a_file_is_named_by_load_the_figures_and_check(folder_for_answers):
    store, path = folder_for_answers
    said = f"{path}: it is a folder, not a file"
    with pytest.raises(MalformedCsvError, match=said):
        store.load(Answer, "007")
    with pytest.raises(MalformedCsvError, match=said):
        store.frame(Answer, store.person_ids())
    with pytest.raises(MalformedCsvError, match=said):
        store.check()
    checked = _run("check", "--home", str(store.home))
    assert checked.returncode == 2 and said in checked.stderr and "Traceback" not in checked.stderr


@pytest.mark.parametrize("command", [["health"], ["calendar"], ["export-person", "007"], ["backup"]])
def test_no_command_gives_a_traceback_for_a_folder_in_place_of_a_file(folder_for_answers, command, tmp_path):
    store, _ = folder_for_answers
    out = [] if command[0] == "health" else ["--out", str(tmp_path / "out")]
    done = _run(*command, "--home", str(store.home), *out)
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode != 0 and "it is a folder, not a file" in done.stderr


def test_a_folder_in_place_of_careernb_csv_is_named(tmp_path):
    home = open_store(tmp_path / "home").home
    meta = home / "careernb.csv"
    meta.unlink()
    meta.mkdir()
    with pytest.raises(MalformedCsvError, match="careernb.csv: it is a folder, not a file"):
        open_store(home, create=False)
    shutil.rmtree(meta)


def test_a_file_careernb_may_not_read_says_how_to_make_it_yours(tmp_path):
    path = tmp_path / "answers.csv"
    said = str(files.unreadable(path, PermissionError(13, "Permission denied")))
    assert said.startswith(f"{path}: careernb may not read it (permission denied).")
    assert f"chmod 600 {path}" in said and "chown" in said and "Nothing was changed" in said


def test_a_header_row_repeated_inside_a_file_is_named_as_such(demo):
    path = demo.home / "people" / "007" / "commitments.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join([*lines[:3], lines[0], *lines[3:]]), encoding="utf-8")
    with pytest.raises(MalformedCsvError, match=r"commitments.csv, row 4: this row repeats the header row"):
        demo.check()
