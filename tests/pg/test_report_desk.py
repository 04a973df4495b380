"""The report's page's role, tested as the real ``careernb_reply`` login (never the owner).

carol (c01, alice's report) has a contract sent as version 1, a draft version 2 not sent, private
notes, an answer alice kept to herself and a shared answer to a trust-gated question; noor (b01)
is bob's. Through the page's role, each sees their own contract received and their own replies
only, nothing private, and writes only a reply to the contract they received.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
import sqlalchemy as sa

from careernb.documents import contract as contract_doc
from careernb.domain.aspirations import Aspiration
from careernb.domain.contract import Commitment, Contract, Party, ReviewPoint
from careernb.domain.conversations import Answer, Conversation, ConversationKind
from careernb.domain.people import Person
from careernb.domain.replies import Agreement, Happened, Progress, Reply, ReplyToken, ReplyUpdate
from careernb.follow_through.replies import pending
from careernb.home import TABLES
from careernb.organisation import admin, logins
from careernb.organisation.report_desk import ReportDesk, ReportPageError, refusals
from careernb.store import table_of
from careernb.store.sql_schema import MANAGERS_TABLE, REPORTS_TABLE, SCHEMA
from tests.pg.test_security import _sql

AGREED = dt.date(2026, 10, 1)
SENT = dt.date(2026, 10, 2)
PRIVATE = "PRIVATE-MARK"
DRAFT = "DRAFT-MARK"


def _contract(store, pid: str, words: str) -> None:
    store.save(
        Conversation(f"gap-{pid}", pid, ConversationKind.GAP, held=AGREED, note=PRIVATE, trigger=PRIVATE)
    )
    store.save(
        Answer(pid, f"gap-{pid}", "gap.first-step", f"{words} shared", underneath=PRIVATE, share=True),
        Answer(pid, f"gap-{pid}", "gap.support", f"{PRIVATE} unshared"),
        Answer(pid, f"gap-{pid}", "honest.leave", f"{PRIVATE} gated", share=True),
    )
    store.save(
        Aspiration(
            f"a-{pid}", pid, AGREED, three_year=f"{words} in three years", conversation_id=f"gap-{pid}"
        )
    )
    store.save(
        Contract(pid, 1, agreed=AGREED, sent=SENT, open_question=f"{words} question", override_reason=PRIVATE,
                 conversation_id=f"gap-{pid}"),
        Contract(pid, 2, open_question=DRAFT),
    )  # fmt: skip
    store.save(
        Commitment(pid, 1, "k1", Party.PERSON, f"{words} learns", SENT + dt.timedelta(days=30), note=PRIVATE),
        Commitment(pid, 1, "k2", Party.MANAGER, f"{words} advocates", SENT + dt.timedelta(days=20)),
        Commitment(pid, 2, "k3", Party.PERSON, DRAFT),
    )
    store.save(ReviewPoint(pid, 1, "r1", "2026-11", f"{words} review"))
    contract_doc.document(store, pid, 1, reply_on=SENT)  # sends it: the version's token is made


@pytest.fixture
def org(pg_org):
    return two_reports(pg_org)


def two_reports(pg_org):
    """carol, alice's report, and noor, bob's: each with a contract sent as version 1."""
    pg_org.add_manager("alice", "ada", "Ada Okafor")
    pg_org.add_manager("bob", "bram", "Bram Visser")
    pg_org.add_person(Person("c01", "Carol Diaz", "ada", "Engineer", email="carol@example.org"), "alice")
    pg_org.add_person(Person("b01", "Noor Haddad", "bram", "Designer"), "bob")
    alice, bob = pg_org.store("alice"), pg_org.store("bob")
    _contract(alice, "c01", "carol's")
    _contract(bob, "b01", "noor's")
    logins.add_report(pg_org.admin, "carol", "c01")
    logins.add_report(pg_org.admin, "noor@example.org", "b01")
    return pg_org


@pytest.fixture
def desk(org):
    made = ReportDesk(org.url("careernb_reply"))
    yield made
    made.close()


def _everything(received) -> str:
    """Every record the page read, as text."""
    pid = received.person_id
    return repr([received.load(t, pid) if table_of(t).per_person else received.load(t) for t in TABLES])


def test_the_page_reads_the_contract_the_person_received_and_nothing_private(desk):
    received = desk.read("carol")
    assert received.person_id == "c01"
    assert [(p.person_id, p.name, p.email) for p in received.load(Person)] == [
        ("c01", "Carol Diaz", "carol@example.org"),
        ("ada", "Ada Okafor", ""),
    ]
    assert [(c.version, c.open_question) for c in received.load(Contract, "c01")] == [(1, "carol's question")]
    assert {c.action for c in received.load(Commitment, "c01")} == {"carol's learns", "carol's advocates"}
    assert [a.answer for a in received.load(Answer, "c01")] == ["carol's shared"]
    assert [t.version for t in received.load(ReplyToken, "c01")] == [1]
    text = _everything(received)
    for hidden in (PRIVATE, DRAFT, "noor", "Noor", "bram"):
        assert hidden not in text


def test_the_contract_renders_with_its_reply_from_what_the_page_read(desk):
    received = desk.read("carol")
    html = contract_doc.html_of(contract_doc.document(received, "c01", 1))
    assert "carol&#39;s learns" in html and "careernb-reply" in html
    assert PRIVATE not in html and DRAFT not in html


@pytest.mark.parametrize(
    ("login", "person", "not_seen"),
    [("carol", "c01", "noor's"), ("noor@example.org", "b01", "carol's")],
)
def test_each_login_sees_their_own_contract_alone(desk, login, person, not_seen):
    received = desk.read(login)
    assert received.person_id == person
    assert not_seen not in _everything(received)


@pytest.mark.parametrize("login", ["dave", "Carol", "carol ", "", "ada", "alice"])
def test_a_login_that_is_no_report_is_refused_with_how_to_fix(desk, login):
    with pytest.raises(ReportPageError, match="careernb org add-report") as refused:
        desk.read(login)
    assert refused.value.refused


ALL_TABLES = [*(table_of(t).name for t in TABLES), MANAGERS_TABLE, REPORTS_TABLE, "alembic_version"]


STATEMENTS = ["SELECT * FROM {t}", "EXPLAIN SELECT * FROM {t}", "LOCK TABLE {t} IN ACCESS SHARE MODE",
              "DELETE FROM {t}", "INSERT INTO {t} DEFAULT VALUES"]  # fmt: skip


def test_the_page_role_holds_no_privilege_on_any_table(org):
    allowed = []
    engine = sa.create_engine(org.url("careernb_reply"))
    try:
        with engine.connect() as conn:
            for table in ALL_TABLES:
                for statement in STATEMENTS:
                    sql = statement.format(t=f"{SCHEMA}.{table}")
                    try:
                        with conn.begin():
                            conn.execute(sa.text(sql))
                        allowed.append(sql)
                    except sa.exc.ProgrammingError as exc:
                        assert "permission denied" in str(exc), sql
    finally:
        engine.dispose()
    assert allowed == []


@pytest.mark.parametrize(
    ("role", "call"),
    [
        ("careernb_reply", "SELECT * FROM careernb.report_of('carol')"),
        ("careernb_reply", "SELECT careernb.report_received('alice', 'c01')"),
        ("alice", "SELECT * FROM careernb.report_read('carol')"),
        ("careernb_batch", "SELECT * FROM careernb.report_read('carol')"),
        ("alice", "SELECT careernb.report_write('carol', '{}', '[]')"),
    ],
)
def test_only_the_page_calls_its_functions_and_nobody_the_inner_ones(org, role, call):
    with pytest.raises(sa.exc.ProgrammingError, match="permission denied"):
        _sql(org.url(role), call)


def _reply(reply_id: str = "r-one", version: int = 1, written: str = "2026-10-20T09:30:00", **fields):
    reply = Reply("c01", reply_id, version, dt.datetime.fromisoformat(written), SENT, changed="I moved teams",
                  seen=Agreement.AGREE, future=Agreement.RATHER_NOT_SAY)  # fmt: skip
    updates = [
        ReplyUpdate("c01", reply_id, "k1", progress=Progress.DONE, note="done it 🚀"),
        ReplyUpdate("c01", reply_id, "k2", happened=Happened.NOT_YET),
    ]
    for name, value in fields.items():
        if name.startswith("update_"):
            updates = [ReplyUpdate(**{**_fields(u), name.removeprefix("update_"): value}) for u in updates]
        else:
            reply = Reply(**{**_fields(reply), name: value})
    return reply, updates


def _fields(record) -> dict:
    return {c.name: getattr(record, c.name) for c in table_of(record).columns}


def _counts(org) -> tuple[int, int]:
    rows = _sql(
        org.admin,
        f"SELECT (SELECT count(*) FROM {SCHEMA}.replies), (SELECT count(*) FROM {SCHEMA}.reply_updates)",
    )
    return tuple(rows[0])


def test_a_reply_lands_as_the_managers_row_and_waits_for_them(org, desk):
    reply, updates = _reply()
    desk.reply("carol", reply, updates)
    alice = org.store("alice")
    kept = alice.load(Reply, "c01")
    assert [(r.reply_id, r.changed, r.seen, r.future, r.received) for r in kept] == [
        ("r-one", "I moved teams", Agreement.AGREE, Agreement.RATHER_NOT_SAY, dt.date.today())
    ]
    assert [(u.commitment_id, u.note) for u, _ in pending(alice, "c01")] == [("k1", "done it 🚀"), ("k2", "")]
    written_by = _sql(org.admin, f"SELECT written_by FROM {SCHEMA}.replies")
    assert written_by == [("alice",)]
    assert [r.reply_id for r in desk.read("carol").load(Reply, "c01")] == ["r-one"]
    assert desk.read("noor@example.org").load(Reply, "b01") == []


REFUSED = [
    ("about someone else", "noor@example.org", {}, "written by the person signed in"),
    ("for the manager", "carol", {"person_id": "ada"}, "written by the person signed in"),
    ("to the draft not sent", "carol", {"version": 2}, "received last, version 1"),
    ("to a version never made", "carol", {"version": 9}, "received last, version 1"),
    ("on a scale that is not ours", "carol", {"seen": "very much"}, "not whole"),
    ("about a commitment of the draft", "carol", {"update_commitment_id": "k3"}, "not in your contract"),
    ("with a progress that is not ours", "carol", {"update_progress": "half"}, "not in your contract"),
]


@pytest.mark.parametrize(("case", "login", "change", "message"), REFUSED, ids=[r[0] for r in REFUSED])
def test_a_reply_the_database_refuses_writes_nothing(org, desk, case, login, change, message):
    reply, updates = _reply(
        **{k: v for k, v in change.items() if k in ("version",) or k.startswith("update_")}
    )
    raw = {**_fields(reply), **{k: v for k, v in change.items() if k in ("person_id", "seen")}}
    desk_reply = _raw_reply(desk, login, raw, updates)
    with pytest.raises(ReportPageError, match=message):
        desk_reply()
    assert _counts(org) == (0, 0)


def _raw_reply(desk, login, raw, updates):
    """The reply as the database gets it, fields unchecked by Python."""
    from careernb.organisation.report_desk import _jsonb

    def send():
        cells = {k: (v.value if hasattr(v, "value") else v) for k, v in raw.items()}
        cells["written"] = raw["written"].isoformat()
        cells["received"] = raw["received"].isoformat()
        query = sa.text(f"SELECT {SCHEMA}.report_write(:l, CAST(:r AS jsonb), CAST(:u AS jsonb))")
        updates_json = "[" + ", ".join(_jsonb(table_of(ReplyUpdate), u) for u in updates) + "]"
        with refusals(), desk.engine.begin() as conn:
            conn.execute(query, {"l": login, "r": json.dumps(cells), "u": updates_json})

    return send


def test_a_reply_sent_again_or_older_than_one_sent_is_refused(org, desk):
    desk.reply("carol", *_reply())
    with pytest.raises(ReportPageError, match="sent already"):
        desk.reply("carol", *_reply())
    with pytest.raises(ReportPageError, match="newer reply"):
        desk.reply("carol", *_reply("r-older", written="2026-10-19T09:30:00"))
    assert _counts(org) == (1, 2)
    desk.reply("carol", *_reply("r-newer", written="2026-10-21T09:30:00"))
    assert _counts(org) == (2, 4)


def test_the_page_shows_the_contract_its_reply_posting_to_the_page_and_the_replies_sent(desk):
    from careernb.documents.report_page import Post, page

    post = Post("/services/careernb-report/reply", "the-xsrf-token", "/hub/logout")
    before = page(desk.read("carol"), "c01", post=post)
    assert "carol&#39;s learns" in before and "None yet" in before
    assert '"post": "/services/careernb-report/reply"' in before and "the-xsrf-token" in before
    assert PRIVATE not in before and DRAFT not in before and "noor" not in before
    desk.reply("carol", *_reply())
    after = page(desk.read("carol"), "c01", post=post, notice="Your reply reached Ada.")
    assert "I moved teams" in after and "done it 🚀" in after and "waiting for Ada" in after
    assert 'role="status">Your reply reached Ada.' in after


def test_a_forgotten_person_can_no_longer_sign_in_to_the_page(org, desk):
    desk.reply("carol", *_reply())
    admin.forget(org.admin, "c01")
    with pytest.raises(ReportPageError, match="not a report careernb knows"):
        desk.read("carol")
    assert _counts(org) == (0, 0)
    assert _sql(org.admin, f"SELECT count(*) FROM {SCHEMA}.{REPORTS_TABLE}") == [(1,)]  # noor's stays
