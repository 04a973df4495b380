"""Privacy enforced by PostgreSQL itself, tested as the real roles (never the owner or a superuser).

A manager's role can select, change or lock no table: it reaches its own rows through the
functions alone (``careernb.read``, ``hold``, ``write``); what those refuse is tested here and,
as attacks, in ``test_attacks.py``."""

from __future__ import annotations

import contextlib
import datetime as dt
import json

import pytest
import sqlalchemy as sa

from careernb.domain.contract import Contract
from careernb.domain.conversations import Answer, Conversation, ConversationKind
from careernb.domain.people import Person
from careernb.domain.signals import Signal, SignalKind
from careernb.errors import CareernbError
from careernb.home import TABLES
from careernb.organisation import admin
from careernb.store import table_of
from careernb.store.sql_schema import LOCKS_TABLE, MANAGERS_TABLE, PEOPLE_PRIVATE, SCHEMA
from tests.pg.fixtures import run_sql as _sql

DAY = dt.date(2026, 11, 2)
SECRET = "bob's private note: thinking of leaving"


def _team(org, role: str, report: str, words: str) -> None:
    org.add_person(Person(report, f"Report of {role}"), role)
    store = org.store(role)
    store.save(Conversation(f"c-{report}", report, ConversationKind.NOW, held=DAY, note=words))
    store.save(Answer(report, f"c-{report}", "q1", answer=words, underneath=words))
    store.save(Signal(f"s-{report}", report, DAY, next(iter(SignalKind)), note=words))
    store.save(Contract(report, 1, agreed=DAY, open_question="what next?"))


@pytest.fixture
def org(pg_org):
    pg_org.add_manager("alice", "m-alice", "Alice")
    pg_org.add_manager("bob", "m-bob", "Bob")
    _team(pg_org, "alice", "p-ann", "alice's words")
    _team(pg_org, "bob", "p-ben", SECRET)
    return pg_org


PER_PERSON = [table_of(t).name for t in TABLES if table_of(t).per_person]
PLANTED = {"person_id": "p-ben", "conversation_id": "c-p-ben", "question_id": "q9", "answer": "planted"}
BEN = {"person_id": "p-ben", "name": "Report of bob", "manager_id": "m-bob", "role": "", "email": ""}


def _write(table: str, person: str | None, rows: list, *, gone: list = (), replace: bool = False) -> str:
    """A call of the managers' write function, every value in the statement itself."""
    person_sql = "NULL" if person is None else f"'{person}'"
    return (
        f"SELECT {SCHEMA}.write('{table}', {person_sql}, '{json.dumps(rows)}', "
        f"'{json.dumps(list(gone))}', {str(replace).lower()})"
    )


EVERY_TABLE = [table_of(t).name for t in TABLES] + [MANAGERS_TABLE, PEOPLE_PRIVATE, LOCKS_TABLE]


def _read(url: str, table: str, *people: str) -> list[dict]:
    """A manager's rows of a table through the one function that reads them."""
    ids = list(people) or None
    return [r[0] for r in _sql(url, f"SELECT r FROM {SCHEMA}.read(:t, :ids) r", t=table, ids=ids)]


@pytest.mark.parametrize("table", EVERY_TABLE)
def test_alice_can_select_no_table_at_all(org, table):
    with pytest.raises(sa.exc.DBAPIError, match="permission denied"):
        _sql(org.url("alice"), f"SELECT * FROM {SCHEMA}.{table}")


@pytest.mark.parametrize("table", ["people", *PER_PERSON])
def test_alice_reads_none_of_bobs_rows_through_the_functions(org, table):
    rows = _read(org.url("alice"), table) + _read(org.url("alice"), table, "p-ben", "m-bob")
    assert all(
        "p-ben" not in map(str, row.values()) and "m-bob" not in map(str, row.values()) for row in rows
    )
    assert SECRET not in repr(rows)


def test_alice_reads_her_own_rows(org):
    assert {r["person_id"] for r in _read(org.url("alice"), "answers")} == {"p-ann"}
    assert [r["person_id"] for r in _read(org.url("alice"), "people")] == ["m-alice", "p-ann"]


@pytest.mark.parametrize(
    "statement",
    [
        f"UPDATE {SCHEMA}.conversations SET note = 'gone' WHERE person_id = 'p-ben'",
        f"UPDATE {SCHEMA}.conversations SET note = 'gone'",
        f"DELETE FROM {SCHEMA}.answers WHERE person_id = 'p-ben'",
        f"DELETE FROM {SCHEMA}.signals",
        f"DELETE FROM {SCHEMA}.people WHERE person_id = 'p-ben'",
        f"UPDATE {SCHEMA}.people SET name = 'x' WHERE person_id = 'p-ben'",
        _write("conversations", "p-ben", [], gone=[{"conversation_id": "c-p-ben"}]),
        _write("conversations", "p-ben", [], replace=True),
        _write("people", None, [{**BEN, "name": "x"}]),
        _write("people", None, [], gone=[{"person_id": "p-ben"}]),
    ],
)
def test_alice_cannot_change_or_delete_bobs_rows(org, statement):
    with contextlib.suppress(sa.exc.DBAPIError):
        _sql(org.url("alice"), statement)
    assert [r["note"] for r in _read(org.url("bob"), "conversations")] == [SECRET]
    assert len(_read(org.url("bob"), "answers")) == 1
    assert len(_read(org.url("bob"), "signals")) == 1
    assert "Report of bob" in [r["name"] for r in _read(org.url("bob"), "people")]


