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

The functions depend on no declared table, so their text is written once, in revision 0006 as it
shipped, and read from there (:func:`careernb.store.migrate.shipped_function`); a revision that
changes one moves its revision here, or ``tests/pg/test_migrations.py`` fails.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from careernb.store.sql_schema import MANAGER, granted_functions

KEYS_TABLE = "manager_keys"
KEYS_REVISION = 6
"""The revision that makes the table and its functions (an older database keeps no key); none
has changed since."""
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


KEY_FUNCTIONS: dict[str, tuple[int, tuple[str, ...], str]] = {
    "key_caller()": (
        KEYS_REVISION,
        (),
        "who is calling: the manager logged in, never one SET ROLE chose (run by the others, as their owner)",
    ),
    "my_key()": (KEYS_REVISION, (MANAGER,), "the caller's own key record (wrapped keys only), or null"),
    "keep_my_key(jsonb,jsonb)": (
        KEYS_REVISION,
        (MANAGER,),
        "makes or replaces the caller's own key record, only if it still holds what the caller read",
    ),
}
"""Each function, named as PostgreSQL writes a ``regprocedure``: the revision whose text it is,
who may execute it (the owner always may; PUBLIC never), and what it does."""


def key_statements() -> list[str]:
    """The key functions and who may execute them; run as the owner after the table."""
    return granted_functions(KEY_FUNCTIONS)
