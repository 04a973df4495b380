"""The quarter's figures in the database, as the real logins: a manager publishes their team's
counts through a function keyed on who logged in; the batch reads them, and distributions of
groups of at least the minimum size, through functions, and no table at all."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest
import sqlalchemy as sa

from careernb.documents.organisation_view import DIRECTION
from careernb.home import TABLES
from careernb.quarter import published
from careernb.store import table_of
from careernb.store.sql import engine_for
from careernb.store.sql_quarter import QUARTER_FUNCTIONS
from careernb.store.sql_schema import BATCH, MANAGER, OWNER, SCHEMA
from tests import practice
from tests.pg.fixtures import as_superuser, run_sql
from tests.pg.test_migrations import Databases

QUARTER = "2099Q4"
"""A quarter that has not ended, whenever the tests run: each publication replaces the last."""


def counted(people: int, **more) -> practice.PracticeFigures:
    """A team's figures for :data:`QUARTER`, unless told another."""
    return practice.counted(people, **{"quarter": QUARTER, **more})


ENDED, ENDED_ON = "2026Q2", dt.date(2026, 6, 30)
"""A quarter that has ended: figures published for it now are final."""


def _team(org, role: str, size: int) -> str:
    """A manager ``role`` with ``size`` reports (and one who left, counted nowhere)."""
    org.add_manager(role, f"m-{role}", f"Manager {role.title()}")
    reports = [(f"{role}-{i}", f"Report {i} of {role}", None) for i in range(size)]
    for person_id, name, left in [*reports, (f"{role}-gone", "Gone", "2026-01-31")]:
        run_sql(
            org.admin,
            f'INSERT INTO {SCHEMA}.people (person_id, name, manager_id, role, email, "left") '
            "VALUES (:p, :n, :m, 'engineer', '', :left)",
            p=person_id, n=name, m=f"m-{role}", left=left,
        )  # fmt: skip
    return org.url(role)


def _publish(url: str, figures) -> None:
    engine = engine_for(url)
    try:
        published.publish(engine, figures)
    finally:
        engine.dispose()


def _read(url: str, read, *args):
    engine = engine_for(url)
    try:
        return read(engine, *args)
    finally:
        engine.dispose()


@pytest.fixture
def org(pg_org):
    _team(pg_org, "alice", 6)
    _team(pg_org, "bob", 3)
    return pg_org


RELATIONS = f"""
    SELECT c.oid::regclass::text FROM pg_class c
    WHERE c.relnamespace = '{SCHEMA}'::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')"""
PRIVILEGES = ("SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER")


def test_the_batch_holds_no_privilege_on_any_table_or_column(org):
    relations = [r for (r,) in run_sql(org.admin, RELATIONS)]
    assert f"{SCHEMA}.practice_figures" in relations and f"{SCHEMA}.aspirations" in relations
    held = run_sql(
        org.admin,
        "SELECT r, p FROM unnest(CAST(:rels AS text[])) r, unnest(CAST(:privs AS text[])) p "
        "WHERE has_table_privilege(:batch, r, p) OR has_any_column_privilege(:batch, r, 'SELECT')",
        rels=relations, privs=list(PRIVILEGES), batch=BATCH,
    )  # fmt: skip
    assert held == []
    for role in (OWNER, MANAGER):
        assert run_sql(org.admin, "SELECT pg_has_role(:b, :r, 'MEMBER')", b=BATCH, r=role) == [(False,)]


PER_PERSON_WORDS = [
    ("aspirations", "direction"), ("aspirations", "three_year"), ("aspirations", "admired_role"),
    ("fit", "fit"), ("fit", "transition"), ("people", "name"), ("people", "person_id"),
    ("answers", "answer"), ("conversations", "note"), ("commitments", "action"), ("signals", "note"),
    ("contracts", "open_question"), ("practice_figures", "distributions"), ("managers", "role"),
]  # fmt: skip
TABLE_NAMES = [table_of(t).name for t in TABLES] + [
    "managers",
    "practice_figures",
    "quarter_settings",
]


