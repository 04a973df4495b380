"""The Store protocol's promises, held by both backends: a data home and the organisation's database."""

from __future__ import annotations

import dataclasses
import multiprocessing
import os
import signal
import time
from pathlib import Path

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from careernb.domain.contract import Contract
from careernb.domain.conversations import Answer, Conversation, ConversationKind
from careernb.domain.people import Person
from careernb.errors import (
    CareernbError,
    NewerStoreError,
    StoreFormatError,
    UnknownPersonError,
    UnknownReferenceError,
)
from careernb.home import TABLES, open_store
from careernb.store import DATA_HOME, Scope, table_of
from careernb.store.base import upsert
from careernb.store.sql import SqlStore
from careernb.store.sql_schema import SCHEMA
from tests.strategies import tables_rows

PERSON = "007"
BACKENDS = ["csv", "postgresql"]


@dataclasses.dataclass
class Backend:
    name: str
    location: str
    """The data home's folder or the database URL of the manager ``ada``."""
    admin: str | None = None
    opened: list = dataclasses.field(default_factory=list)

    def open(self):
        store = open_store(store=self.location)
        self.opened.append(store)
        return store

    def add(self, person: Person, manager_role: str = "ada") -> None:
        """A person in ``manager_role``'s team: saved by the manager in a data home, added by the
        administrator in an organisation (where managers add nobody)."""
        if self.admin is None:
            self.open().save(dataclasses.replace(person, manager_id="ada"))
            return
        from careernb.organisation.admin import add_person

        add_person(self.admin, person, manager_role)


@pytest.fixture(params=BACKENDS)
def backend(request, tmp_path):
    if request.param == "csv":
        b = Backend("csv", str(tmp_path / "home"))
        b.open().save(Person("ada", "Ada"))
        yield b
        return
    org = request.getfixturevalue("pg_org")
    b = Backend("postgresql", org.add_manager("ada", "ada", "Ada"), org.admin)
    yield b
    for store in b.opened:
        if isinstance(store, SqlStore):
            store.close()


@pytest.fixture
def base(backend):
    store = backend.open()
    backend.add(Person(PERSON, "Tomás", "ada"))
    store.save(Conversation("c1", PERSON, ConversationKind.NOW))
    store.save(Contract(PERSON, 1))
    return store


def _has_nul(rows) -> bool:
    return any("\x00" in v for r in rows for v in dataclasses.astuple(r) if isinstance(v, str))


@pytest.mark.parametrize("record_type", TABLES, ids=lambda t: table_of(t).name)
def test_every_table_round_trips_on_both_backends(backend, base, record_type):
    table = table_of(record_type)
    pid = PERSON if table.per_person else None
    before = base.load(record_type, pid)
    fixed = {"person_id": PERSON} if table.per_person else {}
    refs = {
        "people": st.just(PERSON) if table.name != "people" else st.just("ada"),
        "conversations": st.just("c1"),
        "contracts": st.just(1),
        "signals": st.just("s1"),
    }

    @settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
    @given(rows=tables_rows(table, refs, **fixed))
    def round_trip(rows):
        if table.name == "people":
            rows = [Person("ada", "Ada"), *[r for r in rows if r.person_id != "ada"]]
            if backend.name == "postgresql":  # in an organisation a manager holds the people they manage
                rows = [rows[0], *[dataclasses.replace(r, manager_id="ada") for r in rows[1:]]]
        if backend.name == "postgresql" and table.name == "people":
            edits_people(rows)
            return
        if backend.name == "postgresql" and _has_nul(rows):
            with pytest.raises(StoreFormatError, match="U\\+0000"):
                base.update(record_type, pid, lambda _old: rows)
            assert base.load(record_type, pid) == before
            return
        base.update(record_type, pid, lambda _old: rows)
        assert backend.open().load(record_type, pid) == rows
        frame = base.frame(record_type, [PERSON] if table.per_person else None)
        assert frame.values.tolist() == [table.to_row(r) for r in rows]
        base.update(record_type, pid, lambda _old: before)
        if rows:  # save() too: in place by key, new rows appended, as upsert() says
            base.save(*rows)
            assert backend.open().load(record_type, pid) == upsert(table, rows)(before)
            base.update(record_type, pid, lambda _old: before)

    def edits_people(rows):
        # In an organisation the administrator adds people; their manager edits every column but
        # whom they report to, and deletes nobody.
        known = set(base.person_ids())
        # People added by earlier examples stay: an id differing from one of theirs only by case
        # is refused for the whole team (its folder would mix with theirs), as it should be.
        folded = {k.casefold(): k for k in known}
        assume(all(folded.get(r.person_id.casefold(), r.person_id) == r.person_id for r in rows))
        for r in rows[1:]:
            if r.person_id not in known:
                backend.add(Person(r.person_id, "someone"))
        edited = {r.person_id: r for r in rows}
        people = base.load(Person)
        if _has_nul(rows):
            with pytest.raises(StoreFormatError, match="U\\+0000"):
                base.update(Person, None, lambda old: [edited.get(p.person_id, p) for p in old])
            assert base.load(Person) == people
            return
        base.update(Person, None, lambda old: [edited.get(p.person_id, p) for p in old])
        loaded = {p.person_id: p for p in backend.open().load(Person)}
        assert [loaded[r.person_id] for r in rows] == rows
        frame = base.frame(Person)
        assert frame.values.tolist() == [table.to_row(p) for p in base.load(Person)]

    round_trip()


