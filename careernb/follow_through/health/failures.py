"""The playbook's five common failures, detected from one person's data.

Each detector is a pure function of one person's records and a day, and
returns :class:`Finding` s; a finding's failure carries the playbook's "what
to do instead". Conversation-level failures look back two quarters
(:data:`LOOKBACK`), so a failure stays visible until better conversations
replace it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
from collections.abc import Iterable, Sequence

from careernb.domain import playbook
from careernb.domain.cadence import DUE_SOON, QUARTER
from careernb.domain.contract import Commitment, Contract, Party, current, of_version, promised_outcome
from careernb.domain.conversations import (
    THREE_CONVERSATIONS,
    Answer,
    Conversation,
    ConversationKind,
    held,
    upcoming,
)
from careernb.domain.dates import human_date
from careernb.domain.people import Person
from careernb.domain.questions import Question, for_conversation
from careernb.store import Store, table_of
from careernb.store.keyring import Keyring
from careernb.store.sealing import is_locked, open_record

LOOKBACK = 2 * QUARTER
GRACE = dt.timedelta(days=2)
"""Time to write up the contract after closing the gap before it counts as going nowhere."""
MOVED_TOO_OFTEN = 2


class Failure(enum.StrEnum):
    DEFERRING = "deferring"
    CONFLATING = "conflating"
    STEERING = "steering"
    PROMISES = "promises"
    NOWHERE = "nowhere"

    @property
    def heading(self) -> str:
        """The playbook's heading, "Failure 1 - Deferring until later" (not ``title``: a failure
        is a str, whose title() stays the string method)."""
        return playbook.FAILURES[self.value][0]

    @property
    def what_it_is(self) -> str:
        return playbook.FAILURES[self.value][1]

    @property
    def instead(self) -> str:
        """The playbook's "What to do instead"."""
        return playbook.FAILURES[self.value][2]


@dataclasses.dataclass(frozen=True)
class Finding:
    """One failure seen in one person's data."""

    failure: Failure
    person_id: str
    text: str
    day: dt.date | None = None
    ref: str | None = None
    """The conversation or commitment it was seen in."""

    @classmethod
    def held_in(cls, failure: Failure, conversation: Conversation, text: str) -> Finding:
        """A failure seen in one held conversation, dated by it."""
        return cls(failure, conversation.person_id, text, conversation.held, conversation.conversation_id)


def _recent_career(conversations: Iterable[Conversation], today: dt.date) -> list[Conversation]:
    start = today - LOOKBACK
    return [
        c
        for c in held(list(conversations), career_only=True)
        if c.held is not None and start <= c.held <= today
    ]


def deferring(person: Person, conversations: list[Conversation], today: dt.date) -> list[Finding]:
    """Always on the list, never in the calendar: more than a quarter (and two weeks' grace)
    without a career conversation and nothing booked; or a booking moved more than once."""
    pid = person.person_id
    out = []
    career = held(conversations, career_only=True)
    last = career[-1].held if career else None
    booked = [c for c in upcoming(conversations, today) if c.kind.is_career]
    if not booked:
        if last is not None:
            gap = (today - last).days
            if today > last + QUARTER + DUE_SOON:
                out.append(
                    Finding(
                        Failure.DEFERRING,
                        pid,
                        f"no career conversation since {human_date(last)} ({gap} days) and none booked",
                        last,
                    )
                )
        elif person.joined is None or today > person.joined + QUARTER + DUE_SOON:
            since = f"joined {human_date(person.joined)}" if person.joined else "joining date unknown"
            out.append(
                Finding(Failure.DEFERRING, pid, f"no career conversation yet ({since}) and none booked")
            )
    start = today - LOOKBACK
    for c in sorted(conversations, key=lambda c: (c.date or today, c.conversation_id)):
        if not c.kind.is_career or c.moved < MOVED_TOO_OFTEN:
            continue
        if c.held is not None and c.held < start:
            continue
        when = c.held or c.planned
        state = (
            f"held {human_date(c.held)}" if c.held else f"booked for {human_date(when)}" if when else "booked"
        )
        out.append(
            Finding(
                Failure.DEFERRING,
                pid,
                f"the {c.kind.value} ({state}) was moved {c.moved} times",
                when,
                c.conversation_id,
            )
        )
    return out


def conflating(person: Person, conversations: list[Conversation], today: dt.date) -> list[Finding]:
    """A career conversation held in under 45 minutes, or inside a 1:1 or a performance review."""
    from careernb.domain.cadence import too_short
    from careernb.domain.conversations import MINIMUM_CAREER_MINUTES

    out = []
    for c in _recent_career(conversations, today):
        problems = []
        if c.alongside is not None:
            problems.append(f"held inside a {c.alongside.value}")
        if too_short(c):
            problems.append(f"{c.minutes} minutes, under {MINIMUM_CAREER_MINUTES}")
        if problems:
            text = f"{c.kind.value} on {human_date(c.held)}: " + "; ".join(problems)
            out.append(Finding.held_in(Failure.CONFLATING, c, text))
    return out


def steering(
    person: Person,
    conversations: list[Conversation],
    answers: list[Answer],
    questions: list[Question],
    today: dt.date,
    keyring: Keyring | None = None,
) -> list[Finding]:
    """Conversation 1 or 2 held with no answer from the person's perspective recorded.

    Answers read unopened are opened with ``keyring`` one at a time, only until one with words
    is found for each conversation: most of a team's private text is never opened here."""
    out = []
    for c in _recent_career(conversations, today):
        held_answers = [a for a in answers if a.conversation_id == c.conversation_id]
        for phase in c.kind.phases:
            if phase is ConversationKind.GAP:
                continue
            asked = {q.question_id for q in for_conversation(questions, phase)}
            if not any(a.question_id in asked and _said(a, keyring) for a in held_answers):
                number = THREE_CONVERSATIONS.index(phase) + 1
                text = (
                    f"conversation {number}, \u201c{phase.value}\u201d, on {human_date(c.held)}: "
                    "no answer from their perspective recorded"
                )
                out.append(Finding.held_in(Failure.STEERING, c, text))
    return out


