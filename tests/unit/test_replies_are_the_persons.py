"""What the person wrote back belongs to them: in their copy, gone when they are forgotten,
passed on with a handover, kept exactly whatever they typed, and never private to the manager."""

from __future__ import annotations

import csv
import dataclasses

import pytest

from careernb import open_store
from careernb.documents.person_copy import export_person
from careernb.domain.people import Person
from careernb.domain.replies import Decision, Reply, ReplyToken, ReplyUpdate
from careernb.follow_through import replies
from careernb.home import REPLY_TABLES
from careernb.ownership import forget
from careernb.ownership.handover import import_pack, what_leaves, write_pack
from careernb.store import Privacy, table_of
from tests.cli_runs import a_reply
from tests.conftest import TODAY

MEI, SOFIA = "019", "034"
HOSTILE = [
    "",
    "NA",
    "None",
    "=1+1",
    "\tlead",
    "a\r\nb",
    "\rcr",
    "line\u2028sep",
    '"quoted", comma',
    "👩‍💻 עברית",
    "\x00nul",
    "x" * 5000,
]


@pytest.mark.parametrize("record_type", REPLY_TABLES, ids=lambda t: table_of(t).name)
def test_no_column_of_a_reply_is_private_to_the_manager(record_type):
    assert [c.name for c in table_of(record_type).columns if c.privacy is Privacy.PRIVATE] == []


@pytest.mark.parametrize("text", HOSTILE, ids=lambda t: repr(t[:12]))
def test_whatever_they_typed_is_kept_exactly_through_the_store(demo, text):
    kept = replies.take_in(
        demo,
        a_reply(
            demo,
            SOFIA,
            "2026-11-25T08:30:00",
            changed=text,
            commitments=[{"id": "k0029", "progress": "done", "note": text}],
        ),
        TODAY,
    )
    fresh = open_store(demo.home)
    (reply,) = [r for r in fresh.load(Reply, SOFIA) if r.reply_id == kept.reply.reply_id]
    (update,) = [u for u in fresh.load(ReplyUpdate, SOFIA) if u.reply_id == kept.reply.reply_id]
    assert (reply.changed, update.note) == (text, text)
    fresh.check()


def test_their_copy_holds_their_replies_and_what_became_of_each_update(demo, tmp_path):
    out = tmp_path / "copy"
    export_person(demo, SOFIA, out, today=TODAY)
    html = (out / "index.html").read_text(encoding="utf-8")
    assert "Your replies to your contract" in html
    assert "Accessibility, properly. Saying it out loud in August made it real." in html
    assert "(not decided yet)" in html and "accepted by your manager on" in html
    with open(out / "replies.csv", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [r["reply_id"] for r in rows] == [r.reply_id for r in demo.load(Reply, SOFIA)]
    assert "person_id" not in rows[0]
    with open(out / "reply_updates.csv", encoding="utf-8-sig", newline="") as f:
        assert len(list(csv.DictReader(f))) == len(demo.load(ReplyUpdate, SOFIA))
    assert "the most useful hour of the quarter" not in html  # Mei's reply: hers alone


def test_forgetting_them_removes_their_replies_and_tokens(demo):
    assert demo.load(Reply, MEI) and demo.load(ReplyToken, MEI)
    forget.forget(demo, MEI)
    words = [r.changed for r in demo.load(Reply, SOFIA)]
    assert not list((demo.home / "people").glob(f"{MEI}/*"))
    assert not [p for p in demo.home.rglob("*.csv") if "Dana's hour" in p.read_text(encoding="utf-8")]
    assert words  # nobody else's
    demo.check()


def test_a_handover_passes_their_replies_and_a_reply_on_its_way_lands_with_the_new_manager(demo, tmp_path):
    on_its_way = a_reply(demo, MEI, "2026-11-25T08:30:00", reply_id="r-late", changed="Sent before the move.")
    lines = what_leaves(demo, MEI)
    assert any(
        line.startswith("replies.csv (2 rows): reply_id, version, written, received, changed")
        for line in lines
    )
    write_pack(demo, MEI, tmp_path / "pack", today=TODAY)
    new = open_store(tmp_path / "new-manager")
    new.save(Person("bo", "Bo Lindqvist", None, "Engineering Manager"))
    import_pack(new, tmp_path / "pack", manager_id="bo")
    for record_type in REPLY_TABLES:
        assert new.load(record_type, MEI) == demo.load(record_type, MEI), record_type
    taken = replies.take_in(new, on_its_way, TODAY)
    assert taken.reply.changed == "Sent before the move." and taken.person.manager_id == "bo"
    new.check()


def test_a_decision_travels_with_the_update_it_was_made_on(demo, tmp_path):
    ((update, _), *_) = next(w for w in replies.waiting(demo) if w.person.person_id == SOFIA).updates
    replies.decide(demo, SOFIA, update.reply_id, update.commitment_id, Decision.SET_ASIDE, TODAY)
    write_pack(demo, SOFIA, tmp_path / "pack", today=TODAY)
    new = open_store(tmp_path / "new-manager")
    new.save(Person("bo", "Bo", None))
    import_pack(new, tmp_path / "pack", manager_id="bo")
    moved = {(u.reply_id, u.commitment_id): u for u in new.load(ReplyUpdate, SOFIA)}
    assert moved[(update.reply_id, update.commitment_id)] == dataclasses.replace(
        update, decision=Decision.SET_ASIDE, decided=TODAY
    )
