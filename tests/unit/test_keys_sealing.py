"""Private free text sealed cell by cell: every typed character comes back, a cell moved elsewhere
is refused, a locked session writes back what it read, and the sealed columns are the schema's."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io

import pytest
from hypothesis import HealthCheck, find, given, settings
from hypothesis import strategies as st

from careernb import TABLES
from careernb.domain.aspirations import FitAssessment
from careernb.domain.contract import Commitment, Contract
from careernb.domain.conversations import Answer, Conversation, ConversationKind
from careernb.domain.signals import Signal, SignalKind
from careernb.store import Id, Kind, Privacy, column, keys, table, table_of
from careernb.store import files as _files  # noqa: F401 - raises the csv module's field limit
from careernb.store.keyring import LockedError, UnknownKeyError
from careernb.store.sealing import (
    Locked,
    Opened,
    TamperedCellError,
    UnsealedCellError,
    is_locked,
    is_sealed,
    key_ids_named,
    locked_fields,
    open_record,
    seal_record,
    sealed_columns,
    unsealed_fields,
)
from tests.strategies import records, typed_text

FAST = keys.Argon2Params(memory_kib=64, iterations=1, lanes=1)
PASSPHRASE = "correct horse battery staple"
REFERENCES = {
    "people": st.just("007"),
    "conversations": st.just("c1"),
    "contracts": st.just(1),
    "signals": st.just("s1"),
}
HOSTILE = [
    "",
    "NA",
    "None",
    "null",
    "\tleading tab",
    "\rleading CR",
    "line one\r\nline two\nthree\rfour",
    "line\u2028separator\u2029paragraph",
    "مرحبا بالعالم \u202eevil\u202c",
    "👩🏽‍💻 👨‍👩‍👧‍👦 🏳️‍🌈",
    "nul\x00inside",
    '"quoted", and, commas',
    "=SUM(A1:A2)",
    "enc:v1:",
    "enc:v1: a note that starts like a sealed cell",
    "enc:v1:0badc0de:" + "A" * 60,
    " ",
]
MEGABYTE = "ü" * 500_000  # a 1 MB note: its sealed cell is over the csv module's default field limit
SEALED_TABLES = [t for t in TABLES if sealed_columns(table_of(t))]


@pytest.fixture(scope="module")
def made():
    return keys.create("m0001", PASSPHRASE, kdf=FAST)


@pytest.fixture
def keyring(made):
    return keys.unlock(made[0], PASSPHRASE)


def _through_csv(tbl, record):
    """Write one record as the CSV store writes it, and read it back as the store reads it."""
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\r\n").writerows([tbl.header, tbl.to_row(record)])
    assert csv.field_size_limit() > 2 * len(MEGABYTE)  # raised by careernb.store.files, as the store reads
    _header, cells = list(csv.reader(io.StringIO(out.getvalue(), newline=""), strict=True))
    return tbl.record(
        **{c.name: c.parse(cell) for c, cell in zip(tbl.columns, cells, strict=True)}
    ), out.getvalue()


def _answer(**changes) -> Answer:
    return dataclasses.replace(
        Answer("007", "c1", "now.1", answer="I want to lead", underneath="afraid"), **changes
    )


# -- which columns -------------------------------------------------------------------


@pytest.mark.parametrize("record_type", TABLES, ids=lambda t: table_of(t).name)
def test_the_sealed_columns_are_the_private_free_text_the_schema_declares(record_type):
    tbl = table_of(record_type)
    declared = [c.name for c in tbl.columns if c.privacy is Privacy.PRIVATE and c.kind is Kind.TEXT]
    assert [c.name for c in sealed_columns(tbl)] == declared
    assert not any(c.name in tbl.key or c.references for c in sealed_columns(tbl))


@pytest.mark.parametrize(
    ("record_type", "name"),
    [
        (FitAssessment, "partial_paths"),
        (FitAssessment, "timeline"),
        (FitAssessment, "in_parallel"),
        (FitAssessment, "transition"),
        (Contract, "override_reason"),
        (Commitment, "note"),
        (Conversation, "note"),
        (Answer, "answer"),
        (Answer, "underneath"),
        (Signal, "note"),
    ],
)
def test_the_managers_notes_answers_and_explorations_are_sealed(record_type, name):
    assert name in [c.name for c in sealed_columns(table_of(record_type))]


@pytest.mark.parametrize(
    ("record_type", "name"),
    [
        (Signal, "kind"),
        (Signal, "noticed"),
        (Conversation, "trust_established"),
        (Answer, "share"),
        (Commitment, "action"),
        (Contract, "open_question"),
        (Signal, "signal_id"),
    ],
)
def test_categories_dates_flags_ids_and_shared_text_stay_in_clear(record_type, name):
    assert name not in [c.name for c in sealed_columns(table_of(record_type))]


def test_every_table_with_private_free_text_is_covered():
    assert {table_of(t).name for t in SEALED_TABLES} == {
        "answers",
        "commitments",
        "contracts",
        "conversations",
        "fit",
        "preparation",
        "self_test",
        "signals",
    }


# -- round trips ---------------------------------------------------------------------


@pytest.mark.parametrize("record_type", SEALED_TABLES, ids=lambda t: table_of(t).name)
def test_every_typed_character_of_every_table_survives_sealing_csv_and_opening(record_type, made):
    tbl = table_of(record_type)
    keyring = keys.unlock(made[0], PASSPHRASE)
    hostile = st.one_of(st.sampled_from(HOSTILE), typed_text)
    text = {c.name: hostile for c in sealed_columns(tbl)}

    def round_trip(record, text):
        record = dataclasses.replace(record, **text)
        stored, _ = _through_csv(tbl, seal_record(tbl, record, keyring))
        for name, value in text.items():
            assert is_sealed(getattr(stored, name)) or value == ""
        assert open_record(tbl, stored, keyring) == record

    row = records(tbl, REFERENCES, person_id="007")
    round_trip(find(row, lambda r: True), {c.name: MEGABYTE for c in sealed_columns(tbl)})
    settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])(
        given(record=row, text=st.fixed_dictionaries(text))(round_trip)
    )()


def test_a_sealed_note_is_nowhere_in_the_file_as_written(keyring):
    tbl = Answer.__table__
    _, written = _through_csv(tbl, seal_record(tbl, _answer(answer="Ich möchte ein Team führen"), keyring))
    assert "Team" not in written and "afraid" not in written and "now.1" in written


def test_an_empty_note_stays_empty_and_reads_as_it_did():
    answer = _answer(answer="", underneath="")
    assert seal_record(answer.__table__, answer, None) is answer
    assert open_record(answer.__table__, answer, None) is answer


@table("jottings", key=("jotting_id",), per_person=True)
class Jotting:
    """A table of the test's own: a private text that may be None, beside a date."""

    jotting_id: Id = column(Privacy.TEAM, "Stable id.")
    person_id: Id = column(Privacy.TEAM, "Who.", references="people")
    on: dt.date | None = column(Privacy.PRIVATE, "When.", default=None)
    text: str | None = column(Privacy.PRIVATE, "What.", default=None)


