"""The report's page's way into the organisation's database: one person's contract in, their reply out.

The page connects as ``careernb_reply`` and names, for each request, the hub user signed in to it;
the database's own functions (:mod:`careernb.store.sql_reply`) decide what that person sees and may
write. What they return is read into :class:`Received`, a read-only store of that person alone, so
the contract is rendered by the same code, through the same sharing gate, as every contract.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
from collections.abc import Iterable, Iterator
from typing import Any, TypeVar

import sqlalchemy as sa

from careernb.domain.people import Person
from careernb.domain.replies import Reply, ReplyUpdate
from careernb.errors import CareernbError, UnknownPersonError
from careernb.home import TABLES as HOME_TABLES
from careernb.store import Kind, Scope, Table, table_of
from careernb.store.sql import engine_for
from careernb.store.sql_reply import CONTRACT_TABLES, OWN_TABLES
from careernb.store.sql_schema import SCHEMA

R = TypeVar("R")
TABLES = {
    table_of(t).name: table_of(t) for t in HOME_TABLES if table_of(t).name in (*CONTRACT_TABLES, *OWN_TABLES)
}


class ReportPageError(CareernbError):
    """What the database refused the report's page, in its own words (never a traceback)."""

    def __init__(self, problem: str, hint: str = "", *, refused: bool = False) -> None:
        self.problem = problem
        self.hint = hint
        self.refused = refused
        """The person may not do this (as opposed to: the reply was not right)."""
        super().__init__(f"{problem}. {hint}".strip() if hint else problem)


class Received:
    """What one person may see of their own data, as a store that only reads."""

    home = None
    key_record = None
    keyring = None
    """It holds no private cell, so no key."""

    def __init__(self, person_id: str, rows: dict[str, list[Any]]) -> None:
        self.person_id = person_id
        self.location = "the report's page"
        self.tables: dict[str, Table] = dict(TABLES)
        self.scope = Scope(manager_id=None, writer=None, reads_private=False)
        self._rows = rows

    def load(
        self, record_type: type[R], person_id: str | None = None, *, private_text: bool = True
    ) -> list[R]:
        # What the report's page receives holds no private text: there is nothing to open.
        table = table_of(record_type)
        if table.per_person and person_id != self.person_id:
            raise UnknownPersonError(str(person_id), [self.person_id], where=self.location)
        return list(self._rows.get(table.name, []))

    def load_team(
        self, record_type: type[R], person_ids: Iterable[str], *, private_text: bool = True
    ) -> dict[str, list[R]]:
        return {p: self.load(record_type, p) for p in dict.fromkeys(person_ids)}

    def load_where(self, record_type: type[R], person_id: str | None, column: str, value: object) -> list[R]:
        return [r for r in self.load(record_type, person_id) if getattr(r, column) == value]

    def person_ids(self) -> list[str]:
        return [p.person_id for p in self._rows.get("people", [])]

    def close(self) -> None:
        """Nothing to let go of: the rows were read whole."""

    def _read_only(self, *args: object, **kwargs: object) -> Any:
        raise CareernbError("the report's page reads; a reply is written with ReportDesk.reply()")

    update = save = delete = frame = remove_person_data = _read_only


def _cell(table: Table, name: str, value: Any) -> str:
    """A jsonb value as the CSV cell careernb would keep."""
    col = table.column(name)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if col.kind is Kind.TIME:
        return str(value)[:5]
    if col.kind is Kind.TIMESTAMP:
        return str(value)[:19]
    return str(value)


def record_of(table: Table, cells: dict[str, Any]) -> Any:
    """A record from the cells the database returned; a column it did not return stays empty."""
    from careernb.store.sql_schema import hidden_value

    values = {
        c.name: c.parse(_cell(table, c.name, cells[c.name])) if c.name in cells else hidden_value(c)
        for c in table.columns
    }
    return table.record(**values)


def _jsonb(table: Table, record: Any) -> str:
    return json.dumps(
        {
            c.name: (c.format(getattr(record, c.name)) or None)
            if c.optional
            else c.format(getattr(record, c.name))
            for c in table.columns
        },
        ensure_ascii=False,
    )


@dataclasses.dataclass
class ReportDesk:
    """The report's page's connection, as ``careernb_reply``."""

    url: str

    def __post_init__(self) -> None:
        self.engine = engine_for(self.url)

    def close(self) -> None:
        self.engine.dispose()

    def read(self, login: str) -> Received:
        """The hub user's own contract (the last they received) and their replies."""
        query = sa.text(f"SELECT kind, cells FROM {SCHEMA}.report_read(:login)")
        rows: dict[str, list[Any]] = {}
        with refusals(), self.engine.begin() as conn:
            for kind, cells in conn.execute(query, {"login": login}):
                rows.setdefault(kind, []).append(record_of(TABLES[kind], cells))
        people = rows.get("people", [])
        return Received(people[0].person_id if people else "", rows)

    def reply(self, login: str, reply: Reply, updates: Iterable[ReplyUpdate]) -> None:
        """Add the hub user's reply to the contract they received last; the database checks it."""
        query = sa.text(
            f"SELECT {SCHEMA}.report_write(:login, CAST(:reply AS jsonb), CAST(:updates AS jsonb))"
        )
        updates_table = table_of(ReplyUpdate)
        params = {
            "login": login,
            "reply": _jsonb(table_of(Reply), reply),
            "updates": "[" + ", ".join(_jsonb(updates_table, u) for u in updates) + "]",
        }
        with refusals(), self.engine.begin() as conn:
            conn.execute(query, params)


@contextlib.contextmanager
def refusals() -> Iterator[None]:
    """The database's own ``careernb:`` messages as a :class:`ReportPageError`."""
    try:
        yield
    except sa.exc.DBAPIError as exc:
        diag = getattr(exc.orig, "diag", None)
        message = (getattr(diag, "message_primary", None) or str(exc.orig)).strip()
        hint = getattr(diag, "message_hint", None) or ""
        code = getattr(exc.orig, "sqlstate", None) or ""
        if message.startswith("careernb: "):
            problem = message.removeprefix("careernb: ")
            raise ReportPageError(problem[0].upper() + problem[1:], hint, refused=code == "42501") from None
        if code == "42883":  # undefined function: the database is older than this careernb
            raise ReportPageError(
                "The organisation's database has no report's page yet",
                "An administrator upgrades it with `careernb org migrate`.",
            ) from None
        raise


def person_of(received: Received) -> Person | None:
    """The signed-in person, as the database named them."""
    return next((p for p in received.load(Person) if p.person_id == received.person_id), None)


def manager_of(received: Received) -> Person | None:
    """Their manager: a name and an address, nothing else."""
    person = person_of(received)
    return next((p for p in received.load(Person) if person and p.person_id == person.manager_id), None)
