SET LOCAL ROLE "careernb_owner"
;

CREATE TABLE careernb.manager_keys (
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
    )
;

ALTER TABLE careernb.manager_keys ENABLE ROW LEVEL SECURITY
;

ALTER TABLE careernb.manager_keys FORCE ROW LEVEL SECURITY
;

CREATE POLICY owner_administers ON careernb.manager_keys FOR ALL TO "careernb_owner" USING (true) WITH CHECK (true)
;

-- The caller, checked: the manager who logged in, never a role they SET.

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

;


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

;


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

;

REVOKE ALL ON FUNCTION careernb.key_caller() FROM PUBLIC
;

REVOKE ALL ON FUNCTION careernb.my_key() FROM PUBLIC
;

GRANT EXECUTE ON FUNCTION careernb.my_key() TO "careernb_manager"
;

REVOKE ALL ON FUNCTION careernb.keep_my_key(jsonb,jsonb) FROM PUBLIC
;

GRANT EXECUTE ON FUNCTION careernb.keep_my_key(jsonb,jsonb) TO "careernb_manager"
;
