"""The managers' key records in the organisation's database, declared once: one table, and the two
functions through which a manager reads and keeps their own.

``manager_keys`` holds one row per manager role: the key record a data home keeps in
``keys.json`` (:class:`careernb.store.key_record.KeyRecord`, its fields as ``as_row`` gives
them): data keys wrapped under the manager's passphrase and recovery code, never a key in clear.
No role but the owner holds a privilege on it and the batch reads nothing of it. A manager reaches
their own row only through ``my_key()`` and ``keep_my_key(record, was)``: plpgsql (never inlined),
``SECURITY DEFINER``, the search path pinned with ``pg_temp`` last, keyed on ``session_user``, the
role that logged in; a session that used ``SET ROLE`` is refused. ``keep_my_key`` replaces the
row only when it still holds ``was`` (what the caller read; NULL: no row), so a key made or
changed in another session is never overwritten unseen.

Revision 0006 repeats this text literally, as it shipped; this module is what a database built
from today's declarations gets, and ``tests/pg`` compares the two.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from careernb.store.sql_schema import MANAGER, granted_functions

KEYS_TABLE = "manager_keys"
KEYS_REVISION = 6
"""The revision that makes the table and its functions: an older database keeps no key."""
CHANGED_ELSEWHERE = "CNK01"
"""The SQLSTATE ``keep_my_key`` raises when the row no longer holds what the caller read."""


def key_tables(meta: sa.MetaData) -> None:
    """One key record per manager role."""
    sa.Table(
        KEYS_TABLE,
        meta,
        sa.Column("role", sa.Text, primary_key=True),
        sa.Column("manager", sa.Text, nullable=False),
        sa.Column("format", sa.Integer, nullable=False),
        sa.Column("current", sa.Text, nullable=False),
        sa.Column("kdf", sa.Text, nullable=False),
        sa.Column("memory_kib", sa.Integer, nullable=False),
        sa.Column("iterations", sa.Integer, nullable=False),
        sa.Column("lanes", sa.Integer, nullable=False),
        sa.Column("passphrase_salt", sa.Text, nullable=False),
        sa.Column("recovery_salt", sa.Text, nullable=False),
        sa.Column("keys", postgresql.JSONB, nullable=False),
        sa.Column("changed", sa.DateTime(timezone=True), nullable=False, server_default=sa.text("now()")),
        sa.CheckConstraint("current ~ '^[0-9a-f]{8}$'", name="manager_keys_current"),
        sa.CheckConstraint(
            "jsonb_typeof(keys) = 'array' AND jsonb_array_length(keys) > 0", name="manager_keys_keys"
        ),
    )


CALLER = """
CREATE FUNCTION careernb.key_caller() RETURNS TEXT
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, careernb, pg_temp
AS $$
BEGIN
    IF current_setting('role') <> 'none' THEN
        RAISE EXCEPTION 'careernb: a key is read and kept as the role you logged in as, not one you '
            'SET ROLE to (%)', current_setting('role')
            USING ERRCODE = 'insufficient_privilege', HINT = 'RESET ROLE, then call it again.';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM careernb.managers WHERE role = session_user) THEN
        RAISE EXCEPTION 'careernb: % is not a manager: only a manager keeps a key', session_user
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN session_user;
END $$
"""

MY_KEY = """
CREATE FUNCTION careernb.my_key() RETURNS JSONB
LANGUAGE plpgsql SECURITY DEFINER STABLE
SET search_path = pg_catalog, careernb, pg_temp
SET lock_timeout = '5s'
AS $$
DECLARE
    me TEXT := careernb.key_caller();
BEGIN
    RETURN (SELECT to_jsonb(k) - 'role' - 'changed' FROM careernb.manager_keys k WHERE k.role = me);
END $$
"""

KEEP_MY_KEY = """
CREATE FUNCTION careernb.keep_my_key(record JSONB, was JSONB DEFAULT NULL) RETURNS VOID
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, careernb, pg_temp
SET lock_timeout = '5s'
AS $$
#variable_conflict use_variable
DECLARE
    me TEXT := careernb.key_caller();
    stored JSONB;
BEGIN
    IF jsonb_typeof(record) IS DISTINCT FROM 'object' THEN
        RAISE EXCEPTION 'careernb: a key record is a JSON object' USING ERRCODE = 'data_exception';
    END IF;
    SELECT to_jsonb(k) - 'role' - 'changed' INTO stored
    FROM careernb.manager_keys k WHERE k.role = me FOR UPDATE;
    IF stored IS DISTINCT FROM was THEN
        RAISE EXCEPTION 'careernb: your key was made or changed in another session since it was read'
            USING ERRCODE = 'CNK01', HINT = 'Nothing was changed: run the command again.';
    END IF;
    INSERT INTO careernb.manager_keys AS k (
        role, manager, format, current, kdf, memory_kib, iterations, lanes, passphrase_salt,
        recovery_salt, keys, changed
    )
    SELECT me, r.manager, r.format, r.current, r.kdf, r.memory_kib, r.iterations, r.lanes,
           r.passphrase_salt, r.recovery_salt, r.keys, now()
    FROM jsonb_populate_record(NULL::careernb.manager_keys, record) r
    ON CONFLICT (role) DO UPDATE SET
        manager = EXCLUDED.manager, format = EXCLUDED.format, current = EXCLUDED.current,
        kdf = EXCLUDED.kdf, memory_kib = EXCLUDED.memory_kib, iterations = EXCLUDED.iterations,
        lanes = EXCLUDED.lanes, passphrase_salt = EXCLUDED.passphrase_salt,
        recovery_salt = EXCLUDED.recovery_salt, keys = EXCLUDED.keys, changed = EXCLUDED.changed;
END $$
"""

KEY_FUNCTIONS: dict[str, tuple[str, tuple[str, ...], str]] = {
    "key_caller()": (
        CALLER,
        (),
        "who is calling: the manager logged in, never one SET ROLE chose (run by the others, as their owner)",
    ),
    "my_key()": (MY_KEY, (MANAGER,), "the caller's own key record (wrapped keys only), or null"),
    "keep_my_key(jsonb,jsonb)": (
        KEEP_MY_KEY,
        (MANAGER,),
        "makes or replaces the caller's own key record, only if it still holds what the caller read",
    ),
}
"""Each function, named as PostgreSQL writes a ``regprocedure``: its definition, who may execute
it (the owner always may; PUBLIC never), and what it does."""


def key_statements() -> list[str]:
    """The key functions and who may execute them; run as the owner after the table."""
    return granted_functions(KEY_FUNCTIONS)
