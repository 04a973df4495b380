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

Each revision that changes a function repeats its text literally; this module is what a database
built from today's declarations gets, and ``tests/pg/test_migrations.py`` compares the two.
It is one piece: the functions call one another by name, so they are declared, ordered and
granted together, most of the module being their SQL.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from careernb.store.schema import Privacy, Table
from careernb.store.sql_schema import MANAGER, SCHEMA, quote

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
    body: str
    language: str = "plpgsql"
    volatility: str = "VOLATILE"
    manager: bool = False
    """A manager's way in (SECURITY DEFINER, EXECUTE granted to the managers' group); otherwise
    the owner's alone."""
    waits: bool = False
    """Takes a lock: waits at most five seconds."""

    def create(self) -> str:
        settings = [*SETTINGS, *([WAITS] if self.waits else [])]
        definer = " SECURITY DEFINER" if self.manager else ""
        arguments = f"\n    {self.arguments}\n" if self.arguments else ""
        return (
            f"CREATE FUNCTION {SCHEMA}.{self.name}({arguments}) RETURNS {self.returns}\n"
            f"    LANGUAGE {self.language} {self.volatility}{definer}\n"
            + "".join(f"    {s}\n" for s in settings)
            + f"AS $$\n{self.body.strip()}\n$$"
        )


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
            """
DECLARE
    _me text;
BEGIN
    IF current_setting('role') <> 'none' THEN
        RAISE EXCEPTION 'careernb: this session has SET ROLE %; a manager''s data is reached '
            'only as the role that logged in', current_setting('role')
            USING ERRCODE = 'insufficient_privilege', HINT = 'RESET ROLE, then try again.';
    END IF;
    SELECT m.person_id INTO _me FROM careernb.managers m WHERE m.role = session_user;
    IF _me IS NULL THEN
        RAISE EXCEPTION 'careernb: the role % is not a manager', quote_literal(session_user)
            USING ERRCODE = 'insufficient_privilege',
                  HINT = 'An administrator makes it one with '
                         '`careernb org add-manager ROLE --person PERSON_ID`.';
    END IF;
    RETURN _me;
END""",
            volatility="STABLE",
        ),
        Function(
            "team_of",
            "_manager text",
            "text",
            "text[]",
            "The manager and the people they manage, in the order they were written.",
            """
SELECT ARRAY(
    SELECT p.person_id FROM careernb.people p
    WHERE p.person_id = _manager OR p.manager_id = _manager
    ORDER BY p.seq)""",
            language="sql",
            volatility="STABLE",
        ),
        Function(
            "key_of",
            "_table text",
            "text",
            "text[]",
            "A table's primary key without written_by and person_id: what tells one writer's rows "
            "of one person apart.",
            """
SELECT ARRAY(
    SELECT a.attname::text
    FROM pg_catalog.pg_index i
    CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k (attnum, n)
    JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
    WHERE i.indrelid = ('careernb.' || quote_ident(_table))::regclass AND i.indisprimary
      AND a.attname NOT IN ('written_by', 'person_id')
    ORDER BY k.n)""",
            language="sql",
            volatility="STABLE",
        ),
        Function(
            "lock_for",
            "_writer text, _table text, _person text",
            "text, text, text",
            "void",
            "Holds the lock of one writer's table (of one person) until the transaction ends: a row "
            "of the locks table, made on first use; nobody else's lock is ever touched.",
            """
BEGIN
    PERFORM 1 FROM careernb.locks l
    WHERE (l.written_by, l.table_name, l.person_id) = (_writer, _table, coalesce(_person, ''))
    FOR UPDATE;
    IF NOT FOUND THEN
        INSERT INTO careernb.locks (written_by, table_name, person_id)
        VALUES (_writer, _table, coalesce(_person, '')) ON CONFLICT DO NOTHING;
        PERFORM 1 FROM careernb.locks l
        WHERE (l.written_by, l.table_name, l.person_id) = (_writer, _table, coalesce(_person, ''))
        FOR UPDATE;
    END IF;
END""",
            waits=True,
        ),
        Function(
            "rows_of",
            "_writer text, _manager text, _table text, _people text[]",
            "text, text, text, text[]",
            "SETOF jsonb",
            "The writer's rows of a table in written order, without seq and written_by: of the "
            "manager's team (of those of ``_people`` in it, when given); people with the writer's "
            "own private columns.",
            """
DECLARE
    _kind text := careernb.kind_of(_table);
    _ids text[];
BEGIN
    IF _kind = 'people' THEN
        RETURN QUERY
            SELECT (to_jsonb(p) - 'seq') || coalesce(to_jsonb(pp) - 'written_by' - 'person_id', '{}')
            FROM unnest(careernb.team_of(_manager)) WITH ORDINALITY AS u (person_id, n)
            JOIN careernb.people p ON p.person_id = u.person_id
            LEFT JOIN careernb.people_private pp
                ON pp.written_by = _writer AND pp.person_id = u.person_id
            ORDER BY u.n;
    ELSIF _kind = 'writer' THEN
        RETURN QUERY EXECUTE format(
            'SELECT to_jsonb(t) - ''seq'' - ''written_by'' FROM careernb.%I t '
            'WHERE t.written_by = $1 ORDER BY t.seq', _table) USING _writer;
    ELSE
        _ids := ARRAY(
            SELECT u FROM unnest(careernb.team_of(_manager)) u WHERE _people IS NULL OR u = ANY (_people));
        RETURN QUERY EXECUTE format(
            'SELECT to_jsonb(t) - ''seq'' - ''written_by'' FROM unnest($2) AS u (person_id) '
            'JOIN careernb.%I t ON t.written_by = $1 AND t.person_id = u.person_id ORDER BY t.seq',
            _table) USING _writer, _ids;
    END IF;
END""",
            volatility="STABLE",
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
            """
DECLARE
    _kind text := careernb.kind_of(_table);
    _team text[] := careernb.team_of(_manager);
    _other text;
    _key text[];
BEGIN
    RETURN QUERY
        SELECT 'people'::text, u.id FROM unnest(_team) WITH ORDINALITY AS u (id, n) ORDER BY u.n;
    IF _kind = 'person' AND NOT coalesce(_person = ANY (_team), false) THEN
        RETURN;
    END IF;
    PERFORM careernb.lock_for(_writer, _table, CASE WHEN _kind = 'person' THEN _person END);
    FOREACH _other IN ARRAY coalesce(_refer, '{}') LOOP
        IF careernb.kind_of(_other) <> 'person' OR _kind <> 'person' THEN
            RAISE EXCEPTION 'careernb: % is not a table of this person''s rows',
                quote_literal(_other)
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
        _key := careernb.key_of(_other);
        RETURN QUERY EXECUTE format(
            'SELECT %L::text, t.%I::text FROM careernb.%I t '
            'WHERE t.written_by = $1 AND t.person_id = $2 ORDER BY t.seq',
            _other, _key[cardinality(_key)], _other) USING _writer, _person;
    END LOOP;
END""",
            waits=True,
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
            """
DECLARE
    _kind text := careernb.kind_of(_table);
    _key text[] := careernb.key_of(_table);
    _cols text[];
    _set text[];
    _mine text;
BEGIN
    IF _kind = 'people' THEN
        IF _replace OR jsonb_array_length(_gone) > 0 THEN
            RAISE EXCEPTION 'careernb: people are kept, never deleted by a manager'
                USING ERRCODE = 'insufficient_privilege',
                      HINT = 'Mark the person as left; an administrator forgets a person with '
                             '`careernb org forget`.';
        END IF;
        PERFORM careernb.lock_for(_writer, _table, NULL);
        PERFORM careernb.write_people(_writer, _manager, _rows);
        RETURN;
    END IF;
    IF _kind = 'person' THEN
        IF NOT coalesce(_person = ANY (careernb.team_of(_manager)), false) THEN
            RAISE EXCEPTION 'careernb: % is not one of the people you manage', quote_literal(_person)
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        IF EXISTS (
            SELECT 1 FROM jsonb_array_elements(_rows) r WHERE r.value ->> 'person_id' IS DISTINCT FROM _person
        ) THEN
            RAISE EXCEPTION 'careernb: every row written for % must be about them', quote_literal(_person)
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
        _key := 'person_id'::text || _key;
    END IF;
    PERFORM careernb.lock_for(_writer, _table, CASE WHEN _kind = 'person' THEN _person END);
    _mine := 't.written_by = $1' || CASE WHEN _kind = 'person' THEN ' AND t.person_id = $2' ELSE '' END;
    IF _replace THEN
        EXECUTE format('DELETE FROM careernb.%I t WHERE %s', _table, _mine) USING _writer, _person;
    ELSIF jsonb_array_length(_gone) > 0 THEN
        EXECUTE format(
            'DELETE FROM careernb.%I t USING jsonb_populate_recordset(NULL::careernb.%I, $3) g '
            'WHERE %s AND ROW (%s) = ROW (%s)',
            _table, _table, _mine,
            (SELECT string_agg(format('t.%I', k), ', ') FROM unnest(_key) k WHERE k <> 'person_id'),
            (SELECT string_agg(format('g.%I', k), ', ') FROM unnest(_key) k WHERE k <> 'person_id'))
            USING _writer, _person, _gone;
    END IF;
    IF jsonb_array_length(_rows) = 0 THEN
        RETURN;
    END IF;
    _cols := ARRAY(
        SELECT a.attname::text FROM pg_catalog.pg_attribute a
        WHERE a.attrelid = ('careernb.' || quote_ident(_table))::regclass AND a.attnum > 0
          AND NOT a.attisdropped AND a.attname NOT IN ('seq', 'written_by')
        ORDER BY a.attnum);
    _set := ARRAY(SELECT c FROM unnest(_cols) c WHERE c <> ALL (_key));
    EXECUTE format(
        'INSERT INTO careernb.%I AS t (written_by, %s) SELECT $1, %s '
        'FROM jsonb_populate_recordset(NULL::careernb.%I, $3) WITH ORDINALITY AS r ORDER BY r.ordinality '
        'ON CONFLICT (written_by, %s) DO %s',
        _table,
        (SELECT string_agg(format('%I', c), ', ') FROM unnest(_cols) c),
        (SELECT string_agg(format('r.%I', c), ', ') FROM unnest(_cols) c),
        _table,
        (SELECT string_agg(format('%I', k), ', ') FROM unnest(_key) k),
        CASE WHEN cardinality(_set) = 0 THEN 'NOTHING' ELSE format(
            'UPDATE SET (%s) = ROW (%s)',
            (SELECT string_agg(format('%I', c), ', ') FROM unnest(_set) c),
            (SELECT string_agg(format('EXCLUDED.%I', c), ', ') FROM unnest(_set) c)) END)
        USING _writer, _person, _rows;
END""",
            waits=True,
        ),
        Function(
            "me",
            "",
            "",
            "text",
            "The calling manager's person_id.",
            """
BEGIN
    RETURN careernb.caller();
END""",
            volatility="STABLE",
            manager=True,
        ),
        Function(
            "read",
            "_table text, _people text[] DEFAULT NULL",
            "text, text[]",
            "SETOF jsonb",
            "The caller's rows of a table, as ``rows_of`` gives them: people are the caller and "
            "the people they manage.",
            """
BEGIN
    RETURN QUERY SELECT r FROM careernb.rows_of(session_user, careernb.caller(), _table, _people) r;
END""",
            volatility="STABLE",
            manager=True,
        ),
        Function(
            "hold",
            "_table text, _person text DEFAULT NULL, _refer text[] DEFAULT '{}'",
            "text, text, text[]",
            "TABLE (ref text, id text)",
            "Takes the caller's lock of a table (of one person) and returns what a write is checked "
            "against, as ``hold_for`` does.",
            """
BEGIN
    RETURN QUERY SELECT h.ref, h.id
        FROM careernb.hold_for(session_user, careernb.caller(), _table, _person, _refer) h;
END""",
            manager=True,
            waits=True,
        ),
        Function(
            "write",
            "_table text, _person text, _rows jsonb, _gone jsonb DEFAULT '[]', "
            "_replace boolean DEFAULT false",
            "text, text, jsonb, jsonb, boolean",
            "void",
            "Writes the caller's rows of a table (of one person), as ``write_for`` does.",
            """
BEGIN
    PERFORM careernb.write_for(session_user, careernb.caller(), _table, _person, _rows, _gone, _replace);
END""",
            manager=True,
            waits=True,
        ),
    ]


def function_statements(tables: Sequence[Table]) -> list[str]:
    """CREATE FUNCTION for each, EXECUTE revoked from PUBLIC, granted to managers where due."""
    out = []
    for f in functions(tables):
        out.append(f.create())
        out.append(f"REVOKE ALL ON FUNCTION {SCHEMA}.{f.name}({f.signature}) FROM PUBLIC")
        if f.manager:
            out.append(f"GRANT EXECUTE ON FUNCTION {SCHEMA}.{f.name}({f.signature}) TO {quote(MANAGER)}")
    return out
