"""Private notes sealed on the organisation's database, as the managers' real logins: the key row
each manager alone reads and keeps, `careernb encrypt --store URL` in place, a superuser's dump
holding none of the demo team's private sentences, a moved cell refused by name, a passphrase
change that rewrites no cell, and homes going in and out with their ciphertext and key."""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
from pathlib import Path

import pytest
import sqlalchemy as sa

from careernb.cli import main
from careernb.demo import seed_demo
from careernb.domain.conversations import Answer, Conversation, ConversationKind
from careernb.domain.people import Person, default_manager
from careernb.home import TABLES, open_store
from careernb.store import keys, session, table_of
from careernb.store.keyring import LockedError
from careernb.store.sealed_cells import Locked, TamperedCellError, UnsealedCellError
from careernb.store.sealing import PREFIX, sealed_columns
from careernb.store.sql.sealed import KeyChangedElsewhereError, seal_database
from careernb.store.sql_schema import SCHEMA
from tests.conftest import TODAY
from tests.keyed import FAST, PASSPHRASE, copied, every_byte, give_key, private_texts, secret
from tests.pg.fixtures import run_sql
from tests.unit.test_keys_sealing import HOSTILE

NEW_PASSPHRASE = "a new and longer passphrase"
SEALED_TABLES = [table_of(t) for t in TABLES if sealed_columns(table_of(t))]


@pytest.fixture(autouse=True)
def _locked_after():
    yield
    session.lock()


def _demo_home(path: Path) -> tuple[set[str], str]:
    """The demo team in a data home in clear: its private sentences, and its manager's id."""
    store = open_store(path)
    seed_demo(store, TODAY)
    return private_texts(store), default_manager(store.load(Person)).person_id


def _give_key(store) -> keys.KeyRecord:
    """A key kept in the manager's row, as `careernb key init` keeps it (no cell sealed yet)."""
    assert store.key_record is None
    return give_key(store)[0]


@pytest.fixture
def alice(pg_org, tmp_path):
    """Alice's demo team imported into the database in clear: (her store, its private sentences)."""
    texts, top = _demo_home(tmp_path / "alice-home")
    assert main(["org", "add-manager", "alice", "--person", top, "--store", pg_org.admin]) == 0
    home = str(tmp_path / "alice-home")
    assert main(["org", "import-home", home, "--role", "alice", "--store", pg_org.admin]) == 0
    return pg_org.store("alice"), texts


def _encrypt(pg_org, tmp_path, capsys) -> str:
    passphrase = secret(tmp_path, "p", PASSPHRASE)
    argv = ["encrypt", "--store", pg_org.url("alice"), "--passphrase-file", passphrase]
    assert main(argv) == 0
    return capsys.readouterr().out


def _contents(pg_org) -> dict[str, list]:
    """Every row of every table, as a superuser reads it."""
    names = run_sql(pg_org.admin, f"SELECT tablename FROM pg_tables WHERE schemaname = '{SCHEMA}'")
    return {n: sorted(map(repr, run_sql(pg_org.admin, f"SELECT * FROM {SCHEMA}.{n}"))) for (n,) in names}


def test_after_encrypt_a_superusers_dump_holds_none_of_the_demo_teams_private_sentences(
    pg_org, alice, tmp_path, capsys
):
    store, texts = alice
    assert len(texts) > 20
    dump = pg_org.dump()
    assert sum(copied(t) in dump for t in texts) == len(texts)  # in clear before: the check can fail
    _give_key(store)
    out = _encrypt(pg_org, tmp_path, capsys)
    assert "Sealed" in out and "tables" in out
    dump = pg_org.dump()
    assert [t for t in texts if copied(t) in dump] == []
    assert PREFIX.encode() in dump and b"manager_keys" in dump
    # run again: nothing in clear, nothing written
    before = _contents(pg_org)
    assert "sealed already; nothing was changed" in _encrypt(pg_org, tmp_path, capsys)
    assert _contents(pg_org) == before
    # unlocked, alice reads every sentence back
    from careernb.home import key_state, unlock

    unlock(PASSPHRASE, store)
    assert private_texts(store) == texts
    assert key_state(store).unlocked


def test_key_state_and_unlock_take_the_databases_url_as_they_take_a_store(pg_org, alice):
    from careernb.home import key_state, unlock

    url = pg_org.url("alice")
    assert not key_state(url).has_key
    _give_key(alice[0])
    assert (key_state(url).has_key, key_state(url).unlocked) == (True, False)
    assert unlock(PASSPHRASE, url).unlocked
    assert key_state(url).unlocked and key_state(alice[0]).unlocked


