"""The contract builder, driven as a manager drives it: set values, click, then read the store."""

from __future__ import annotations

import datetime as dt
import email
import email.policy

import icalendar
import pytest

from careernb.domain import playbook
from careernb.domain.contract import Commitment, Contract, Party, ReviewPoint, Status, suggested_rewording
from careernb.views.pages.contract.view import contract_builder, contract_panel
from tests.ui.conftest import ME, TODAY


def _row(builder, party: Party, n: int):
    return builder.lists[party].children[n]


def _write(builder, party: Party, action: str, due: dt.date):
    builder.add_buttons[party].click()
    row = builder.lists[party].children[-1]
    row.action.value = action
    row.due.value = due
    return row


def _agreeable(builder):
    _write(builder, Party.PERSON, 'Write the RFC for "events", v2\nand present it', dt.date(2027, 1, 15))
    _write(builder, Party.MANAGER, "Introduce you to Dana and book the first meeting", dt.date(2026, 12, 10))


def test_a_manager_agrees_a_contract_at_the_end_of_conversation_3_and_gets_the_files(third):
    b = contract_builder(third, ME, "c3", today=TODAY)
    assert b.model.contract.version == 1 and b.next_conversation.value == dt.date(2027, 2, 24)
    assert b.agree_button.disabled  # nothing agreed yet: failure 5
    _agreeable(b)
    b.add_review_button.click()
    b.review_list.children[0].month.value = "2027-01"
    b.review_list.children[0].aspect.value = "How the RFC landed"
    b.open_question.value = "Whether platform is realistic within a year"
    assert not b.agree_button.disabled, b.attention.value
    b.agree_button.click()

    (contract,) = third.load(Contract, ME)
    assert (contract.agreed, contract.conversation_id, contract.next_conversation) == (
        TODAY,
        "c3",
        dt.date(2027, 2, 24),
    )
    assert contract.open_question == "Whether platform is realistic within a year"
    saved = third.load(Commitment, ME)
    assert [(c.party, c.action, c.due) for c in saved] == [  # the manager's own first, as in_order keeps them
        (Party.MANAGER, "Introduce you to Dana and book the first meeting", dt.date(2026, 12, 10)),
        (Party.PERSON, 'Write the RFC for "events", v2\nand present it', dt.date(2027, 1, 15)),
    ]
    assert [(r.month, r.aspect) for r in third.load(ReviewPoint, ME)] == [("2027-01", "How the RFC landed")]
    assert b.model.locked and all(row.action.disabled for row in b.lists[Party.PERSON].children)
    assert "Not sent yet: send it by Sat 28 November 2026" in b.sending.send_note.value

    html, eml, ics = b.prepare_files()
    events = icalendar.Calendar.from_ical(ics.read_bytes()).walk("VEVENT")
    assert ics.name == "follow-through-900.ics"
    assert "For Zoë Ångström: Introduce you to Dana and book the first meeting" in [
        str(e["SUMMARY"]) for e in events
    ]
    assert html.name == "contract-900-v1.html" and "Write the RFC for &#34;events&#34;" in html.read_text()
    msg = email.message_from_bytes(eml.read_bytes(), policy=email.policy.default)
    assert msg["To"].addresses[0].addr_spec == "zoe@example.org"

    b.sending.sent_button.click()
    assert third.load(Contract, ME)[0].sent == TODAY
    assert "within 48 hours of agreeing it" in b.sending.send_note.value


def test_failure_5_blocks_agreeing_until_fixed_or_overridden_with_a_reason(third):
    b = contract_builder(third, ME, "c3", today=TODAY)
    _write(b, Party.PERSON, "Lead the incident reviews", dt.date(2027, 1, 15))
    assert "No dated commitment in the manager&#x27;s commitments" in b.attention.value
    assert b.agree_button.disabled and b.override.layout.display is None
    b.agree_button.click()  # a click anyway is refused visibly, not with a traceback
    assert "Not agreed yet" in b.errors.value
    b.flush()
    assert [c.agreed for c in third.load(Contract, ME)] == [None]

    b.override.value = "My side is to find a project; I will add it on Friday"
    assert not b.agree_button.disabled
    b.agree_button.click()
    (contract,) = third.load(Contract, ME)
    assert contract.agreed == TODAY and contract.override_reason.startswith("My side is")