HOSTILE = ["it's", 'say "hi"', "'; DROP TABLE careernb.people; --", "x" * 10_000, "\\x00 as text", "%s %(x)s"]


@pytest.mark.parametrize("text", HOSTILE, ids=lambda t: repr(t[:20]))
def test_hostile_text_is_stored_literally(backend, base, text):
    answer = Answer(PERSON, "c1", "q1", text, underneath=text)
    base.save(answer)
    assert backend.open().load(Answer, PERSON) == [answer]
    assert backend.open().person_ids() == ["ada", PERSON]


def test_nul_is_kept_by_a_data_home_and_refused_clearly_by_the_database(backend, base):
    answer = Answer(PERSON, "c1", "q1", "before\x00after")
    if backend.name == "csv":
        base.save(answer)
        assert backend.open().load(Answer, PERSON) == [answer]
        return
    with pytest.raises(StoreFormatError, match="U\\+0000 \\(NUL\\).*Remove it") as caught:
        base.save(answer)
    assert caught.value.column == "answer"
    assert backend.open().load(Answer, PERSON) == []


def test_what_could_not_be_read_back_is_refused_and_nothing_changes(backend, base):
    with pytest.raises(UnknownPersonError):
        base.save(Answer("nobody", "c1", "q1", "x"))
    with pytest.raises(UnknownReferenceError):
        base.save(Answer(PERSON, "no-such-conversation", "q1", "x"))
    with pytest.raises(StoreFormatError, match="share the key"):
        base.update(
            Answer, PERSON, lambda _: [Answer(PERSON, "c1", "q1", "a"), Answer(PERSON, "c1", "q1", "b")]
        )
    with pytest.raises(StoreFormatError):
        base.save(Person("bad id!", "X", "ada"))
    assert base.load(Answer, PERSON) == []
    assert backend.open().person_ids() == ["ada", PERSON]


def test_update_reads_changes_and_writes_in_order(backend, base):
    rows = [Answer(PERSON, "c1", f"q{i}", str(i)) for i in range(5)]
    base.update(Answer, PERSON, lambda _: rows)
    base.update(Answer, PERSON, lambda old: [*old[3:], *old[:2]])  # reorder and drop one
    assert [a.question_id for a in backend.open().load(Answer, PERSON)] == ["q3", "q4", "q0", "q1"]
    base.save(Answer(PERSON, "c1", "q4", "changed"), Answer(PERSON, "c1", "q9", "new"))
    loaded = backend.open().load(Answer, PERSON)
    assert [(a.question_id, a.answer) for a in loaded] == [
        ("q3", "3"),
        ("q4", "changed"),
        ("q0", "0"),
        ("q1", "1"),
        ("q9", "new"),
    ]
    base.delete(Answer, PERSON, [("c1", "q0")])
    assert [a.question_id for a in backend.open().load(Answer, PERSON)] == ["q3", "q4", "q1", "q9"]


