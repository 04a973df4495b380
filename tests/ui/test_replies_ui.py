"""The Replies page: a reply pasted or chosen as a file is taken in, a refusal says why and writes
nothing, and each update waits beside the manager's record until it is accepted or set aside."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest

from careernb.domain.contract import Commitment, Status
from careernb.domain.replies import Decision, Reply, ReplyUpdate
from careernb.views.kit.markup import esc
from careernb.views.pages.replies.view import RepliesPanel
from tests.cli_runs import a_reply
from tests.conftest import TODAY

SOFIA, MEI = "034", "019"
HOSTILE = '<img src=x onerror=alert(1)> & "quoted"\nsecond line 👩‍💻'


def files_of(store) -> dict[str, str]:
    return {
        str(p.relative_to(store.home)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(store.home.rglob("*.csv"))
    }


def decision_of(store, update: ReplyUpdate) -> tuple[Decision, dt.date | None]:
    key = (update.reply_id, update.commitment_id)
    (kept,) = [u for u in store.load(ReplyUpdate, update.person_id) if (u.reply_id, u.commitment_id) == key]
    return kept.decision, kept.decided


@pytest.fixture
def panel(demo) -> RepliesPanel:
    return RepliesPanel(demo, TODAY)


def mei_reply(store, **fields) -> str:
    return a_reply(store, MEI, "2026-11-25T08:30:00", reply_id="r-mei", **fields)


def test_what_waits_is_shown_oldest_first_in_their_words(panel):
    assert [c.children[0].value.split("</b>")[0].split("<b>")[-1] for c in panel.cards] == [
        "Elif Yılmaz",
        "Kwame Mensah",
        "Sofia Rossi",
    ]
    sofia = panel.card(SOFIA)
    assert (
        "The guild asked me to run a workshop on keyboard navigation in January." in sofia.children[0].value
    )
    assert "I can see a future for me in this organisation. <b>agree</b>" in sofia.children[0].value
    mine, theirs = sofia.rows
    assert (
        "Did you do this? yes" in mine.text.value
        and "Give specific feedback on your guild talk" in mine.text.value
    )
    assert "Your record of their commitment" in theirs.text.value


def test_a_pasted_reply_is_taken_in_and_its_updates_wait(panel, demo):
    going = [c for c in demo.load(Commitment, MEI) if c.version == 4 and c.status.carries_over]
    panel.paste.value = mei_reply(
        demo,
        changed=HOSTILE,
        commitments=[{"id": going[0].commitment_id, "happened": "partly", "note": HOSTILE}],
    )
    panel.take_button.click()
    assert (
        "Took in Mei Lin's reply to version 4, written Wed 25 November 2026. 1 update waits"
        in panel.result.value
    )
    assert panel.paste.value == ""
    (kept,) = [r for r in demo.load(Reply, MEI) if r.reply_id == "r-mei"]
    assert kept.changed == HOSTILE
    card = panel.card(MEI)
    assert esc(HOSTILE) in card.children[0].value and "<img" not in card.children[0].value
    assert esc(HOSTILE) in card.rows[0].text.value


def test_a_reply_chosen_as_a_file_is_taken_in(panel, demo):
    data = mei_reply(demo).replace("\n", "\r\n").encode("utf-8")
    panel.upload.value = (
        {"name": "reply.eml", "type": "message/rfc822", "size": len(data), "content": memoryview(data),
         "last_modified": dt.datetime(2026, 11, 25, tzinfo=dt.UTC)},
    )  # fmt: skip
    assert "Took in Mei Lin's reply" in panel.result.value
    assert panel.upload.value == ()  # ready for the next file
    assert [r.reply_id for r in demo.load(Reply, MEI)][-1] == "r-mei"


REFUSED = {
    "no block": (lambda store: "Thanks Ada, all good!", "holds no careernb reply"),
    "edited": (lambda store: mei_reply(store).replace("-----END", "=-----END"), "damaged or was edited"),
    "nothing pasted": (lambda store: "   ", "Paste the reply's whole text first"),
}


@pytest.mark.parametrize(("make", "says"), REFUSED.values(), ids=REFUSED.keys())
def test_a_refusal_says_why_and_nothing_is_written(panel, demo, make, says):
    text = make(demo)
    before = files_of(demo)
    panel.paste.value = text
    panel.take_button.click()
    assert "Not taken in; nothing was written." in panel.result.value and esc(says) in panel.result.value
    assert panel.paste.value == text  # kept, to look at
    assert files_of(demo) == before
    assert panel.errors.value == ""


def test_a_file_too_large_to_be_a_reply_is_not_read(panel, demo):
    before = files_of(demo)
    big = b"x" * 5_000_001
    panel.upload.value = (
        {
            "name": "video.mp4",
            "type": "video/mp4",
            "size": len(big),
            "content": memoryview(big),
            "last_modified": dt.datetime(2026, 11, 25, tzinfo=dt.UTC),
        },
    )
    assert "far too large to be a reply" in panel.result.value
    assert files_of(demo) == before


def test_accepting_done_marks_your_record_done_as_of_the_day_they_wrote(panel, demo):
    mine, _theirs = panel.card(SOFIA).rows
    commitment_id = mine.update.commitment_id
    assert "Accepting marks it done, as of Mon 9 November 2026." in mine.text.value
    mine.accept.click()
    assert "Accepted: marked done." in mine.decided.value
    assert mine.accept.layout.display == "none"
    (done,) = [c for c in demo.load(Commitment, SOFIA) if c.commitment_id == commitment_id and c.version == 4]
    assert (done.status, done.done_on) == (Status.DONE, dt.date(2026, 11, 9))
    assert decision_of(demo, mine.update) == (Decision.ACCEPTED, TODAY)


def test_setting_aside_changes_nothing_of_your_record(panel, demo):
    before = demo.load(Commitment, SOFIA)
    mine, _ = panel.card(SOFIA).rows
    mine.set_aside.click()
    assert "Set aside." in mine.decided.value
    assert demo.load(Commitment, SOFIA) == before
    assert decision_of(demo, mine.update) == (Decision.SET_ASIDE, TODAY)


def test_once_everything_is_decided_nothing_waits(panel):
    for card in panel.cards:
        for row in card.rows:
            row.set_aside.click()
    panel.refresh_button.click()
    assert panel.cards == []
    assert "Nothing waits" in panel.waiting_box.children[0].value
