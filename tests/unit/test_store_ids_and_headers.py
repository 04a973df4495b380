"""Ids that would clash as folder names and reserved names, refused at save and at load too.
(The damaged-file cases, file, row and column, are in test_store_validation's CASES.)"""

from __future__ import annotations

import pytest

from careernb import TABLES, errors
from careernb.domain.people import Person
from careernb.store import CsvStore
from tests.unit.test_store_validation import _make_store


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
