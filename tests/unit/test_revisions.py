"""The newest revision of the organisation's database is read from the revision files."""

from __future__ import annotations

import shutil

import pytest

from careernb.store.migrate import MIGRATIONS, RevisionsError, head, ships


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
