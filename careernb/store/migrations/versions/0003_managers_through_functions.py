"""Managers reach the data only through functions they cannot steer; the people table's private
columns are kept per writer; saves lock a row of their own instead of an advisory key.

- Managers (the group and so every manager's login role) lose every privilege on every table but
  ``alembic_version`` (the revision number, read before anything else; SELECT allows no lock but
  ACCESS SHARE, which blocks no write). They EXECUTE four plpgsql SECURITY DEFINER functions owned
  by the owner role: ``me``, ``read``, ``hold`` and ``write``, which work through functions only
  the owner may call. Row-level security stays forced; the managers' policies go.
- ``people_private`` keeps ``people.transition`` per writer (credited to the person's manager when
  this revision ran, else to the person's own role, else to the owner); the column leaves people.
- ``locks``: one row per writer, table and person, locked (FOR UPDATE) for the length of a save.

Checked on PostgreSQL 15 before building on it, as managers' real logins, with tables owned by a
NOLOGIN role and row-level security forced:

- Inside a plpgsql SECURITY DEFINER function, ``session_user`` is the login role and
  ``current_user`` the owner; ``current_setting('role')`` is 'none' unless the caller has SET ROLE
  (or ``set_config('role', ...)``, the same thing), when it names the role set. SET ROLE to another
  manager and SET SESSION AUTHORIZATION are refused to a manager.
- A function's own ``SET lock_timeout`` and ``SET search_path`` hold inside it whatever the caller
  set before the call.
- EXPLAIN of a table needs SELECT on it; LOCK TABLE needs a privilege on the table in every mode.
- EXPLAIN ANALYZE of a call shows one Function Scan with the rows it returned (plpgsql is never
  inlined), but ``EXPLAIN (ANALYZE, BUFFERS)`` counts the buffers the function touched: another
  team's ids are therefore dropped before any table is read.
- A caller's temporary table named like a table a function reads is read in its place unless
  ``pg_temp`` comes last in the function's search path; temporary functions and operators are never
  looked up there.
- Without privileges, ``pg_stats`` shows no row of these tables; ``pg_class`` (reltuples,
  relpages), ``pg_stat_user_tables`` and ``pg_relation_size`` show the organisation's sizes;
  ``pg_stat_activity`` shows other roles' sessions (pid, role name) without their queries or
  times; ``pg_locks`` shows every session's locks, by table. A manager may ``ALTER ROLE`` itself
  ``SET role``: that only shuts its own sessions out of the functions.
- A function's ``SET search_path`` costs nothing measurable; a ``SET enable_seqscan = off`` clause
  made every call take 0.2 to 0.6 s (1,100 people): none is set.

Frozen as it shipped, as every revision is: it runs the statements of
``0003_managers_through_functions.sql``, in order."""

from careernb.store.migrate import frozen

revision = "0003"
down_revision = "0002"
upgrade, downgrade = frozen(revision)