def _said(answer: Answer, keyring: Keyring | None) -> bool:
    """Whether an answer holds words; its sealed text is opened now, when asked (while locked it
    stays sealed, and sealed text is never blank: an empty answer is stored empty)."""
    if is_locked(answer.answer) or is_locked(answer.underneath):
        answer = open_record(table_of(Answer), answer, keyring)
    return bool(answer.answer.strip() or answer.underneath.strip())


_OUTCOME_WORDS = {
    "promotion": "a promotion",
    "pay": "a pay rise",
    "title": "a title",
    "role": "a role",
    "outcome": "an outcome",
}


def promises(person: Person, contracts: list[Contract], commitments: list[Commitment]) -> list[Finding]:
    """A manager commitment in the current contract that promises an outcome and was kept."""
    latest = current(contracts)
    if latest is None:
        return []
    out = []
    for c in of_version(commitments, latest.version):
        if c.party is not Party.MANAGER or not c.status.carries_over:
            continue
        # The contract builder's own test, so both name the same commitments.
        outcome = promised_outcome(c.action)
        if not (c.promise_kept or outcome):
            continue
        why = "kept after the warning" if c.promise_kept else "never checked"
        found = f" (promises {_OUTCOME_WORDS[outcome]})" if outcome else ""
        out.append(
            Finding(
                Failure.PROMISES,
                person.person_id,
                f"\u201c{c.action}\u201d{found}: promise language {why}",
                c.due,
                c.commitment_id,
            )
        )
    return out


def going_nowhere(
    person: Person,
    conversations: list[Conversation],
    contracts: list[Contract],
    commitments: list[Commitment],
    today: dt.date,
) -> list[Finding]:
    """Conversation 3 (closing the gap) without an agreed contract of dated commitments from both."""
    out = []
    for c in _recent_career(conversations, today):
        held_on = c.held  # always a day here: _recent_career keeps held conversations
        if held_on is None or ConversationKind.GAP not in c.kind.phases or held_on > today - GRACE:
            continue
        made = [k for k in contracts if k.conversation_id == c.conversation_id]
        if not made:
            made = [k for k in contracts if k.agreed and held_on <= k.agreed <= held_on + GRACE]
        agreed = [k for k in made if k.is_agreed]
        where = f"{c.kind.value} on {human_date(held_on)}"
        if not agreed:
            problem = (
                "ended without an agreed development contract"
                if not made
                else "the contract is still a draft"
            )
            out.append(Finding.held_in(Failure.NOWHERE, c, f"{where}: {problem}"))
            continue
        rows = of_version(commitments, agreed[-1].version)
        problems = [
            f"no commitment from {'you' if party is Party.MANAGER else 'them'}"
            for party in (Party.PERSON, Party.MANAGER)
            if not any(k.party is party for k in rows)
        ]
        undated = [k for k in rows if k.due is None]
        if undated:
            problems.append(f"{len(undated)} commitment{'s' if len(undated) > 1 else ''} without a date")
        if problems:
            out.append(Finding.held_in(Failure.NOWHERE, c, f"{where}: " + "; ".join(problems)))
    return out


@dataclasses.dataclass(frozen=True)
class PersonRecords:
    """What the detectors and metrics read about one person."""

    person: Person
    conversations: list[Conversation]
    answers: list[Answer]
    contracts: list[Contract]
    commitments: list[Commitment]
    keyring: Keyring | None = None
    """The session's keyring for this store, to open an answer when whether it is blank is asked."""


def detect(records: PersonRecords, questions: list[Question], today: dt.date) -> list[Finding]:
    """Every failure seen in one person's data, in the playbook's order."""
    p = records.person
    return [
        *deferring(p, records.conversations, today),
        *conflating(p, records.conversations, today),
        *steering(p, records.conversations, records.answers, questions, today, records.keyring),
        *promises(p, records.contracts, records.commitments),
        *going_nowhere(p, records.conversations, records.contracts, records.commitments, today),
    ]


def by_failure(findings: Iterable[Finding]) -> dict[Failure, list[Finding]]:
    """Findings grouped under each of the five failures (empty lists included)."""
    out: dict[Failure, list[Finding]] = {f: [] for f in Failure}
    for f in findings:
        out[f.failure].append(f)
    return out


def load(store: Store, people: Sequence[Person]) -> list[PersonRecords]:
    """Read what the detectors and metrics need, for each person (a table at a time).

    No private text is opened here; the detector that asks whether an answer is blank opens
    the answers it looks at, and no more."""
    ids = [p.person_id for p in people]
    conversations = store.load_team(Conversation, ids, private_text=False)
    answers = store.load_team(Answer, ids, private_text=False)
    contracts = store.load_team(Contract, ids, private_text=False)
    commitments = store.load_team(Commitment, ids, private_text=False)
    keyring = store.keyring  # read with the key as last read: no second look at it
    return [
        PersonRecords(
            p,
            conversations[p.person_id],
            answers[p.person_id],
            contracts[p.person_id],
            commitments[p.person_id],
            keyring,
        )
        for p in people
    ]
