"""Attacks on another team, as the real logins of a second manager (bob) and of the batch role.

Alice manages Ann and has written a good deal about her; bob manages Ben. Bob's notebook holds a
live connection as his role, so anything PostgreSQL lets that role run is tried here: EXPLAIN and
its counts, planner estimates, key collisions and ON CONFLICT, statistics, the functions' answers
and errors, role and setting games, shadowing tables, locks of every kind. None may tell bob
anything of alice's team, change it, or keep alice from saving.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import json
import os
import re
import statistics
import threading
import time
from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from careernb.domain.conversations import Answer, Conversation, ConversationKind
from careernb.domain.people import Person, Transition
from careernb.domain.signals import Signal, SignalKind
from careernb.errors import CareernbError
from careernb.home import TABLES
from careernb.organisation.logins import CONNECTION_LIMIT
from careernb.store import Privacy, table_of
from careernb.store.sql.calls import SaveWaitError
from careernb.store.sql_quarter import QUARTER_TABLES
from careernb.store.sql_schema import LOCKS_TABLE, MANAGERS_TABLE, PEOPLE_PRIVATE, REPLY, SCHEMA
from tests.pg.fixtures import Org, as_superuser, new_organisation_database

DAY = dt.date(2026, 11, 2)
ANNS = 300
"""Alice's answers about Ann: enough to count, were anything counting them."""
PER_PERSON = [table_of(t).name for t in TABLES if table_of(t).per_person]
EVERY_TABLE = [table_of(t).name for t in TABLES] + [
    MANAGERS_TABLE,
    PEOPLE_PRIVATE,
    LOCKS_TABLE,
    *QUARTER_TABLES,
    "alembic_version",
]
ALICES_IDS = ["p-ann", "m-alice"]
NOBODYS_IDS = ["p-zed", "m-zed"]


class Login:
    """One real login's session, committing each statement (as a notebook cell would)."""

    def __init__(self, url: str) -> None:
        self.engine = sa.create_engine(url, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)

    def rows(self, statement: str, **params) -> list:
        with self.engine.connect() as conn:
            result = conn.execute(sa.text(statement), params)
            return result.all() if result.returns_rows else []

    def refused(self, statement: str, **params) -> str:
        """The database's words refusing ``statement``; fails the test if it ran."""
        with pytest.raises(sa.exc.DBAPIError) as caught:
            self.rows(statement, **params)
        return str(caught.value.orig).splitlines()[0]

    @contextlib.contextmanager
    def session(self) -> Iterator[sa.Connection]:
        with self.engine.connect() as conn:
            yield conn


def _plan(login: Login, statement: str, **params) -> str:
    """EXPLAIN (ANALYZE, BUFFERS, VERBOSE) without its timings: what it counted and touched."""
    lines = [r[0] for r in login.rows(f"EXPLAIN (ANALYZE, BUFFERS, VERBOSE) {statement}", **params)]
    text = "\n".join(line for line in lines if not re.match(r"\s*(Planning|Execution)( Time|:)", line))
    for ids in (ALICES_IDS, NOBODYS_IDS):  # the call's own arguments, as VERBOSE shows them
        text = text.replace("{" + ",".join(ids) + "}", "{IDS}").replace(f"'{ids[0]}'", "'ID'")
    return re.sub(r"actual time=[\d.]+\.\.[\d.]+ ", "", text)


def _populate(org: Org) -> Org:
    org.add_manager("alice", "m-alice", "Alice")
    org.add_manager("bob", "m-bob", "Bob")
    org.add_person(Person("p-ann", "Ann"), "alice")
    org.add_person(Person("p-ben", "Ben"), "bob")
    alice = org.store("alice")
    ann = next(p for p in alice.load(Person) if p.person_id == "p-ann")
    alice.save(dataclasses.replace(ann, transition=Transition.UNCERTAIN_DIRECTION))
    alice.save(*[Conversation(f"c-ann-{i}", "p-ann", ConversationKind.NOW, held=DAY) for i in range(5)])
    alice.update(
        Answer, "p-ann", lambda _: [Answer("p-ann", "c-ann-0", f"q{i}", f"ann's {i}") for i in range(ANNS)]
    )
    alice.save(Signal("s-ann-secret", "p-ann", DAY, next(iter(SignalKind)), note="thinking of leaving"))
    bob = org.store("bob")
    bob.save(Conversation("c-ben-0", "p-ben", ConversationKind.NOW, held=DAY))
    bob.save(Answer("p-ben", "c-ben-0", "q1", "ben's"))
    Login(org.admin).rows("ANALYZE")  # statistics, were any readable, would now hold alice's rows
    org.bob = Login(org.url("bob"))
    org.batch = Login(org.url("careernb_batch"))
    return org


