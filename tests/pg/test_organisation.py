"""An organisation end to end, through the command line: homes in and out, moves and forgetting.

The quarter, as each manager and as the batch: test_quarter_as_each_role.py."""

from __future__ import annotations

import dataclasses
import datetime as dt
import filecmp
import os
import shutil
from pathlib import Path

import pytest
import sqlalchemy as sa

from careernb.cli import main
from careernb.demo import seed_demo
from careernb.domain.conversations import Answer, Conversation, ConversationKind
from careernb.domain.people import Person, Transition, default_manager
from careernb.domain.signals import Signal, SignalKind
from careernb.home import REPLY_TABLES, open_store
from careernb.organisation.logins import CONNECTION_LIMIT, RoleTakenError
from careernb.store import table_of
from careernb.store.sql_public import left_to_public
from careernb.store.sql_schema import PEOPLE_PRIVATE, SCHEMA
from tests.conftest import TODAY
from tests.pg.fixtures import as_superuser, run_sql


def _home(path: Path):
    store = open_store(path)
    seed_demo(store, TODAY)
    return store, default_manager(store.load(Person)).person_id


def _files(home: Path) -> list[str]:
    return sorted(str(p.relative_to(home)) for p in home.rglob("*.csv") if ".locks" not in p.parts)


def _count(url: str, table: str) -> int:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return conn.execute(sa.text(f"SELECT count(*) FROM {SCHEMA}.{table}")).scalar_one()
    finally:
        engine.dispose()


def test_a_home_goes_in_and_comes_back_byte_for_byte(pg_org, tmp_path, capsys):
    _, top = _home(tmp_path / "alice-home")
    assert main(["org", "add-manager", "alice", "--person", top, "--store", pg_org.admin]) == 0
    assert (
        main(["org", "import-home", str(tmp_path / "alice-home"), "--role", "alice", "--store", pg_org.admin])
        == 0
    )
    # the replies come too: nothing stays behind in the home
    assert "stay in" not in capsys.readouterr().out
    assert _count(pg_org.admin, "replies") > 0
    before = _count(pg_org.admin, "answers")
    # a rerun changes nothing
    assert (
        main(["org", "import-home", str(tmp_path / "alice-home"), "--role", "alice", "--store", pg_org.admin])
        == 0
    )
    assert _count(pg_org.admin, "answers") == before > 0
    # the manager takes their data back, as themselves
    out = tmp_path / "exported"
    assert main(["org", "export-home", "--out", str(out), "--store", pg_org.url("alice")]) == 0
    assert main(["check", "--home", str(out)]) == 0
    files = _files(tmp_path / "alice-home")
    assert {table_of(t).filename for t in REPLY_TABLES} <= {Path(f).name for f in files}
    assert files == _files(out)
    _, mismatch, errors = filecmp.cmpfiles(tmp_path / "alice-home", out, files, shallow=False)
    assert (mismatch, errors) == ([], [])


def test_colliding_ids_are_refused_by_name_and_a_prefix_gets_through(pg_org, tmp_path, capsys):
    _, top = _home(tmp_path / "a")
    shutil.copytree(tmp_path / "a", tmp_path / "b")
    main(["org", "add-manager", "alice", "--person", top, "--store", pg_org.admin])
    main(["org", "add-manager", "bob", "--person", "m-bob", "--name", "Bob", "--store", pg_org.admin])
    assert main(["org", "import-home", str(tmp_path / "a"), "--role", "alice", "--store", pg_org.admin]) == 0
    people = _count(pg_org.admin, "people")
    mapping = tmp_path / "map.csv"
    mapping.write_text(f"old_id,new_id\n{top},m-bob\n")
    code = main(["org", "import-home", str(tmp_path / "b"), "--role", "bob", "--map", str(mapping),
                 "--store", pg_org.admin])  # fmt: skip
    err = capsys.readouterr().err
    assert code == 2 and "007" in err and "--prefix" in err and "Nothing was imported" in err
    assert _count(pg_org.admin, "people") == people
    assert main(["org", "import-home", str(tmp_path / "b"), "--role", "bob", "--prefix", "b-",
                 "--store", pg_org.admin]) == 0  # fmt: skip
    bob = pg_org.store("bob")
    assert "b-007" in bob.person_ids() and "007" not in bob.person_ids()
    assert "007" in pg_org.store("alice").person_ids()


def test_a_damaged_home_imports_nothing(pg_org, tmp_path, capsys):
    _, top = _home(tmp_path / "home")
    main(["org", "add-manager", "alice", "--person", top, "--store", pg_org.admin])
    victim = sorted((tmp_path / "home" / "people").glob("*/answers.csv"))[-1]
    victim.write_text(victim.read_text() + "not,a,valid,row,at,all,,,\n")
    assert (
        main(["org", "import-home", str(tmp_path / "home"), "--role", "alice", "--store", pg_org.admin]) == 2
    )
    assert str(victim.name) in capsys.readouterr().err
    assert _count(pg_org.admin, "answers") == 0 and _count(pg_org.admin, "people") == 1