def test_key_status_counts_what_is_in_clear_and_encrypt_leaves_none(pg_org, alice, tmp_path, capsys):
    store, _ = alice
    assert main(["key", "status", "--store", pg_org.url("alice")]) == 0
    assert "has no key: private notes are kept in clear" in capsys.readouterr().out
    _give_key(store)
    assert main(["key", "status", "--store", pg_org.url("alice")]) == 0
    assert "`careernb encrypt` seals them" in capsys.readouterr().out
    with pytest.raises(UnsealedCellError, match="in clear where every private cell is sealed"):
        store.load(Answer, store.person_ids()[1])  # strict: a key, and a cell in clear
    _encrypt(pg_org, tmp_path, capsys)
    assert main(["key", "status", "--store", pg_org.url("alice")]) == 0
    out = capsys.readouterr().out
    assert "manager_keys" in out and "in clear: no private cell" in out


def _two_managers(pg_org) -> tuple:
    alice_url = pg_org.add_manager("alice", "alice", "Alice")
    bob_url = pg_org.add_manager("bob", "bob", "Bob")
    return pg_org.store("alice"), pg_org.store("bob"), alice_url, bob_url


def test_alice_reads_and_keeps_her_own_key_row_and_never_bobs(pg_org):
    alice, bob, alice_url, _ = _two_managers(pg_org)
    _give_key(alice)
    bobs = _give_key(bob)
    mine = run_sql(alice_url, f"SELECT {SCHEMA}.my_key()")[0][0]
    assert mine["manager"] == "alice" and mine["current"] == alice.key_record.current != bobs.current
    for statement in (
        f"SELECT * FROM {SCHEMA}.manager_keys",
        f"SELECT keys FROM {SCHEMA}.manager_keys WHERE role = 'bob'",
        f"UPDATE {SCHEMA}.manager_keys SET keys = '[]' WHERE role = 'bob'",
        f"DELETE FROM {SCHEMA}.manager_keys",
        f"SELECT {SCHEMA}.key_caller()",
    ):
        with pytest.raises(sa.exc.ProgrammingError, match="permission denied"):
            run_sql(alice_url, statement)
    with pytest.raises(sa.exc.ProgrammingError, match="permission denied to set role"):
        run_sql(alice_url, "SET ROLE bob")
    # the managers' group is a role every manager may SET: the functions refuse such a session
    with pytest.raises(sa.exc.ProgrammingError, match="not one you SET ROLE to"):
        run_sql(alice_url, f"SET ROLE careernb_manager; SELECT {SCHEMA}.my_key()")
    # what alice keeps is her own row, whatever the record names
    row = {**mine, "manager": "bob"}
    run_sql(alice_url, f"SELECT {SCHEMA}.keep_my_key(CAST(:r AS jsonb), CAST(:w AS jsonb))",
            r=json.dumps(row), w=json.dumps(mine))  # fmt: skip
    assert bob.key_record == bobs
    assert [r for (r,) in run_sql(pg_org.admin, f"SELECT role FROM {SCHEMA}.manager_keys ORDER BY role")] == [
        "alice",
        "bob",
    ]


def test_the_batch_reads_no_key(pg_org):
    alice, _, _, _ = _two_managers(pg_org)
    _give_key(alice)
    batch = pg_org.url("careernb_batch")
    for statement in (
        f"SELECT * FROM {SCHEMA}.manager_keys",
        f"SELECT count(*) FROM {SCHEMA}.manager_keys",
        f"SELECT {SCHEMA}.my_key()",
        f"SELECT {SCHEMA}.keep_my_key('{{}}'::jsonb, NULL)",
    ):
        with pytest.raises(sa.exc.ProgrammingError, match="permission denied"):
            run_sql(batch, statement)


def test_a_key_made_or_changed_in_another_session_is_never_overwritten_unseen(pg_org):
    alice, _, _, _ = _two_managers(pg_org)
    other = pg_org.store("alice")
    assert other.key_record is None  # read before alice made hers
    first = _give_key(alice)
    second, _ = keys.create("alice", PASSPHRASE, kdf=FAST)
    with pytest.raises(KeyChangedElsewhereError, match="another session.*nothing was changed"):
        other.keys.keep(second)
    assert alice.key_record == first


