"""The organisation sees practice, never people: each manager's quarter publishes its team's
practice figures through a function keyed on who logged in; the batch role loses every table
privilege and reads, through functions alone, those figures per manager and distributions
summed over teams of at least the minimum group size (a setting, 5 by default, never below 3).

Every function is plpgsql (never inlined: a caller's predicates cannot reach inside), SECURITY
DEFINER, owned by the NOLOGIN owner role, with a pinned search_path (pg_temp last) and
lock_timeout. The caller is ``session_user`` (``current_user`` is the owner inside); a session
that has used SET ROLE is refused, so no role a login can become may publish or read as anyone.

Frozen as it shipped, as every revision is: it runs the statements of
``0004_practice_figures.sql``, in order."""

from careernb.store.migrate import frozen

revision = "0004"
down_revision = "0003"
upgrade, downgrade = frozen(revision)
