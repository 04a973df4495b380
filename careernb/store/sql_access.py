"""The functions a manager reaches the organisation's data through, declared once.

A manager's role holds no privilege on any table: it may only EXECUTE the four functions below
whose ``manager`` is true, plpgsql ``SECURITY DEFINER`` functions owned by the NOLOGIN owner role.
Their plans cannot be steered from outside (plpgsql is never inlined), so ``EXPLAIN`` of a call
shows one Function Scan and the rows it returned. Inside, the caller is ``session_user`` (``SET
ROLE`` changes ``current_user`` only, and a session that has used it is refused), the search path
is pinned, and a lock waited on for more than five seconds ends the call.

The other functions do the work for a writer and a manager named explicitly; only the owner role
may call them (an administrator acting for a manager, as ``org export-home --role`` does).
Another team's person ids never reach a table: each function first reads the caller's team
(itself, and the people whose ``manager_id`` is theirs) and keeps only those.

Each function's text is written once. Where it depends on the declared tables (``kind_of``
knows every table, ``write_people`` the people table's columns), it is generated here, and a
revision repeats what it generated the day it shipped: a table or column added without a revision
changes it here alone, and ``tests/pg/test_migrations.py``, which compares a database upgraded
from 0001 with one built from these declarations, fails. The rest depend on no table: each is
read from the revision that last wrote it (``since``), frozen text as every revision is. A new
revision that changes one moves its ``since`` (until then the comparison fails); an edit of a
shipped revision is caught by ``tests/unit/test_revisions.py``. A revision never reads
this module, so no edit here moves an old one.

The functions call one another by name, so they are declared, ordered and granted together.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from careernb.store.schema import Privacy, Table
from careernb.store.sql_schema import MANAGER, SCHEMA, granted

SETTINGS = ("SET search_path = pg_catalog, careernb, pg_temp",)
"""Set in every function: the search path pinned, pg_temp last, or a caller's temporary table named
like one of ours would be read in its place. (A planner setting such as enable_seqscan set here
made every call take a fifth of a second or more: none is.)"""
WAITS = "SET lock_timeout = '5s'"
"""A caller cannot lower or lift what a function sets for itself."""


@dataclasses.dataclass(frozen=True)
class Function:
    name: str
    arguments: str
    """As declared, defaults included."""
    signature: str
    """The argument types alone, as GRANT and REVOKE name the function."""
    returns: str
    doc: str
    body: str = ""
    """Generated here from the tables; empty where ``since`` names the revision that wrote it."""
    since: int | None = None
    """The revision whose text this function still is: its statement is read from that
    revision's file (:func:`careernb.store.migrate.shipped_function`), never restated here."""
    language: str = "plpgsql"
    volatility: str = "VOLATILE"
    entry: str | None = None
    """The role whose way in it is (SECURITY DEFINER, EXECUTE granted to that role); otherwise the
    owner's alone."""
    waits: bool = False
    """Takes a lock: waits at most five seconds."""

    def create(self) -> str:
        if self.since is not None:
            from careernb.store.migrate import shipped_function  # it imports this layer's schema

            return shipped_function(self.since, self.name)
        settings = [*SETTINGS, *([WAITS] if self.waits else [])]
        definer = " SECURITY DEFINER" if self.entry else ""
        arguments = f"\n    {self.arguments}\n" if self.arguments else ""
        return (
            f"CREATE FUNCTION {SCHEMA}.{self.name}({arguments}) RETURNS {self.returns}\n"
            f"    LANGUAGE {self.language} {self.volatility}{definer}\n"
            + "".join(f"    {s}\n" for s in settings)
            + f"AS $$\n{self.body.strip()}\n$$"
        )

    def statements(self) -> list[str]:
        """Created, EXECUTE revoked from PUBLIC and granted to its role, if it has one."""
        return [self.create(), *granted(f"{self.name}({self.signature})", [self.entry] if self.entry else [])]


def people_columns(people: Table) -> tuple[list[str], list[str]]:
    """The people columns a manager edits for their reports, and the private ones kept per writer."""
    edited = [
        c.name
        for c in people.columns
        if c.privacy is not Privacy.PRIVATE and c.name not in ("person_id", "manager_id")
    ]
    return edited, [c.name for c in people.columns if c.privacy is Privacy.PRIVATE]