def test_a_home_holding_nul_is_refused_clearly_before_anything_is_written(pg_org, tmp_path, capsys):
    from careernb.domain.conversations import Answer

    store, top = _home(tmp_path / "home")
    pid = store.person_ids()[-1]
    (first, *_) = store.load(Answer, pid) or [None]
    if first is None:
        pid = next(p for p in store.person_ids() if store.load(Answer, p))
        first = store.load(Answer, pid)[0]
    store.save(dataclasses.replace(first, underneath="before\x00after"))
    main(["org", "add-manager", "alice", "--person", top, "--store", pg_org.admin])
    assert (
        main(["org", "import-home", str(tmp_path / "home"), "--role", "alice", "--store", pg_org.admin]) == 2
    )
    err = capsys.readouterr().err
    assert "U+0000" in err and "'underneath'" in err and f"people/{pid}/answers.csv" in err
    assert _count(pg_org.admin, "answers") == 0


@pytest.mark.parametrize("bad", ["Alice", "careernb_owner", "a; DROP ROLE x", "pg_read"])
def test_a_manager_role_name_is_checked_before_it_reaches_the_database(pg_org, bad, capsys):
    assert main(["org", "add-manager", bad, "--person", "m1", "--store", pg_org.admin]) == 2
    err = capsys.readouterr().err
    assert "cannot be a manager's role" in err or "is reserved" in err


def test_a_manager_cannot_forget_in_the_database_and_is_told_who_can(pg_org, tmp_path, capsys):
    _, top = _home(tmp_path / "home")
    main(["org", "add-manager", "alice", "--person", top, "--store", pg_org.admin])
    main(["org", "import-home", str(tmp_path / "home"), "--role", "alice", "--store", pg_org.admin])
    before = _count(pg_org.admin, "answers")
    capsys.readouterr()
    assert main(["forget", "007", "--yes", "--store", pg_org.url("alice")]) == 2
    assert "careernb org forget 007" in capsys.readouterr().err
    assert _count(pg_org.admin, "answers") == before
    assert main(["org", "forget", "007", "--store", pg_org.admin]) == 0
    assert _count(pg_org.admin, "answers") < before


# -- migrate takes from PUBLIC what lets any login fill the server's lock table -------------------

ADMIN = "hr_admin"
"""An administrator who is no superuser: CREATEROLE, and a member of careernb_owner."""


@pytest.fixture
def fresh_database(pg_cluster):
    """A database careernb has never set up (PostgreSQL's default privileges), dropped after."""
    name = f"fresh_{os.getpid()}"
    as_superuser(pg_cluster, f"CREATE DATABASE {name}")
    yield name
    as_superuser(pg_cluster, f"DROP DATABASE {name} WITH (FORCE)")


def _public_may(url: str) -> dict[str, bool]:
    """What PUBLIC may do in the database, read from the privileges as a manager's login reads them."""
    rows = run_sql(url, "SELECT has_database_privilege(current_database(), 'TEMPORARY')")
    functions = run_sql(
        url,
        "SELECT p.oid::regprocedure::text, has_function_privilege(p.oid, 'EXECUTE') FROM pg_proc p "
        "WHERE p.pronamespace = 'pg_catalog'::regnamespace AND p.proname ~ '^pg_(try_)?advisory_'",
    )
    return {"TEMPORARY": rows[0][0], **dict(functions)}


def test_migrate_as_a_superuser_leaves_public_no_temporary_tables_and_no_advisory_lock(
    pg_cluster, fresh_database, capsys
):
    admin = pg_cluster.url(database=fresh_database)
    assert _public_may(admin)["pg_advisory_lock(bigint)"]  # PostgreSQL's default, before
    for _ in range(2):  # and again: nothing left to take, nothing said
        assert main(["org", "migrate", "--store", admin]) == 0
        assert "REVOKE" not in capsys.readouterr().out
    assert main(["org", "add-manager", "ada", "--person", "m-ada", "--store", admin]) == 0
    may = _public_may(pg_cluster.url("ada", database=fresh_database))
    assert len(may) >= 20 and not any(may.values()), may
    engine = sa.create_engine(admin)
    try:
        with engine.connect() as conn:
            assert left_to_public(conn) == ()
    finally:
        engine.dispose()


