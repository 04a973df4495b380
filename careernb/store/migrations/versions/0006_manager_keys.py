"""Each manager's key record, in a table no role but the owner touches: the data keys wrapped under
the manager's passphrase and recovery code (never a key in clear), read and kept by the manager
alone through two functions keyed on who logged in; nothing for the batch.

``my_key()`` gives the caller's own record (or null); ``keep_my_key(record, was)`` makes or replaces
it, only if the row still holds ``was``, what the caller read (null: no row yet), so a key made or
changed in another session is never overwritten unseen. Both are plpgsql, ``SECURITY DEFINER``,
owned by the NOLOGIN owner role, with a pinned search_path (pg_temp last) and lock_timeout; the
caller is ``session_user``, and a session that used SET ROLE is refused.

Frozen as it shipped, as every revision is: it runs the statements of
``0006_manager_keys.sql``, in order."""

from careernb.store.migrate import frozen

revision = "0006"
down_revision = "0005"
upgrade, downgrade = frozen(revision)