@pytest.fixture(scope="module")
def world(pg_cluster) -> Iterator[Org]:
    """Alice's and bob's organisation, for probes that change nothing of it: built once."""
    name = f"attacks_{os.getpid()}"
    new_organisation_database(pg_cluster, name)
    org = _populate(Org(pg_cluster, name))
    yield org
    org.close()
    as_superuser(pg_cluster, f"DROP DATABASE {name} WITH (FORCE)")


@pytest.fixture
def org(pg_org) -> Org:
    """The same organisation, for an attack that writes (or has alice write) in it."""
    return _populate(pg_org)


# -- tables: nothing to select, explain, lock or collide with -------------------------------------


PROBES = [
    "EXPLAIN (ANALYZE) SELECT * FROM careernb.{t} t WHERE t::text >= '(alice' AND t::text < '(alicf'",
    "EXPLAIN SELECT * FROM careernb.{t}",
    "SELECT count(*) FROM careernb.{t}",
    "COPY careernb.{t} TO STDOUT",
    "SELECT * FROM careernb.{t} FOR UPDATE",
    "INSERT INTO careernb.{t} DEFAULT VALUES ON CONFLICT DO NOTHING",
    "TRUNCATE careernb.{t}",
]


@pytest.mark.parametrize("table", EVERY_TABLE)
def test_a_second_manager_can_select_explain_or_write_no_table(world, table):
    for probe in PROBES:
        if table == "alembic_version" and probe.split()[0] in ("EXPLAIN", "SELECT", "COPY"):
            continue  # the revision number: readable by every careernb role
        assert "permission denied" in world.bob.refused(probe.format(t=table)), probe


@pytest.mark.parametrize("table", PER_PERSON)
def test_the_audits_range_probes_count_nothing(world, table):
    for probe in (
        "EXPLAIN (ANALYZE) SELECT * FROM careernb.{t} WHERE written_by = 'alice' AND person_id >= 'p-a'",
        "EXPLAIN (ANALYZE, BUFFERS) SELECT 1 FROM careernb.{t} "
        "WHERE written_by = 'alice' AND person_id = 'p-ann'",
        "SELECT 1 FROM careernb.{t} WHERE written_by = 'alice' AND person_id = 'p-ann' LIMIT 0",
    ):
        assert "permission denied" in world.bob.refused(probe.format(t=table))
    declared = next(table_of(t) for t in TABLES if table_of(t).name == table)
    private = [c.name for c in declared.columns if c.privacy is Privacy.PRIVATE]
    for column in private:  # the batch cannot probe a private column either
        probe = f"EXPLAIN (ANALYZE) SELECT 1 FROM careernb.{table} WHERE \"{column}\"::text >= 'a'"
        assert "permission denied" in world.batch.refused(probe)


@pytest.mark.parametrize("who", ["bob", "batch"])
def test_no_lock_stronger_than_a_read_on_any_table_for_a_manager_or_the_batch(world, who):
    login = getattr(world, who)
    for table in EVERY_TABLE:
        for mode in ("ACCESS EXCLUSIVE", "EXCLUSIVE", "SHARE ROW EXCLUSIVE", "SHARE", "ROW EXCLUSIVE"):
            with login.session() as conn, pytest.raises(sa.exc.DBAPIError, match="permission denied"):
                conn.execute(sa.text("BEGIN"))
                conn.execute(sa.text(f"LOCK TABLE {SCHEMA}.{table} IN {mode} MODE"))


