"""``docs/data.md`` written from the declared schemas, so the documentation cannot drift.

Regenerate with ``python -m careernb.documents.data_doc > docs/data.md``; a test checks it is current.
"""

from __future__ import annotations

from collections.abc import Sequence

from careernb.store.home_meta import SCHEMA_VERSION
from careernb.store.schema import Privacy, table_of
from careernb.store.sealing import seals

INTRO = f"""# The careernb data format

Everything careernb knows lives in one folder, the *data home*, as plain UTF-8 CSV files you can
open in a spreadsheet, edit by hand, back up, or read with other tools. This page is the public
contract for those files (schema version {SCHEMA_VERSION}).

```
careernb.csv              key,value — the schema version of this data home
keys.json                 the key to your private notes, wrapped (only once you made one)
people.csv                everyone, with who manages them
questions.csv             the manager's own questions (the playbook's ship with careernb)
people/<person_id>/       one file per table below that is kept per person
.locks/                   lock files; safe to delete when nothing is running
```

Rules that hold for every file:

- The first row is the header. Columns may come in any order. A column marked *required* must be
  in the header; any other column may be left out, and then takes its default.
- Cells are kept exactly as written: `007` stays `007`, spaces, quotes, commas, line breaks, tabs,
  emoji and right-to-left text survive. Quote a cell that holds a comma, quote or line break with
  double quotes, and double any quote inside it (`"a ""quoted"" word"`).
- An empty cell in a column that *may be empty* means "not given". Text columns may always be
  empty unless noted.
- Dates are `YYYY-MM-DD`, date-times `YYYY-MM-DDTHH:MM:SS`, months `YYYY-MM`, times `HH:MM`,
  booleans `true` / `false`, ids are 1-64 letters, digits, `.`, `_` or `-`.
- `person_id` always refers to a row of `people.csv`. A file under `people/<person_id>/` holds
  rows about that person only.
- `careernb check --home DIR` validates every file and names the file, row and column of the
  first problem. Nothing is changed when a file does not validate.

Privacy classes:

- **private** — the manager's alone. Never written into anything careernb shares or exports.
- **person** — may be shared with the person the row is about (their contract, their copy).
- **team** — may also appear in the manager's team-wide view.

An answer's text is private unless the manager marks that answer `share`; even then it goes only
to the person who gave it, and never when the question is trust-gated.

Once you make a key (`careernb key init`), the columns marked **private**, *sealed* below hold
ciphertext instead of your text: see
[Private notes sealed under your key](#private-notes-sealed-under-your-key).

The person's replies (`reply_tokens.csv`, `replies.csv`, `reply_updates.csv`) are what the person
sent back from the contract they received: their commitments' progress, whether the manager's
happened, what has changed and the playbook's three statements. Their words are kept exactly as
they arrived, and no column of them is private to the manager: they are the person's, in their
copy (`careernb export-person`), gone with `careernb forget`, and passed on by a handover. Who
reads them: the manager (the Replies page, Prepare, the monthly review) and the person; the
team-class columns (the three statements and what has changed) also appear on the manager's team
view. A reply changes nothing in the manager's own record until the manager accepts an update.
"""


def markdown(tables: Sequence[type]) -> str:
    parts = [INTRO]
    for record in tables:
        table = table_of(record)
        where = f"people/<person_id>/{table.filename}" if table.per_person else table.filename
        parts.append(f"\n## `{where}`\n\n{table.doc}\n\nKey: {', '.join(f'`{k}`' for k in table.key)}.\n")
        parts.append("| column | type | required | privacy | meaning |\n|---|---|---|---|---|")
        for col in table.columns:
            ref = ""
            if col.references == "people":
                ref = " Refers to `people.csv`."
            elif col.references:
                ref = f" Refers to this person's `{col.references}.csv`."
            if col.shared_when:
                ref += f" Shared with the person only when `{col.shared_when}` is true."
            default = (
                ""
                if col.required
                else f" (default: `{col.format(col.default)}`)"
                if col.default not in (None, "")
                else ""
            )
            kind = col.describe_type().replace("|", "\\|")
            privacy = f"**{col.privacy}**" if col.privacy is Privacy.PRIVATE else str(col.privacy)
            if seals(col):
                privacy += ", *sealed*"
            parts.append(
                f"| `{col.name}` | {kind} | {'yes' if col.required else 'no'}{default} | {privacy} | "
                f"{col.doc}{ref} |"
            )
    parts.append(sealed_notes(tables))
    parts.append(organisation(tables))
    parts.append(pandas_section(tables))
    return "\n".join(parts) + "\n"