@pytest.mark.parametrize("text", [None, "", "said on a Tuesday"])
def test_none_and_empty_keep_todays_meaning_through_a_sealed_store(keyring, text):
    tbl = table_of(Jotting)
    assert [c.name for c in sealed_columns(tbl)] == ["text"]
    jotting = Jotting("j1", "007", dt.date(2026, 11, 26), text)
    stored, _ = _through_csv(tbl, seal_record(tbl, jotting, keyring))
    assert stored.on == dt.date(2026, 11, 26)
    assert open_record(tbl, stored, keyring) == Jotting("j1", "007", dt.date(2026, 11, 26), text or None)


# -- moved, altered, in clear -------------------------------------------------------------------


def _moved(keyring, swap) -> tuple:
    """A sealed cell taken from one record and put where ``swap`` says; (target record, its table)."""
    answer = seal_record(Answer.__table__, _answer(), keyring)
    return swap(answer)


def _into_signal(answer):
    return Signal("s1", "007", dt.date(2026, 11, 26), SignalKind.APPROACHED, note=answer.answer)


@pytest.mark.parametrize(
    ("swap", "named"),
    [
        (
            lambda a: dataclasses.replace(a, question_id="now.2"),
            "answers of person '007', row with conversation_id 'c1', question_id 'now.2', column 'answer'",
        ),
        (lambda a: dataclasses.replace(a, conversation_id="c2"), "conversation_id 'c2'"),
        (lambda a: dataclasses.replace(a, person_id="019"), "answers of person '019'"),
        (lambda a: dataclasses.replace(a, underneath=a.answer), "column 'underneath'"),
        (_into_signal, "signals of person '007', row with signal_id 's1', column 'note'"),
    ],
    ids=["another row", "another conversation", "another person", "another column", "another table"],
)
def test_a_sealed_cell_moved_elsewhere_is_refused_naming_the_cell_never_the_text(keyring, swap, named):
    moved = _moved(keyring, swap)
    with pytest.raises(TamperedCellError) as err:
        open_record(moved.__table__, moved, keyring)
    assert named in str(err.value) and "moved from another row, person, table or column" in str(err.value)
    assert "I want to lead" not in str(err.value) and "afraid" not in str(err.value)
    assert err.value.table == moved.__table__.name and err.value.column in ("answer", "underneath", "note")


