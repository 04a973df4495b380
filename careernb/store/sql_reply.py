"""The report's page in the organisation's database: its role, its table and its two functions.

The report's page (a JupyterHub service, :mod:`careernb.organisation.report_page`) logs in as
``careernb_reply``, which holds no privilege on any table. It names the hub user signed in to
the page for each request, and reaches the data only through two plpgsql ``SECURITY DEFINER``
functions owned by the NOLOGIN owner role, which only it may execute:

- ``report_read(login)``: the contract that person received last (its person- and team-class
  cells, the answers marked *share* that are not trust-gated), their manager's name and address,
  and their own replies; nothing of anyone else, no private cell;
- ``report_write(login, reply, updates)``: adds their reply to that contract, as a row of the
  manager who sent it, after the checks ``careernb reply import`` makes.

The hub user is tied to a person in ``report_logins`` (``careernb org add-report``). This is
PostgREST's way, safe only because no person runs code in the service: whoever holds the
service's connection can name any report. A manager's notebook never gets this role.

Declared as :mod:`careernb.store.sql_access` declares its functions: ``report_read`` and
``report_write`` are generated here from the tables (the columns the person may see, the choices
a reply takes), and a revision repeats what they generated the day it shipped; ``report_of`` and
``report_received`` depend on no table and are read from revision 0005, which wrote them.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from importlib import resources

import sqlalchemy as sa

from careernb.store.schema import Privacy, Table
from careernb.store.sql_access import Function
from careernb.store.sql_schema import OWNER, REPLY, REPORTS_TABLE, SCHEMA, quote

CONTRACT_TABLES = (
    "people",
    "contracts",
    "commitments",
    "review_points",
    "conversations",
    "answers",
    "aspirations",
    "questions",
    "reply_tokens",
)
"""What the contract the person receives is made of."""
OWN_TABLES = ("replies", "reply_updates")
"""The person's own replies to it."""
EARLIER_COMMITMENTS = ("person_id", "version", "commitment_id", "party", "status")
"""Of an earlier version's commitments, what tells one carried over: no text."""
SENT_TABLE = "sent_replies"
"""Each reply sent from the page, by its digest: what the person wrote, kept as they sent it."""
KEPT_REVISION = 8
"""The revision that keeps a reply sent from the page as it was sent (none has changed it since)."""


def sent_tables(meta: sa.MetaData) -> None:
    """The digest of each reply the person sent from their page: only the owner touches it."""
    sa.Table(
        SENT_TABLE,
        meta,
        sa.Column("person_id", sa.Text, primary_key=True),
        sa.Column("reply_id", sa.Text, primary_key=True),
        sa.Column("digest", sa.Text, nullable=False),
    )


def kept_as_sent(table: str) -> str:
    """The check, at the end of every transaction that touched ``table``, that each reply sent from
    the page (its words, its answers, its updates) is still what the person sent: a manager decides
    on an update, and never changes or removes what they wrote."""
    return (
        f"CREATE CONSTRAINT TRIGGER {table}_kept_as_sent AFTER INSERT OR UPDATE OR DELETE ON "
        f"{SCHEMA}.{table} DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "
        f"{SCHEMA}.keep_replies_as_sent()"
    )


def playbook_gated() -> list[str]:
    """The playbook's trust-gated questions: their answers never leave, shared or not.

    Read from the package's question bank as a file (the store knows no question records)."""
    with resources.files("careernb").joinpath("data/questions.csv").open(encoding="utf-8") as f:
        return [row["question_id"] for row in csv.DictReader(f) if row["trust_gated"] == "true"]


def shown(table: Table) -> list[str]:
    """The columns the person may see of a table: person- and team-class, and a shared answer."""
    return [c.name for c in table.columns if c.privacy is not Privacy.PRIVATE or c.shared_when]


def _object(table: Table, alias: str, names: Sequence[str] | None = None) -> str:
    """``jsonb_build_object`` of some columns of a row (by default those the person may see)."""
    pairs = [f"'{n}', {alias}.{quote(n)}" for n in (names if names is not None else shown(table))]
    return "jsonb_build_object(\n            " + _wrapped(pairs, " " * 12) + ")"