@pytest.mark.parametrize("owns_the_database", [True, False])
def test_migrate_as_an_administrator_who_is_no_superuser_says_what_a_superuser_should_run(
    pg_cluster, fresh_database, capsys, owns_the_database
):
    as_superuser(pg_cluster, f"DO $$ BEGIN CREATE ROLE {ADMIN} LOGIN CREATEROLE; "
                             "EXCEPTION WHEN duplicate_object THEN NULL; END $$")  # fmt: skip
    as_superuser(pg_cluster, f"GRANT careernb_owner TO {ADMIN}")
    if owns_the_database:
        as_superuser(pg_cluster, f"ALTER DATABASE {fresh_database} OWNER TO {ADMIN}")
    else:
        as_superuser(pg_cluster, f"GRANT CREATE ON DATABASE {fresh_database} TO {ADMIN}")
    admin = pg_cluster.url(ADMIN, database=fresh_database)
    superuser = pg_cluster.url(database=fresh_database)

    assert main(["org", "migrate", "--store", admin]) == 0
    out = capsys.readouterr().out
    said = [line for line in out.splitlines() if line.startswith("REVOKE")]
    assert "The database is at revision" in out and "out of shared memory" in out
    for function in ("pg_advisory_lock(bigint)", "pg_try_advisory_xact_lock(integer, integer)"):
        assert f"REVOKE EXECUTE ON FUNCTION pg_catalog.{function} FROM PUBLIC;" in said
    assert len(said) >= 20 + (not owns_the_database)
    temporary = f'REVOKE TEMPORARY ON DATABASE "{fresh_database}" FROM PUBLIC;'
    assert (temporary in said) is not owns_the_database  # the database's owner takes it
    # the migrated database works: a manager added by this administrator saves and reads
    assert main(["org", "add-manager", "ada", "--person", "m-ada", "--store", admin]) == 0
    ada = pg_cluster.url("ada", database=fresh_database)
    may = _public_may(ada)
    assert may["TEMPORARY"] is not owns_the_database and may["pg_advisory_lock(bigint)"]

    for _ in range(2):  # every migrate says it again, while it is left
        assert main(["org", "migrate", "--store", admin]) == 0
        assert [line for line in capsys.readouterr().out.splitlines() if line.startswith("REVOKE")] == said
    for statement in said:  # exactly as printed, by a superuser
        run_sql(superuser, statement)
    assert main(["org", "migrate", "--store", admin]) == 0
    assert "REVOKE" not in capsys.readouterr().out
    may = _public_may(ada)
    assert len(may) >= 20 and not any(may.values()), may


# -- a manager's role holds a limited number of connections ---------------------------------------


def test_a_managers_role_holds_the_default_connection_limit_unless_told_otherwise(pg_org, capsys):
    def limit() -> int:
        return run_sql(pg_org.admin, "SELECT rolconnlimit FROM pg_roles WHERE rolname = 'alice'")[0][0]

    add = ["org", "add-manager", "alice", "--person", "m-alice", "--store", pg_org.admin]
    assert main(add) == 0
    assert limit() == CONNECTION_LIMIT >= 12 * 2 + 6  # a dozen pages, and room for a lab beside them
    assert f"at most {CONNECTION_LIMIT} connections" in capsys.readouterr().out
    assert main([*add, "--connection-limit", "5"]) == 0 and limit() == 5  # on the role that exists
    assert main([*add, "--connection-limit", "0"]) == 2 and limit() == 5
    assert "--connection-limit 0" in capsys.readouterr().err
    assert main(add) == 0 and limit() == 5  # run again to mend a name, it keeps its limit
    assert "with at most 5 connections at once" in capsys.readouterr().out
    run_sql(pg_org.admin, "ALTER ROLE alice CONNECTION LIMIT -1")  # a role made before limits were set
    assert main(add) == 0 and limit() == CONNECTION_LIMIT


# -- a manager's role is theirs for good: rows are kept by the role that wrote them ---------------

DAY = dt.date(2026, 11, 2)
WORDS = "alice's private words about ann"


def _dump(org) -> list[bytes]:
    """The whole database as pg_dump writes it, without the key it draws anew for each dump nor the
    sequences' counters (an INSERT that inserts nothing may still draw a number)."""
    drawn = (b"\\restrict", b"\\unrestrict", b"SELECT pg_catalog.setval(")
    return [line for line in org.dump().splitlines() if not line.startswith(drawn)]


def _manager_roles(url: str) -> list[tuple]:
    return run_sql(url, f"SELECT role, person_id FROM {SCHEMA}.managers ORDER BY role")


