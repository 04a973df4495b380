SET LOCAL ROLE "careernb_owner"
;

-- The digest of each reply a person sends from their page, kept where only the owner reaches it.

CREATE TABLE careernb.sent_replies (
        person_id TEXT NOT NULL,
        reply_id TEXT NOT NULL,
        digest TEXT NOT NULL,
        PRIMARY KEY (person_id, reply_id)
)
;

ALTER TABLE careernb.sent_replies ENABLE ROW LEVEL SECURITY
;

ALTER TABLE careernb.sent_replies FORCE ROW LEVEL SECURITY
;

CREATE POLICY owner_administers ON careernb.sent_replies FOR ALL TO "careernb_owner" USING (true) WITH CHECK (true)
;

CREATE FUNCTION careernb.reply_as_sent(
    _writer text, _person text, _reply text
) RETURNS text
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, careernb, pg_temp
AS $$
BEGIN
    RETURN encode(sha256(convert_to(jsonb_build_object(
        'reply', (SELECT jsonb_build_object('version', r.version, 'written', r.written,
                      'changed', r.changed, 'seen', r.seen, 'future', r.future, 'moving', r.moving)
                  FROM careernb.replies r
                  WHERE r.written_by = _writer AND r.person_id = _person AND r.reply_id = _reply),
        'updates', (SELECT coalesce(jsonb_agg(jsonb_build_object('commitment_id', u.commitment_id,
                        'progress', u.progress, 'happened', u.happened, 'note', u.note)
                        ORDER BY u.commitment_id), '[]'::jsonb)
                    FROM careernb.reply_updates u
                    WHERE u.written_by = _writer AND u.person_id = _person AND u.reply_id = _reply)
    )::text, 'UTF8')), 'hex');
END
$$
;

REVOKE ALL ON FUNCTION careernb.reply_as_sent(text, text, text) FROM PUBLIC
;

-- Checked at the end of each transaction, so a rewrite of a whole table that leaves a reply as it
-- was passes, and a decision on an update (which is not in the digest) is the manager's to make.

CREATE FUNCTION careernb.keep_replies_as_sent() RETURNS trigger
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, careernb, pg_temp
AS $$
DECLARE
    _person text;
    _reply text;
    _sent text;
BEGIN
    IF TG_OP = 'DELETE' THEN
        _person := OLD.person_id;
        _reply := OLD.reply_id;
    ELSE
        _person := NEW.person_id;
        _reply := NEW.reply_id;
    END IF;
    SELECT s.digest INTO _sent FROM careernb.sent_replies s
    WHERE s.person_id = _person AND s.reply_id = _reply;
    IF NOT FOUND THEN
        RETURN NULL;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM careernb.replies r WHERE r.person_id = _person AND r.reply_id = _reply)
       OR EXISTS (SELECT 1 FROM careernb.replies r
                  WHERE r.person_id = _person AND r.reply_id = _reply
                    AND careernb.reply_as_sent(r.written_by, _person, _reply) <> _sent) THEN
        RAISE EXCEPTION 'careernb: reply % was sent from their own page, and is kept as they sent it', _reply
            USING ERRCODE = 'insufficient_privilege',
                  HINT = 'Nothing was changed. Accept or set aside each of its updates: its words are theirs.';
    END IF;
    RETURN NULL;
END
$$
;

REVOKE ALL ON FUNCTION careernb.keep_replies_as_sent() FROM PUBLIC
;

CREATE CONSTRAINT TRIGGER replies_kept_as_sent AFTER INSERT OR UPDATE OR DELETE ON careernb.replies DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION careernb.keep_replies_as_sent()
;

CREATE CONSTRAINT TRIGGER reply_updates_kept_as_sent AFTER INSERT OR UPDATE OR DELETE ON careernb.reply_updates DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION careernb.keep_replies_as_sent()
;

-- The page's way in now records the digest of each reply it keeps.