ACTIVITY = [
    f"SELECT relname, n_tup_ins, n_tup_upd, n_tup_del, idx_tup_fetch FROM pg_stat_user_tables "
    f"WHERE schemaname = '{SCHEMA}'",
    f"SELECT relname, heap_blks_read FROM pg_statio_user_tables WHERE schemaname = '{SCHEMA}'",
    f"SELECT relname, n_tup_ins FROM pg_stat_xact_user_tables WHERE schemaname = '{SCHEMA}'",
    "SELECT usename, state FROM pg_stat_activity",
    "SELECT locktype, relation::regclass, mode FROM pg_locks",
    f"SELECT pg_stat_get_tuples_inserted('{SCHEMA}.signals'::regclass)",
    f"SELECT pg_stat_get_tuples_fetched('{SCHEMA}.answers'::regclass)",
    f"SELECT pg_stat_get_live_tuples('{SCHEMA}.answers'::regclass)",
    "SELECT * FROM pg_lock_status()",
    "SELECT pid FROM pg_stat_get_activity(NULL)",
    f"SELECT pg_table_size('{SCHEMA}.answers'), pg_total_relation_size('{SCHEMA}.signals')",
    "SELECT pg_blocking_pids(pg_backend_pid())",
]


@pytest.mark.parametrize("who", ["bob", "batch", "reply"])
def test_no_login_watches_who_is_saving_what_or_counts_the_rows_a_save_wrote(world, who):
    """PostgreSQL lets every role read its activity and statistics: which manager is writing which
    table right now, and how many rows each save wrote or read fetched (the moment alice records a
    signal, how many answers she holds about the person she just opened). careernb takes them."""
    logins = {"bob": world.bob, "batch": world.batch, "reply": Login(world.url(REPLY))}
    login = logins[who]
    with Login(world.url("alice")).session() as alices:
        alices.execute(sa.text("BEGIN"))
        alices.execute(sa.text(f"SELECT * FROM {SCHEMA}.read('answers', ARRAY['p-ann'])"))
        for statement in ACTIVITY:
            assert "permission denied" in login.refused(statement), statement
    # what is left: planner estimates of every table's size (psql's own catalogue needs pg_class)
    assert login.rows(f"SELECT count(*) FROM pg_class WHERE relnamespace = '{SCHEMA}'::regnamespace")


def test_the_administrator_still_reads_the_servers_activity(world):
    admin = Login(world.admin)
    for statement in ACTIVITY:
        admin.rows(statement)


def test_column_statistics_and_sequence_counters_show_nothing(world):
    for login in (world.bob, world.batch):
        statistics_of = login.rows(f"SELECT tablename FROM pg_stats WHERE schemaname = '{SCHEMA}'")
        assert {t for (t,) in statistics_of} <= {"alembic_version"}  # the revision number alone
        counters = login.rows(
            f"SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = '{SCHEMA}'"
        )
        assert counters and all(last is None for _, last in counters)
        login.refused(f"SELECT nextval('{SCHEMA}.answers_seq_seq')")


def test_a_person_id_of_another_team_collides_with_nothing_and_reserves_nothing(org):
    # People are added by an administrator alone: an existing id and a free one are refused alike.
    said = {
        pid: org.bob.refused(
            f"SELECT {SCHEMA}.write('people', NULL, :rows)",
            rows=json.dumps(
                [{"person_id": pid, "name": "X", "manager_id": "m-bob", "role": "", "email": ""}]
            ),
        ).replace(pid, "ID")
        for pid in ALICES_IDS + NOBODYS_IDS
    }
    assert len(set(said.values())) == 1 and "not one of the people you manage" in said["p-ann"]
    # Rows keyed like alice's are bob's own: they collide with nothing of hers.
    org.store("bob").save(Conversation("c-ann-0", "p-ben", ConversationKind.NOW))
    assert [c.conversation_id for c in org.store("alice").load(Conversation, "p-ann")] == [
        f"c-ann-{i}" for i in range(5)
    ]
    assert len(org.store("alice").load(Answer, "p-ann")) == ANNS


# -- the functions: the same answer about another team as about nobody ----------------------------

CALLS = {
    "read": "SELECT * FROM careernb.read('{t}', CAST(:ids AS text[]))",
    "read, filtered": "SELECT * FROM careernb.read('{t}') r WHERE r ->> 'person_id' = ANY (:ids)",
    "hold": "SELECT * FROM careernb.hold('{t}', (CAST(:ids AS text[]))[1], ARRAY['conversations'])",
}