@pytest.fixture
def alice_gone(pg_org, capsys):
    """Alice managed Ann and wrote about her; Ann now reports to bob, and alice's person was forgotten."""
    pg_org.add_manager("alice", "m-alice", "Alice")
    pg_org.add_manager("bob", "m-bob", "Bob")
    pg_org.add_person(Person("p-ann", "Ann"), "alice")
    alice = pg_org.store("alice")
    ann = next(p for p in alice.load(Person) if p.person_id == "p-ann")
    alice.save(dataclasses.replace(ann, transition=Transition.UNCERTAIN_DIRECTION))
    alice.save(Conversation("c-ann", "p-ann", ConversationKind.NOW, held=DAY, note=WORDS))
    alice.save(Answer("p-ann", "c-ann", "q1", answer=WORDS, underneath=WORDS))
    alice.save(Signal("s-ann", "p-ann", DAY, next(iter(SignalKind)), note=WORDS))
    pg_org.close()
    assert main(["org", "move", "p-ann", "--to", "bob", "--store", pg_org.admin]) == 0
    assert main(["org", "forget", "m-alice", "--store", pg_org.admin]) == 0
    capsys.readouterr()
    return pg_org


def test_a_role_that_wrote_rows_still_kept_is_no_one_elses_and_nothing_changes(alice_gone, capsys):
    org = alice_gone
    before = (_manager_roles(org.admin), _dump(org))
    assert main(["org", "add-manager", "alice", "--person", "m-alice2", "--name", "Alice Two",
                 "--store", org.admin]) == 2  # fmt: skip
    said = capsys.readouterr().err
    assert "'alice'" in said and "a role of their own" in said and "Nothing was changed" in said
    for table in ("answers", "conversations", "signals", PEOPLE_PRIVATE):
        assert table in said
    assert (_manager_roles(org.admin), _dump(org)) == before
    assert main(["org", "move", "p-ann", "--to", "alice", "--store", org.admin]) == 2
    # the new manager, with a role of their own, reads nothing the old alice wrote
    assert main(["org", "add-manager", "alice2", "--person", "m-alice2", "--store", org.admin]) == 0
    assert main(["org", "move", "p-ann", "--to", "alice2", "--store", org.admin]) == 0
    new = org.store("alice2")
    assert new.load(Signal, "p-ann") == [] and new.load(Answer, "p-ann") == []
    assert [c.note for c in new.load(Conversation, "p-ann")] == [""]  # the handover's date, no note
    assert [p.transition for p in new.load(Person) if p.person_id == "p-ann"] == [None]
    assert WORDS not in repr([run_sql(org.url("alice2"), f"SELECT * FROM {SCHEMA}.read('{t}')")
                             for t in ("people", "conversations", "answers", "signals")])  # fmt: skip


def test_a_role_with_only_a_key_record_kept_is_no_one_elses(pg_org):
    run_sql(
        pg_org.admin,
        f"INSERT INTO {SCHEMA}.manager_keys (role, manager, format, current, kdf, memory_kib, iterations, "
        "lanes, passphrase_salt, recovery_salt, keys) VALUES ('alice', 'm-alice', 1, '0123abcd', "
        "'argon2id', 1, 1, 1, 's', 's', '[{}]')",
    )
    with pytest.raises(RoleTakenError) as refused:
        pg_org.add_manager("alice", "m-alice2", "Alice Two")
    assert refused.value.tables == ("manager_keys",) and refused.value.manager_of is None
    assert _manager_roles(pg_org.admin) == []


def test_a_managers_role_is_never_pointed_at_another_person(pg_org, capsys):
    pg_org.add_manager("alice", "m-alice", "Alice")
    pg_org.add_person(Person("p-ann", "Ann"), "alice")
    before = _dump(pg_org)
    assert main(["org", "add-manager", "alice", "--person", "m-zoe", "--name", "Zoe",
                 "--store", pg_org.admin]) == 2  # fmt: skip
    said = capsys.readouterr().err
    assert "'alice'" in said and "'m-alice'" in said and "a role of their own" in said
    assert _dump(pg_org) == before
    assert pg_org.store("alice").person_ids() == ["m-alice", "p-ann"]


def test_adding_a_manager_again_for_the_same_role_and_person_changes_nothing(pg_org, capsys):
    add = ["org", "add-manager", "alice", "--person", "m-alice", "--name", "Alice", "--store", pg_org.admin]
    assert main(add) == 0
    pg_org.add_person(Person("p-ann", "Ann"), "alice")
    alice = pg_org.store("alice")  # rows written as alice
    alice.save(Conversation("c-ann", "p-ann", ConversationKind.NOW, held=DAY))
    alice.save(Answer("p-ann", "c-ann", "q1", answer=WORDS))
    pg_org.close()
    before = _dump(pg_org)
    assert main(add) == 0 and main(add) == 0
    assert _dump(pg_org) == before
    assert _manager_roles(pg_org.admin) == [("alice", "m-alice")]
    assert [a.answer for a in pg_org.store("alice").load(Answer, "p-ann")] == [WORDS]