SEALED = """
## Private notes sealed under your key

`careernb key init` (or `careernb encrypt`, which makes the key when there is none) seals every
private free-text cell of the data home under a key only you hold: a random 256-bit data key,
kept in `keys.json` wrapped twice, under Argon2id of your passphrase (64 MiB, 3 passes, 4 lanes,
stored with the salt) and under a recovery code shown once. Neither the key, the passphrase nor
the code is stored in clear anywhere. From then on:

- A sealed cell reads `enc:v1:<key id>:<base64url of nonce, ciphertext and tag>`: AES-256-GCM with
  a fresh random nonce each time it is written. The plaintext is the cell as it would have been
  written; the associated data is `["careernb/v1", table, [key cells], column, person_id]` as
  compact JSON, so a cell moved to another row, person, table or column does not open.
- An empty cell stays empty (there is nothing in it to hide).
- Every non-empty private text cell must be sealed: one in clear is refused, naming the file,
  row and column, never read as your text. `careernb key status` counts any left in clear, and
  `careernb encrypt` seals them (file by file, each replaced atomically; run it again if stopped).
- Your notebooks and the app read them once you unlock, once per kernel; until then they show as
  locked, and saving a row whose private text you did not change writes its sealed cells back as
  they were. `careernb key change` sets a new passphrase without rewriting any data file.
- Backups (`careernb backup`) carry the sealed cells and `keys.json` as they are: keep both.
  With neither your passphrase nor your recovery code, the sealed text is lost for good. Without
  `keys.json`, a file that holds a sealed cell is refused until it is back (read as text, its
  ciphertext would be shared or sealed again); if it is lost for good, `careernb key clear-lost`
  empties those cells (`--with-the-key` too when both secrets are lost, to make a new key).

Sealed columns:

| file | columns |
|---|---|
"""

STAYS_CLEAR = """
Private columns that stay in clear: ids, dates, flags and categories are needed to join rows,
to order them and to compute the team's figures, so they are kept as they are. What they (and
the sealed cells themselves) still reveal to someone holding the files without the key: that a
row exists and when (a signal about a person on a date, a conversation held), its category, and
roughly how long each sealed text is (a sealed cell is about 4/3 of the text's length in UTF-8,
plus 54 characters).

| file | private columns in clear |
|---|---|
"""


def sealed_notes(tables: Sequence[type]) -> str:
    """Which columns are sealed under the manager's key, and which private ones stay in clear."""
    declared = [table_of(t) for t in tables]

    def where(table) -> str:
        return f"`people/<person_id>/{table.filename}`" if table.per_person else f"`{table.filename}`"

    lines = [SEALED.rstrip("\n")]
    for table in declared:
        if sealed := [f"`{c.name}`" for c in table.columns if seals(c)]:
            lines.append(f"| {where(table)} | {', '.join(sealed)} |")
    lines.append(STAYS_CLEAR.rstrip("\n"))
    for table in declared:
        clear = [f"`{c.name}`" for c in table.columns if c.privacy is Privacy.PRIVATE and not seals(c)]
        if clear:
            lines.append(f"| {where(table)} | {', '.join(clear)} |")
    return "\n".join(lines)