def _quoted(names: Sequence[str], prefix: str = "") -> str:
    return ", ".join(f'{prefix}"{n}"' for n in names)


def _listed(names: Sequence[str], indent: str) -> str:
    """Quoted names, a few to a line, each line after the first at ``indent``."""
    quoted = [f"'{n}'" for n in names]
    lines = [", ".join(quoted[i : i + 6]) for i in range(0, len(quoted), 6)]
    return f",\n{indent}".join(lines)


def functions(tables: Sequence[Table]) -> list[Function]:
    """Every function, in the order they are created."""
    people = next(t for t in tables if t.name == "people")
    per_person = _listed([t.name for t in tables if t.per_person], " " * 8)
    own = _listed([t.name for t in tables if not t.per_person and t.name != "people"], " " * 8)
    edited, private = people_columns(people)
    return [
        Function(
            "kind_of",
            "_table text",
            "text",
            "text",
            "What a table is to a manager: 'people', 'person' (kept per person) or 'writer' (their "
            "own rows); any other name is refused.",
            f"""
BEGIN
    IF _table = 'people' THEN
        RETURN 'people';
    ELSIF _table = ANY (ARRAY[
        {per_person}]) THEN
        RETURN 'person';
    ELSIF _table = ANY (ARRAY[
        {own}]) THEN
        RETURN 'writer';
    END IF;
    RAISE EXCEPTION 'careernb: % is not a table a manager reads or writes', quote_literal(_table)
        USING ERRCODE = 'invalid_parameter_value';
END""",
            volatility="IMMUTABLE",
        ),
        Function(
            "caller",
            "",
            "",
            "text",
            "The calling manager's person_id, from session_user; refuses a session that has SET ROLE "
            "and a role that is no manager's.",
            since=3,
        ),
        Function(
            "team_of",
            "_manager text",
            "text",
            "text[]",
            "The manager and the people they manage, in the order they were written.",
            since=3,
        ),
        Function(
            "key_of",
            "_table text",
            "text",
            "text[]",
            "A table's primary key without written_by and person_id: what tells one writer's rows "
            "of one person apart.",
            since=3,
        ),
        Function(
            "lock_for",
            "_writer text, _table text, _person text",
            "text, text, text",
            "void",
            "Holds the lock of one writer's table (of one person) until the transaction ends: a row "
            "of the locks table, made on first use; nobody else's lock is ever touched.",
            since=3,
        ),
        Function(
            "rows_of",
            "_writer text, _manager text, _table text, _people text[]",
            "text, text, text, text[]",
            "SETOF jsonb",
            "The writer's rows of a table in written order, without seq and written_by: of the "
            "manager's team (of those of ``_people`` in it, when given); people with the writer's "
            "own private columns.",
            since=3,
        ),
        Function(
            "hold_for",
            "_writer text, _manager text, _table text, _person text, _refer text[]",
            "text, text, text, text, text[]",
            "TABLE (ref text, id text)",
            "What a write is checked against, under its lock: ('people', id) for the manager's team "
            "in written order, then (table, id) for the writer's rows about the person in each "
            "table of ``_refer`` (the last column of its key). For a person not in the team, the "
            "team alone: nothing is locked or read.",
            since=3,
        ),
        Function(
            "write_people",
            "_writer text, _manager text, _rows jsonb",
            "text, text, jsonb",
            "void",
            "Saves people rows for a manager: the columns a manager edits of their reports (never "
            "person_id, never manager_id, never a new person), and every row's private columns "
            "as the writer's own.",
            f"""
DECLARE
    _team text[] := careernb.team_of(_manager);
    _row careernb.people;
    _was careernb.people;
BEGIN
    FOR _row IN SELECT * FROM jsonb_populate_recordset(NULL::careernb.people, _rows) LOOP
        IF NOT coalesce(_row.person_id = ANY (_team), false) THEN
            RAISE EXCEPTION 'careernb: % is not one of the people you manage',
                quote_literal(_row.person_id)
                USING ERRCODE = 'insufficient_privilege',
                      HINT = 'An administrator adds a person to a team with `careernb org add-person` '
                             'and moves one with `careernb org move`.';
        END IF;
        SELECT * INTO _was FROM careernb.people p WHERE p.person_id = _row.person_id;
        IF _row.person_id = _manager THEN
            IF _row.manager_id IS DISTINCT FROM _was.manager_id AND _row.manager_id IS NOT NULL THEN
                RAISE EXCEPTION 'careernb: who manages you changes only through `careernb org move`'
                    USING ERRCODE = 'insufficient_privilege',
                          HINT = 'An administrator moves a person to another manager.';
            ELSIF ROW ({_quoted(edited, "_row.")})
                IS DISTINCT FROM ROW ({_quoted(edited, "_was.")}) THEN
                RAISE EXCEPTION 'careernb: your own row in people is the organisation''s'
                    USING ERRCODE = 'insufficient_privilege',
                          HINT = 'Your own manager or an administrator changes it.';
            END IF;
        ELSIF _row.manager_id IS DISTINCT FROM _manager THEN
            RAISE EXCEPTION 'careernb: who manages % changes only through `careernb org move`',
                quote_literal(_row.person_id)
                USING ERRCODE = 'insufficient_privilege',
                      HINT = 'An administrator moves a person to another manager.';
        ELSIF ROW ({_quoted(edited, "_row.")})
            IS DISTINCT FROM ROW ({_quoted(edited, "_was.")}) THEN
            UPDATE careernb.people p SET ({_quoted(edited)})
                = ROW ({_quoted(edited, "_row.")})
            WHERE p.person_id = _row.person_id;
        END IF;
    END LOOP;
    INSERT INTO careernb.people_private AS pp (written_by, person_id, {_quoted(private)})
    SELECT _writer, r.person_id, {_quoted(private, "r.")}
    FROM jsonb_populate_recordset(NULL::careernb.people_private, _rows) r
    WHERE NOT ROW ({_quoted(private, "r.")}) IS NULL OR EXISTS (
        SELECT 1 FROM careernb.people_private o
        WHERE o.written_by = _writer AND o.person_id = r.person_id)
    ON CONFLICT (written_by, person_id)
    DO UPDATE SET ({_quoted(private)}) = ROW ({_quoted(private, "EXCLUDED.")});
END""",
        ),
        Function(
            "write_for",
            "_writer text, _manager text, _table text, _person text, _rows jsonb, _gone jsonb, "
            "_replace boolean",
            "text, text, text, text, jsonb, jsonb, boolean",
            "void",
            "Writes one table (of one person) for a writer under its lock: deletes the rows whose "
            "keys are in ``_gone`` (every row when ``_replace``), then inserts ``_rows`` in order, "
            "a row whose key exists replaced in place. Rows are written as ``_writer``, about "
            "people of the manager's team only; people are kept, never deleted.",
            since=3,
        ),
        Function(
            "me",
            "",
            "",
            "text",
            "The calling manager's person_id.",
            since=3,
            entry=MANAGER,
        ),
        Function(
            "read",
            "_table text, _people text[] DEFAULT NULL",
            "text, text[]",
            "SETOF jsonb",
            "The caller's rows of a table, as ``rows_of`` gives them: people are the caller and "
            "the people they manage.",
            since=3,
            entry=MANAGER,
        ),
        Function(
            "hold",
            "_table text, _person text DEFAULT NULL, _refer text[] DEFAULT '{}'",
            "text, text, text[]",
            "TABLE (ref text, id text)",
            "Takes the caller's lock of a table (of one person) and returns what a write is checked "
            "against, as ``hold_for`` does.",
            since=3,
            entry=MANAGER,
        ),
        Function(
            "write",
            "_table text, _person text, _rows jsonb, _gone jsonb DEFAULT '[]', "
            "_replace boolean DEFAULT false",
            "text, text, jsonb, jsonb, boolean",
            "void",
            "Writes the caller's rows of a table (of one person), as ``write_for`` does.",
            since=3,
            entry=MANAGER,
        ),
    ]


def function_statements(tables: Sequence[Table]) -> list[str]:
    """Each function created, EXECUTE revoked from PUBLIC and granted to managers where due."""
    return [statement for f in functions(tables) for statement in f.statements()]
