"""``org move`` keeps every private cell with its writer and deletes nothing: moving a person away
and back, with no work in between, leaves their first manager exactly what they had."""

from __future__ import annotations

import dataclasses
import filecmp
from pathlib import Path

import pytest
import sqlalchemy as sa

from careernb.cli import main
from careernb.domain.conversations import Answer, Conversation
from careernb.domain.people import Person, Transition
from careernb.home import TABLES
from careernb.store import table_of
from careernb.store.sql_schema import PEOPLE_PRIVATE, SCHEMA
from tests.pg.fixtures import import_demo_as_alice, row_counts

MOVED = "040"  # Kwame, whose manager noted a transition: approaching a promotion decision


def _rows(url: str) -> dict[str, int]:
    return row_counts(url, [table_of(r).name for r in TABLES] + [PEOPLE_PRIVATE])


def _files(home: Path) -> list[str]:
    return sorted(str(p.relative_to(home)) for p in home.rglob("*.csv"))


def _export(org, out: Path) -> Path:
    assert main(["org", "export-home", "--out", str(out), "--store", org.url("alice")]) == 0
    return out


def _move(org, to: str) -> None:
    assert main(["org", "move", MOVED, "--to", to, "--store", org.admin]) == 0


@pytest.fixture
def org(pg_org, tmp_path, capsys):
    """Alice's demo team imported as hers; bob, a manager with nobody yet."""
    import_demo_as_alice(pg_org, tmp_path / "home")
    assert (
        main(["org", "add-manager", "bob", "--person", "m-bob", "--name", "Bob", "--store", pg_org.admin])
        == 0
    )
    capsys.readouterr()
    return pg_org


def test_away_and_back_with_no_work_between_leaves_the_first_manager_byte_for_byte_what_she_had(
    org, tmp_path
):
    before = _export(org, tmp_path / "before")
    counted = _rows(org.admin)

    _move(org, "bob")
    assert MOVED not in org.store("alice").person_ids()
    _move(org, "alice")

    after = _export(org, tmp_path / "after")
    files = _files(before)
    assert files == _files(after) and f"people/{MOVED}/conversations.csv" in files
    _, mismatch, errors = filecmp.cmpfiles(before, after, files, shallow=False)
    assert (mismatch, errors) == ([], [])
    grown = _rows(org.admin)
    assert all(grown[t] >= n for t, n in counted.items()), "a move deleted rows"


def test_the_next_manager_reads_the_handover_never_the_previous_ones_private_cells(org):
    alice = org.store("alice")
    noted = {c.conversation_id: c.note for c in alice.load(Conversation, MOVED) if c.note}
    assert noted and next(p for p in alice.load(Person) if p.person_id == MOVED).transition

    _move(org, "bob")

    bob = org.store("bob")
    kwame = next(p for p in bob.load(Person) if p.person_id == MOVED)
    assert kwame.manager_id == "m-bob" and kwame.transition is None  # alice's note of a transition
    copies = bob.load(Conversation, MOVED)
    assert {c.conversation_id for c in copies} >= set(noted)
    assert all(c.note == "" for c in copies) and bob.load(Answer, MOVED) == []
    bob.save(dataclasses.replace(kwame, transition=Transition.UNCERTAIN_DIRECTION))  # bob's own, now
    engine = sa.create_engine(org.url("bob"))
    with engine.connect() as conn:
        raw = repr(conn.execute(sa.text(f"SELECT r FROM {SCHEMA}.read('people') r")).all())
    engine.dispose()
    assert Transition.PROMOTION_DECISION.value not in raw


def test_back_to_a_manager_who_had_them_keeps_her_private_cells_and_takes_the_shared_ones(org):
    alice = org.store("alice")
    mine = next(c for c in alice.load(Conversation, MOVED) if c.note)
    _move(org, "bob")
    bob = org.store("bob")
    theirs = next(c for c in bob.load(Conversation, MOVED) if c.conversation_id == mine.conversation_id)
    assert theirs.note == ""  # private: left out of the copy
    bob.save(dataclasses.replace(theirs, minutes=75, note="bob's own note"))
    kwame = next(p for p in bob.load(Person) if p.person_id == MOVED)
    bob.save(dataclasses.replace(kwame, transition=Transition.UNCERTAIN_DIRECTION))

    _move(org, "alice")

    back = next(c for c in alice.load(Conversation, MOVED) if c.conversation_id == mine.conversation_id)
    assert (back.minutes, back.note) == (75, mine.note)
    kwame = next(p for p in alice.load(Person) if p.person_id == MOVED)
    assert kwame.transition is Transition.PROMOTION_DECISION  # hers, as she noted it
    assert "bob's own note" not in repr(alice.load(Conversation, MOVED))


def test_moving_someone_who_is_not_in_people_says_so_and_changes_nothing(org, capsys):
    counted = _rows(org.admin)
    assert main(["org", "move", "999", "--to", "bob", "--store", org.admin]) == 2
    err = capsys.readouterr().err
    assert "'999'" in err and "the people table" in err
    assert _rows(org.admin) == counted
