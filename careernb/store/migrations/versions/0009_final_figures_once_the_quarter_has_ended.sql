SET LOCAL ROLE "careernb_owner"
;

-- Figures a team publishes once its quarter has ended are final, and the batch reads a
-- distribution, and a team's reports' own figures, from final figures alone: two reads of the
-- quarter around a republication (a joiner, a leaver, one changed answer) would otherwise differ
-- by one person.
-- The moment a quarter has ended everywhere on earth: noon UTC on the next quarter's first day
-- (midnight at UTC-12), whatever time zone the caller's session sets.

CREATE FUNCTION careernb.quarter_final_from(quarter TEXT) RETURNS TIMESTAMP WITH TIME ZONE
LANGUAGE plpgsql IMMUTABLE
SET search_path = pg_catalog, careernb, pg_temp
AS $$
BEGIN
    IF quarter IS NULL OR quarter !~ '^[0-9]{4}Q[1-4]$' THEN
        RAISE EXCEPTION 'careernb: % is not a quarter; write it as 2026Q4', quarter
            USING ERRCODE = 'data_exception';
    END IF;
    RETURN (make_date(left(quarter, 4)::int, right(quarter, 1)::int * 3, 1) + interval '1 month 12 hours')
        ::timestamp AT TIME ZONE 'UTC';
END $$
;

REVOKE ALL ON FUNCTION careernb.quarter_final_from(TEXT) FROM PUBLIC
;

-- A publication after the quarter has ended is final: a later one leaves it as it was (the row
-- stays locked by the conflict, never updated) and says when it was published.

CREATE OR REPLACE FUNCTION careernb.publish_practice_figures(
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
    WHERE p.published < careernb.quarter_final_from(p.quarter)
    RETURNING p.published INTO done;
    IF done IS NULL THEN  -- final already: kept as it was, and when it was published said
        SELECT f.published INTO STRICT done FROM careernb.practice_figures f
        WHERE f.manager_role = me AND f.quarter = publish_practice_figures.quarter;
    END IF;
    RETURN done;
END $$
;

-- The reports' own figures (their commitments kept, their goals that changed) of a team of at
-- least the minimum size, from its final figures alone: those of the quarter so far, read before
-- and after one joiner, would tell that person's.

CREATE OR REPLACE FUNCTION careernb.quarter_practice(of_quarter TEXT)
RETURNS TABLE (
    manager_role TEXT, manager_name TEXT, as_of DATE, published TIMESTAMP WITH TIME ZONE,
    reports INTEGER, with_conversation INTEGER, sent_in_48h INTEGER, sent_in_48h_of INTEGER,
    manager_kept INTEGER, manager_kept_of INTEGER, person_kept INTEGER, person_kept_of INTEGER,
    goals_changed INTEGER, failures JSONB, people INTEGER)
LANGUAGE plpgsql SECURITY DEFINER STABLE
SET search_path = pg_catalog, careernb, pg_temp
SET lock_timeout = '5s'
AS $$
DECLARE
    smallest INTEGER;
    ended TIMESTAMP WITH TIME ZONE;
BEGIN
    PERFORM careernb.quarter_caller('batch');
    SELECT s.min_group_size INTO STRICT smallest FROM careernb.quarter_settings s;
    ended := careernb.quarter_final_from(of_quarter);
    RETURN QUERY
        SELECT m.role, p.name, f.as_of, f.published, f.reports, f.with_conversation, f.sent_in_48h,
               f.sent_in_48h_of, f.manager_kept, f.manager_kept_of,
               CASE WHEN f.people >= smallest AND f.published >= ended THEN f.person_kept END,
               CASE WHEN f.people >= smallest AND f.published >= ended THEN f.person_kept_of END,
               CASE WHEN f.people >= smallest AND f.published >= ended THEN f.goals_changed END,
               f.failures, f.people
        FROM careernb.managers m
        LEFT JOIN careernb.people p ON p.person_id = m.person_id
        LEFT JOIN careernb.practice_figures f ON f.manager_role = m.role AND f.quarter = of_quarter
        ORDER BY m.role;
END $$
;

-- Summed over the final figures alone, of the teams of at least the minimum size.

CREATE OR REPLACE FUNCTION careernb.quarter_distributions(of_quarter TEXT)
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
          AND f.published >= careernb.quarter_final_from(of_quarter)
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