def _wrapped(items: Sequence[str], indent: str, width: int = 96) -> str:
    """Items joined by commas, a new line at ``indent`` before one would pass ``width``."""
    lines = [""]
    for item in items:
        if lines[-1] and len(indent) + len(lines[-1]) + len(item) + 2 > width:
            lines.append("")
        lines[-1] += (", " if lines[-1] else "") + item
    return f",\n{indent}".join(lines)


def _choices(table: Table, name: str) -> str:
    return "ARRAY[\n        " + _wrapped([f"'{c}'" for c in table.column(name).choices], " " * 8) + "]"


def functions(tables: Sequence[Table]) -> list[Function]:
    """The reply role's functions, in the order they are created."""
    t = {table.name: table for table in tables}
    gated = ", ".join(f"'{q}'" for q in playbook_gated())
    replies, updates = t["replies"], t["reply_updates"]
    return [
        Function(
            "report_of",
            "_login text",
            "text",
            "TABLE (person_id text, writer text)",
            "Who the hub user is (their person, their manager's role); refuses any session but the "
            "reply role's own, and one that has used SET ROLE.",
            since=5,
        ),
        Function(
            "report_received",
            "_writer text, _person text",
            "text, text",
            "bigint",
            "The version of the last contract the writer agreed and sent to the person.",
            since=5,
        ),
        Function(
            "report_read",
            "_login text",
            "text",
            "TABLE (kind text, cells jsonb)",
            "What the person may see of the contract they received last, and their own replies.",
            f"""
DECLARE
    _person text;
    _writer text;
    _version bigint;
    _from date;
    _until date;
    _contract careernb.contracts;
    _talks text[];
BEGIN
    SELECT r.person_id, r.writer INTO _person, _writer FROM careernb.report_of(_login) r;
    RETURN QUERY
        SELECT 'people', {_object(t["people"], "p")}
        FROM careernb.people p WHERE p.person_id = _person;
    -- their manager: who they are and where a reply goes, nothing else
    RETURN QUERY
        SELECT 'people', {_object(t["people"], "m", ["person_id", "name", "role", "email"])}
        FROM careernb.people p JOIN careernb.people m ON m.person_id = p.manager_id
        WHERE p.person_id = _person;
    IF _writer IS NULL THEN
        RETURN;
    END IF;
    RETURN QUERY
        SELECT 'replies', {_object(replies, "r")}
        FROM careernb.replies r WHERE r.written_by = _writer AND r.person_id = _person ORDER BY r.seq;
    RETURN QUERY
        SELECT 'reply_updates', {_object(updates, "u")}
        FROM careernb.reply_updates u WHERE u.written_by = _writer AND u.person_id = _person
        ORDER BY u.seq;
    _version := careernb.report_received(_writer, _person);
    IF _version IS NULL THEN
        RETURN;
    END IF;
    SELECT * INTO _contract FROM careernb.contracts c
    WHERE c.written_by = _writer AND c.person_id = _person AND c.version = _version;
    _until := _contract.agreed;
    _from := (SELECT max(c.agreed) FROM careernb.contracts c
              WHERE c.written_by = _writer AND c.person_id = _person AND c.version < _version);
    RETURN QUERY
        SELECT 'contracts', {_object(t["contracts"], "c")}
        FROM careernb.contracts c
        WHERE c.written_by = _writer AND c.person_id = _person AND c.version = _version;
    -- earlier versions: what tells a carried commitment and the conversations since, no text
    RETURN QUERY
        SELECT 'contracts', {_object(t["contracts"], "c", ["person_id", "version", "agreed", "sent"])}
        FROM careernb.contracts c
        WHERE c.written_by = _writer AND c.person_id = _person AND c.version < _version
        ORDER BY c.seq;
    RETURN QUERY
        SELECT 'commitments', CASE WHEN c.version = _version THEN {_object(t["commitments"], "c")}
            ELSE {_object(t["commitments"], "c", EARLIER_COMMITMENTS)}
            END
        FROM careernb.commitments c
        WHERE c.written_by = _writer AND c.person_id = _person AND c.version <= _version
        ORDER BY c.seq;
    RETURN QUERY
        SELECT 'review_points', {_object(t["review_points"], "v")}
        FROM careernb.review_points v
        WHERE v.written_by = _writer AND v.person_id = _person AND v.version = _version
        ORDER BY v.seq;
    RETURN QUERY
        SELECT 'reply_tokens', {_object(t["reply_tokens"], "k")}
        FROM careernb.reply_tokens k
        WHERE k.written_by = _writer AND k.person_id = _person AND k.version = _version;
    RETURN QUERY
        SELECT 'aspirations', {_object(t["aspirations"], "a")}
        FROM careernb.aspirations a
        WHERE a.written_by = _writer AND a.person_id = _person AND a.recorded <= _until
        ORDER BY a.seq;
    -- the conversations that led to this version, and the next one booked
    _talks := ARRAY(
        SELECT v.conversation_id FROM careernb.conversations v
        WHERE v.written_by = _writer AND v.person_id = _person
          AND (v.conversation_id = _contract.conversation_id
               OR (v.held > coalesce(_from, '-infinity'::date) AND v.held <= _until)
               OR (v.held IS NULL AND v.planned = _contract.next_conversation)));
    RETURN QUERY
        SELECT 'conversations', {_object(t["conversations"], "v")}
        FROM careernb.conversations v
        WHERE v.written_by = _writer AND v.person_id = _person
          AND v.conversation_id = ANY (_talks)
        ORDER BY v.seq;
    -- answers marked share, never one to a trust-gated question (the playbook's or the manager's)
    RETURN QUERY
        SELECT 'answers', {_object(t["answers"], "a")}
        FROM careernb.answers a
        WHERE a.written_by = _writer AND a.person_id = _person AND a.share
          AND a.conversation_id = ANY (_talks)
          AND a.question_id <> ALL (ARRAY[{gated}]::text[])
          AND NOT EXISTS (
              SELECT 1 FROM careernb.questions q
              WHERE q.written_by = _writer AND q.question_id = a.question_id AND q.trust_gated)
        ORDER BY a.seq;
    RETURN QUERY
        SELECT 'questions', {_object(t["questions"], "q")}
        FROM careernb.questions q
        WHERE q.written_by = _writer AND NOT q.trust_gated AND q.question_id IN (
            SELECT a.question_id FROM careernb.answers a
            WHERE a.written_by = _writer AND a.person_id = _person AND a.share
              AND a.conversation_id = ANY (_talks))
        ORDER BY q.seq;
END""",
            entry=REPLY,
        ),
        Function(
            "report_write",
            "_login text, _reply jsonb, _updates jsonb",
            "text, jsonb, jsonb",
            "void",
            "Adds the person's reply to the contract they received last, as their manager's row.",
            f"""
DECLARE
    _person text;
    _writer text;
    _version bigint;
    _r careernb.replies;
    _scale text[] := {_choices(replies, "seen")};
    _progress text[] := {_choices(updates, "progress")};
    _happened text[] := {_choices(updates, "happened")};
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
END""",
            entry=REPLY,
        ),
        Function(
            "reply_as_sent",
            "_writer text, _person text, _reply text",
            "text, text, text",
            "text",
            "The digest of a reply as the writer keeps it: its words, answers and updates, no decision.",
            since=KEPT_REVISION,
        ),
        Function(
            "keep_replies_as_sent",
            "",
            "",
            "trigger",
            "Refuses, at the end of a transaction, a reply sent from the page changed or removed.",
            since=KEPT_REVISION,
        ),
    ]


def statements(tables: Sequence[Table]) -> list[str]:
    """The reply role's way in: schema usage, the logins table's security, the functions."""
    s = SCHEMA
    out = [
        f"GRANT USAGE ON SCHEMA {s} TO {quote(REPLY)}",
        f"ALTER TABLE {s}.{REPORTS_TABLE} ENABLE ROW LEVEL SECURITY",
        f"ALTER TABLE {s}.{REPORTS_TABLE} FORCE ROW LEVEL SECURITY",
        f"CREATE POLICY owner_administers ON {s}.{REPORTS_TABLE} FOR ALL TO {quote(OWNER)} "
        "USING (true) WITH CHECK (true)",
    ]
    made = [statement for function in functions(tables) for statement in function.statements()]
    return out + made + [kept_as_sent(table) for table in OWN_TABLES]