CREATE OR REPLACE FUNCTION careernb.report_write(
    _login text, _reply jsonb, _updates jsonb
) RETURNS void
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, careernb, pg_temp
AS $$
DECLARE
    _person text;
    _writer text;
    _version bigint;
    _r careernb.replies;
    _scale text[] := ARRAY[
        'strongly disagree', 'disagree', 'neither agree nor disagree', 'agree', 'strongly agree',
        'rather not say'];
    _progress text[] := ARRAY[
        'done', 'on its way', 'stuck'];
    _happened text[] := ARRAY[
        'yes', 'partly', 'not yet'];
BEGIN
    SELECT r.person_id, r.writer INTO _person, _writer FROM careernb.report_of(_login) r;
    _r := jsonb_populate_record(NULL::careernb.replies, _reply);
    IF _writer IS NULL THEN
        RAISE EXCEPTION 'careernb: you have no manager in careernb to reply to'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF _r.person_id IS DISTINCT FROM _person THEN
        RAISE EXCEPTION 'careernb: a reply is written by the person signed in, about themselves'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    -- one reply at a time per person: the manager's own saves of these tables take the same locks
    PERFORM careernb.lock_for(_writer, 'replies', _person);
    PERFORM careernb.lock_for(_writer, 'reply_updates', _person);
    _version := careernb.report_received(_writer, _person);
    IF _version IS NULL OR _r.version IS DISTINCT FROM _version OR NOT EXISTS (
        SELECT 1 FROM careernb.reply_tokens k
        WHERE k.written_by = _writer AND k.person_id = _person AND k.version = _version) THEN
        RAISE EXCEPTION 'careernb: a reply answers the contract you received last, version %',
            coalesce(_version::text, '(none yet)')
            USING ERRCODE = 'invalid_parameter_value', HINT = 'Reload the page and reply again.';
    END IF;
    IF _r.reply_id IS NULL OR _r.written IS NULL
        OR _r.seen <> ALL (_scale) OR _r.future <> ALL (_scale) OR _r.moving <> ALL (_scale) THEN
        RAISE EXCEPTION 'careernb: this reply is not whole' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF EXISTS (SELECT 1 FROM careernb.replies r
               WHERE r.written_by = _writer AND r.person_id = _person AND r.reply_id = _r.reply_id) THEN
        RAISE EXCEPTION 'careernb: this reply was sent already' USING ERRCODE = 'unique_violation';
    END IF;
    IF EXISTS (SELECT 1 FROM careernb.replies r
               WHERE r.written_by = _writer AND r.person_id = _person
                 AND r.version >= _r.version AND r.written > _r.written) THEN
        RAISE EXCEPTION 'careernb: a newer reply of yours was sent already'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF EXISTS (
        SELECT 1 FROM jsonb_populate_recordset(NULL::careernb.reply_updates, _updates) u
        WHERE u.person_id IS DISTINCT FROM _person OR u.reply_id IS DISTINCT FROM _r.reply_id
           OR u.progress <> ALL (_progress) OR u.happened <> ALL (_happened)
           OR u.commitment_id IS NULL OR u.commitment_id NOT IN (
               SELECT c.commitment_id FROM careernb.commitments c
               WHERE c.written_by = _writer AND c.person_id = _person AND c.version = _version)) THEN
        RAISE EXCEPTION 'careernb: this reply answers a commitment that is not in your contract'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    INSERT INTO careernb.reply_updates
        (written_by, person_id, reply_id, commitment_id, progress, happened, note, decision, decided)
    SELECT _writer, _person, _r.reply_id, u.commitment_id, u.progress, u.happened,
           coalesce(u.note, ''), 'pending', NULL
    FROM jsonb_populate_recordset(NULL::careernb.reply_updates, _updates) WITH ORDINALITY AS u
    ORDER BY u.ordinality;
    INSERT INTO careernb.replies
        (written_by, person_id, reply_id, version, written, received, changed, seen, future, moving)
    VALUES (_writer, _person, _r.reply_id, _version, _r.written, current_date, coalesce(_r.changed, ''),
            _r.seen, _r.future, _r.moving);
    INSERT INTO careernb.sent_replies (person_id, reply_id, digest)
    VALUES (_person, _r.reply_id, careernb.reply_as_sent(_writer, _person, _r.reply_id));
END
$$
;
