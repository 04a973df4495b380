"""A data home with a key: private text written sealed, read opened in the unlocked session and
locked in any other, a private cell in clear refused by file, row and column, the bulk path never
handing out private text, and a read without the private text (the team page's) opening none."""

from __future__ import annotations

import dataclasses
import hashlib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from careernb import TABLES
from careernb.demo import seed_demo
from careernb.domain.contract import Commitment
from careernb.domain.conversations import Answer, Conversation, ConversationKind
from careernb.domain.people import Person
from careernb.domain.replies import Reply, ReplyUpdate
from careernb.domain.signals import Signal
from careernb.follow_through import figures
from careernb.home import REPLY_TABLES, KeyState, NoKeyError, key_state, lock, open_store, unlock
from careernb.store import CsvStore, Privacy, keys, session, table_of
from careernb.store.bulk import opened_frame, records_frame
from careernb.store.keyring import LockedError
from careernb.store.seal_home import in_clear, seal_home
from careernb.store.sealed_cells import KeyNotHeldError, KeyRecordMissingError, PrivateCellError
from careernb.store.sealing import (
    Locked,
    Opened,
    TamperedCellError,
    UnsealedCellError,
    is_locked,
    is_sealed,
    open_record,
    sealed_columns,
)
from careernb.store.snapshot import Snapshot
from tests.canaries import plant
from tests.conftest import TODAY
from tests.keyed import FAST, PASSPHRASE, csv_forms, every_byte, give_key, private_texts, seal
from tests.strategies import typed_text
from tests.unit.test_keys_sealing import HOSTILE

SEALED_TABLES = [t for t in TABLES if sealed_columns(table_of(t))]


@pytest.fixture(autouse=True)
def _locked_after():
    yield
    session.lock()


@pytest.fixture
def sealed(demo):
    """The demo team, sealed, in an unlocked session."""
    seal(demo)
    return demo


def _fresh(store: CsvStore) -> CsvStore:
    return open_store(store.home, create=False)


def _answers_file(store: CsvStore, pid: str = "007"):
    return store.home / "people" / pid / "answers.csv"


# -- written sealed, read opened -----------------------------------------------------------


def test_an_unlocked_store_reads_every_record_as_the_home_held_it_before_sealing(demo, tmp_path):
    before = {(t, p): demo.load(t, p) for t in SEALED_TABLES for p in demo.person_ids()}
    seal(demo)
    after = _fresh(demo)
    assert {(t, p): after.load(t, p) for t, p in before} == before
    assert after.check()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.one_of(st.sampled_from([*HOSTILE, "ü" * 200_000]), typed_text).filter(bool))
def test_every_hostile_string_round_trips_byte_exact_through_an_unlocked_store(sealed, text):
    answer = sealed.load(Answer, "007")[0]
    sealed.save(dataclasses.replace(answer, answer=text, underneath=text[::-1]))
    back = next(a for a in _fresh(sealed).load(Answer, "007") if a.question_id == answer.question_id)
    assert (back.answer, back.underneath) == (text, text[::-1])
    assert isinstance(back.answer, Opened)
    raw = _answers_file(sealed).read_bytes()
    assert not any(form in raw for form in csv_forms(text) if len(form) > 12)


def test_after_sealing_no_private_sentence_or_planted_canary_is_anywhere_in_the_home(tmp_path):
    store = open_store(tmp_path / "home")
    seed_demo(store, TODAY)
    planted = plant(store, "007", "K", {Privacy.PRIVATE})
    sentences = private_texts(store)
    sealed_canaries = [c for c in planted if _in_a_sealed_column(c)]
    assert len(sentences) > 300 and sealed_canaries
    seal(store)
    on_disk = every_byte(store.home)
    found = [s for s in [*sentences, *sealed_canaries] if any(f in on_disk for f in csv_forms(s))]
    assert found == []
    assert _fresh(store).load(Answer, "007")  # and it still reads


