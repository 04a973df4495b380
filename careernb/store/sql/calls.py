"""Calling the organisation's functions: how a manager's store, and an administrator's, reach rows.

A manager's store calls ``careernb.read``, ``hold`` and ``write``, which act for the role that
logged in (:mod:`careernb.store.sql_access`). An administrator's store, connected as the owner
role and acting for a manager it names, calls the functions those call in turn, with that
manager's role and person id. Rows travel as JSON: a record's values out, typed values back.
A refusal or a lock waited on too long comes back as a :class:`~careernb.errors.CareernbError`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import enum
import functools
import json
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import sqlalchemy as sa

from careernb.errors import DatabaseError
from careernb.store.base import Scope
from careernb.store.schema import Kind, Table
from careernb.store.sql_schema import SCHEMA

LOCK_TIMEOUT = "55P03"
"""lock_not_available: a function waited longer than its lock_timeout."""
CHECKED_AT_COMMIT = ("replies", "reply_updates")
"""Tables whose rows the database checks at the end of a transaction (a reply sent from the
person's page is kept as they sent it: revision 0008)."""
REFUSED = ("42501", "22023")
"""insufficient_privilege and invalid_parameter_value: what the functions raise when they refuse."""

_PARSE: dict[Kind, Callable[[Any], Any]] = {
    Kind.DATE: dt.date.fromisoformat,
    Kind.TIMESTAMP: dt.datetime.fromisoformat,
    Kind.TIME: dt.time.fromisoformat,
}


class SaveWaitError(DatabaseError):
    """A save waited more than the functions' lock timeout for another session of the same manager."""

    def __init__(self, location: str, table: str, person_id: str | None) -> None:
        self.table = table
        self.person_id = person_id
        about = f" for {person_id}" if person_id else ""
        super().__init__(
            location,
            f"another session of yours has been saving {table}{about} for more than 5 seconds, "
            "so this save stopped waiting and nothing was saved",
            "Try again in a moment; if it happens again, finish or close the other notebook or app "
            "page saving for you (an open transaction holds the lock until it ends).",
            sqlstate=LOCK_TIMEOUT,
        )


def to_json(value: Any) -> Any:
    """A record's value as the functions take it in JSON."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return value


@functools.cache
def _parsers(table: Table) -> tuple[tuple[str, Callable[[Any], Any] | None], ...]:
    return tuple((c.name, _PARSE.get(c.kind)) for c in table.columns)


def from_json(table: Table, row: dict[str, Any]) -> dict[str, Any]:
    """A row from JSON as typed values, by column; a column the row lacks is left out."""
    out = {}
    for name, parse in _parsers(table):
        if name in row:
            value = row[name]
            out[name] = parse(value) if parse is not None and value is not None else value
    return out


class Calls:
    """The read, hold and write calls of one store, as a manager or as the owner for one."""

    def __init__(self, url: str, scope: Scope, *, as_owner: bool) -> None:
        self.url = url
        who = ":writer, :manager, " if as_owner else ""
        self._who = {"writer": scope.writer, "manager": scope.manager_id} if as_owner else {}
        read, hold, write = ("rows_of", "hold_for", "write_for") if as_owner else ("read", "hold", "write")
        s = SCHEMA
        self._read = sa.text(f"SELECT r FROM {s}.{read}({who}:table, CAST(:people AS text[])) r")
        self._hold = sa.text(
            f"SELECT h.ref, h.id FROM {s}.{hold}({who}:table, :person, CAST(:refer AS text[])) h"
        )
        self._write = sa.text(
            f"SELECT {s}.{write}({who}:table, :person, CAST(:rows AS jsonb), CAST(:gone AS jsonb), :replace)"
        )

    @contextlib.contextmanager
    def _refusals(self, table: str, person_id: str | None) -> Iterator[None]:
        try:
            yield
        except sa.exc.DBAPIError as exc:
            sqlstate = getattr(exc.orig, "sqlstate", None)
            if sqlstate == LOCK_TIMEOUT:
                raise SaveWaitError(self.url, table, person_id) from exc
            if sqlstate in REFUSED:
                diag = getattr(exc.orig, "diag", None)
                said = getattr(diag, "message_primary", None) or str(exc.orig).splitlines()[0]
                hint = getattr(diag, "message_hint", None) or "Nothing was changed."
                raise DatabaseError(
                    self.url, said.removeprefix("careernb: "), hint, sqlstate=sqlstate
                ) from exc
            raise

    def read(
        self, conn: sa.Connection, table: Table, person_ids: Sequence[str] | None
    ) -> list[dict[str, Any]]:
        """The rows as typed values by column, in written order."""
        params = {
            **self._who,
            "table": table.name,
            "people": None if person_ids is None else list(person_ids),
        }
        with self._refusals(table.name, None):
            found = conn.execute(self._read, params).scalars().all()
        return [from_json(table, row) for row in found]

    def hold(
        self, conn: sa.Connection, table: Table, person_id: str | None, refer: Sequence[str]
    ) -> list[tuple[str, str]]:
        """Take the lock of the table (and person); (table, id) pairs: 'people' for the team in
        written order, then the ids of the person's rows in each table of ``refer``."""
        params = {**self._who, "table": table.name, "person": person_id, "refer": list(refer)}
        with self._refusals(table.name, person_id):
            return [tuple(row) for row in conn.execute(self._hold, params)]

    def write(
        self,
        conn: sa.Connection,
        table: Table,
        person_id: str | None,
        rows: Sequence[Any],
        gone: Sequence[tuple[Any, ...]] = (),
        *,
        replace: bool = False,
    ) -> None:
        """Delete the rows keyed ``gone`` (all of them if ``replace``), then write ``rows`` in
        order: in place when their key exists, appended when not."""
        values = [{c.name: to_json(getattr(r, c.name)) for c in table.columns} for r in rows]
        keys = [{n: to_json(v) for n, v in zip(table.key, key, strict=True)} for key in gone]
        params = {
            **self._who,
            "table": table.name,
            "person": person_id,
            "rows": json.dumps(values, ensure_ascii=False),
            "gone": json.dumps(keys, ensure_ascii=False),
            "replace": replace,
        }
        with self._refusals(table.name, person_id):
            conn.execute(self._write, params)
            if table.name in CHECKED_AT_COMMIT:  # checked now, so a refusal is said in words
                conn.execute(sa.text("SET CONSTRAINTS ALL IMMEDIATE"))
