"""A change that spans tables while private notes are locked is refused whole, before anything is
written. The next version of a contract: a carried commitment's note cannot move to it (it would
not open there), so the page says why and keeps the version it had; unlocked, it carries over with
its note. A review, a check-in: the commitments or the conversation alone could be written, the
note cannot."""

from __future__ import annotations

import dataclasses

import pytest

from careernb.domain.contract import Commitment, Contract
from careernb.domain.signals import SignalKind
from careernb.follow_through import check_in, review
from careernb.follow_through.review import Decision, Outcome
from careernb.home import lock
from careernb.store import keys, session
from careernb.store.keyring import LockedError
from careernb.store.sealing import check_writable, is_locked
from careernb.views.pages.contract.view import contract_builder
from tests.keyed import PASSPHRASE, seal
from tests.ui.conftest import TODAY
from tests.ui.test_contract_kept import files

PERSON = "007"


@pytest.fixture
def locked(demo):
    """The demo team sealed under a key, in a locked kernel; locked again after the test."""
    record = seal(demo)
    lock()
    yield demo, record
    session.lock()


def _carried_notes(store) -> dict[str, str]:
    """Version 4's commitments that carry over, by id, with their notes as the store reads them."""
    rows = [c for c in store.load(Commitment, PERSON) if c.version == 4 and c.status.carries_over]
    return {c.commitment_id: c.note for c in rows}


def test_the_next_version_is_refused_while_locked_and_nothing_is_written(locked):
    store, _ = locked
    notes = _carried_notes(store)
    assert any(is_locked(n) for n in notes.values())  # a note that would have to move
    b = contract_builder(store, PERSON, today=TODAY)
    before = files(store)
    b.next_button.click()
    assert "your private notes are locked" in b.errors.value
    assert "column &#x27;note&#x27;" in b.errors.value or "column 'note'" in b.errors.value
    assert b.model.contract.version == 4  # the version on screen stays the one kept
    b.flush()
    assert files(store) == before


def test_a_save_spanning_contract_commitments_and_reviews_writes_none_while_locked(locked):
    store, _ = locked
    b = contract_builder(store, PERSON, today=TODAY)
    before = files(store)
    b.model.start_next_version()  # past the page's own check: the save checks again, first
    with pytest.raises(LockedError):
        b.controller.save()
    assert files(store) == before
    assert [c.version for c in store.load(Contract, PERSON)][-1] == 4


def test_a_new_conversation_opened_while_locked_shows_the_kept_version_and_says_why(locked):
    store, _ = locked
    before = files(store)
    b = contract_builder(store, PERSON, "a-new-conversation", today=TODAY)
    assert b.model.contract.version == 4
    assert "your private notes are locked" in b.errors.value
    assert files(store) == before


def test_unlocked_the_next_version_carries_each_note_over_as_it_was(locked):
    store, record = locked
    session.hold(keys.unlock(record, PASSPHRASE))
    notes = _carried_notes(store)
    b = contract_builder(store, PERSON, today=TODAY)
    b.next_button.click()
    assert b.errors.value == ""
    b.controller.save()
    carried = {c.commitment_id: c.note for c in store.load(Commitment, PERSON) if c.version == 5}
    assert carried == notes and any(carried.values())


def test_nothing_is_checked_without_a_key_or_once_unlocked(store, locked):
    home, record = locked
    moved = [dataclasses.replace(c, version=5) for c in home.load(Commitment, PERSON) if c.version == 4]
    with pytest.raises(LockedError):
        check_writable(home, moved)
    check_writable(store, moved)  # a home without a key seals nothing
    session.hold(keys.unlock(record, PASSPHRASE))
    check_writable(home, moved)


def test_a_review_recorded_while_locked_changes_no_commitment_when_its_note_is_refused(locked):
    store, _ = locked
    done = next(
        c.commitment_id
        for c in store.load(Commitment, "040")
        if c.version == max(k.version for k in store.load(Contract, "040") if k.is_agreed)
        and c.status.carries_over
    )
    before = files(store)
    with pytest.raises(LockedError):  # the commitment alone could be written; the note cannot
        review.record(store, "040", [Decision(done, Outcome.DONE)], whats_changed="New role.", today=TODAY)
    assert files(store) == before


def test_a_check_in_logged_while_locked_writes_neither_conversation_nor_signal(locked):
    store, _ = locked
    before = files(store)
    with pytest.raises(LockedError):
        check_in.log(store, "034", note="A recruiter called.", kinds=[SignalKind.APPROACHED], today=TODAY)
    assert files(store) == before
