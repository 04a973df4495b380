"""A person's year, written from their story and their voice.

Every random draw happens whatever a story or a voice changes, in the same
order, so each person's dates, ids and statuses stay the same from one
version of the demo to the next (tests rely on them).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from collections import defaultdict

from careernb.demo.stories import Story
from careernb.demo.voice import said
from careernb.domain.aspirations import Aspiration, Direction, Fit, FitAssessment
from careernb.domain.checklists import ITEMS, ChecklistTick, Stage
from careernb.domain.contract import Commitment, Contract, Party, ReviewPoint, Status
from careernb.domain.conversations import Alongside, Answer, Conversation, ConversationKind
from careernb.domain.preparation import PreparationNote
from careernb.domain.questions import for_conversation, playbook_questions
from careernb.domain.signals import Signal
from careernb.store import CsvStore

DRAWS = range(16)
"""What each answer's draw picks from: sixteen, as the draws have always been."""


def _weekday(day: dt.date) -> dt.date:
    """Conversations and due dates fall on working days."""
    return day + dt.timedelta(days=max(0, 7 - day.weekday()) if day.weekday() >= 5 else 0)


def _working_day_in_month(day: dt.date) -> dt.date:
    """A monthly review falls on a working day of its own month, or its point reads as missed."""
    later = _weekday(day)
    return later if later.month == day.month else day - dt.timedelta(days=day.weekday() - 4)


class Tables:
    """Rows gathered per table and person, then written once each."""

    def __init__(self) -> None:
        self.rows: dict[tuple[type, str], list] = defaultdict(list)

    def add(self, *records) -> None:
        for r in records:
            self.rows[(type(r), r.person_id)].append(r)

    def write(self, store: CsvStore) -> None:
        for (kind, pid), rows in self.rows.items():
            store.bulk_write(kind, pid, rows)


