"""``docs/data.md`` written from the declared schemas, so the documentation cannot drift.

Regenerate with ``python -m careernb.documents.data_doc > docs/data.md``; a test checks it is current.
"""

from __future__ import annotations

from collections.abc import Sequence

from careernb.store.csv_store import SCHEMA_VERSION
from careernb.store.schema import Privacy, table_of

INTRO = f"""# The careernb data format

Everything careernb knows lives in one folder, the *data home*, as plain UTF-8 CSV files you can
open in a spreadsheet, edit by hand, back up, or read with other tools. This page is the public
contract for those files (schema version {SCHEMA_VERSION}).

```
careernb.csv              key,value — the schema version of this data home
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
            parts.append(
                f"| `{col.name}` | {kind} | {'yes' if col.required else 'no'}{default} | {privacy} | "
                f"{col.doc}{ref} |"
            )
    parts.append(organisation(tables))
    parts.append(pandas_section(tables))
    return "\n".join(parts) + "\n"


ORGANISATION = """
## In an organisation's database (PostgreSQL)

The same tables, in the `careernb` schema of one PostgreSQL database, with the same columns and
types, plus `seq` (the order rows were written, so an exported data home is byte-identical to the
one imported) and, on every table but `people`, `written_by`: the database role that wrote the row.
A row belongs to its writer. The people table's private columns (`transition`) are kept apart, per
writer, in `people_private`: what one manager notes about a person is never read by the next.
`managers` says which login role is which person; `locks` holds one row per writer, table and
person, locked while a save of theirs runs. `alembic_version` holds the schema revision (no
personal data; readable by every careernb role).

Roles:

- `careernb_owner` (NOLOGIN) owns every table and function. Administrators act as it (`SET ROLE`)
  to import, export, add people, move and forget; table owners bypass row-level security unless
  it is forced, so it is.
- `careernb_manager` (NOLOGIN): a group; every manager's login role (`careernb org add-manager
  ROLE --person PERSON_ID`) is a member. It holds **no privilege on any table** (but SELECT on
  `alembic_version`): no SELECT, INSERT, UPDATE, DELETE or TRUNCATE, so `EXPLAIN`, `LOCK TABLE`,
  planner estimates, key collisions and `ON CONFLICT` probes on the tables are refused. Managers
  reach their rows through the four functions marked *manager* below, and nothing else.
- `careernb_batch` (LOGIN) runs the organisation's quarter. It may SELECT the person- and
  team-class columns listed below and nothing else; asking for any private column fails with
  "permission denied", however the query is written (`SELECT *` included).

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
What a manager's role can still see, whatever SQL their notebook runs, and why it is acceptable:

- **Table sizes and row counts**: `pg_class` (`reltuples`, `relpages`), `pg_relation_size()` and
  `pg_stat_user_tables` (`n_live_tup`, rows inserted, updated and deleted, when last vacuumed) show
  how many rows the whole organisation keeps in each table, and when tables change. Nothing there
  says whose rows they are, whom they are about or what they hold. Column statistics (`pg_stats`)
  show nothing: they need SELECT on the table.
- **Timing of calls**: how long a call takes depends on the caller's own rows (another team's ids
  never reach a table) and on how busy the server is, that is, on other people's work at that
  moment: a manager can tell the organisation is busy, not with what.
- **Sessions and locks**: `pg_stat_activity` lists every session's process id and role name (not
  its query, its times or its address), and `pg_locks` every session's locks, table by table: who
  is connected, and when someone writes which table, never which rows or what. Managers cannot
  signal or cancel another role's session.
- **Role names**: `pg_roles` lists every role, so the managers' login names.
- **Advisory locks**: any role can take any advisory lock; careernb takes none, so none blocks a
  save.

These are the organisation's size and activity, which its managers know in any case (who the
other managers are, that they use careernb); no name, person id, word, direction or fit of
anyone in another team is among them. The tests in `tests/pg/test_attacks.py` try each channel as
a second manager's real login.
"""


def organisation(tables: Sequence[type]) -> str:
    """The database's roles, functions, policies and column privileges, as generated from the schemas."""
    from careernb.store.sql_access import functions
    from careernb.store.sql_schema import MANAGER, OWNER, batch_columns, policies

    declared = [table_of(t) for t in tables]
    lines = [ORGANISATION.rstrip("\n")]
    for f in functions(declared):
        who = f"*manager* (`{MANAGER}`)" if f.manager else f"`{OWNER}` only"
        doc = " ".join(f.doc.split()).replace("``", "`").replace("|", "\\|")
        lines.append(f"| `{f.name}({f.arguments})` | `{f.returns}` | {who} | {doc} |")
    lines.append(
        "\nRow-level security is ENABLEd and FORCEd on every table, with policies for the owner role "
        "(the functions run as it) and the batch role:\n"
    )
    lines.append("| table | policy | for | role | using | with check |\n|---|---|---|---|---|---|")
    for table, name, command, role, using, check in policies(declared):
        checked = f"`{check}`" if check else "—"
        lines.append(f"| `{table}` | `{name}` | {command} | `{role}` | `{using}` | {checked} |")
    lines.append("\nColumns `careernb_batch` may read (column privileges); every other column is denied:\n")
    lines.append("| table | columns |\n|---|---|")
    for table in declared:
        cols = ", ".join(f"`{c}`" for c in batch_columns(table)) or "none"
        lines.append(f"| `{table.name}` | {cols} |")
    lines.append(METADATA.rstrip("\n"))
    lines.append(
        "\nSuperusers and whoever administers the server can still read everything: choose them as you "
        "would choose who holds the keys to HR's files. Text cannot hold the character U+0000 (NUL) in "
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