def test_a_temp_file_left_by_a_killed_write_is_gone_once_the_home_is_sealed(demo):
    """A write killed half-way leaves its temp file in clear, even beside no file yet."""
    people = demo.home / "people"
    first = people / "012" / "signals.csv"
    first.unlink(missing_ok=True)  # as before this person's first signal was kept
    note = "Told me in confidence: interviewing at Northwind"
    temps = [people / "012" / ".signals.csv.abcd1234.tmp", people / "007" / ".answers.csv.k9.tmp"]
    for temp in temps:
        temp.write_text(f"signal_id,note\ns1,{note}\n", encoding="utf-8")
    seal(demo)
    assert not any(t.exists() for t in temps)
    assert note.encode() not in every_byte(demo.home)


def _in_a_sealed_column(canary: str) -> bool:
    return any(
        f"x{table_of(t).name}x{c.name}x" in canary for t in SEALED_TABLES for c in sealed_columns(table_of(t))
    )


def test_saving_one_answer_leaves_every_other_sealed_cell_of_its_file_as_it_was(sealed):
    before = _cells(_answers_file(sealed))
    first = sealed.load(Answer, "007")[0]
    sealed.save(dataclasses.replace(first, answer="a new answer"))
    after = _cells(_answers_file(sealed))
    changed = [i for i, (a, b) in enumerate(zip(before, after, strict=True)) if a != b]
    assert changed == [1]  # the header is line 0


