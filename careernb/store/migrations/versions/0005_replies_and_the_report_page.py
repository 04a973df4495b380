"""The person's replies in the database, and the report's page that takes them in.

- ``reply_tokens``, ``replies`` and ``reply_updates``: the tables of a data home's replies, each
  kept as the manager's rows (``written_by``), about the people they manage, as every other
  table of 0001 (the batch reads none of them: it reads the quarter's published figures only).
- ``careernb_reply``: the LOGIN role of the report's page (a JupyterHub service). It holds no
  privilege on any table; it may only EXECUTE ``report_read`` and ``report_write``, plpgsql
  SECURITY DEFINER functions owned by the owner role, which take the hub user signed in to the
  page, find who they are in ``report_logins`` (the administrator's table, no grant to anyone),
  and read that person's last contract received and their replies, or add a reply to it as a
  row of the manager who sent it. They refuse any session but the reply role's own, and one that
  has used SET ROLE.

Checked on PostgreSQL 15 as the real login before building on it: inside the functions
``session_user`` is ``careernb_reply`` and ``current_user`` the owner; the reply role's
``SELECT`` on any careernb table, ``EXPLAIN`` of one and ``LOCK TABLE`` are refused.

Managers reach the three tables as every other since 0003: through its functions, whose
``kind_of`` learns them here; no role but the owner holds a privilege on them.

Frozen as it shipped, as every revision is: it runs the statements of
``0005_replies_and_the_report_page.sql``, in order."""

from careernb.store.migrate import frozen

revision = "0005"
down_revision = "0004"
upgrade, downgrade = frozen(revision)
