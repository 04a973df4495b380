"""The quarter's part of the organisation's database, declared once: its two tables, and the
functions through which a manager publishes their team's practice figures and the batch reads them.

``practice_figures`` holds one row per manager and quarter, the counts that manager's own quarter
published; ``quarter_settings`` one row, the minimum group size a distribution counts. Only the
owner role touches them, and so only the functions it owns: plpgsql (never inlined, so a caller's
predicates cannot reach inside), ``SECURITY DEFINER``, the search path pinned with ``pg_temp``
last, a lock waited on for five seconds at most. Each knows its caller as ``session_user``, the
role that logged in, and refuses a session that used ``SET ROLE``.

Revision 0004 repeats this text literally, as it shipped; this module is what a database built
from today's declarations gets, and ``tests/pg`` compares the two.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from careernb.store.sql_schema import BATCH, MANAGER, MANAGERS_TABLE, SCHEMA, granted_functions

PRACTICE_TABLE = "practice_figures"
SETTINGS_TABLE = "quarter_settings"
QUARTER_TABLES = (SETTINGS_TABLE, PRACTICE_TABLE)
"""The quarter's own tables: only the owner and the functions it owns touch them."""
MIN_GROUP_SIZE = 5
SMALLEST_GROUP_SIZE = 3
"""A distribution counts groups of at least ``MIN_GROUP_SIZE`` people by default; an
administrator may change it, never below ``SMALLEST_GROUP_SIZE`` (a CHECK holds it)."""
COUNTS = (
    "reports", "with_conversation", "sent_in_48h", "sent_in_48h_of", "manager_kept",
    "manager_kept_of", "person_kept", "person_kept_of", "goals_changed", "people",
)  # fmt: skip
"""The practice figures' counts, one column each."""


def quarter_tables(meta: sa.MetaData) -> None:
    """The quarter's settings (one row) and each manager's published practice figures."""
    sa.Table(
        SETTINGS_TABLE,
        meta,
        sa.Column("one", sa.Boolean, primary_key=True, server_default=sa.text("true")),
        sa.Column("min_group_size", sa.Integer, nullable=False, server_default=sa.text(str(MIN_GROUP_SIZE))),
        sa.CheckConstraint("one", name="quarter_settings_one_row"),
        sa.CheckConstraint(f"min_group_size >= {SMALLEST_GROUP_SIZE}", name="min_group_size_at_least_3"),
    )
    sa.Table(
        PRACTICE_TABLE,
        meta,
        sa.Column("manager_role", sa.Text, primary_key=True),
        sa.Column("quarter", sa.Text, primary_key=True),
        sa.Column("as_of", sa.Date, nullable=False),
        sa.Column("published", sa.DateTime(timezone=True), nullable=False, server_default=sa.text("now()")),
        *[sa.Column(c, sa.Integer, nullable=False) for c in COUNTS if c != "people"],
        sa.Column("failures", postgresql.JSONB, nullable=False),
        sa.Column("people", sa.Integer, nullable=False),
        sa.Column("distributions", postgresql.JSONB, nullable=False),
        sa.ForeignKeyConstraint(
            ["manager_role"],
            [f"{SCHEMA}.{MANAGERS_TABLE}.role"],
            name="practice_figures_manager_role_fkey",
            onupdate="CASCADE",
            ondelete="CASCADE",
        ),
        sa.CheckConstraint("quarter ~ '^[0-9]{4}Q[1-4]$'", name="practice_figures_quarter"),
        sa.CheckConstraint(
            f"least({', '.join(COUNTS)}) >= 0 AND with_conversation <= reports "
            "AND sent_in_48h <= sent_in_48h_of AND manager_kept <= manager_kept_of "
            "AND person_kept <= person_kept_of AND goals_changed <= people",
            name="practice_figures_counts",
        ),
    )


CALLER = """
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
"""

PUBLISH = """
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
"""

OWN = """
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
"""

PRACTICE = """
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
"""

DISTRIBUTIONS = """
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
"""

MIN_GROUP_SIZE_FUNCTION = """
CREATE FUNCTION careernb.min_group_size() RETURNS INTEGER
LANGUAGE plpgsql SECURITY DEFINER STABLE
SET search_path = pg_catalog, careernb, pg_temp
SET lock_timeout = '5s'
AS $$
BEGIN
    RETURN (SELECT s.min_group_size FROM careernb.quarter_settings s);
END $$
"""


PUBLISH_ARGS = ",".join(["text", "date", *["integer"] * 9, "jsonb", "integer", "jsonb"])
QUARTER_FUNCTIONS: dict[str, tuple[str, tuple[str, ...], str]] = {
    "quarter_caller(text)": (
        CALLER,
        (),
        "who is calling: the role logged in, never one SET ROLE chose (run by the others, as their owner)",
    ),
    f"publish_practice_figures({PUBLISH_ARGS})": (
        PUBLISH,
        (MANAGER,),
        "replaces the caller's own practice figures for a quarter (counts only, checked)",
    ),
    "own_practice_figures(text)": (OWN, (MANAGER,), "the caller's own published figures for a quarter"),
    "quarter_practice(text)": (
        PRACTICE,
        (BATCH,),
        "every manager's published practice figures for a quarter; none where not yet run",
    ),
    "quarter_distributions(text)": (
        DISTRIBUTIONS,
        (BATCH,),
        "distributions summed over the teams of at least the minimum group size, none smaller",
    ),
    "min_group_size()": (
        MIN_GROUP_SIZE_FUNCTION,
        (MANAGER, BATCH),
        "the smallest group a distribution may count",
    ),
}
"""Each function, named as PostgreSQL writes a ``regprocedure``: its definition, who may execute
it (the owner always may; PUBLIC never), and what it does."""


def quarter_statements() -> list[str]:
    """The quarter's functions and who may execute them; run as the owner after the tables."""
    return granted_functions(QUARTER_FUNCTIONS)
