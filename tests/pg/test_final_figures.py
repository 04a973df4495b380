"""Figures published once the quarter has ended are final, as the real logins find them: a
manager's later publication leaves them as they were, and the batch sums its distributions from
final figures alone, so that two of its reads never differ by one person's answer."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
import sqlalchemy as sa

from careernb.documents.organisation_view import DIRECTION
from careernb.domain.cadence import final_from
from careernb.quarter import published
from careernb.store.sql import engine_for
from careernb.store.sql_schema import BATCH, SCHEMA
from tests.pg.fixtures import run_sql
from tests.pg.test_practice_figures import ENDED, ENDED_ON, REPORTS_OWN, _publish, _read, _team
from tests.pg.test_practice_figures import QUARTER as RUNNING
from tests.practice import counted

WANTS = {DIRECTION: {"technical leadership": 5, "people leadership": 1}}
JOINER = {DIRECTION: {"technical leadership": 5, "people leadership": 2}}
DISTRIBUTIONS = f"SELECT distribution, answer, people FROM {SCHEMA}.quarter_distributions(:q)"


def _joins(org, role: str, person_id: str) -> None:
    run_sql(
        org.admin,
        f"INSERT INTO {SCHEMA}.people (person_id, name, manager_id, role, email) "
        "VALUES (:p, 'Joiner', :m, 'engineer', '')",
        p=person_id, m=f"m-{role}",
    )  # fmt: skip


@pytest.fixture
def org(pg_org):
    _team(pg_org, "alice", 6)
    _team(pg_org, "bob", 5)
    return pg_org


def test_a_joiners_answer_never_shows_as_the_difference_of_two_reads(org):
    """HR reads the quarter, a person joins alice's team, alice's quarter runs again: the second
    read must not differ from the first by the joiner's answer alone."""
    for quarter, as_of in ((ENDED, ENDED_ON), (RUNNING, dt.date(2026, 11, 26))):
        _publish(org.url("bob"), counted(5, quarter=quarter, as_of=as_of))
        _publish(org.url("alice"), counted(6, quarter=quarter, as_of=as_of, direction=WANTS[DIRECTION]))
    before = {q: run_sql(org.url(BATCH), DISTRIBUTIONS, q=q) for q in (ENDED, RUNNING)}
    _joins(org, "alice", "alice-new")
    for quarter, as_of in ((ENDED, ENDED_ON), (RUNNING, dt.date(2026, 11, 27))):
        _publish(org.url("alice"), counted(7, quarter=quarter, as_of=as_of, direction=JOINER[DIRECTION]))
    after = {q: run_sql(org.url(BATCH), DISTRIBUTIONS, q=q) for q in (ENDED, RUNNING)}
    assert (
        before[ENDED]
        == after[ENDED]
        == [
            (DIRECTION, "people leadership", 1),
            (DIRECTION, "technical leadership", 10),
        ]
    )
    assert before[RUNNING] == after[RUNNING] == []  # not ended: no distribution at all
    # The manager's own reading says what the organisation holds: the running quarter's latest,
    # the ended quarter's first publication after its end.
    assert _read(org.url("alice"), published.own, RUNNING).figures.people == 7
    assert _read(org.url("alice"), published.own, ENDED).figures.distributions == WANTS


def test_a_large_teams_reports_own_figures_reach_the_batch_once_final_and_its_managers_practice_at_once(org):
    for quarter in (ENDED, RUNNING):
        _publish(
            org.url("alice"),
            dataclasses.replace(counted(6, quarter=quarter, as_of=ENDED_ON), goals_changed=2),
        )
    assert run_sql(org.url(BATCH), REPORTS_OWN, q=ENDED) == [("alice", 2, 3, 2), ("bob", None, None, None)]
    assert run_sql(org.url(BATCH), REPORTS_OWN, q=RUNNING) == [
        ("alice", None, None, None),
        ("bob", None, None, None),
    ]
    so_far = _read(org.url(BATCH), published.organisation, RUNNING).managers[0].figures
    assert (so_far.with_conversation, so_far.manager_kept, so_far.people) == (
        counted(6).with_conversation,
        counted(6).manager_kept,
        6,
    )
    assert (so_far.person_kept, so_far.goals_changed) == (None, None)


