"""The newest revision of the organisation's database is read from the revision files."""

from __future__ import annotations

import hashlib
import json
import shutil

import pytest

from careernb.errors import CareernbError
from careernb.store.migrate import (
    MIGRATIONS,
    RevisionsError,
    frozen,
    head,
    ran,
    shipped_function,
    ships,
    statements_file,
)

SHIPPED = {
    1: "7bb0857c9126c837148d3a83be86dcd9df5985dc5dc398b92ae5b79b8891debb",
    2: "06bc2c476dc6d7fe13610ae3bfbd588bd517fb2fea60a9826e6791126115bb3f",
    3: "fca8fd845ad4226ce174d97ed0bdbaf5fede6d03a73cd01cf7e252571dcb5350",
    4: "0e46a393df645b6ca5867a0c204a325dbe0c3bf25d624a2b1f019ab433e01397",
    5: "7c35a9d26afc6ff8e4ba950145093a6dfed07702f0793bb1edcb58254e8eaba4",
    6: "82f6a4de236c37191092ab8b2ee30dd62ba4c5044ada984b61308e676542e959",
    7: "f93237bb2f047b31491b83966db65c6fb5ec726b54340127574397b2218494f1",
    8: "5772afb8c7d8821edfdd3a0cd729da70798b8e1bd1f30a3bfa199a6d949d579a",
    9: "7bc02fc6be690ef9f154b2b1e536a6352a95a696ec0d52bc5803945e928beced",
    10: "c5f47578d8c4ccda737d251765be584c1d1d060d9c71512282fcacc8024c25c9",
}
"""The SHA-256 of what each revision runs (its statements, as JSON), recorded the day it shipped:
a shipped revision never changes what it runs, and today's declarations read the functions no
revision has changed since from it. A new revision adds its own when it ships."""


def _shipped(tmp_path):
    folder = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS, folder, ignore=shutil.ignore_patterns("__pycache__"))
    return folder


def _add(folder, revision: int, revises: int) -> None:
    """A revision file ``revision`` (a number past the shipped head) revising ``revises``."""
    (folder / "versions" / f"{revision:04d}_next.py").write_text(
        f'revision = "{revision:04d}"\ndown_revision = "{revises:04d}"\n\n\ndef upgrade():\n    pass\n'
    )


def test_the_package_head_is_its_newest_revision_file():
    numbers = [int(p.name[:4]) for p in (MIGRATIONS / "versions").glob("[0-9][0-9][0-9][0-9]_*.py")]
    assert head() == max(numbers)


@pytest.mark.parametrize(
    ("added", "expected"),
    [([], 0), ([(1, 0)], 1), ([(1, 0), (2, 1)], 2)],
    ids=["as shipped", "one more revision", "two more revisions"],
)
def test_a_new_revision_file_moves_the_head_with_nothing_else_changed(tmp_path, added, expected):
    """Revisions counted from the shipped head: ``(1, 0)`` is the head's next, revising it."""
    folder = _shipped(tmp_path)
    for revision, revises in added:
        _add(folder, head() + revision, head() + revises)
    assert head(folder) == head() + expected


def test_two_revisions_of_one_parent_are_refused_naming_both_heads(tmp_path):
    folder = _shipped(tmp_path)
    one, two = f"{head() + 1:04d}", f"{head() + 2:04d}"
    _add(folder, head() + 1, head())
    (folder / "versions" / f"{two}_branch.py").write_text(
        f'revision = "{two}"\ndown_revision = "{head():04d}"\n'
    )
    with pytest.raises(RevisionsError) as raised:
        head(folder)
    assert sorted(raised.value.heads) == [one, two]
    assert one in str(raised.value) and two in str(raised.value)


