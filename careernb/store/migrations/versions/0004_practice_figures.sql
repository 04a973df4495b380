SET LOCAL ROLE "careernb_owner"
;

CREATE TABLE careernb.quarter_settings (
        one BOOLEAN DEFAULT true NOT NULL,
        min_group_size INTEGER DEFAULT 5 NOT NULL,
        PRIMARY KEY (one),
        CONSTRAINT quarter_settings_one_row CHECK (one),
        CONSTRAINT min_group_size_at_least_3 CHECK (min_group_size >= 3)
    )
;

INSERT INTO careernb.quarter_settings DEFAULT VALUES
;

CREATE TABLE careernb.practice_figures (
        manager_role TEXT NOT NULL,
        quarter TEXT NOT NULL,
        as_of DATE NOT NULL,
        published TIMESTAMP WITH TIME ZONE DEFAULT now() NOT NULL,
        reports INTEGER NOT NULL,
        with_conversation INTEGER NOT NULL,
        sent_in_48h INTEGER NOT NULL,
        sent_in_48h_of INTEGER NOT NULL,
        manager_kept INTEGER NOT NULL,
        manager_kept_of INTEGER NOT NULL,
        person_kept INTEGER NOT NULL,
        person_kept_of INTEGER NOT NULL,
        goals_changed INTEGER NOT NULL,
        failures JSONB NOT NULL,
        people INTEGER NOT NULL,
        distributions JSONB NOT NULL,
        PRIMARY KEY (manager_role, quarter),
        CONSTRAINT practice_figures_manager_role_fkey FOREIGN KEY (manager_role)
            REFERENCES careernb.managers (role) ON UPDATE CASCADE ON DELETE CASCADE,
        CONSTRAINT practice_figures_quarter CHECK (quarter ~ '^[0-9]{4}Q[1-4]$'),
        CONSTRAINT practice_figures_counts CHECK (
            least(reports, with_conversation, sent_in_48h, sent_in_48h_of, manager_kept,
                  manager_kept_of, person_kept, person_kept_of, goals_changed, people) >= 0
            AND with_conversation <= reports AND sent_in_48h <= sent_in_48h_of
            AND manager_kept <= manager_kept_of AND person_kept <= person_kept_of
            AND goals_changed <= people
        )
    )
;

ALTER TABLE careernb.quarter_settings ENABLE ROW LEVEL SECURITY
;

ALTER TABLE careernb.quarter_settings FORCE ROW LEVEL SECURITY
;

CREATE POLICY owner_administers ON careernb.quarter_settings FOR ALL TO "careernb_owner" USING (true) WITH CHECK (true)
;

ALTER TABLE careernb.practice_figures ENABLE ROW LEVEL SECURITY
;

ALTER TABLE careernb.practice_figures FORCE ROW LEVEL SECURITY
;

CREATE POLICY owner_administers ON careernb.practice_figures FOR ALL TO "careernb_owner" USING (true) WITH CHECK (true)
;

-- The caller, checked: who logged in (never a role they SET), and that they may act as `kind`.

CREATE FUNCTION careernb.quarter_caller(kind TEXT) RETURNS TEXT
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, careernb, pg_temp
AS $$
BEGIN
    IF current_setting('role') <> 'none' THEN
        RAISE EXCEPTION 'careernb: the quarter''s figures are read and published as the role you '
            'logged in as, not one you SET ROLE to (%)', current_setting('role')
            USING ERRCODE = 'insufficient_privilege', HINT = 'RESET ROLE, then call it again.';
    END IF;
    IF kind = 'manager' AND NOT EXISTS (SELECT 1 FROM careernb.managers WHERE role = session_user) THEN
        RAISE EXCEPTION 'careernb: % is not a manager: only a manager publishes their team''s figures',
            session_user USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF kind = 'batch' AND NOT pg_has_role(session_user, 'careernb_batch', 'USAGE') THEN
        RAISE EXCEPTION 'careernb: % is not the organisation''s batch role (careernb_batch)', session_user
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN session_user;
END $$

;