def _publishes(url: str, figures) -> tuple[dt.datetime, bool]:
    engine = engine_for(url)
    try:
        return published.publish(engine, figures)
    finally:
        engine.dispose()


def test_a_final_publication_is_kept_and_a_later_one_says_so(org):
    alice = org.url("alice")
    figures = counted(6, quarter=ENDED, as_of=ENDED_ON, direction=WANTS[DIRECTION])
    first, kept_first = _publishes(alice, figures)
    second, kept_second = _publishes(alice, dataclasses.replace(figures, goals_changed=4))
    assert (kept_first, kept_second) == (False, True)
    assert first == second >= final_from(ENDED)
    assert _read(alice, published.own, ENDED).figures.goals_changed == 0  # the first's
    # Straight through the function too, as a notebook cell of alice's would call it.
    sent = run_sql(
        alice, str(published.PUBLISH), **published.arguments(dataclasses.replace(figures, goals_changed=5))
    )
    assert sent[0].published == first and _read(alice, published.own, ENDED).figures.goals_changed == 0


def test_figures_published_before_the_end_are_replaced_by_those_after_it(org):
    alice = org.url("alice")
    _publish(alice, counted(6, quarter=ENDED, as_of=dt.date(2026, 5, 1)))
    # As if published during the quarter: the owner moves its timestamp back.
    during = final_from(ENDED) - dt.timedelta(days=40)
    run_sql(org.admin, f"UPDATE {SCHEMA}.practice_figures SET published = :t", t=during)
    assert run_sql(org.url(BATCH), DISTRIBUTIONS, q=ENDED) == []  # not final: in no distribution
    _publish(alice, counted(6, quarter=ENDED, as_of=ENDED_ON, direction=WANTS[DIRECTION]))
    assert _read(alice, published.own, ENDED).figures.as_of == ENDED_ON
    assert run_sql(org.url(BATCH), DISTRIBUTIONS, q=ENDED) == [
        (DIRECTION, "people leadership", 1),
        (DIRECTION, "technical leadership", 5),
    ]


@pytest.mark.parametrize("zone", ["UTC", "Pacific/Kiritimati", "Etc/GMT+12", "America/Los_Angeles"])
@pytest.mark.parametrize("quarter", ["2026Q1", "2026Q2", "2026Q3", "2026Q4", "2099Q4"])
def test_the_database_and_careernb_agree_when_a_quarter_has_ended_whatever_the_sessions_zone(
    org, zone, quarter
):
    # As the owner (the function is no one else's); the caller's time zone must not move it.
    engine = sa.create_engine(org.admin)
    try:
        with engine.begin() as conn:
            conn.execute(sa.text("SET LOCAL ROLE careernb_owner"))
            conn.execute(sa.text(f"SET LOCAL TIME ZONE '{zone}'"))
            said = conn.execute(
                sa.text(f"SELECT {SCHEMA}.quarter_final_from(:q)"), {"q": quarter}
            ).scalar_one()
    finally:
        engine.dispose()
    assert said == final_from(quarter)


def test_no_login_but_the_owner_may_ask_when_a_quarter_ended(org):
    for role in ("alice", BATCH):
        with pytest.raises(sa.exc.DBAPIError, match="permission denied"):
            run_sql(org.url(role), f"SELECT {SCHEMA}.quarter_final_from('2026Q4')")


def test_a_quarter_written_otherwise_is_refused_in_words(org):
    with pytest.raises(sa.exc.DBAPIError, match="2026-Q4 is not a quarter; write it as 2026Q4"):
        run_sql(org.url(BATCH), REPORTS_OWN, q="2026-Q4")
