"""The contract builder's model and controller, without widgets."""

import datetime as dt

import pytest

from careernb.domain.contract import Commitment, Contract, Party
from careernb.domain.conversations import Conversation, ConversationKind
from careernb.domain.people import Person
from careernb.views.pages.contract.controller import ContractController, NotAgreedError
from careernb.views.pages.contract.model import ContractModel

TODAY = dt.date(2026, 11, 26)


@pytest.fixture
def controller(store):
    store.save(Person("900", "Zoë Ångström", None, "Engineer", "zoe@example.org"))
    store.save(
        Conversation("c3", "900", ConversationKind.GAP, TODAY, held=TODAY, minutes=60),
        Conversation("c4", "900", ConversationKind.FULL, dt.date(2027, 2, 24)),
    )
    c = ContractController(store, ContractModel("900", TODAY), "c3", autosave_seconds=60)
    c.load()
    return c


def _agreeable(model: ContractModel) -> None:
    mine = model.add_commitment(Party.MANAGER)
    model.update_commitment(mine.commitment_id, action="Introduce you to Dana", due=dt.date(2026, 12, 10))
    theirs = model.add_commitment(Party.PERSON)
    model.update_commitment(theirs.commitment_id, action="Write the RFC", due=dt.date(2027, 1, 15))


def test_loading_fills_the_linked_fields_and_is_not_an_edit(controller):
    model = controller.model
    assert model.contract.conversation_id == "c3" and model.next_conversation == dt.date(2027, 2, 24)
    assert (model.edits, controller.state, controller.autosave.pending) == (0, "idle", False)


def test_typing_in_a_linked_field_changes_the_contract_and_waits_to_be_saved(controller):
    model = controller.model
    model.open_question = "Is platform realistic <within> a year?"
    assert model.contract.open_question == "Is platform realistic <within> a year?"
    assert (model.edits, model.dirty, controller.state, controller.autosave.pending) == (
        1,
        True,
        "pending",
        True,
    )
    controller.flush()
    assert controller.store.load(Contract, "900")[0].open_question == "Is platform realistic <within> a year?"
    assert controller.state == "saved" and not model.dirty


def test_an_agreed_version_does_not_take_typing(controller):
    model = controller.model
    _agreeable(model)
    controller.agree()
    model.open_question = "typed after agreeing"
    assert model.open_question == "" and model.contract.open_question == ""


def test_agreeing_while_something_blocks_is_refused_with_what_blocks(controller):
    with pytest.raises(NotAgreedError) as refused:
        controller.agree()
    assert refused.value.blocking and "Not agreed yet" in str(refused.value)
    assert controller.store.load(Contract, "900") == []


def test_a_promise_is_listed_for_rewording_until_the_manager_keeps_it(controller):
    model = controller.model
    _agreeable(model)
    promise = model.add_commitment(Party.MANAGER)
    model.update_commitment(
        promise.commitment_id, action="Get you promoted by March", due=dt.date(2027, 3, 1)
    )
    assert model.promises == [(promise.commitment_id, "Get you promoted by March")]
    model.override_reason = "a reason does not override a promise"
    assert not model.can_agree() and not model.overridable
    model.keep_wording(promise.commitment_id)
    assert model.promises == [] and model.can_agree()


def test_a_new_version_is_compared_with_the_one_before(controller):
    model = controller.model
    _agreeable(model)
    controller.agree()
    assert (model.versions, model.compare_a, model.compare_b) == ([1], None, None)
    edits = model.edits
    controller.start_next_version()
    assert (model.versions, model.compare_a, model.compare_b) == ([1, 2], 1, 2)
    assert not model.locked and len(model.commitments) == 2  # open commitments carry over
    assert model.edits == edits and not controller.autosave.pending  # starting it is not an edit


def test_the_send_note_is_late_after_48_hours(controller):
    model = controller.model
    _agreeable(model)
    model.agree(TODAY - dt.timedelta(days=4))
    note, tone = model.send_state()
    assert tone == "late" and "agreed 4 days ago" in note and "within 48 hours" in note
    controller.mark_sent()
    assert controller.store.load(Contract, "900")[0].sent == TODAY


def test_a_failed_save_is_kept_for_the_view_to_show(controller, monkeypatch):
    def broken(*_a, **_k):
        raise OSError("disk full")

    monkeypatch.setattr(controller.store, "update", broken)
    controller.model.open_question = "anything"
    controller.flush()
    assert controller.state == "failed" and str(controller.error) == "disk full"
    assert controller.store.load(Commitment, "900") == []