CREATE FUNCTION careernb.publish_practice_figures(
    quarter TEXT, as_of DATE, reports INTEGER, with_conversation INTEGER,
    sent_in_48h INTEGER, sent_in_48h_of INTEGER, manager_kept INTEGER, manager_kept_of INTEGER,
    person_kept INTEGER, person_kept_of INTEGER, goals_changed INTEGER, failures JSONB,
    people INTEGER, distributions JSONB
) RETURNS TIMESTAMP WITH TIME ZONE
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, careernb, pg_temp
SET lock_timeout = '5s'
AS $$
#variable_conflict use_variable
DECLARE
    me TEXT := careernb.quarter_caller('manager');
    last_day DATE;
    team INTEGER;
    bad TEXT;
    done TIMESTAMP WITH TIME ZONE;
BEGIN
    IF quarter IS NULL OR quarter !~ '^[0-9]{4}Q[1-4]$' THEN
        RAISE EXCEPTION 'careernb: % is not a quarter; write it as 2026Q4', quarter
            USING ERRCODE = 'data_exception';
    END IF;
    last_day := (make_date(left(quarter, 4)::int, right(quarter, 1)::int * 3, 1)
                 + interval '1 month' - interval '1 day')::date;
    IF as_of IS NULL OR as_of > last_day THEN
        RAISE EXCEPTION 'careernb: figures of % are counted to a day within it, not %', quarter, as_of
            USING ERRCODE = 'data_exception';
    END IF;
    -- The group a distribution counts is the caller's team as the database knows it, never a
    -- number the caller chose: the minimum group size holds whatever a notebook sends.
    SELECT count(*) INTO team FROM careernb.people p JOIN careernb.managers m ON p.manager_id = m.person_id
    WHERE m.role = me AND p."left" IS NULL;
    IF people IS DISTINCT FROM team THEN
        RAISE EXCEPTION 'careernb: your team has % people now, not %: run the quarter again', team, people
            USING ERRCODE = 'data_exception';
    END IF;
    IF jsonb_typeof(failures) IS DISTINCT FROM 'object'
       OR (SELECT count(*) FROM jsonb_each(failures)) > 20 THEN
        RAISE EXCEPTION 'careernb: failures must be an object of at most 20 counts'
            USING ERRCODE = 'data_exception';
    END IF;
    SELECT f.key INTO bad FROM jsonb_each(failures) f
    WHERE length(f.key) > 64 OR NOT (jsonb_typeof(f.value) = 'null'
        OR (jsonb_typeof(f.value) = 'number' AND f.value::text ~ '^[0-9]{1,9}$'
            AND f.value::text::int <= people))
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'careernb: the failure % must be a count of people, at most %, or null', bad, people
            USING ERRCODE = 'data_exception';
    END IF;
    IF jsonb_typeof(distributions) IS DISTINCT FROM 'object'
       OR (SELECT count(*) FROM jsonb_each(distributions)) > 20 THEN
        RAISE EXCEPTION 'careernb: distributions must be an object of at most 20 distributions'
            USING ERRCODE = 'data_exception';
    END IF;
    SELECT d.key INTO bad FROM jsonb_each(distributions) d
    WHERE length(d.key) > 64 OR jsonb_typeof(d.value) <> 'object'
        OR (SELECT count(*) FROM jsonb_each(d.value)) > 50
        OR EXISTS (SELECT 1 FROM jsonb_each(d.value) v
                   WHERE length(v.key) > 200 OR jsonb_typeof(v.value) <> 'number'
                       OR v.value::text !~ '^[0-9]{1,9}$')
        OR (SELECT coalesce(sum(v.value::text::bigint), 0) FROM jsonb_each(d.value) v) <> people
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'careernb: the distribution % must count each of the % people once, '
            'in at most 50 answers', bad, people USING ERRCODE = 'data_exception';
    END IF;
    INSERT INTO careernb.practice_figures AS p (
        manager_role, quarter, as_of, published, reports, with_conversation, sent_in_48h,
        sent_in_48h_of, manager_kept, manager_kept_of, person_kept, person_kept_of, goals_changed,
        failures, people, distributions
    ) VALUES (
        me, quarter, as_of, now(), reports, with_conversation, sent_in_48h,
        sent_in_48h_of, manager_kept, manager_kept_of, person_kept, person_kept_of, goals_changed,
        failures, people, distributions
    )
    ON CONFLICT ON CONSTRAINT practice_figures_pkey DO UPDATE SET
        as_of = EXCLUDED.as_of, published = EXCLUDED.published, reports = EXCLUDED.reports,
        with_conversation = EXCLUDED.with_conversation, sent_in_48h = EXCLUDED.sent_in_48h,
        sent_in_48h_of = EXCLUDED.sent_in_48h_of, manager_kept = EXCLUDED.manager_kept,
        manager_kept_of = EXCLUDED.manager_kept_of, person_kept = EXCLUDED.person_kept,
        person_kept_of = EXCLUDED.person_kept_of, goals_changed = EXCLUDED.goals_changed,
        failures = EXCLUDED.failures, people = EXCLUDED.people, distributions = EXCLUDED.distributions
    RETURNING p.published INTO done;
    RETURN done;