@pytest.mark.parametrize(
    "alter",
    [
        lambda c: c[:-2] + ("A" if c[-2] != "A" else "B") + c[-1],
        lambda c: c[:60],
        lambda c: c.replace("enc:v1:", "enc:v1:", 1)[:-1] + "=",
    ],
    ids=["a character changed", "cut short", "padding added"],
)
def test_an_altered_cell_is_refused(keyring, alter):
    stored = seal_record(Answer.__table__, _answer(), keyring)
    altered = dataclasses.replace(stored, answer=alter(stored.answer))
    with pytest.raises(TamperedCellError):
        open_record(Answer.__table__, altered, keyring)


def test_a_cell_under_a_key_the_record_does_not_hold_names_that_key(keyring):
    stored = seal_record(Answer.__table__, _answer(), keyring)
    foreign = dataclasses.replace(stored, answer="enc:v1:0badc0de:" + stored.answer.split(":", 3)[3])
    with pytest.raises(UnknownKeyError, match="sealed under key '0badc0de'"):
        open_record(Answer.__table__, foreign, keyring)


def test_a_private_cell_in_clear_is_refused_once_sealed_unless_sealing_the_store(keyring):
    plain = _answer()
    with pytest.raises(UnsealedCellError) as err:
        open_record(Answer.__table__, plain, keyring)
    assert "careernb encrypt" in str(err.value) and "I want to lead" not in str(err.value)
    with pytest.raises(UnsealedCellError):
        open_record(Answer.__table__, plain, None)  # locked or not: never read as the manager's text
    assert unsealed_fields(Answer.__table__, plain) == ("answer", "underneath")
    read = open_record(Answer.__table__, plain, keyring, strict=False)
    sealed = seal_record(Answer.__table__, read, keyring)
    assert (
        unsealed_fields(Answer.__table__, sealed) == ()
        and open_record(Answer.__table__, sealed, keyring) == plain
    )


# -- saving what was read ------------------------------------------------------------


def test_a_note_saved_unchanged_keeps_its_stored_cell_and_a_changed_one_is_sealed_afresh(keyring):
    tbl = Answer.__table__
    stored = seal_record(tbl, _answer(), keyring)
    read = open_record(tbl, stored, keyring)
    assert type(read.answer) is Opened and read.answer == "I want to lead"
    edited = dataclasses.replace(read, underneath="afraid of failing", share=True)
    saved = seal_record(tbl, edited, keyring)
    assert saved.answer == stored.answer and type(saved.answer) is str
    assert saved.underneath != stored.underneath
    assert open_record(tbl, saved, keyring).underneath == "afraid of failing"


