"""A database of an earlier revision, holding managers' work, upgrades in place and keeps its walls."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from careernb.domain.conversations import Answer
from careernb.domain.people import Person, Transition
from careernb.home import TABLES
from careernb.organisation.admin import migrate
from careernb.organisation.logins import add_manager
from careernb.store.migrate import Migrated, alembic_config, head
from careernb.store.sql import SqlStore
from careernb.store.sql.connection import NotUpgradedError
from careernb.store.sql_schema import OWNER, SCHEMA, role_statements
from tests.pg.fixtures import as_superuser

# Rows as managers wrote them before revision 0003: people.transition in people itself.
WRITTEN_BEFORE = [
    "INSERT INTO careernb.people (person_id, name, manager_id, role, email, transition) VALUES "
    "('p-ann', 'Ann', 'm-alice', '', '', 'returning from leave'), "
    "('p-ben', 'Ben', 'm-bob', '', '', NULL), "
    "('p-cy', 'Cy', 'nobody', '', '', 'returning from leave')",
    "UPDATE careernb.people SET transition = 'approaching a promotion decision' WHERE person_id = 'm-bob'",
    "INSERT INTO careernb.conversations (written_by, conversation_id, person_id, kind, moved, "
    "trust_established, trust_gated_shown, note) VALUES "
    "('alice', 'c1', 'p-ann', 'where are you now', 0, false, false, 'alice''s note'), "
    "('bob', 'c1', 'p-ben', 'where are you now', 0, false, false, 'bob''s note')",
    "INSERT INTO careernb.answers (written_by, person_id, conversation_id, question_id, answer, underneath, "
    "share) VALUES ('alice', 'p-ann', 'c1', 'q1', 'alice''s words', '', false), "
    "('bob', 'p-ben', 'c1', 'q1', 'bob''s words', '', false)",
]


def _sql(url: str, statement: str) -> list:
    engine = sa.create_engine(url)
    try:
        with engine.begin() as conn:
            return conn.execute(sa.text(statement)).all()
    finally:
        engine.dispose()


@pytest.fixture
def at_0002(pg_cluster) -> Iterator[str]:
    """A database set up at revision 0002 with alice's and bob's work in it; the superuser's URL."""
    from alembic import command

    name = "upgrade_from_0002"
    as_superuser(pg_cluster, f"CREATE DATABASE {name}")
    url = pg_cluster.url(database=name)
    try:
        engine = sa.create_engine(url)
        with engine.begin() as conn:
            for statement in role_statements():
                conn.execute(sa.text(statement))
            conn.execute(sa.text(f"CREATE SCHEMA {SCHEMA} AUTHORIZATION {OWNER}"))
            command.upgrade(alembic_config(conn), "0002")
        with engine.begin() as conn:
            for role, person in (("alice", "m-alice"), ("bob", "m-bob")):
                if not conn.execute(sa.text(f"SELECT 1 FROM pg_roles WHERE rolname = '{role}'")).first():
                    conn.execute(sa.text(f"CREATE ROLE {role} LOGIN"))  # roles are the cluster's
                conn.execute(sa.text(f"GRANT careernb_manager TO {role}"))
                conn.execute(
                    sa.text(f"INSERT INTO {SCHEMA}.managers VALUES ('{role}', '{person}')")
                )  # fmt: skip
                conn.execute(
                    sa.text(f"INSERT INTO {SCHEMA}.people (person_id, name, role, email) "
                            f"VALUES ('{person}', '{role.title()}', '', '')")
                )  # fmt: skip
            for statement in WRITTEN_BEFORE:
                conn.execute(sa.text(statement))
        engine.dispose()
        yield url
    finally:
        as_superuser(pg_cluster, f"DROP DATABASE {name} WITH (FORCE)")


def test_a_store_on_a_database_behind_this_careernb_says_to_migrate_it(pg_cluster, at_0002):
    with pytest.raises(NotUpgradedError, match="revision 0002.*careernb org migrate"):
        SqlStore(pg_cluster.url("alice", database="upgrade_from_0002"), TABLES)


def test_an_upgraded_database_keeps_each_writers_work_and_its_private_column_with_its_writer(
    pg_cluster, at_0002
):
    assert migrate(at_0002) == Migrated(head(), ())
    assert migrate(at_0002) == Migrated(head(), ())  # again: nothing to do
    kept = _sql(at_0002, f"SELECT written_by, person_id, transition FROM {SCHEMA}.people_private ORDER BY 2")
    assert kept == [
        ("bob", "m-bob", "approaching a promotion decision"),  # a manager's own row: theirs
        ("alice", "p-ann", "returning from leave"),  # a report's: their manager's
        (OWNER, "p-cy", "returning from leave"),  # nobody's: kept, read by no manager
    ]
    assert not _sql(
        at_0002,
        "SELECT 1 FROM information_schema.columns WHERE table_name = 'people' AND column_name = 'transition'",
    )
    with SqlStore(pg_cluster.url("alice", database="upgrade_from_0002"), TABLES) as alice:
        assert [(p.person_id, p.transition) for p in alice.load(Person)] == [
            ("m-alice", None),
            ("p-ann", Transition.RETURNING_FROM_LEAVE),
        ]
        assert [a.answer for a in alice.load(Answer, "p-ann")] == ["alice's words"]
    with SqlStore(pg_cluster.url("bob", database="upgrade_from_0002"), TABLES) as bob:
        assert bob.person_ids() == ["m-bob", "p-ben"]
        assert [p.transition for p in bob.load(Person)] == [Transition.PROMOTION_DECISION, None]
    with pytest.raises(sa.exc.DBAPIError, match="permission denied"):
        _sql(pg_cluster.url("alice", database="upgrade_from_0002"), f"SELECT * FROM {SCHEMA}.answers")
    add_manager(at_0002, "carol", "m-carol", name="Carol")  # an administrator's work goes on as before
    assert _sql(at_0002, f"SELECT role FROM {SCHEMA}.managers ORDER BY 1") == [
        ("alice",),
        ("bob",),
        ("carol",),
    ]
