"""The one gate that person data passes through on its way out of the store.

Every export — the contract HTML, the .eml and .ics files, the team view,
the person's copy, a handover — reads its data from :func:`for_person` or
:func:`for_team`, never from the store directly. Each column's privacy class
decides what passes:

- ``private`` never passes (an answer marked *share* is the one exception,
  and only towards the person it is about, and never a trust-gated one);
- ``person`` passes to the person the row is about;
- ``team`` passes to the person and into the manager's team-wide view.
"""

from __future__ import annotations

import dataclasses
import enum
import functools
from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from careernb.domain.conversations import Answer
from careernb.domain.people import Person
from careernb.domain.questions import bank, playbook_questions
from careernb.errors import CareernbError, UnknownPersonError, where_people
from careernb.store import Kind, Privacy, Store, Table, session, table_of
from careernb.store.keyring import LockedError
from careernb.store.sealing import locked_fields, open_record

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

R = TypeVar("R", bound="DataclassInstance")


class Audience(enum.StrEnum):
    PERSON = "person"
    """The report the data is about."""
    TEAM = "team"
    """The manager's team-wide view (which HR may also read)."""


_VISIBLE = {
    Audience.PERSON: {Privacy.PERSON, Privacy.TEAM},
    Audience.TEAM: {Privacy.TEAM},
}


@functools.cache
def _playbook_gated() -> frozenset[str]:
    return frozenset(q.question_id for q in playbook_questions() if q.trust_gated)


def redact(record: R, audience: Audience, *, gated: Collection[str] = ()) -> R | None:
    """The record with every cell the audience may not see reset to its empty default.

    None when a cell it may not see is one the row cannot exist without (its
    id, say): such rows are the manager's alone. A required text the audience
    may not see (a commitment's action, for the team view) is blanked.
    An answer's ``share`` never lifts the answer to a trust-gated question (the
    playbook's, and any in ``gated``): a second check after the question filter.
    """
    table = table_of(record)
    hidden: dict[str, Any] = {}
    never_lifted = isinstance(record, Answer) and (
        record.question_id in _playbook_gated() or record.question_id in gated
    )
    for col in table.columns:
        lifted = (
            audience is Audience.PERSON
            and col.shared_when is not None
            and not never_lifted
            and bool(getattr(record, col.shared_when))
        )
        if col.privacy in _VISIBLE[audience] or lifted:
            continue
        if col.required and col.kind is not Kind.TEXT:
            return None
        hidden[col.name] = "" if col.required else col.default
    return dataclasses.replace(record, **hidden) if hidden else record


class NotSharedError(UnknownPersonError):
    """A person asked of a shared view that does not hold them (a bug in the caller, not the data)."""

    def __init__(self, person_id: str, audience: Audience, shared: list[str]) -> None:
        self.person_id = person_id
        self.audience = audience
        self.shared = shared
        CareernbError.__init__(
            self,
            f"{person_id!r} is not in this {audience.value} view, which holds "
            f"{', '.join(shared) or 'no one'}: build the view for {person_id!r} with for_person or "
            "for_team before reading them from it.",
        )


@dataclasses.dataclass(frozen=True)
class Shared:
    """What one audience may see: redacted records per table."""

    audience: Audience
    people: tuple[Person, ...]
    tables: Mapping[str, tuple[Any, ...]]

    def records(self, record_type: type[R], person_id: str | None = None) -> list[R]:
        """The rows that may be shown; private text that passes (a shared answer) is opened.

        Read while the manager's key is locked, such text is a ``Locked`` value: the gate asks
        the session to unlock (``careernb.store.session.ask``) and otherwise refuses with
        ``LockedError``, never passing the sealed cell on to be written into a document.
        """
        rows = self.tables.get(table_of(record_type).name, ())
        if person_id is not None:
            rows = tuple(r for r in rows if r.person_id == person_id)
        return _opened(table_of(record_type), list(rows))

    def person(self, person_id: str) -> Person:
        for p in self.people:
            if p.person_id == person_id:
                return p
        raise NotSharedError(person_id, self.audience, [p.person_id for p in self.people])

    def values(self) -> Iterable[Any]:
        """Every value that may leave: for tests that look for what must not."""
        for p in self.people:
            yield from dataclasses.astuple(p)
        for rows in self.tables.values():
            for r in _opened(table_of(rows[0]), list(rows)) if rows else ():
                yield from dataclasses.astuple(r)