ORGANISATION = """
## In an organisation's database (PostgreSQL)

The same tables, in the `careernb` schema of one PostgreSQL database, with the same columns and
types, plus `seq` (the order rows were written, so an exported data home is byte-identical to the
one imported) and, on every table but `people`, `written_by`: the database role that wrote the row.
A row belongs to its writer. The people table's private columns (`transition`) are kept apart, per
writer, in `people_private`: what one manager notes about a person is never read by the next.
`managers` says which login role is which person; `locks` holds one row per writer, table and
person, locked while a save of theirs runs. `alembic_version` holds the schema revision (no
personal data; readable by the managers). The quarter keeps two tables of its own:
`practice_figures`, one row per manager and quarter with the counts their own quarter published
(no person in them), and `quarter_settings`, one row holding the minimum group size a
distribution counts (5 by default; a CHECK keeps it at 3 or more; `careernb org min-group-size N`
sets it).
`manager_keys` keeps one row per manager role once that manager makes a key (`careernb key init
--store URL`): the key record a data home keeps in `keys.json` (the data keys wrapped under the
passphrase and under the recovery code, the Argon2id parameters and salts; never a key, a passphrase
or a code in clear). No role but the owner holds a privilege on it: a manager reads and keeps their
own row through `my_key()` and `keep_my_key(record, was)` alone, and the batch reads nothing of it.
The private free-text columns listed above as *sealed* are sealed in the database as in a data home,
cell for cell (the same `enc:v1:` text and associated data), before they leave the manager's
kernel: a superuser, the owner role, a `pg_dump`, a WAL archive or a replica reads ciphertext.
`careernb encrypt --store URL` seals a database's cells in clear, one table per transaction;
`org export-home` and `import-home` carry the sealed cells and the key row as they are.

Roles:

- `careernb_owner` (NOLOGIN) owns every table and function. Administrators act as it (`SET ROLE`)
  to import, export, add people, move and forget; table owners bypass row-level security unless
  it is forced, so it is.
- `careernb_manager` (NOLOGIN): a group; every manager's login role (`careernb org add-manager
  ROLE --person PERSON_ID`) is a member. It holds **no privilege on any table** (but SELECT on
  `alembic_version`): no SELECT, INSERT, UPDATE, DELETE or TRUNCATE, so `EXPLAIN`, `LOCK TABLE`,
  planner estimates, key collisions and `ON CONFLICT` probes on the tables are refused. Managers
  reach their rows through the four functions marked *manager* below, publish and read their
  own practice figures through the quarter's, read and keep their key record through `my_key()`
  and `keep_my_key(record, was)`, and nothing else. Each login role has a `CONNECTION LIMIT`
  (40, or `add-manager --connection-limit N`), so no manager can take every connection the server
  allows. A login role is one manager's for good: `add-manager` refuses to make it another
  person's, or to take it up again while rows written as it (`written_by`, `manager_keys`) are
  kept, so a new manager never reads what a previous one wrote.
- `careernb_batch` (LOGIN) runs the organisation's quarter. It holds no privilege on any table:
  every `SELECT`, `EXPLAIN`, `COPY` or `LOCK` of one fails with "permission denied". It reads
  the quarter through the quarter's functions listed below, which give it each manager's published
  counts and distributions summed over teams of at least the minimum group size, never a person.
  What else it learns: when each manager's quarter last published, and what every role sees of
  the catalog (below). The quarter's statements (*I left our
  last career conversation feeling genuinely seen*, ...) reach it the same way: for each, how
  many of a team gave each answer in their last reply of the quarter, summed over teams of at
  least the minimum group size; never a reply, never the person's words.
- `careernb_reply` (LOGIN) is the report's page on the hub. It holds no privilege on any table;
  it may execute `report_read(login)` and `report_write(login, reply, updates)` alone, plpgsql
  `SECURITY DEFINER` functions owned by `careernb_owner`, which refuse every session but its own
  and one that used `SET ROLE`. They look the hub login up in `report_logins` (hub user, person;
  `careernb org add-report`, no grant to anyone) and return that person's contract received
  last (its person- and team-class cells; the answers marked *share* that are not trust-gated;
  of earlier versions only what tells a commitment carried over), their manager's name, role and
  address, and their replies; or add a reply to that contract, as a row of the manager who sent
  it, after the checks `careernb reply import` makes. The page names the login for each request
  (as PostgREST does); no person's code runs there.

The functions (plpgsql, owned by `careernb_owner`; those a manager calls are `SECURITY DEFINER`).
Each pins its search path (`pg_catalog, careernb, pg_temp`) and those that lock wait at most five
seconds (`SET lock_timeout`, which a caller cannot change). Inside, the caller is `session_user`,
the role that logged in: a session that has `SET ROLE` (to `careernb_manager`, say) is refused,
so no role a manager can become reads or writes anything. A manager reads and writes only rows
they wrote, about themselves and the people whose `manager_id` is theirs; another team's person
ids are dropped before any table is read, so `EXPLAIN (ANALYZE, BUFFERS)` of a call with them
counts nothing of that team. A manager edits their reports' rows of `people` but never adds a
person, deletes one, changes their own row or anyone's `manager_id`: an administrator adds
people (`careernb org add-person`) and moves them (`careernb org move`).

| function | returns | called by | what it does |
|---|---|---|---|
"""

