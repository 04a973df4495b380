"""The development contract as the person receives it.

It reads one person's data through :func:`careernb.ownership.sharing.for_person` and
nothing else of theirs: that person's contract alone, where they said they want to go
(their three-year picture, a team-class column), no private field, no manager
preparation note, no trust-gated answer, and no answer text unless the manager marked
it *share*. Every text a person typed is escaped by the template (Jinja autoescape).

The mail draft wraps the same document in a letter from the manager: a greeting, an
invitation to correct it, a sign-off in the manager's name.

An agreed version that was sent or previewed carries the person's reply
(``reply_form.html.j2``): a short form that works offline in their browser and is signed
with that version's token, so careernb can recognise what comes back.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from careernb.documents import mail, reply_form
from careernb.documents.templating import render
from careernb.domain import contract as rules
from careernb.domain import playbook
from careernb.domain.aspirations import Aspiration, Direction, history
from careernb.domain.contract import Commitment, Contract, Party, ReviewPoint, Status
from careernb.domain.contract.wording import first_name
from careernb.domain.conversations import Answer, Conversation, booked_at
from careernb.domain.dates import human_date
from careernb.domain.replies import ReplyToken, token_of
from careernb.errors import CareernbError
from careernb.follow_through.replies import token_for
from careernb.ownership.exports import private_file, register
from careernb.ownership.sharing import Shared, for_person
from careernb.store import Store

TEMPLATE = "contract.html.j2"


class NoContractError(CareernbError):
    """The person has no contract (or not the version asked for)."""

    def __init__(self, person_id: str, name: str, version: int | None, versions: list[int]) -> None:
        self.person_id = person_id
        self.version = version
        self.versions = versions
        if not versions:
            text = (
                f"{name} ({person_id}) has no development contract yet. Agree one at the end of "
                "“How do we close the gap?” (notebook 08 or the conversation notebook)."
            )
        else:
            text = (
                f"{name} ({person_id}) has no contract version {version}; "
                f"versions: {', '.join(map(str, versions))}."
            )
        super().__init__(text)


@dataclasses.dataclass(frozen=True)
class Item:
    """One commitment as the document shows it."""

    action: str
    due: dt.date | None
    status: Status
    done_on: dt.date | None
    carried: bool
    """Agreed in an earlier version and still going."""


def _item(c: Commitment, earlier: set[str]) -> Item:
    return Item(c.action, c.due, c.status, c.done_on, c.commitment_id in earlier)


@dataclasses.dataclass(frozen=True)
class Picture:
    """Where the person said they want to be in three years, in their own words."""

    words: str
    said_on: dt.date
    not_sure: bool
    """They said "not sure yet": a valid answer, shown as theirs."""
    drawn_to: str = ""
    moving_away_from: str = ""


def _picture(aspirations: list[Aspiration], contract: Contract) -> Picture | None:
    """The aspiration this version was agreed on: the latest recorded by the day it was agreed."""
    until = contract.agreed or dt.date.max
    said = [a for a in history(aspirations) if a.recorded <= until]
    if not said:
        return None
    a = said[-1]
    not_sure = a.direction is Direction.NOT_SURE_YET
    if not (a.three_year.strip() or not_sure or a.drawn_to.strip() or a.moving_away_from.strip()):
        return None
    return Picture(a.three_year.strip(), a.recorded, not_sure, a.drawn_to.strip(), a.moving_away_from.strip())


@dataclasses.dataclass(frozen=True)
class Letter:
    """The manager's words around the contract in the mail: the document itself is unchanged."""

    greeting: str
    opening: str
    invitation: str
    sign_off: str
    """The manager's first name; empty when the person has no manager in the store."""


INVITATION = (
    "If anything here is not what we agreed, or not how you would put it, reply and tell me, "
    "and I will correct it."
)


def letter(doc: dict) -> Letter:
    """The greeting, the opening line, the invitation to correct it and the sign-off."""
    contract = doc["contract"]
    if contract.agreed is None:
        opening = "Here is the draft of our development contract, not agreed yet, for you to read first."
    else:
        opening = (
            f"Thank you for our career conversation. Here is the development contract we agreed on "
            f"{human_date(contract.agreed)}, written down so we both have it."
        )
    manager = doc["manager"]
    return Letter(
        greeting=f"Hi {first_name(doc['person'].name)},",
        opening=opening,
        invitation=INVITATION,
        sign_off=first_name(manager.name) if manager else "",
    )


