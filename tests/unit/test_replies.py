"""Taking in a reply: only one this store sent, unedited, once, never older than the last; nothing
in the manager's record changes until the manager accepts an update."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest

from careernb.demo import seed_demo
from careernb.domain.contract import Commitment, Contract, Party, Status, latest_agreed
from careernb.domain.replies import Decision, Progress, Reply, ReplyUpdate
from careernb.domain.reply_block import ReplyError, encode
from careernb.errors import NotRecordedError
from careernb.follow_through import replies
from careernb.home import TABLES
from careernb.store import CsvStore

TODAY = dt.date(2026, 11, 26)
PERSON = "034"  # Sofia: commitments of hers still open


@pytest.fixture
def demo(tmp_path: Path) -> CsvStore:
    store = CsvStore(tmp_path / "demo", TABLES)
    seed_demo(store, TODAY)
    for kind in (Reply, ReplyUpdate):  # the demo's own replies of hers: these tests send theirs
        store.update(kind, PERSON, lambda _rows: [])
    return store


def agreed(store: CsvStore) -> tuple[Contract, list[Commitment]]:
    contract = latest_agreed(store.load(Contract, PERSON))
    rows = [c for c in store.load(Commitment, PERSON) if c.version == contract.version]
    return contract, [c for c in rows if c.status.carries_over]


def a_reply(store: CsvStore, *, written="2026-11-27T09:30:00", reply="r1", token=None, **over) -> str:
    contract, going = agreed(store)
    theirs = next(c for c in going if c.party is Party.PERSON)
    fields = {
        "careernb": "reply/1",
        "person": PERSON,
        "version": contract.version,
        "reply": reply,
        "written": written,
        "changed": 'Still keen on the platform team; "NA" stays NA.\n\u2028ok',
        "seen": "agree",
        "future": "disagree",
        "moving": "rather not say",
        "commitments": [{"id": theirs.commitment_id, "progress": "done", "note": "Talk given 😊"}],
    }
    token = token or replies.token_for(store, PERSON, contract.version, TODAY)
    return encode(fields | over, token)


def files_of(store: CsvStore) -> dict[str, str]:
    return {
        str(p.relative_to(store.home)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(store.home.rglob("*.csv"))
    }


def assert_refused(store: CsvStore, text: str, says: str) -> None:
    """Refused with ``says`` in its message, and not a byte of the store changed."""
    before = files_of(store)
    with pytest.raises(ReplyError, match=says):
        replies.take_in(store, text, TODAY)
    assert files_of(store) == before


def test_a_sent_version_has_one_token_made_once(demo):
    contract, _ = agreed(demo)
    first = replies.token_for(demo, PERSON, contract.version, TODAY)
    assert replies.token_for(demo, PERSON, contract.version, TODAY + dt.timedelta(days=3)) == first
    assert len(first) >= 22  # 128 random bits
    assert replies.token_for(demo, "019", contract.version, TODAY) != first


def test_a_reply_is_kept_as_written_and_changes_nothing_of_the_managers(demo):
    before = demo.load(Commitment, PERSON)
    taken = replies.take_in(demo, a_reply(demo), TODAY)
    assert taken.person.person_id == PERSON
    (kept,) = demo.load(Reply, PERSON)
    assert kept.changed == 'Still keen on the platform team; "NA" stays NA.\n\u2028ok'
    assert kept.written == dt.datetime(2026, 11, 27, 9, 30)
    assert [(u.note, u.decision) for u in demo.load(ReplyUpdate, PERSON)] == [
        ("Talk given 😊", Decision.PENDING)
    ]
    assert demo.load(Commitment, PERSON) == before


def refusals():
    yield "a person not in the team", {"person": "999"}, "not in your team"
    yield "a version never sent", {"version": 99}, "never sent from this store"


@pytest.mark.parametrize(
    ("over", "says"), [(o, s) for _, o, s in refusals()], ids=[n for n, _, _ in refusals()]
)
def test_a_reply_this_store_did_not_send_is_refused_and_nothing_is_written(demo, over, says):
    text = a_reply(demo, **over)
    assert_refused(demo, text, says)


def test_a_reply_signed_with_another_persons_token_is_refused(demo):
    contract, _ = agreed(demo)
    replies.token_for(demo, PERSON, contract.version, TODAY)
    other = replies.token_for(demo, "019", contract.version, TODAY)
    text = a_reply(demo, token=other)
    assert_refused(demo, text, "damaged or was edited")


def test_an_edited_reply_is_refused(demo):
    text = a_reply(demo)
    lines = text.split("\n")
    lines[2] = lines[2][:-1] + ("A" if lines[2][-1] != "A" else "B")
    assert_refused(demo, "\n".join(lines), "damaged|does not decode")  # however the edit reads


def test_a_reply_taken_in_twice_is_refused_the_second_time(demo):
    text = a_reply(demo)
    replies.take_in(demo, text, TODAY)
    assert_refused(demo, text, "already taken in on")


def test_an_older_reply_after_a_newer_one_is_refused(demo):
    replies.take_in(demo, a_reply(demo, reply="r2", written="2026-11-27T10:00:00"), TODAY)
    assert_refused(
        demo, a_reply(demo, reply="r1", written="2026-11-26T09:30:00"), "older than the one they wrote"
    )


def test_accepting_done_marks_the_commitment_done_on_the_day_they_wrote_it(demo):
    taken = replies.take_in(demo, a_reply(demo), TODAY)
    (update,) = taken.updates
    ((waiting, commitment),) = replies.pending(demo, PERSON)
    assert waiting == update and commitment.status is not Status.DONE
    replies.decide(demo, PERSON, update.reply_id, update.commitment_id, Decision.ACCEPTED, TODAY)
    contract, _ = agreed(demo)
    done = next(
        c
        for c in demo.load(Commitment, PERSON)
        if c.commitment_id == update.commitment_id and c.version == contract.version
    )
    assert (done.status, done.done_on) == (Status.DONE, dt.date(2026, 11, 27))
    assert replies.pending(demo, PERSON) == []


def test_setting_an_update_aside_changes_no_commitment(demo):
    taken = replies.take_in(demo, a_reply(demo), TODAY)
    before = demo.load(Commitment, PERSON)
    (update,) = taken.updates
    decided = replies.decide(demo, PERSON, update.reply_id, update.commitment_id, Decision.SET_ASIDE, TODAY)
    assert (decided.decision, decided.decided) == (Decision.SET_ASIDE, TODAY)
    assert demo.load(Commitment, PERSON) == before


def test_accepting_an_update_that_is_not_done_only_records_the_decision(demo):
    _, going = agreed(demo)
    theirs = next(c for c in going if c.party is Party.PERSON)
    text = a_reply(demo, commitments=[{"id": theirs.commitment_id, "progress": "stuck", "note": "blocked"}])
    (update,) = replies.take_in(demo, text, TODAY).updates
    assert update.progress is Progress.STUCK
    before = demo.load(Commitment, PERSON)
    replies.decide(demo, PERSON, update.reply_id, update.commitment_id, Decision.ACCEPTED, TODAY)
    assert demo.load(Commitment, PERSON) == before


def test_deciding_an_update_that_does_not_exist_says_so(demo):
    with pytest.raises(NotRecordedError, match="no update about commitment 'nope'"):
        replies.decide(demo, PERSON, "r1", "nope", Decision.ACCEPTED, TODAY)


def test_a_reply_to_an_earlier_version_written_before_a_later_reply_is_refused(demo):
    contract, _ = agreed(demo)
    replies.take_in(demo, a_reply(demo, reply="r2", written="2026-11-27T10:00:00"), TODAY)
    earlier = contract.version - 1
    token = replies.token_for(demo, PERSON, earlier, TODAY)
    old = a_reply(
        demo, reply="r1", written="2026-11-20T10:00:00", version=earlier, commitments=[], token=token
    )
    assert_refused(demo, old, "older than the one they wrote on Fri 27 November 2026")


def test_an_update_already_decided_keeps_its_decision_if_its_reply_comes_again_half_kept(demo):
    text = a_reply(demo)
    (update,) = replies.take_in(demo, text, TODAY).updates
    replies.decide(demo, PERSON, update.reply_id, update.commitment_id, Decision.SET_ASIDE, TODAY)
    demo.update(Reply, PERSON, lambda rows: [])  # as if the reply row had been lost after its updates
    replies.take_in(demo, text, TODAY)
    (kept,) = demo.load(ReplyUpdate, PERSON)
    assert kept.decision is Decision.SET_ASIDE


def test_updates_whose_reply_was_never_kept_do_not_wait(demo):
    text = a_reply(demo)
    replies.take_in(demo, text, TODAY)
    demo.update(Reply, PERSON, lambda rows: [])
    assert replies.pending(demo, PERSON) == []
    assert [w.person.person_id for w in replies.waiting(demo)] == ["046", "040"]  # the demo's own


def test_what_waits_is_the_oldest_reply_first_the_managers_commitments_first(demo):
    _, going = agreed(demo)
    mine = next(c for c in going if c.party is Party.MANAGER)
    theirs = next(c for c in going if c.party is Party.PERSON)
    items = [
        {"id": theirs.commitment_id, "progress": "on its way"},
        {"id": mine.commitment_id, "happened": "yes"},
    ]
    replies.take_in(demo, a_reply(demo, commitments=items), TODAY)
    found = replies.waiting(demo)
    assert [w.person.person_id for w in found] == ["046", "040", PERSON]
    assert [u.commitment_id for u, _ in found[-1].updates] == [mine.commitment_id, theirs.commitment_id]
    assert [c.action for _, c in found[-1].updates] == [mine.action, theirs.action]


def test_a_reply_dated_after_tomorrow_is_refused_as_a_wrong_clock(demo):
    assert_refused(demo, a_reply(demo, written="2099-01-01T09:00:00"), "written on 2099-01-01, after today")
    replies.take_in(demo, a_reply(demo, written="2026-11-27T23:59:00"), TODAY)  # tomorrow: a time zone


def _commitment(demo, party: Party, *, other_version: bool = False) -> Commitment:
    contract, going = agreed(demo)
    if other_version:
        return next(c for c in demo.load(Commitment, PERSON) if c.version != contract.version)
    return next(c for c in going if c.party is party)


@pytest.mark.parametrize(
    ("answer", "says"),
    [
        (
            lambda d: {"id": _commitment(d, Party.PERSON, other_version=True).commitment_id, "note": "x"},
            "does not ask them about.",
        ),
        (lambda d: {"id": "k-never-made", "progress": "done"}, "does not ask them about."),
        (lambda d: {"id": _commitment(d, Party.MANAGER).commitment_id, "progress": "done"}, "that way."),
        (lambda d: {"id": _commitment(d, Party.PERSON).commitment_id, "happened": "yes"}, "that way."),
    ],
    ids=["of another version", "never made", "progress on the manager's", "happened on theirs"],
)
def test_a_mailed_reply_answers_only_what_its_version_asked_as_the_page_does(demo, answer, says):
    assert_refused(demo, a_reply(demo, commitments=[answer(demo)]), says)


def test_a_reply_to_a_version_written_after_a_newer_one_was_sent_to_them_is_refused(demo):
    contract, _ = agreed(demo)
    assert contract.sent is not None
    earlier = contract.version - 1
    token = replies.token_for(demo, PERSON, earlier, TODAY)
    after = (contract.sent + dt.timedelta(days=1)).isoformat() + "T09:00:00"
    stale = a_reply(demo, reply="r-stale", written=after, version=earlier, commitments=[], token=token)
    assert_refused(demo, stale, f"but version {contract.version} had been sent to them")
    before = (contract.sent - dt.timedelta(days=1)).isoformat() + "T09:00:00"
    late = a_reply(demo, reply="r-late", written=before, version=earlier, commitments=[], token=token)
    replies.take_in(demo, late, TODAY)  # written while it was the contract they had: theirs, if late