METADATA = """
What a manager's role (and the batch's) can still see, whatever SQL it runs, and why it is acceptable:

- **Table sizes, roughly**: `pg_class` (`reltuples`, `relpages`, the planner's estimates, brought
  up to date by vacuum and analyze) shows about how many rows the whole organisation keeps in
  each table; PostgreSQL's own catalogue needs it, so it stays readable. Nothing there says whose
  rows they are, whom they are about or what they hold. Column statistics (`pg_stats`) show
  nothing: they need SELECT on the table.
- **Timing of calls**: how long a call takes depends on the caller's own rows (another team's ids
  never reach a table) and on how busy the server is, that is, on other people's work at that
  moment: a manager can tell the organisation is busy, not with what.
- **Activity, statistics and locks: none.** PostgreSQL lets every role read `pg_stat_activity`
  (who is connected), `pg_locks` (which session holds which table: who is saving what right now)
  and `pg_stat_user_tables` (rows inserted, updated and fetched, table by table): together they
  would show the moment a manager records a signal, or how many answers they hold about the
  person whose page they just opened. `careernb org migrate` takes from PUBLIC, in the careernb
  database only, EXECUTE on the functions behind them (every `pg_stat_get_*`, `pg_lock_status`,
  `pg_blocking_pids` and the size functions); a view calls its functions as its reader, so the
  views are closed with them, and a manager's, the batch's or the report page's read is refused
  with "permission denied". An administrator connected as a superuser still reads them all.
  Managers cannot signal or cancel another role's session.
- **Role names**: `pg_roles` lists every role, so the managers' login names.
- **Advisory locks and temporary tables: none.** PostgreSQL lets every role take advisory locks
  and make temporary tables, and each holds a slot of the server's shared lock table until its
  session ends: one manager's `SELECT pg_advisory_lock(i) FROM generate_series(1, 10000000) i`, or
  tens of thousands of temporary tables in one open transaction, would fill it, and every other
  save and every new connection, a superuser's too, would fail with "out of shared memory".
  careernb needs neither (no function of its takes an advisory lock or makes a table), so
  `careernb org migrate` takes from PUBLIC, in the careernb database only, TEMPORARY on the
  database and EXECUTE on every `pg_advisory_*` and `pg_try_advisory_*` function: a manager's or
  the batch's attempt is refused with "permission denied". Taking them needs the database's owner
  (TEMPORARY) and a superuser (the functions); run by an administrator who is neither, `org
  migrate` prints the `REVOKE` statements a superuser should run, on every run until they have
  been. Where TEMPORARY is left to PUBLIC, the functions' pinned search path still keeps a
  manager's temporary tables out of what they read.

These are the organisation's size and activity, which its managers know in any case (who the
other managers are, that they use careernb); no name, person id, word, direction or fit of
anyone in another team is among them. The tests in `tests/pg/test_attacks.py` try each channel as
a second manager's real login.
"""


def organisation(tables: Sequence[type]) -> str:
    """The database's roles, functions and policies, as generated from the schemas."""
    from careernb.store.sql_access import functions
    from careernb.store.sql_keys import KEY_FUNCTIONS
    from careernb.store.sql_quarter import QUARTER_FUNCTIONS
    from careernb.store.sql_schema import MANAGER, OWNER, policies

    declared = [table_of(t) for t in tables]
    lines = [ORGANISATION.rstrip("\n")]
    for f in functions(declared):
        who = f"*manager* (`{MANAGER}`)" if f.entry == MANAGER else f"`{OWNER}` only"
        doc = " ".join(f.doc.split()).replace("``", "`").replace("|", "\\|")
        lines.append(f"| `{f.name}({f.arguments})` | `{f.returns}` | {who} | {doc} |")
    lines.append(
        "\nThe quarter's and the keys' functions: plpgsql, `SECURITY DEFINER`, owned by `careernb_owner`, "
        "with "
        "`search_path` pinned to `pg_catalog, careernb, pg_temp`. Each knows its caller as "
        "`session_user`, the role that logged in, and refuses a session that used `SET ROLE`; nobody "
        "else may execute one:\n"
    )
    lines.append("| function | executed by | what it does |\n|---|---|---|")
    for function, (_, roles, does) in {**QUARTER_FUNCTIONS, **KEY_FUNCTIONS}.items():
        who = ", ".join(f"`{r}`" for r in roles) or "the other functions only"
        lines.append(f"| `{function}` | {who} | {does} |")
    lines.append(
        "\nRow-level security is ENABLEd and FORCEd on every table, with a policy for the owner role "
        "alone (every function runs as it; no other role holds a privilege on a table):\n"
    )
    lines.append("| table | policy | for | role | using | with check |\n|---|---|---|---|---|---|")
    for on, name, command, role, using, check in policies(declared):
        checked = f"`{check}`" if check else "—"
        lines.append(f"| `{on}` | `{name}` | {command} | `{role}` | `{using}` | {checked} |")
    lines.append(METADATA.rstrip("\n"))
    lines.append(
        "\nSuperusers and whoever administers the server can still read everything but the sealed cells "
        "(and, from a running server, a manager's unlocked session): choose them as you would choose who "
        "holds the keys to HR's files. Text cannot hold the character U+0000 (NUL) in "
        "PostgreSQL; a data home can. The database store refuses it at save with a message naming the "
        "column, and `import-home` refuses a home that holds one, before anything is written."
    )
    return "\n".join(lines)


