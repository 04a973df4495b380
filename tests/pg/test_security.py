"""Privacy enforced by PostgreSQL itself, tested as the real roles (never the owner or a superuser)."""

from __future__ import annotations

import contextlib
import datetime as dt

import pytest
import sqlalchemy as sa

from careernb.domain.contract import Contract
from careernb.domain.conversations import Answer, Conversation, ConversationKind
from careernb.domain.people import Person
from careernb.domain.signals import Signal, SignalKind
from careernb.home import DATABASE_TABLES
from careernb.organisation import admin
from careernb.store import table_of
from careernb.store.sql import SqlStore
from careernb.store.sql_schema import SCHEMA
from tests.pg.fixtures import run_sql as _sql

DAY = dt.date(2026, 11, 2)
SECRET = "bob's private note: thinking of leaving"


def _team(store: SqlStore, manager: str, report: str, words: str) -> None:
    store.save(Person(report, f"Report of {manager}", manager))
    store.save(Conversation(f"c-{report}", report, ConversationKind.NOW, held=DAY, note=words))
    store.save(Answer(report, f"c-{report}", "q1", answer=words, underneath=words))
    store.save(Signal(f"s-{report}", report, DAY, next(iter(SignalKind)), note=words))
    store.save(Contract(report, 1, agreed=DAY, open_question="what next?"))


@pytest.fixture
def org(pg_org):
    pg_org.add_manager("alice", "m-alice", "Alice")
    pg_org.add_manager("bob", "m-bob", "Bob")
    _team(pg_org.store("alice"), "m-alice", "p-ann", "alice's words")
    _team(pg_org.store("bob"), "m-bob", "p-ben", SECRET)
    return pg_org


PER_PERSON = [table_of(t).name for t in DATABASE_TABLES if table_of(t).per_person]


@pytest.mark.parametrize("table", ["people", *PER_PERSON])
def test_alice_reads_none_of_bobs_rows_in_any_table(org, table):
    rows = _sql(org.url("alice"), f"SELECT * FROM {SCHEMA}.{table}")
    assert all("p-ben" not in map(str, row) and "m-bob" not in map(str, row) for row in rows)
    assert SECRET not in repr(rows)


def test_alice_sees_her_own_rows(org):
    assert {r[0] for r in _sql(org.url("alice"), f"SELECT person_id FROM {SCHEMA}.answers")} == {"p-ann"}
    people = {r[0] for r in _sql(org.url("alice"), f"SELECT person_id FROM {SCHEMA}.people")}
    assert people == {"m-alice", "p-ann"}


@pytest.mark.parametrize(
    "statement",
    [
        f"UPDATE {SCHEMA}.conversations SET note = 'gone' WHERE person_id = 'p-ben'",
        f"UPDATE {SCHEMA}.conversations SET note = 'gone'",
        f"DELETE FROM {SCHEMA}.answers WHERE person_id = 'p-ben'",
        f"DELETE FROM {SCHEMA}.signals",
        f"DELETE FROM {SCHEMA}.people WHERE person_id = 'p-ben'",
        f"UPDATE {SCHEMA}.people SET name = 'x' WHERE person_id = 'p-ben'",
    ],
)
def test_alice_cannot_change_or_delete_bobs_rows(org, statement):
    with contextlib.suppress(sa.exc.DBAPIError):
        _sql(org.url("alice"), statement)
    rows = _sql(org.url("bob"), f"SELECT note FROM {SCHEMA}.conversations")
    assert rows == [(SECRET,)]
    assert len(_sql(org.url("bob"), f"SELECT * FROM {SCHEMA}.answers")) == 1
    assert len(_sql(org.url("bob"), f"SELECT * FROM {SCHEMA}.signals")) == 1
    assert ("Report of m-bob",) in _sql(org.url("bob"), f"SELECT name FROM {SCHEMA}.people")


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
    ],
)
def test_alice_cannot_write_rows_for_bob(org, statement):
    with pytest.raises(sa.exc.DBAPIError, match="row-level security|permission denied|violates"):
        _sql(org.url("alice"), statement)
    assert _sql(org.url("bob"), f"SELECT answer FROM {SCHEMA}.answers") == [(SECRET,)]


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
            rows = conn.execute(sa.text(f"SELECT note FROM {SCHEMA}.conversations")).all()
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
    raw = repr(_sql(org.url("alice"), f"SELECT * FROM {SCHEMA}.conversations"))
    raw += repr(_sql(org.url("alice"), f"SELECT * FROM {SCHEMA}.answers"))
    raw += repr(_sql(org.url("alice"), f"SELECT * FROM {SCHEMA}.signals"))
    assert SECRET not in raw
    assert alice.load(Answer, "p-ben") == [] and alice.load(Signal, "p-ben") == []
    # and the previous manager no longer reaches the person at all
    assert "p-ben" not in org.store("bob").person_ids()
    assert _sql(org.url("bob"), f"SELECT * FROM {SCHEMA}.answers") == []