def test_a_team_reads_as_each_person_alone_and_a_stranger_is_refused(backend, base):
    backend.add(Person("008", "Wen", "ada"))
    base.save(Conversation("c2", "008", ConversationKind.DIRECTION))
    base.save(Answer(PERSON, "c1", "q2", "second"), Answer(PERSON, "c1", "q1", "first"))
    base.save(Answer("008", "c2", "q1", "hers"))
    team = backend.open().load_team(Answer, ["008", PERSON, "008"])
    assert list(team) == ["008", PERSON]
    assert team == {p: base.load(Answer, p) for p in ("008", PERSON)}
    assert [a.question_id for a in team[PERSON]] == ["q2", "q1"]  # each person's rows in written order
    assert backend.open().load_team(Contract, ["008"]) == {"008": []}
    with pytest.raises(UnknownPersonError, match="nobody"):
        base.load_team(Answer, [PERSON, "nobody"])
    with pytest.raises(TypeError):
        base.load_team(Person, [PERSON])


def test_a_snapshot_reads_as_its_store_and_refuses_to_write(backend, base):
    from careernb.store.snapshot import Snapshot

    backend.add(Person("008", "Wen", "ada"))
    base.save(Answer(PERSON, "c1", "q1", 'one, "quoted"', share=True), Answer(PERSON, "c1", "q2", "two"))
    base.save(Contract("008", 1), Contract("008", 2))
    store = backend.open()
    snap = Snapshot(store)
    assert snap.person_ids() == store.person_ids()
    assert snap.location == store.location
    for record_type in TABLES:
        if table_of(record_type).per_person:
            assert snap.load_team(record_type, ["008", PERSON]) == store.load_team(
                record_type, ["008", PERSON]
            )
            for pid in (PERSON, "008"):
                assert snap.load(record_type, pid) == store.load(record_type, pid)
        else:
            assert snap.load(record_type) == store.load(record_type)
        for ids in (None, ["008", PERSON], [PERSON]):
            assert snap.frame(record_type, ids).equals(store.frame(record_type, ids)), record_type
    assert snap.frame(Answer, [PERSON], ["question_id", "share"]).equals(
        store.frame(Answer, [PERSON], ["question_id", "share"])
    )
    assert snap.load_where(Answer, PERSON, "share", True) == store.load_where(Answer, PERSON, "share", True)
    base.save(Answer(PERSON, "c1", "q3", "after the snapshot"))
    assert len(snap.load(Answer, PERSON)) == 2  # what was read stays as it was read
    with pytest.raises(UnknownPersonError):
        snap.load(Answer, "nobody")
    for write in (
        lambda: snap.save(Answer(PERSON, "c1", "q4", "x")),
        lambda: snap.update(Answer, PERSON, list),
        lambda: snap.delete(Answer, PERSON, [("c1", "q1")]),
        lambda: snap.remove_person_data(PERSON),
    ):
        with pytest.raises(CareernbError, match="read-only"):
            write()
    assert len(store.load(Answer, PERSON)) == 3


def test_rows_are_picked_by_a_typed_value_on_both_backends(backend, base):
    base.save(Answer(PERSON, "c1", "q1", "kept", share=False), Answer(PERSON, "c1", "q2", "told", share=True))
    shared = backend.open().load_where(Answer, PERSON, "share", True)
    assert [(a.question_id, a.answer) for a in shared] == [("q2", "told")]
    assert (
        backend.open().load_where(Conversation, PERSON, "kind", ConversationKind.NOW)[0].conversation_id
        == "c1"
    )
    assert backend.open().load_where(Conversation, PERSON, "kind", ConversationKind.GAP) == []
    with pytest.raises(KeyError):
        base.load_where(Answer, PERSON, "no_such_column", 1)


def test_a_store_written_by_a_newer_careernb_is_refused(backend, base):
    if backend.name == "csv":
        (Path(backend.location) / "careernb.csv").write_text("key,value\nschema_version,99\n")
    else:
        engine = sa.create_engine(backend.admin)
        with engine.begin() as conn:
            conn.execute(sa.text(f"UPDATE {SCHEMA}.alembic_version SET version_num = '0099'"))
        engine.dispose()
        from careernb.organisation.admin import migrate

        with pytest.raises(NewerStoreError, match="newer careernb"):
            migrate(backend.admin)
    with pytest.raises(NewerStoreError, match="schema version 99"):
        backend.open()


