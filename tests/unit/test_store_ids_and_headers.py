"""Ids that would clash as folder names, reserved names, careernb.csv's columns, and a cell
count that tells the truth: each refused with file, row and column; nothing changes."""

from __future__ import annotations

import pytest

from careernb import TABLES, errors
from careernb.domain.people import Person
from careernb.store import CsvStore
from tests.unit.test_store_validation import PEOPLE_HEADER, _make_store

# file, text, error class, row, column, words the message must hold
CASES = {
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


@pytest.mark.parametrize("case", CASES, ids=str)
def test_the_error_names_file_row_and_column_and_changes_nothing(tmp_path, case):
    filename, text, error, row, column, words = CASES[case]
    store = _make_store(tmp_path)
    path = store.home / filename
    path.write_text(text, encoding="utf-8")
    before = {p: p.read_bytes() for p in store.home.rglob("*.csv")}
    with pytest.raises(error) as caught:
        CsvStore(store.home, TABLES).check()
    exc = caught.value
    message = str(exc)
    assert (exc.path, exc.row, exc.column) == (path, row, column), message
    assert str(path) in message and f"row {row}" in message
    for word in words:
        assert word in message
    assert {p: p.read_bytes() for p in store.home.rglob("*.csv")} == before


def test_saving_a_person_whose_id_differs_only_by_case_is_refused(tmp_path):
    store = _make_store(tmp_path)
    with pytest.raises(errors.StoreFormatError, match="only by case"):
        store.save(Person("Ada", "Ada Again", role="Manager"))
    with pytest.raises(errors.StoreFormatError, match="Windows"):
        store.save(Person("aux", "Aux", "ada"))
    assert sorted(store.person_ids()) == ["007", "ada"]


def test_a_header_split_by_a_stray_carriage_return_is_named_as_such(tmp_path):
    """A tool appended ',extra' after the header's CR LF: the header reads 9 names in an editor."""
    store = _make_store(tmp_path)
    path = store.home / "people.csv"
    lines = path.read_bytes().split(b"\r\n")
    path.write_bytes(b"\r\n".join([lines[0] + b"\r,extra", *lines[1:]]))
    with pytest.raises(errors.MalformedCsvError) as caught:
        CsvStore(store.home, TABLES).check()
    message = str(caught.value)
    assert "carriage return" in message and "line 1" in message
    assert "2 cells but the header has 8" not in message