@pytest.mark.parametrize(
    ("added", "revision", "shipped"),
    [
        ([], 1, True),
        ([], None, True),
        ([], 99, False),
        ([(1, 0)], 1, True),
    ],
    ids=["the first", "the head", "one no careernb wrote", "a new revision file"],
)
def test_a_revision_is_known_by_its_file(tmp_path, added, revision, shipped):
    folder = _shipped(tmp_path)
    for new, revises in added:
        _add(folder, head() + new, head() + revises)
    asked = head() if revision is None else head() + revision if added else revision
    assert ships(asked, folder) is shipped


def _digest(statements) -> str:
    return hashlib.sha256(json.dumps(statements).encode()).hexdigest()


@pytest.mark.parametrize("revision", sorted(SHIPPED), ids=lambda r: f"{r:04d}")
def test_a_shipped_revision_runs_what_it_ran_the_day_it_shipped(revision):
    assert _digest(ran(revision)) == SHIPPED[revision], f"revision {revision:04d} changed: write a new one"


def test_every_revision_file_has_its_shipped_digest_recorded():
    assert sorted(SHIPPED) == list(range(1, head() + 1))


def test_a_statement_added_to_a_shipped_revision_changes_its_digest(tmp_path):
    folder = _shipped(tmp_path)
    path = statements_file(3, folder)
    path.write_text(path.read_text() + "\nSELECT 1\n;\n")
    assert _digest(ran(3, folder)) != SHIPPED[3]
    assert ran(3, folder)[-1] == "SELECT 1"


def test_a_note_to_the_reader_is_not_sent_and_changes_no_digest(tmp_path):
    folder = _shipped(tmp_path)
    path = statements_file(3, folder)
    path.write_text("-- a note for whoever reads this revision\n-- on two lines\n" + path.read_text())
    assert _digest(ran(3, folder)) == SHIPPED[3]


def test_a_statements_file_cut_short_is_refused_naming_it(tmp_path):
    folder = _shipped(tmp_path)
    path = statements_file(3, folder)
    path.write_text(path.read_text()[:-3])
    with pytest.raises(CareernbError, match=f"{path.name}: its last statement is not ended"):
        ran(3, folder)


def test_a_statements_file_missing_is_refused_naming_the_revision(tmp_path):
    folder = _shipped(tmp_path)
    statements_file(3, folder).unlink()
    with pytest.raises(CareernbError, match="revision 0003 has 0 statements files \\(none\\), not one"):
        ran(3, folder)


def test_each_revision_file_runs_its_statements_file_through_alembic(monkeypatch):
    """What Alembic runs is what ``ran`` reads: each statement once, in order."""
    import alembic

    sent = []
    monkeypatch.setattr(alembic, "op", type("Op", (), {"execute": staticmethod(sent.append)}), raising=False)
    for revision in sorted(SHIPPED):
        sent.clear()
        frozen(f"{revision:04d}")[0]()
        assert tuple(sent) == ran(revision)
    with pytest.raises(NotImplementedError, match="restore the database from its backup"):
        frozen("0001")[1]()


@pytest.mark.parametrize(
    ("revision", "name", "made"),
    [
        (3, "caller", "CREATE FUNCTION careernb.caller() RETURNS text"),
        (5, "kind_of", "CREATE OR REPLACE FUNCTION careernb.kind_of("),
        (4, "quarter_caller", "\nCREATE FUNCTION careernb.quarter_caller(kind TEXT) RETURNS TEXT"),
    ],
    ids=["a new function", "a function replaced", "a function after a blank line"],
)
def test_a_function_is_read_as_the_revision_that_wrote_it_ran_it(revision, name, made):
    assert shipped_function(revision, name).startswith(made)
    assert shipped_function(revision, name) in ran(revision)


@pytest.mark.parametrize(
    ("revision", "name"), [(3, "my_key"), (3, "write_f")], ids=["another revision's", "a prefix"]
)
def test_a_function_the_revision_does_not_create_is_refused(revision, name):
    with pytest.raises(LookupError, match=f"{name}\\(\\) 0 times"):
        shipped_function(revision, name)