# -- concurrency: processes, as managers save from several notebooks at once --------------------

MANAGERS = 10
PER_PROCESS = 8


def _saver(location: str, person: str, tag: str, start: float) -> None:
    store = open_store(store=location)
    while time.time() < start:
        time.sleep(0.005)
    for i in range(PER_PROCESS):
        store.save(Answer(person, "c1", f"{tag}-{i}", f"answer {i}"))
    if isinstance(store, SqlStore):
        store.close()


def _organisation(backend, base) -> list[tuple[str, str]]:
    """(location, person) per manager: ten managers in the database, ten people in a data home."""
    out = []
    for m in range(MANAGERS):
        person = f"p{m}"
        if backend.name == "postgresql":
            from careernb.organisation.logins import add_manager

            add_manager(backend.admin, f"m{m}", f"m{m}", name=f"Manager {m}")
            location = backend.location.replace("ada@", f"m{m}@")
            backend.add(Person(person, f"Report {m}"), f"m{m}")
            store = SqlStore(location, TABLES)
        else:
            location, store = backend.location, base
            store.save(Person(person, f"Report {m}", "ada"))
        store.save(Conversation("c1", person, ConversationKind.NOW))
        if isinstance(store, SqlStore):
            store.close()
        out.append((location, person))
    return out


def test_twenty_processes_as_ten_managers_lose_no_answer(backend, base):
    managers = _organisation(backend, base)
    ctx = multiprocessing.get_context("spawn")
    start = time.time() + 4
    procs = [
        ctx.Process(target=_saver, args=(location, person, f"w{k}", start))
        for location, person in managers
        for k in range(2)
    ]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
    assert [p.exitcode for p in procs] == [0] * len(procs)
    for location, person in managers:
        store = open_store(store=location)
        got = {a.question_id for a in store.load(Answer, person)}
        assert got == {f"w{k}-{i}" for k in range(2) for i in range(PER_PROCESS)}
        if isinstance(store, SqlStore):
            store.close()


def _killed_mid_write(location: str, ready) -> None:
    store = open_store(store=location)

    def slow(rows):
        ready.set()
        time.sleep(60)
        return [*rows, Answer(PERSON, "c1", "never", "never saved")]

    store.update(Answer, PERSON, slow)


def test_a_writer_killed_mid_transaction_leaves_the_previous_state(backend, base):
    kept = Answer(PERSON, "c1", "kept", "kept")
    base.save(kept)
    ctx = multiprocessing.get_context("spawn")
    ready = ctx.Event()
    proc = ctx.Process(target=_killed_mid_write, args=(backend.location, ready))
    proc.start()
    assert ready.wait(60)
    os.kill(proc.pid, signal.SIGKILL)
    proc.join(10)
    assert backend.open().load(Answer, PERSON) == [kept]
    base.save(Answer(PERSON, "c1", "after", "after"))  # the lock went with the process
    assert [a.question_id for a in backend.open().load(Answer, PERSON)] == ["kept", "after"]


def test_a_store_names_its_tables_and_whose_team_it_shows(backend):
    store = backend.open()
    assert set(store.tables) == {table_of(t).name for t in TABLES}  # replies too, since revision 0005
    if backend.name == "csv":
        assert store.scope == DATA_HOME
    else:
        assert store.scope == Scope(manager_id="ada", writer="ada", reads_private=True)
    from careernb.store.snapshot import Snapshot

    assert Snapshot(store).scope == store.scope


def test_a_store_closed_lets_go_of_its_connections_and_can_still_be_used(backend, base):
    """``close()`` is on the protocol: the app checks a database and closes it before any page
    opens; a snapshot closes the store it reads."""
    from careernb.store.snapshot import Snapshot

    base.load(Conversation, PERSON)
    Snapshot(base).close()
    if backend.name == "postgresql":
        assert base.engine.pool.checkedin() == 0
    base.save(Conversation("c2", PERSON, ConversationKind.NOW))
    base.close()
    assert [c.conversation_id for c in base.load(Conversation, PERSON)] == ["c1", "c2"]