END $$

;


CREATE FUNCTION careernb.own_practice_figures(of_quarter TEXT)
RETURNS TABLE (
    manager_role TEXT, manager_name TEXT, as_of DATE, published TIMESTAMP WITH TIME ZONE,
    reports INTEGER, with_conversation INTEGER, sent_in_48h INTEGER, sent_in_48h_of INTEGER,
    manager_kept INTEGER, manager_kept_of INTEGER, person_kept INTEGER, person_kept_of INTEGER,
    goals_changed INTEGER, failures JSONB, people INTEGER, distributions JSONB)
LANGUAGE plpgsql SECURITY DEFINER STABLE
SET search_path = pg_catalog, careernb, pg_temp
SET lock_timeout = '5s'
AS $$
DECLARE
    me TEXT := careernb.quarter_caller('manager');
BEGIN
    RETURN QUERY
        SELECT m.role, p.name, f.as_of, f.published, f.reports, f.with_conversation, f.sent_in_48h,
               f.sent_in_48h_of, f.manager_kept, f.manager_kept_of, f.person_kept, f.person_kept_of,
               f.goals_changed, f.failures, f.people, f.distributions
        FROM careernb.managers m
        LEFT JOIN careernb.people p ON p.person_id = m.person_id
        LEFT JOIN careernb.practice_figures f ON f.manager_role = m.role AND f.quarter = of_quarter
        WHERE m.role = me;
END $$

;


CREATE FUNCTION careernb.quarter_practice(of_quarter TEXT)
RETURNS TABLE (
    manager_role TEXT, manager_name TEXT, as_of DATE, published TIMESTAMP WITH TIME ZONE,
    reports INTEGER, with_conversation INTEGER, sent_in_48h INTEGER, sent_in_48h_of INTEGER,
    manager_kept INTEGER, manager_kept_of INTEGER, person_kept INTEGER, person_kept_of INTEGER,
    goals_changed INTEGER, failures JSONB, people INTEGER)
LANGUAGE plpgsql SECURITY DEFINER STABLE
SET search_path = pg_catalog, careernb, pg_temp
SET lock_timeout = '5s'
AS $$
BEGIN
    PERFORM careernb.quarter_caller('batch');
    RETURN QUERY
        SELECT m.role, p.name, f.as_of, f.published, f.reports, f.with_conversation, f.sent_in_48h,
               f.sent_in_48h_of, f.manager_kept, f.manager_kept_of, f.person_kept, f.person_kept_of,
               f.goals_changed, f.failures, f.people
        FROM careernb.managers m
        LEFT JOIN careernb.people p ON p.person_id = m.person_id
        LEFT JOIN careernb.practice_figures f ON f.manager_role = m.role AND f.quarter = of_quarter
        ORDER BY m.role;
END $$

;

-- Summed over the teams of at least the minimum size, so no count is ever of a smaller group;
-- a distribution whose total is under the minimum is not returned at all.

CREATE FUNCTION careernb.quarter_distributions(of_quarter TEXT)
RETURNS TABLE (distribution TEXT, answer TEXT, people BIGINT)
LANGUAGE plpgsql SECURITY DEFINER STABLE
SET search_path = pg_catalog, careernb, pg_temp
SET lock_timeout = '5s'
AS $$
#variable_conflict use_column
DECLARE
    smallest INTEGER;
