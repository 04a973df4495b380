SET LOCAL ROLE "careernb_owner"
;

CREATE TABLE careernb.people_private (
        written_by TEXT NOT NULL,
        person_id TEXT NOT NULL,
        transition TEXT,
        PRIMARY KEY (written_by, person_id)
    )
;

CREATE TABLE careernb.locks (
        written_by TEXT NOT NULL,
        table_name TEXT NOT NULL,
        person_id TEXT NOT NULL,
        PRIMARY KEY (written_by, table_name, person_id)
    )
;


    INSERT INTO careernb.people_private (written_by, person_id, transition)
    SELECT coalesce(m.role, own.role, 'careernb_owner'), p.person_id, p.transition
    FROM careernb.people p
    LEFT JOIN careernb.managers m ON m.person_id = p.manager_id
    LEFT JOIN careernb.managers own ON own.person_id = p.person_id
    WHERE p.transition IS NOT NULL

;

ALTER TABLE careernb.people DROP COLUMN transition
;

ALTER TABLE careernb."people_private" ENABLE ROW LEVEL SECURITY
;

ALTER TABLE careernb."people_private" FORCE ROW LEVEL SECURITY
;

CREATE POLICY owner_administers ON careernb."people_private" FOR ALL TO "careernb_owner" USING (true) WITH CHECK (true)
;

ALTER TABLE careernb."locks" ENABLE ROW LEVEL SECURITY
;

ALTER TABLE careernb."locks" FORCE ROW LEVEL SECURITY
;

CREATE POLICY owner_administers ON careernb."locks" FOR ALL TO "careernb_owner" USING (true) WITH CHECK (true)
;

DROP POLICY manager_own_rows ON careernb."people"
;

DROP POLICY manager_own_rows ON careernb."questions"
;

DROP POLICY manager_own_rows ON careernb."conversations"
;

DROP POLICY manager_own_rows ON careernb."answers"
;

DROP POLICY manager_own_rows ON careernb."preparation"
;

DROP POLICY manager_own_rows ON careernb."aspirations"
;

DROP POLICY manager_own_rows ON careernb."fit"
;

DROP POLICY manager_own_rows ON careernb."contracts"
;

DROP POLICY manager_own_rows ON careernb."commitments"
;

DROP POLICY manager_own_rows ON careernb."review_points"
;

DROP POLICY manager_own_rows ON careernb."signals"
;

DROP POLICY manager_own_rows ON careernb."checklists"
;

DROP POLICY manager_own_rows ON careernb."self_test"
;

DROP POLICY manager_own_rows ON careernb."current"
;

DROP POLICY manager_own_row ON careernb."managers"
;

REVOKE ALL ON ALL TABLES IN SCHEMA careernb FROM "careernb_manager"
;

GRANT SELECT ON careernb.alembic_version TO "careernb_manager"
;

CREATE FUNCTION careernb.kind_of(
    _table text
) RETURNS text
    LANGUAGE plpgsql IMMUTABLE
    SET search_path = pg_catalog, careernb, pg_temp
AS $$
BEGIN
    IF _table = 'people' THEN
        RETURN 'people';
    ELSIF _table = ANY (ARRAY[
        'conversations', 'answers', 'preparation', 'aspirations', 'fit', 'contracts',
        'commitments', 'review_points', 'signals', 'checklists', 'self_test']) THEN
        RETURN 'person';
    ELSIF _table = ANY (ARRAY[
        'questions', 'current']) THEN
        RETURN 'writer';
    END IF;
    RAISE EXCEPTION 'careernb: % is not a table a manager reads or writes', quote_literal(_table)
        USING ERRCODE = 'invalid_parameter_value';
END
$$
;

CREATE FUNCTION careernb.caller() RETURNS text
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, careernb, pg_temp
AS $$
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
END
$$
;

CREATE FUNCTION careernb.team_of(
    _manager text
) RETURNS text[]
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, careernb, pg_temp
AS $$
SELECT ARRAY(
    SELECT p.person_id FROM careernb.people p
    WHERE p.person_id = _manager OR p.manager_id = _manager
    ORDER BY p.seq)
$$
;

CREATE FUNCTION careernb.key_of(
    _table text
) RETURNS text[]
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, careernb, pg_temp
AS $$
SELECT ARRAY(
    SELECT a.attname::text
    FROM pg_catalog.pg_index i
    CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k (attnum, n)
    JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
    WHERE i.indrelid = ('careernb.' || quote_ident(_table))::regclass AND i.indisprimary
      AND a.attname NOT IN ('written_by', 'person_id')
    ORDER BY k.n)
$$
;

CREATE FUNCTION careernb.lock_for(
    _writer text, _table text, _person text
) RETURNS void
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, careernb, pg_temp
    SET lock_timeout = '5s'
AS $$
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
END
$$
;

CREATE FUNCTION careernb.rows_of(
    _writer text, _manager text, _table text, _people text[]
) RETURNS SETOF jsonb
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, careernb, pg_temp
AS $$
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
END
$$
;

CREATE FUNCTION careernb.hold_for(
    _writer text, _manager text, _table text, _person text, _refer text[]
) RETURNS TABLE (ref text, id text)
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, careernb, pg_temp
    SET lock_timeout = '5s'
AS $$
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
END
$$
;

