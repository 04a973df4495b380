"""A reply posted on the report's page, as the page answers it (``reply_posted``), through the real
``careernb_reply`` login: kept when whole; refused, with nothing written, in words addressed to the
person (never the ones written for their manager) and never a server error."""

from __future__ import annotations

import dataclasses
import json

import pytest
import sqlalchemy as sa

from careernb.domain.replies import Agreement, Decision, Reply, ReplyToken, ReplyUpdate
from careernb.domain.reply_block import encode
from careernb.errors import CareernbError, DatabaseError
from careernb.follow_through.replies import decide, take_in
from careernb.organisation import admin
from careernb.organisation.report_desk import ReportDesk
from careernb.organisation.report_page import NUL_REFUSED, OTHERS_REPLY, reply_posted
from careernb.store.sql_schema import SCHEMA
from tests.pg.fixtures import run_sql
from tests.pg.test_report_desk import SENT, _counts, two_reports

TODAY = SENT.replace(day=20)


@pytest.fixture
def org(pg_org):
    return two_reports(pg_org)


@pytest.fixture
def desk(org):
    made = ReportDesk(org.url("careernb_reply"))
    yield made
    made.close()


def _posted(org, **fields) -> bytes:
    token = next(t.token for t in org.store("alice").load(ReplyToken, "c01") if t.version == 1)
    payload = {
        "careernb": "reply/1", "person": "c01", "version": 1, "reply": "r-page",
        "written": "2026-10-20T09:30:00", "changed": "I moved teams", "seen": "agree",
        "commitments": [{"id": "k1", "progress": "done", "note": "done it"}],
    } | fields  # fmt: skip
    return json.dumps({"reply": "Hello Ada,\n\n" + encode(payload, token) + "\n"}).encode()


def test_a_whole_reply_is_kept_and_the_person_told_it_was_sent(org, desk):
    assert reply_posted(desk, "carol", _posted(org), TODAY) == (200, "Sent.")
    assert [r.reply_id for r in org.store("alice").load(Reply, "c01")] == ["r-page"]
    assert reply_posted(desk, "carol", _posted(org), TODAY) == (
        409,
        "This reply was sent already: it reached your manager.",
    )
    assert _counts(org) == (1, 1)


REFUSED = {
    "naming their manager": ({"person": "ada"}, 403, OTHERS_REPLY),
    "naming another report": ({"person": "b01"}, 403, OTHERS_REPLY),
    "a NUL inside what changed": ({"changed": "a\x00b"}, 400, NUL_REFUSED),
    "a NUL inside a note": (
        {"commitments": [{"id": "k1", "progress": "done", "note": "x\x00y"}]},
        400,
        NUL_REFUSED,
    ),
    "written by a clock years ahead": (
        {"written": "2099-01-01T09:00:00"},
        409,
        "Your computer's clock says it is 2099-01-01",
    ),
    "to a version they were not sent": ({"version": 2}, 409, "no longer the one you were sent last"),
    "about a commitment of the draft": (
        {"commitments": [{"id": "k3", "progress": "done"}]},
        409,
        "Reload the page",
    ),
    "a progress on their manager's commitment": (
        {"commitments": [{"id": "k2", "progress": "done"}]},
        409,
        "Reload",
    ),
}


@pytest.mark.parametrize(("change", "status", "said"), list(REFUSED.values()), ids=list(REFUSED))
def test_a_reply_the_page_refuses_writes_nothing_and_speaks_to_the_person(org, desk, change, status, said):
    answered, message = reply_posted(desk, "carol", _posted(org, **change), TODAY)
    assert (answered, said in message) == (status, True), message
    for words_for_the_manager in ("Ask the person", "Ask them", "your team", "Carol Diaz"):
        assert words_for_the_manager not in message
    assert _counts(org) == (0, 0)


@pytest.mark.parametrize("body", [b"not json", b'{"reply": null}', b"\xff\xfe", b'{"other": "x"}'])
def test_a_body_that_is_no_reply_from_the_page_is_a_400(org, desk, body):
    assert reply_posted(desk, "carol", body, TODAY)[0] == 400
    assert _counts(org) == (0, 0)