BEGIN
    PERFORM careernb.quarter_caller('batch');
    SELECT s.min_group_size INTO STRICT smallest FROM careernb.quarter_settings s;
    RETURN QUERY
    WITH counted AS (
        SELECT d.key AS distribution, v.key AS answer, v.value::text::bigint AS n
        FROM careernb.practice_figures f
        JOIN careernb.managers m ON m.role = f.manager_role
        CROSS JOIN LATERAL jsonb_each(f.distributions) d
        CROSS JOIN LATERAL jsonb_each(d.value) v
        WHERE f.quarter = of_quarter AND f.people >= smallest
    ), summed AS (
        SELECT c.distribution, c.answer, sum(c.n)::bigint AS people,
               sum(sum(c.n)) OVER (PARTITION BY c.distribution) AS total
        FROM counted c GROUP BY c.distribution, c.answer
    )
    SELECT s.distribution, s.answer, s.people FROM summed s
    WHERE s.total >= smallest
    ORDER BY s.distribution, s.answer;
END $$

;


CREATE FUNCTION careernb.min_group_size() RETURNS INTEGER
LANGUAGE plpgsql SECURITY DEFINER STABLE
SET search_path = pg_catalog, careernb, pg_temp
SET lock_timeout = '5s'
AS $$
BEGIN
    RETURN (SELECT s.min_group_size FROM careernb.quarter_settings s);
END $$

;

-- Each function, and who may execute it (the owner always may; PUBLIC never).
REVOKE ALL ON FUNCTION careernb.quarter_caller(TEXT) FROM PUBLIC
;

REVOKE ALL ON FUNCTION careernb.publish_practice_figures(TEXT, DATE, INTEGER, INTEGER, INTEGER, INTEGER, INTEGER, INTEGER, INTEGER, INTEGER, INTEGER, JSONB, INTEGER, JSONB) FROM PUBLIC
;

GRANT EXECUTE ON FUNCTION careernb.publish_practice_figures(TEXT, DATE, INTEGER, INTEGER, INTEGER, INTEGER, INTEGER, INTEGER, INTEGER, INTEGER, INTEGER, JSONB, INTEGER, JSONB) TO "careernb_manager"
;

REVOKE ALL ON FUNCTION careernb.own_practice_figures(TEXT) FROM PUBLIC
;

GRANT EXECUTE ON FUNCTION careernb.own_practice_figures(TEXT) TO "careernb_manager"
;

REVOKE ALL ON FUNCTION careernb.quarter_practice(TEXT) FROM PUBLIC
;

GRANT EXECUTE ON FUNCTION careernb.quarter_practice(TEXT) TO "careernb_batch"
;

REVOKE ALL ON FUNCTION careernb.quarter_distributions(TEXT) FROM PUBLIC
;

GRANT EXECUTE ON FUNCTION careernb.quarter_distributions(TEXT) TO "careernb_batch"
;

REVOKE ALL ON FUNCTION careernb.min_group_size() FROM PUBLIC
;

GRANT EXECUTE ON FUNCTION careernb.min_group_size() TO "careernb_manager"
;

GRANT EXECUTE ON FUNCTION careernb.min_group_size() TO "careernb_batch"
;

-- The batch reads figures through the functions above, and no table at all. It had column grants
-- and a policy on every table; whatever earlier revisions gave it, it keeps nothing. Only where it
-- holds something: a REVOKE elsewhere would write out the owner's default privileges, which a
-- database built from the declarations does not hold.
DO $$
DECLARE
    t RECORD;
BEGIN
    FOR t IN
        SELECT c.relname FROM pg_class c
        WHERE c.relnamespace = 'careernb'::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
          AND (EXISTS (SELECT 1 FROM aclexplode(c.relacl) a WHERE a.grantee = 'careernb_batch'::regrole)
               OR EXISTS (SELECT 1 FROM pg_attribute att, aclexplode(att.attacl) a
                          WHERE att.attrelid = c.oid AND a.grantee = 'careernb_batch'::regrole))
    LOOP
        EXECUTE format('REVOKE ALL ON careernb.%I FROM careernb_batch', t.relname);
    END LOOP;
    FOR t IN SELECT tablename FROM pg_policies WHERE schemaname = 'careernb' AND policyname = 'batch_reads'
    LOOP
        EXECUTE format('DROP POLICY batch_reads ON careernb.%I', t.tablename);
    END LOOP;
END $$
;
