"""Two windows (two kernels) on the same conversation: what one saved is never written over by
the other without a word. The stale window is refused, keeps its text for the browser to offer
back after a reload, and the store keeps what the first one saved."""

from __future__ import annotations

import datetime as dt

from careernb import open_store
from careernb.domain.contract import Commitment, Contract, Party
from careernb.domain.conversations import Answer, Conversation, ConversationKind
from careernb.views.pages.contract.view import contract_builder
from careernb.views.pages.conversation.page import ConversationPage
from tests.conftest import TODAY
from tests.ui.conftest import ME
from tests.ui.conftest import TODAY as UI_TODAY
from tests.ui.test_contract_builder import _agreeable, _row, _write
from tests.ui.test_conversation import answer_in_store, card, save, started

QUESTION = "now.best-work"


def _second_window(store, first) -> ConversationPage:
    """Another kernel's page, on the conversation the first window has open."""
    page = ConversationPage(open_store(store.home, create=False), "007", ConversationKind.NOW, today=TODAY)
    page.chooser.value = first.controller.conversation_id
    return page


def test_a_stale_window_is_refused_and_the_answer_saved_first_is_kept(demo):
    _, a = started(demo)
    card(a, QUESTION).answer.value = "Written first, in window A"
    save(a)
    b = _second_window(demo, a).panel
    assert card(b, QUESTION).answer.value == "Written first, in window A"
    card(a, QUESTION).answer.value = "A's newest"
    save(a)
    field = card(b, QUESTION).answer
    confirmed = (field.saved, field.saved_at)
    field.value = "B, typed over what B read"
    b.flush()
    assert "was changed in another window" in b.errors.value and "reload the page" in b.errors.value
    assert b.status.state != "saved"
    assert (field.saved, field.saved_at) == confirmed  # not confirmed: the browser keeps B's text
    assert answer_in_store(demo, a, QUESTION).answer == "A's newest"


def test_a_stale_window_that_only_ticks_share_does_not_put_back_its_old_text(demo):
    _, a = started(demo)
    card(a, QUESTION).answer.value = "first"
    save(a)
    b = _second_window(demo, a).panel
    card(a, QUESTION).answer.value = "A's newest"
    save(a)
    card(b, QUESTION).share.value = True
    b.flush()
    assert "was changed in another window" in b.errors.value
    saved = answer_in_store(demo, a, QUESTION)
    assert (saved.answer, saved.share) == ("A's newest", False)


def test_a_window_goes_on_saving_over_its_own_writes_and_a_refusal_blocks_no_other_answer(demo):
    _, a = started(demo)
    card(a, QUESTION).answer.value = "first"
    save(a)
    b = _second_window(demo, a).panel
    for text in ("second", "third"):  # its own writes, one after the other
        card(b, QUESTION).answer.value = text
        save(b)
    card(a, QUESTION).answer.value = "A, stale now"
    card(a, "now.energising").answer.value = "A's other answer"
    a.flush()
    assert "was changed in another window" in a.errors.value
    assert answer_in_store(demo, a, QUESTION).answer == "third"
    assert answer_in_store(demo, a, "now.energising").answer == "A's other answer"


def test_a_stale_contract_window_neither_drops_the_others_commitments_nor_undoes_its_agreeing(third):
    a = contract_builder(third, ME, "c3", today=UI_TODAY)
    _agreeable(a)
    a.flush()
    b = contract_builder(open_store(third.home, create=False), ME, "c3", today=UI_TODAY)
    _write(a, Party.PERSON, "Shadow the on-call lead", dt.date(2027, 1, 20))
    a.flush()
    _row(b, Party.MANAGER, 0).action.value = "B's wording, typed over what B read"
    b.flush()
    assert "Contract version 1 was changed in another window" in b.errors.value
    assert "Shadow the on-call lead" in [c.action for c in third.load(Commitment, ME)]
    a.agree_button.click()
    assert third.load(Contract, ME)[0].agreed == UI_TODAY
    _row(b, Party.PERSON, 0).action.value = "B again, still stale"
    b.flush()
    assert third.load(Contract, ME)[0].agreed == UI_TODAY  # still agreed
    assert "B again, still stale" not in [c.action for c in third.load(Commitment, ME)]


def test_a_conversation_deleted_in_another_window_is_not_made_again_by_typing_in_this_one(demo):
    _, a = started(demo)
    card(a, QUESTION).answer.value = "said in window A"
    save(a)
    b = _second_window(demo, a).panel
    cid = a.controller.conversation_id
    answers = [
        (x.conversation_id, x.question_id) for x in demo.load(Answer, "007") if x.conversation_id == cid
    ]
    demo.delete(Answer, "007", answers)  # window A deletes it, with its answers
    demo.delete(Conversation, "007", [(cid,)])
    card(b, QUESTION).answer.value = "typed in B after A deleted it"
    b.flush()
    assert "was deleted in another window" in b.errors.value and "reload the page" in b.errors.value
    assert cid not in {c.conversation_id for c in demo.load(Conversation, "007")}
