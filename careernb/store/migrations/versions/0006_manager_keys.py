"""Each manager's key record, in a table no role but the owner touches: the data keys wrapped under
the manager's passphrase and recovery code (never a key in clear), read and kept by the manager
alone through two functions keyed on who logged in; nothing for the batch.

``my_key()`` gives the caller's own record (or null); ``keep_my_key(record, was)`` makes or replaces
it, only if the row still holds ``was``, what the caller read (null: no row yet), so a key made or
changed in another session is never overwritten unseen. Both are plpgsql, ``SECURITY DEFINER``,
owned by the NOLOGIN owner role, with a pinned search_path (pg_temp last) and lock_timeout; the
caller is ``session_user``, and a session that used SET ROLE is refused.

Frozen as it shipped, as every revision is.

Revision ID: 0006
Revises: 0005
"""

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

TABLE = """CREATE TABLE careernb.manager_keys (
        role TEXT NOT NULL,
        manager TEXT NOT NULL,
        format INTEGER NOT NULL,
        current TEXT NOT NULL,
        kdf TEXT NOT NULL,
        memory_kib INTEGER NOT NULL,
        iterations INTEGER NOT NULL,
        lanes INTEGER NOT NULL,
        passphrase_salt TEXT NOT NULL,
        recovery_salt TEXT NOT NULL,
        keys JSONB NOT NULL,
        changed TIMESTAMP WITH TIME ZONE DEFAULT now() NOT NULL,
        PRIMARY KEY (role),
        CONSTRAINT manager_keys_current CHECK (current ~ '^[0-9a-f]{8}$'),
        CONSTRAINT manager_keys_keys CHECK (jsonb_typeof(keys) = 'array' AND jsonb_array_length(keys) > 0)
    )"""

# The caller, checked: the manager who logged in, never a role they SET.
CALLER = r"""
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

MY_KEY = r"""
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

KEEP_MY_KEY = r"""
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

GRANTS = {
    "careernb.key_caller()": (),
    "careernb.my_key()": ("careernb_manager",),
    "careernb.keep_my_key(jsonb,jsonb)": ("careernb_manager",),
}


def upgrade() -> None:
    op.execute('SET LOCAL ROLE "careernb_owner"')
    op.execute(TABLE)
    op.execute("ALTER TABLE careernb.manager_keys ENABLE ROW LEVEL SECURITY")
    op.execute("ALTER TABLE careernb.manager_keys FORCE ROW LEVEL SECURITY")
    op.execute(
        'CREATE POLICY owner_administers ON careernb.manager_keys FOR ALL TO "careernb_owner" '
        "USING (true) WITH CHECK (true)"
    )
    for function in (CALLER, MY_KEY, KEEP_MY_KEY):
        op.execute(function)
    for function, roles in GRANTS.items():
        op.execute(f"REVOKE ALL ON FUNCTION {function} FROM PUBLIC")
        for role in roles:
            op.execute(f'GRANT EXECUTE ON FUNCTION {function} TO "{role}"')


def downgrade() -> None:
    raise NotImplementedError("Revisions are not undone: restore the database from its backup instead.")
