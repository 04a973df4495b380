"""The monthly review panel: decisions made in the widgets land in the store."""

import datetime as dt

import pytest

from careernb.domain import current, playbook
from careernb.domain.contract import Commitment, Contract, Status, of_version
from careernb.domain.conversations import Conversation, ConversationKind
from careernb.follow_through.review import Outcome, agenda
from careernb.views.kit.markup import esc
from careernb.views.pages.review.view import ReviewPanel

TODAY = dt.date(2026, 11, 26)


@pytest.fixture
def panel(demo):
    return ReviewPanel(demo, "040", TODAY)


def row(panel, commitment_id):
    return next(r for r in panel.rows if r.commitment.commitment_id == commitment_id)


def statuses(demo):
    return {c.commitment_id: c for c in of_version(demo.load(Commitment, "040"), 4)}


def test_the_review_opens_with_whats_changed_then_my_commitments_then_theirs(panel):
    texts = [
        getattr(c, "value", "") for c in panel.body.children if isinstance(getattr(c, "value", None), str)
    ]
    joined = "".join(t for t in texts if "<h2" in t)  # the headings, one level under the title
    order = [joined.index(esc(playbook.WHATS_CHANGED)), joined.index(esc(playbook.WHAT_DID_I_DO))]
    assert order == sorted(order) and order[-1] < joined.index("Their commitments")
    assert [r.commitment.party.value for r in panel.rows] == ["manager"] * 3 + ["person"] * 2


def test_record_is_refused_until_the_review_says_what_changed_or_decides_something(panel, demo):
    before = demo.load(Conversation, "040")
    assert panel.record_button.disabled and "says nothing was not held" in panel.missing.value
    assert panel.record() is None and demo.load(Conversation, "040") == before
    panel.whats_changed.value = "Nothing much, a quiet month."
    assert not panel.record_button.disabled and "says nothing" not in panel.missing.value
    panel.whats_changed.value = " "
    assert panel.record_button.disabled
    row(panel, "k0029").outcome.value = Outcome.DONE  # a decision says something too
    assert "says nothing" not in panel.missing.value


def test_when_the_review_is_recorded_through_the_widgets_then_statuses_change_in_the_store(panel, demo):
    panel.whats_changed.value = "Kwame's promotion case went to calibration; no decision yet."
    row(panel, "k0029").outcome.value = Outcome.DONE
    r = row(panel, "k0030")
    r.outcome.value = Outcome.REDATE
    r.new_due.value = dt.date(2027, 1, 15)
    r.note.value = "Waiting for the Q1 roadmap"
    p = row(panel, "k-promise")
    p.outcome.value = Outcome.DROP
    p.note.value = "I cannot promise the outcome; I will advocate instead"
    q = row(panel, "k0032")
    q.outcome.value = Outcome.PAUSE
    q.note.value = "No new joiner until spring"
    panel.minutes.value = 22
    panel.record_button.click()

    after = statuses(demo)
    assert (after["k0029"].status, after["k0029"].done_on) == (Status.DONE, TODAY)
    assert (after["k0030"].status, after["k0030"].due) == (Status.OPEN, dt.date(2027, 1, 15))
    assert after["k0030"].note.endswith("2026-11-26: Waiting for the Q1 roadmap")
    assert after["k-promise"].status is Status.DROPPED
    assert after["k0032"].status is Status.PAUSED
    assert after["k0032"].note.endswith("2026-11-26: No new joiner until spring")
    reviews = [
        c for c in demo.load(Conversation, "040") if c.kind is ConversationKind.REVIEW and c.held == TODAY
    ]
    assert len(reviews) == 1
    assert (reviews[0].minutes, reviews[0].note) == (
        22,
        "Kwame's promotion case went to calibration; no decision yet.",
    )
    assert (
        "Review recorded on Thu 26 November 2026" in panel.result.value
        and "4 commitments updated" in panel.result.value
    )
    assert panel.errors.messages == []
    # The panel reloads: done and dropped ones leave the agenda; paused is not failure, it stays.
    assert [r.commitment.commitment_id for r in panel.rows] == ["k0030", "k0031", "k0032"]


def test_when_a_decision_is_incomplete_then_recording_is_blocked_and_says_why(panel, demo):
    before = demo.load(Commitment, "040")
    row(panel, "k-promise").outcome.value = Outcome.DROP
    r = row(panel, "k0030")
    r.outcome.value = Outcome.REDATE
    assert panel.record_button.disabled
    assert "write a note saying why it is dropped" in panel.missing.value
    assert "choose the new date" in panel.missing.value
    assert panel.record() is None
    assert demo.load(Commitment, "040") == before
    r.new_due.value = dt.date(2027, 1, 5)
    row(panel, "k-promise").note.value = "Not mine to give"
    assert not panel.record_button.disabled and panel.missing.value == ""


def test_when_redate_is_chosen_then_the_date_field_appears(panel):
    r = row(panel, "k0030")
    assert r.new_due.layout.display == "none"
    r.outcome.value = Outcome.REDATE
    assert r.new_due.layout.display is None


def test_when_whats_changed_is_typed_then_it_is_saved_before_the_review_is_recorded(panel, demo):
    panel.whats_changed.value = 'A "big" week,\nand a new team lead — ünïcode'
    assert panel.status.state == "pending"
    panel.autosave.flush()
    drafts = [
        c for c in demo.load(Conversation, "040") if c.kind is ConversationKind.REVIEW and c.held is None
    ]
    assert [d.note for d in drafts] == ['A "big" week,\nand a new team lead — ünïcode']
    again = ReviewPanel(demo, "040", TODAY)  # the kernel died; the text is back
    assert again.whats_changed.value == 'A "big" week,\nand a new team lead — ünïcode'
    again.record()
    reviews = [
        c for c in demo.load(Conversation, "040") if c.kind is ConversationKind.REVIEW and c.planned == TODAY
    ]
    assert len(reviews) == 1 and reviews[0].held == TODAY


def test_when_nobody_is_given_then_the_panel_opens_on_the_current_person(demo):
    current.choose(demo, "007")
    panel = ReviewPanel(demo, None, TODAY)
    assert panel.picker.value == "007"
    plan = agenda(demo.load(Contract, "007"), demo.load(Commitment, "007"), [], TODAY)
    tomas = [(c.person_id, c.commitment_id) for c in plan.mine + plan.theirs]
    assert tomas
    assert [(r.commitment.person_id, r.commitment.commitment_id) for r in panel.rows] == tomas


def test_when_the_picker_changes_then_that_persons_contract_is_loaded(panel):
    panel.picker.value = "034"
    assert all(r.commitment.person_id == "034" for r in panel.rows)
    panel.picker.value = "031"
    assert panel.rows == []
    assert "no agreed development contract" in panel.body.children[0].value


def test_when_switching_person_mid_sentence_then_the_text_stays_with_the_first_person(panel, demo):
    panel.whats_changed.value = "About Kwame only"
    panel.picker.value = "034"
    kwame = [
        c.note for c in demo.load(Conversation, "040") if c.kind is ConversationKind.REVIEW and c.held is None
    ]
    sofia = [
        c.note for c in demo.load(Conversation, "034") if c.kind is ConversationKind.REVIEW and c.held is None
    ]
    assert (kwame, sofia) == (["About Kwame only"], [])
    assert panel.whats_changed.value == ""