def pick_version(contracts: list[Contract], version: int | None) -> Contract | None:
    """The version asked for; by default the latest agreed one, else the latest draft."""
    if version is not None:
        return next((c for c in contracts if c.version == version), None)
    return rules.latest_agreed(contracts) or rules.current(contracts)


def context(
    shared: Shared,
    person_id: str,
    version: int | None = None,
    questions: Mapping[str, str] | None = None,
    *,
    sent_on: dt.date | None = None,
    reply_token: str | None = None,
) -> dict:
    """Everything the contract document shows, from shared data alone. Pure: no store, no clock.

    ``questions`` maps question ids to their text (the question bank holds no person data).
    ``sent_on`` is the day it goes, for an agreed version not yet recorded as sent; a recorded
    day wins. ``reply_token``, the version's token, puts the person's reply in an agreed version.
    """
    questions = questions or {}
    person = shared.person(person_id)
    manager = next((p for p in shared.people if p.person_id == person.manager_id), None)
    contracts = shared.records(Contract, person_id)
    chosen = pick_version(contracts, version)
    if chosen is None:
        raise NoContractError(person_id, person.name, version, sorted(c.version for c in contracts))
    commitments = shared.records(Commitment, person_id)
    earlier = {c.commitment_id for c in commitments if c.version < chosen.version}
    mine = rules.in_order(rules.of_version(commitments, chosen.version))
    reviews = sorted(
        rules.of_version(shared.records(ReviewPoint, person_id), chosen.version), key=lambda r: r.month
    )
    previous = max(
        (c for c in contracts if c.version < chosen.version), key=lambda c: c.version, default=None
    )
    conversations = shared.records(Conversation, person_id)
    return {
        "person": person,
        "manager": manager,
        "contract": chosen,
        "draft": not chosen.is_agreed,
        "theirs": [_item(c, earlier) for c in mine if c.party is Party.PERSON],
        "managers": [_item(c, earlier) for c in mine if c.party is Party.MANAGER],
        "reviews": reviews,
        "open_question": chosen.open_question.strip(),
        "next_conversation": chosen.next_conversation,
        "next_time": getattr(booked_at(conversations, chosen.next_conversation), "planned_time", None),
        "in_your_words": _in_your_words(
            shared.records(Answer, person_id), conversations, chosen, previous, questions
        ),
        "live_document": playbook.CONTRACT_LIVE,
        "sent_on": _sent_on(chosen, sent_on),
        "picture": _picture(shared.records(Aspiration, person_id), chosen),
        "letter": None,
        "reply": reply_form.form(
            person,
            manager,
            chosen.version,
            commitments,
            reply_token,
            attachment=f"{file_stem(person_id, chosen.version)}.html",
        )
        if reply_token and chosen.is_agreed
        else None,
    }


def _sent_on(contract: Contract, going: dt.date | None) -> dt.date | None:
    """The day recorded as sent; else the day it goes, once agreed (never before agreeing)."""
    if contract.sent or contract.agreed is None or going is None:
        return contract.sent
    return going if going >= contract.agreed else None


def _in_your_words(
    answers: list[Answer],
    conversations: list[Conversation],
    chosen: Contract,
    previous: Contract | None,
    questions: Mapping[str, str],
) -> list[dict[str, Any]]:
    """Answers the manager marked to share, from the conversations that led to this version."""
    after = previous.agreed if previous and previous.agreed else dt.date.min
    until = chosen.agreed or dt.date.max
    ours = {
        c.conversation_id
        for c in conversations
        if c.conversation_id == chosen.conversation_id
        or (c.kind.is_career and c.held is not None and after < c.held <= until)
    }
    order = {qid: i for i, qid in enumerate(questions)}
    # The sharing gate already dropped unshared and trust-gated answers: it is the one place that decides.
    picked = [a for a in answers if a.conversation_id in ours and a.answer.strip()]
    picked.sort(key=lambda a: (order.get(a.question_id, len(order)), a.question_id))
    return [{"question": questions.get(a.question_id, NOT_IN_THE_BANK), "answer": a.answer} for a in picked]


NOT_IN_THE_BANK = "A question no longer in the question bank"
"""Said above an answer to a question the bank has lost (one of the manager's own, since taken
out): the answer is theirs all the same, and must not read as the answer to the question above."""


def question_texts(store: Store) -> dict[str, str]:
    """The question bank's wording by id, in bank order."""
    from careernb.domain.questions import bank

    return {q.question_id: q.text for q in bank(store)}


SHOWN = (Contract, Commitment, ReviewPoint, Conversation, Answer, Aspiration, ReplyToken)
"""The tables a contract shows something of: it reads no other."""


