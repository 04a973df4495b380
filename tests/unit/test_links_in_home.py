"""A data home holds its own files and folders only: a symbolic link inside it is named by
`careernb check`, and refused, with nothing changed, by backup, forget and every save. The
home's own path may be a link (into a synced folder, say): that works as any home does."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from careernb import TABLES, open_store
from careernb.cli import main
from careernb.domain.conversations import Answer, Conversation, ConversationKind
from careernb.domain.people import Person
from careernb.errors import LinkInHomeError
from careernb.home import loose_permissions
from careernb.ownership import backup as backups
from careernb.ownership.forget import forget
from careernb.store import CsvStore


def _home(home: Path) -> CsvStore:
    store = open_store(home)
    store.save(Person("ada", "Ada"), Person("007", "Tomás", "ada"), Person("019", "Mei", "ada"))
    store.save(Conversation("c1", "007", ConversationKind.NOW))
    store.save(Answer("007", "c1", "q1", "words of theirs"))
    return store


def _answers_linked(home: Path, outside: Path) -> Path:
    answers = home / "people" / "007" / "answers.csv"
    shutil.move(answers, outside / "answers.csv")
    answers.symlink_to(outside / "answers.csv")
    return answers


def _folder_linked(home: Path, outside: Path) -> Path:
    folder = home / "people" / "007"
    shutil.move(folder, outside / "007")
    folder.symlink_to(outside / "007", target_is_directory=True)
    return folder


def _dangling(home: Path, outside: Path) -> Path:
    guesses = home / "people" / "019" / "self_test.csv"
    guesses.parent.mkdir(mode=0o700, exist_ok=True)
    guesses.symlink_to(outside / "gone.csv")
    return guesses


LINKS = {
    "a file linked to one outside": _answers_linked,
    "a person's folder moved outside and linked back": _folder_linked,
    "a link to a file that is gone": _dangling,
}


@pytest.fixture(params=LINKS)
def linked(request, tmp_path) -> tuple[CsvStore, Path]:
    """A home with one link in it (as ``request.param`` makes it), and the link."""
    store = _home(tmp_path / "home")
    outside = tmp_path / "outside"
    outside.mkdir()
    return store, LINKS[request.param](store.home, outside)


def _everything(root: Path) -> dict[str, object]:
    """Every path under ``root`` with its bytes, a folder's mark, or where a link points."""
    seen: dict[str, object] = {}
    for path in sorted(root.rglob("*")):
        rel = str(path.relative_to(root))
        if path.is_symlink():
            seen[rel] = ("link", os.readlink(path))
        else:
            seen[rel] = path.read_bytes() if path.is_file() else "folder"
    return seen


def _said(argv: list[str], capsys) -> tuple[int, str]:
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def _names_the_link(said: str, store: CsvStore, link: Path) -> None:
    assert f"{link.relative_to(store.home)} is a symbolic link to {os.readlink(link)}" in said
    assert "Replace the link with the file or folder it points to" in said


def test_check_names_the_link_says_what_to_do_and_changes_nothing(linked, tmp_path, capsys):
    store, link = linked
    before = _everything(tmp_path)
    code, said = _said(["check", "--home", str(store.home)], capsys)
    assert code == 2
    _names_the_link(said, store, link)
    assert said.rstrip().endswith("Nothing was changed.")
    assert "chmod" not in said  # a link is named by check, not reported as a loose file
    assert _everything(tmp_path) == before


def test_backup_refuses_a_home_with_a_link_before_writing_any_archive(linked, tmp_path, capsys):
    store, link = linked
    out = tmp_path / "backups" / "home.tar.gz"
    before = _everything(tmp_path)
    code, said = _said(["backup", "--home", str(store.home), "--out", str(out)], capsys)
    assert code == 2
    _names_the_link(said, store, link)
    assert "No backup was written" in said
    assert _everything(tmp_path) == before  # no archive, no temp file, no folder for it


def test_forget_refuses_a_home_with_a_link_and_deletes_nothing_inside_or_outside(linked, tmp_path, capsys):
    store, link = linked
    before = _everything(tmp_path)
    code, said = _said(["forget", "007", "--yes", "--home", str(store.home)], capsys)
    assert code == 2
    _names_the_link(said, store, link)
    with pytest.raises(LinkInHomeError) as refused:  # the same from a notebook, without the check
        forget(store, "007")
    assert refused.value.links == {link: os.readlink(link)}
    assert _everything(tmp_path) == before


@pytest.mark.parametrize("make", [_answers_linked, _folder_linked], ids=["file", "folder"])
def test_a_save_through_a_link_is_refused_and_writes_nothing_outside(tmp_path, make):
    store = _home(tmp_path / "home")
    outside = tmp_path / "outside"
    outside.mkdir()
    link = make(store.home, outside)
    before = _everything(tmp_path)
    with pytest.raises(LinkInHomeError, match="Nothing was changed"):
        store.save(Answer("007", "c1", "q2", "more words"))
    with pytest.raises(LinkInHomeError):
        store.remove_person_data("007")
    assert _everything(tmp_path) == before
    assert link.is_symlink()


def test_the_permissions_warning_leaves_links_to_check(tmp_path):
    store = _home(tmp_path / "home")
    outside = tmp_path / "outside"
    outside.mkdir()
    _answers_linked(store.home, outside)
    _dangling(store.home, outside)
    assert loose_permissions(store.home) == []


def test_a_home_whose_own_path_is_a_link_checks_backs_up_forgets_and_restores(tmp_path):
    synced = _home(tmp_path / "synced" / "careernb").home
    home = tmp_path / "careernb"
    home.symlink_to(synced, target_is_directory=True)
    store = CsvStore(home, TABLES, create=False)
    assert store.links() == {} and loose_permissions(home) == []
    assert store.path_of(Answer, "007") in store.check()
    archive = backups.backup(home, tmp_path / "home.tar.gz")
    forget(store, "007")
    assert not (synced / "people" / "007").exists()
    restored = backups.restore(archive, tmp_path / "restored")
    assert tmp_path / "restored" / "people" / "007" / "answers.csv" in restored


def test_a_link_message_names_every_link_in_the_home(tmp_path):
    store = _home(tmp_path / "home")
    outside = tmp_path / "outside"
    outside.mkdir()
    linked = [_answers_linked(store.home, outside), _dangling(store.home, outside)]
    with pytest.raises(LinkInHomeError) as refused:
        store.check()
    assert list(refused.value.links) == sorted(linked)
    assert "these are symbolic links: people/007/answers.csv (to " in str(refused.value)
    assert "Replace each link" in str(refused.value)