@pytest.mark.parametrize("text", HOSTILE, ids=lambda t: repr(t[:20]))
def test_hostile_text_round_trips_byte_exact_through_an_unlocked_store(pg_org, text):
    alice, _, _, _ = _two_managers(pg_org)
    pg_org.add_person(Person("ada", "Ada", "alice"), "alice")
    alice.save(Conversation("c1", "ada", ConversationKind.NOW))
    session.hold(keys.unlock(_give_key(alice), PASSPHRASE))
    answer = Answer("ada", "c1", "q1", text, underneath=text)
    if "\x00" in text:  # PostgreSQL text cannot hold it: refused before sealing, as without a key
        with pytest.raises(Exception, match="U\\+0000"):
            alice.save(answer)
        return
    alice.save(answer)
    (read,) = pg_org.store("alice").load(Answer, "ada")
    assert (read.answer, read.underneath) == (text, text)
    assert type(read.answer) is type(text) or str(read.answer) == text
    stored = run_sql(pg_org.admin, f"SELECT answer, underneath FROM {SCHEMA}.answers")
    assert [c.startswith(PREFIX) for c in stored[0]] == [bool(text)] * 2


@pytest.fixture
def sealed(pg_org, alice, tmp_path, capsys):
    """Alice's demo team sealed in the database: her store, locked, and its private sentences."""
    store, texts = alice
    _give_key(store)
    _encrypt(pg_org, tmp_path, capsys)
    return store, texts


def _stored(pg_org, answer: Answer, column: str, cell: str | None = None):
    """An answer's cell as stored, read as a superuser; with ``cell``, written there first."""
    row = "WHERE person_id = :p AND conversation_id = :c AND question_id = :q"
    where = {"p": answer.person_id, "c": answer.conversation_id, "q": answer.question_id}
    if cell is not None:
        run_sql(pg_org.admin, f"UPDATE {SCHEMA}.answers SET {column} = :cell {row}", cell=cell, **where)
    return run_sql(pg_org.admin, f"SELECT {column} FROM {SCHEMA}.answers {row}", **where)[0][0]


def _answers(store) -> tuple[str, list]:
    """A person of the team with at least two answers with text, and their answers."""
    for person_id in store.person_ids():
        answers = store.load(Answer, person_id)
        if sum(bool(a.answer) for a in answers) >= 2:
            return person_id, answers
    raise AssertionError("the demo team has no two answers with text")


def test_a_ciphertext_moved_to_another_row_is_refused_by_name_and_changes_nothing(pg_org, sealed):
    store, _ = sealed
    person_id, answers = _answers(store)
    first, second = [a for a in answers if a.answer][:2]
    cell = _stored(pg_org, first, "answer")
    _stored(pg_org, second, "answer", cell)  # the first answer's cell, moved onto the second's row
    before = _contents(pg_org)
    session.hold(keys.unlock(store.key_record, PASSPHRASE))
    with pytest.raises(TamperedCellError) as caught:
        store.load(Answer, person_id)
    message = str(caught.value)
    assert "answers" in message and person_id in message and second.question_id in message
    assert "column 'answer'" in message and "moved from another row" in message
    assert cell not in message and first.answer not in message
    assert _contents(pg_org) == before


def test_a_passphrase_change_rewrites_no_private_cell(pg_org, sealed, tmp_path, capsys):
    store, _ = sealed
    before = _contents(pg_org)
    argv = [
        "key", "change", "--store", pg_org.url("alice"),
        "--passphrase-file", secret(tmp_path, "old", PASSPHRASE),
        "--new-passphrase-file", secret(tmp_path, "new", NEW_PASSPHRASE),
    ]  # fmt: skip
    assert main(argv) == 0
    assert "no note was rewritten" in capsys.readouterr().out
    after = _contents(pg_org)
    assert [n for n in before if before[n] != after[n]] == ["manager_keys"]
    with pytest.raises(keys.WrongPassphraseError):
        keys.unlock(store.key_record, PASSPHRASE)
    session.hold(keys.unlock(store.key_record, NEW_PASSPHRASE))
    assert all(not a.answer.startswith(PREFIX) for a in _answers(store)[1])


def test_a_locked_save_keeps_the_ciphertext_it_did_not_touch_and_refuses_new_private_text(pg_org, sealed):
    store, _ = sealed
    answer = next(a for a in _answers(store)[1] if a.answer)
    assert isinstance(answer.answer, Locked)
    before = _contents(pg_org)
    store.save(dataclasses.replace(answer, share=not answer.share))
    after = _contents(pg_org)
    assert [n for n in before if before[n] != after[n]] == ["answers"]
    assert _stored(pg_org, answer, "answer") == answer.answer.cell
    assert _stored(pg_org, answer, "share") is (not answer.share)
    with pytest.raises(LockedError, match="locked"):
        store.save(dataclasses.replace(answer, answer="typed while locked"))
    assert _contents(pg_org) == after


