"""A file's sealed cells opened a column at a time read exactly what each cell opened alone reads:
the same text, the same refusals of a damaged, moved or unknown cell, named by file, row and column."""

from __future__ import annotations

import csv
import dataclasses

import pytest

from careernb import TABLES
from careernb.domain.conversations import Answer
from careernb.home import lock, open_store
from careernb.store import CsvStore, keys, opening, session, table_of
from careernb.store.files import write_file
from careernb.store.keyring import UnknownKeyError
from careernb.store.seal_home import stored_files
from careernb.store.sealing import (
    Opened,
    PrivateCellError,
    TamperedCellError,
    open_record,
    seal_record,
    sealed_columns,
)
from tests.keyed import FAST, PASSPHRASE, seal

ANSWERS = table_of(Answer)
ANSWER, UNDERNEATH = ANSWERS.header.index("answer"), ANSWERS.header.index("underneath")
HEAD = 16  # enc:v1:<key id>:
SEALED_TABLES = [t for t in TABLES if sealed_columns(table_of(t))]


@pytest.fixture(autouse=True)
def _locked_after():
    yield
    session.lock()


def _path(store: CsvStore):
    return store.home / "people" / "007" / "answers.csv"


def _edit(store: CsvStore, change) -> None:
    rows = _rows(store)
    change(rows)
    with open(_path(store), "w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\r\n").writerows(rows)


def _body(change, row: int = 2):
    """An edit of one row's sealed answer (the second, unless told): its text after the key id."""

    def edit(rows):
        cell = rows[row][ANSWER]
        rows[row][ANSWER] = cell[:HEAD] + change(cell[HEAD:])

    return edit


def _as_base64(url_safe: str, plain: str):
    """The first answer holding ``url_safe`` written with base64's own letter for it: the same
    bytes, so the cell would open; but no cell is ever written so, and it is refused."""

    def edit(rows):
        row = next(r for r in rows[1:] if url_safe in r[ANSWER][HEAD:])
        row[ANSWER] = row[ANSWER][:HEAD] + row[ANSWER][HEAD:].replace(url_safe, plain, 1)

    return edit


def _swap_columns(rows):
    rows[2][ANSWER], rows[2][UNDERNEATH] = rows[2][UNDERNEATH], rows[2][ANSWER]


DAMAGE = {
    "a plus sign in the body": _body(lambda b: "+" + b[1:]),
    "a minus written as base64's plus": _as_base64("-", "+"),
    "an underscore written as base64's slash": _as_base64("_", "/"),
    "padding at the end of the last cell": _body(lambda b: b + "=" * (-len(b) % 4 or 4), row=-1),
    "one character cut off": _body(lambda b: b[:-1]),
    "two characters cut off": _body(lambda b: b[:-2]),
    "one character changed": _body(lambda b: ("B" if b[0] == "A" else "A") + b[1:]),
    "a dot inside": _body(lambda b: b[:10] + "." + b[11:]),
    "a letter that is not ASCII": _body(lambda b: b[:10] + "é" + b[11:]),
    "too short to hold a nonce and a tag": _body(lambda b: b[:37]),
    "the key id in capitals": lambda rows: rows[2].__setitem__(ANSWER, rows[2][ANSWER].upper()),
    "answer and underneath swapped": _swap_columns,
    "in clear": lambda rows: rows[2].__setitem__(ANSWER, "typed in clear by someone else"),
    "under a key the record does not hold": lambda rows: rows[2].__setitem__(
        ANSWER, "enc:v1:0badc0de:" + rows[2][ANSWER][HEAD:]
    ),
}


def _outcome(run):
    """What reading gives: the values and what they remember, or the error's kind and its cell."""
    try:
        records = run()
    except (PrivateCellError, UnknownKeyError) as exc:
        return type(exc), getattr(exc, "key", None), getattr(exc, "column", None)
    return [
        (getattr(r, c.name), type(getattr(r, c.name)), getattr(getattr(r, c.name), "aad", None))
        for r in records
        for c in sealed_columns(ANSWERS)
    ]


