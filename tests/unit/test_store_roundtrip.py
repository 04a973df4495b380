"""Every typed character survives a save and a load, in every table."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from careernb import TABLES, open_store
from careernb.domain.contract import Contract
from careernb.domain.conversations import Conversation, ConversationKind
from careernb.domain.people import Person
from careernb.store import CsvStore, table_of
from tests.strategies import tables_rows

PERSON = "007"
REFERENCES = {
    "people": st.just(PERSON),
    "conversations": st.just("c1"),
    "contracts": st.just(1),
    "signals": st.just("s1"),
}


def _base_store(home: Path) -> CsvStore:
    store = open_store(home)
    store.save(Person("ada", "Ada"), Person(PERSON, "Tomás", "ada"))
    store.save(Conversation("c1", PERSON, ConversationKind.NOW))
    store.save(Contract(PERSON, 1))
    return store


@pytest.mark.parametrize("record_type", TABLES, ids=lambda t: table_of(t).name)
def test_when_rows_are_saved_then_a_fresh_load_returns_them_exactly(record_type, tmp_path_factory):
    table = table_of(record_type)
    home = tmp_path_factory.mktemp("home")
    store = _base_store(home)
    base_rows = {t: store.load(t, PERSON if table_of(t).per_person else None) for t in TABLES}
    fixed = {"person_id": PERSON} if table.per_person else {}
    if table.name == "people":
        references = {**REFERENCES, "people": st.sampled_from(["ada", None])}
    else:
        references = REFERENCES

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(rows=tables_rows(table, references, **fixed))
    def round_trip(rows):
        if table.name == "people":
            rows = [r for r in rows if r.person_id not in ("ada",)]
            rows = [Person("ada", "Ada"), *rows]
        pid = PERSON if table.per_person else None
        store.update(record_type, pid, lambda _old: rows)
        fresh = CsvStore(home, TABLES)
        assert fresh.load(record_type, pid) == rows
        # The file is plain CSV that pandas reads to the same cells, when asked not to guess.
        path = home / "people" / PERSON / table.filename if table.per_person else home / table.filename
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
        assert list(frame.columns) == table.header
        assert frame.values.tolist() == [table.to_row(r) for r in rows]
        store.update(record_type, pid, lambda _old: base_rows[record_type])

    round_trip()


@pytest.mark.parametrize(
    "text",
    [
        "007",
        "",
        "a, b; c",
        'quote " inside and "" doubled',
        "first line\nsecond line\r\nthird\rfourth",
        "\ttabbed\t",
        "emoji 🚀 and flags 🇳🇬",
        "مرحبا — עברית",
        "=1+1",
        "x" * 10_000,
        "  leading and trailing spaces  ",
        "NA",
        "nan",
    ],
    ids=repr,
)
def test_when_answer_has_tricky_text_then_it_round_trips(store, text):
    from careernb.domain.conversations import Answer

    store.save(Person("ada", "Ada"), Person(PERSON, "Tomás", "ada"))
    store.save(Conversation("c1", PERSON, ConversationKind.NOW))
    answer = Answer(
        PERSON, "c1", "now.draining", text, underneath=text, updated=dt.datetime(2026, 11, 26, 9, 30)
    )
    store.save(answer)
    assert CsvStore(store.home, TABLES).load(Answer, PERSON) == [answer]


def test_when_person_id_has_leading_zeros_then_it_stays_a_string(store):
    store.save(Person("007", "Bond"))
    assert store.person_ids() == ["007"]
    assert (store.home / "people.csv").read_text().splitlines()[1].startswith("007,")


def test_when_optional_text_is_empty_then_it_stays_empty_and_optional_date_stays_missing(store):
    store.save(Person("ada", "Ada", role="", joined=None))
    (ada,) = CsvStore(store.home, TABLES).load(Person)
    assert ada.role == "" and ada.joined is None


def test_half_a_character_is_refused_naming_the_column_never_repeating_the_note(demo):
    """A lone surrogate, what a copy that cut an emoji in two leaves: it cannot be written as UTF-8."""
    import dataclasses

    from careernb.domain.conversations import Answer
    from careernb.errors import StoreFormatError

    path = demo.home / "people" / "007" / "answers.csv"
    before = path.read_bytes()
    answer = demo.load(Answer, "007")[0]
    with pytest.raises(StoreFormatError) as refused:
        demo.save(dataclasses.replace(answer, answer="She wants to lead \ud83d the platform team"))
    said = str(refused.value)
    assert "column 'answer'" in said and "half of a character (U+D83D at character 19)" in said
    assert "lead" not in said and "Nothing was changed" in said
    assert path.read_bytes() == before