def _opened(table: Table, rows: list[R]) -> list[R]:
    """The rows with every locked value opened, asking the session once; LockedError when it
    stays locked ("unlock first")."""
    locked = next((r for r in rows if locked_fields(table, r)), None)
    if locked is None:
        return rows
    keyring = session.ask()
    if keyring is None:
        whose = f" shared with {locked.person_id!r}" if hasattr(locked, "person_id") else ""
        raise LockedError(where=f"{table.name}{whose}, column {locked_fields(table, locked)[0]!r}")
    return [open_record(table, r, keyring) for r in rows]


def _per_person_tables(store: Store) -> list[type[Any]]:
    return [t.record for t in store.tables.values() if t.per_person]


def for_person(store: Store, person_id: str, kinds: Sequence[type] | None = None) -> Shared:
    """Everything that may be shared with one person, about that person alone.

    ``kinds``: only these tables (a document reads only what it shows).
    """
    from careernb.domain.people import Person as PersonRecord

    people = {p.person_id: p for p in store.load(PersonRecord)}
    if person_id not in people:
        raise UnknownPersonError(person_id, list(people), where=where_people(store.home))
    me = redact(people[person_id], Audience.PERSON)
    assert me is not None  # a person's own row always reaches them: its required cells are theirs
    shown = [me]
    manager = people.get(me.manager_id) if me.manager_id else None
    if manager is not None:
        # Only who their manager is, and where their reply goes: the name, role and address.
        shown.append(PersonRecord(manager.person_id, manager.name, role=manager.role, email=manager.email))
    gated = {q.question_id for q in bank(store) if q.trust_gated}
    tables: dict[str, tuple[Any, ...]] = {}
    for kind in kinds if kinds is not None else _per_person_tables(store):
        rows: list[Any] = []
        for record in _shareable_answers(store, person_id) if kind is Answer else store.load(kind, person_id):
            if record.person_id != person_id:
                continue
            if isinstance(record, Answer) and (not record.share or record.question_id in gated):
                continue
            out = redact(record, Audience.PERSON, gated=gated)
            if out is not None:
                rows.append(out)
        tables[table_of(kind).name] = tuple(rows)
    return Shared(Audience.PERSON, tuple(shown), tables)


def _shareable_answers(store: Store, person_id: str) -> list[Answer]:
    """Only the answers marked share are parsed: the others never leave the store."""
    return store.load_where(Answer, person_id, "share", True)


def for_team(store: Store, person_ids: Sequence[str]) -> Shared:
    """Team-level data of several people, for the manager's team-wide view."""
    from careernb.domain.people import Person as PersonRecord

    wanted = set(person_ids)
    people = tuple(
        p for p in (redact(p, Audience.TEAM) for p in store.load(PersonRecord)) if p and p.person_id in wanted
    )
    tables: dict[str, tuple[Any, ...]] = {}
    for kind in _per_person_tables(store):
        if kind is Answer:
            continue  # the team view never carries answer text, nor which question got one
        rows: list[Any] = []
        for pid in person_ids:
            for record in store.load(kind, pid):
                out = redact(record, Audience.TEAM)
                if out is not None:
                    rows.append(out)
        tables[table_of(kind).name] = tuple(rows)
    return Shared(Audience.TEAM, people, tables)


def team_frames(store: Store, person_ids: Sequence[str], needs: Mapping[type, Sequence[str]]) -> dict:
    """Team-level columns of several people as frames of text cells, read in bulk.

    The bulk twin of :func:`for_team`: only the columns asked for are read, and a
    column the team may not see is refused, never read.
    """
    out = {}
    for kind, columns in needs.items():
        visible = visible_columns(kind, Audience.TEAM)
        # A row without a key the team may not see cannot exist for it (see redact()).
        keyless = any(
            c.required and c.kind is not Kind.TEXT and c.name not in visible for c in table_of(kind).columns
        )
        hidden = [c for c in columns if c not in visible]
        if hidden or keyless or kind is Answer:
            raise PermissionError(f"{table_of(kind).name}.{(hidden or ['*'])[0]} is not for the team view")
        table = table_of(kind)
        if table.per_person:
            out[kind] = store.frame(kind, list(person_ids), columns)
        else:
            frame = store.frame(kind, None, columns)
            out[kind] = frame[frame["person_id"].isin(person_ids)].reset_index(drop=True)
    return out


def visible_columns(record_type: type, audience: Audience) -> list[str]:
    """The columns an audience may ever see of a table (an answer counts when shared)."""
    table = table_of(record_type)
    return [
        c.name
        for c in table.columns
        if c.privacy in _VISIBLE[audience] or (audience is Audience.PERSON and c.shared_when)
    ]