def _careful(store: CsvStore, tmp_path):
    """The answers as stored (parsed, no cell opened), each record opened alone."""
    stored = next(f.rows for f in stored_files(store) if f.path == _path(store))
    return [open_record(ANSWERS, r, session.held()) for r in stored]


@pytest.mark.parametrize("locked", [False, True], ids=["unlocked", "locked"])
@pytest.mark.parametrize("damage", DAMAGE.values(), ids=DAMAGE.keys())
def test_a_damaged_cell_is_read_as_the_careful_way_reads_it_alone(demo, tmp_path, damage, locked):
    seal(demo)
    if locked:
        lock()
    _edit(demo, damage)
    fast = _outcome(lambda: open_store(demo.home, create=False).load(Answer, "007"))
    assert fast == _outcome(lambda: _careful(demo, tmp_path))
    if not locked:
        assert isinstance(fast, tuple), "unlocked, every damage is refused"


@pytest.mark.parametrize(
    "damage", ["one character changed", "answer and underneath swapped", "a plus sign in the body"]
)
def test_a_refused_cell_is_named_by_file_row_and_column_never_by_its_text(demo, damage):
    seal(demo)
    before = open_store(demo.home, create=False).load(Answer, "007")[1].answer
    _edit(demo, DAMAGE[damage])
    with pytest.raises(TamperedCellError) as err:
        open_store(demo.home, create=False).load(Answer, "007")
    assert (err.value.path, err.value.row) == (_path(demo), 3)
    assert err.value.column in ("answer", "underneath")
    assert before not in str(err.value)


def test_cells_under_an_older_key_and_the_current_one_open_in_one_file(demo, tmp_path):
    record = seal(demo)
    rotated, _ = keys.rotate(record, PASSPHRASE, kdf=FAST)
    keys.write_key_file(demo.home / keys.KEY_FILE, rotated)
    keyring = keys.unlock(rotated, PASSPHRASE)
    session.hold(keyring)
    answers = open_store(demo.home, create=False).load(Answer, "007")
    # The first row sealed again under the new key, the others as they are: a file half rotated.
    reworded = dataclasses.replace(answers[0], answer="sealed under the new key")
    stored = [seal_record(ANSWERS, reworded, keyring), *map(_as_stored, answers[1:])]
    write_file(_path(demo), ANSWERS, stored)
    assert len({row[ANSWER][:HEAD] for row in _rows(demo)[1:] if row[ANSWER]}) == 2
    fast = _outcome(lambda: open_store(demo.home, create=False).load(Answer, "007"))
    assert fast == _outcome(lambda: _careful(demo, tmp_path))
    assert fast[0][0] == "sealed under the new key"
    assert all(kind is Opened for value, kind, _ in fast if value)


def _as_stored(record):
    changes = {
        c.name: getattr(record, c.name).cell for c in sealed_columns(ANSWERS) if getattr(record, c.name)
    }
    return dataclasses.replace(record, **changes)


def _rows(store: CsvStore) -> list[list[str]]:
    with open(_path(store), encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


@pytest.mark.parametrize("locked", [False, True], ids=["unlocked", "locked"])
def test_a_sound_home_opens_a_column_at_a_time_without_the_careful_way(demo, monkeypatch, locked):
    seal(demo)
    if locked:
        lock()
    expected = {(t, p): _careful_load(demo, t, p) for t in SEALED_TABLES for p in demo.person_ids()}

    def careful(*args):
        raise AssertionError("a sound cell went the careful way")

    monkeypatch.setattr(opening, "_read_cell", careful)
    store = open_store(demo.home, create=False)
    assert {(t, p): store.load(t, p) for t in SEALED_TABLES for p in demo.person_ids()} == expected


def _careful_load(store: CsvStore, record_type: type, pid: str) -> list:
    return open_store(store.home, create=False).load(record_type, pid)