def test_unlocked_a_read_without_private_text_opens_nothing_and_its_save_keeps_each_cell(pg_org, sealed):
    store, _ = sealed
    session.hold(keys.unlock(store.key_record, PASSPHRASE))
    person_id, opened = _answers(store)
    unopened = store.load_team(Answer, [person_id], private_text=False)[person_id]
    assert [(a.question_id, a.answer.cell) for a in unopened if a.answer] == [
        (a.question_id, a.answer.cell) for a in opened if a.answer
    ]
    assert all(isinstance(a.answer, Locked) for a in unopened if a.answer)
    answer = next(a for a in unopened if a.answer)
    before = _contents(pg_org)
    store.save(dataclasses.replace(answer, share=not answer.share))
    assert [n for n in before if before[n] != _contents(pg_org)[n]] == ["answers"]
    assert _stored(pg_org, answer, "answer") == answer.answer.cell
    assert _stored(pg_org, answer, "underneath") == getattr(answer.underneath, "cell", answer.underneath)
    assert {a.question_id: a.answer for a in store.load(Answer, person_id)} == {
        a.question_id: a.answer for a in opened
    }


def test_a_rotation_seals_every_cell_again_under_the_new_key_and_the_text_reads_the_same(pg_org, sealed):
    store, texts = sealed
    record = store.key_record
    rotated, _ = keys.rotate(record, PASSPHRASE, kdf=FAST)
    store.keys.keep(rotated)
    done = seal_database(store, keys.unlock(rotated, PASSPHRASE), again=True)
    assert done.cells > 20
    stored = [c for rows in _contents(pg_org).values() for row in rows for c in _cells(row)]
    assert stored and {c[len(PREFIX) : len(PREFIX) + 8] for c in stored} == {rotated.current}
    session.hold(keys.unlock(rotated, PASSPHRASE))
    assert private_texts(store) == texts


def _cells(row: str) -> list[str]:
    """The sealed cells in a row as ``repr`` writes it."""
    return re.findall(rf"'({re.escape(PREFIX)}[0-9a-f]{{8}}:[A-Za-z0-9_-]+)'", row)


def test_a_sealed_team_goes_out_and_back_in_with_its_ciphertext_and_its_key(pg_org, sealed, tmp_path, capsys):
    store, texts = sealed
    record = store.key_record
    out = tmp_path / "exported"
    assert main(["org", "export-home", "--out", str(out), "--store", pg_org.url("alice")]) == 0
    assert keys.read_key_file(out / keys.KEY_FILE) == record
    assert [t for t in texts if t.encode() in every_byte(out)] == []
    assert main(["check", "--home", str(out)]) == 0
    cells = f"SELECT person_id, conversation_id, question_id, answer, underneath FROM {SCHEMA}.answers"
    cells += " ORDER BY seq"
    dumped = run_sql(pg_org.admin, cells)
    assert main(["org", "import-home", str(out), "--role", "alice", "--store", pg_org.admin]) == 0
    assert run_sql(pg_org.admin, cells) == dumped
    assert store.key_record == record
    # the home, unlocked, reads what the database read
    session.hold(keys.unlock(record, PASSPHRASE))
    home = open_store(out, create=False)
    person_id, answers = _answers(store)
    assert home.load(Answer, person_id) == answers
    # a home whose key is another than the role's is refused, and nothing changes
    other = tmp_path / "other"
    shutil.copytree(out, other)
    keys.write_key_file(other / keys.KEY_FILE, keys.create(record.manager, PASSPHRASE, kdf=FAST)[0])
    assert main(["org", "import-home", str(other), "--role", "alice", "--store", pg_org.admin]) == 2
    assert "has another key in the database" in capsys.readouterr().err
    assert store.key_record == record
    assert run_sql(pg_org.admin, cells) == dumped


def test_after_encrypt_a_private_cell_in_clear_is_refused_never_read_as_text(pg_org, sealed):
    store, _ = sealed
    person_id, answers = _answers(store)
    answer = next(a for a in answers if a.answer)
    _stored(pg_org, answer, "answer", "planted by an administrator")
    session.hold(keys.unlock(store.key_record, PASSPHRASE))
    with pytest.raises(UnsealedCellError, match="in clear where every private cell is sealed"):
        store.load(Answer, person_id)