@pytest.mark.parametrize(
    "statement",
    [f"SELECT {column} FROM {SCHEMA}.{table}" for table, column in PER_PERSON_WORDS]
    + [f"SELECT count(*) FROM {SCHEMA}.{table}" for table in TABLE_NAMES]
    + [
        f"EXPLAIN SELECT * FROM {SCHEMA}.aspirations WHERE direction = 'something else'",
        f"COPY {SCHEMA}.fit TO STDOUT",
        f"SELECT * FROM {SCHEMA}.alembic_version",
        f"LOCK TABLE {SCHEMA}.practice_figures IN ACCESS SHARE MODE",
        f"UPDATE {SCHEMA}.quarter_settings SET min_group_size = 3",
        f"SELECT * FROM {SCHEMA}.own_practice_figures('{QUARTER}')",
    ],
)
def test_as_the_batch_selecting_any_persons_text_direction_or_fit_fails(org, statement):
    engine = sa.create_engine(org.url(BATCH))
    try:
        with pytest.raises(sa.exc.DBAPIError, match="permission denied"), engine.begin() as conn:
            conn.execute(sa.text(statement))
    finally:
        engine.dispose()


def test_the_batch_cannot_publish_and_a_manager_cannot_read_as_the_batch(org):
    with pytest.raises(sa.exc.DBAPIError, match="permission denied"):
        _publish(org.url(BATCH), counted(6))
    # Refused twice over: EXECUTE is the batch's alone, and the function asks who logged in.
    for function in ("quarter_practice", "quarter_distributions"):
        with pytest.raises(sa.exc.DBAPIError, match="permission denied|is not the organisation's batch"):
            run_sql(org.url("alice"), f"SELECT * FROM {SCHEMA}.{function}(:q)", q=QUARTER)


@pytest.mark.parametrize("become", ["careernb_manager", "alice"])
def test_a_session_that_used_set_role_can_neither_publish_nor_read(org, become):
    engine = engine_for(org.url("alice"))
    try:
        with engine.connect() as conn:
            conn.execute(sa.text(f"SET ROLE {become}"))
            conn.commit()
        # every pooled connection keeps the role it was SET to: the same session again
        with pytest.raises(sa.exc.DBAPIError, match="SET ROLE"):
            published.publish(engine, counted(6))
        with pytest.raises(sa.exc.DBAPIError, match="SET ROLE"):
            published.own(engine, QUARTER)
    finally:
        engine.dispose()
    assert _read(org.url(BATCH), published.organisation, QUARTER).published == []


def test_each_manager_publishes_and_reads_back_their_own_row_alone(org):
    _publish(org.url("alice"), counted(6))
    assert _read(org.url("bob"), published.own, QUARTER).figures is None
    _publish(org.url("bob"), counted(3, direction={"people leadership": 2, "not asked yet": 1}))
    _publish(org.url("alice"), dataclasses.replace(counted(6), goals_changed=4))  # replaced, not added
    alice = _read(org.url("alice"), published.own, QUARTER)
    assert (alice.role, alice.figures.goals_changed, alice.figures.distributions) == (
        "alice",
        4,
        {DIRECTION: {"technical leadership": 6}},
    )
    seen = _read(org.url(BATCH), published.organisation, QUARTER)
    assert [(m.role, m.figures.goals_changed, m.figures.people) for m in seen.managers] == [
        ("alice", None, 6),  # not final: its reports' own figures wait for the quarter's end
        ("bob", None, 3),  # a team under the minimum size: its reports' own figures stay with bob
    ]
    assert all(m.figures.distributions == {} for m in seen.managers)  # never a team's distribution
    assert run_sql(org.admin, f"SELECT manager_role, quarter FROM {SCHEMA}.practice_figures ORDER BY 1") == [
        ("alice", QUARTER),
        ("bob", QUARTER),
    ]


def test_a_manager_who_has_not_published_is_listed_as_not_yet_run(org):
    _publish(org.url("alice"), counted(6))
    seen = _read(org.url(BATCH), published.organisation, QUARTER)
    assert [m.role for m in seen.published] == ["alice"]
    assert [(m.role, m.name) for m in seen.not_yet_run] == [("bob", "Manager Bob")]
    assert _read(org.url(BATCH), published.organisation, "2026Q3").published == []


BAD = {
    "a quarter written otherwise": {"quarter": "2026-Q4"},
    "counted past the quarter's end": {"as_of": "2100-01-01"},
    "a team of another size than the database's": {
        "people": 5,
        "distributions": {DIRECTION: {"technical leadership": 5}},
    },
    "a distribution that does not count everyone": {"distributions": {DIRECTION: {"something else": 5}}},
    "a count below zero": {"with_conversation": -1},
    "more kept than due": {"manager_kept": 3},
    "a failure in more people than the team": {"failures": {"deferring": 7}},
    "a failure that is not a count": {"failures": {"deferring": "Ann"}},
    "an answer that is not a count": {"distributions": {DIRECTION: {"Ann wants out": "6"}}},
    "too many distributions": {"distributions": {f"d{i}": {"x": 6} for i in range(21)}},
}