def _cells(path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


# -- locked ---------------------------------------------------------------------------------


def test_a_locked_session_reads_locked_values_and_a_save_that_does_not_touch_them_keeps_them(sealed):
    lock()
    before = _answers_file(sealed).read_bytes()
    store = _fresh(sealed)
    answer = store.load(Answer, "007")[0]
    assert is_locked(answer.answer) and repr(answer.answer) == "<locked>"
    store.save(dataclasses.replace(answer, share=not answer.share))
    after = _answers_file(sealed).read_bytes()
    assert after != before  # the flag changed
    assert _sealed_cells(after) == _sealed_cells(before)  # every sealed cell did not, byte for byte


def _sealed_cells(raw: bytes) -> list[str]:
    import csv
    import io

    return [c for row in csv.reader(io.StringIO(raw.decode())) for c in row if is_sealed(c)]


def test_new_private_text_is_refused_while_locked_and_nothing_is_written(sealed):
    lock()
    before = _answers_file(sealed).read_bytes()
    store = _fresh(sealed)
    answer = store.load(Answer, "007")[0]
    with pytest.raises(LockedError, match="your private notes are locked") as err:
        store.save(dataclasses.replace(answer, answer="typed while locked"))
    assert "typed while locked" not in str(err.value)
    assert _answers_file(sealed).read_bytes() == before


def test_a_store_opened_before_the_unlock_reads_opened_after_it_and_locked_after_lock(sealed):
    lock()
    store = _fresh(sealed)
    assert is_locked(store.load(Conversation, "007")[-1].note or Locked("", b"", ""))
    state = unlock(PASSPHRASE, store)
    assert state == KeyState(store.location, True, True, store.key_record.current)
    notes = [c.note for c in store.load(Conversation, "007") if c.note]
    assert notes and all(isinstance(n, Opened) for n in notes)
    lock()
    assert all(is_locked(c.note) for c in store.load(Conversation, "007") if c.note)
    assert key_state(store).locked


def test_a_second_home_in_the_same_process_stays_locked(sealed, tmp_path):
    other = open_store(tmp_path / "other")
    seed_demo(other, TODAY)
    record, _ = give_key(other, manager="ada")
    keyring = keys.unlock(record, PASSPHRASE)
    from careernb.store.seal_home import seal_home

    seal_home(other, keyring)
    keyring.lock()
    assert not key_state(other).unlocked and key_state(sealed).unlocked
    assert all(is_locked(a.answer) for a in _fresh(other).load(Answer, "007") if a.answer)


def test_a_wrong_passphrase_unlocks_nothing_and_a_home_without_a_key_has_nothing_to_unlock(sealed, store):
    lock()
    with pytest.raises(keys.WrongPassphraseError, match="Nothing was changed"):
        unlock("not the passphrase at all", sealed)
    assert key_state(sealed).locked
    with pytest.raises(NoKeyError, match="has no key"):
        unlock(PASSPHRASE, store)
    assert key_state(store) == KeyState(store.location, False, False)


def test_the_unlocked_keyring_is_held_once_and_never_in_a_repr_or_the_environment(sealed):
    import os

    held = session.held()
    assert held is not None and repr(held).startswith("<Keyring of 'ada': unlocked")
    assert PASSPHRASE not in str(os.environ) and PASSPHRASE not in repr(held)
    record = sealed.key_record
    session.hold(keys.unlock(record, PASSPHRASE))
    assert held.locked and session.held() is not held  # the one held before forgot its keys


# -- strict ---------------------------------------------------------------------------------


def _edit(path, change) -> None:
    """Change a file's rows by hand, as someone with the file but not the key could."""
    import csv

    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    change(rows)
    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\r\n").writerows(rows)


def test_a_private_cell_in_clear_is_refused_naming_file_row_and_column_never_its_text(sealed):
    path = _answers_file(sealed)
    _edit(path, lambda rows: rows[2].__setitem__(3, "planted in clear by someone else"))
    for session_state in (lambda: None, lock):
        session_state()
        with pytest.raises(UnsealedCellError) as err:
            _fresh(sealed).load(Answer, "007")
        message = str(err.value)
        assert f"{path}, row 3, column 'answer'" in message and "planted" not in message
        assert (err.value.path, err.value.row, err.value.column) == (path, 3, "answer")


def _swap(rows) -> None:
    rows[1][3], rows[2][3] = rows[2][3], rows[1][3]


def test_a_ciphertext_swapped_between_two_rows_is_refused_and_changes_nothing(sealed):
    path = _answers_file(sealed)
    _edit(path, _swap)
    swapped = path.read_bytes()
    with pytest.raises(TamperedCellError, match="does not open here") as err:
        _fresh(sealed).load(Answer, "007")
    assert (err.value.path, err.value.row, err.value.column) == (path, 2, "answer")
    with pytest.raises(TamperedCellError):
        _fresh(sealed).update(Answer, "007", lambda rows: rows)
    assert path.read_bytes() == swapped


def test_a_sealed_home_whose_key_record_is_gone_reads_and_writes_nothing_of_a_sealed_file(sealed):
    (sealed.home / "keys.json").unlink()
    path = _answers_file(sealed)
    before = path.read_bytes()
    store = _fresh(sealed)
    with pytest.raises(KeyRecordMissingError, match="has no key record") as err:
        store.load(Answer, "007")
    # the first sealed file it reads: the answers' conversations, checked as their references
    named = err.value.path, err.value.column
    assert named in ((path, "answer"), (path.with_name("conversations.csv"), "note")), named
    assert err.value.row >= 2 and "enc:v1:" not in str(err.value)
    with pytest.raises(KeyRecordMissingError):
        store.update(Answer, "007", lambda rows: rows)
    assert path.read_bytes() == before and not (sealed.home / "keys.json").exists()


def test_a_cell_sealed_under_a_key_the_record_does_not_hold_is_never_sealed_again_as_text(sealed):
    path = _answers_file(sealed)
    _edit(path, lambda rows: rows[2].__setitem__(3, "enc:v1:0badc0de:" + "A" * 60))
    before = every_byte(sealed.home)
    for run in (in_clear, lambda store: seal_home(store, session.held())):
        with pytest.raises(KeyNotHeldError, match="'0badc0de', which your key record does not hold") as err:
            run(_fresh(sealed))
        assert (err.value.path, err.value.row, err.value.column) == (path, 3, "answer")
    assert every_byte(sealed.home) == before


def test_a_home_without_a_key_refuses_to_write_text_that_would_read_as_sealed(store):
    store.save(Person("007", "Ana"))
    looks_sealed = "enc:v1:0badc0de:" + "A" * 60
    with pytest.raises(PrivateCellError, match="reads as a sealed cell") as err:
        store.save(Conversation("c1", "007", ConversationKind.CHECK_IN, note=looks_sealed))
    assert err.value.column == "note" and looks_sealed not in str(err.value)
    store.save(Conversation("c1", "007", ConversationKind.CHECK_IN, note="I wrote " + looks_sealed))
    assert _fresh(store).load(Conversation, "007")[0].note == "I wrote " + looks_sealed


@pytest.mark.parametrize("locked", [False, True], ids=["unlocked", "locked"])
def test_the_fast_and_the_careful_way_of_opening_agree_on_every_row(sealed, locked):
    keyring = None if locked else session.held()
    if locked:
        lock()
    store = _fresh(sealed)
    for record_type in SEALED_TABLES:
        table = table_of(record_type)
        for pid in store.person_ids():
            fast = store.load(record_type, pid)
            careful = [open_record(table, _as_stored(table, r), keyring) for r in fast]
            assert careful == fast
            assert _kept(careful, table) == _kept(fast, table)


def _kept(records, table) -> list:
    """What each sealed value remembers: its type, its stored cell and where it was read."""
    values = [getattr(r, c.name) for r in records for c in sealed_columns(table)]
    return [(type(v), getattr(v, "cell", None), getattr(v, "aad", None)) for v in values]


def _as_stored(table, record):
    changes = {c.name: getattr(record, c.name).cell for c in sealed_columns(table) if getattr(record, c.name)}
    return dataclasses.replace(record, **changes)


# -- the bulk path ----------------------------------------------------------------------------


def test_frames_for_figures_hold_sealed_cells_never_private_text(sealed):
    texts = private_texts(sealed)
    snapshot = Snapshot(_fresh(sealed))
    for record_type in SEALED_TABLES:
        table = table_of(record_type)
        loaded = [r for p in sealed.person_ids() for r in sealed.load(record_type, p)]
        for frame in (
            sealed.frame(record_type),
            snapshot.frame(record_type),
            records_frame(record_type, loaded),
        ):
            for col in sealed_columns(table):
                cells = [c for c in frame[col.name] if c]
                assert all(is_sealed(c) for c in cells) and not set(cells) & texts


def test_the_figures_read_no_private_column_so_no_sealed_one():
    for record_type, columns in figures.NEEDS.items():
        table = table_of(record_type)
        assert [c for c in columns if table.column(c).privacy is Privacy.PRIVATE] == []
        assert not {c.name for c in sealed_columns(table)} & set(columns)


def test_the_managers_own_analysis_gets_the_text_opened_or_missing_while_locked(sealed):
    frame = opened_frame(_fresh(sealed), Signal)
    notes = [s.note for p in sealed.person_ids() for s in sealed.load(Signal, p)]
    assert list(frame["note"]) == [str(n) for n in notes]
    lock()
    locked = opened_frame(_fresh(sealed), Signal)
    assert locked["note"].isna().sum() == sum(1 for n in notes if n)


# -- the key record changes, the data files do not --------------------------------------------


def test_a_passphrase_change_leaves_every_data_file_as_it_was_but_the_key_file(sealed):
    def hashes() -> dict:
        return {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in sealed.home.rglob("*") if p.is_file()}

    before = hashes()
    record = sealed.key_record
    changed = keys.change_passphrase(record, PASSPHRASE, "a brand new passphrase", kdf=FAST)
    keys.write_key_file(sealed.home / keys.KEY_FILE, changed)
    after = hashes()
    assert [p.name for p in before if before[p] != after.get(p)] == [keys.KEY_FILE]
    lock()
    unlock("a brand new passphrase", sealed)
    assert all(isinstance(a.answer, Opened) for a in _fresh(sealed).load(Answer, "007") if a.answer)


# -- the person's replies -------------------------------------------------------------------


@pytest.mark.parametrize("record_type", REPLY_TABLES, ids=lambda t: table_of(t).name)
def test_no_column_of_the_persons_replies_is_private_so_none_is_sealed(record_type):
    table = table_of(record_type)
    assert table.columns_of({Privacy.PRIVATE}) == () and sealed_columns(table) == ()


def test_the_persons_reply_words_stay_in_clear_in_a_sealed_home_and_read_the_same_locked(demo):
    words = {u.note for p in demo.person_ids() for u in demo.load(ReplyUpdate, p) if u.note}
    words |= {r.changed for p in demo.person_ids() for r in demo.load(Reply, p) if r.changed}
    assert words
    seal(demo)
    lock()
    on_disk = every_byte(demo.home)
    assert [w for w in words if not any(f in on_disk for f in csv_forms(w))] == []
    store = _fresh(demo)
    read = {u.note for p in store.person_ids() for u in store.load(ReplyUpdate, p) if u.note}
    read |= {r.changed for p in store.person_ids() for r in store.load(Reply, p) if r.changed}
    assert read == words


# -- read without the private text, as the team page reads the team --------------------------


def test_a_read_without_private_text_leaves_each_sealed_cell_locked_and_the_rest_as_opened(sealed):
    checked = {table_of(t).name: _compared(sealed, t) for t in SEALED_TABLES}
    assert checked["answers"] > 100 and checked["conversations"] > 0 and checked["signals"] > 0


def _compared(sealed: CsvStore, record_type: type) -> int:
    """How many sealed cells of a table read alike, but for being opened, with and without private text."""
    table = table_of(record_type)
    names = {c.name for c in sealed_columns(table)}
    ids = sealed.person_ids()
    opened = _fresh(sealed).load_team(record_type, ids)
    unopened = _fresh(sealed).load_team(record_type, ids, private_text=False)
    cells = 0
    for pid in ids:
        assert len(unopened[pid]) == len(opened[pid])
        for a, b in zip(opened[pid], unopened[pid], strict=True):
            for col in table.columns:
                got, want = getattr(b, col.name), getattr(a, col.name)
                if col.name in names and want:
                    assert isinstance(want, Opened) and isinstance(got, Locked)
                    assert (got.cell, got.aad) == (want.cell, want.aad)
                    cells += 1
                else:
                    assert got == want and not is_locked(got)
    return cells


def test_a_record_read_without_private_text_saves_its_sealed_cells_back_as_they_were(sealed):
    path = sealed.home / "people" / "007" / "answers.csv"
    store = _fresh(sealed)
    before = {a.question_id: a for a in store.load(Answer, "007")}
    answer = next(a for a in store.load(Answer, "007", private_text=False) if a.answer)
    store.save(dataclasses.replace(answer, share=not answer.share))
    after = {a.question_id: a for a in _fresh(sealed).load(Answer, "007")}
    assert after[answer.question_id].share is not answer.share
    assert [(a.answer, a.underneath, a.answer.cell) for a in after.values() if a.answer] == [
        (a.answer, a.underneath, a.answer.cell) for a in before.values() if a.answer
    ]
    assert path.read_text(encoding="utf-8").count("enc:v1:") >= len([a for a in after.values() if a.answer])


def test_a_read_without_private_text_never_stands_in_for_a_read_that_opens(sealed):
    store = _fresh(sealed)
    assert any(is_locked(c.note) for c in store.load(Conversation, "007", private_text=False))
    notes = [c.note for c in store.load(Conversation, "007") if c.note]
    assert notes and all(isinstance(n, Opened) for n in notes)
    # and the other way: what was opened serves a read that wants no private text
    assert all(
        isinstance(c.note, Opened) for c in store.load(Conversation, "007", private_text=False) if c.note
    )


def test_a_snapshot_opens_what_it_first_read_without_private_text_when_asked(sealed):
    snapshot = Snapshot(_fresh(sealed))
    unopened = snapshot.load_team(Commitment, ["007"], private_text=False)["007"]
    assert any(is_locked(c.note) for c in unopened)
    opened = snapshot.load(Commitment, "007")
    assert [c.note for c in opened if c.note] and not any(is_locked(c.note) for c in opened)