def test_a_commitment_without_a_date_blocks_too(third):
    b = contract_builder(third, ME, "c3", today=TODAY)
    _agreeable(b)
    b.add_buttons[Party.MANAGER].click()
    _row(b, Party.MANAGER, 1).action.value = "Give feedback on your facilitation"
    assert b.agree_button.disabled
    assert "“Give feedback on your facilitation” has no date: by when?" in b.attention.value
    _row(b, Party.MANAGER, 1).due.value = dt.date(2027, 1, 8)
    assert not b.agree_button.disabled


@pytest.mark.parametrize("choice", ["reword", "keep"])
def test_failure_4_a_promise_is_flagged_with_advice_and_the_manager_chooses(third, choice):
    b = contract_builder(third, ME, "c3", today=TODAY)
    _agreeable(b)
    promise = "Get you promoted to senior by March"
    _write(b, Party.MANAGER, promise, dt.date(2027, 3, 1))
    assert b.agree_button.disabled
    assert "I can advocate for this with my manager - I cannot commit to the outcome." in b.attention.value
    assert playbook.PROMISE_ADVICE.replace('"', "&quot;") in b.attention.value
    (box,) = b.promise_actions.children
    use, keep = box.children[:2]
    b.override.value = "a reason does not override a promise"
    assert b.agree_button.disabled
    b.override.value = ""
    (use if choice == "reword" else keep).click()
    b.flush()
    saved = next(c for c in third.load(Commitment, ME) if c.due == dt.date(2027, 3, 1))
    if choice == "reword":
        assert saved.action == suggested_rewording(promise) and not saved.promise_kept
        assert _row(b, Party.MANAGER, 1).action.value == saved.action
    else:
        assert saved.action == promise and saved.promise_kept
    assert b.promise_actions.children == () and not b.agree_button.disabled


def test_commitments_can_be_reordered_and_removed(third):
    b = contract_builder(third, ME, "c3", today=TODAY)
    _agreeable(b)
    _write(b, Party.PERSON, "Second", dt.date(2027, 1, 20))
    _write(b, Party.PERSON, "Third", dt.date(2027, 1, 25))
    _row(b, Party.PERSON, 2).up.click()
    b.flush()
    theirs = sorted(
        (c for c in third.load(Commitment, ME) if c.party is Party.PERSON), key=lambda c: c.position
    )
    assert [c.action for c in theirs] == ['Write the RFC for "events", v2\nand present it', "Third", "Second"]
    _row(b, Party.PERSON, 0).remove.click()
    b.flush()
    assert [c.action for c in third.load(Commitment, ME) if c.party is Party.PERSON] == ["Third", "Second"]


def test_typing_is_saved_after_a_pause_without_a_click(third):
    b = contract_builder(third, ME, "c3", today=TODAY)
    b.open_question.value = "Is a move into people leadership realistic, given the reorg?"
    assert b.autosave.pending and b.save_status.state == "pending"
    b.autosave.flush()
    assert (
        third.load(Contract, ME)[0].open_question
        == "Is a move into people leadership realistic, given the reorg?"
    )
    assert b.save_status.state == "saved"


