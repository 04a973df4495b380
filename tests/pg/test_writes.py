"""Every write on the database is two calls of the managers' functions: ``hold`` takes the lock and
returns what the rows are checked against, ``write`` writes them. No other statement runs but,
while the manager has no key, one look for a key made since (``my_key()``)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from careernb.domain.conversations import Answer, Conversation, ConversationKind
from careernb.domain.people import Person
from careernb.errors import UnknownPersonError, UnknownReferenceError

PERSON = "007"
HOLD = "careernb.hold("
WRITE = "careernb.write("
READ = "careernb.read("

# (what the manager does, the calls it makes after its one hold)
WRITES = {
    "saving an answer writes it": (lambda s: s.save(Answer(PERSON, "c1", "q2", "new words")), [WRITE]),
    "saving a person reads the team then writes the one changed": (
        lambda s: s.save(Person(PERSON, "Tomás García", "ada")),
        [READ, WRITE],
    ),
    "updating answers reads then writes them": (
        lambda s: s.update(Answer, PERSON, lambda rows: [*rows, Answer(PERSON, "c1", "q2", "more")]),
        [READ, WRITE],
    ),
    "deleting an answer reads then deletes it": (
        lambda s: s.delete(Answer, PERSON, [("c1", "q1")]),
        [READ, WRITE],
    ),
}


@pytest.fixture
def ada(pg_org):
    pg_org.add_manager("ada", "ada", "Ada")
    pg_org.add_person(Person(PERSON, "Tomás"), "ada")
    store = pg_org.store("ada")
    store.save(Conversation("c1", PERSON, ConversationKind.NOW))
    store.save(Answer(PERSON, "c1", "q1", "first words"))
    return store


def _statements(engine: sa.Engine, parameters: list | None = None) -> list[str]:
    seen: list[str] = []

    @sa.event.listens_for(engine, "before_cursor_execute")
    def record(conn, cursor, statement, params, context, executemany):
        seen.append(statement)
        if parameters is not None:
            parameters.append(params)

    return seen


def _called(statement: str) -> str:
    return next(f for f in (HOLD, WRITE, READ) if f in statement)


@pytest.mark.parametrize("write, after", WRITES.values(), ids=list(WRITES))
def test_every_write_holds_its_lock_and_checks_in_its_first_call_then_writes_in_one(ada, write, after):
    seen = _statements(ada.engine)

    write(ada)

    hold, *rest = seen
    assert HOLD in hold
    rest = [s for s in rest if "my_key()" not in s]  # without a key, the write looks for one made since
    assert [_called(s) for s in rest] == after  # no second lock, no second read of the team


def test_an_answers_hold_returns_the_conversations_it_may_refer_to(ada):
    parameters: list = []
    seen = _statements(ada.engine, parameters)

    ada.save(Answer(PERSON, "c1", "q2", "words"))

    assert HOLD in seen[0] and parameters[0]["refer"] == ["conversations"]
    with pytest.raises(UnknownReferenceError):
        ada.save(Answer(PERSON, "c-missing", "q2", "words"))
    with pytest.raises(UnknownPersonError):
        ada.update(Answer, "stranger", lambda rows: rows)
    assert [a.answer for a in ada.load(Answer, PERSON)] == ["first words", "words"]