@pytest.mark.parametrize(
    "statement",
    [
        # a row about bob's report, written as herself
        f"INSERT INTO {SCHEMA}.answers (person_id, conversation_id, question_id, answer, underneath, share) "
        "VALUES ('p-ben', 'c-p-ben', 'q9', 'planted', '', false)",
        # a row claiming to be written by bob
        f"INSERT INTO {SCHEMA}.answers (written_by, person_id, conversation_id, question_id, answer, "
        "underneath, share) VALUES ('bob', 'p-ann', 'c-p-ann', 'q9', 'planted', '', false)",
        # her own row, rewritten as bob's
        f"UPDATE {SCHEMA}.answers SET written_by = 'bob'",
        # her report handed to bob without the organisation
        f"UPDATE {SCHEMA}.people SET manager_id = 'm-bob' WHERE person_id = 'p-ann'",
        # a person claimed for bob
        f"INSERT INTO {SCHEMA}.people (person_id, name, manager_id, role, email) "
        "VALUES ('p-x', 'X', 'm-bob', '', '')",
        # herself made a manager of someone else
        f"INSERT INTO {SCHEMA}.managers (role, person_id) VALUES ('alice', 'p-ben')",
        f"UPDATE {SCHEMA}.managers SET person_id = 'm-bob'",
        # through the functions: an answer about bob's report, a person of bob's claimed or added
        _write("answers", "p-ben", [PLANTED]),
        _write("answers", "p-ann", [PLANTED]),
        _write("people", None, [{**BEN, "name": "mine", "manager_id": "m-alice"}]),
        _write("people", None, [{**BEN, "person_id": "p-x", "manager_id": "m-alice"}]),
        # the functions only the owner may call, which take the writer as an argument
        f"SELECT {SCHEMA}.rows_of('bob', 'm-bob', 'answers', NULL)",
        f"SELECT {SCHEMA}.write_for('bob', 'm-bob', 'answers', 'p-ben', '[]', '[]', true)",
        f"SELECT {SCHEMA}.hold_for('bob', 'm-bob', 'answers', 'p-ben', '{{}}')",
        f"SELECT {SCHEMA}.lock_for('bob', 'answers', 'p-ben')",
        f"SELECT {SCHEMA}.write_people('alice', 'm-bob', '[]')",
    ],
)
def test_alice_cannot_write_rows_for_bob(org, statement):
    refused = "permission denied|not one of the people you manage|must be about them"
    with pytest.raises(sa.exc.DBAPIError, match=refused):
        _sql(org.url("alice"), statement)
    assert [r["answer"] for r in _read(org.url("bob"), "answers")] == [SECRET]
    assert [r["person_id"] for r in _read(org.url("bob"), "people")] == ["m-bob", "p-ben"]


def test_set_role_and_session_settings_do_not_help(org):
    with pytest.raises(sa.exc.DBAPIError, match="permission denied"):
        _sql(org.url("alice"), "SET ROLE bob")
    with pytest.raises(sa.exc.DBAPIError, match="permission denied"):
        _sql(org.url("alice"), "SET ROLE careernb_owner")
    engine = sa.create_engine(org.url("alice"))
    try:
        with engine.begin() as conn:
            conn.execute(sa.text("SELECT set_config('app.manager', 'bob', false)"))
            conn.execute(sa.text("SET SESSION AUTHORIZATION DEFAULT"))
            rows = conn.execute(sa.text(f"SELECT r ->> 'note' FROM {SCHEMA}.read('conversations') r")).all()
    finally:
        engine.dispose()
    assert rows == [("alice's words",)]
    with pytest.raises(sa.exc.DBAPIError, match="permission denied"):
        _sql(org.url("alice"), "SET SESSION AUTHORIZATION bob")


def test_after_a_change_of_manager_the_new_one_sees_the_handover_never_the_private_rows(org):
    copied = admin.move(org.admin, "p-ben", "alice")
    assert set(copied) >= {"contracts", "conversations"}
    alice = org.store("alice")
    assert [c.held for c in alice.load(Conversation, "p-ben")] == [DAY]
    assert alice.load(Contract, "p-ben")[0].open_question == "what next?"
    raw = repr([_read(org.url("alice"), t) for t in ("conversations", "answers", "signals", "people")])
    assert SECRET not in raw
    assert alice.load(Answer, "p-ben") == [] and alice.load(Signal, "p-ben") == []
    # and the previous manager no longer reaches the person at all
    assert "p-ben" not in org.store("bob").person_ids()
    assert _read(org.url("bob"), "answers") == []


def test_forget_removes_every_row_including_earlier_managers_private_rows(org):
    admin.move(org.admin, "p-ben", "alice")
    org.store("alice").save(Answer("p-ben", "c-p-ben", "q2", answer="new"))
    removed = admin.forget(org.admin, "p-ben")
    assert removed["answers"] == 2 and removed["people"] == 1
    for table in ["people", *PER_PERSON, PEOPLE_PRIVATE, LOCKS_TABLE]:
        left = _sql(org.admin, f"SELECT count(*) FROM {SCHEMA}.{table} WHERE person_id = 'p-ben'")
        assert left == [(0,)], table


def test_a_manager_cannot_forget_for_the_organisation(org):
    admin.move(org.admin, "p-ben", "alice")
    with pytest.raises(sa.exc.DBAPIError, match="permission denied"):
        _sql(org.url("alice"), f"DELETE FROM {SCHEMA}.answers WHERE person_id = 'p-ben'")
    with pytest.raises(CareernbError, match="careernb org forget p-ben"):
        org.store("alice").remove_person_data("p-ben")
    assert _sql(org.admin, f"SELECT count(*) FROM {SCHEMA}.answers WHERE person_id = 'p-ben'") == [(1,)]
