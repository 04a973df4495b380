"""The person's copy: everything the store holds that may be shared with them.

What a person may ask to see: their contracts with both sides' commitments,
their aspirations as recorded, the conversations held, the answers the
manager marked to share, and their own replies to their contracts with what the
manager did with each update. HTML to read, CSV to keep (spreadsheet-safe).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from careernb.documents.templating import render
from careernb.domain import contract as contract_rules
from careernb.domain.aspirations import Aspiration, history
from careernb.domain.contract import Commitment, Contract, Party, ReviewPoint
from careernb.domain.conversations import Answer, Conversation
from careernb.domain.questions import bank
from careernb.domain.replies import STATEMENTS, Reply, ReplyUpdate
from careernb.ownership.exports import private_file, register, write_spreadsheet_csv
from careernb.ownership.sharing import Audience, Shared, for_person, visible_columns
from careernb.store import Store, table_of
from careernb.store.files import ensure_folder

TABLES_IN_COPY = (Contract, Commitment, ReviewPoint, Aspiration, Conversation, Answer, Reply, ReplyUpdate)


def context(shared: Shared, person_id: str, store: Store, today: dt.date) -> dict:
    """A pure view of the person's copy, for the template and for tests."""
    person = shared.person(person_id)
    manager = next((p for p in shared.people if p.person_id == person.manager_id), None)
    questions = {q.question_id: q.text for q in bank(store)}
    commitments = shared.records(Commitment)
    reviews = shared.records(ReviewPoint)
    versions = []
    for c in sorted(shared.records(Contract), key=lambda c: -c.version):
        mine = contract_rules.of_version(commitments, c.version)
        versions.append(
            {
                "contract": c,
                "theirs": [x for x in contract_rules.in_order(mine) if x.party is Party.PERSON],
                "managers": [x for x in contract_rules.in_order(mine) if x.party is Party.MANAGER],
                "reviews": sorted(contract_rules.of_version(reviews, c.version), key=lambda r: r.month),
            }
        )
    conversations = {c.conversation_id: c for c in shared.records(Conversation)}
    answers = [
        {
            "question": questions.get(a.question_id, a.question_id),
            "answer": a.answer,
            "when": conversations[a.conversation_id].held if a.conversation_id in conversations else None,
        }
        for a in shared.records(Answer)
    ]
    return {
        "person": person,
        "manager": manager,
        "today": today,
        "versions": versions,
        "aspirations": list(reversed(history(shared.records(Aspiration)))),
        "conversations": sorted(
            (c for c in conversations.values() if c.held), key=lambda c: c.held, reverse=True
        ),
        "answers": sorted(answers, key=lambda a: a["when"] or dt.date.min, reverse=True),
        "replies": _replies(shared, commitments),
    }


def _replies(shared: Shared, commitments: list[Commitment]) -> list[dict]:
    """Their replies, newest first: their words, the three statements, and each update's fate."""
    actions = {c.commitment_id: c.action for c in sorted(commitments, key=lambda c: c.version)}
    updates = shared.records(ReplyUpdate)
    return [
        {
            "reply": r,
            "statements": [(s.words, r.statement(s.key)) for s in STATEMENTS],
            "updates": [
                (actions.get(u.commitment_id, u.commitment_id), u)
                for u in updates
                if u.reply_id == r.reply_id
            ],
        }
        for r in sorted(shared.records(Reply), key=lambda r: r.written, reverse=True)
    ]


@register("export-person", per_person=True)
def export_person(store: Store, person_id: str, out: Path, *, today: dt.date | None = None) -> list[Path]:
    """Write the person's copy into ``out``: index.html and one CSV per table."""
    shared = for_person(store, person_id)
    out = Path(out)
    ensure_folder(out)
    html = render("person_copy.html.j2", context(shared, person_id, store, today or dt.date.today()))
    written = [private_file(out / "index.html", html)]
    for record_type in TABLES_IN_COPY:
        table = table_of(record_type)
        columns = [c for c in visible_columns(record_type, Audience.PERSON) if c != "person_id"]
        written.append(
            write_spreadsheet_csv(out / table.filename, table, shared.records(record_type), columns=columns)
        )
    return written
