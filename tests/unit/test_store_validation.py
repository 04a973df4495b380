"""Damaged files are refused with a message naming file, row and column; nothing changes."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import pytest

from careernb import TABLES, errors, open_store
from careernb.domain.conversations import Answer, Conversation, ConversationKind
from careernb.domain.people import Person
from careernb.store import CsvStore

PEOPLE_HEADER = "person_id,name,manager_id,role,email,joined,left,transition"
CONV_HEADER = (
    "conversation_id,person_id,kind,planned,planned_time,planned_minutes,held,minutes,"
    "alongside,moved,trust_established,trust_gated_shown,trigger,note"
)
GOOD_PEOPLE = f"{PEOPLE_HEADER}\nada,Ada,,Manager,,,,\n007,Tomás,ada,Engineer,,2025-01-06,,\n"

# file, text, error class, row, column, words the message must hold
CASES = {
    "unknown column": (
        "people.csv",
        "person_id,name,nickname\nada,Ada,A\n",
        errors.UnknownColumnError,
        1,
        "nickname",
        ["nickname", "the columns are"],
    ),
    "missing required column": (
        "people.csv",
        "person_id,role\nada,Manager\n",
        errors.MissingColumnError,
        1,
        "name",
        ["required column 'name'"],
    ),
    "bad date": (
        "people.csv",
        f"{PEOPLE_HEADER}\nada,Ada,,Manager,,,,\n007,Tomás,ada,Engineer,,26/11/2026,,\n",
        errors.BadValueError,
        3,
        "joined",
        ["'26/11/2026'", "YYYY-MM-DD"],
    ),
    "impossible date": (
        "people.csv",
        f"{PEOPLE_HEADER}\nada,Ada,,Manager,,2026-02-30,,\n",
        errors.BadValueError,
        2,
        "joined",
        ["2026-02-30"],
    ),
    "unknown enum value": (
        "people/007/conversations.csv",
        f"{CONV_HEADER}\nc1,007,coffee chat,,,,,,,0,false,false,,\n",
        errors.BadValueError,
        2,
        "kind",
        ["'coffee chat'", "where are you now"],
    ),
    "bad boolean": (
        "people/007/conversations.csv",
        f"{CONV_HEADER}\nc1,007,where are you now,,,,,,,0,yes,false,,\n",
        errors.BadValueError,
        2,
        "trust_established",
        ["true or false"],
    ),
    "duplicate id": (
        "people.csv",
        f"{PEOPLE_HEADER}\nada,Ada,,Manager,,,,\nada,Ada again,,,,,,\n",
        errors.DuplicateKeyError,
        3,
        "person_id",
        ["used by row 2"],
    ),
    "unknown person": (
        "people.csv",
        f"{PEOPLE_HEADER}\nada,Ada,zz,Manager,,,,\n",
        errors.UnknownReferenceError,
        2,
        "manager_id",
        ["'zz'", "people.csv"],
    ),
    "row filed under another person": (
        "people/007/conversations.csv",
        f"{CONV_HEADER}\nc1,ada,where are you now,,,,,,,0,false,false,,\n",
        errors.UnknownReferenceError,
        2,
        "person_id",
        ["belongs to '007'"],
    ),
    "answer to an unknown conversation": (
        "people/007/answers.csv",
        "person_id,conversation_id,question_id,answer\n007,c9,now.draining,hello\n",
        errors.UnknownReferenceError,
        2,
        "conversation_id",
        ["'c9'"],
    ),
    "cells out of step with the header": (
        "people.csv",
        f"{PEOPLE_HEADER}\nada,Ada,,Manager, with a comma,,,,\n",
        errors.MalformedCsvError,
        2,
        None,
        ["9 cells", "header has 8"],
    ),
    "row counted past a multi-line answer": (
        "people/007/answers.csv",
        'person_id,conversation_id,question_id,answer\n007,c1,q1,"two\nlines"\n007,c1,q2,x,y\n',
        errors.MalformedCsvError,
        3,
        None,
        ["row 3 (line 4 in a text editor)"],
    ),
    "empty required name": (
        "people.csv",
        f"{PEOPLE_HEADER}\nada,,,Manager,,,,\n",
        errors.BadValueError,
        2,
        "name",
        ["empty"],
    ),
    "bad id": (
        "people.csv",
        f"{PEOPLE_HEADER}\nada smith,Ada,,Manager,,,,\n",
        errors.BadValueError,
        2,
        "person_id",
        ["not a valid id"],
    ),
    # ids that would clash as folder names, reserved names, careernb.csv's own columns
    "ids that differ only by case": (
        "people.csv",
        f"{PEOPLE_HEADER}\nada,Ada,,Manager,,,,\ntomas,Tomás,ada,,,,,\nTomas,Tomas B,ada,,,,,\n",
        errors.DuplicateKeyError,
        4,
        "person_id",
        ["'Tomas'", "'tomas'", "row 3", "only by case"],
    ),
    "a name Windows reserves": (
        "people.csv",
        f"{PEOPLE_HEADER}\nada,Ada,,Manager,,,,\nCON,Connie,ada,,,,,\n",
        errors.BadValueError,
        3,
        "person_id",
        ["'CON'", "Windows"],
    ),
    "a reserved name with an extension": (
        "people.csv",
        f"{PEOPLE_HEADER}\nada,Ada,,Manager,,,,\nnul.txt,Nul,ada,,,,,\n",
        errors.BadValueError,
        3,
        "person_id",
        ["'nul.txt'", "Windows"],
    ),
    "an id ending in a dot": (
        "people.csv",
        f"{PEOPLE_HEADER}\nada,Ada,,Manager,,,,\ntomas.,Tomás,ada,,,,,\n",
        errors.BadValueError,
        3,
        "person_id",
        ["'tomas.'", "dot"],
    ),
    "an unknown column in careernb.csv": (
        "careernb.csv",
        "key,value,note\nschema_version,1,x\n",
        errors.UnknownColumnError,
        1,
        "note",
        ["'note'", "key, value"],
    ),
    "an unknown key in careernb.csv": (
        "careernb.csv",
        "key,value\nschema_version,1\ncolour,blue\n",
        errors.StoreFormatError,
        3,
        "key",
        ["'colour'"],
    ),
    "a row of careernb.csv with three cells": (
        "careernb.csv",
        "key,value\nschema_version,1,2\n",
        errors.MalformedCsvError,
        2,
        None,
        ["3 cells", "header has 2"],
    ),
}


def _make_store(tmp_path) -> CsvStore:
    store = open_store(tmp_path / "home")
    store.save(Person("ada", "Ada", role="Manager"), Person("007", "Tomás", "ada", "Engineer"))
    store.save(Conversation("c1", "007", ConversationKind.NOW))
    return store


@pytest.mark.parametrize("case", CASES, ids=str)
def test_when_a_file_is_damaged_then_the_error_names_file_row_and_column(tmp_path, case):
    filename, text, error, row, column, words = CASES[case]
    store = _make_store(tmp_path)
    path = store.home / filename
    path.write_text(text, encoding="utf-8")
    before = {p: p.read_bytes() for p in store.home.rglob("*.csv")}

    with pytest.raises(error) as caught:
        CsvStore(store.home, TABLES).check()

    exc = caught.value
    assert exc.path == path
    assert exc.row == row
    assert exc.column == column
    message = str(exc)
    assert str(path) in message
    assert f"row {row}" in message
    if column:
        assert f"column {column!r}" in message
    for word in words:
        assert word in message
    assert message.endswith("Nothing was changed.")
    assert {p: p.read_bytes() for p in store.home.rglob("*.csv")} == before


def test_when_a_file_is_damaged_then_saving_to_it_refuses_and_rewrites_nothing(tmp_path):
    store = _make_store(tmp_path)
    path = store.home / "people.csv"
    damaged = f"{PEOPLE_HEADER}\nada,Ada,,Manager,,,,\n007,Tomás,ada,Engineer,,26/11/2026,,\n"
    path.write_text(damaged, encoding="utf-8")
    with pytest.raises(errors.BadValueError):
        store.save(Person("x1", "New person"))
    assert path.read_text(encoding="utf-8") == damaged


def test_when_a_file_is_not_utf8_then_the_error_says_so(tmp_path):
    store = _make_store(tmp_path)
    path = store.home / "people.csv"
    path.write_bytes(GOOD_PEOPLE.replace("Tomás", "Tom\xe1s").encode("latin-1"))
    with pytest.raises(
        errors.MalformedCsvError, match="people.csv, line 3 in a text editor: byte .* is not UTF-8"
    ):
        CsvStore(store.home, TABLES).check()


@pytest.mark.parametrize("text", [b"", b"\r\n", b"\n"])
def test_when_a_file_holds_no_header_then_the_error_says_it_is_empty(tmp_path, text):
    store = _make_store(tmp_path)
    (store.home / "people" / "007" / "conversations.csv").write_bytes(text)
    with pytest.raises(errors.MissingColumnError, match="row 1: the file is empty, it has no header row"):
        store.check()


def test_when_a_spreadsheet_saved_a_byte_order_mark_then_the_file_still_loads(tmp_path):
    store = _make_store(tmp_path)
    (store.home / "people.csv").write_bytes(b"\xef\xbb\xbf" + GOOD_PEOPLE.encode())
    assert CsvStore(store.home, TABLES).person_ids() == ["ada", "007"]


def test_when_a_person_folder_has_no_person_then_check_names_the_folder(tmp_path):
    store = _make_store(tmp_path)
    (store.home / "people" / "ghost").mkdir()
    with pytest.raises(errors.UnknownReferenceError, match="ghost"):
        store.check()


def test_when_code_saves_an_invalid_value_then_it_is_refused_before_writing(tmp_path):
    store = _make_store(tmp_path)
    before = (store.home / "people.csv").read_bytes()
    with pytest.raises(errors.StoreFormatError, match="person_id"):
        store.save(Person("has space", "Someone"))
    with pytest.raises(errors.UnknownReferenceError, match="'nobody'"):
        store.save(Person("x2", "Someone", manager_id="nobody"))
    assert (store.home / "people.csv").read_bytes() == before


def test_when_loading_an_unknown_person_then_the_error_lists_who_exists(tmp_path):
    store = _make_store(tmp_path)
    with pytest.raises(errors.UnknownPersonError, match="'008'.*Known people: ada, 007"):
        store.load(Conversation, "008")


@pytest.mark.parametrize(
    ("field", "value", "said"),
    [
        ("planned", "next week", "cannot save 'next week': a str is not a date"),
        ("planned", dt.datetime(2026, 11, 26, 9, 30), "a datetime is not a date"),
        ("planned_minutes", "45", "cannot save '45': a str is not a int"),
        ("note", None, "cannot save this text: a NoneType is not a text"),
        ("note", 42, "cannot save this text: a int is not a text"),
    ],
)
def test_when_code_saves_a_value_of_the_wrong_type_then_it_is_refused_naming_the_column(
    tmp_path, field, value, said
):
    """Saved, it would be read back as another value than the one in memory, or not at all."""
    store = _make_store(tmp_path)
    folder = store.home / "people" / "007"
    before = {p: p.read_bytes() for p in folder.rglob("*")} if folder.exists() else {}
    conversation = Conversation("c1", "007", ConversationKind.NOW, dt.date(2026, 11, 26))
    with pytest.raises(errors.StoreFormatError, match=re.escape(said)) as refused:
        store.save(dataclasses.replace(conversation, **{field: value}))
    assert refused.value.column == field
    assert ({p: p.read_bytes() for p in folder.rglob("*")} if folder.exists() else {}) == before
    store.save(conversation)  # the same record, rightly typed, is saved
    assert store.load(Conversation, "007") == [conversation]


def test_a_time_of_day_is_kept_to_the_second_as_it_always_was(tmp_path):
    store = _make_store(tmp_path)
    now = dt.datetime(2026, 11, 26, 14, 30, 5, 123456)
    store.save(Answer("007", "c1", "q1", "fine", updated=now))
    (kept,) = store.load(Answer, "007")
    assert kept.updated == now.replace(microsecond=0)


def test_when_a_file_cannot_be_read_then_load_says_so_in_words(tmp_path, monkeypatch):
    store = _make_store(tmp_path)
    path = store.home / "people" / "007" / "conversations.csv"
    real = type(path).stat

    def denied(self, *args, **kwargs):
        if self == path:
            raise PermissionError(13, "Permission denied", str(path))
        return real(self, *args, **kwargs)

    monkeypatch.setattr(type(path), "stat", denied)
    store._cache.clear()
    with pytest.raises(errors.StoreFormatError, match="careernb may not read it"):
        store.load(Conversation, "007")


def test_when_a_file_of_the_home_is_a_link_then_load_and_frame_refuse_it(tmp_path):
    store = _make_store(tmp_path)
    outside = tmp_path / "outside.csv"
    outside.write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    folder = store.home / "people" / "007"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "conversations.csv").unlink()
    (folder / "conversations.csv").symlink_to(outside)
    for read in (lambda: store.load(Conversation, "007"), lambda: store.frame(Conversation, ["007"])):
        with pytest.raises(errors.LinkInHomeError) as refused:
            read()
        assert "root:x" not in str(refused.value)