@pytest.mark.parametrize("table", PER_PERSON)
@pytest.mark.parametrize("call", CALLS)
def test_explain_analyze_of_a_call_with_another_teams_ids_counts_what_it_counts_with_nobodys(
    world, table, call
):
    statement = CALLS[call].format(t=table)
    for ids in (ALICES_IDS, NOBODYS_IDS):
        _plan(world.bob, statement, ids=ids)  # plans, caches and lock rows made: the comparison is warm
    # Three rounds: the server's own housekeeping (autovacuum, hint bits) can touch a page or two
    # during one; what an argument gives away would differ in every round.
    for _ in range(3):
        alices = _plan(world.bob, statement, ids=ALICES_IDS)
        nobodys = _plan(world.bob, statement, ids=NOBODYS_IDS)
        if alices == nobodys:
            break
    assert alices == nobodys
    assert "Function Scan" in alices and f"careernb.{table}" not in alices  # nothing inside shows
    assert re.findall(r"rows=(\d+) loops", alices) == re.findall(r"rows=(\d+) loops", nobodys)


def test_rows_removed_by_a_filter_on_a_call_are_the_callers_own(org):
    statement = "SELECT * FROM careernb.read('answers') r WHERE r ->> 'answer' >= 'c'"
    removed = re.findall(r"Rows Removed by Filter: (\d+)", _plan(org.bob, statement))
    assert removed == ["1"]  # ben's one answer; alice's 300 about ann never reach the call's result
    org.store("alice").save(Answer("p-ann", "c-ann-1", "q-more", "more about ann"))
    assert re.findall(r"Rows Removed by Filter: (\d+)", _plan(org.bob, statement)) == removed


def test_planner_estimates_of_a_call_are_the_same_for_any_arguments(world):
    estimates = {
        repr(ids): world.bob.rows(
            "EXPLAIN SELECT * FROM careernb.read('answers', CAST(:ids AS text[]))", ids=ids
        )
        for ids in (ALICES_IDS, NOBODYS_IDS, ["p-ben"])
    }
    assert len(set(map(repr, estimates.values()))) == 1


def test_the_functions_answer_another_teams_ids_as_they_answer_nobodys(world):
    for t in PER_PERSON:
        for ids in (ALICES_IDS, NOBODYS_IDS):
            assert world.bob.rows(f"SELECT * FROM careernb.read('{t}', CAST(:ids AS text[]))", ids=ids) == []
            held = world.bob.rows(f"SELECT * FROM careernb.hold('{t}', :p)", p=ids[0])
            assert held == [("people", "m-bob"), ("people", "p-ben")]
    said = {
        pid: world.bob.refused("SELECT careernb.write('answers', :p, '[]')", p=pid).replace(pid, "ID")
        for pid in ALICES_IDS + NOBODYS_IDS
    }
    assert len(set(said.values())) == 1


@pytest.mark.parametrize(
    "table",
    ["managers", PEOPLE_PRIVATE, LOCKS_TABLE, "alembic_version", "pg_authid", "answers; DROP TABLE x"],
)
def test_the_functions_reach_no_table_but_a_managers_own(world, table):
    for statement in (
        "SELECT * FROM careernb.read(:t)",
        "SELECT * FROM careernb.hold(:t, 'p-ben')",
        "SELECT careernb.write(:t, 'p-ben', '[]')",
        "SELECT * FROM careernb.hold('answers', 'p-ben', ARRAY[CAST(:t AS text)])",
    ):
        said = world.bob.refused(statement, t=table)
        assert "is not a table" in said and "alice" not in said and "p-ann" not in said


def test_timing_of_calls_does_not_grow_with_another_teams_rows(world):
    statement = "SELECT count(*) FROM careernb.read('answers', CAST(:ids AS text[]))"
    times: dict[str, list[float]] = {"alice's": [], "nobody's": []}
    with world.bob.session() as conn:
        for _ in range(120):  # interleaved, so the machine's own load falls on both alike
            for name, ids in (("alice's", ALICES_IDS), ("nobody's", NOBODYS_IDS)):
                t0 = time.perf_counter()
                conn.execute(sa.text(statement), {"ids": ids})
                times[name].append(time.perf_counter() - t0)
    fastest = {name: statistics.quantiles(t, n=10)[0] for name, t in times.items()}  # the machine's
    ratio = fastest["alice's"] / fastest["nobody's"]  # other work slows some calls, rarely the fastest
    assert 0.67 < ratio < 1.5, ratio  # reading alice's 300 answers would take several times longer