CREATE FUNCTION careernb.write_people(
    _writer text, _manager text, _rows jsonb
) RETURNS void
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, careernb, pg_temp
AS $$
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
            ELSIF ROW (_row."name", _row."role", _row."email", _row."joined", _row."left")
                IS DISTINCT FROM ROW (_was."name", _was."role", _was."email", _was."joined", _was."left") THEN
                RAISE EXCEPTION 'careernb: your own row in people is the organisation''s'
                    USING ERRCODE = 'insufficient_privilege',
                          HINT = 'Your own manager or an administrator changes it.';
            END IF;
        ELSIF _row.manager_id IS DISTINCT FROM _manager THEN
            RAISE EXCEPTION 'careernb: who manages % changes only through `careernb org move`',
                quote_literal(_row.person_id)
                USING ERRCODE = 'insufficient_privilege',
                      HINT = 'An administrator moves a person to another manager.';
        ELSIF ROW (_row."name", _row."role", _row."email", _row."joined", _row."left")
            IS DISTINCT FROM ROW (_was."name", _was."role", _was."email", _was."joined", _was."left") THEN
            UPDATE careernb.people p SET ("name", "role", "email", "joined", "left")
                = ROW (_row."name", _row."role", _row."email", _row."joined", _row."left")
            WHERE p.person_id = _row.person_id;
        END IF;
    END LOOP;
    INSERT INTO careernb.people_private AS pp (written_by, person_id, "transition")
    SELECT _writer, r.person_id, r."transition"
    FROM jsonb_populate_recordset(NULL::careernb.people_private, _rows) r
    WHERE NOT ROW (r."transition") IS NULL OR EXISTS (
        SELECT 1 FROM careernb.people_private o
        WHERE o.written_by = _writer AND o.person_id = r.person_id)
    ON CONFLICT (written_by, person_id)
    DO UPDATE SET ("transition") = ROW (EXCLUDED."transition");
END
$$
;

CREATE FUNCTION careernb.write_for(
    _writer text, _manager text, _table text, _person text, _rows jsonb, _gone jsonb, _replace boolean
) RETURNS void
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, careernb, pg_temp
    SET lock_timeout = '5s'
AS $$
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
END
$$
;

CREATE FUNCTION careernb.me() RETURNS text
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, careernb, pg_temp
AS $$
BEGIN
    RETURN careernb.caller();
END
$$
;

CREATE FUNCTION careernb.read(
    _table text, _people text[] DEFAULT NULL
) RETURNS SETOF jsonb
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, careernb, pg_temp
AS $$
BEGIN
    RETURN QUERY SELECT r FROM careernb.rows_of(session_user, careernb.caller(), _table, _people) r;
END
$$
;

CREATE FUNCTION careernb.hold(
    _table text, _person text DEFAULT NULL, _refer text[] DEFAULT '{}'
) RETURNS TABLE (ref text, id text)
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, careernb, pg_temp
    SET lock_timeout = '5s'
AS $$
BEGIN
    RETURN QUERY SELECT h.ref, h.id
        FROM careernb.hold_for(session_user, careernb.caller(), _table, _person, _refer) h;
END
$$
;

CREATE FUNCTION careernb.write(
    _table text, _person text, _rows jsonb, _gone jsonb DEFAULT '[]', _replace boolean DEFAULT false
) RETURNS void
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, careernb, pg_temp
    SET lock_timeout = '5s'
AS $$
BEGIN
    PERFORM careernb.write_for(session_user, careernb.caller(), _table, _person, _rows, _gone, _replace);
END
$$
;

REVOKE ALL ON FUNCTION careernb.kind_of(text) FROM PUBLIC
;

REVOKE ALL ON FUNCTION careernb.caller() FROM PUBLIC
;

REVOKE ALL ON FUNCTION careernb.team_of(text) FROM PUBLIC
;

REVOKE ALL ON FUNCTION careernb.key_of(text) FROM PUBLIC
;

REVOKE ALL ON FUNCTION careernb.lock_for(text, text, text) FROM PUBLIC
;

REVOKE ALL ON FUNCTION careernb.rows_of(text, text, text, text[]) FROM PUBLIC
;

REVOKE ALL ON FUNCTION careernb.hold_for(text, text, text, text, text[]) FROM PUBLIC
;

REVOKE ALL ON FUNCTION careernb.write_people(text, text, jsonb) FROM PUBLIC
;

REVOKE ALL ON FUNCTION careernb.write_for(text, text, text, text, jsonb, jsonb, boolean) FROM PUBLIC
;

REVOKE ALL ON FUNCTION careernb.me() FROM PUBLIC
;

GRANT EXECUTE ON FUNCTION careernb.me() TO "careernb_manager"
;

REVOKE ALL ON FUNCTION careernb.read(text, text[]) FROM PUBLIC
;

GRANT EXECUTE ON FUNCTION careernb.read(text, text[]) TO "careernb_manager"
;

REVOKE ALL ON FUNCTION careernb.hold(text, text, text[]) FROM PUBLIC
;

GRANT EXECUTE ON FUNCTION careernb.hold(text, text, text[]) TO "careernb_manager"
;

REVOKE ALL ON FUNCTION careernb.write(text, text, jsonb, jsonb, boolean) FROM PUBLIC
;

GRANT EXECUTE ON FUNCTION careernb.write(text, text, jsonb, jsonb, boolean) TO "careernb_manager"
;