def test_next_quarter_starts_a_new_version_that_carries_open_commitments_and_shows_what_changed(demo):
    before = max(demo.load(Contract, "007"), key=lambda c: c.version)
    previous = [c for c in demo.load(Commitment, "007") if c.version == before.version]
    b = contract_builder(demo, "007", today=TODAY)
    assert b.model.locked and b.next_button.layout.display is None
    b.next_button.click()
    assert b.model.contract.version == before.version + 1 and not b.model.locked
    carried = {c.commitment_id: c.status for c in b.model.commitments}
    assert carried == {
        c.commitment_id: c.status for c in previous if c.status in (Status.OPEN, Status.PAUSED)
    }
    assert b.model.contract.open_question == before.open_question

    manager_row = _row(b, Party.MANAGER, 0)
    manager_row.due.value = manager_row.due.value + dt.timedelta(days=21)
    _row(b, Party.MANAGER, 1).status.value = Status.DONE
    _write(b, Party.PERSON, "Run the onboarding of the next new joiner", dt.date(2027, 1, 29))
    b.flush()
    assert (b.compare_a.value, b.compare_b.value) == (before.version, before.version + 1)
    diff = b.diff.value
    for change in (
        "careernb-diff-redated",
        "careernb-diff-done",
        "careernb-diff-added",
        "careernb-diff-done",
    ):
        assert change in diff
    assert "Run the onboarding of the next new joiner" in diff
    # The earlier version is untouched: it is the record of what was agreed then.
    assert [c for c in demo.load(Commitment, "007") if c.version == before.version] == previous


def test_a_carried_commitment_is_dropped_not_deleted(demo):
    b = contract_builder(demo, "007", "c0026", today=TODAY)  # c0026 produced version 4: no new version
    assert b.model.contract.version == 4 and b.model.locked
    b.next_button.click()
    row = _row(b, Party.MANAGER, 0)
    cid = row.commitment_id
    row.remove.click()
    assert b.model.get(cid).status is Status.DROPPED
    b.flush()
    assert (
        next(c for c in demo.load(Commitment, "007") if c.version == 5 and c.commitment_id == cid).status
        is Status.DROPPED
    )


def test_a_late_send_is_flagged_in_the_builder(demo):
    b = contract_builder(demo, "040", today=TODAY)
    assert (
        "4 days after it was agreed: late" in b.sending.send_note.value
        and "#b00020" in b.sending.send_note.value
    )


def test_an_agreed_contract_can_be_edited_again_until_it_is_sent(third):
    b = contract_builder(third, ME, "c3", today=TODAY)
    _agreeable(b)
    b.agree_button.click()
    assert b.sending.edit_button.layout.display is None
    b.sending.edit_button.click()
    assert not b.model.locked and third.load(Contract, ME)[0].agreed is None
    b.agree_button.click()
    b.sending.sent_button.click()
    assert b.sending.edit_button.layout.display == "none"


def test_typed_text_is_escaped_in_the_panel(third):
    b = contract_builder(third, ME, "c3", today=TODAY)
    _write(b, Party.MANAGER, "<img src=x onerror=alert(1)> guarantee", dt.date(2027, 1, 8))
    assert "<img" not in b.attention.value and "&lt;img src=x" in b.attention.value
    assert "<img" not in b.promise_actions.children[0].children[2].value


def test_the_standalone_panel_picks_a_person(demo):
    panel = contract_panel(None, str(demo.home))
    picker, holder, _errors = panel.children
    assert "Choose a person" in holder.children[0].value
    picker.value = "019"
    (builder,) = holder.children
    assert builder.person_id == "019" and builder.model.contract.version >= 1


def test_sections_with_nothing_to_show_are_hidden_heading_and_all(third):
    b = contract_builder(third, ME, "c3", today=TODAY)
    assert b.compare_section.layout.display == "none"  # one version: nothing to compare
    assert b.attention_section.layout.display is None  # a draft: what needs attention shows
    _agreeable(b)
    b.agree_button.click()
    assert b.model.locked
    assert b.attention_section.layout.display == "none"  # agreed: nothing left to fix


def test_typed_text_is_escaped_in_the_comparison_of_versions(demo):
    b = contract_builder(demo, "007", today=TODAY)
    b.next_button.click()
    _write(b, Party.PERSON, "<img src=x onerror=alert(1)> the RFC", dt.date(2027, 1, 29))
    b.open_question.value = "<script>alert(2)</script> staff or people?"
    b.flush()
    diff = b.diff.value
    assert "&lt;img src=x" in diff and "&lt;script&gt;alert(2)" in diff
    assert "<img" not in diff and "<script" not in diff