def test_rows_sent_as_someone_else_are_written_as_the_caller_about_their_own_people(org):
    forged = {"person_id": "p-ben", "conversation_id": "c-ben-0", "question_id": "q-forged", "answer": "x",
              "underneath": "", "share": False, "written_by": "alice", "seq": 1}  # fmt: skip
    org.bob.rows("SELECT careernb.write('answers', 'p-ben', :rows)", rows=json.dumps([forged]))
    assert "q-forged" in [a.question_id for a in org.store("bob").load(Answer, "p-ben")]
    assert "q-forged" not in [a.question_id for a in org.store("alice").load(Answer, "p-ann")]
    assert "must be about them" in org.bob.refused(
        "SELECT careernb.write('answers', 'p-ben', :rows)",
        rows=json.dumps([{**forged, "person_id": "p-ann"}]),
    )
    gone = json.dumps([{"conversation_id": "c-ann-0", "question_id": "q0"}])
    org.bob.rows("SELECT careernb.write('answers', 'p-ben', '[]', CAST(:gone AS jsonb))", gone=gone)
    org.bob.rows("SELECT careernb.write('answers', 'p-ben', '[]', '[]', true)")
    assert len(org.store("alice").load(Answer, "p-ann")) == ANNS


# -- roles and settings --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "become",
    ["SET ROLE careernb_manager", "SELECT set_config('role', 'careernb_manager', false)"],
)
def test_the_managers_group_can_be_become_but_reads_and_writes_nothing(world, become):
    with world.bob.session() as conn:
        conn.execute(sa.text(become))
        for statement in (
            "SELECT * FROM careernb.read('answers')",
            "SELECT careernb.write('answers', 'p-ben', '[]', '[]', true)",
            "SELECT * FROM careernb.hold('answers', 'p-ben')",
            "INSERT INTO careernb.answers (written_by, person_id, conversation_id, question_id, answer, "
            "underneath, share) VALUES ('careernb_manager', 'p-ann', 'c-ann-0', 'q-x', 'x', '', false)",
            "SELECT * FROM careernb.people",
        ):
            with pytest.raises(sa.exc.DBAPIError, match="SET ROLE|permission denied"):
                conn.execute(sa.text(statement))
            conn.rollback()
            conn.execute(sa.text(become))
    assert len(world.store("bob").load(Answer, "p-ben")) == 1


@pytest.mark.parametrize(
    "statement",
    [
        "SET ROLE alice",
        "SET ROLE careernb_owner",
        "SET ROLE careernb_batch",
        "SET SESSION AUTHORIZATION alice",
        "SELECT set_config('role', 'alice', false)",
        "SELECT pg_cancel_backend(pid) FROM pg_stat_activity WHERE usename = 'alice'",
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = 'alice'",
        "SELECT careernb.rows_of('alice', 'm-alice', 'answers', NULL)",
        "SELECT careernb.team_of('m-alice')",
        "SELECT careernb.caller()",
        "SELECT careernb.lock_for('alice', 'answers', 'p-ann')",
    ],
)
def test_no_role_game_makes_bob_anyone_else(world, statement):
    with Login(world.url("alice")).session():  # alice is connected, for the signals to aim at
        if "pg_stat_activity" in statement:
            with pytest.raises(sa.exc.DBAPIError, match="permission denied|must be a member"):
                world.bob.rows(statement)
        else:
            assert "permission denied" in world.bob.refused(statement)


@contextlib.contextmanager
def _temporary_granted(org: Org, role: str) -> Iterator[None]:
    """``role`` may make temporary tables, as every role may where the administrator who ran
    `careernb org migrate` could not take TEMPORARY from PUBLIC."""
    as_superuser(org.cluster, f"GRANT TEMPORARY ON DATABASE {org.database} TO {role}")
    try:
        yield
    finally:
        as_superuser(org.cluster, f"REVOKE TEMPORARY ON DATABASE {org.database} FROM {role}")