@pytest.mark.parametrize("change", list(BAD.values()), ids=list(BAD))
def test_figures_that_do_not_add_up_are_refused_and_change_nothing(org, change):
    _publish(org.url("alice"), counted(6))
    values = {
        "quarter": QUARTER, "as_of": "2026-11-26", "reports": 6, "with_conversation": 1, "sent_in_48h": 0,
        "sent_in_48h_of": 0, "manager_kept": 1, "manager_kept_of": 2, "person_kept": 2, "person_kept_of": 3,
        "goals_changed": 0, "failures": {"deferring": 0}, "people": 6,
        "distributions": {DIRECTION: {"technical leadership": 6}}, **change,
    }  # fmt: skip
    values = {k: json.dumps(v) if isinstance(v, dict) else v for k, v in values.items()}
    with pytest.raises(sa.exc.DBAPIError):  # as a notebook cell would send them
        run_sql(org.url("alice"), str(published.PUBLISH), **values)
    assert _read(org.url("alice"), published.own, QUARTER).figures == counted(6)


@pytest.mark.parametrize(
    ("teams", "smallest", "shown"),
    [
        ({"alice": 6, "bob": 3}, 5, 6),  # bob's team of 3 is counted nowhere
        ({"alice": 6, "bob": 5}, 5, 11),
        ({"alice": 4, "bob": 4}, 5, None),  # 8 people, but in two groups under 5
        ({"alice": 6, "bob": 3}, 3, 9),
        ({"alice": 6, "bob": 3}, 7, None),
    ],
)
def test_a_distribution_sums_only_teams_of_at_least_the_minimum_size(pg_org, teams, smallest, shown):
    for role, size in teams.items():
        _team(pg_org, role, size)
        _publish(pg_org.url(role), counted(size, quarter=ENDED, as_of=ENDED_ON))  # final: counted
    engine = engine_for(pg_org.admin, as_owner=True)
    published.set_min_group_size(engine, smallest)
    engine.dispose()
    seen = _read(pg_org.url(BATCH), published.organisation, ENDED)
    assert seen.min_group_size == smallest
    expected = {DIRECTION: {"technical leadership": shown}} if shown else {}
    assert seen.distributions == expected


@pytest.mark.parametrize(
    ("teams", "shown"),
    [
        ({"alice": (1, 5)}, False),  # a team of six, one answer: the one person's
        ({"alice": (4, 2), "bob": (0, 5)}, False),  # eleven people, four answers
        ({"alice": (4, 2), "bob": (1, 4)}, True),  # five answers in two teams
        ({"alice": (6, 0)}, True),
    ],
)
def test_a_distribution_shows_only_when_enough_people_answered_it_not_when_the_team_is_large(
    pg_org, teams, shown
):
    from careernb.follow_through.figures import NOT_ASKED
    from careernb.follow_through.health.from_the_person import NO_ANSWER

    for role, (answered, silent) in teams.items():
        _team(pg_org, role, answered + silent)
        statement = {"strongly disagree": answered, NO_ANSWER: silent}
        figures = counted(
            answered + silent,
            quarter=ENDED,
            as_of=ENDED_ON,
            direction={"people leadership": answered, NOT_ASKED: silent},
        )
        figures = dataclasses.replace(figures, distributions={**figures.distributions, "seen": statement})
        _publish(pg_org.url(role), figures)  # final: counted
    seen = _read(pg_org.url(BATCH), published.organisation, ENDED)
    assert sorted(seen.distributions) == (sorted([DIRECTION, "seen"]) if shown else [])


REPORTS_OWN = (
    f"SELECT manager_role, person_kept, person_kept_of, goals_changed FROM {SCHEMA}.quarter_practice(:q)"
)


@pytest.mark.parametrize(("smallest", "bobs"), [(5, (None, None, None)), (3, (2, 3, 1))], ids=["5", "3"])
def test_the_batch_reads_a_small_teams_manager_practice_and_never_its_reports_own_figures(
    org, smallest, bobs
):
    final = {"quarter": ENDED, "as_of": ENDED_ON}  # a running quarter's: see test_final_figures
    _publish(org.url("alice"), dataclasses.replace(counted(6, **final), goals_changed=2))
    _publish(org.url("bob"), dataclasses.replace(counted(3, **final), goals_changed=1))
    owner = engine_for(org.admin, as_owner=True)
    published.set_min_group_size(owner, smallest)
    owner.dispose()
    # As a query of the batch's own would ask: the function, straight.
    assert run_sql(org.url(BATCH), REPORTS_OWN, q=ENDED) == [("alice", 2, 3, 2), ("bob", *bobs)]
    bob = _read(org.url(BATCH), published.organisation, ENDED).managers[1]
    assert (bob.figures.manager_kept, bob.figures.with_conversation) == (
        counted(3).manager_kept,
        counted(3).with_conversation,
    )
    assert (bob.figures.person_kept is None, bob.figures.goals_changed is None) == (
        smallest > 3,
        smallest > 3,
    )
    assert _read(org.url("bob"), published.own, ENDED).figures.goals_changed == 1  # bob still reads his own