PANDAS_EXAMPLES = """\
import glob
import os

import pandas as pd

home = os.environ.get("CAREERNB_HOME") or os.path.expanduser("~/.local/share/careernb")
today = pd.Timestamp.today().normalize()


def read(table):
    \"\"\"Everyone's rows of one per-person table, every cell exactly as written.\"\"\"
    paths = sorted(glob.glob(os.path.join(home, "people", "*", f"{table}.csv")))
    frames = [pd.read_csv(p, dtype=str, keep_default_na=False) for p in paths]
    return pd.concat(frames, ignore_index=True)


def day(cells):
    \"\"\"Date cells as dates; an empty cell is missing.\"\"\"
    return pd.to_datetime(cells.mask(cells == ""), format="%Y-%m-%d")


people = pd.read_csv(os.path.join(home, "people.csv"), dtype=str, keep_default_na=False)
aspirations = read("aspirations")
commitments = read("commitments")

# 1. Where reports want to go, quarter by quarter: each person's latest aspiration so far.
aspirations["recorded"] = day(aspirations["recorded"])
aspirations = aspirations.sort_values(["recorded", "aspiration_id"], kind="stable")
aspirations["quarter"] = aspirations["recorded"].dt.to_period("Q")
latest = (
    aspirations.groupby(["person_id", "quarter"]).tail(1)
    .pivot(index="quarter", columns="person_id", values="direction")
)
quarters = pd.period_range(latest.index.min(), latest.index.max(), freq="Q")
directions = (
    latest.reindex(quarters).ffill()
    .apply(lambda row: row.replace("", "not asked yet").value_counts(), axis=1)
    .fillna(0).astype(int)
)

# 2. Commitments kept on time by each side, per quarter. A commitment carried into a new
#    contract version keeps its id: count its latest version once. Paused and dropped are left out.
c = commitments.assign(version=commitments["version"].astype(int))
c = c.sort_values("version", kind="stable").groupby(["person_id", "commitment_id"]).tail(1)
c = c[~c["status"].isin(["paused", "dropped"]) & (c["due"] != "")]
c = c.assign(due=day(c["due"]), done_on=day(c["done_on"]))
c = c[c["due"] <= today]
c["kept"] = (c["status"] == "done") & (c["done_on"] <= c["due"])
kept = c.groupby([c["due"].dt.to_period("Q"), "party"])["kept"].agg(kept="sum", due="count")

# 3. Days since each person last confirmed their aspiration.
last = aspirations.groupby("person_id").tail(1).set_index("person_id")
confirmed = day(last["confirmed"]).fillna(last["recorded"])
since = (today - confirmed).dt.days.sort_values(ascending=False)
"""


def pandas_section(tables: Sequence[type]) -> str:
    per_person = ", ".join(f"`{table_of(t).name}`" for t in tables if table_of(t).per_person)
    return f"""
## Reading the files with pandas

Pass `dtype=str, keep_default_na=False` to `pd.read_csv`, or pandas guesses: `007` becomes `7`,
an empty cell and the text `NA` or `None` become missing, a whole-number column with a gap becomes
floats. Then turn the columns you need into dates or numbers yourself, with the formats above.
The per-person tables ({per_person}) are one file per person: read them all and concatenate.

The notebook `10-explore` gives you the same data already typed, in one call
(`careernb.follow_through.explore.frames()`), and answers these three questions; here they are
from the files alone (a test runs this code and checks it agrees with the notebook's answers):

```python
{PANDAS_EXAMPLES}```
"""


if __name__ == "__main__":
    from careernb.home import TABLES

    print(markdown(TABLES), end="")