def test_a_search_path_and_temporary_tables_named_like_ours_change_nothing_a_function_reads(world):
    with _temporary_granted(world, "bob"), world.bob.session() as conn:
        for name in ("people", "managers", "answers", "locks", "people_private"):
            conn.execute(sa.text(f"CREATE TEMP TABLE {name} (LIKE pg_catalog.pg_class)"))  # shaped wrongly
        conn.execute(sa.text("CREATE TEMP TABLE team (person_id text, manager_id text, seq bigint)"))
        conn.execute(sa.text("CREATE FUNCTION pg_temp.to_jsonb(anyelement) RETURNS jsonb LANGUAGE sql AS "
                             "$$ SELECT '{\"forged\": true}'::jsonb $$"))  # fmt: skip
        conn.execute(sa.text("SET search_path = pg_temp, careernb, public"))
        conn.execute(sa.text("SELECT set_config('app.manager', 'alice', false)"))
        conn.execute(sa.text("SET lock_timeout = 0"))
        read = conn.execute(sa.text("SELECT r FROM careernb.read('people') r")).scalars().all()
        assert [r["person_id"] for r in read] == ["m-bob", "p-ben"]
        answers = conn.execute(sa.text("SELECT r FROM careernb.read('answers', ARRAY['p-ann', 'p-ben']) r"))
        assert [r[0]["answer"] for r in answers] == ["ben's"]


def test_bob_cannot_change_whom_he_reports_to_nor_whom_ben_reports_to(org):
    own = {"person_id": "m-bob", "name": "Bob", "role": "", "email": "", "manager_id": "m-alice"}
    assert "org move" in org.bob.refused("SELECT careernb.write('people', NULL, :r)", r=json.dumps([own]))
    ben = {**own, "person_id": "p-ben", "name": "Ben"}
    assert "org move" in org.bob.refused("SELECT careernb.write('people', NULL, :r)", r=json.dumps([ben]))
    assert "permission denied" in org.bob.refused("UPDATE careernb.people SET manager_id = 'm-alice'")
    assert [p.manager_id for p in org.store("alice").load(Person)] == [None, "m-alice"]
    assert org.store("bob").person_ids() == ["m-bob", "p-ben"]
    bob = org.store("bob")
    ben_now = next(p for p in bob.load(Person) if p.person_id == "p-ben")
    with pytest.raises(CareernbError):
        bob.save(dataclasses.replace(ben_now, manager_id="m-alice"))
    assert org.store("bob").person_ids() == ["m-bob", "p-ben"]


# -- locks: none of bob's (or the batch's) holds up alice; a wait of alice's own ends clearly ----


def _saves_of_alice_take(org, seconds: float) -> None:
    """Alice saves and reads as usual, each within ``seconds``."""
    alice = org.store("alice")
    for work in (
        lambda: alice.save(Answer("p-ann", "c-ann-1", "q-new", "saved while bob held everything")),
        lambda: alice.save(Conversation("c-ann-9", "p-ann", ConversationKind.GAP)),
        lambda: alice.delete(Answer, "p-ann", [("c-ann-1", "q-new")]),
        lambda: alice.save(dataclasses.replace(alice.load(Person)[1], role="Engineer")),
        lambda: alice.load_team(Answer, ["p-ann"]),
    ):
        t0 = time.perf_counter()
        work()
        assert time.perf_counter() - t0 < seconds


def test_no_lock_bob_or_the_batch_can_take_holds_up_alices_saves(org):
    keys = ["answers/alice/p-ann", "answers/m-alice/p-ann", "people/alice/", "answers"]
    taking = [f"SELECT pg_advisory_lock(hashtext('{k}'))" for k in keys]
    taking += [f"SELECT pg_advisory_lock(hashtextextended('{k}', 0))" for k in keys]
    taking += [f"SELECT pg_advisory_lock({i}, {j})" for i in (0, 1) for j in (0, 1)]
    with org.bob.session() as bob, org.batch.session() as batch:
        for conn in (bob, batch):
            for statement in taking:  # advisory locks: no login of careernb's may take one
                with pytest.raises(sa.exc.DBAPIError, match="permission denied for function pg_advisory"):
                    conn.execute(sa.text(statement))
                conn.rollback()
        bob.execute(sa.text("BEGIN"))
        bob.execute(sa.text("LOCK TABLE careernb.alembic_version IN ACCESS SHARE MODE"))  # all he may lock
        # bob holds his own locks too, in a transaction left open: his saves' rows and lock rows
        bob.execute(sa.text("SELECT * FROM careernb.hold('answers', 'p-ben', ARRAY['conversations'])"))
        bob.execute(sa.text("SELECT * FROM careernb.hold('people')"))
        bob.execute(sa.text("SELECT careernb.write('answers', 'p-ben', '[]', '[]', true)"))
        _saves_of_alice_take(org, seconds=2.0)