def test_the_minimum_group_size_is_5_and_never_below_3_whoever_asks(org):
    assert _read(org.url("alice"), published.min_group_size) == 5
    owner = engine_for(org.admin, as_owner=True)
    try:
        with pytest.raises(published.GroupSizeError, match="at least 3"):
            published.set_min_group_size(owner, 2)
        assert published.set_min_group_size(owner, 7) == 7
    finally:
        owner.dispose()
    with pytest.raises(sa.exc.DBAPIError, match="min_group_size_at_least_3"):
        run_sql(org.admin, f"UPDATE {SCHEMA}.quarter_settings SET min_group_size = 1")  # a superuser
    for role in ("alice", BATCH):
        with pytest.raises(sa.exc.DBAPIError, match="permission denied"):
            run_sql(org.url(role), f"UPDATE {SCHEMA}.quarter_settings SET min_group_size = 3")
    assert _read(org.url(BATCH), published.min_group_size) == 7


def test_the_batchs_query_plans_show_a_function_and_no_table(org):
    _publish(org.url("alice"), counted(6))
    for function in ("quarter_practice", "quarter_distributions"):
        plan = run_sql(org.url(BATCH), f"EXPLAIN ANALYZE SELECT * FROM {SCHEMA}.{function}(:q)", q=QUARTER)
        text = "\n".join(line for (line,) in plan)
        assert "Function Scan" in text and "practice_figures" not in text and "people" not in text


FUNCTIONS = f"""
    SELECT p.oid::regprocedure::text, pg_get_userbyid(p.proowner), p.prosecdef, p.proconfig,
           ARRAY(SELECT pg_get_userbyid(a.grantee) FROM aclexplode(p.proacl) a
                 WHERE a.privilege_type = 'EXECUTE' AND a.grantee <> p.proowner ORDER BY 1)
    FROM pg_proc p WHERE p.pronamespace = '{SCHEMA}'::regnamespace"""


def test_the_quarters_functions_are_the_declared_ones_each_run_as_the_owner_on_a_pinned_path(org):
    found = {row[0].removeprefix(f"{SCHEMA}."): row[1:] for row in run_sql(org.admin, FUNCTIONS)}
    assert set(QUARTER_FUNCTIONS) <= set(found), sorted(found)
    quarter = {name: found[name] for name in QUARTER_FUNCTIONS}
    for name, (owner, definer, config, grantees) in quarter.items():
        _, roles, _ = QUARTER_FUNCTIONS[name]
        assert owner == OWNER, name
        assert definer is (name not in ("quarter_caller(text)", "quarter_final_from(text)")), name
        assert "search_path=pg_catalog, careernb, pg_temp" in config, name
        assert definer is False or "lock_timeout=5s" in config, name
        assert sorted(grantees) == sorted(roles), name  # PUBLIC never: its grantee would be listed


class _Built(Databases):
    def new(self) -> str:
        name = f"quarter_declared_{len(self.names)}"
        as_superuser(self.cluster, f"CREATE DATABASE {name}")
        self.names.append(name)
        return self.cluster.url(database=name)


DEFINITIONS = f"""
    SELECT p.oid::regprocedure::text, pg_get_functiondef(p.oid), p.provolatile, p.proacl::text
    FROM pg_proc p WHERE p.pronamespace = '{SCHEMA}'::regnamespace ORDER BY 1"""


def test_the_functions_the_revisions_made_are_the_ones_declared(pg_org):
    built = _Built(pg_org.cluster)
    try:
        declared = run_sql(built.declared([table_of(t) for t in TABLES]), DEFINITIONS)
    finally:
        for name in built.names:
            as_superuser(pg_org.cluster, f"DROP DATABASE {name} WITH (FORCE)")
    upgraded = run_sql(pg_org.admin, DEFINITIONS)
    quarter = [row for row in upgraded if row[0].removeprefix(f"{SCHEMA}.") in QUARTER_FUNCTIONS]
    assert len(quarter) == len(QUARTER_FUNCTIONS)
    assert quarter == [row for row in declared if row[0].removeprefix(f"{SCHEMA}.") in QUARTER_FUNCTIONS]
