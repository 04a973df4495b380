"""The newest revision of the organisation's database is read from the revision files."""

from __future__ import annotations

import shutil

import pytest

from careernb.store.migrate import MIGRATIONS, RevisionsError, head, ships


def _shipped(tmp_path):
    folder = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS, folder, ignore=shutil.ignore_patterns("__pycache__"))
    return folder


def _add(folder, revision: str, revises: str) -> None:
    (folder / "versions" / f"{revision}_next.py").write_text(
        f'revision = "{revision}"\ndown_revision = "{revises}"\n\n\ndef upgrade():\n    pass\n'
    )


def test_the_package_head_is_its_newest_revision_file():
    numbers = [int(p.name[:4]) for p in (MIGRATIONS / "versions").glob("[0-9][0-9][0-9][0-9]_*.py")]
    assert head() == max(numbers)


@pytest.mark.parametrize(
    ("added", "expected"),
    [
        ([], None),
        ([("0003", "0002")], 3),
        ([("0003", "0002"), ("0004", "0003")], 4),
    ],
    ids=["as shipped", "one more revision", "two more revisions"],
)
def test_a_new_revision_file_moves_the_head_with_nothing_else_changed(tmp_path, added, expected):
    folder = _shipped(tmp_path)
    for revision, revises in added:
        _add(folder, revision, revises)
    assert head(folder) == (head() if expected is None else expected)


def test_two_revisions_of_one_parent_are_refused_naming_both_heads(tmp_path):
    folder = _shipped(tmp_path)
    _add(folder, "0003", "0002")
    (folder / "versions" / "0004_branch.py").write_text('revision = "0004"\ndown_revision = "0002"\n')
    with pytest.raises(RevisionsError) as raised:
        head(folder)
    assert sorted(raised.value.heads) == ["0003", "0004"]
    assert "0003" in str(raised.value) and "0004" in str(raised.value)


@pytest.mark.parametrize(
    ("added", "revision", "shipped"),
    [
        ([], 1, True),
        ([], None, True),
        ([], 99, False),
        ([("0003", "0002")], 3, True),
    ],
    ids=["the first", "the head", "one no careernb wrote", "a new revision file"],
)
def test_a_revision_is_known_by_its_file(tmp_path, added, revision, shipped):
    folder = _shipped(tmp_path)
    for new, revises in added:
        _add(folder, new, revises)
    assert ships(head() if revision is None else revision, folder) is shipped