def write_history(story: Story, today: dt.date, rng: random.Random, out: Tables, detail: bool) -> None:
    """A year (or more) of conversations, answers, aspirations, contracts and reviews."""
    pid = story.person.person_id
    voice = story.voice
    questions = {k: for_conversation(playbook_questions(), k) for k in ConversationKind}
    held_quarters = list(range(story.quarters, 0, -1))
    previous_open: list[Commitment] = []
    serial = 0

    def next_id(prefix: str) -> str:
        nonlocal serial
        serial += 1
        return f"{prefix}{serial:04d}"

    for n, q in enumerate(held_quarters):
        last = n == len(held_quarters) - 1
        ago = len(held_quarters) - 1 - n  # conversations before the latest: the words follow the story
        # Random draws happen whatever a story changes, so every other person stays the same.
        unwritten = Tables()
        direction = story.directions[min(n, len(story.directions) - 1)]
        day = _weekday(today - dt.timedelta(days=story.recent + 91 * (q - 1) + rng.randint(-4, 4)))
        kinds = (
            [ConversationKind.NOW, ConversationKind.DIRECTION, ConversationKind.GAP]
            if story.three_separate
            else [ConversationKind.FULL]
        )
        conv_ids = []
        for i, kind in enumerate(kinds):
            when = _weekday(day + dt.timedelta(days=7 * i - 7 * (len(kinds) - 1)))
            cid = next_id("c")
            conv_ids.append(cid)
            minutes = (
                rng.choice([60, 70, 75, 90]) if kind is ConversationKind.FULL else rng.choice([45, 50, 60])
            )
            alongside = Alongside.ONE_TO_ONE if story.conflated and last else None
            if alongside:
                minutes = 30  # the last half hour of a 1:1
            out.add(Conversation(cid, pid, kind, when, dt.time(14, 0), minutes, when, minutes, alongside))
            for phase in kind.phases:
                steered = story.steered and last and phase is not ConversationKind.GAP
                for question in questions[phase]:
                    if question.trust_gated and n < 2:
                        continue
                    if rng.random() < 0.85:
                        rng.choice(DRAWS)  # drawn as ever, so the dates after it stay
                        text = voice.answer(question.question_id, direction, ago)
                        stamp = dt.datetime.combine(when, dt.time(14, rng.randint(0, 59)))
                        share = detail and rng.random() < 0.2
                        (unwritten if steered else out).add(
                            Answer(pid, cid, question.question_id, text, "", share, stamp)
                        )
        last_cid = conv_ids[-1]
        unsure = direction is Direction.NOT_SURE_YET
        out.add(
            Aspiration(
                next_id("a"),
                pid,
                day,
                direction,
                said(voice.picture, direction, ago),
                admired_role=said(voice.admired_role, direction, ago) if detail else "",
                domain=said(voice.domain, direction, ago) if detail else "",
                ten_year=voice.ten_year if detail else "",
                things_to_try=voice.things_to_try if detail else "",
                drawn_to=voice.drawn_to if unsure else "",
                moving_away_from=voice.moving_away_from if unsure else "",
                conversation_id=conv_ids[min(1, len(conv_ids) - 1)],
            )
        )
        if n == 0 or (story.fit is not Fit.FITS_HERE and n == len(held_quarters) - 1):
            words = voice.fit if story.fit.needs_honesty and detail else None
            out.add(
                FitAssessment(
                    next_id("f"),
                    pid,
                    day,
                    story.fit,
                    said_honestly=words is not None,
                    partial_paths=words.partial_paths if words else "",
                    timeline=words.timeline if words else "",
                    in_parallel=words.in_parallel if words else "",
                    transition=words.transition if words else "",
                    conversation_id=last_cid,
                )
            )
        # The contract: carried-over commitments keep their id and status.
        version = n + 1
        sent = day + dt.timedelta(days=4 if story.late_send and n == len(held_quarters) - 1 else 1)
        next_day = day + dt.timedelta(days=91)
        question_text = said(voice.open_question, direction, ago)
        agreed = unwritten if story.no_contract and last else out
        agreed.add(Contract(pid, version, day, sent, next_day, question_text, conversation_id=last_cid))
        carried = {c.action for c in previous_open}
        fresh = [
            Commitment(
                pid,
                version,
                next_id("k"),
                party,
                action,
                _weekday(day + dt.timedelta(days=rng.randint(20, 80))),
            )
            for party, pool in [(Party.MANAGER, voice.my_actions), (Party.PERSON, voice.their_actions)]
            for action in rng.sample([a for a in pool if a not in carried], 2)
        ]
        mine = [dataclasses.replace(c, version=version) for c in previous_open] + fresh
        end = today if last else day + dt.timedelta(days=91)
        previous_open = []
        for pos, c in enumerate(mine):
            c = dataclasses.replace(c, position=pos)
            due = c.due
            if due is not None and due < end:
                late = story.manager_late if c.party is Party.MANAGER else 0.15
                roll = rng.random()
                if roll < story.dropped:
                    c = dataclasses.replace(c, status=Status.DROPPED, note=voice.dropped)
                elif roll < story.dropped + 0.1:
                    c = dataclasses.replace(c, status=Status.PAUSED, note=voice.paused)
                elif rng.random() < late and c.party is Party.MANAGER and n == len(held_quarters) - 1:
                    pass  # still open, past its date: overdue
                else:
                    slip = rng.randint(5, 20) if rng.random() < late else -rng.randint(0, 7)
                    c = dataclasses.replace(
                        c, status=Status.DONE, done_on=min(end, due + dt.timedelta(days=slip))
                    )
            if c.status.carries_over:
                previous_open.append(c)
            agreed.add(c)
        if story.promise and last:
            agreed.add(
                Commitment(
                    pid,
                    version,
                    "k-promise",
                    Party.MANAGER,
                    story.promise,
                    day + dt.timedelta(days=150),
                    position=len(mine),
                    promise_kept=True,
                )
            )
        for i, month_offset in enumerate((30, 60)):
            month = (day + dt.timedelta(days=month_offset)).strftime("%Y-%m")
            aspect = voice.review_points(ago)[i]
            agreed.add(ReviewPoint(pid, version, f"r{i + 1}", month, aspect))
            review_day = _working_day_in_month(day + dt.timedelta(days=month_offset))
            if review_day < today:
                out.add(
                    Conversation(
                        next_id("c"), pid, ConversationKind.REVIEW, review_day, None, 30, review_day, 25
                    )
                )
        if detail and n == len(held_quarters) - 1:
            for item in [*ITEMS[Stage.BEFORE], *ITEMS[Stage.DURING]]:
                out.add(ChecklistTick(pid, last_cid, item, rng.random() < 0.8))
            for reflection, text in voice.notes.items():
                out.add(PreparationNote(next_id("n"), pid, reflection, text, last_cid))
    for signal_kind, days_ago, addressed in story.signals:
        noticed = today - dt.timedelta(days=days_ago)
        check_in_note, noticed_note = voice.signals[signal_kind]
        cid = next_id("c")
        out.add(
            Conversation(
                cid, pid, ConversationKind.CHECK_IN, noticed, None, 15, noticed, 12, note=check_in_note
            )
        )
        out.add(
            Signal(
                next_id("s"),
                pid,
                noticed,
                signal_kind,
                noticed_note,
                noticed + dt.timedelta(days=7) if addressed else None,
                cid,
            )
        )
    if story.booked_in is not None:
        when = _weekday(today + dt.timedelta(days=story.booked_in))
        out.add(Conversation(next_id("c"), pid, ConversationKind.FULL, when, dt.time(10, 0), 60))
