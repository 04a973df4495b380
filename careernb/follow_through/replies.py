"""Taking in the person's reply to their contract: checked, kept exactly, decided one update at a time.

A reply is taken in only when it answers a contract version this store sent (its token), was not
edited on the way, and is neither a reply already taken in nor older than one that was. Then it is
kept as the person wrote it; nothing in the manager's record changes until the manager accepts an
update (a commitment the person says is done becomes done, as of the day they wrote it) or sets it
aside.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from careernb.domain.contract import Commitment, Contract, Party, Status, latest_agreed
from careernb.domain.conversations import Conversation, ConversationKind
from careernb.domain.dates import human_date
from careernb.domain.people import Person
from careernb.domain.replies import (
    Decision,
    Happened,
    Progress,
    Reply,
    ReplyToken,
    ReplyUpdate,
    new_token,
    token_of,
)
from careernb.domain.reply_block import ReplyBlock, ReplyError, damaged, find, records
from careernb.errors import NotRecordedError
from careernb.store import Store

DONE_WHEN = {Progress.DONE, Happened.YES}
"""What the person may say that, once accepted, marks the commitment done."""


@dataclasses.dataclass(frozen=True)
class TakenIn:
    """A reply as it was taken in, and the updates now waiting for the manager."""

    person: Person
    reply: Reply
    updates: tuple[ReplyUpdate, ...]


def token_for(store: Store, person_id: str, version: int, today: dt.date) -> str:
    """The token the sent version carries: made the first time the version is sent or previewed."""
    found = token_of(store.load(ReplyToken, person_id), version)
    if found is not None:
        return found.token
    made: list[ReplyToken] = []

    def issue(rows: list[ReplyToken]) -> list[ReplyToken]:
        if token_of(rows, version) is None:  # another session may have issued it meanwhile
            made.append(ReplyToken(person_id, version, new_token(), today))
        return rows + made

    rows = store.update(ReplyToken, person_id, issue)
    return next(t.token for t in rows if t.version == version)


def check(store: Store, block: ReplyBlock) -> Person:
    """The person the block is from, once every check has passed; a :class:`ReplyError` otherwise."""
    people = {p.person_id: p for p in store.load(Person)}
    person = people.get(block.person_id)
    if person is None:
        raise ReplyError(
            f"This reply is from person {block.person_id!r}, who is not in your team.",
            "Take it in with the store of the manager who sent them the contract.",
            to_them="A reply is sent by the person it is about, from their own page.",
        )
    token = token_of(store.load(ReplyToken, person.person_id), block.version)
    if token is None:
        raise ReplyError(
            f"This reply answers version {block.version} of {person.name}'s contract, which was never "
            "sent from this store.",
            "Ask them to reply from the contract you sent them.",
            to_them="This page answered a contract that is no longer the one you were sent last. "
            "Copy what you wrote, reload the page, and send your reply from the contract it shows.",
        )
    if not block.signed_with(token.token):
        raise damaged("its check does not match the contract it names")
    return person


def read_reply(store: Store, data: bytes | str, today: dt.date) -> TakenIn:
    """A reply (a mail, a saved reply, pasted text) once every check has passed; nothing is kept."""
    block = find(data)
    person = check(store, block)
    reply, updates = records(block, today)
    _refuse_what_the_version_did_not_ask(store, person, block.version, updates)
    _refuse_replayed(person, store.load(Reply, person.person_id), reply)
    _refuse_a_replaced_version(person, store.load(Contract, person.person_id), reply)
    return TakenIn(person, reply, tuple(updates))


def _refuse_a_replaced_version(person: Person, contracts: list[Contract], reply: Reply) -> None:
    """A reply written once a newer version had been sent to them answers a contract they no
    longer hold (the report's page refuses it as well); one written before, and late, is theirs."""
    newer = [c for c in contracts if c.version > reply.version and c.sent and c.sent <= reply.written.date()]
    if newer:
        last = max(newer, key=lambda c: c.version)
        raise ReplyError(
            f"This reply of {person.name}'s, written {human_date(reply.written.date())}, answers version "
            f"{reply.version} of their contract, but version {last.version} had been sent to them on "
            f"{human_date(last.sent)}.",
            "Nothing was changed: ask them to reply from the contract they received last.",
            to_them="This reply answers a contract that has since been replaced. Reload the page and "
            "reply to the contract it shows.",
        )


def _refuse_what_the_version_did_not_ask(
    store: Store, person: Person, version: int, updates: list[ReplyUpdate]
) -> None:
    """An update about a commitment of the version answered, in the field its side is asked
    (where theirs stands; whether the manager's happened), as the report's page checks it."""
    asked = {c.commitment_id: c for c in store.load(Commitment, person.person_id) if c.version == version}
    for u in updates:
        c = asked.get(u.commitment_id)
        if (
            c is None
            or (u.progress and c.party is not Party.PERSON)
            or (u.happened and c.party is not Party.MANAGER)
        ):
            raise ReplyError(
                f"This reply of {person.name}'s answers commitment {u.commitment_id!r}, which version "
                f"{version} of their contract does not ask them about" + ("." if c is None else " that way."),
                "Nothing was changed: ask them to reply from the contract you sent them.",
            )


def take_in(store: Store, data: bytes | str, today: dt.date) -> TakenIn:
    """Check a reply (a mail, a saved reply, pasted text) and keep it; nothing else changes."""
    checked = read_reply(store, data, today)
    person, reply, updates = checked.person, checked.reply, list(checked.updates)
    pid = person.person_id
    added: list[ReplyUpdate] = []

    def add(rows: list[ReplyUpdate]) -> list[ReplyUpdate]:
        added[:] = _new(rows, updates)
        return [*rows, *added]

    if updates:
        # Before the reply, so a reply is never kept without them; an update already kept (its
        # reply taken in meanwhile) keeps its decision.
        store.update(ReplyUpdate, pid, add)

    def keep(rows: list[Reply]) -> list[Reply]:
        _refuse_replayed(person, rows, reply)  # again under the lock: two imports at once
        return [*rows, reply]

    try:
        store.update(Reply, pid, keep)
    except BaseException:  # the reply refused: its updates go too, so nothing was changed
        if added:
            store.update(ReplyUpdate, pid, lambda rows: [r for r in rows if r not in added])
        raise
    return checked


def _new(rows: list[ReplyUpdate], updates: list[ReplyUpdate]) -> list[ReplyUpdate]:
    kept = {(u.reply_id, u.commitment_id) for u in rows}
    return [u for u in updates if (u.reply_id, u.commitment_id) not in kept]


def _refuse_replayed(person: Person, earlier: list[Reply], reply: Reply) -> None:
    """A reply already taken in, or older than one that was (for this version or a later one)."""
    again = next((r for r in earlier if r.reply_id == reply.reply_id), None)
    if again is not None:
        raise ReplyError(
            f"This reply of {person.name}'s was already taken in on {human_date(again.received)}.",
            "Nothing was changed.",
            to_them="This reply was sent already: it reached your manager.",
        )
    newer = [r for r in earlier if r.version >= reply.version and r.written > reply.written]
    if newer:
        last = max(newer, key=lambda r: r.written)
        raise ReplyError(
            f"This reply of {person.name}'s, written {human_date(reply.written.date())}, is older than "
            f"the one they wrote on {human_date(last.written.date())}, which was taken in already.",
            "Nothing was changed: the newer reply stands.",
            to_them="A newer reply of yours was sent already, and it stands. Reload the page to see it.",
        )


def pending(store: Store, person_id: str) -> list[tuple[ReplyUpdate, Commitment | None]]:
    """The person's updates still waiting for the manager, each beside the commitment as it stands."""
    latest = _latest_commitments(store, person_id)
    taken_in = {r.reply_id for r in store.load(Reply, person_id)}
    return [
        (u, latest.get(u.commitment_id))
        for u in store.load(ReplyUpdate, person_id)
        if u.decision is Decision.PENDING and u.reply_id in taken_in
    ]


@dataclasses.dataclass(frozen=True)
class Waiting:
    """One reply whose updates wait for the manager, each beside the commitment as it stands
    (None when it is no longer in the agreed contract)."""

    person: Person
    reply: Reply
    updates: tuple[tuple[ReplyUpdate, Commitment | None], ...]


def waiting(store: Store, people: list[Person] | None = None) -> list[Waiting]:
    """Every reply with an update still to decide, oldest first: the manager's queue."""
    people = people if people is not None else store.load(Person)
    out = []
    for person in people:
        pid = person.person_id
        if not store.load(ReplyUpdate, pid):
            continue
        replies = {r.reply_id: r for r in store.load(Reply, pid)}
        by_reply: dict[str, list[tuple[ReplyUpdate, Commitment | None]]] = {}
        for update, commitment in pending(store, pid):
            by_reply.setdefault(update.reply_id, []).append((update, commitment))
        # the manager's own commitments first, as everywhere in follow-through
        out += [
            Waiting(person, replies[rid], tuple(sorted(items, key=lambda i: i[0].happened is None)))
            for rid, items in by_reply.items()
        ]
    return sorted(out, key=lambda w: (w.reply.written, w.person.person_id))


def since_we_last_spoke(replies: list[Reply], conversations: list[Conversation]) -> Reply | None:
    """Their latest reply that says what has changed, when it came after the last review or career
    conversation held: what a monthly review opens with."""
    held = [
        c.held for c in conversations if c.held and (c.kind is ConversationKind.REVIEW or c.kind.is_career)
    ]
    worded = [r for r in replies if r.changed.strip()]
    latest = max(worded, key=lambda r: r.written, default=None)
    if latest is None or (held and latest.written.date() < max(held)):
        return None
    return latest


def _latest_commitments(store: Store, person_id: str) -> dict[str, Commitment]:
    contract = latest_agreed(store.load(Contract, person_id))
    if contract is None:
        return {}
    return {c.commitment_id: c for c in store.load(Commitment, person_id) if c.version == contract.version}


def decide(
    store: Store, person_id: str, reply_id: str, commitment_id: str, decision: Decision, today: dt.date
) -> ReplyUpdate:
    """Accept an update (a done commitment becomes done) or set it aside; nothing else changes."""
    if decision is Decision.PENDING:
        raise ValueError("decide() accepts or sets aside")
    updates = {(u.reply_id, u.commitment_id): u for u in store.load(ReplyUpdate, person_id)}
    update = updates.get((reply_id, commitment_id))
    if update is None:
        problem = f"there is no update about commitment {commitment_id!r} in reply {reply_id!r}"
        raise NotRecordedError("reply", person_id, [problem])
    if decision is Decision.ACCEPTED and (update.progress in DONE_WHEN or update.happened in DONE_WHEN):
        reply = next(r for r in store.load(Reply, person_id) if r.reply_id == reply_id)
        _mark_done(store, person_id, commitment_id, reply.written.date())
    decided = dataclasses.replace(update, decision=decision, decided=today)
    store.save(decided)
    return decided


def _mark_done(store: Store, person_id: str, commitment_id: str, on: dt.date) -> None:
    latest = _latest_commitments(store, person_id)
    if commitment_id not in latest:
        raise NotRecordedError(
            "reply",
            person_id,
            [f"commitment {commitment_id!r} is not in the agreed contract any more; set the update aside"],
        )
    version = latest[commitment_id].version

    def change(rows: list[Commitment]) -> list[Commitment]:
        return [
            dataclasses.replace(c, status=Status.DONE, done_on=c.done_on or on)
            if c.version == version and c.commitment_id == commitment_id and c.status is not Status.DONE
            else c
            for c in rows
        ]

    store.update(Commitment, person_id, change)
