"""Every write on the database takes one lock and reads what it is checked against in one statement."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from careernb.domain.conversations import Answer, Conversation, ConversationKind
from careernb.domain.people import Person
from careernb.errors import UnknownPersonError, UnknownReferenceError

PERSON = "007"
LOCK = "pg_advisory_xact_lock"

# (what the manager does, the statements it runs after its one guard statement)
WRITES = {
    "saving an answer upserts it": (lambda s: s.save(Answer(PERSON, "c1", "q2", "new words")), ["INSERT"]),
    "saving a person rewrites the team": (
        lambda s: s.save(Person("008", "Noor", "ada")),
        ["SELECT", "INSERT"],
    ),
    "updating answers reads then writes them": (
        lambda s: s.update(Answer, PERSON, lambda rows: [*rows, Answer(PERSON, "c1", "q2", "more")]),
        ["SELECT", "INSERT"],
    ),
    "deleting an answer reads then deletes it": (
        lambda s: s.delete(Answer, PERSON, [("c1", "q1")]),
        ["SELECT", "DELETE"],
    ),
}


@pytest.fixture
def ada(pg_org):
    pg_org.add_manager("ada", "ada", "Ada")
    store = pg_org.store("ada")
    store.save(Person(PERSON, "Tomás", "ada"))
    store.save(Conversation("c1", PERSON, ConversationKind.NOW))
    store.save(Answer(PERSON, "c1", "q1", "first words"))
    return store


def _statements(engine: sa.Engine) -> list[str]:
    seen: list[str] = []

    @sa.event.listens_for(engine, "before_cursor_execute")
    def record(conn, cursor, statement, parameters, context, executemany):
        seen.append(statement)

    return seen


@pytest.mark.parametrize("write, after", WRITES.values(), ids=list(WRITES))
def test_every_write_locks_and_reads_its_checks_in_its_first_statement_alone(ada, write, after):
    seen = _statements(ada.engine)

    write(ada)

    guard, *rest = seen
    assert LOCK in guard and "careernb.people" in guard
    rest = [s for s in rest if "my_key()" not in s]  # without a key, the write looks for one made since
    assert [s.split()[0] for s in rest] == after  # no second lock, no second read of the team


def test_an_answers_guard_reads_the_conversations_it_may_refer_to_in_the_same_statement(ada):
    seen = _statements(ada.engine)

    ada.save(Answer(PERSON, "c1", "q2", "words"))

    assert LOCK in seen[0] and "careernb.conversations" in seen[0]
    with pytest.raises(UnknownReferenceError):
        ada.save(Answer(PERSON, "c-missing", "q2", "words"))
    with pytest.raises(UnknownPersonError):
        ada.update(Answer, "stranger", lambda rows: rows)
    assert [a.answer for a in ada.load(Answer, PERSON)] == ["first words", "words"]