def test_a_locked_session_reads_locked_values_and_writes_them_back_byte_for_byte(keyring):
    tbl = Answer.__table__
    stored = seal_record(tbl, _answer(), keyring)
    read = open_record(tbl, stored, None)
    assert is_locked(read.answer) and locked_fields(tbl, read) == ("answer", "underneath")
    assert "I want to lead" not in repr(read) and "<locked>" in repr(read)
    shared = dataclasses.replace(read, share=True)  # a change to a field in clear
    saved, _ = _through_csv(tbl, seal_record(tbl, shared, None))
    assert (saved.answer, saved.underneath) == (stored.answer, stored.underneath)
    assert open_record(tbl, saved, keyring) == _answer(share=True)


def test_a_locked_keyring_reads_like_no_keyring(made):
    keyring = keys.unlock(made[0], PASSPHRASE)
    stored = seal_record(Answer.__table__, _answer(), keyring)
    keyring.lock()
    assert locked_fields(Answer.__table__, open_record(Answer.__table__, stored, keyring)) == (
        "answer",
        "underneath",
    )


@pytest.mark.parametrize("text", ["a new note", Locked("enc:v1:00000000:" + "A" * 40, b"[]", "00000000")])
def test_new_text_or_a_locked_cell_moved_elsewhere_is_not_written_while_locked(text):
    with pytest.raises(LockedError) as err:
        seal_record(Answer.__table__, _answer(answer=text, underneath=""), None)
    assert "column 'answer'" in str(err.value) and "a new note" not in str(err.value)


def test_a_locked_cell_copied_to_another_row_is_sealed_for_that_row_once_unlocked(keyring):
    tbl = Answer.__table__
    locked = open_record(tbl, seal_record(tbl, _answer(), keyring), None)
    copied = dataclasses.replace(locked, question_id="now.2")
    saved = seal_record(tbl, copied, keyring)
    assert open_record(tbl, saved, keyring) == _answer(question_id="now.2")


def test_opened_and_locked_values_survive_pickling_as_themselves(keyring):
    import pickle

    stored = seal_record(Answer.__table__, _answer(), keyring)
    for read in (open_record(Answer.__table__, stored, keyring), open_record(Answer.__table__, stored, None)):
        again = pickle.loads(pickle.dumps(read))
        assert again == read and type(again.answer) is type(read.answer)
        assert seal_record(Answer.__table__, again, keyring).answer == stored.answer


# -- passphrase change and rotation --------------------------------------------------


def test_a_passphrase_change_leaves_every_sealed_cell_unchanged_and_readable(made):
    record, _ = made
    keyring = keys.unlock(record, PASSPHRASE)
    stored = [seal_record(Answer.__table__, _answer(question_id=f"now.{i}"), keyring) for i in range(5)]
    changed = keys.change_passphrase(record, PASSPHRASE, "a brand new passphrase", kdf=FAST)
    after = keys.unlock(changed, "a brand new passphrase")
    assert [open_record(Answer.__table__, s, after) for s in stored] == [
        _answer(question_id=f"now.{i}") for i in range(5)
    ]


def test_after_a_rotation_old_cells_open_and_are_sealed_under_the_new_key_when_saved(made):
    record, _ = made
    before = keys.unlock(record, PASSPHRASE)
    stored = seal_record(Answer.__table__, _answer(), before)
    rotated, _ = keys.rotate(record, PASSPHRASE, kdf=FAST)
    keyring = keys.unlock(rotated, PASSPHRASE)
    read = open_record(Answer.__table__, stored, keyring)
    assert read == _answer() and key_ids_named([stored.answer, read.answer]) == {record.current}
    saved = seal_record(Answer.__table__, read, keyring)
    assert key_ids_named([saved.answer, saved.underneath]) == {rotated.current}
    trimmed = keys.forget_unused_keys(rotated, key_ids_named([saved.answer, saved.underneath]))
    assert trimmed.key_ids == (rotated.current,)
    assert open_record(Answer.__table__, saved, keys.unlock(trimmed, PASSPHRASE)) == _answer()