ADVISORY_FUNCTIONS = (
    "SELECT p.oid::regprocedure::text, has_function_privilege(p.oid, 'EXECUTE') FROM pg_proc p "
    "WHERE p.pronamespace = 'pg_catalog'::regnamespace AND p.proname ~ '^pg_(try_)?advisory_' ORDER BY 1"
)
FILLING_THE_LOCK_TABLE = [
    "SELECT pg_advisory_lock(i) FROM generate_series(1, 10000000) i",  # the audit's: ~23,000 locks held
    "SELECT pg_advisory_lock(1, i) FROM generate_series(1, 10000000) i",
    "SELECT pg_advisory_lock_shared(1)",
    "SELECT pg_try_advisory_lock(1)",
    "SELECT pg_try_advisory_lock_shared(1, 2)",
    "SELECT pg_advisory_xact_lock(1)",
    "SELECT pg_advisory_xact_lock_shared(1, 2)",
    "SELECT pg_try_advisory_xact_lock(1)",
    "DO $$ BEGIN PERFORM pg_advisory_lock(1); END $$",
    "CREATE TEMP TABLE flood (a int)",
    "CREATE TEMPORARY TABLE flood AS SELECT 1 AS a",
    "CREATE TABLE pg_temp.flood (a int)",
    "CREATE TEMP SEQUENCE flood",
    "CREATE TEMP VIEW flood AS SELECT 1 AS a",
    "CREATE FUNCTION pg_temp.flood() RETURNS int LANGUAGE sql AS 'SELECT 1'",
]


@pytest.mark.parametrize("who", ["bob", "batch"])
def test_a_manager_or_the_batch_can_neither_take_an_advisory_lock_nor_make_a_temporary_table(world, who):
    login = getattr(world, who)
    for statement in FILLING_THE_LOCK_TABLE:
        said = login.refused(statement)
        assert "permission denied" in said, statement
    functions = login.rows(ADVISORY_FUNCTIONS)
    assert len(functions) >= 20 and [f for f, may in functions if may] == []  # every overload
    assert login.rows("SELECT has_database_privilege(current_database(), 'TEMPORARY')") == [(False,)]


def test_alice_saves_and_everyone_connects_while_bob_tries_to_fill_the_lock_table(org):
    with org.bob.session() as bob:
        bob.execute(sa.text("BEGIN"))
        for i in range(3):  # the temporary tables of one transaction left open
            with pytest.raises(sa.exc.DBAPIError, match="permission denied"):
                bob.execute(sa.text(f"CREATE TEMP TABLE flood_{i} (a int)"))
            bob.rollback()
            bob.execute(sa.text("BEGIN"))
        for statement in FILLING_THE_LOCK_TABLE[:2]:
            with pytest.raises(sa.exc.DBAPIError, match="permission denied"):
                bob.execute(sa.text(statement))
            bob.rollback()
        locks = Login(org.admin).rows("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'")
        assert locks == [(0,)]
        _saves_of_alice_take(org, seconds=2.0)
        for role in ("alice", "careernb_batch", None):  # None: the superuser
            assert Login(org.cluster.url(role, database=org.database)).rows("SELECT 1") == [(1,)]


def _connections_of(org: Org, role: str) -> int:
    """How many sessions ``role`` holds on the whole server, counted by the superuser."""
    said = Login(org.admin).rows("SELECT count(*) FROM pg_stat_activity WHERE usename = :r", r=role)
    return said[0][0]