def test_forget_removes_every_row_including_earlier_managers_private_rows(org):
    admin.move(org.admin, "p-ben", "alice")
    org.store("alice").save(Answer("p-ben", "c-p-ben", "q2", answer="new"))
    removed = admin.forget(org.admin, "p-ben")
    assert removed["answers"] == 2 and removed["people"] == 1
    for table in ["people", *PER_PERSON]:
        column = "person_id"
        left = _sql(org.admin, f"SELECT count(*) FROM {SCHEMA}.{table} WHERE {column} = 'p-ben'")
        assert left == [(0,)], table


def test_a_manager_cannot_forget_for_the_organisation(org):
    admin.move(org.admin, "p-ben", "alice")
    deleted = _sql(org.url("alice"), f"DELETE FROM {SCHEMA}.answers WHERE person_id = 'p-ben'")
    assert deleted == 0
    assert _sql(org.admin, f"SELECT count(*) FROM {SCHEMA}.answers WHERE person_id = 'p-ben'") == [(1,)]


OLD_PEOPLE_POLICY = (  # as the first revision wrote it in the release before
    f"(person_id IN (SELECT person_id FROM {SCHEMA}.managers) "
    f"OR manager_id IN (SELECT person_id FROM {SCHEMA}.managers))"
)


def test_a_first_revision_database_upgrades_in_place_and_keeps_its_walls(pg_cluster):
    from alembic import command

    from careernb.organisation.admin import migrate
    from careernb.store.migrate import alembic_config, head
    from careernb.store.sql_schema import OWNER, role_statements
    from tests.pg.fixtures import as_superuser as _admin

    name = "upgrade_from_0001"
    _admin(pg_cluster, f"CREATE DATABASE {name}")
    url = pg_cluster.url(database=name)
    try:
        engine = sa.create_engine(url)
        with engine.begin() as conn:
            for statement in role_statements():
                conn.execute(sa.text(statement))
            conn.execute(sa.text(f"CREATE SCHEMA {SCHEMA} AUTHORIZATION {OWNER}"))
            command.upgrade(alembic_config(conn), "0001")
            conn.execute(sa.text(f"DROP POLICY manager_own_rows ON {SCHEMA}.people"))
            conn.execute(sa.text(
                f"CREATE POLICY manager_own_rows ON {SCHEMA}.people FOR ALL TO careernb_manager "
                f"USING {OLD_PEOPLE_POLICY} WITH CHECK {OLD_PEOPLE_POLICY}"
            ))  # fmt: skip
        engine.dispose()
        for role, person in (("alice", "m-alice"), ("bob", "m-bob")):
            admin.add_manager(url, role, person, name=role.title())
        with SqlStore(pg_cluster.url("alice", database=name), DATABASE_TABLES) as alice:
            _team(alice, "m-alice", "p-ann", "alice's words")
        with SqlStore(pg_cluster.url("bob", database=name), DATABASE_TABLES) as bob:
            _team(bob, "m-bob", "p-ben", SECRET)

        assert migrate(url) == head()
        policy = _sql(
            url,
            "SELECT qual FROM pg_policies WHERE tablename = 'people' AND policyname = 'manager_own_rows'",
        )
        assert " IN " not in policy[0][0] and "manager_id =" in policy[0][0]
        assert _sql(url, "SELECT indexname FROM pg_indexes WHERE indexname = 'people_manager_id'")
        assert _sql(url, f"SELECT version_num FROM {SCHEMA}.alembic_version") == [(f"{head():04d}",)]
        with SqlStore(pg_cluster.url("alice", database=name), DATABASE_TABLES) as alice:
            assert alice.person_ids() == ["m-alice", "p-ann"]
            assert [a.answer for a in alice.load(Answer, "p-ann")] == ["alice's words"]
        rows = _sql(pg_cluster.url("alice", database=name), f"SELECT * FROM {SCHEMA}.people")
        assert {r.person_id for r in rows} == {"m-alice", "p-ann"}
        assert migrate(url) == head()  # again: nothing to do
    finally:
        _admin(pg_cluster, f"DROP DATABASE {name} WITH (FORCE)")