def test_key_ids_named_reads_stored_cells_and_ignores_text_in_clear(keyring):
    stored = seal_record(Answer.__table__, _answer(), keyring)
    assert key_ids_named([stored.answer, "", None, "enc:v1: a note", 7]) == {keyring.current}


def test_a_conversation_saved_while_locked_with_an_empty_note_is_written():
    conversation = Conversation("c1", "007", ConversationKind.CHECK_IN)
    assert seal_record(Conversation.__table__, conversation, None) == conversation


def test_a_cell_is_the_documented_format_bound_to_the_documented_associated_data(made):
    """The format every stored cell keeps for ever: a change here makes existing notes unreadable."""
    import base64
    import json

    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    record, _ = made
    raw = keys._unwrap_all(record, passphrase=PASSPHRASE)[record.current]
    stored = seal_record(Answer.__table__, _answer(), keys.unlock(record, PASSPHRASE))
    prefix, version, key_id, body = stored.answer.split(":")
    blob = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
    aad = json.dumps(["careernb/v1", "answers", ["c1", "now.1"], "answer", "007"], separators=(",", ":"))
    assert (prefix, version, key_id) == ("enc", "v1", record.current) and "=" not in body
    assert AESGCM(raw).decrypt(blob[:12], blob[12:], aad.encode()) == b"I want to lead"


@pytest.mark.parametrize(
    ("cell", "sealed"),
    [
        ("enc:v1:0badc0de:" + "A" * 38, True),
        ("enc:v1:0badc0de:" + "A" * 37, False),
        ("enc:v1:0BADC0DE:" + "A" * 38, False),
        ("enc:v1:0badc0d:" + "A" * 39, False),
        ("enc:v1:0badc0de:" + "A" * 37 + "=", False),
        ("enc:v1:0badc0de:" + "A" * 37 + "+", False),
        ("enc:v2:0badc0de:" + "A" * 38, False),
        (" enc:v1:0badc0de:" + "A" * 38, False),
        ("enc:v1:", False),
        ("", False),
        (None, False),
    ],
)
def test_a_sealed_cell_is_recognised_by_its_whole_form_not_its_prefix(cell, sealed):
    assert is_sealed(cell) is sealed


def test_a_lone_surrogate_is_refused_naming_the_cell_and_saving_nothing(keyring):
    from careernb.store.sealing import PrivateCellError

    with pytest.raises(PrivateCellError, match="character 4 is half of a character pair") as err:
        seal_record(Answer.__table__, _answer(answer="abc\ud800def"), keyring)
    assert err.value.column == "answer" and "abc" not in str(err.value)


def test_text_opened_in_one_row_and_copied_to_another_is_not_written_while_locked(made):
    keyring = keys.unlock(made[0], PASSPHRASE)
    read = open_record(Answer.__table__, seal_record(Answer.__table__, _answer(), keyring), keyring)
    keyring.lock()
    assert (
        seal_record(Answer.__table__, read, keyring).answer
        == seal_record(Answer.__table__, read, None).answer
    )
    with pytest.raises(LockedError, match="question_id 'now.2'"):
        seal_record(Answer.__table__, dataclasses.replace(read, question_id="now.2"), keyring)


def test_a_table_that_would_seal_its_key_is_refused():
    @table("scribbles", key=("scribble",), per_person=False)
    class Scribble:
        """A private text used as a key: sealing it would change the row it names."""

        scribble: str = column(Privacy.PRIVATE, "Text and key.")

    with pytest.raises(TypeError, match="a key or a reference cannot be sealed"):
        sealed_columns(table_of(Scribble))