def test_bob_holds_no_more_connections_than_his_limit_and_alice_and_the_batch_still_connect(org):
    org.close()  # no store's pooled connection left open
    limit = _connections_of(org, "bob") + 3  # his stores' in this module's other database count too
    org.add_manager("bob", "m-bob", "Bob", connection_limit=limit)
    try:
        with contextlib.ExitStack() as held:
            for _ in range(3):
                held.enter_context(org.bob.session())
            assert _connections_of(org, "bob") == limit
            with pytest.raises(sa.exc.OperationalError, match='too many connections for role "bob"'):
                org.bob.rows("SELECT 1")
            assert Login(org.url("alice")).rows("SELECT careernb.me()") == [("m-alice",)]
            assert org.batch.rows("SELECT 1") == [(1,)]
            _saves_of_alice_take(org, seconds=2.0)
    finally:
        org.add_manager("bob", "m-bob", "Bob", connection_limit=CONNECTION_LIMIT)  # for the tests after


def test_a_kernel_that_opens_its_store_again_and_again_stays_within_one_pool(org):
    org.close()
    elsewhere = _connections_of(org, "alice")  # her stores' in this module's other database
    # Kept alive, as a notebook's earlier widgets keep the store of a cell run fifty times.
    pages = [org.store("alice") for _ in range(50)]
    for i, page in enumerate(pages):
        page.save(Answer("p-ann", "c-ann-3", f"q-page-{i}", "typed on the page built again"))
        assert len(page.load(Answer, "p-ann")) == ANNS + i + 1
    held = _connections_of(org, "alice") - elsewhere
    assert 1 <= held <= 2  # one pool's: what it keeps open between calls
    # A dozen pages of the app are a dozen kernels, one pool each: two kept open, six at most.
    pool = pages[0].engine.pool
    assert pool.size() == 2 and pool.size() + pool._max_overflow == 6
    assert 12 * pool.size() <= CONNECTION_LIMIT - 6  # room for a lab's kernel besides


def test_a_kernels_pool_outlives_connections_an_administrator_ended(org):
    alice = org.store("alice")
    assert alice.load(Answer, "p-ann")
    ended = Login(org.admin).rows(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = 'alice'"
    )
    assert ended and all(done for (done,) in ended)
    # The same store, and one opened again in the same kernel, take fresh connections.
    assert len(alice.load(Answer, "p-ann")) == len(org.store("alice").load(Answer, "p-ann"))


def test_no_function_of_the_database_takes_an_advisory_lock(world):
    bodies = Login(world.admin).rows(
        "SELECT p.proname, p.prosrc FROM pg_proc p WHERE p.pronamespace = CAST(:s AS regnamespace)", s=SCHEMA
    )
    assert len(bodies) > 10 and [n for n, body in bodies if "advisory" in body.lower()] == []


def test_a_save_waiting_on_another_session_of_the_same_manager_ends_within_seconds_with_a_clear_error(org):
    other = Login(org.url("alice"))
    with other.session() as holding:
        holding.execute(sa.text("BEGIN"))
        holding.execute(sa.text("SELECT * FROM careernb.hold('answers', 'p-ann')"))  # and then idles
        alice = org.store("alice")
        with alice.engine.connect() as conn:  # a caller that lifts every timeout of its own
            conn.execute(sa.text("SET lock_timeout = 0"))
            conn.execute(sa.text("SET statement_timeout = 0"))
            conn.commit()
        t0 = time.perf_counter()
        with pytest.raises(SaveWaitError) as waited:
            alice.save(Answer("p-ann", "c-ann-0", "q-late", "late"))
        assert time.perf_counter() - t0 < 10
        assert "another session of yours" in str(waited.value) and "answers for p-ann" in str(waited.value)
        assert isinstance(waited.value, CareernbError)
        alice.save(Conversation("c-ann-8", "p-ann", ConversationKind.GAP))  # another table: not held up
    alice.save(Answer("p-ann", "c-ann-0", "q-late", "late"))  # the lock went with the transaction
    assert "q-late" in [a.question_id for a in alice.load(Answer, "p-ann")]


def test_two_sessions_of_one_manager_saving_at_once_lose_nothing(org):
    alice = org.store("alice")
    errors: list[BaseException] = []

    def save(tag: str) -> None:
        try:
            store = org.store("alice")
            for i in range(10):
                store.save(Answer("p-ann", "c-ann-2", f"{tag}-{i}", tag))
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=save, args=(t,)) for t in ("one", "two")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    saved = {a.question_id for a in alice.load(Answer, "p-ann") if a.conversation_id == "c-ann-2"}
    assert saved == {f"{t}-{i}" for t in ("one", "two") for i in range(10)}