def document(
    store: Store,
    person_id: str,
    version: int | None = None,
    *,
    sent_on: dt.date | None = None,
    reply_on: dt.date | None = None,
) -> dict:
    """One person's contract as every format shows it: the sharing gate is crossed once here,
    and the HTML, the text and the mail draft are all made from what it returns.

    ``reply_on`` is the day the version is sent or previewed: an agreed version then gets its
    reply token (made once, kept in the store). Without it, a version carries its reply only when
    it has a token already (the quarter's batch makes none).
    """
    shared = for_person(store, person_id, SHOWN)
    chosen = pick_version(shared.records(Contract, person_id), version)
    token = None
    if chosen is not None and chosen.is_agreed:
        if reply_on is not None:
            token = token_for(store, person_id, chosen.version, reply_on)
        else:
            found = token_of(shared.records(ReplyToken, person_id), chosen.version)
            token = found.token if found else None
    return context(shared, person_id, version, question_texts(store), sent_on=sent_on, reply_token=token)


def html_of(doc: dict) -> str:
    """The contract as a complete HTML document, exactly as ``careernb contract`` writes it."""
    return render(TEMPLATE, doc)


def text_of(doc: dict) -> str:
    """The same contract as plain text."""
    return render("contract.txt.j2", doc)


def mail_html_of(doc: dict) -> str:
    """The mail's HTML part: the document inside the manager's letter."""
    return render(TEMPLATE, {**doc, "letter": letter(doc)})


def mail_text_of(doc: dict) -> str:
    """The mail's text part: the plain-text contract inside the same letter."""
    return render("contract.txt.j2", {**doc, "letter": letter(doc)})


def subject(agreed: dt.date | None) -> str:
    if agreed is None:
        return "Our development contract (draft)"
    return f"Our development contract, agreed {human_date(agreed)}"


def message_of(doc: dict, *, now: dt.datetime | None = None) -> EmailMessage:
    """A draft email to the person with their contract in the manager's letter: a text body,
    and the HTML as its alternative."""
    person = doc["person"]
    return mail.draft(
        subject(doc["contract"].agreed),
        to_name=person.name,
        to_email=person.email,
        text=mail_text_of(doc),
        html=mail_html_of(doc),
        now=now,
        # The reply runs in a browser: the contract goes as a file the person can open in one.
        attach_html=(doc["reply"]["attachment"], html_of(doc)) if doc["reply"] else None,
    )


def contract_html(store: Store, person_id: str, version: int | None = None) -> str:
    """The contract as HTML. Fast enough for a batch: no kernel, no notebook, one template render."""
    return html_of(document(store, person_id, version))


def contract_text(store: Store, person_id: str, version: int | None = None) -> str:
    return text_of(document(store, person_id, version))


def contract_message(
    store: Store, person_id: str, version: int | None = None, *, now: dt.datetime | None = None
) -> EmailMessage:
    return message_of(document(store, person_id, version), now=now)


def show(person_id: str | None, version: int | None = None, home: str | None = None):
    """For the papermill template: the contract, displayed as the cell's result."""
    from IPython.display import HTML

    from careernb.home import open_store

    if person_id is None:
        return HTML(
            "<p>Set <code>person_id</code> in the parameters cell (careernb contract PERSON does).</p>"
        )
    if not isinstance(person_id, str):
        from careernb.errors import CareernbError

        raise CareernbError(
            f"person_id arrived as the number {person_id!r}, not as text: papermill reads "
            f"-p person_id 007 as 7. Pass it with -r person_id 007."
        )
    return HTML(contract_html(open_store(home, create=False), person_id, version))


def file_stem(person_id: str, version: int) -> str:
    """``contract-007-v4``: forgetting a person finds their files by this name."""
    return f"contract-{person_id}-v{version}"


@register("contract", per_person=True)
def export_contract(store: Store, person_id: str, out: Path, *, now: dt.datetime | None = None) -> list[Path]:
    """The contract HTML and its .eml draft, into the folder ``out``, exactly as previewed.

    Refused (``NotSentError``) while a promise of an outcome would go out with no reason
    written: the draft is what the manager sends.
    """
    from careernb.documents.outgoing import preview

    going = preview(store, person_id, now=now)
    if not going.can_send() and going.agreed is not None:
        raise rules.NotSentError(person_id, going.version, going.blocking)
    html_path = private_file(Path(out) / f"{going.stem}.html", going.html)
    return [html_path, private_file(Path(out) / f"{going.stem}.eml", going.eml)]
