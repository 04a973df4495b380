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
    return "\n".join(parts) + "\n"


if __name__ == "__main__":
    from careernb.home import TABLES

    print(markdown(TABLES), end="")