def test_a_mailed_reply_the_database_refuses_leaves_no_update_behind(org):
    """Its update is kept first, then the reply row is refused (PostgreSQL keeps no U+0000): the
    update goes again, so "Nothing was changed" is true."""
    text = json.loads(_posted(org, changed="a\x00b"))["reply"]
    with pytest.raises(CareernbError, match="U\\+0000"):
        take_in(org.store("alice"), text, TODAY)
    assert _counts(org) == (0, 0)


def _sent_from_the_page(org, desk) -> str:
    assert reply_posted(desk, "carol", _posted(org), TODAY) == (200, "Sent.")
    return "r-page"


CHANGES = {
    "its words": (Reply, lambda rows: [dataclasses.replace(r, changed="Ada really listened") for r in rows]),
    "its answer": (Reply, lambda rows: [dataclasses.replace(r, seen=Agreement.STRONGLY_AGREE) for r in rows]),
    "the reply removed": (Reply, lambda rows: []),
    "an update's note": (ReplyUpdate, lambda rows: [dataclasses.replace(u, note="all fine") for u in rows]),
    "an update removed": (ReplyUpdate, lambda rows: []),
}


@pytest.mark.parametrize(("record_type", "change"), list(CHANGES.values()), ids=list(CHANGES))
def test_a_reply_sent_from_the_page_is_kept_as_sent_whatever_its_manager_writes(
    org, desk, record_type, change
):
    """As alice's own login, through her own store: refused in words, nothing changed; what the
    page shows carol is what she sent."""
    _sent_from_the_page(org, desk)
    alice = org.store("alice")
    before = (alice.load(Reply, "c01"), alice.load(ReplyUpdate, "c01"))
    with pytest.raises(DatabaseError, match="was sent from their own page, and is kept as they sent it"):
        alice.update(record_type, "c01", change)
    assert (alice.load(Reply, "c01"), alice.load(ReplyUpdate, "c01")) == before
    assert [r.changed for r in desk.read("carol").load(Reply, "c01")] == ["I moved teams"]


def test_its_manager_still_accepts_or_sets_aside_each_update(org, desk):
    reply_id = _sent_from_the_page(org, desk)
    alice = org.store("alice")
    decide(alice, "c01", reply_id, "k1", Decision.ACCEPTED, TODAY)
    assert [u.decision for u in alice.load(ReplyUpdate, "c01")] == [Decision.ACCEPTED]


@pytest.mark.parametrize(
    "statement",
    [
        f"SELECT * FROM {SCHEMA}.sent_replies",
        f"DELETE FROM {SCHEMA}.sent_replies",
        f"INSERT INTO {SCHEMA}.sent_replies VALUES ('c01', 'r-forged', 'x')",
        f"SELECT {SCHEMA}.reply_as_sent('alice', 'c01', 'r-page')",
        f"SET CONSTRAINTS {SCHEMA}.replies_kept_as_sent DEFERRED",
    ],
)
def test_no_manager_reaches_the_digests_or_the_check(org, desk, statement):
    _sent_from_the_page(org, desk)
    try:
        run_sql(org.url("alice"), statement)
    except sa.exc.DBAPIError as exc:
        assert "permission denied" in str(exc) or "does not exist" in str(exc)
    else:  # SET CONSTRAINTS is every session's to say; it only moves the check to the commit
        assert statement.startswith("SET CONSTRAINTS")
    assert run_sql(org.admin, f"SELECT count(*) FROM {SCHEMA}.sent_replies") == [(1,)]


def test_forgetting_the_person_and_moving_them_to_another_manager_still_work(org, desk):
    _sent_from_the_page(org, desk)
    assert admin.move(org.admin, "c01", "bob")
    assert [r.changed for r in org.store("bob").load(Reply, "c01")] == ["I moved teams"]
    admin.forget(org.admin, "c01")
    assert run_sql(org.admin, f"SELECT count(*) FROM {SCHEMA}.sent_replies") == [(0,)]
